"""actions.forklara: explaining a named insats and why one does not fit."""

from __future__ import annotations

from bot.texter import text
from tests.actions.support import run, tracker


def test_explain_a_named_insats() -> None:
    messages, _ = run("action_forklara_insats", tracker("vad är humlan?", "ask_insats"))
    assert messages[0]["text"].startswith("Humlan")


def test_an_unnamed_insats_gets_examples_of_names() -> None:
    messages, _ = run("action_forklara_insats", tracker("vad är det där?", "ask_insats", entities=[]))
    assert [message["text"] for message in messages] == [text("forklara.vilken_insats")]


def test_why_not() -> None:
    messages, _ = run(
        "action_varfor",
        tracker("varför inte stödsamtal för barn från 12 år?", "ask_why", {"age": 11, "kommun": "Stockholm"}),
    )
    assert "12 och 17" in messages[0]["text"]
