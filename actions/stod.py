"""Finding support: merge what the user said, then ask the engine's next question or answer."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import AnswerThenListen, facts_from, intent_of, message_facts, send, slot_events
from actions.forklara import answer_question, answer_why, still_asking
from bot import fragor, render
from bot.dialog import (
    ASK_AGAIN,
    MAX_MISSES,
    MAX_QUESTIONS,
    lost_results,
    merge,
    missed,
    next_step,
    situation_choices,
    suggest,
)
from bot.engine import assess


def collect_and_reply(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Merge the latest message into the facts; ask the next question or present the matches.

    A question is never asked twice in a row: an answer that says nothing usable is met by a
    confirming question about the situation it most resembles (bot.dialog.suggest), or the
    question in other words (situations as buttons), and a second such answer by the answer with
    what the bot knows (bot.dialog.MAX_MISSES).
    """
    expecting = tracker.get_slot("fragat")
    intent = intent_of(tracker)
    said = tracker.latest_message.get("text") or ""
    entities = message_facts(tracker, expecting)
    pending = tracker.get_slot("forslag")
    if pending and intent == "affirm":  # "ja" to "Handlar det om ...?"
        fact, value = str(pending).split("=", 1)
        entities.append((fact, value))
    update = merge(
        facts_from(tracker),
        entities,
        expecting=expecting,
        intent=intent,
        skipped=tracker.get_slot("hoppade_over") or [],
    )
    if not pending and answer_question(dispatcher, tracker, update.facts):
        # A question about the insatser or whom to call ("måste mina föräldrar veta?"): answered,
        # with what it told kept; an open question stays open.
        return [*slot_events(update.facts, update.changed), *still_asking(tracker)]
    if tracker.get_slot("matches") and fragor.asks_why_not(said):
        # "varför kan jag inte få prata med nån själv?" after an answer: the reasons, with what it told
        answer_why(dispatcher, tracker, update.facts)
        return slot_events(update.facts, update.changed)
    misses = int(tracker.get_slot("missar") or 0) + 1 if missed(update, expecting, intent) else 0
    asked = int(tracker.get_slot("antal_fragor") or 0)
    tried = list(tracker.get_slot("foreslaget") or [])
    forslag = suggest(update.facts, said, expecting, tried) if asked < MAX_QUESTIONS and not pending else None
    if expecting and misses >= MAX_MISSES and expecting not in update.skipped:
        update.skipped.append(expecting)
    events = slot_events(update.facts, update.changed)
    events += [SlotSet("hoppade_over", update.skipped), SlotSet("missar", misses), SlotSet("forslag", None)]
    if update.problems:
        dispatcher.utter_message(text=render.problems(update.problems))
    if forslag is not None:
        key = f"{forslag.fact}={forslag.value}"
        send(dispatcher, render.confirm_situation(forslag.fact, forslag.value))
        # The question is about that fact: words typed instead of Ja/Nej answer it.
        return [*events, SlotSet("forslag", key), SlotSet("foreslaget", [*tried, key]),
                SlotSet("fragat", forslag.fact), SlotSet("antal_fragor", asked + 1)]  # fmt: skip
    if expecting and 0 < misses < MAX_MISSES and asked < MAX_QUESTIONS:
        choices = situation_choices(assess(update.facts), expecting)
        send(dispatcher, render.ask_again(expecting, choices))
        return [*events, SlotSet("antal_fragor", asked + 1)]
    step = next_step(update.facts, update.skipped, asked if misses < MAX_MISSES else MAX_QUESTIONS)
    if step.ask is not None and step.ask == expecting:
        if update.changed and expecting in ASK_AGAIN and tracker.get_slot("fragat_igen") != expecting:
            # Told something else instead: thank, and ask once more in other words.
            send(dispatcher, render.ask_in_other_words(expecting))
            # It counts as one miss: one more answer that says nothing usable and the answer comes.
            again = [SlotSet("fragat_igen", expecting), SlotSet("missar", 1), SlotSet("antal_fragor", asked + 1)]
            return [*events, *again]
        # Otherwise ask another open question (or answer), never the same one twice in a row.
        # The question may come back later.
        step = next_step(update.facts, [*update.skipped, expecting], asked)
    # What the user just told rules out insatser shown before: say so first, whatever comes next.
    ruled_out = lost_results(update.facts, update.changed, tracker.get_slot("matches") or [], step.assessment)
    if ruled_out:
        dispatcher.utter_message(text=render.lost(ruled_out, step.assessment))
        lost = {result.insats.namn for result, _ in ruled_out}
        events.append(SlotSet("matches", [n for n in tracker.get_slot("matches") or [] if n not in lost]))
    if step.ask and not (update.problems and step.ask in update.problems):
        send(dispatcher, render.question(step.ask))
        return [*events, SlotSet("fragat", step.ask), SlotSet("antal_fragor", asked + 1)]
    if step.ask:
        # The answer was unusable: the kind message above already asked again.
        return [*events, SlotSet("fragat", step.ask)]
    svar = render.answer(step.assessment)
    send(dispatcher, svar)
    return [*events, SlotSet("fragat", None), SlotSet("sida", 0), SlotSet("matches", svar.matches)]


class ActionSamlaFakta(AnswerThenListen):
    """Take in facts from any message about the situation and move the conversation on."""

    def name(self) -> str:
        return "action_samla_fakta"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return collect_and_reply(dispatcher, tracker)


class ActionVisaFler(AnswerThenListen):
    """Show the next page of matches ("visa fler")."""

    def name(self) -> str:
        return "action_visa_fler"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        page = int(tracker.get_slot("sida") or 0) + 1
        svar = render.answer(assess(facts_from(tracker)), page=page)
        send(dispatcher, svar)
        shown = list(tracker.get_slot("matches") or [])
        return [SlotSet("sida", page), SlotSet("matches", shown + [n for n in svar.matches if n not in shown])]
