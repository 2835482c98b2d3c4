"""The text toolkit: every reader of free text normalises, tokenizes, strips markup and forgives
typos with these, so the catalogue, the lexicon reader (bot.understanding), crisis detection
(bot.kris) and the place names read text the same way.

- `normalize`: one normalisation with options, built from the steps below it (`fold` is its
  default: the key for loose matching). Each step is public so a hot loop can call just the one
  it needs.
- `WORD` / `words`: the tokenizer.
- `strip_markup` / `blank_markup`: HTML tags (and control characters) out of a message.
- `one_typo`, `TypoIndex`: the typo model (one slip, optionally only between neighbouring keys
  on a Swedish keyboard), on rapidfuzz's optimal string alignment distance.
- `MAX_CHARS`: how much of a message anything reads.
- `spellings`: the chat spellings table (bot/data/stavningar.yml).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from rapidfuzz.distance import OSA

# Only the start of a message is read, by every reader: the channel passes on at most this much
# (rasa_ext/channels.py), nobody in need writes more in one message (it is about a page), and it
# bounds the time spent on a pasted novel. Crisis detection reads exactly as far as the rest.
MAX_CHARS = 2000

SPELLINGS_PATH = Path(__file__).parent / "data" / "stavningar.yml"
SPELLING_READERS = ("kris", "tolkning")
MIN_TYPO_LETTERS = 6  # shorter words are never typo-corrected: too many real words lie one slip apart

Accents = Literal["strip", "swedish", "keep"]
Punctuation = Literal["space", "edges", "keep"]

_NON_WORD = re.compile(r"[\W_]+")
_DASHES = re.compile(r"[-_\u2010-\u2015]+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_SWEDISH = "åäö"
_NORDIC = {"æ": "ä", "ø": "ö"}
_CACHED_CHARS = 10_000  # bounds _Uncombined: a message may hold any of a million code points

# ----------------------------------------------------------------------------- normalisation


def normalize(
    text: str,
    *,
    markup: bool = False,
    compose: bool = False,
    casefold: bool = True,
    accents: Accents = "strip",
    punctuation: Punctuation = "space",
    squeeze: bool = False,
    spellings: Mapping[str, str] | None = None,
) -> str:
    """`text` normalised by these steps, in this order, each chosen by an option:

    1. markup: decode HTML entities and replace tags by a space (`strip_markup`).
    2. compose: Unicode NFC first, so "a" + a combining ring is "å".
    3. casefold.
    4. accents: "strip" every accent, å/ä -> a, ö -> o (`strip_accents`); "swedish": keep å/ä/ö,
       æ -> ä, ø -> ö, strip other accents (`keep_swedish_letters`); "keep".
    5. punctuation: "space": every run of anything but letters and digits becomes one space,
       and the ends are trimmed (`spaces_for_punctuation`); "edges": dashes and underscores
       become spaces, spaces collapse and punctuation at both ends goes (`trim_punctuation`);
       "keep".
    6. squeeze: every run of one letter becomes that letter ("dööö" -> "dö", "mamma" -> "mama").
    7. spellings: whole words replaced from the table ("e" -> "är"; `respell`).
    """
    if markup:
        text = strip_markup(text)
    if compose:
        text = unicodedata.normalize("NFC", text)
    if casefold:
        text = text.casefold()
    if accents == "swedish" and punctuation == "space":
        # both in one pass over the characters (the crisis normaliser's path; same result)
        text = " ".join("".join(map(_swedish_char_spaced, unicodedata.normalize("NFC", text))).split())
    else:
        if accents == "strip":
            text = strip_accents(text)
        elif accents == "swedish":
            text = keep_swedish_letters(text)
        if punctuation == "space":
            text = spaces_for_punctuation(text)
        elif punctuation == "edges":
            text = trim_punctuation(text)
    if squeeze:
        text = squeeze_letters(text)
    if spellings is not None:
        text = respell(text, spellings)
    return text


def fold(text: str) -> str:
    """Casefold, strip accents (å/ä -> a, ö -> o) and punctuation: a key for loose matching."""
    return normalize(str(text))


class _Uncombined(dict[int, int | None]):
    """A str.translate table that drops combining marks (the accents NFKD splits off),
    filled in as characters are seen."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if len(self) < _CACHED_CHARS:
            self[code] = kept
        return kept


