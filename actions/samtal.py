"""Safety, people, starting over and messages the bot did not understand."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import AllSlotsReset, EventType, Restarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import SvarOchLyssna, send
from actions.stod import collect_and_reply
from bot import kris, render
from bot.understanding import understand_safely


class ActionKrisstod(SvarOchLyssna):
    """Answer a crisis at once with 112 and the line that fits; the user can go on after."""

    def name(self) -> str:
        return "action_krisstod"

    async def svara(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        hit = kris.detect(tracker.latest_message.get("text") or "")
        age = tracker.get_slot("age")
        dispatcher.utter_message(
            text=render.crisis(hit.kategori if hit else None, age if isinstance(age, int) else None)
        )
        return []


class ActionManniska(SvarOchLyssna):
    """Who answers the phone now, day or night."""

    def name(self) -> str:
        return "action_manniska"

    async def svara(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        send(dispatcher, render.human_contacts())
        return []


class ActionBorjaOm(SvarOchLyssna):
    """Forget everything said ("börja om", "radera allt"): all slots and the conversation.

    Rasa reserves the intent `restart` for its own action_restart, so ours is `start_over`.
    After Restarted the tracker is empty; the follow-up listen (SvarOchLyssna) keeps the policies
    from predicting a fallback on an empty conversation.
    """

    def name(self) -> str:
        return "action_borja_om"

    async def svara(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text="Nu har jag glömt allt du har skrivit. Vad vill du ha hjälp med?")
        return [AllSlotsReset(), Restarted()]  # SvarOchLyssna then adds the listen (after the restart)


class ActionOmformulera(SvarOchLyssna):
    """Not understood: use any facts in the message, otherwise ask to rephrase with examples."""

    def name(self) -> str:
        return "action_omformulera"

    async def svara(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if understand_safely(text, expecting=tracker.get_slot("fragat")):
            return collect_and_reply(dispatcher, tracker)
        if tracker.get_slot("fragat"):
            dispatcher.utter_message(text="Jag förstod inte riktigt.")
            return collect_and_reply(dispatcher, tracker)
        send(dispatcher, render.rephrase())
        return []
