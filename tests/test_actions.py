"""The actions, run with real rasa_sdk Trackers and CollectingDispatcher against the real domain.

Every slot an action sets must be in domain.yml and every action in domain.yml must exist, so
drift between the two breaks here.
"""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.forklara
import actions.samtal
import actions.stod
from actions.common import fact_slots, without_unchanged_slots
from bot.texter import text
from bot.understanding import understand

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
ACTIONS: dict[str, Action] = {
    cls().name(): cls()
    for module in (actions.stod, actions.forklara, actions.samtal)
    for cls in vars(module).values()
    if isinstance(cls, type) and issubclass(cls, Action) and not inspect.isabstract(cls) and cls is not Action
}  # as rasa_sdk's executor registers them


def tracker(text: str, intent: str, slots: dict[str, Any] | None = None, entities: list | None = None) -> Tracker:
    all_slots = {name: None for name in DOMAIN["slots"]}
    all_slots.update(slots or {})
    if entities is None:  # what the NLU component (rasa_ext.nlu) puts on a typed message
        entities = [{"entity": f.entity, "value": f.value, "start": f.start, "end": f.end} for f in understand(text)]
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities}
    return Tracker("test-user", all_slots, message, [], False, None, {}, "action_listen")


def run(name: str, track: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ACTIONS[name].run(dispatcher, track, DOMAIN))
    for event in events:
        if event.get("event") == "slot":
            assert event["name"] in DOMAIN["slots"], f"{name} sets unknown slot {event['name']}"
    return dispatcher.messages, events


def slots_set(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}


def test_domain_and_actions_agree() -> None:
    assert set(DOMAIN["actions"]) == set(ACTIONS)
    assert set(fact_slots()) <= set(DOMAIN["slots"])
    for contract_slot in ("age", "kommun", "stadsdel", "relation", "matches"):
        assert contract_slot in DOMAIN["slots"]


def test_several_facts_in_one_message_are_never_asked_again() -> None:
    messages, events = run(
        "action_samla_fakta", tracker("jag är 14, bor i Farsta och mamma dricker", "describe_situation")
    )
    slots = slots_set(events)
    assert slots["age"] == 14 and slots["stadsdel"] == "Farsta" and slots["kommun"] == "Stockholm"
    assert slots["relation"] == "foralder" and "skadligt_bruk" in slots["narstaende_situation"]
    assert slots.get("fragat") not in ("age", "kommun", "stadsdel", "relation", "narstaende_situation")
    if "matches" in slots:
        # The insatser for children of a parent who drinks come first (most relevant).
        assert {"Stödsamtal för anhöriga", "Humlan", "Barns rätt som anhöriga (BRA-samtal)"} <= set(slots["matches"])
        assert any(button["payload"] == "/show_more" for button in messages[-1]["buttons"])


def test_a_bare_number_answers_the_age_question() -> None:
    messages, events = run("action_samla_fakta", tracker("14", "inform", {"fragat": "age"}))
    assert slots_set(events)["age"] == 14
    assert messages and messages[0]["text"]


def test_an_impossible_age_gets_a_kind_reply_and_is_not_kept() -> None:
    messages, events = run(
        "action_samla_fakta",
        tracker('/inform{"age": 300}', "inform", {"fragat": "age"}, [{"entity": "age", "value": 300}]),
    )
    assert "age" not in slots_set(events)
    assert "300" in messages[0]["text"]


def test_someone_in_another_kommun_is_sent_to_their_own_socialtjanst() -> None:
    messages, events = run("action_samla_fakta", tracker("jag bor i Solna", "inform", {"age": 40, "fragat": "kommun"}))
    assert "Solna" in messages[-1]["text"] and "socialtjänsten" in messages[-1]["text"]
    assert slots_set(events)["matches"] == []


def test_matches_contract_after_an_answer() -> None:
    slots = {
        "age": 15,
        "kommun": "Stockholm",
        "stadsdel": "Farsta",
        "foraldrar_separerade": True,
        "fragat": "egen_situation",
    }
    messages, events = run("action_samla_fakta", tracker("vet inte", "dont_know", slots))
    matches = slots_set(events)["matches"]
    assert "Stödgrupp för barn med separerade föräldrar" in matches
    assert "Farsta stadsdelsförvaltning" in messages[-1]["text"]


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


def test_someone_who_used_violence_gets_112_and_not_the_victims_lines() -> None:
    said = "jag har slagit min fru och vill sluta, jag är 41 och bor i vällingby"
    messages, events = run("action_krisstod", tracker(said, "crisis"))
    crisis = messages[0]["text"]
    assert "112" in crisis and "020-50 50 50" not in crisis and "116 111" not in crisis
    assert "utovar_vald" in slots_set(events)["egen_situation"]


def test_an_answer_not_understood_is_asked_again_in_other_words_then_answered() -> None:
    slots = {"age": 44, "kommun": "Stockholm", "fragat": "egen_situation", "antal_fragor": 1}
    messages, events = run("action_samla_fakta", tracker("hmm asså jag vet inte hur jag ska säga", "inform", slots))
    again = messages[-1]
    assert again["text"] != text("fakta.egen_situation.fraga") and again["text"] == text("fraga_igen.valj_situation")
    assert len(again["buttons"]) > 2 and slots_set(events)["missar"] == 1
    messages, events = run(
        "action_samla_fakta", tracker("hmm nej", "inform", {**slots, "missar": 1, "antal_fragor": 2})
    )
    assert slots_set(events)["fragat"] is None and "egen_situation" in slots_set(events)["hoppade_over"]
    assert messages[-1]["text"] != again["text"]