_UNCOMBINED = _Uncombined()


def strip_accents(text: str) -> str:
    """Compatibility-decompose (NFKD) and drop every combining mark: "Hökarängen" -> "Hokarangen"."""
    return unicodedata.normalize("NFKD", text).translate(_UNCOMBINED)


@lru_cache(maxsize=4096)
def _swedish_char(char: str) -> str:
    char = _NORDIC.get(char, char)
    if char in _SWEDISH:
        return char
    # Compatibility forms (𝐀, ﬁ, ²) decompose to letters that may still need casefolding.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", char).casefold())
    return "".join(part for part in decomposed if not unicodedata.combining(part))


@lru_cache(maxsize=4096)
def _swedish_char_spaced(char: str) -> str:
    """`_swedish_char`, and every part that is not a letter or digit a space."""
    return "".join(part if part.isalnum() else " " for part in _swedish_char(char))


def keep_swedish_letters(text: str) -> str:
    """Keep å/ä/ö, map æ -> ä and ø -> ö, drop every other accent and make compatibility forms
    plain lower-case letters ("idé" -> "ide", "𝐀" -> "a")."""
    return "".join(map(_swedish_char, unicodedata.normalize("NFC", text)))


def spaces_for_punctuation(text: str) -> str:
    """Every run of anything but letters and digits (underscores too) as one space, ends trimmed."""
    return " ".join(_NON_WORD.sub(" ", text).split())


def trim_punctuation(text: str) -> str:
    """Dashes and underscores as spaces, spaces collapsed, punctuation at both ends dropped
    ("  Upplands-Väsby! " -> "Upplands Väsby")."""
    return _EDGE_PUNCT.sub("", " ".join(_DASHES.sub(" ", text).split()))


@cache
def _letter_runs(longer_than: int, letters: str | None) -> re.Pattern[str]:
    letter = f"[{letters}]" if letters else r"[^\W\d_]"
    return re.compile(rf"({letter})\1{{{longer_than},}}")


def squeeze_letters(text: str, *, longer_than: int = 1, keep: int = 1, letters: str | None = None) -> str:
    """Runs of one letter longer than `longer_than` cut to `keep` letters ("jaaag" -> "jag";
    `letters`: only these letters, e.g. vowels)."""
    return _letter_runs(longer_than, letters).sub("\\1" * keep, text)


def respell(text: str, table: Mapping[str, str]) -> str:
    """Each space-separated word replaced by its standard spelling from `table`, if it has one."""
    return " ".join(table.get(word, word) for word in text.split())


# ----------------------------------------------------------------------------- words and markup

# A token: a run of digits, or a run of letters (combining accents included: "a" + ring).
WORD = re.compile(r"\d+|(?:[^\W\d_]|[\u0300-\u036f])+")
# An HTML tag: "<b>", "<br/>", "<a href=...>" (bounded, so "<3" and a later ">" far off are not one).
TAG = re.compile(r"<[^<>]{0,200}>")


def words(text: str) -> Iterator[re.Match[str]]:
    """The tokens of `text` (`WORD`), with their offsets."""
    return WORD.finditer(text)


def strip_markup(text: str) -> str:
    """HTML entities decoded and tags replaced by a space ("<b>hej</b>&amp;då" -> " hej &då")."""
    return TAG.sub(" ", html.unescape(text))


def blank_markup(text: str) -> str:
    """`text` with the same length, HTML tags, control and format characters as spaces (so offsets
    still point into the original)."""
    if "<" not in text and text.isprintable():
        return text  # the usual message: nothing to blank out (control characters are not printable)
    chars = list(text)
    for tag in TAG.finditer(text):
        chars[tag.start() : tag.end()] = " " * (tag.end() - tag.start())
    for index, char in enumerate(chars):
        if char not in "\n\t" and unicodedata.category(char)[0] == "C":
            chars[index] = " "
    return "".join(chars)


