"""The register of places and its name index: Stockholm's stadsdelsförvaltningar with their
stadsdelar, Sweden's kommuner, and the name keys that point at them.

Data: bot/data/stadsdelsforvaltningar.yml and bot/data/kommuner.yml, each with its source;
nothing is loaded at import time (every loader is cached with functools.lru_cache).

A key is a `normalize`d name (case and accents ignored). When two names fold alike the
accent-exact spelling wins (Habo and Håbo); one typo is tolerated in names of 6+ letters,
never when two names are equally close: then the answer is "ambiguous" and the bot asks.
Postal towns are never used (Hammarbyhöjden has postort Johanneshov): only neighbourhood names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from bot.places.names import _key, _letters, _loose, _within_one

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STOCKHOLM = "Stockholm"  # the official kommun name of Stockholms stad (kommunkod 0180)
MIN_FUZZY_LETTERS = 6

Status = Literal["found", "ambiguous", "unknown"]
Kind = Literal["kommun", "stadsdel"]


# ---------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class PlaceMatch:
    """The answer of find_stadsdel/find_kommun.

    value is the canonical name (None when unknown, or ambiguous without one name);
    forvaltning is the förvaltning's namn (stadsdelar only); candidates are what the user
    should choose between when the status is "ambiguous".
    """

    status: Status
    value: str | None = None
    forvaltning: str | None = None
    candidates: tuple[str, ...] = ()


UNKNOWN = PlaceMatch("unknown")


@dataclass(frozen=True)
class Forvaltning:
    """One stadsdelsförvaltning with its stadsdelar and only verified contact details."""

    id: str
    namn: str
    fullt_namn: str
    stadsdelar: tuple[str, ...]
    kontakt: dict[str, str] = field(hash=False)
    kalla: str
    tidigare_namn: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kommun:
    """One of Sweden's 290 kommuner."""

    kod: str
    namn: str
    lan: str


@dataclass(frozen=True)
class _Target:
    """What one name key points at (internal)."""

    kind: Kind
    status: Status
    value: str | None
    forvaltning: str | None = None
    candidates: tuple[str, ...] = ()
    loose: str = ""  # the name as written, accents kept

    def match(self) -> PlaceMatch:
        return PlaceMatch(self.status, self.value, self.forvaltning, self.candidates)

    @property
    def ident(self) -> tuple[Any, ...]:
        return (self.kind, self.status, self.value, self.forvaltning, self.candidates)


@dataclass(frozen=True)
class _Index:
    """Name keys -> targets, plus which keys need a cue in free text (internal)."""

    kind: Kind
    names: Mapping[str, tuple[_Target, ...]]
    caution: Mapping[str, str]  # key -> "ord" | "namn"
    # length -> the keys of 6+ letters a key of that length can be one typo from, in `names` order
    near_length: Mapping[int, tuple[str, ...]] = field(default_factory=dict)


# ---------------------------------------------------------------------------- loading


def _read(name: str) -> Any:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def _add(names: dict[str, list[_Target]], name: str, target: _Target) -> None:
    key = _key(name)
    if not key:
        raise ValueError(f"empty place name in the data: {name!r}")
    bucket = names.setdefault(key, [])
    if all(existing.ident != target.ident or existing.loose != target.loose for existing in bucket):
        bucket.append(target)


def _caution(raw: Mapping[str, Any] | None) -> dict[str, str]:
    caution: dict[str, str] = {}
    for name in (raw or {}).get("vanliga_ord", []):
        caution[_key(name)] = "ord"
    for name in (raw or {}).get("personnamn", []):
        caution[_key(name)] = "namn"
    return caution


def _make_index(kind: Kind, names: dict[str, list[_Target]], caution: dict[str, str]) -> _Index:
    """The index, with the names a typo of each length can reach (so _fuzzy skips the rest)."""
    near_length: dict[int, list[str]] = {}
    for key in names:
        if _letters(key) >= MIN_FUZZY_LETTERS:
            for length in (len(key) - 1, len(key), len(key) + 1):
                near_length.setdefault(length, []).append(key)
    return _Index(
        kind,
        {key: tuple(value) for key, value in names.items()},
        caution,
        {length: tuple(keys) for length, keys in near_length.items()},
    )


@lru_cache(maxsize=1)
def forvaltningar() -> list[Forvaltning]:
    """The 11 stadsdelsförvaltningar, in the data file's order."""
    raw = _read("stadsdelsforvaltningar.yml")
    result = []
    for item in raw["forvaltningar"]:
        if not item.get("kalla"):
            raise ValueError(f"stadsdelsforvaltningar.yml: {item.get('namn')} has no kalla")
        result.append(
            Forvaltning(
                id=item["id"],
                namn=item["namn"],
                fullt_namn=item["fullt_namn"],
                stadsdelar=tuple(item.get("stadsdelar") or ()),
                kontakt={str(k): str(v) for k, v in (item.get("kontakt") or {}).items()},
                kalla=" ".join(str(item["kalla"]).split()),
                tidigare_namn=tuple(item.get("tidigare_namn") or ()),
            )
        )
    return result


def forvaltning(name: str) -> Forvaltning | None:
    """The förvaltning called `name` (its id, namn, fullt_namn or a former name), else None."""
    return _forvaltning_by_key().get(_key(name)) if isinstance(name, str) else None


