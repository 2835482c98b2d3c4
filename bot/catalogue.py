"""The insatskatalog: every insats as data (bot/data/insatser/*.yml), checked at load.

The format is defined once, by the JSON Schema bot/data/insats.schema.json (editors get
completion and checks from it in their editor); the rule vocabulary's meaning is explained in
docs/regler.md. Loading validates each file with that schema, then checks what the schema cannot
know: the id is the file name, fact names and values exist in bot/data/fakta.yml and suit the
fact's type, umbrella ids exist. A broken entry fails with a message naming the file, the insats
and the field, so a city editor can fix it (in English with the Swedish keys: docs/ordlista.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

from bot.facts import DATA_DIR, Fact, vocabulary
from bot.text import fold

INSATS_DIR = DATA_DIR / "insatser"
SCHEMA_PATH = DATA_DIR / "insats.schema.json"
OPERATORS = ("equals", "in", "min", "max", "includes_any")
# PyYAML's safe loader in C where the wheel has libyaml: the same objects for every insats file
# (tests/bot/test_catalogue.py) in a tenth of the time, which pays for the schema check at start-up.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogueError(ValueError):
    """A catalogue file that does not follow bot/data/insats.schema.json or bot/data/fakta.yml."""


@dataclass(frozen=True)
class Insats:
    """One insats utan behovsprövning, as the seed describes it."""

    id: str
    namn: str
    kort: str
    ges_av: str
    kalla: Mapping[str, str]
    villkor: tuple[Mapping[str, Any], ...]
    alias: tuple[str, ...] = ()
    omfattning: Mapping[str, Any] = field(default_factory=dict)
    vand_dig_enligt: str | None = None
    dokumentation: str | None = None
    generell: bool = False
    paraply: tuple[str, ...] = ()
    path: str = ""

    @property
    def matchable(self) -> bool:
        """Umbrella headings are explained but never matched."""
        return not self.paraply

    @property
    def del2(self) -> bool:
        """Given city-wide by socialförvaltningen (003 Del 2)."""
        return self.ges_av == "socialforvaltningen"


def _fail(path: Path, insats: str, where: str, message: str) -> CatalogueError:
    return CatalogueError(f"{path.name}: insats '{insats}', {where}: {message}")


@cache
def _validator() -> Draft7Validator:
    """The insats format's validator, built once from the schema file the editors use."""
    return Draft7Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _field(parts: Iterable[str | int]) -> str:
    """A path in a file as an editor reads it: `villkor[2].any[0].min` ("file" for the whole file)."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "file"


_TYPE_WORDS = {
    "object": "an object (keys with values)",
    "array": "a list",
    "string": "a text",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
}


def _one_key(error: ValidationError) -> str:
    """anyOf/oneOf over `required` alternatives: which key is missing, or which keys clash."""
    keys = [key for option in error.validator_value for key in option["required"]]
    given = [key for key in keys if key in error.instance]
    if len(given) > 1:
        return f"has both {' and '.join(given)}, but a condition has only one of {', '.join(keys)}"
    return f"needs one of {', '.join(keys)}"


def _not_here(error: ValidationError) -> str:
    """A key a `false` schema forbids: a comparison in an all/any/not/bekrafta condition."""
    trail = list(error.schema_path)
    owner = trail[max(index for index, step in enumerate(trail) if step == "dependencies") + 1]
    return f"does not belong in a condition with '{owner}' (comparisons go with fact only)"


def _wrong_type(error: ValidationError) -> str:
    wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    return f"must be {' or '.join(_TYPE_WORDS[name] for name in wanted)}"


# Every validation keyword the schema uses, with the message an editor reads (jsonschema's own
# messages quote Python values; the field is named apart, by _explain). tests/bot/test_catalogue.py
# checks that no keyword of the schema is missing here. None is jsonschema's `false` schema.
MESSAGES: dict[str | None, Callable[[ValidationError], str]] = {
    "required": lambda error: "missing",
    "additionalProperties": lambda error: f"unknown key (allowed here: {', '.join(error.schema['properties'])})",
    "type": _wrong_type,
    "enum": lambda error: f"'{error.instance}' must be one of {', '.join(error.validator_value)}",
    "minLength": lambda error: "must not be empty",
    "minItems": lambda error: "must not be empty",
    "minimum": lambda error: f"must be at least {error.validator_value}",
    "exclusiveMinimum": lambda error: f"must be more than {error.validator_value}",
    "oneOf": _one_key,
    "anyOf": _one_key,
    None: _not_here,
}


def _explain(error: ValidationError) -> tuple[str, str]:
    """A schema error as (field, message): the error's path, plus the key itself when the error
    is about a missing or an unknown key."""
    where = list(error.absolute_path)
    if error.validator == "required":
        where.append(next(key for key in error.validator_value if key not in error.instance))
    elif error.validator == "additionalProperties":
        where.append(next(key for key in error.instance if key not in error.schema["properties"]))
    return _field(where), MESSAGES[error.validator](error)


def _leaves(node: Mapping[str, Any], where: str) -> Iterator[tuple[Mapping[str, Any], str]]:
    """Every `fact` condition under a (schema-valid) condition, with its field name."""
    for key in ("all", "any"):
        for index, child in enumerate(node.get(key, ())):
            yield from _leaves(child, f"{where}.{key}[{index}]")
    if "not" in node:
        yield from _leaves(node["not"], f"{where}.not")
    if "fact" in node:
        yield node, where


def _value_problem(fact: Fact, value: Any) -> str | None:
    """Why a value cannot be one of this fact's values (None when it can)."""
    if fact.type in ("enum", "set") and value not in fact.values:
        return f"'{value}' is not a value of {fact.name}"
    if fact.type == "bool" and not isinstance(value, bool):
        return f"{fact.name} is true or false"
    if fact.type == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"{fact.name} is an integer"
    if fact.type == "str" and not isinstance(value, str):
        return f"{fact.name} is a text"
    return None


