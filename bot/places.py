"""Places and phone lines: kommuner, Stockholm's stadsdelar and förvaltningar, verified numbers.

Used by the engine (derive_facts), the NLU (find_place_mentions) and the actions (find_*,
forvaltning, linje, is_open). All data lives in bot/data/*.yml with its source; nothing is
loaded at import time (every loader is cached with functools.lru_cache).

Matching is on `normalize`d names (case and accents ignored), because users write "hokarangen"
as often as "Hökarängen". An accent-exact spelling wins when two names fold alike (Habo and
Håbo). One typo is tolerated in names of 6+ letters, never when two names are equally close:
then the answer is "ambiguous" and the bot asks. Postal towns are never used (Hammarbyhöjden
has postort Johanneshov): only neighbourhood names.

Free-text rule (find_place_mentions): most names count wherever they appear. Names that are
also ordinary words or first names are listed under `forsiktig` in the data files:
  * vanliga_ord (Vara, Mora, Ale, Boden, Kista, Söder, ...) count when preceded by a place
    cue ("i", "på", "från", "till", "bor i", ...), when followed by "kommun"/"stadsdel",
    when written with a capital letter inside a sentence ("jag bor nära Mora"), or when the
    name is the whole message.
  * personnamn (Maria, Sofia, Katarina, Nora, Mark, Berg, ...) count only with a strong cue:
    "bor i/på", "bodde i", "flyttat till", "folkbokförd i", "stadsdelen Maria", or a following
    "kommun"/"stadsdel". "Hon heter Maria" and "min syster Sofia" are never places.
  * "håller på"/"hejar på" (Hammarby, Djurgården) is never a place cue.
A stadsdel wins over a kommun when a name is both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import yaml

DATA_DIR = Path(__file__).parent / "data"
STOCKHOLM = "Stockholm"  # the official kommun name of Stockholms stad (kommunkod 0180)
STOCKHOLM_TZ = ZoneInfo("Europe/Stockholm")
DAYS = ("man", "tis", "ons", "tor", "fre", "lor", "son")
DAY_TEXT = {"man": "mån", "tis": "tis", "ons": "ons", "tor": "tor", "fre": "fre", "lor": "lör", "son": "sön"}
MIN_FUZZY_LETTERS = 6

Status = Literal["found", "ambiguous", "unknown"]
Kind = Literal["kommun", "stadsdel"]

_DASHES = re.compile(r"[-_\u2010-\u2015]+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_NON_WORD = re.compile(r"[\W_]+")
_TOKEN = re.compile(r"[^\W_]+")
_JOIN_GAP = re.compile(r"[\s\-\u2010-\u2015]+")
_SKIP_SPANS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+", re.IGNORECASE)
_SKIP_HINT = re.compile(r"@|://|www\.", re.IGNORECASE)  # what every _SKIP_SPANS match contains


# ---------------------------------------------------------------------------- normalising


def normalize(text: str) -> str:
    """Casefold, strip accents, hyphens/underscores to spaces, collapse whitespace, trim
    punctuation at the ends: the key every place name is matched on."""
    decomposed = unicodedata.normalize("NFKD", _loose(text))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _loose(text: str) -> str:
    """Like normalize but keeping accents (to prefer the exact spelling: Håbo over Habo)."""
    spaced = _DASHES.sub(" ", str(text).casefold())
    return _EDGE_PUNCT.sub("", " ".join(spaced.split()))


def _key(text: str) -> str:
    """normalize, and inner punctuation to spaces too ("Farsta, Stockholm")."""
    return " ".join(_NON_WORD.sub(" ", normalize(text)).split())


def _letters(key: str) -> int:
    return len(key.replace(" ", ""))


def _within_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one edit (substitution, insertion, deletion or
    swap of two neighbouring letters)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        if len(diffs) != 2 or diffs[1] != diffs[0] + 1:
            return False
        return a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]  # two letters swapped
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


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
class Oppettid:
    """One opening period on some weekdays, Stockholm time (till is exclusive)."""

    dagar: tuple[str, ...]
    fran: time
    till: time


@dataclass(frozen=True)
class Linje:
    """A phone line from the verified facts; nummer is None when it must not be given."""

    id: str
    namn: str
    nummer: str | None
    for_vem: str
    oppet: Literal["dygnet_runt", "okant"] | tuple[Oppettid, ...]
    extra: str | None
    kalla: str

    @property
    def oppet_text(self) -> str | None:
        """Opening hours in Swedish ("dygnet runt", "mån, tis 10–15"), None when unknown."""
        if self.oppet == "okant":
            return None
        if self.oppet == "dygnet_runt":
            return "dygnet runt"
        parts = []
        for period in self.oppet:
            days = ", ".join(DAY_TEXT[day] for day in period.dagar)
            parts.append(f"{days} {_hour(period.fran)}–{_hour(period.till)}")
        return "; ".join(parts)


def _hour(value: time) -> str:
    return f"{value.hour}" if value.minute == 0 else f"{value.hour}.{value.minute:02d}"


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


# ---------------------------------------------------------------------------- lookups


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


_PREFIXES = ("jag bor i ", "jag bor pa ", "vi bor i ", "vi bor pa ", "bor i ", "bor pa ", "i ", "pa ", "fran ")
_SUFFIXES = {
    "stadsdel": (" stadsdelsforvaltning", " stadsdelsomrade", " stadsdel", " sdf", " i stockholm", " stockholm"),
    "kommun": (" kommunen", " kommuns", " kommun", " stad"),
}


def _candidate_keys(key: str, kind: Kind) -> list[str]:
    """The key, and the key without a leading "bor i"/"i" or a trailing "kommun"/"stadsdel"."""
    keys = [key]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            keys.append(key[len(prefix) :])
            break
    for base in list(keys):
        for suffix in _SUFFIXES[kind]:
            if base.endswith(suffix) and len(base) > len(suffix):
                keys.append(base[: -len(suffix)])
                break
    return list(dict.fromkeys(keys))


def _spelled_as(index: _Index, key: str, loose: str) -> bool:
    """Whether `loose` is exactly how a name of this index is written (accents included)."""
    return any(target.loose == loose for target in index.names.get(key, ()))


def _find(text: str, index: _Index, other: _Index) -> PlaceMatch:
    """Shared body of find_stadsdel and find_kommun."""
    if not isinstance(text, str):
        return UNKNOWN
    loose = _loose(text)
    keys = _candidate_keys(_key(text), index.kind)
    if not keys[0]:
        return UNKNOWN
    for key in keys:
        target = _resolve(index, key, loose)
        if target is None and key.endswith("s") and _letters(key) > 4:
            target = _resolve(index, key[:-1], loose[:-1])  # genitive: "Solnas", "Farstas"
        if target is not None and index.kind == "kommun" and _spelled_as(other, key, loose):
            return UNKNOWN  # "Vårberg" is the stadsdel, not the kommun Varberg
        if target is not None:
            return target.match()
    for key in keys:
        if key in other.names:
            return UNKNOWN  # an exact name of the other kind is not a typo of this kind
    for key in keys:
        target = _fuzzy(index, key, loose)
        if target is not None:
            return target.match()
    hits = [hit for hit in _scan(text) if hit.target.kind == index.kind]
    distinct = {hit.target.ident: hit.target for hit in hits}
    if len(distinct) == 1:
        return hits[0].target.match()
    if len(distinct) > 1:
        return PlaceMatch("ambiguous", None, None, _choices(distinct.values()))
    return UNKNOWN


def find_stadsdel(text: str) -> PlaceMatch:
    """A Stockholm stadsdel (or förvaltning name) in `text`: "hokarangen" -> Hökarängen in
    Farsta; "Svedmyra" -> ambiguous between Farsta and Enskede-Årsta-Vantör."""
    return _find(text, _stadsdel_index(), _kommun_index())


def find_kommun(text: str) -> PlaceMatch:
    """A kommun in `text` by its official name: "sthlm", "Stockholms stad" -> Stockholm;
    "Stockholms län" -> ambiguous (its 26 kommuner are the candidates)."""
    return _find(text, _kommun_index(), _stadsdel_index())


def is_stockholms_stad(kommun: str | None) -> bool | None:
    """Whether the answer to "which kommun?" means Stockholms stad; None when unknown.

    A Stockholm stadsdel given as the kommun ("Farsta") counts as Stockholms stad.
    """
    if not isinstance(kommun, str) or not kommun.strip():
        return None
    match = find_kommun(kommun)
    if match.status == "found":
        return match.value == STOCKHOLM
    if match.status == "ambiguous":
        return None
    return True if find_stadsdel(kommun).status != "unknown" else None


def derive_facts(facts: Mapping[str, object]) -> dict[str, object]:
    """A copy of the facts with `bor_i_stockholm` and `forvaltning` added when they follow
    from `kommun`/`stadsdel`. Facts already present (not None) are never overwritten.

    An explicit other kommun wins over a stadsdel (bor_i_stockholm False, no förvaltning).
    """
    result = dict(facts)
    kommun, stadsdel = facts.get("kommun"), facts.get("stadsdel")
    bor: bool | None = None
    forv: str | None = None
    if isinstance(kommun, str) and kommun.strip():
        match = find_kommun(kommun)
        if match.status == "found":
            bor = match.value == STOCKHOLM
        elif match.status == "unknown":
            as_stadsdel = find_stadsdel(kommun)
            if as_stadsdel.status != "unknown":
                bor, forv = True, as_stadsdel.forvaltning
    if isinstance(stadsdel, str) and stadsdel.strip() and bor is not False:
        match = find_stadsdel(stadsdel)
        if match.status != "unknown":
            bor = True
        if match.status == "found":
            forv = match.forvaltning
    if bor is not None and result.get("bor_i_stockholm") is None:
        result["bor_i_stockholm"] = bor
    if bor and forv and result.get("forvaltning") is None:
        result["forvaltning"] = forv
    return result


# ---------------------------------------------------------------------------- free text

_STRONG_VERBS = frozenset(
    "bor bodde bott boende folkbokford folkbokforda folkbokfort skriven skrivna flyttat flyttade flyttar flytta".split()
)
_LOCATION_WORDS = frozenset({"i", "pa", "till"})
_WEAK_CUES = frozenset({"i", "pa", "fran", "till"})
_AREA_WORDS = frozenset({"stadsdelen", "stadsdel", "kommunen"})
_FOLLOWERS = {
    "kommun": frozenset({"kommun", "kommuns", "kommunen"}),
    "stadsdel": frozenset({"stadsdel", "stadsdelen", "stadsdelsforvaltning", "stadsdelsomrade", "forsamling"}),
}
_NOT_PLACE_CUES = frozenset({"haller", "hejar", "heja"})  # "håller på Hammarby" is football


@dataclass(frozen=True)
class _Token:
    norm: str
    start: int
    end: int
    raw: str


@dataclass(frozen=True)
class _Hit:
    first: int  # token index
    last: int  # token index, inclusive
    start: int  # character offsets into the original text
    end: int
    target: _Target
    fuzzy: bool


@lru_cache(maxsize=8192)
def _normal_word(word: str) -> str:
    """normalize for one word of a message (words repeat across messages: cached)."""
    return normalize(word)


def _tokens(text: str) -> list[_Token]:
    # _SKIP_SPANS is slow on long texts (it tries every word as an e-mail address): only run it
    # when the message can hold an address or link at all
    skip = [(m.start(), m.end()) for m in _SKIP_SPANS.finditer(text)] if _SKIP_HINT.search(text) else []
    tokens = []
    for match in _TOKEN.finditer(text):
        if skip and any(a <= match.start() < b for a, b in skip):
            continue  # e-mail addresses and links are not places
        word = match.group()
        tokens.append(_Token(_normal_word(word), match.start(), match.end(), word))
    return tokens


def _residence_cue(tokens: list[_Token], first: int) -> bool:
    """ "bor i X", "bodde på X", "flyttat till X", "folkbokförd i X", "stadsdelen X"."""
    prev = tokens[first - 1].norm if first >= 1 else ""
    if prev in _AREA_WORDS:
        return True
    return prev in _LOCATION_WORDS and any(tokens[i].norm in _STRONG_VERBS for i in (first - 2, first - 3) if i >= 0)


def _strong_cue(tokens: list[_Token], first: int, last: int, kind: Kind) -> bool:
    """A residence cue before the name, or "kommun"/"stadsdel" right after it."""
    if _residence_cue(tokens, first):
        return True
    return last + 1 < len(tokens) and tokens[last + 1].norm in _FOLLOWERS[kind]


def _weak_cue(tokens: list[_Token], first: int) -> bool:
    """ "i X", "på X", "från X", "till X"."""
    return first >= 1 and tokens[first - 1].norm in _WEAK_CUES


def _capitalised_mid_sentence(text: str, token: _Token) -> bool:
    if not token.raw[:1].isupper() or (len(token.raw) > 1 and token.raw.isupper()):
        return False
    i = token.start - 1
    while i >= 0 and (text[i].isspace() or text[i] in "\"'«»()[]"):
        if text[i] == "\n":
            return False
        i -= 1
    return i >= 0 and text[i] not in ".!?:;"


def _acceptable(text: str, tokens: list[_Token], first: int, last: int, target: _Target, caution: str | None) -> bool:
    """Whether a name found in free text counts as a place (the rule in the module doc)."""
    if first >= 2 and tokens[first - 1].norm == "pa" and tokens[first - 2].norm in _NOT_PLACE_CUES:
        return False  # "håller på Hammarby" is football, not a home
    if caution is None:
        return True
    if _strong_cue(tokens, first, last, target.kind):
        return True
    if caution == "namn":
        return False
    whole = _EDGE_PUNCT.sub("", text)
    return (
        _weak_cue(tokens, first)
        or _capitalised_mid_sentence(text, tokens[first])
        or whole == text[tokens[first].start : tokens[last].end]
    )


@lru_cache(maxsize=1)
def _longest_name() -> int:
    """The most words in any place name (how far _scan looks ahead)."""
    return max(key.count(" ") + 1 for index in (_stadsdel_index(), _kommun_index()) for key in index.names)


@lru_cache(maxsize=1)
def _name_starts() -> frozenset[str]:
    """The leading words of every name of several words ("farsta" of "farsta strand", "upplands"
    of "upplands bro"): a key that is none of these cannot grow into a name, so _scan stops there."""
    return frozenset(
        key[:i]
        for index in (_stadsdel_index(), _kommun_index())
        for key in index.names
        for i, char in enumerate(key)
        if char == " "
    )


def _genitive(key: str) -> str | None:
    """The name a genitive key in free text stands for ("solnas" -> "solna"), or None."""
    return key[:-1] if len(key) > 4 and key.endswith("s") else None


def _may_name(key: str, names: Mapping[str, Any]) -> bool:
    """Whether key, or key as a genitive ("solnas"), is a name in `names` (else _resolve finds nothing)."""
    return key in names or _genitive(key) in names


def _scan(text: str) -> list[_Hit]:
    """Every place name in free text (exact, genitive, or one typo after a strong cue),
    longest first without overlaps, in text order."""
    if not isinstance(text, str) or not text.strip():
        return []
    tokens = _tokens(text)
    indexes = (_stadsdel_index(), _kommun_index())  # stadsdel first: it wins a tie
    longest, starts = _longest_name(), _name_starts()
    hits: list[_Hit] = []
    for first in range(len(tokens)):
        cue = _residence_cue(tokens, first)
        for last in range(first, min(first + longest, len(tokens))):
            if last > first and not _JOIN_GAP.fullmatch(text[tokens[last - 1].end : tokens[last].start]):
                break
            key = " ".join(token.norm for token in tokens[first : last + 1])
            if not cue and key not in starts and not any(_may_name(key, index.names) for index in indexes):
                break  # neither this key nor any longer one is a name, and no typo is looked for
            loose = _loose(text[tokens[first].start : tokens[last].end])
            if _spelled_as(indexes[1], key, loose) and not _spelled_as(indexes[0], key, loose):
                order = (indexes[1], indexes[0])  # "Varberg" as written is the kommun, "Vårberg" the stadsdel
            else:
                order = indexes
            for index in order:
                target = _resolve(index, key, loose)
                caution = index.caution.get(key)
                base = _genitive(key)
                if target is None and base is not None and index.caution.get(base) is None:
                    target = _resolve(index, base, loose[:-1])  # "Solnas socialtjänst"
                if target is not None and _acceptable(text, tokens, first, last, target, caution):
                    hits.append(_Hit(first, last, tokens[first].start, tokens[last].end, target, False))
                    break
            else:
                if cue:
                    fuzzy = [t for index in indexes if (t := _fuzzy(index, key, loose)) is not None]
                    if len(fuzzy) == 1 and fuzzy[0].status == "found":
                        hits.append(_Hit(first, last, tokens[first].start, tokens[last].end, fuzzy[0], True))
    hits.sort(key=lambda hit: (hit.fuzzy, -(hit.end - hit.start), hit.start, hit.target.kind != "stadsdel"))
    chosen: list[_Hit] = []
    for hit in hits:
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda hit: hit.start)


def find_place_mentions(text: str) -> list[tuple[str, str, int, int]]:
    """Places in free text as (kind, canonical value, start, end), offsets into `text`.

    kind is "stadsdel" or "kommun". Longer names win ("Farsta strand" over "Farsta"), no two
    spans overlap, results are in text order. A stadsdel name that is ambiguous between areas
    ("Enskede", "Hammarby") still tells the kommun, so it is reported as ("kommun",
    "Stockholm"); Svedmyra is reported as the stadsdel "Svedmyra" (its förvaltning is asked).
    A län ("Stockholms län") is consumed but not reported.
    """
    mentions: list[tuple[str, str, int, int]] = []
    for hit in _scan(text):
        target = hit.target
        if target.status == "found" and target.value:
            mentions.append((target.kind, target.value, hit.start, hit.end))
        elif target.kind == "stadsdel" and target.value:
            mentions.append(("stadsdel", target.value, hit.start, hit.end))
        elif target.kind == "stadsdel":
            mentions.append(("kommun", STOCKHOLM, hit.start, hit.end))
    return mentions


# ---------------------------------------------------------------------------- phone lines


def _parse_time(value: Any) -> time:
    hours, minutes = str(value).split(":")
    return time(int(hours), int(minutes))


def _parse_oppet(line_id: str, raw: Any) -> Literal["dygnet_runt", "okant"] | tuple[Oppettid, ...]:
    if raw in ("dygnet_runt", "okant"):
        return raw
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"telefon.yml: {line_id}: oppet must be dygnet_runt, okant or a list of periods")
    periods = []
    for period in raw:
        days = tuple(period["dagar"])
        if not days or not set(days) <= set(DAYS):
            raise ValueError(f"telefon.yml: {line_id}: unknown day in {days}")
        periods.append(Oppettid(days, _parse_time(period["fran"]), _parse_time(period["till"])))
    return tuple(periods)


_NUMBER = re.compile(r"^[0-9][0-9 \-]*$")


@lru_cache(maxsize=1)
def _linjer() -> dict[str, Linje]:
    table: dict[str, Linje] = {}
    for item in _read("telefon.yml")["linjer"]:
        nummer = item.get("nummer")
        if nummer is not None and not _NUMBER.match(str(nummer)):
            raise ValueError(f"telefon.yml: {item['id']}: {nummer!r} is not a phone number")
        if item["id"] in table or not item.get("kalla"):
            raise ValueError(f"telefon.yml: {item['id']} is repeated or has no kalla")
        table[item["id"]] = Linje(
            id=item["id"],
            namn=item["namn"],
            nummer=None if nummer is None else str(nummer),
            for_vem=item.get("for_vem") or "",
            oppet=_parse_oppet(item["id"], item.get("oppet")),
            extra=item.get("extra"),
            kalla=item["kalla"],
        )
    return table


def linjer() -> list[Linje]:
    """Every line in telefon.yml, in the file's order (some have nummer None)."""
    return list(_linjer().values())


def linje(id: str) -> Linje:
    """The line with this id (KeyError for an unknown id: that is a bug in the caller)."""
    return _linjer()[id]


def is_open(linje: Linje, when: datetime) -> bool | None:
    """Whether the line answers at `when` (Stockholm time; a naive datetime is taken as
    Stockholm time). None when its hours are unknown."""
    if linje.oppet == "okant":
        return None
    if linje.oppet == "dygnet_runt":
        return True
    local = when.replace(tzinfo=STOCKHOLM_TZ) if when.tzinfo is None else when.astimezone(STOCKHOLM_TZ)
    day, yesterday, now = DAYS[local.weekday()], DAYS[(local.weekday() - 1) % 7], local.time()
    for period in linje.oppet:
        if period.fran < period.till:
            if day in period.dagar and period.fran <= now < period.till:
                return True
        elif (day in period.dagar and now >= period.fran) or (yesterday in period.dagar and now < period.till):
            return True  # a period that runs past midnight
    return False
