"""actions.common and the actions as a whole: every slot an action sets is in domain.yml and every
action in domain.yml exists, so drift between the two breaks here; every action ends by listening
and sets only the slots it changes."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from actions.common import fact_slots, without_unchanged_slots
from tests.actions.support import ACTIONS, DOMAIN, ROOT, run, slots_set, tracker


def test_domain_and_actions_agree() -> None:
    assert set(DOMAIN["actions"]) == set(ACTIONS)
    assert set(fact_slots()) <= set(DOMAIN["slots"])
    for contract_slot in ("age", "kommun", "stadsdel", "relation", "matches"):
        assert contract_slot in DOMAIN["slots"]


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300), asked=st.sampled_from([None, "age", "kommun", "relation", "egen_situation"]))
def test_random_text_never_breaks_an_action(text: str, asked: str | None) -> None:
    for name, intent in (("action_samla_fakta", "inform"), ("action_omformulera", "nlu_fallback")):
        messages, _ = run(name, tracker(text, intent, {"fragat": asked}))
        assert messages and all(message["text"] for message in messages)


def test_every_rule_is_one_intent_and_one_action_so_listening_follows() -> None:
    """AnswerThenListen ends every action with FollowupAction(action_listen), which Rasa obeys
    without asking its policies: right only while no rule continues after our action."""
    root = ROOT / "data" / "rules"
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
