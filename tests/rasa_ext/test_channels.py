"""rasa_ext.channels: the REST and socket.io channels mask before Rasa builds a UserMessage.

The REST tests register the channels the way `rasa run` does (rasa.core.channels.channel.register
on a Sanic app whose ctx.agent receives the messages) and talk to the app over ASGI. sanic-testing
is not installed, so a small ASGI client is defined here. The socket.io tests call the handlers
Rasa registers on the socketio.AsyncServer directly, with a made-up sid.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import rasa.core.channels.rest
import rasa.core.channels.socketio
import yaml
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage, register
from rasa.core.run import _create_single_channel
from sanic import Sanic

from bot import telefon
from rasa_ext.channels import MAX_TEXT, AnonymRestInput, AnonymSocketIOInput, pseudonym
from rasa_ext.safety_net import error_message

ROOT = Path(__file__).resolve().parents[2]  # the repository
PNR, PHONE, MAIL = "19900101-1234", "070-123 45 67", "kalle.anka@gmail.com"
RAW = f"jag heter Kalle, pnr {PNR}, ring {PHONE} eller mejla {MAIL}"
MASKED = "jag heter Kalle, pnr [personnummer], ring [telefonnummer] eller mejla [e-post]"
WEBHOOK = "/webhooks/rest/webhook"


class FakeAgent:
    """Stands in for rasa.core.agent.Agent: records messages and answers "ok"."""

    def __init__(self, fail: bool = False) -> None:
        self.messages: list[UserMessage] = []
        self.fail = fail

    async def handle_message(self, message: UserMessage) -> None:
        self.messages.append(message)
        if self.fail:
            raise RuntimeError("the agent failed")
        await message.output_channel.send_text_message(message.sender_id, "ok")


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class AsgiClient:
    """Just enough of an ASGI server to send HTTP requests to a Sanic app."""

    def __init__(self, app: Sanic) -> None:
        self.app = app
        self._lifespan: asyncio.Task | None = None

    async def __aenter__(self) -> AsgiClient:
        inbox: asyncio.Queue = asyncio.Queue()
        outbox: asyncio.Queue = asyncio.Queue()
        await inbox.put({"type": "lifespan.startup"})
        self._lifespan = asyncio.ensure_future(self.app({"type": "lifespan"}, inbox.get, outbox.put))
        assert (await asyncio.wait_for(outbox.get(), 30))["type"] == "lifespan.startup.complete"
        return self

    async def __aexit__(self, *exc: object) -> None:
        # Sanic 21.12 fails on lifespan.shutdown under ASGI; the app holds nothing, so just stop.
        assert self._lifespan is not None
        self._lifespan.cancel()

    async def request(self, method: str, path: str, body: bytes = b"", query: str = "") -> Response:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [(b"host", b"test"), (b"content-type", b"application/json")],
            "client": ("127.0.0.1", 50000),
            "server": ("test", 80),
        }
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.sleep(3600)  # the client never disconnects
            return {"type": "http.disconnect"}

        status, headers, chunks = 0, {}, []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await asyncio.wait_for(self.app(scope, receive, send), 60)
        return Response(status, headers, b"".join(chunks))

    async def post(self, payload: Any, query: str = "") -> Response:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return await self.request("POST", WEBHOOK, body, query)


def make_app(agent: FakeAgent, *channels: Any) -> Sanic:
    """A Sanic app with the channels registered exactly as `rasa run` registers them."""
    app = Sanic(f"test_channels_{uuid.uuid4().hex}")
    app.ctx.agent = agent
    register(list(channels) or [AnonymRestInput()], app, route="/webhooks/")
    return app


def run_rest(test: Callable[[AsgiClient, FakeAgent], Awaitable[None]], fail: bool = False) -> FakeAgent:
    agent = FakeAgent(fail)

    async def main() -> None:
        async with AsgiClient(make_app(agent)) as client:
            await test(client, agent)

    asyncio.run(main())
    return agent


@pytest.fixture(autouse=True)
def sanic_test_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several Sanic apps start in one process (what sanic-testing also sets)."""
    monkeypatch.setattr(Sanic, "test_mode", True)