def _fact_problem(node: Mapping[str, Any], vocab: Mapping[str, Fact]) -> tuple[str, str] | None:
    """What the schema cannot know about a `fact` condition: the fact exists in fakta.yml and
    each comparison suits its type and values. Returns (field under the condition, message)."""
    name = node["fact"]
    fact = vocab.get(name)
    if fact is None:
        return "fact", f"unknown fact '{name}' (see bot/data/fakta.yml)"
    for operator in OPERATORS:
        if operator not in node:
            continue
        value = node[operator]
        if operator in ("min", "max"):
            if fact.type != "int":
                return operator, f"needs a number fact ({name} is {fact.type})"
            if not isinstance(value, int):  # JSON Schema's integer also takes 12.0
                return operator, "must be an integer"
            continue
        if operator == "includes_any" and fact.type != "set":
            return operator, f"needs a set fact ({name} is {fact.type})"
        for item in value if operator in ("in", "includes_any") else [value]:
            problem = _value_problem(fact, item)
            if problem:
                return operator, problem
    return None


def _load_file(path: Path, vocab: Mapping[str, Fact]) -> Insats:
    """Read one insats file: the schema first (the format), then what only fakta.yml knows."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path.name}: invalid YAML: {error}") from error
    insats = str(raw.get("id", path.stem)) if isinstance(raw, Mapping) else path.stem
    errors = sorted(_validator().iter_errors(raw), key=lambda error: len(error.absolute_path))
    if errors:
        raise _fail(path, insats, *_explain(errors[0]))
    if raw["id"] != path.stem:
        raise _fail(path, insats, "id", f"must be the file name ({path.stem})")
    for index, node in enumerate(raw["villkor"]):
        for leaf, where in _leaves(node, f"villkor[{index}]"):
            problem = _fact_problem(leaf, vocab)
            if problem:
                raise _fail(path, insats, f"{where}.{problem[0]}", problem[1])
    return Insats(
        id=raw["id"],
        namn=raw["namn"].strip(),
        kort=" ".join(raw["kort"].split()),
        ges_av=raw["ges_av"],
        kalla=dict(raw["kalla"]),
        villkor=tuple(raw["villkor"]),
        alias=tuple(raw.get("alias", ())),
        omfattning=dict(raw.get("omfattning", {})),
        vand_dig_enligt=raw.get("vand_dig_enligt"),
        dokumentation=" ".join(raw["dokumentation"].split()) if "dokumentation" in raw else None,
        generell=raw.get("generell", False),
        paraply=tuple(raw.get("paraply", ())),
        path=str(path),
    )


@dataclass(frozen=True)
class Catalogue:
    """All insatser, looked up by id or by any of their names."""

    insatser: tuple[Insats, ...]

    def get(self, insats_id: str) -> Insats:
        """The insats with this id (KeyError if none)."""
        for insats in self.insatser:
            if insats.id == insats_id:
                return insats
        raise KeyError(insats_id)

    @property
    def matchable(self) -> tuple[Insats, ...]:
        """The insatser the engine evaluates."""
        return tuple(insats for insats in self.insatser if insats.matchable)

    def find(self, name: str) -> list[Insats]:
        """Insatser whose name or alias matches the text (accent- and case-insensitive)."""
        wanted = fold(name)
        if not wanted:
            return []
        exact = [i for i in self.insatser if wanted in {fold(n) for n in (i.namn, i.id, *i.alias)}]
        if exact:
            return exact
        return [i for i in self.insatser if any(wanted in fold(n) for n in (i.namn, *i.alias) if len(wanted) >= 4)]

    @cached_property
    def _folded_names(self) -> tuple[tuple[Insats, tuple[tuple[str, int], ...]], ...]:
        """Every insats with its folded names of 3+ characters, each as it must stand in a
        folded message (between spaces) and its length (worked out once: the catalogue does
        not change)."""
        named = ((i, (fold(n) for n in (i.namn, *i.alias))) for i in self.insatser)
        return tuple((i, tuple((f" {key} ", len(key)) for key in keys if len(key) >= 3)) for i, keys in named)

    def referred_to(self, text: str, among: Iterable[Insats] = ()) -> list[Insats]:
        """Insatser a message refers to without their exact names, best first.

        The distinctive words of a name ("utvägs", "icke-vålds", "hannah") are looked for in the
        message, also in definite or compound forms ("utvägsgruppen"); when none is there, a head
        word such as "gruppen" or "samtalen" picks among `among` (what the user was just shown).
        """
        generic, heads = _insatsord()
        tokens = fold(text).split()
        scored: list[tuple[int, Insats]] = []
        for insats in self.matchable:
            words = {w for name in (insats.namn, *insats.alias) for w in fold(name).split()} - generic
            score = sum(any(_refers(token, word) for token in tokens) for word in words)
            if score:
                scored.append((score, insats))
        shown = list(among)
        if scored:
            best = max(score for score, _ in scored)
            found = [insats for score, insats in scored if score == best]
            # "den för brottsutsatta": of the insatser that fit the words, the ones just shown
            return [insats for insats in found if insats in shown] or found
        for head, stands_for in heads.items():
            if any(head in token for token in tokens):
                picked = [i for i in shown if any(w in stands_for for n in (i.namn, *i.alias) for w in fold(n).split())]
                if picked:
                    return picked
        return []

    def mentioned_in(self, text: str) -> list[Insats]:
        """Insatser named anywhere in a message ("vad är Humlan?"), longest name first."""
        folded = f" {fold(text)} "
        hits: list[tuple[int, Insats]] = []
        for insats, names in self._folded_names:
            for padded, length in names:
                if padded in folded:
                    hits.append((length, insats))
                    break
        hits.sort(key=lambda pair: -pair[0])
        seen: list[Insats] = []
        for _, insats in hits:
            if insats not in seen:
                seen.append(insats)
        return seen


_DEFINITE = ("", "en", "n", "et", "t", "na", "erna", "arna", "orna")  # "gruppen", "samtalen", "kursen"


@cache
def _insatsord() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """bot/data/insatsord.yml, folded: the generic name words, and each referring head word's names."""
    raw = yaml.safe_load((DATA_DIR / "insatsord.yml").read_text(encoding="utf-8"))
    generic = frozenset(fold(word) for word in raw["allmanna_ord"])
    heads = {
        fold(head): frozenset(w for word in words for w in fold(word).split())
        for head, words in raw["syftande_ord"].items()
    }
    return generic, heads


def _refers(token: str, word: str) -> bool:
    """A message word refers to a name word: the same word, a definite or plural form of it
    ("icke-våldsgruppen"), or a compound that starts with it ("utvägsgruppen" for "utvägs"); a
    number in a name only as itself ("samtalen för barn från 12")."""
    if word.isdigit():
        return token == word
    return len(word) >= 4 and (token == word or token.startswith(word) and len(token) - len(word) <= 9)


@lru_cache(maxsize=1)
def load(directory: str | None = None) -> Catalogue:
    """Load and validate every insats file once (cached: the data does not change at run time)."""
    folder = Path(directory) if directory else INSATS_DIR
    vocab = vocabulary()
    insatser = tuple(_load_file(path, vocab) for path in sorted(folder.glob("*.yml")))
    ids = [insats.id for insats in insatser]
    for insats in insatser:
        for child in insats.paraply:
            if child not in ids:
                raise CatalogueError(f"{Path(insats.path).name}: insats '{insats.id}', paraply: unknown id '{child}'")
    return Catalogue(insatser)
