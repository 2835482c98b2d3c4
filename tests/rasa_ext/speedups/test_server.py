"""rasa_ext.speedups.server: action responses Rasa accepts are accepted, those it rejects are rejected
with Rasa's own error; stored events come back as the classes Rasa's own lookup gives; installing
makes the server load models with the ordered graph runner (docs/rasa-upgrade.md). The runner on a
trained model: tests/integration/test_ordered_runner.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rasa.core.processor
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, SlotSet, UserUttered

from rasa_ext.speedups import server

ROOT = Path(__file__).resolve().parents[3]  # the repository


VALID_RESPONSES = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "age", "value": 14}], "responses": [{"text": "Hej"}]},
    {"events": [{"event": "restart"}, {"event": "followup", "name": "action_listen"}]},
]
INVALID_RESPONSES = [
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"events": [{"event": "slot"}]},  # a slot event needs a name
    {"responses": "text"},
]


def rasas_schema_check(response: object) -> bool:
    schema = RemoteAction.action_response_format_spec()
    return validators.validator_for(schema)(schema).is_valid(response)


EVENT_NAMES = sorted(server.event_classes()) + ["no_such_event", ""]
ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
EVENT = st.one_of(
    st.fixed_dictionaries(
        {"event": st.one_of(st.sampled_from(EVENT_NAMES), ANY_VALUE)},
        optional={
            "name": st.one_of(st.text(max_size=8), ANY_VALUE),
            "value": ANY_VALUE,
            "timestamp": ANY_VALUE,
            "metadata": ANY_VALUE,
            "text": ANY_VALUE,
            "parse_data": ANY_VALUE,
            "policy": ANY_VALUE,
            "confidence": ANY_VALUE,
            "hide_rule_turn": ANY_VALUE,
            "entities": ANY_VALUE,
        },
    ),
    ANY_VALUE,
)
RESPONSE = st.one_of(
    st.fixed_dictionaries({}, optional={"events": st.one_of(st.lists(EVENT, max_size=4), ANY_VALUE),
                                        "responses": st.one_of(st.lists(ANY_VALUE, max_size=2), ANY_VALUE)}),
    ANY_VALUE,
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(RESPONSE)
def test_the_event_by_event_check_gives_the_schemas_verdict(response: object) -> None:
    assert server.response_check()(response) is rasas_schema_check(response)


def test_the_event_by_event_check_is_used_and_sees_every_branch() -> None:
    schema = RemoteAction.action_response_format_spec()
    assert server._event_dispatch(schema) is not None  # Rasa's schema still has the expected shape
    for name in server.event_classes():
        response = {"events": [{"event": name, "timestamp": None}]}
        assert server.response_check()(response) is rasas_schema_check(response)


@pytest.mark.parametrize("name", [*sorted(server.event_classes()), "topic"])
def test_event_classes_are_the_ones_rasa_resolves(name: str, fast_validation: object) -> None:
    assert Event.resolve_by_type(name) is server._RASA_RESOLVE(name)


def test_unknown_event_names_go_to_rasas_own_lookup(fast_validation: object) -> None:
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    stored = [{"event": "user", "text": "hej", "parse_data": {}}, {"event": "slot", "name": "age", "value": 14}]
    assert [type(Event.from_parameters(event)) for event in stored] == [UserUttered, SlotSet]


@pytest.mark.parametrize("response", VALID_RESPONSES)
def test_valid_responses_pass_as_with_rasa(response: dict, fast_validation: object) -> None:
    action = RemoteAction("action_samla_fakta", None)
    assert server._RASA_CHECK(action, response) is True
    assert action._validate_action_result(response) is True


@pytest.mark.parametrize("response", INVALID_RESPONSES)
def test_invalid_responses_fail_with_rasas_error(response: dict, fast_validation: object) -> None:
    action = RemoteAction("action_samla_fakta", None)
    with pytest.raises(ValidationError) as rasa_error:
        server._RASA_CHECK(action, response)
    with pytest.raises(ValidationError) as our_error:
        action._validate_action_result(response)
    assert our_error.value.message == rasa_error.value.message
    assert "Failed to validate Action server response" in our_error.value.message


def test_install_is_idempotent(fast_validation: object) -> None:
    server.install()
    assert RemoteAction._validate_action_result is server.validate_action_result
    assert Event.resolve_by_type is server.resolve_by_type
    assert server.response_check() is server.response_check()  # built once


def test_importing_changes_nothing() -> None:
    check = (
        "from rasa.core.actions.action import RemoteAction as R; from rasa.shared.core.events import Event as E; "
        "before, resolve = R._validate_action_result, E.resolve_by_type; import rasa_ext.speedups.server; "
        "assert R._validate_action_result is before and E.resolve_by_type is resolve"
    )
    subprocess.run([sys.executable, "-c", check], check=True, timeout=120, cwd=ROOT)


def test_installing_makes_the_server_load_models_with_the_ordered_runner(fast_validation: object) -> None:
    from rasa_ext.speedups.runner import OrderedGraphRunner

    assert rasa.core.processor.DaskGraphRunner is OrderedGraphRunner
