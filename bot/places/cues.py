"""The cue words around a place name, from bot/data/platsord.yml (loaded once, when first used).

Each list there says what it is for; here they are normalised like the words of a message
(`normalize`) so that they compare with its tokens and keys directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.places.names import _key
from bot.places.register import Kind, _read

_FILE = "platsord.yml"


@dataclass(frozen=True)
class Cues:
    """The normalised cue words; each field is named after its list in platsord.yml."""

    strong_verbs: frozenset[str]  # boende_verb
    location_words: frozenset[str]  # plats_prepositioner
    area_words: frozenset[str]  # omradesord
    followers: Mapping[Kind, frozenset[str]]  # efterord
    weak_cues: frozenset[str]  # svaga_cuer
    not_place: frozenset[tuple[str, str]]  # inte_plats, as (word before, word right before the name)
    prefixes: tuple[str, ...]  # inledningar, each with its trailing space, in the file's order
    suffixes: Mapping[Kind, tuple[str, ...]]  # avslutningar, each with its leading space, in order
    own_subjects: frozenset[str]  # egna_subjekt
    other_subjects: frozenset[str]  # andras_subjekt
    possessives: frozenset[str]  # agande_ord
    skipped_before_verb: frozenset[str]  # hoppa_over_fore_verb
    elsewhere: frozenset[str]  # inte_boende
    provider: frozenset[str]  # givare_fore


def _words(entries: list[Any], where: str) -> list[str]:
    """The normalised entries of one list (`where` names it in an error)."""
    words = [_key(entry) for entry in entries]
    if not all(words):
        raise ValueError(f"{_FILE}: {where}: an empty entry")
    return words


def _one_word_each(entries: list[Any], where: str) -> frozenset[str]:
    """A list compared with single tokens: each entry must be one word."""
    words = _words(entries, where)
    for word in words:
        if " " in word:
            raise ValueError(f"{_FILE}: {where}: {word!r} must be one word")
    return frozenset(words)


def _two_words_each(entries: list[Any], where: str) -> frozenset[tuple[str, str]]:
    """A list compared with the two tokens before a name: each entry must be two words."""
    pairs = set()
    for phrase in _words(entries, where):
        parts = phrase.split()
        if len(parts) != 2:
            raise ValueError(f"{_FILE}: {where}: {phrase!r} must be two words")
        pairs.add((parts[0], parts[1]))
    return frozenset(pairs)


def _by_kind(raw: Mapping[str, Any], section: str) -> Mapping[Kind, list[Any]]:
    """A section with one list per kind of place."""
    table = raw[section]
    if set(table) != {"kommun", "stadsdel"}:
        raise ValueError(f"{_FILE}: {section} needs exactly the kinds kommun and stadsdel")
    return table


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The cue words of platsord.yml, normalised."""
    raw = _read(_FILE)
    followers, suffixes = _by_kind(raw, "efterord"), _by_kind(raw, "avslutningar")
    return Cues(
        strong_verbs=_one_word_each(raw["boende_verb"], "boende_verb"),
        location_words=_one_word_each(raw["plats_prepositioner"], "plats_prepositioner"),
        area_words=_one_word_each(raw["omradesord"], "omradesord"),
        followers={kind: _one_word_each(words, f"efterord.{kind}") for kind, words in followers.items()},
        weak_cues=_one_word_each(raw["svaga_cuer"], "svaga_cuer"),
        not_place=_two_words_each(raw["inte_plats"], "inte_plats"),
        prefixes=tuple(f"{phrase} " for phrase in _words(raw["inledningar"], "inledningar")),
        suffixes={
            kind: tuple(f" {phrase}" for phrase in _words(words, f"avslutningar.{kind}"))
            for kind, words in suffixes.items()
        },
        own_subjects=_one_word_each(raw["egna_subjekt"], "egna_subjekt"),
        other_subjects=_one_word_each(raw["andras_subjekt"], "andras_subjekt"),
        possessives=_one_word_each(raw["agande_ord"], "agande_ord"),
        skipped_before_verb=_one_word_each(raw["hoppa_over_fore_verb"], "hoppa_over_fore_verb"),
        elsewhere=_one_word_each(raw["inte_boende"], "inte_boende"),
        provider=_one_word_each(raw["givare_fore"], "givare_fore"),
    )
