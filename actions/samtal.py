"""Safety, people, starting over and messages the bot did not understand."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import AllSlotsReset, EventType, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import AnswerThenListen, facts_from, send
from actions.forklara import answer_question, contacts_for, explain, named_insatser, still_asking
from actions.stod import collect_and_reply
from bot import kris, render
from bot.dialog import FACT_SLOTS_TOLD, crisis_age, kris_roll
from bot.texter import text
from bot.understanding import understand_safely


class ActionKrisstod(AnswerThenListen):
    """A crisis: the lines that fit the person first, then, in the same turn, the help asked for.

    The facts in the message are kept: when it tells more than the crisis (an age, a place, a
    situation, a question), the conversation goes on at once with the next question or the answer
    (actions.stod.collect_and_reply). A later message about the same kind of crisis gets a one-line
    reminder instead of the whole crisis text again.
    """

    def name(self) -> str:
        return "action_krisstod"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        hit = kris.detect(tracker.latest_message.get("text") or "")
        kategori = hit.kategori if hit else None
        said = [(str(e.get("entity")), e.get("value")) for e in tracker.latest_message.get("entities") or []]
        facts = {**facts_from(tracker), **dict(said)}
        shown = list(tracker.get_slot("kris_visad") or [])
        if kategori is not None and kategori in shown:
            dispatcher.utter_message(text=render.crisis_reminder())
            events: list[EventType] = []
        else:
            dispatcher.utter_message(text=render.crisis(kategori, crisis_age(facts), kris_roll(facts), earlier=shown))
            events = [SlotSet("kris_visad", [*shown, kategori])] if kategori else []
        if any(name in FACT_SLOTS_TOLD for name, _ in said) or tracker.get_slot("fragat"):
            events += collect_and_reply(dispatcher, tracker)
        return events


class ActionUtanfor(AnswerThenListen):
    """Something the bot does not help with: say what it does. A question about the insatser shown
    or whom to call ("hur många gånger får man prata?") is read as one whatever the classifier
    made of it (bot.fragor), and answered."""

    def name(self) -> str:
        return "action_utanfor"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if answer_question(dispatcher, tracker):
            return still_asking(tracker)
        dispatcher.utter_message(response="utter_out_of_scope")
        return []


class ActionManniska(AnswerThenListen):
    """Who answers the phone now, day or night."""

    def name(self) -> str:
        return "action_manniska"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        send(dispatcher, contacts_for(tracker))
        return []


class ActionBorjaOm(AnswerThenListen):
    """Forget everything said ("börja om", "radera allt"): all slots and the conversation.

    Rasa reserves the intent `restart` for its own action_restart, so ours is `start_over`.
    After Restarted the tracker is empty; the follow-up listen (AnswerThenListen) keeps the policies
    from predicting a fallback on an empty conversation.
    """

    def name(self) -> str:
        return "action_borja_om"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text=text("samtal.glomt_allt"))
        return [AllSlotsReset(), Restarted()]  # AnswerThenListen then adds the listen (after the restart)


class ActionOmformulera(AnswerThenListen):
    """Not understood: use any facts in the message; a question about an insats just shown ("hur
    länge håller gruppen på?") gets that insats explained; otherwise ask to rephrase with examples."""

    def name(self) -> str:
        return "action_omformulera"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        said = tracker.latest_message.get("text") or ""
        if answer_question(dispatcher, tracker):  # "hur många gånger träffas man?"
            return still_asking(tracker)
        if understand_safely(said, expecting=tracker.get_slot("fragat")):
            return collect_and_reply(dispatcher, tracker)
        if tracker.get_slot("fragat"):
            return collect_and_reply(dispatcher, tracker)  # asks again in other words, never the same
        referred = named_insatser(tracker)
        if referred:
            explain(dispatcher, tracker, referred)
            return []
        send(dispatcher, render.rephrase())
        return []
