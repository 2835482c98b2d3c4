"""The insatskatalog: every insats as data (bot/data/insatser/*.yml), checked at load.

The format and the rule vocabulary are documented in docs/regler.md. A broken entry fails with
a message naming the file, the insats and the field, so a city editor can fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.facts import DATA_DIR, Fact, vocabulary
from bot.text import fold

INSATS_DIR = DATA_DIR / "insatser"
GIVERS = ("stadsdelsforvaltning", "socialforvaltningen")
ADDRESS_RULES = ("folkbokforing", "bosattning")
LEAF_OPERATORS = ("equals", "in", "min", "max", "includes_any")
COMBINATORS = ("all", "any", "not")


class CatalogueError(ValueError):
    """A catalogue file that does not follow docs/regler.md."""


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


def _check_condition(node: Any, path: Path, insats: str, where: str, vocab: Mapping[str, Fact], top: bool) -> None:
    """Check one condition node against the vocabulary (recursively)."""
    if not isinstance(node, Mapping):
        raise _fail(path, insats, where, "ett villkor ska vara ett objekt")
    if top and not isinstance(node.get("text"), str):
        raise _fail(path, insats, where, "varje villkor på översta nivån behöver en 'text'")
    if "bekrafta" in node:
        if not isinstance(node["bekrafta"], str):
            raise _fail(path, insats, where, "'bekrafta' ska vara en text")
        return
    combinators = [key for key in COMBINATORS if key in node]
    if combinators:
        if len(combinators) > 1 or "fact" in node:
            raise _fail(path, insats, where, "ett villkor har antingen all, any, not eller fact")
        key = combinators[0]
        children = [node[key]] if key == "not" else node[key]
        if not isinstance(children, list if key != "not" else (list, Mapping)) or not children:
            raise _fail(path, insats, f"{where}.{key}", "ska innehålla villkor")
        for index, child in enumerate(children):
            _check_condition(child, path, insats, f"{where}.{key}[{index}]", vocab, False)
        return
    name = node.get("fact")
    if name not in vocab:
        raise _fail(path, insats, f"{where}.fact", f"okänt fakta '{name}' (se bot/data/fakta.yml)")
    fact = vocab[name]
    operators = [key for key in LEAF_OPERATORS if key in node]
    if not operators:
        raise _fail(path, insats, where, f"behöver en av {', '.join(LEAF_OPERATORS)}")
    for operator in operators:
        value = node[operator]
        if operator in ("min", "max"):
            if fact.type != "int" or isinstance(value, bool) or not isinstance(value, int):
                raise _fail(path, insats, f"{where}.{operator}", f"kräver ett heltal och ett tal-fakta ({name})")
        elif operator == "includes_any":
            if fact.type != "set" or not isinstance(value, list):
                raise _fail(path, insats, f"{where}.{operator}", f"kräver en lista och ett mängd-fakta ({name})")
            _check_values(fact, value, path, insats, f"{where}.{operator}")
        elif operator == "in":
            if not isinstance(value, list):
                raise _fail(path, insats, f"{where}.in", "ska vara en lista")
            _check_values(fact, value, path, insats, f"{where}.in")
        else:
            _check_values(fact, [value], path, insats, f"{where}.equals")


def _check_values(fact: Fact, values: list[Any], path: Path, insats: str, where: str) -> None:
    for value in values:
        if fact.type in ("enum", "set") and value not in fact.values:
            raise _fail(path, insats, where, f"'{value}' är inget värde för {fact.name}")
        if fact.type == "bool" and not isinstance(value, bool):
            raise _fail(path, insats, where, f"{fact.name} är ja/nej (true/false)")


def _load_file(path: Path, vocab: Mapping[str, Fact]) -> Insats:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path.name}: ogiltig YAML: {error}") from error
    if not isinstance(raw, Mapping):
        raise CatalogueError(f"{path.name}: filen ska beskriva en insats")
    insats = str(raw.get("id", path.stem))
    for key in ("id", "namn", "kort", "ges_av", "kalla"):
        if not raw.get(key):
            raise _fail(path, insats, key, "saknas")
    if raw["id"] != path.stem:
        raise _fail(path, insats, "id", f"ska vara samma som filnamnet ({path.stem})")
    if raw["ges_av"] not in GIVERS:
        raise _fail(path, insats, "ges_av", f"ska vara en av {GIVERS}")
    if raw["ges_av"] == "stadsdelsforvaltning" and raw.get("vand_dig_enligt") not in ADDRESS_RULES:
        raise _fail(path, insats, "vand_dig_enligt", f"ska vara en av {ADDRESS_RULES}")
    kalla = raw["kalla"]
    if not isinstance(kalla, Mapping) or not all(kalla.get(key) for key in ("fil", "avsnitt", "rubrik")):
        raise _fail(path, insats, "kalla", "behöver fil, avsnitt och rubrik")
    villkor = raw.get("villkor")
    paraply = tuple(raw.get("paraply") or ())
    if not isinstance(villkor, list) or (not villkor and not paraply):
        raise _fail(path, insats, "villkor", "ska vara en lista med villkor")
    for index, node in enumerate(villkor):
        _check_condition(node, path, insats, f"villkor[{index}]", vocab, True)
    omfattning = raw.get("omfattning") or {}
    if not isinstance(omfattning, Mapping):
        raise _fail(path, insats, "omfattning", "ska vara ett objekt")
    alias = raw.get("alias") or []
    if not isinstance(alias, list) or not all(isinstance(item, str) for item in alias):
        raise _fail(path, insats, "alias", "ska vara en lista med namn")
    return Insats(
        id=raw["id"],
        namn=str(raw["namn"]).strip(),
        kort=" ".join(str(raw["kort"]).split()),
        ges_av=raw["ges_av"],
        kalla=dict(kalla),
        villkor=tuple(villkor),
        alias=tuple(alias),
        omfattning=dict(omfattning),
        vand_dig_enligt=raw.get("vand_dig_enligt"),
        dokumentation=" ".join(str(raw["dokumentation"]).split()) if raw.get("dokumentation") else None,
        generell=bool(raw.get("generell", False)),
        paraply=paraply,
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
                raise CatalogueError(f"{Path(insats.path).name}: insats '{insats.id}', paraply: okänt id '{child}'")
    return Catalogue(insatser)