@lru_cache(maxsize=1)
def _forvaltning_by_key() -> dict[str, Forvaltning]:
    table: dict[str, Forvaltning] = {}
    for item in forvaltningar():
        for name in (item.id, item.namn, item.fullt_namn, *item.tidigare_namn):
            table[_key(name)] = item
    return table


@lru_cache(maxsize=1)
def _stadsdel_index() -> _Index:
    raw = _read("stadsdelsforvaltningar.yml")
    names: dict[str, list[_Target]] = {}
    for item, spec in zip(forvaltningar(), raw["forvaltningar"], strict=True):
        written: list[tuple[str, str]] = [(name, name) for name in item.stadsdelar]
        written += [(name, name) for name in spec.get("vanliga_namn") or ()]
        written += [(alias, canonical) for alias, canonical in (spec.get("alias") or {}).items()]
        written += [(item.namn, item.namn), (item.fullt_namn, item.namn)]
        written += [(former, former) for former in item.tidigare_namn]
        for name, value in written:
            _add(names, name, _Target("stadsdel", "found", value, item.namn, loose=_loose(name)))
    known = {item.namn for item in forvaltningar()}
    for shared in raw.get("delade") or ():
        split = tuple(shared.get("forvaltningar") or ())
        if split:
            if not set(split) <= known:
                raise ValueError(f"delade: unknown förvaltning in {split}")
            target = _Target("stadsdel", "ambiguous", shared["namn"], None, split, _loose(shared["namn"]))
        else:
            target = _Target("stadsdel", "ambiguous", None, None, tuple(shared["stadsdelar"]), _loose(shared["namn"]))
        names[_key(shared["namn"])] = [target]  # a shared name is never settled by one list
    return _make_index("stadsdel", names, _caution(raw.get("forsiktig")))


@lru_cache(maxsize=1)
def _kommun_data() -> tuple[tuple[Kommun, ...], dict[str, str]]:
    raw = _read("kommuner.yml")
    kommuner = tuple(Kommun(str(item["kod"]), str(item["namn"]), str(item["lan"])) for item in raw["kommuner"])
    return kommuner, {str(code): str(name) for code, name in raw["lan"].items()}


def kommuner() -> list[Kommun]:
    """All 290 kommuner with kommunkod and län code."""
    return list(_kommun_data()[0])


@lru_cache(maxsize=1)
def _kommun_index() -> _Index:
    raw = _read("kommuner.yml")
    kommun_list, lan = _kommun_data()
    names: dict[str, list[_Target]] = {}
    for item in kommun_list:
        _add(names, item.namn, _Target("kommun", "found", item.namn, loose=_loose(item.namn)))
    official = {item.namn for item in kommun_list}
    for variant, name in (raw.get("varianter") or {}).items():
        if name not in official:
            raise ValueError(f"kommuner.yml: variant {variant!r} points at unknown kommun {name!r}")
        _add(names, variant, _Target("kommun", "found", name, loose=_loose(variant)))
    for code, lan_name in lan.items():
        members = tuple(item.namn for item in kommun_list if item.lan == code)
        if len(members) == 1:
            target = _Target("kommun", "found", members[0], loose=_loose(lan_name))
        else:
            target = _Target("kommun", "ambiguous", None, None, members, _loose(lan_name))
        names[_key(lan_name)] = [target]
    return _make_index("kommun", names, _caution(raw.get("forsiktig")))


# ---------------------------------------------------------------------------- index lookups


def _resolve(index: _Index, key: str, loose: str) -> _Target | None:
    """The one target for a key; the accent-exact spelling settles folded twins; else an
    ambiguous target listing them."""
    targets = index.names.get(key)
    if not targets:
        return None
    distinct = {target.ident: target for target in targets}
    if len(distinct) == 1:
        return targets[0]
    exact = {target.ident: target for target in targets if target.loose == loose}
    if len(exact) == 1:
        return next(iter(exact.values()))
    return _Target(index.kind, "ambiguous", None, None, _choices(distinct.values()), loose)


def _choices(targets: Iterable[_Target]) -> tuple[str, ...]:
    """What the user picks between when several targets fit: their values, or their own
    candidates when they have no single value."""
    names: list[str] = []
    for target in targets:
        names.extend((target.value,) if target.value and target.status == "found" else target.candidates or ())
    return tuple(dict.fromkeys(names))


def _fuzzy(index: _Index, key: str, loose: str) -> _Target | None:
    """One-typo match for names of 6+ letters; ambiguous when two names are equally close."""
    if _letters(key) < MIN_FUZZY_LETTERS:
        return None
    close = [name for name in index.near_length.get(len(key), ()) if _within_one(key, name)]
    targets = [target for name in close if (target := _resolve(index, name, loose)) is not None]
    distinct = {target.ident: target for target in targets}
    if len(distinct) == 1:
        return targets[0]
    if not distinct:
        return None
    return _Target(index.kind, "ambiguous", None, None, _choices(distinct.values()), loose)


def _spelled_as(index: _Index, key: str, loose: str) -> bool:
    """Whether `loose` is exactly how a name of this index is written (accents included)."""
    return any(target.loose == loose for target in index.names.get(key, ()))
