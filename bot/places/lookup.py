"""Looking up one answer ("hokarangen", "bor i Solna kommun") as a stadsdel or a kommun, and the
facts a kommun and a stadsdel imply (derive_facts).

Used by the engine (derive_facts), the understanding (find_stadsdel, find_kommun) and the
actions. Between a kommun and a stadsdel that fold alike, the accent-exact spelling decides
("Vårberg" is the stadsdel, "Varberg" the kommun).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.places.cues import cues
from bot.places.names import _key, _letters, _loose
from bot.places.register import (
    STOCKHOLM,
    UNKNOWN,
    Kind,
    PlaceMatch,
    _choices,
    _fuzzy,
    _Index,
    _kommun_index,
    _resolve,
    _spelled_as,
    _stadsdel_index,
)
from bot.places.scan import _scan


def _candidate_keys(key: str, kind: Kind) -> list[str]:
    """The key, and the key without a leading "bor i"/"i" or a trailing "kommun"/"stadsdel"
    (the words in platsord.yml's `inledningar` and `avslutningar`)."""
    words = cues()
    keys = [key]
    for prefix in words.prefixes:
        if key.startswith(prefix) and len(key) > len(prefix):
            keys.append(key[len(prefix) :])
            break
    for base in list(keys):
        for suffix in words.suffixes[kind]:
            if base.endswith(suffix) and len(base) > len(suffix):
                keys.append(base[: -len(suffix)])
                break
    return list(dict.fromkeys(keys))


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
