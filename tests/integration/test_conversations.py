"""Whole conversations against the real servers over REST, checking replies and slots.

The stories in tests/stories check that each message gets the right action; these check what
the user actually reads and what the `matches` contract slot holds afterwards.
"""

from __future__ import annotations

import json
import urllib.error
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.servers import Bot, running_bot

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    with running_bot(Path(tmp_path_factory.mktemp("bot"))) as running:
        yield running


def text_of(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def slots(bot: Bot, sender: str) -> dict[str, Any]:
    return bot.tracker(sender)["slots"]


def skip_until_answer(bot: Bot, sender: str, replies: list[dict[str, Any]], tries: int) -> list[dict[str, Any]]:
    """Answer "vet inte" until the bot presents its matches (at most `tries` questions)."""
    for _ in range(tries):
        if slots(bot, sender)["matches"]:
            break
        replies = bot.say(sender, "/dont_know")
    return replies


def test_teen_gets_matches_without_being_asked_again(bot: Bot) -> None:
    replies = bot.say("teen-1", "jag är 14 och bor i Farsta, vilket stöd kan jag få?")
    state = slots(bot, "teen-1")
    assert state["age"] == 14 and state["stadsdel"] == "Farsta" and state["kommun"] == "Stockholm"
    text = text_of(replies)
    assert "Hur gammal" not in text and "Vilken kommun" not in text
    replies = skip_until_answer(bot, "teen-1", replies, 5)
    assert "Stödsamtal för barn från 12 år" in slots(bot, "teen-1")["matches"]
    assert "Farsta stadsdelsförvaltning" in text_of(replies)


def test_relative_at_night_is_told_where_to_turn(bot: Bot) -> None:
    bot.say("anhorig-1", "min man har demens och jag orkar inte längre")
    bot.say("anhorig-1", "68")
    replies = skip_until_answer(bot, "anhorig-1", bot.say("anhorig-1", "jag bor i Bromma"), 4)
    assert "Stödsamtal för anhöriga" in slots(bot, "anhorig-1")["matches"]
    assert "Bromma stadsdelsförvaltning" in text_of(replies)


def test_outside_stockholm_gets_own_kommun_and_empty_matches(bot: Bot) -> None:
    bot.say("solna-1", "min fru dricker för mycket")
    replies = bot.say("solna-1", "jag bor i Solna")
    assert "Solna" in text_of(replies) and "socialtjänsten" in text_of(replies)
    assert slots(bot, "solna-1")["matches"] == []


def test_crisis_fires_in_the_middle_and_the_conversation_goes_on(bot: Bot) -> None:
    bot.say("kris-1", "jag är 15")
    replies = bot.say("kris-1", "vill inte leva längre")
    text = text_of(replies)
    assert "112" in text and "116 111" in text and "90101" in text
    assert slots(bot, "kris-1")["age"] == 15
    assert bot.say("kris-1", "bor i hökarängen")


def test_correcting_a_fact_updates_the_answer(bot: Bot) -> None:
    bot.say("rattelse-1", "jag är 11 och bor i Farsta")
    bot.say("rattelse-1", "nej jag är 12")
    assert slots(bot, "rattelse-1")["age"] == 12


def test_start_over_forgets_everything(bot: Bot) -> None:
    bot.say("om-1", "jag är 16 och bor i Skarpnäck")
    bot.say("om-1", "börja om")
    state = slots(bot, "om-1")
    assert state["age"] is None and state["stadsdel"] is None and state["matches"] in (None, [])
    # Deleted from the tracker store, not only forgotten (rasa_ext/stores.py).
    stored = json.dumps(bot.tracker("om-1")["events"], ensure_ascii=False)
    assert "Skarpnäck" not in stored and "börja om" not in stored


def test_ask_about_a_named_insats(bot: Bot) -> None:
    assert "Humlan" in text_of(bot.say("fraga-1", "vad är humlan?"))


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "😀😀😀",
        "<script>alert('x')</script>",
        "x" * 20_000,
        "'; DROP TABLE users; --",
        '/inform{"age": -5}',
        '/inform{"age": "abc"}',
        '/inform{"age": 300}',
    ],
)
def test_bad_input_gets_a_reply_and_the_conversation_survives(bot: Bot, message: str) -> None:
    sender = f"bad-{abs(hash(message))}"
    bot.say(sender, "jag är 14")
    try:
        replies = bot.say(sender, message)
        assert replies and all(reply.get("text") for reply in replies)
    except urllib.error.HTTPError as error:
        # Empty messages are refused by the channel with a clear Swedish message, not a crash.
        assert error.code == 400 and not message.strip()
        assert json.loads(error.read())["meddelande"]
    assert slots(bot, sender)["age"] in (14, None) or slots(bot, sender)["age"] == 14
    assert bot.say(sender, "bor i farsta")  # still alive


def test_logs_at_the_default_level_hold_no_user_text(bot: Bot) -> None:
    marker = "kvittrandezebra"
    bot.say("logg-1", f"jag är 14 och min katt heter {marker}")
    bot.say("logg-1", "bor i farsta")
    for log in ("rasa.log", "actions.log"):
        assert marker not in (bot.folder / log).read_text(encoding="utf-8", errors="replace"), log
