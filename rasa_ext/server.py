"""`python -m rasa_ext.server run …`: Rasa's own command line, with action responses checked faster.

Rasa 3.6 checks every response from the action server against a JSON schema with
`jsonschema.validate()`, which first re-checks the schema itself, on every call. Measured with
`make bench` (docs/benchmarks.md, "Choices"), that was the largest single cost of a message in
the Rasa server (~20 % of its CPU). Here the validator is built once; a valid response passes at
the cost of checking the response alone, and an invalid one goes to Rasa's own check, so it is
rejected with exactly Rasa's error. Nothing else changes: every argument goes to Rasa's CLI.

The change is made by `install()`, called by `main()`, never at import.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from jsonschema import validators
from rasa.core.actions.action import RemoteAction

_RASA_CHECK = RemoteAction._validate_action_result


@functools.lru_cache(maxsize=1)
def response_validator() -> Any:
    """A validator for Rasa's action response schema, the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(action: RemoteAction, result: dict[str, Any]) -> bool:
    """True for a valid response; an invalid one raises Rasa's own ValidationError."""
    if response_validator().is_valid(result):
        return True
    return _RASA_CHECK(action, result)


def install() -> None:
    """Check action responses with the validator built once (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def main() -> None:
    """Rasa's CLI (`rasa run`, `rasa shell`, ...) with install() applied."""
    install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
