"""Rasa's REST and socket.io channels, with personal data masked before Rasa sees it.

`AnonymRestInput` and `AnonymSocketIOInput` have the names, URLs and behaviour of Rasa's own
`rest` and `socketio` channels (POST /webhooks/rest/webhook, GET /webhooks/rest/; socket.io at
`socketio_path`, default /socket.io, with user_message_evt, bot_message_evt,
session_persistence, namespace, jwt_key, metadata_key). The only differences:

* The user's text goes through bot.integritet.mask BEFORE it becomes a UserMessage, so the
  tracker store, the event broker and every log see "[personnummer]", "[telefonnummer]",
  "[e-post]", "[adress]" instead. Metadata is masked with mask_payload.
* A sender id (or socket.io session_id) that itself looks like personal data (an e-mail, a
  personnummer) is replaced by a keyed pseudonym: "anon-" and 32 letters, the same for the
  same id while the process runs. The key lives only in memory and is new at every start, so
  the pseudonym cannot be traced back afterwards. Socket ids (sid) are server-made and kept.
* Texts are cut to MAX_TEXT characters (see below).
* REST: a malformed payload gets HTTP 400 with a JSON body {"fel": <code>, "meddelande": <a
  Swedish sentence>}, never a 500 or a stack trace. An empty or whitespace-only message is
  also a 400 ("tomt_meddelande"): there is nothing to answer, and no turn is stored.
* socket.io has no way to answer an error, so a malformed or empty message is dropped (not
  stored, nothing logged but its absence).
* socket.io's session_request joins the session's room for real (Rasa 3.6.21 forgets to await
  python-socketio 5's enter_room, so with session_persistence no answer ever arrived).

As a second line of defence the callback Rasa passes to blueprint() is wrapped too: every
UserMessage is masked again on its way to the agent (masking is idempotent).

Both channels also never leave a message unanswered: when handling it sent nothing (the action
server is down, the tracker store failed), the user gets a kind message with 112 and BRIS
(rasa_ext.safety_net.always_answer).
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import json
import logging
import secrets
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.integritet import mask, mask_payload
from bot.text import MAX_CHARS
from rasa_ext.safety_net import always_answer

logger = logging.getLogger(__name__)

# Longest text passed on, in characters: the one cap of bot/text.py, which every reader of a
# message (understanding, crisis detection) also keeps to. Nobody in need writes more in one
# message (it is about a page); a longer text is a paste or abuse, and the NLU, the tracker store
# and the logs should not carry it. The rest is cut off silently: the user gets a normal answer.
MAX_TEXT = MAX_CHARS
# Only this much of a longer text is masked before it is cut (masking megabytes is slow). A
# fragment at this boundary is never kept: it lies far beyond MAX_TEXT.
MAX_RAW = 20_000
MAX_SENDER = 128  # a uuid is 32-36 characters
MAX_INPUT_CHANNEL = 64

Handler = Callable[[UserMessage], Awaitable[Any]]

_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


class OgiltAnrop(SanicException):
    """A malformed REST request: answered with HTTP 400 and a Swedish message."""

    status_code = 400
    quiet = True

    def __init__(self, kod: str, meddelande: str) -> None:
        super().__init__(meddelande, status_code=400, quiet=True)
        self.kod = kod
        self.meddelande = meddelande


async def _svara_400(request: Request, exception: OgiltAnrop) -> HTTPResponse:
    return response.json({"fel": exception.kod, "meddelande": exception.meddelande}, status=400)


def anonymize_text(text: str) -> str:
    """`text` masked and cut to MAX_TEXT characters."""
    masked = mask(text[:MAX_RAW])
    if len(masked) > MAX_TEXT:
        masked = mask(masked[:MAX_TEXT])  # a cut may leave a shorter number: mask again
    return masked


@lru_cache(maxsize=1)
def _key() -> bytes:
    """The pseudonym key: random, in memory only, new at every start."""
    return secrets.token_bytes(32)


def pseudonym(value: str) -> str:
    """`value` unchanged when it holds no personal data, else "anon-" and 32 letters (a keyed
    hash, with no digits, so that the pseudonym itself is never masked again)."""
    if mask(value) == value:
        return value
    digest = hmac.new(_key(), value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
    return "anon-" + digest[:32].translate(_LETTERS)


def _masking(on_new_message: Handler) -> Handler:
    """Rasa's callback, masking every UserMessage once more before the agent gets it."""

    async def handler(message: UserMessage) -> Any:
        if isinstance(message.text, str):
            message.text = anonymize_text(message.text)
        message.metadata = mask_payload(message.metadata)
        return await on_new_message(message)

    return handler


# ---------------------------------------------------------------------------- REST


@dataclass(frozen=True)
class _Payload:
    """A validated and masked REST request body."""

    text: str
    sender: str | None
    input_channel: str | None
    metadata: dict[str, Any] | None


