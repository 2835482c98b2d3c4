"""The safety net: a user message never goes unanswered, even when the action server is down.

What Rasa 3.6 does on its own when the action endpoint cannot be reached (read in
rasa/core/actions/action.py, RemoteAction.run, and rasa/core/processor.py, _run_action):
RemoteAction turns the aiohttp connection error (or a 5xx from a load balancer in front of
the action servers) into a RasaException; the processor logs "Encountered an exception while
running action ... Bot will continue, but the actions events are lost", drops the action's
events (so no slot changes) and predicts the next action, which in this bot's rules is
action_listen. The user gets nothing: the REST channel answers `[]` with HTTP 200 and
socket.io sends no bot_uttered at all. When the action server is back, the next message works
again (Rasa opens a new HTTP session for every action call).

Every rule in data/rules answers the user (an utter_ response or an action that utters), so a
turn in which the bot sent nothing means something failed: the action server, or the tracker
or lock store (then the agent raises). `always_answer` wraps the callback Rasa gives the input
channels (rasa_ext.channels uses it for REST and socket.io): it notes whether the bot sent
anything for the message and, when it sent nothing, sends `error_message()` ("Något gick fel,
försök igen om en stund." with 112 and BRIS: texts `skyddsnat` in bot/data/texter/, numbers from
bot/data/telefon.yml) on the same output
channel. An exception from the agent is raised again after that, so Rasa logs it as before.

An action server that hangs instead of refusing is not noticed before Rasa's own timeout for
action calls (DEFAULT_REQUEST_TIMEOUT, 5 minutes, not configurable in 3.6): in production a
proxy in front of the action servers answers 504 much sooner (deploy/nginx.conf).

The only user messages that rightly get no answer are Rasa's own commands `/restart` (the
chat widget's "Börja om" and "Lämna snabbt" send it and expect silence) and `/session_start`.
The message is not stored in the tracker: it is said, not remembered.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot import telefon
from bot.texter import DEFAULT_LANG, text

logger = logging.getLogger(__name__)

Handler = Callable[[UserMessage], Awaitable[Any]]

# Rasa's built-in commands that answer nothing by design.
SILENT_COMMANDS = re.compile(r"^\s*/(restart|session_start)\s*(\{.*\})?\s*$", re.DOTALL)


@lru_cache(maxsize=4)
def error_message(lang: str = DEFAULT_LANG) -> str:
    """The kind message when the bot could not answer (texts `skyddsnat`), numbers from
    bot/data/telefon.yml."""
    sos, bris = telefon.linje("sos_112"), telefon.linje("bris")
    lines = [text("skyddsnat.nagot_gick_fel", lang)]
    if sos.nummer:
        lines.append(text("skyddsnat.akut", lang, nummer=sos.nummer))
    if bris.nummer:
        key = "skyddsnat.linje_dygnet_runt" if bris.oppet == "dygnet_runt" else "skyddsnat.linje"
        lines.append(text(key, lang, namn=bris.namn, nummer=bris.nummer, for_vem=bris.for_vem))
    return "\n".join(lines)


# The methods an output channel sends with (Rasa 3.6 itself sends every bot message through
# send_response, processor._send_bot_messages, which calls the others).
SEND_METHODS = (
    "send_response",
    "send_text_message",
    "send_text_with_buttons",
    "send_quick_replies",
    "send_image_url",
    "send_attachment",
    "send_elements",
    "send_custom_json",
)


class ReplyGuard:
    """Notes whether the bot sent anything on the output channel of one user message.

    The input channels make a new output channel for every message (RestInput a
    CollectingOutputChannel, SocketIOInput a SocketIOOutput), so this wraps the send methods of
    that one instance and leaves its class alone: Rasa still sees the channel it expects
    (processor.handle_message checks isinstance(..., CollectingOutputChannel)).
    """

    def __init__(self, channel: OutputChannel) -> None:
        self.channel = channel
        self.answered = False
        self._send = channel.send_response
        for name in SEND_METHODS:
            setattr(channel, name, self._marking(getattr(channel, name)))

    def _marking(self, method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def send(*args: Any, **kwargs: Any) -> Any:
            self.answered = True
            return await method(*args, **kwargs)

        return send

    async def send_error_message(self, recipient_id: str) -> None:
        await self._send(recipient_id, {"text": error_message()})


def needs_answer(message: UserMessage) -> bool:
    """False for Rasa's own commands that answer nothing (/restart, /session_start)."""
    return not (isinstance(message.text, str) and SILENT_COMMANDS.match(message.text))


async def _if_silent(guard: ReplyGuard, message: UserMessage, failed: bool) -> None:
    """Send error_message() when nothing was sent and something should have been."""
    if guard.answered or not (failed or needs_answer(message)):
        return
    if not failed:
        logger.warning("Boten svarade inte på ett meddelande (är action-servern nere?); användaren får felmeddelandet")
    try:
        await guard.send_error_message(message.sender_id)
    except Exception:  # noqa: BLE001 - the user has gone (socket closed): nothing more to do
        logger.exception("Felmeddelandet kunde inte skickas")


def always_answer(on_new_message: Handler) -> Handler:
    """Rasa's callback, sending `error_message()` when handling a message sent nothing."""

    async def handler(message: UserMessage) -> Any:
        guard = ReplyGuard(message.output_channel)
        try:
            result = await on_new_message(message)
        except Exception:
            await _if_silent(guard, message, failed=True)
            raise
        await _if_silent(guard, message, failed=False)
        return result

    return handler