def test_a_message_that_tells_something_else_is_not_met_by_the_same_question() -> None:
    slots = {"fragat": "kommun", "antal_fragor": 1}
    said = "jag är 16 och min pappa dricker"
    messages, events = run("action_samla_fakta", tracker(said, "describe_situation", slots))
    assert slots_set(events).get("fragat") != "kommun"
    assert messages[-1]["text"] != text("fakta.kommun.fraga")


def test_an_answer_to_another_question_is_taken_for_what_it_is() -> None:
    slots = {"fragat": "kommun", "antal_fragor": 1}
    _, events = run("action_samla_fakta", tracker("16", "inform", slots, entities=[]))
    assert slots_set(events)["age"] == 16


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


def test_human_contacts_name_only_verified_numbers() -> None:
    messages, _ = run("action_manniska", tracker("kan jag prata med en människa", "ask_human"))
    assert "112" in messages[0]["text"] and "08-508 00 508" in messages[0]["text"]


def test_a_teen_who_skips_the_situation_is_not_quizzed_about_topics() -> None:
    slots = {"age": 14, "kommun": "Stockholm", "stadsdel": "Farsta", "fragat": "egen_situation"}
    messages, events = run("action_samla_fakta", tracker("vet inte", "dont_know", slots))
    assert "förälder" not in messages[-1]["text"].split("\n")[0]
    assert "Stödsamtal för barn från 12 år" in slots_set(events)["matches"]


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300), asked=st.sampled_from([None, "age", "kommun", "relation", "egen_situation"]))
def test_random_text_never_breaks_an_action(text: str, asked: str | None) -> None:
    for name, intent in (("action_samla_fakta", "inform"), ("action_omformulera", "nlu_fallback")):
        messages, _ = run(name, tracker(text, intent, {"fragat": asked}))
        assert messages and all(message["text"] for message in messages)


def test_every_rule_is_one_intent_and_one_action_so_listening_follows() -> None:
    """SvarOchLyssna ends every action with FollowupAction(action_listen), which Rasa obeys
    without asking its policies: right only while no rule continues after our action."""
    root = Path(__file__).resolve().parents[1] / "data" / "rules"
    for path in root.glob("*.yml"):
        for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            kinds = [next(iter(step)) for step in rule["steps"]]
            assert kinds == ["intent", "action"], f"{path.name}: {rule['rule']}"


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_ends_by_listening(name: str) -> None:
    _, events = run(name, tracker("jag är 14 och bor i Farsta", "inform", {}))
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_listen"}


def test_slot_settings_that_change_nothing_are_left_out() -> None:
    age, age_again = {"event": "slot", "name": "age", "value": 14}, {"event": "slot", "name": "age", "value": 15}
    bot = {"event": "bot", "text": "Hej"}
    assert without_unchanged_slots([age, bot], {"age": 14}) == [bot]
    assert without_unchanged_slots([age], {"age": None}) == [age]
    assert without_unchanged_slots([age], {}) == [age]  # a slot the tracker does not show is kept
    assert without_unchanged_slots([age_again, age], {"age": 14}) == [age_again, age]  # set back: both kept
    assert without_unchanged_slots([age, age], {"age": None}) == [age]
    true, one = {"event": "slot", "name": "x", "value": True}, {"event": "slot", "name": "x", "value": 1}
    assert without_unchanged_slots([true], {"x": 1}) == [true]  # 1 == True, but not the same value
    assert without_unchanged_slots([one], {"x": 1}) == []


def test_an_action_sets_only_the_slots_it_changes() -> None:
    first = tracker("jag är 14 och bor i Farsta", "inform")
    _, events = run("action_samla_fakta", first)
    slots = {**{name: None for name in DOMAIN["slots"]}, **slots_set(events)}
    _, again = run("action_samla_fakta", tracker("jag är 14 och bor i Farsta", "inform", slots))
    changed = slots_set(again)
    assert all(slots[name] != value for name, value in changed.items()), changed
    assert "age" not in changed and "stadsdel" not in changed


def test_a_story_the_lexicon_did_not_read_gets_one_confirming_question() -> None:
    said = "lånen växer och räkningarna hinns inte med"
    messages, events = run("action_samla_fakta", tracker(said, "describe_situation", {"age": 40}))
    slots = slots_set(events)
    assert slots["forslag"] == "egen_situation=skulder" and slots["foreslaget"] == ["egen_situation=skulder"]
    assert any(b["payload"] == '/inform{"egen_situation": "skulder"}' for b in messages[-1]["buttons"])
    asked = {"age": 40, "forslag": "egen_situation=skulder", "foreslaget": ["egen_situation=skulder"]}
    _, events = run("action_samla_fakta", tracker("ja", "affirm", asked))
    assert slots_set(events)["egen_situation"] == ["skulder"] and slots_set(events)["forslag"] is None
