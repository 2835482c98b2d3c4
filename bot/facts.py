"""The facts vocabulary (bot/data/fakta.yml) and cleaning of user-given facts.

Every fact the rules, the dialogue and the Rasa slots use is declared once in fakta.yml.
`clean_facts` turns whatever arrives (slot values, CLI JSON) into values the engine can trust:
anything malformed or impossible becomes unknown and is reported, never raised. How a fact is
named and asked in a sentence is a text (bot/data/texter/<lang>.yml, `fakta.<name>`), as are the
problem messages (`fakta_fel`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.texter import text

DATA_DIR = Path(__file__).parent / "data"

KINDS = ("ask", "confirm", "derived")
TYPES = ("int", "str", "bool", "enum", "set")


@dataclass(frozen=True)
class Fact:
    """One fact the rules may refer to."""

    name: str
    kind: str
    type: str
    topical: bool
    asked_via: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    min: int | None = None
    max: int | None = None
    implied_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # An int fact with one value per person ("barnen är 4 och 9"): a list when several are told,
    # and a condition on it is met when one of them meets it.
    several: bool = False

    @property
    def askable_name(self) -> str:
        """The fact the bot asks for to learn this one (itself unless derived)."""
        return self.asked_via or self.name


class FactError(ValueError):
    """A fact value that cannot be used; the message (a text of `fakta_fel`) is kind, for the user."""


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Fact]:
    """Load and check fakta.yml once."""
    path = DATA_DIR / "fakta.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    facts: dict[str, Fact] = {}
    for name, spec in raw.items():
        # Editor messages in English with the file, the fact and the field, like the catalogue's.
        if spec.get("kind") not in KINDS:
            raise ValueError(f"{path.name}: fact '{name}', kind: must be one of {', '.join(KINDS)}")
        if spec.get("type") not in TYPES:
            raise ValueError(f"{path.name}: fact '{name}', type: must be one of {', '.join(TYPES)}")
        if spec["type"] in ("enum", "set") and not spec.get("values"):
            raise ValueError(f"{path.name}: fact '{name}', values: missing (type {spec['type']} needs values)")
        facts[name] = Fact(
            name=name,
            kind=spec["kind"],
            type=spec["type"],
            topical=bool(spec.get("topical", False)),
            asked_via=spec.get("asked_via"),
            values=spec.get("values") or {},
            min=spec.get("min"),
            max=spec.get("max"),
            implied_by={key: tuple(values) for key, values in (spec.get("implied_by") or {}).items()},
            several=bool(spec.get("flera", False)),
        )
    return facts


def _as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise FactError(text("fakta_fel.tal"))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    raise FactError(text("fakta_fel.tal"))


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "ja", "yes"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "nej", "no"):
        return False
    raise FactError(text("fakta_fel.ja_nej"))


def _known(fact: Fact, value: Any) -> bool:
    """Whether the value is one of the fact's values (a list or a dict from a malformed
    payload is simply not one)."""
    return isinstance(value, (str, int, float, bool)) and value in fact.values


def _clean_int(fact: Fact, value: Any) -> int:
    number = _as_int(value)
    if (fact.min is not None and number < fact.min) or (fact.max is not None and number > fact.max):
        raise FactError(text("fakta_fel.stammer_inte", tal=number, etikett=text(f"fakta.{fact.name}.etikett")))
    return number


def clean_value(fact: Fact, value: Any) -> Any:
    """Return the value in the fact's type, or raise FactError saying what is wrong."""
    if fact.type == "int" and fact.several and isinstance(value, (list, tuple)) and value:
        numbers = sorted({_clean_int(fact, item) for item in value})
        return numbers[0] if len(numbers) == 1 else numbers
    if fact.type == "int":
        return _clean_int(fact, value)
    if fact.type == "bool":
        return _as_bool(value)
    if fact.type == "str":
        if not isinstance(value, str) or not value.strip():
            raise FactError(text("fakta_fel.text"))
        return value.strip()[:100]
    if fact.type == "enum":
        if not _known(fact, value):
            raise FactError(text("fakta_fel.okant_varde", varde=value))
        return value
    items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    unknown = [item for item in items if not _known(fact, item)]
    if unknown:
        raise FactError(text("fakta_fel.okanda_varden", varden=", ".join(map(str, unknown))))
    return frozenset(items)


def clean_facts(raw: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, str]]:
    """Split raw facts into usable facts and problems (fact name -> message for the user).

    Unknown fact names, None values and bad values are left out, so they count as unknown.
    """
    vocab = vocabulary()
    facts: dict[str, Any] = {}
    problems: dict[str, str] = {}
    if not isinstance(raw, Mapping):
        return facts, ({"facts": text("fakta_fel.inte_objekt")} if raw is not None else {})
    for name, value in raw.items():
        if value is None:
            continue
        fact = vocab.get(str(name))
        if fact is None:
            problems[str(name)] = text("fakta_fel.okant_fakta")
            continue
        try:
            facts[fact.name] = clean_value(fact, value)
        except FactError as error:
            problems[fact.name] = str(error)
    return facts, problems


@lru_cache(maxsize=1)
def _implications() -> tuple[tuple[str, tuple[tuple[str, frozenset[Any]], ...]], ...]:
    """Every fact with an `implied_by`: (fact, ((source, values), ...)), worked out once."""
    return tuple(
        (fact.name, tuple((source, frozenset(values)) for source, values in fact.implied_by.items()))
        for fact in vocabulary().values()
        if fact.implied_by
    )


def apply_implications(facts: dict[str, Any]) -> None:
    """Set bool facts that other facts imply (fakta.yml `implied_by`), unless already given."""
    for name, sources in _implications():
        if name in facts:
            continue
        for source, values in sources:
            given = facts.get(source)
            present = set(given) if isinstance(given, (set, frozenset, list, tuple)) else {given}
            if present & values:
                facts[name] = True
                break