class AnonymRestInput(RestInput):
    """Rasa's REST channel (POST /webhooks/rest/webhook) with masking and 400s for bad input."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        """Rasa's REST blueprint, its callback wrapped (masking, never silent), answering OgiltAnrop
        with a 400."""
        custom_webhook = super().blueprint(_masking(always_answer(on_new_message)))
        custom_webhook.exception(OgiltAnrop)(_svara_400)
        return custom_webhook

    # RestInput.receive calls _extract_sender first, then _extract_message,
    # _extract_input_channel and get_metadata; all four read the one validated payload.

    async def _extract_sender(self, req: Request) -> str | None:
        return self._payload(req).sender

    def _extract_message(self, req: Request) -> str | None:
        return self._payload(req).text

    def _extract_input_channel(self, req: Request) -> str:
        return self._payload(req).input_channel or self.name()

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        return self._payload(request).metadata

    def _payload(self, req: Request) -> _Payload:
        """The request body validated and masked (once per request; raises OgiltAnrop)."""
        cached = getattr(req.ctx, "stodguiden_payload", None)
        if cached is None:
            cached = _parse(req.body)
            req.ctx.stodguiden_payload = cached
        return cached


def _parse(body: bytes | None) -> _Payload:
    try:
        data = json.loads(body or b"")
    except Exception:  # noqa: BLE001 - any undecodable body (bad JSON, bad UTF-8, too deep) is a 400
        raise OgiltAnrop(
            "ogiltig_json", 'Anropet måste vara JSON, till exempel {"sender": "ett-id", "message": "hej"}.'
        ) from None
    if not isinstance(data, dict):
        raise OgiltAnrop("ogiltig_json", 'Anropet måste vara ett JSON-objekt med fälten "sender" och "message".')
    if "message" not in data or data["message"] is None:
        raise OgiltAnrop("message_saknas", 'Fältet "message" saknas.')
    message = data["message"]
    if not isinstance(message, str):
        raise OgiltAnrop("message_inte_text", 'Fältet "message" måste vara en text (en JSON-sträng).')
    if not message.strip():
        raise OgiltAnrop("tomt_meddelande", "Meddelandet är tomt. Skriv något, så svarar jag.")

    sender = data.get("sender")
    if sender is not None:
        if not isinstance(sender, str):
            raise OgiltAnrop("sender_inte_text", 'Fältet "sender" måste vara en text (en JSON-sträng).')
        if not sender.strip():
            raise OgiltAnrop("sender_tomt", 'Fältet "sender" får inte vara tomt.')
        if len(sender) > MAX_SENDER:
            raise OgiltAnrop("sender_for_langt", f'Fältet "sender" får vara högst {MAX_SENDER} tecken.')
        sender = pseudonym(sender)

    input_channel = data.get("input_channel")
    if input_channel is not None:
        if not isinstance(input_channel, str) or len(input_channel) > MAX_INPUT_CHANNEL:
            raise OgiltAnrop(
                "input_channel_ogiltigt",
                f'Fältet "input_channel" måste vara en text på högst {MAX_INPUT_CHANNEL} tecken.',
            )
        input_channel = mask(input_channel)

    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise OgiltAnrop("metadata_ogiltigt", 'Fältet "metadata" måste vara ett JSON-objekt.')

    return _Payload(anonymize_text(message), sender, input_channel or None, mask_payload(metadata))


# ---------------------------------------------------------------------------- socket.io


class AnonymSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel with masking. Configured exactly like `socketio`."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        """Rasa's socket.io blueprint, with its message and session handlers wrapped so that
        the data is masked before Rasa's handler builds the UserMessage."""
        socketio_webhook = super().blueprint(_masking(always_answer(on_new_message)))
        sio = self.sio
        namespace = self.namespace or "/"
        handlers = sio.handlers.get(namespace, {}) if sio is not None else {}
        handle_message = handlers.get(self.user_message_evt)
        if sio is None or handle_message is None or "session_request" not in handlers:
            # Rasa's socket.io channel has changed: refuse to start rather than run unmasked.
            raise RuntimeError("AnonymSocketIOInput: Rasa's socket.io handlers were not found")

        async def masked_message(sid: str, data: Any = None, *_: Any) -> None:
            cleaned = self.clean_message_data(data)
            if cleaned is None:
                logger.debug("socketio: ett tomt eller felaktigt meddelande ignorerades")
                return None
            return await handle_message(sid, cleaned)

        async def masked_session_request(sid: str, data: Any = None, *_: Any) -> None:
            """Rasa's session_request handler, masked, with the socket really joining its room.

            Rasa 3.6.21 calls sio.enter_room without await; in python-socketio >= 5.10 (the
            lock has 5.18.1) that is a coroutine, so the socket never joined the session's room
            and, with session_persistence, never received an answer. Otherwise as Rasa's.
            """
            cleaned = self.clean_session_data(data)
            cleaned = cleaned if isinstance(cleaned, dict) else {}
            if cleaned.get("session_id") is None:
                cleaned["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, cleaned["session_id"], namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", cleaned["session_id"], room=sid, namespace=self.namespace)

        sio.on(self.user_message_evt, masked_message, namespace=self.namespace)
        sio.on("session_request", masked_session_request, namespace=self.namespace)
        return socketio_webhook

    def clean_session_data(self, data: Any) -> Any:
        """A session_request's data with its session_id pseudonymised when needed."""
        if isinstance(data, dict) and data.get("session_id") is not None:
            return {**data, "session_id": pseudonym(str(data["session_id"]))}
        return data

    def clean_message_data(self, data: Any) -> dict[str, Any] | None:
        """A user message's data masked, or None when there is no text to pass on."""
        if not isinstance(data, dict):
            return None
        message = data.get("message", "")
        if not isinstance(message, str) or not message.strip():
            return None
        cleaned = {**data, "message": anonymize_text(message)}
        if data.get("session_id"):
            cleaned["session_id"] = pseudonym(str(data["session_id"]))
        if self.metadata_key:
            metadata = data.get(self.metadata_key, {})
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except Exception:  # noqa: BLE001 - unreadable metadata is dropped, not a crash
                    metadata = {}
            cleaned[self.metadata_key] = mask_payload(metadata) if isinstance(metadata, dict) else {}
        return cleaned
