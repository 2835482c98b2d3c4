"""Places in free text (find_place_mentions): every kommun and stadsdel name a message mentions.

Most names count wherever they appear. Names that are also ordinary words or first names are
listed under `forsiktig` in the data files, and the cue words are in bot/data/platsord.yml:
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
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.places.cues import Cues, cues
from bot.places.names import _EDGE_PUNCT, _loose, normalize
from bot.places.register import (
    STOCKHOLM,
    Kind,
    _fuzzy,
    _kommun_index,
    _resolve,
    _spelled_as,
    _stadsdel_index,
    _Target,
)

_TOKEN = re.compile(r"[^\W_]+")
_JOIN_GAP = re.compile(r"[\s\-\u2010-\u2015]+")
_SKIP_SPANS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+", re.IGNORECASE)
_SKIP_HINT = re.compile(r"@|://|www\.", re.IGNORECASE)  # what every _SKIP_SPANS match contains


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


def _residence_cue(words: Cues, tokens: list[_Token], first: int) -> bool:
    """ "bor i X", "bodde på X", "flyttat till X", "folkbokförd i X", "stadsdelen X"."""
    prev = tokens[first - 1].norm if first >= 1 else ""
    if prev in words.area_words:
        return True
    return prev in words.location_words and any(
        tokens[i].norm in words.strong_verbs for i in (first - 2, first - 3) if i >= 0
    )


def _strong_cue(words: Cues, tokens: list[_Token], first: int, last: int, kind: Kind) -> bool:
    """A residence cue before the name, or "kommun"/"stadsdel" right after it."""
    if _residence_cue(words, tokens, first):
        return True
    return last + 1 < len(tokens) and tokens[last + 1].norm in words.followers[kind]


def _weak_cue(words: Cues, tokens: list[_Token], first: int) -> bool:
    """ "i X", "på X", "från X", "till X"."""
    return first >= 1 and tokens[first - 1].norm in words.weak_cues


def _capitalised_mid_sentence(text: str, token: _Token) -> bool:
    if not token.raw[:1].isupper() or (len(token.raw) > 1 and token.raw.isupper()):
        return False
    i = token.start - 1
    while i >= 0 and (text[i].isspace() or text[i] in "\"'«»()[]"):
        if text[i] == "\n":
            return False
        i -= 1
    return i >= 0 and text[i] not in ".!?:;"


def _acceptable(
    words: Cues, text: str, tokens: list[_Token], first: int, last: int, target: _Target, caution: str | None
) -> bool:
    """Whether a name found in free text counts as a place (the rule in the module doc)."""
    if first >= 2 and (tokens[first - 2].norm, tokens[first - 1].norm) in words.not_place:
        return False  # "håller på Hammarby" is football, not a home
    if caution is None:
        return True
    if _strong_cue(words, tokens, first, last, target.kind):
        return True
    if caution == "namn":
        return False
    whole = _EDGE_PUNCT.sub("", text)
    return (
        _weak_cue(words, tokens, first)
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
    words = cues()
    tokens = _tokens(text)
    indexes = (_stadsdel_index(), _kommun_index())  # stadsdel first: it wins a tie
    longest, starts = _longest_name(), _name_starts()
    hits: list[_Hit] = []
    for first in range(len(tokens)):
        cue = _residence_cue(words, tokens, first)
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
                if target is not None and _acceptable(words, text, tokens, first, last, target, caution):
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


_SENTENCE_END = re.compile(r"[.!?;\n]")
_OWNER_REACH = 6  # words back from the name to the verb of living
_SUBJECT_REACH = 5  # words back from the verb to its subject


def _in_sentence(text: str, tokens: list[_Token], index: int, first: int) -> bool:
    """Whether token `index` is in the same sentence as token `first` (before it)."""
    return not _SENTENCE_END.search(text, tokens[index].end, tokens[first].start)


_AND = frozenset({"och", "o"})
_WITH_ME = frozenset({"oss", "mig", "mej"})  # "bor hos oss", normalised
_SHARED_SUBJECT_REACH = 10  # words back to the subject two joined verbs share


def _subject_is_other(words: Cues, text: str, tokens: list[_Token], last: int, first: int) -> bool:
    """Whether the subject phrase ending at token `last` is someone else's and not the user's
    ("pappa", "min mamma är 84 och" are someone else; "jag", "jag och mamma", none at all are the user).
    Verbs joined by "och" share the subject: in "pappa har demens och bor i Bromma" it is pappa."""
    if tokens[last].norm in _AND:
        for index in range(last - 1, max(last - 1 - _SHARED_SUBJECT_REACH, -1), -1):
            if not _in_sentence(text, tokens, index, first):
                break
            norm = tokens[index].norm
            if norm in words.own_subjects:
                return False
            if norm in words.other_subjects:
                return True
    other = False
    for index in range(last, max(last - _SUBJECT_REACH, -1), -1):
        norm = tokens[index].norm
        if not _in_sentence(text, tokens, index, first):
            break
        if norm in words.own_subjects:
            return False
        if norm in words.other_subjects or (index >= 1 and tokens[index - 1].norm in words.possessives):
            other = True  # "pappa", "min man"
        elif norm not in words.possessives and norm not in words.skipped_before_verb and not norm.isdigit():
            break
    return other


def _someone_elses(words: Cues, text: str, tokens: list[_Token], first: int) -> bool:
    """Whether the place named at token `first` is where someone other than the user lives
    (the rule under "Whose place it is" in bot/data/platsord.yml)."""
    if first >= 2 and tokens[first - 1].norm in words.location_words and tokens[first - 2].norm in words.own_subjects:
        return False  # "..., jag i Farsta strand"
    for verb in range(first - 1, max(first - 1 - _OWNER_REACH, -1), -1):
        if not _in_sentence(text, tokens, verb, first):
            break
        if tokens[verb].norm in words.strong_verbs:
            between = [token.norm for token in tokens[verb + 1 : first]]
            if any(a == "hos" and b in _WITH_ME for a, b in zip(between, between[1:], strict=False)):
                return False  # "farmor bor hos oss i Kista": the user's home too
            return verb >= 1 and _subject_is_other(words, text, tokens, verb - 1, first)
        if tokens[verb].norm in words.elsewhere:
            return True  # "jobbar i Stockholm", "går i skolan på Kungsholmen": not a home
    if first >= 2 and tokens[first - 1].norm in words.location_words and _in_sentence(text, tokens, first - 2, first):
        return _subject_is_other(words, text, tokens, first - 2, first)  # no verb: "pappa i Nacka"
    return False


_THERE = "dar"  # "där", normalised


def _home_of_someone_after(words: Cues, text: str, tokens: list[_Token], first: int, last: int) -> bool:
    """ "i Sundbyberg där han bor": the place is named first, then whose home it is (unless a
    verb of living before the name already said: "jag bor i Farsta där mamma också bor")."""
    for verb in range(first - 1, max(first - 1 - _OWNER_REACH, -1), -1):
        if not _in_sentence(text, tokens, verb, first):
            break
        if tokens[verb].norm in words.strong_verbs:
            return False
    after = last + 1
    if after >= len(tokens) or tokens[after].norm != _THERE or not _in_sentence(text, tokens, last, after):
        return False
    for verb in range(after + 1, min(after + 1 + _SUBJECT_REACH, len(tokens))):
        if not _in_sentence(text, tokens, last, verb):
            return False
        if tokens[verb].norm in words.strong_verbs:
            return _subject_is_other(words, text, tokens, verb - 1, after + 1)
    return False


def find_place_mentions(text: str) -> list[tuple[str, str, int, int]]:
    """Places in free text as (kind, canonical value, start, end), offsets into `text`.

    kind is "stadsdel" or "kommun". Longer names win ("Farsta strand" over "Farsta"), no two
    spans overlap, results are in text order. A stadsdel name that is ambiguous between areas
    ("Enskede", "Hammarby") still tells the kommun, so it is reported as ("kommun",
    "Stockholm"); Svedmyra is reported as the stadsdel "Svedmyra" (its förvaltning is asked).
    A län ("Stockholms län") is consumed but not reported. A place where someone else lives
    ("pappa bor i Nacka") is not reported: it is not where the user lives; nor is a place they
    work or go to school in ("jobbar i Stockholm").
    """
    mentions: list[tuple[str, str, int, int]] = []
    hits = _scan(text)
    tokens = _tokens(text) if hits else []
    words = cues()
    for hit in hits:
        if hit.first >= 1 and tokens[hit.first - 1].norm in words.provider:
            continue  # "anhörigstöd av Stockholm": who gives it, not a home
        if _someone_elses(words, text, tokens, hit.first):
            continue
        if _home_of_someone_after(words, text, tokens, hit.first, hit.last):
            continue
        target = hit.target
        if target.status == "found" and target.value:
            mentions.append((target.kind, target.value, hit.start, hit.end))
        elif target.kind == "stadsdel" and target.value:
            mentions.append(("stadsdel", target.value, hit.start, hit.end))
        elif target.kind == "stadsdel":
            mentions.append(("kommun", STOCKHOLM, hit.start, hit.end))
    return mentions
