"""Explaining: what a named insats is, why it fits or not, and where to turn."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import AnswerThenListen, facts_from, send
from bot import fragor, render
from bot.catalogue import Insats, load
from bot.engine import Status, assess
from bot.texter import text


def named_insatser(tracker: Tracker) -> list[Insats]:
    """Insatser named in the latest message (by entity, or by name anywhere in the text)."""
    catalogue = load()
    found: list[Insats] = []
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "insats" and isinstance(entity.get("value"), str):
            found += [i for i in catalogue.find(entity["value"]) if i not in found]
    said = tracker.latest_message.get("text") or ""
    if not found:
        found = catalogue.mentioned_in(said)
    if not found:  # "utvägsgruppen", "stödsamtal igen", "gruppen" (one of those just shown)
        found = catalogue.referred_to(said, among=shown_insatser(tracker))
    return found


def shown_insatser(tracker: Tracker) -> list[Insats]:
    """The insatser the user was last shown (the `matches` slot)."""
    catalogue = load()
    return [i for name in tracker.get_slot("matches") or [] for i in catalogue.find(name)]


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, facts: dict[str, Any] | None = None) -> bool:
    """A question about the insatser named or just shown ("hur många gånger träffas man?",
    "måste farsan säga ja?") answered from their own data; False when the message asks none
    (bot.fragor) or nothing has been shown or named. `facts`: the facts with what the message
    itself told ("jag är 14, måste pappa säga ja?"); by default those in the slots."""
    facts = facts_from(tracker) if facts is None else facts
    topic = fragor.topic(tracker.latest_message.get("text") or "")
    if topic is None:
        return False
    if topic == fragor.CALLING:  # "vem kan jag ringa i natt?": the lines for this person
        send(dispatcher, contacts_for(tracker, facts))
        return True
    insatser = named_insatser(tracker) or shown_insatser(tracker)
    if not insatser:
        return False
    dispatcher.utter_message(text=render.about_insatser(topic, insatser, assess(facts)))
    return True


def contacts_for(tracker: Tracker, facts: dict[str, Any] | None = None) -> render.Svar:
    """Who answers the phone, the lines meant for this person first (what they told, the crises
    answered earlier in the conversation)."""
    told = assess(facts_from(tracker) if facts is None else facts).facts
    return render.human_contacts(facts=told, crises=tracker.get_slot("kris_visad") or [])


def explain(dispatcher: CollectingDispatcher, tracker: Tracker, insatser: list[Insats]) -> None:
    """What each insats is (at most three), whether it fits what we know, and where to turn."""
    facts = facts_from(tracker)
    assessment = assess(facts) if facts else None
    for insats in insatser[:3]:
        send(dispatcher, render.explain_insats(insats, assessment))


def still_asking(tracker: Tracker) -> list[EventType]:
    """An explanation given while a question is open, before the first answer, leaves the person
    waiting on that question: it counts as one of the questions before the answer
    (bot.dialog.MAX_QUESTIONS), so explaining never stretches the wait."""
    if not tracker.get_slot("fragat") or tracker.get_slot("matches"):
        return []
    return [SlotSet("antal_fragor", int(tracker.get_slot("antal_fragor") or 0) + 1)]


class ActionForklaraInsats(AnswerThenListen):
    """ "Vad är Humlan?": what the insats is, whether it fits what we know, where to turn."""

    def name(self) -> str:
        return "action_forklara_insats"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if answer_question(dispatcher, tracker):
            return still_asking(tracker)
        insatser = named_insatser(tracker)
        if not insatser:
            dispatcher.utter_message(text=text("forklara.vilken_insats"))
            return still_asking(tracker)
        explain(dispatcher, tracker, insatser)
        return still_asking(tracker)


class ActionVarfor(AnswerThenListen):
    """ "Varför?" / "varför inte Humlan?": the engine's reasons."""

    def name(self) -> str:
        return "action_varfor"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if answer_question(dispatcher, tracker):  # "varför måste mina föräldrar säga ja?"
            return still_asking(tracker)
        answer_why(dispatcher, tracker, facts_from(tracker))
        return still_asking(tracker)


def answer_why(dispatcher: CollectingDispatcher, tracker: Tracker, facts: dict[str, Any]) -> None:
    """ "Varför?" / "varför inte Humlan?": the engine's reasons for the insatser named, referred
    to or shown, judged on `facts` (those just told included)."""
    assessment = assess(facts)
    named = [i for i in named_insatser(tracker) if i.matchable]
    said = tracker.latest_message.get("text") or ""
    if fragor.asks_why_not(said) and not load().mentioned_in(said):
        # "varför kan jag inte få prata med nån själv?": perhaps one not shown, as it is ruled out
        ruled_out = [r.insats for r in assessment.with_status(Status.NOT) if r.relevance or not r.topical]
        named = load().referred_to(said, among=ruled_out) or named
    if named:
        results = [assessment.result_for(insats.id) for insats in named[:3]]
    else:
        shown = set(tracker.get_slot("matches") or [])
        results = [r for r in assessment.results if r.insats.namn in shown]
        if not results:
            results = [r for r in assessment.with_status(Status.NOT) if r.relevance][:3]
    if not results:
        dispatcher.utter_message(text=text("varfor.beratta_mer"))
        return
    dispatcher.utter_message(text="\n\n".join(render.why(result) for result in results))


class ActionVart(AnswerThenListen):
    """ "Vart ska jag vända mig?": the förvaltning or socialförvaltningen for each match."""

    def name(self) -> str:
        return "action_vart"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if answer_question(dispatcher, tracker):  # "finns det nåt telefonnummer för äldre?"
            return still_asking(tracker)
        assessment = assess(facts_from(tracker))
        shown = set(tracker.get_slot("matches") or [])
        results = [r for r in assessment.results if r.insats.namn in shown]
        if not results:
            send(dispatcher, contacts_for(tracker))
            return []
        dispatcher.utter_message(text=render.where_to_turn_for(results, assessment.facts))
        return []
