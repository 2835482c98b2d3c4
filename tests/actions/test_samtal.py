"""actions.samtal: crisis support, a human to talk to, starting over and asking again."""

from __future__ import annotations

import pytest

from bot.texter import text
from tests.actions.support import run, slots_set, tracker


def test_crisis_gives_112_and_bris_to_a_teen_and_goes_on() -> None:
    messages, events = run("action_krisstod", tracker("jag vill inte leva längre", "crisis", {"age": 14}))
    assert "112" in messages[0]["text"] and "116 111" in messages[0]["text"]
    assert slots_set(events)["kris_visad"] == ["suicid"]
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}


def test_a_crisis_with_a_question_gets_both_in_the_same_turn() -> None:
    said = "min sambo slår mig ibland. finns det någon grupp för kvinnor som jag? jag är 34 och bor i rågsved"
    messages, events = run("action_krisstod", tracker(said, "crisis"))
    assert "020-50 50 50" in messages[0]["text"] and "112" in messages[0]["text"]
    slots = slots_set(events)
    assert slots["age"] == 34 and slots["stadsdel"] == "Rågsved" and "utsatt_for_vald" in slots["egen_situation"]
    assert len(messages) >= 2  # the help goes on at once: the next question or the answer
    assert slots.get("matches") or slots.get("fragat")


def test_a_second_mention_of_the_same_crisis_gets_one_line() -> None:
    messages, _ = run("action_krisstod", tracker("han slår mig igen", "crisis", {"kris_visad": ["vald"]}))
    assert messages[0]["text"] == text("kris.paminnelse")


def test_a_new_kind_of_crisis_keeps_the_lines_of_the_earlier_one() -> None:
    # the brother spoke of suicide last night; now the sister is afraid of him
    said = "finns det nån jag kan ringa i natt om jag blir rädd för honom?"
    messages, events = run("action_krisstod", tracker(said, "crisis", {"kris_visad": ["suicid"], "age": 60}))
    crisis = messages[0]["text"]
    assert "112" in crisis and "90101" in crisis and "020-50 50 50" in crisis
    assert "116 111" not in crisis  # BRIS is for under 18
    assert slots_set(events)["kris_visad"] == ["suicid", "vald"]


def test_someone_who_used_violence_gets_112_and_not_the_victims_lines() -> None:
    said = "jag har slagit min fru och vill sluta, jag är 41 och bor i vällingby"
    messages, events = run("action_krisstod", tracker(said, "crisis"))
    crisis = messages[0]["text"]
    assert "112" in crisis and "020-50 50 50" not in crisis and "116 111" not in crisis
    assert "utovar_vald" in slots_set(events)["egen_situation"]


def test_restart_forgets_everything() -> None:
    messages, events = run("action_borja_om", tracker("börja om", "restart", {"age": 14}))
    assert messages[0]["text"] == text("samtal.glomt_allt")
    assert {"event": "reset_slots", "timestamp": None} in events
    assert any(event.get("event") == "restart" for event in events)


@pytest.mark.parametrize(
    "text", ["", "   ", "😀😀😀", "<script>alert(1)</script>", "x" * 100_000, "'; DROP TABLE users; --", "\x00\x07"]
)
def test_bad_input_never_crashes(text: str) -> None:
    messages, _ = run("action_omformulera", tracker(text, "nlu_fallback"))
    assert messages and messages[0]["text"]


def test_asked_whom_to_call_the_lines_for_the_person_come_first() -> None:
    slots = {"age": 45, "stadsdel": "Kungsholmen", "relation": "partner", "kris_visad": ["suicid"],
             "narstaende_situation": ["psykisk_sjukdom"], "matches": ["Stödsamtal för anhöriga"]}  # fmt: skip
    said = "vem kan jag ringa i natt om det blir värre?"
    messages, _ = run("action_omformulera", tracker(said, "nlu_fallback", slots))
    said = messages[0]["text"]
    for_her = said.split("Just nu")[0]
    assert "90101" in for_her and "0200-239 500" in for_her and "112" in said
    assert "116 111" not in for_her  # BRIS is for under 18


def test_human_contacts_name_only_verified_numbers() -> None:
    messages, _ = run("action_manniska", tracker("kan jag prata med en människa", "ask_human"))
    assert "112" in messages[0]["text"] and "08-508 00 508" in messages[0]["text"]


def test_a_question_about_the_insatser_shown_is_answered_even_when_read_as_out_of_scope() -> None:
    slots = {"age": 14, "stadsdel": "Mälarhöjden", "matches": ["Stödsamtal för barn från 12 år", "Lots"]}
    messages, _ = run("action_utanfor", tracker("hur många gånger får man prata?", "out_of_scope", slots))
    assert "7" in messages[0]["text"]
    messages, _ = run("action_utanfor", tracker("vad blir det för väder imorgon", "out_of_scope", slots))
    assert messages[0].get("response") == "utter_out_of_scope"