@pytest.fixture
def user_messages(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Every text Rasa's channel code passes to the UserMessage constructor."""
    texts: list[str | None] = []

    class RecordingUserMessage(UserMessage):
        def __init__(self, text: str | None = None, *args: Any, **kwargs: Any) -> None:
            texts.append(text)
            super().__init__(text, *args, **kwargs)

    monkeypatch.setattr(rasa.core.channels.rest, "UserMessage", RecordingUserMessage)
    monkeypatch.setattr(rasa.core.channels.socketio, "UserMessage", RecordingUserMessage)
    return texts


# ---------------------------------------------------------------------------- REST


def test_names_and_urls_are_rasas() -> None:
    assert AnonymRestInput.name() == "rest"
    assert AnonymSocketIOInput.name() == "socketio"
    assert AnonymRestInput().url_prefix() == "rest"

    async def test(client: AsgiClient, agent: FakeAgent) -> None:
        health = await client.request("GET", "/webhooks/rest/")
        assert (health.status, health.json) == (200, {"status": "ok"})

    run_rest(test)


def test_rest_masks_before_the_user_message_is_built(user_messages: list[str | None]) -> None:
    async def test(client: AsgiClient, agent: FakeAgent) -> None:
        response = await client.post({"sender": "abc", "message": RAW})
        assert response.status == 200
        assert response.json == [{"recipient_id": "abc", "text": "ok"}]

    agent = run_rest(test)
    assert [m.text for m in agent.messages] == [MASKED]
    assert agent.messages[0].sender_id == "abc"
    assert agent.messages[0].input_channel == "rest"
    assert user_messages == [MASKED], "the UserMessage never held the raw text"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"mitt personnummer är {PNR}", "mitt personnummer är [personnummer]"),
        ("ring 0701234567", "ring [telefonnummer]"),
        ("+46 70 123 45 67", "[telefonnummer]"),
        (f"min mejl är {MAIL}", "min mejl är [e-post]"),
        ("jag bor på Hornsgatan 12, 118 20 Stockholm", "jag bor på [adress] Stockholm"),
        ("jag är 14 och bor i Farsta, ring 116 111?", "jag är 14 och bor i Farsta, ring 116 111?"),
    ],
)
def test_rest_masks_each_kind(text: str, expected: str) -> None:
    async def test(client: AsgiClient, agent: FakeAgent) -> None:
        assert (await client.post({"sender": "s", "message": text})).status == 200

    assert [m.text for m in run_rest(test).messages] == [expected]


def test_rest_masks_metadata_and_pseudonymises_a_sender_that_is_personal_data() -> None:
    async def test(client: AsgiClient, agent: FakeAgent) -> None:
        for _ in range(2):
            payload = {"sender": MAIL, "message": "hej", "metadata": {"mejl": MAIL, "n": [PNR, 3]}}
            assert (await client.post(payload)).status == 200
        assert (await client.post({"sender": "3f2a9c", "message": "hej"})).status == 200

    first, second, third = run_rest(test).messages
    assert first.metadata == {"mejl": "[e-post]", "n": ["[personnummer]", 3]}
    assert first.sender_id.startswith("anon-") and MAIL not in first.sender_id
    assert first.sender_id == second.sender_id, "the same sender keeps one conversation"
    assert third.sender_id == "3f2a9c", "ordinary ids are kept"
    assert pseudonym(first.sender_id) == first.sender_id


def test_rest_stream_mode_is_masked_too() -> None:
    async def test(client: AsgiClient, agent: FakeAgent) -> None:
        response = await client.post({"sender": "s", "message": RAW}, query="stream=true")
        assert response.status == 200
        assert json.loads(response.body.decode().splitlines()[0])["text"] == "ok"

    assert [m.text for m in run_rest(test).messages] == [MASKED]


