"""`python -m rasa_ext.speedups.server run …`: Rasa's own command line, with three measured costs removed.

1. Rasa 3.6 checks every response from the action server against a JSON schema with
   `jsonschema.validate()`, which first re-checks the schema itself, on every call. Here the
   schema is checked once, and each event of a response is checked against the one event schema
   its `"event"` names instead of trying all 25 of the schema's `oneOf` (the same verdict: every
   one of those schemas fixes `"event"` to a different constant). A valid response passes; an
   invalid one goes to Rasa's own check, so it is rejected with exactly Rasa's error.
2. Rasa turns every stored event back into an object by `Event.resolve_by_type`, which walks
   all of Event's subclasses for each event (stored conversations are read on every message).
   Here the name → class table is built once, from the same walk, so the same class comes back;
   a name not in the table (an old "topic" event, an unknown name) still goes to Rasa's code.
3. The model's graphs run through rasa_ext.speedups.runner.OrderedGraphRunner instead of dask.

Measured with `make bench` (bench/choices.md). The changes are made by `install()`, called by
`main()` unless STODGUIDEN_SPEEDUPS=0 (then this is Rasa's CLI unchanged), never at import.
Nothing else changes: every argument goes to Rasa's CLI. docs/rasa-upgrade.md says what each
change touches and which test guards it.
"""

from __future__ import annotations

import copy
import functools
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

import rasa.core.processor
from jsonschema import validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from rasa_ext.speedups import SWITCH, enabled
from rasa_ext.speedups.runner import OrderedGraphRunner

_RASA_CHECK = RemoteAction._validate_action_result
_RASA_RESOLVE = Event.resolve_by_type

Check = Callable[[Any], bool]


def _validator(schema: Mapping[str, Any]) -> Any:
    """A jsonschema validator for the schema, the schema itself checked once."""
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _event_dispatch(schema: Mapping[str, Any]) -> Check | None:
    """A check equal to the schema's, with each event checked only against the `oneOf` branches
    whose `"event"` constant it names; None when the schema does not have that shape."""
    events = schema.get("properties", {}).get("events", {})
    items = events.get("items")
    if not isinstance(items, dict) or "oneOf" not in items:
        return None
    # The item schema must require "event" as a string, so exactly the branches whose constant
    # equals it can match: any other branch fails on its `const`.
    if "event" not in items.get("required", ()) or items.get("properties", {}).get("event") != {"type": "string"}:
        return None
    branches: dict[str, list[Any]] = {}
    for branch in items["oneOf"]:
        constant = branch.get("properties", {}).get("event", {}).get("const") if isinstance(branch, dict) else None
        if not isinstance(constant, str):
            return None
        branches.setdefault(constant, []).append(_validator(branch))
    outer_schema = copy.deepcopy(dict(schema))
    outer_schema["properties"]["events"] = {key: value for key, value in events.items() if key != "items"}
    outer = _validator(outer_schema)
    item = _validator({key: value for key, value in items.items() if key != "oneOf"})

    def is_valid(result: Any) -> bool:
        if not outer.is_valid(result):
            return False
        for event in result.get("events") or ():
            if not item.is_valid(event):
                return False
            if sum(1 for branch in branches.get(event["event"], ()) if branch.is_valid(event)) != 1:
                return False  # oneOf: exactly one branch
        return True

    return is_valid


@functools.lru_cache(maxsize=1)
def response_check() -> Check:
    """True for an action response Rasa's schema accepts (built once)."""
    schema = RemoteAction.action_response_format_spec()
    return _event_dispatch(schema) or _validator(schema).is_valid


def validate_action_result(action: RemoteAction, result: dict[str, Any]) -> bool:
    """True for a valid response; an invalid one raises Rasa's own ValidationError."""
    if response_check()(result):
        return True
    return _RASA_CHECK(action, result)


@functools.lru_cache(maxsize=1)
def event_classes() -> dict[str, type[Event]]:
    """Event type name → the class Rasa's resolve_by_type returns for it (the first in its walk).

    Built on first use, when Rasa's event classes are all defined."""
    table: dict[str, type[Event]] = {}
    for event_class in all_subclasses(Event):
        table.setdefault(event_class.type_name, event_class)
    return table


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Rasa's Event.resolve_by_type, looked up in a table instead of walking the classes."""
    found = event_classes().get(type_name)
    return found if found is not None else _RASA_RESOLVE(type_name, default)


def install() -> None:
    """Apply the three changes (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]
    rasa.core.processor.DaskGraphRunner = OrderedGraphRunner  # type: ignore[misc]


def main() -> None:
    """Rasa's CLI (`rasa run`, `rasa shell`, ...) with install() applied, unless switched off."""
    if enabled():
        install()
    else:
        switch = f"{SWITCH}={os.environ.get(SWITCH, '')}"
        print(f"Stödguiden: {switch}, Rasa runs without the speed-ups (as plain `rasa`).", file=sys.stderr)
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
