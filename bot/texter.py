"""Every sentence the bot composes, looked up by key in one YAML file per language.

The texts live in bot/data/texter/<lang>.yml (nested sections; a key is the path joined with
dots, "svar.intro"). Code chooses a key and fills in the values (names, numbers, counts) by
their placeholder names: `text("svar.fler_finns", antal=3)`. Swedish (`sv`) is the default.

The lookup is strict, so a mistake shows at once rather than as an odd sentence: an unknown
language or key, a placeholder without a value or a value without a placeholder raises
TextError. tests/bot/test_texter.py checks that every language has the same keys and placeholders.
Files are read once, on first use (functools.cache), never at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

TEXT_DIR = Path(__file__).parent / "data" / "texter"
DEFAULT_LANG = "sv"


class TextError(KeyError):
    """A text that cannot be given: unknown language or key, or values that do not fit it."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def path_of(lang: str) -> Path:
    """The texts file of one language."""
    return TEXT_DIR / f"{lang}.yml"


def languages() -> list[str]:
    """The languages that have a texts file, sorted."""
    return sorted(path.stem for path in TEXT_DIR.glob("*.yml"))


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested sections as {"section.key": text}; a value that is not text is an error."""
    flat: dict[str, str] = {}
    for name, value in tree.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{key}."))
        elif isinstance(value, str):
            flat[key] = value
        else:
            raise TextError(f"'{key}': must be a text or a section of texts, not {value!r}")
    return flat


@cache
def texts(lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Every text of one language by key (read once)."""
    path = path_of(lang)
    if not path.is_file():
        raise TextError(f"no texts for language '{lang}' ({path} is missing)")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, Mapping):
        raise TextError(f"{path.name}: must be sections of texts")
    return flatten(raw)


@cache
def placeholders(template: str) -> frozenset[str]:
    """The placeholder names in one text ("Det finns {antal} till" -> {"antal"})."""
    return frozenset(name for _, name, _, _ in Formatter().parse(template) if name is not None)


def has(key: str, lang: str = DEFAULT_LANG) -> bool:
    """Whether the language has a text for the key."""
    return key in texts(lang)


def text(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """The text for the key in the language, its placeholders filled in from `values`."""
    try:
        template = texts(lang)[key]
    except KeyError:
        raise TextError(f"{path_of(lang).name}: text '{key}' is missing") from None
    if not values and "{" not in template:
        return template
    wanted = placeholders(template)
    if wanted != values.keys():
        raise TextError(
            f"{path_of(lang).name}: text '{key}' has the placeholders {sorted(wanted)}, given {sorted(values)}"
        )
    return template.format(**values)
