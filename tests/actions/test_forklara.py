"""actions.forklara: explaining a named insats and why one does not fit."""

from __future__ import annotations

from bot.texter import text
from tests.actions.support import run, slots_set, tracker


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


SHOWN = {"age": 15, "kommun": "Stockholm", "stadsdel": "Vårberg", "foraldrar_separerade": True,
         "matches": ["Stödgrupp för barn med separerade föräldrar", "Stödsamtal för barn från 12 år"]}  # fmt: skip


def test_a_question_about_the_insatser_shown_is_answered_from_their_data() -> None:
    messages, events = run("action_omformulera", tracker("hur många gånger får man prata?", "nlu_fallback", SHOWN))
    assert messages[0]["text"] == "Stödsamtal för barn från 12 år: Högst 7 samtal."  # "prata": the samtal shown
    assert events[-1]["name"] == "action_listen"


def test_a_consent_question_while_facts_are_collected() -> None:
    messages, events = run("action_samla_fakta", tracker("måste farsan säga ja då?", "inform", SHOWN))
    assert "Du är 15 år eller äldre" in messages[0]["text"]
    assert not [e for e in events if e.get("event") == "slot"]  # nothing changes: the conversation goes on


def test_why_not_looks_among_the_ruled_out_too() -> None:
    """An 11-year-old was shown the groups; "prata med nån själv" is the samtal not shown, from 12."""
    slots = {"age": 11, "kommun": "Stockholm", "stadsdel": "Kristineberg", "foraldrar_separerade": True,
             "matches": ["Stödgrupp för barn med separerade föräldrar", "Barngrupper"]}  # fmt: skip
    messages, _ = run("action_varfor", tracker("varför kan jag inte få prata med nån själv?", "ask_why", slots))
    assert "Stödsamtal för barn från 12 år" in messages[0]["text"] and "12 och 17" in messages[0]["text"]


def test_an_explanation_while_a_question_is_open_counts_as_a_question() -> None:
    slots = {"fragat": "egen_situation", "antal_fragor": 2}
    _, events = run("action_forklara_insats", tracker("vad är Humlan?", "ask_insats", slots))
    assert slots_set(events)["antal_fragor"] == 3
    _, events = run("action_forklara_insats", tracker("vad är Humlan?", "ask_insats", {**slots, "matches": ["Lots"]}))
    assert "antal_fragor" not in slots_set(events)