BAD_PAYLOADS = [
    (b"", "ogiltig_json"),
    (b"inte json", "ogiltig_json"),
    (b'{"message": ', "ogiltig_json"),
    (b"\xff\xfe{}", "ogiltig_json"),
    (b"[" * 100_000, "ogiltig_json"),
    (b"[]", "ogiltig_json"),
    (b'"hej"', "ogiltig_json"),
    (b"null", "ogiltig_json"),
    ({"sender": "s"}, "message_saknas"),
    ({"sender": "s", "message": None}, "message_saknas"),
    ({"sender": "s", "message": 5}, "message_inte_text"),
    ({"sender": "s", "message": ["hej"]}, "message_inte_text"),
    ({"sender": "s", "message": {"text": "hej"}}, "message_inte_text"),
    ({"sender": "s", "message": ""}, "tomt_meddelande"),
    ({"sender": "s", "message": " \n\t "}, "tomt_meddelande"),
    ({"sender": 5, "message": "hej"}, "sender_inte_text"),
    ({"sender": ["s"], "message": "hej"}, "sender_inte_text"),
    ({"sender": "", "message": "hej"}, "sender_tomt"),
    ({"sender": "s" * 1000, "message": "hej"}, "sender_for_langt"),
    ({"sender": "s", "message": "hej", "metadata": "x"}, "metadata_ogiltigt"),
    ({"sender": "s", "message": "hej", "metadata": [1]}, "metadata_ogiltigt"),
    ({"sender": "s", "message": "hej", "input_channel": 7}, "input_channel_ogiltigt"),
]


@pytest.mark.parametrize(("payload", "code"), BAD_PAYLOADS)
def test_rest_malformed_payload_is_a_swedish_400(payload: Any, code: str) -> None:
    async def test(client: AsgiClient, agent: FakeAgent) -> None:
        response = await client.post(payload)
        assert response.status == 400
        assert response.headers["content-type"].startswith("application/json")
        body = response.json
        assert body["fel"] == code
        assert any(word in body["meddelande"] for word in ("måste", "saknas", "tomt", "får")), body
        assert "Traceback" not in response.body.decode("utf-8", "replace")

    assert run_rest(test).messages == [], "nothing reaches the bot"


def test_rest_huge_message_is_cut_and_masked() -> None:
    text = f"{PNR} " + "a" * 99_986
    assert len(text) == 100_000

    async def test(client: AsgiClient, agent: FakeAgent) -> None:
        assert (await client.post({"sender": "s", "message": text})).status == 200

    (message,) = run_rest(test).messages
    assert len(message.text) <= MAX_TEXT
    assert message.text.startswith("[personnummer] aaa")


def test_rest_a_failing_agent_logs_only_masked_text(capsys: pytest.CaptureFixture[str]) -> None:
    async def test(client: AsgiClient, agent: FakeAgent) -> None:
        response = await client.post({"sender": "s", "message": RAW})
        assert (response.status, response.json) == (200, [{"recipient_id": "s", "text": error_message()}])

    run_rest(test, fail=True)
    output = capsys.readouterr()
    logged = output.out + output.err
    assert "rest.message.received.failure" in logged, "Rasa logs the text of a failed turn"
    assert PNR not in logged and PHONE not in logged and MAIL not in logged


class SilentAgent(FakeAgent):
    """An agent that answers nothing, as Rasa does when the action server is down."""

    async def handle_message(self, message: UserMessage) -> None:
        self.messages.append(message)


def test_the_kind_message_names_112_and_bris_from_the_phone_data() -> None:
    text = error_message()
    assert text.startswith("Något gick fel, försök igen om en stund.")
    assert telefon.linje("sos_112").nummer in text and telefon.linje("bris").nummer in text


