"""The action server goes down mid-conversation: the user gets a kind message, never silence
or a 500, and the conversation goes on with its slots when the action server is back.

Real servers (harness/servers.py): the action server is stopped and started again on the same
port while the Rasa server keeps running. rasa_ext.safety_net is the safety net under test.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import socketio

from bot import telefon
from harness.servers import Bot, running_bot, start_actions, stop
from rasa_ext.safety_net import error_message

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    with running_bot(Path(tmp_path_factory.mktemp("resiliens"))) as running:
        yield running


def post(bot: Bot, sender: str, message: str) -> tuple[int, Any]:
    """One REST message: the HTTP status and the JSON body (a 500 would raise HTTPError)."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(
        f"{bot.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, json.loads(response.read())


def text_of(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


async def socketio_turn(bot: Bot, session_id: str, message: str, timeout: float = 30) -> list[dict[str, Any]]:
    """Send one message over socket.io and collect the bot's answers (bounded waits)."""
    client = socketio.AsyncClient(reconnection=False)
    confirmed, answers, first = asyncio.Event(), [], asyncio.Event()

    @client.on("session_confirm")
    async def on_confirm(*_: Any) -> None:
        confirmed.set()

    @client.on("bot_uttered")
    async def on_bot(data: dict[str, Any]) -> None:
        answers.append(data)
        first.set()

    # Long-polling: python-engineio's websocket client needs a newer aiohttp than Rasa 3.6 allows.
    await client.connect(bot.url, socketio_path="/socket.io", transports=["polling"], wait_timeout=10)
    try:
        await client.emit("session_request", {"session_id": session_id})
        await asyncio.wait_for(confirmed.wait(), 10)
        await client.emit("user_uttered", {"message": message, "session_id": session_id})
        await asyncio.wait_for(first.wait(), timeout)
        await asyncio.sleep(1)  # the rest of the turn's answers, if any
    finally:
        await client.disconnect()
    return answers


def test_the_kind_message_has_112_and_bris() -> None:
    text = error_message()
    assert "Något gick fel, försök igen om en stund." in text
    assert telefon.linje("sos_112").nummer == "112" and "112" in text
    assert telefon.linje("bris").nummer in text


def test_action_server_down_then_back(bot: Bot) -> None:
    sender = "resiliens-1"
    status, replies = post(bot, sender, "jag är 14")
    assert status == 200 and replies and error_message() not in text_of(replies)
    assert bot.tracker(sender)["slots"]["age"] == 14, (replies, bot.tracker(sender))

    assert bot.actions is not None
    stop(bot.actions)
    try:
        # A fact the action server should take in: Rasa cannot reach it; the user is told kindly.
        status, replies = post(bot, sender, "bor i Farsta")
        assert status == 200
        assert replies == [{"recipient_id": sender, "text": error_message()}]
        # A crisis goes to a custom action too: the kind message still gives 112 and BRIS.
        status, replies = post(bot, sender, "vill inte leva längre")
        assert status == 200 and "112" in text_of(replies) and "116 111" in text_of(replies)
        # socket.io (the chat widget) gets the same instead of silence.
        answers = asyncio.run(socketio_turn(bot, "resiliens-socket", "jag är 15"))
        assert [answer.get("text") for answer in answers] == [error_message()]
        # Answers that need no action server still work.
        status, replies = post(bot, sender, "hej")
        assert status == 200 and replies and error_message() not in text_of(replies)
        # Nothing was lost or half-stored: the failed turns changed no slot.
        slots = bot.tracker(sender)["slots"]
        assert slots["age"] == 14 and slots["stadsdel"] is None
    finally:
        bot.actions = start_actions(bot.actions_port, bot.folder / "actions.log")  # the same port

    status, replies = post(bot, sender, "bor i Farsta")
    assert status == 200 and replies and error_message() not in text_of(replies)
    slots = bot.tracker(sender)["slots"]
    assert slots["age"] == 14 and slots["stadsdel"] == "Farsta" and slots["kommun"] == "Stockholm"
    answers = asyncio.run(socketio_turn(bot, "resiliens-socket", "bor i Farsta"))
    assert answers and error_message() not in [answer.get("text") for answer in answers]