# ----------------------------------------------------------------------------- the typo model

_KEYBOARD = ("qwertyuiopå", "asdfghjklöä", "zxcvbnm")  # a Swedish keyboard's letter rows
_KEY_POSITION = {
    key: (column + offset, row)
    for row, (keys, offset) in enumerate(zip(_KEYBOARD, (0.0, 0.25, 0.75), strict=True))
    for column, key in enumerate(keys)
}
_SAME_KEY = {"å": "a", "ä": "a", "ö": "o", "é": "e"}
_NEAR = 1.3  # keys closer than this (in key widths) are neighbours


def edit_distance(a: str, b: str) -> int:
    """Edits from a to b: a letter missing, extra, replaced or swapped with its neighbour
    (optimal string alignment, as Damerau-Levenshtein without overlapping edits)."""
    return int(OSA.distance(a, b))


def near_keys(a: str, b: str) -> bool:
    """Two letters a writer could swap by mistake: neighbours on a Swedish keyboard, or a/å/ä."""
    if _SAME_KEY.get(a, a) == _SAME_KEY.get(b, b):
        return True
    if a not in _KEY_POSITION or b not in _KEY_POSITION:
        return False
    (xa, ya), (xb, yb) = _KEY_POSITION[a], _KEY_POSITION[b]
    return ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5 < _NEAR


def one_typo(typed: str, word: str, *, keyboard: bool = True) -> bool:
    """`typed` is `word` with exactly one slip: a letter missing, extra, swapped with its
    neighbour, or replaced (with `keyboard`, only by a neighbouring key: "vänder" is not a slip
    for "vänner", d and n are far apart)."""
    if OSA.distance(typed, word, score_cutoff=1) != 1:
        return False
    if not keyboard or len(typed) != len(word):
        return True
    diff = [i for i, (x, y) in enumerate(zip(typed, word, strict=True)) if x != y]
    return len(diff) == 2 or near_keys(typed[diff[0]], word[diff[0]])


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoIndex:
    """Words of MIN_TYPO_LETTERS or more, found again from a word typed one slip away (a lookup
    by single deletions, each candidate then checked with `one_typo`)."""

    def __init__(self, known: Iterable[str], *, keyboard: bool = True) -> None:
        self.keyboard = keyboard
        self._by_deletion: dict[str, set[str]] = {}
        for word in known:
            if len(word) >= MIN_TYPO_LETTERS:
                for key in _deletions(word):
                    self._by_deletion.setdefault(key, set()).add(word)

    def close(self, typed: str) -> set[str]:
        """The indexed words one slip from `typed`."""
        seen: set[str] = set()
        for key in _deletions(typed):
            seen |= self._by_deletion.get(key, set())
        return {word for word in seen if one_typo(typed, word, keyboard=self.keyboard)}


# ----------------------------------------------------------------------------- chat spellings


class SpellingsError(ValueError):
    """bot/data/stavningar.yml does not follow the format documented at its top."""


@cache
def spellings(reader: str) -> Mapping[str, str]:
    """The chat spellings `reader` ("kris" or "tolkning") replaces: the shared table `alla` and
    the reader's own, as written in bot/data/stavningar.yml (each reader normalises and checks
    them its own way)."""
    if reader not in SPELLING_READERS:
        raise SpellingsError(f"stavningar.yml: no table for {reader!r} (readers: {SPELLING_READERS})")
    raw = yaml.safe_load(SPELLINGS_PATH.read_text(encoding="utf-8")) or {}
    shared = {str(key): str(value) for key, value in (raw.get("alla") or {}).items()}
    own = {str(key): str(value) for key, value in (raw.get(reader) or {}).items()}
    both = set(shared) & set(own)
    if both:
        raise SpellingsError(f"stavningar.yml: {sorted(both)} both in `alla` and in `{reader}`")
    return {**shared, **own}