def test_rest_a_turn_without_an_answer_gets_the_kind_message() -> None:
    agent = SilentAgent()

    async def main() -> None:
        async with AsgiClient(make_app(agent)) as client:
            response = await client.post({"sender": "s", "message": "jag är 14"})
            assert (response.status, response.json) == (200, [{"recipient_id": "s", "text": error_message()}])
            # Rasa's own /restart answers nothing by design (the widget's "Börja om" sends it).
            assert (await client.post({"sender": "s", "message": "/restart"})).json == []
            assert (await client.post({"sender": "s", "message": "/session_start"})).json == []

    asyncio.run(main())
    assert len(agent.messages) == 3
    assert isinstance(agent.messages[0].output_channel, CollectingOutputChannel), "Rasa still sees its channel"


def test_rest_an_answered_turn_gets_no_kind_message() -> None:
    async def test(client: AsgiClient, agent: FakeAgent) -> None:
        assert (await client.post({"sender": "s", "message": "hej"})).json == [{"recipient_id": "s", "text": "ok"}]

    run_rest(test)


# ---------------------------------------------------------------------------- credentials


def test_credentials_use_the_masking_channels() -> None:
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert "rest" not in credentials and "socketio" not in credentials
    rest = _create_single_channel("rasa_ext.channels.AnonymRestInput", credentials["rasa_ext.channels.AnonymRestInput"])
    sock = _create_single_channel(
        "rasa_ext.channels.AnonymSocketIOInput", credentials["rasa_ext.channels.AnonymSocketIOInput"]
    )
    assert isinstance(rest, AnonymRestInput)
    assert isinstance(sock, AnonymSocketIOInput)
    assert (sock.user_message_evt, sock.bot_message_evt, sock.session_persistence, sock.socketio_path) == (
        "user_uttered",
        "bot_uttered",
        True,  # reconnects keep the conversation (the widget's id lives in memory only)
        "/socket.io",
    )


# ---------------------------------------------------------------------------- socket.io


class FakeSio:
    """Records what the channel's session handler emits instead of sending it."""

    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, Any]] = []
        self.rooms: list[tuple[str, str]] = []

    async def emit(self, event: str, data: Any = None, room: Any = None, **kwargs: Any) -> None:
        self.emitted.append((event, data, room))

    def enter_room(self, sid: str, room: str, namespace: str | None = None) -> None:
        self.rooms.append((sid, room))


def socket_channel(**credentials: Any) -> tuple[AnonymSocketIOInput, list[UserMessage], FakeSio]:
    channel = AnonymSocketIOInput.from_credentials(credentials)
    assert isinstance(channel, AnonymSocketIOInput)
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    channel.blueprint(on_new_message)
    fake = FakeSio()
    assert channel.sio is not None
    channel.sio.emit = fake.emit  # type: ignore[method-assign]
    channel.sio.enter_room = fake.enter_room  # type: ignore[method-assign]
    return channel, received, fake


def handler(channel: AnonymSocketIOInput, event: str) -> Callable[..., Awaitable[Any]]:
    assert channel.sio is not None
    return channel.sio.handlers[channel.namespace or "/"][event]


def test_socketio_masks_before_the_user_message_is_built(user_messages: list[str | None]) -> None:
    channel, received, _ = socket_channel(user_message_evt="user_uttered", bot_message_evt="bot_uttered")
    asyncio.run(handler(channel, "user_uttered")("sid-1", {"message": RAW, "metadata": {"m": MAIL}}))
    (message,) = received
    assert message.text == MASKED
    assert message.sender_id == "sid-1"
    assert message.input_channel == "socketio"
    assert message.metadata == {"m": "[e-post]"}
    assert user_messages == [MASKED]


def test_socketio_masks_string_metadata_and_cuts_long_text() -> None:
    channel, received, _ = socket_channel()
    send = handler(channel, "user_uttered")
    asyncio.run(send("sid", {"message": PHONE + " " + "x" * 100_000, "metadata": json.dumps({"p": PNR})}))
    asyncio.run(send("sid", {"message": "hej", "metadata": "{inte json"}))
    first, second = received
    assert first.text.startswith("[telefonnummer] xxx") and len(first.text) <= MAX_TEXT
    assert first.metadata == {"p": "[personnummer]"}
    assert second.metadata == {}


