"""The compiled lexicon (bot/data/lexikon.yml) and the word lookups every stage asks it:
which lexicon words a typed word can stand for (exact, without å/ä/ö, squeezed, one typo),
which phrases it can start, and the value of a number word. Built by bot.understanding.loading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from bot.text import MIN_TYPO_LETTERS, TypoIndex, fold, squeeze_letters

NUMBER = "#"  # a phrase placeholder: any number ("är #")
CLAUSE_END = "$"  # a phrase placeholder: the end of the clause ("orkar inte $")
PLACEHOLDERS = frozenset({NUMBER, CLAUSE_END})
VOWELS = "aeiouyåäöé"  # doubled vowels are rare in Swedish ("såå", "skiilda" are emphasis)
_CACHED = 50_000  # bounds each lookup cache: a message may hold any word


@dataclass(frozen=True)
class Entry:
    """One lexicon phrase with what it gives."""

    phrase: tuple[str, ...]
    source: str
    order: int
    relation: str | None = None
    possessive: bool = False
    exact: bool = False
    roles: Mapping[str, tuple[tuple[str, Any], ...]] = field(default_factory=dict)
    kraver: tuple[tuple[str, ...], ...] = ()
    utom: frozenset[str] = frozenset()
    efter: frozenset[str] = frozenset()
    inte_efter: frozenset[str] = frozenset()
    bara_efter: frozenset[str] | None = None
    own_subject: bool = False
    ignore_negation: bool = False
    guardian: bool = False
    inte_fore: frozenset[str] = frozenset()
    objekt_via: frozenset[str] = frozenset()
    svar_pa: frozenset[str] = frozenset()

    @cached_property
    def has_objects(self) -> bool:
        """Whether the phrase takes an object ("slår mig", "bråkar med min son")."""
        return any(key.startswith("objekt_") for key in self.roles)

    @cached_property
    def words(self) -> int:
        """How many real words the phrase has (for longest-match)."""
        return sum(1 for token in self.phrase if token != CLAUSE_END)


@dataclass
class Lexikon:
    """The compiled lexicon: word classes, entries, number words and the words with a part of
    their own in the reading (each field is one documented section of lexikon.yml)."""

    normal: Mapping[str, str]
    ja_som_jag: frozenset[str]
    ja_words: frozenset[str]
    ja_means: str
    yes: frozenset[str]
    no: frozenset[str]
    negations: frozenset[str]
    subject_negations: frozenset[str]
    prepositions: frozenset[str]
    articles: frozenset[str]
    negation_breakers: frozenset[str]
    possessives: frozenset[str]
    others_possessives: frozenset[str]
    owning_verbs: frozenset[str]
    genitive_endings: tuple[str, ...]
    pronouns: dict[str, frozenset[str]]
    conjunctions: frozenset[str]
    coordinating: frozenset[str]
    list_joiners: frozenset[str]
    relative: frozenset[str]
    att: frozenset[str]
    question_words: frozenset[str]
    adverbs: frozenset[str]
    protected: frozenset[str]
    entries: list[Entry]
    by_first: dict[str, list[Entry]]
    exact_by_first: dict[str, list[Entry]]
    vocab: frozenset[str]
    by_ascii: dict[str, frozenset[str]]
    word_typos: TypoIndex
    numbers: dict[str, int]
    number_typos: TypoIndex
    alder: dict[str, Any]
    function_words: frozenset[str]
    relation_values: frozenset[str]
    default_object_via: frozenset[str]
    owners: dict[str, frozenset[str]] = field(default_factory=dict)
    after_object_me: frozenset[str] = frozenset()
    object_before: frozenset[str] = frozenset()
    readings: dict[str, frozenset[str]] = field(default_factory=dict)
    cache: dict[str, frozenset[str]] = field(default_factory=dict)
    number_cache: dict[str, int | None] = field(default_factory=dict)
    start_cache: dict[tuple[str, str, bool], tuple[Entry, ...]] = field(default_factory=dict)

    def pronoun_is(self, norm: str, group: str) -> bool:
        """Whether a normalised word is one of the pronouns of `group` (lexikon.yml `pronomen`)."""
        return norm in self.pronouns.get(group, frozenset())

    def candidates(self, norm: str) -> frozenset[str]:
        """The lexicon words a normalised text word can stand for (exact, without å/ä/ö, typo)."""
        found = self.cache.get(norm)
        if found is None:
            found = self._exact(norm)
            if not found and not norm.isdigit() and norm not in self.function_words:
                # "jaaa", "mååår", "skiilda": squeezed repeats, then one typo
                squeezed = [
                    squeeze_letters(norm, longer_than=2),
                    squeeze_letters(norm, longer_than=2, keep=2),
                    squeeze_letters(norm, letters=VOWELS),
                ]
                for variant in squeezed:
                    found = found or (self._exact(variant) if variant != norm else frozenset())
                found = found or self._typo(norm)
            if len(self.cache) > _CACHED:
                self.cache.clear()
            self.cache[norm] = found
        return found

    def starting_with(self, norm: str, raw: str, number: bool) -> tuple[Entry, ...]:
        """The entries a text word can start (`number`: it is a digit or number word), longest
        first, then in lexicon order: the order longest-match tries them in."""
        key = (norm, raw, number)
        found = self.start_cache.get(key)
        if found is None:
            options = [e for c in self.candidates(norm) for e in self.by_first.get(c, ())]
            options += self.exact_by_first.get(raw, [])
            if number:
                options += self.by_first.get(NUMBER, [])
            found = tuple(sorted(options, key=lambda e: (-e.words, e.order)))
            if len(self.start_cache) > _CACHED:
                self.start_cache.clear()
            self.start_cache[key] = found
        return found

    def _exact(self, norm: str) -> frozenset[str]:
        """The word itself, or the lexicon words it is when typed without å/ä/ö."""
        found: set[str] = set()
        if norm in self.vocab:
            found.add(norm)
        if norm.isascii():
            found |= self.by_ascii.get(norm, frozenset())
        return frozenset(found)

    def _typo(self, norm: str) -> frozenset[str]:
        """The one lexicon word within one slip, if exactly one is (same first letter, 6+ letters).

        A word typed with å/ä/ö is compared as typed; a word in plain ASCII is compared with the
        lexicon words' ASCII forms (the writer may have no Swedish keyboard).
        """
        plain = fold(norm)
        if len(plain) < MIN_TYPO_LETTERS or plain in self.protected or norm in self.function_words:
            return frozenset()
        if norm.isascii():
            # only ASCII lexicon words: "vinner" is not "vänner" with a typo on top of a missing ä
            close = {word for word in self.word_typos.close(norm) if word[0] == norm[0] and word.isascii()}
            return frozenset(close) if len(close) == 1 else frozenset()
        close = {word for word in self.word_typos.close(norm) if fold(word[0]) == plain[0]}
        forms = {fold(word) for word in close}
        return frozenset(close) if len(forms) == 1 else frozenset()

    def number(self, norm: str) -> int | None:
        """The value of a Swedish number word (typos of 6+ letter words tolerated)."""
        if norm not in self.number_cache:
            if len(self.number_cache) > _CACHED:
                self.number_cache.clear()
            self.number_cache[norm] = self._number(norm)
        return self.number_cache[norm]

    def _number(self, norm: str) -> int | None:
        if norm in self.numbers:
            return self.numbers[norm]
        plain = fold(squeeze_letters(norm, longer_than=2))
        if plain in self.numbers:
            return self.numbers[plain]
        if len(plain) < MIN_TYPO_LETTERS or plain in self.protected or norm in self.vocab:
            return None
        close = {word for word in self.number_typos.close(plain) if word[0] == plain[0]}
        values = {self.numbers[word] for word in close}
        return values.pop() if len(values) == 1 else None