@pytest.mark.parametrize("data", [None, "hej", ["hej"], {}, {"message": ""}, {"message": "   "}, {"message": 5}])
def test_socketio_drops_empty_or_malformed_messages(data: Any) -> None:
    channel, received, _ = socket_channel()
    asyncio.run(handler(channel, "user_uttered")("sid", data))
    assert received == []


def test_socketio_custom_event_names_and_session_persistence() -> None:
    channel, received, fake = socket_channel(
        user_message_evt="fran_anvandaren", bot_message_evt="till_anvandaren", session_persistence=True
    )
    assert channel.bot_message_evt == "till_anvandaren"

    async def conversation() -> None:
        await handler(channel, "session_request")("sid", {"session_id": MAIL})
        confirmed = fake.emitted[-1][1]
        await handler(channel, "fran_anvandaren")("sid", {"message": f"pnr {PNR}", "session_id": MAIL})
        await handler(channel, "fran_anvandaren")("sid", {"message": "hej", "session_id": confirmed})
        await handler(channel, "session_request")("sid2", {"session_id": "abcdef"})

    asyncio.run(conversation())
    first, second = received
    assert first.text == "pnr [personnummer]"
    assert first.sender_id.startswith("anon-") and first.sender_id == second.sender_id
    assert fake.rooms[0] == ("sid", first.sender_id), "the room is the same pseudonym the bot answers to"
    assert fake.emitted[0] == ("session_confirm", first.sender_id, "sid")
    assert fake.emitted[-1] == ("session_confirm", "abcdef", "sid2")


def test_socketio_registers_on_a_sanic_app_like_rasas() -> None:
    agent = FakeAgent()
    channel = AnonymSocketIOInput()
    app = make_app(agent, AnonymRestInput(), channel)

    async def main() -> None:
        async with AsgiClient(app) as client:
            health = await client.request("GET", "/webhooks/socketio/")
            assert (health.status, health.json) == (200, {"status": "ok"})
            assert channel.sio is not None
            await channel.sio.handlers["/"]["user_uttered"]("sid", {"message": PNR})

    asyncio.run(main())
    assert [m.text for m in agent.messages] == ["[personnummer]"]
    assert isinstance(agent.messages[0].output_channel, rasa.core.channels.socketio.SocketIOOutput)
    assert not isinstance(agent.messages[0].output_channel, CollectingOutputChannel)


def test_socketio_a_turn_without_an_answer_gets_the_kind_message() -> None:
    channel, received, fake = socket_channel(user_message_evt="user_uttered", bot_message_evt="bot_uttered")
    asyncio.run(handler(channel, "user_uttered")("sid-1", {"message": "jag är 14"}))
    asyncio.run(handler(channel, "user_uttered")("sid-1", {"message": "/restart"}))
    assert len(received) == 2
    assert fake.emitted == [("bot_uttered", {"text": error_message()}, "sid-1")]


def test_socketio_session_request_awaits_python_socketio_5s_enter_room() -> None:
    # Rasa 3.6.21 calls enter_room without await; python-socketio >= 5.10 made it a coroutine.
    channel, _, fake = socket_channel(session_persistence=True)
    joined: list[tuple[str, str]] = []

    async def enter_room(sid: str, room: str, namespace: str | None = None) -> None:
        joined.append((sid, room))

    assert channel.sio is not None
    channel.sio.enter_room = enter_room  # type: ignore[method-assign]
    asyncio.run(handler(channel, "session_request")("sid-9", {"session_id": "abc"}))
    asyncio.run(handler(channel, "session_request")("sid-10", None))
    assert joined[0] == ("sid-9", "abc")
    assert joined[1][0] == "sid-10" and len(joined[1][1]) == 32, "a new session id, as Rasa makes one"
    assert fake.emitted == [("session_confirm", "abc", "sid-9"), ("session_confirm", joined[1][1], "sid-10")]
