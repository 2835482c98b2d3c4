"""Stage 7, time: how long ago the user had support before ("jag hade stödsamtal för tre
månader sen", "i våras"), as the fact samma_insats_senaste_6_man for the 6-month rule of seed
000; and how long ago they came to Sweden ("kom hit som kvotflykting för 8 månader sedan"), as
manader_i_sverige for Utökat stöd till nyanlända ("för som mest fem år sedan", 003 Del 2). The
words are lexikon.yml `tid`; a season is counted back from today in Stockholm.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any

import yaml

from bot.telefon import STOCKHOLM_TZ
from bot.text import normalize
from bot.understanding.loading import LEXIKON_PATH
from bot.understanding.message import Message

FACT = "samma_insats_senaste_6_man"
ARRIVAL_FACT = "manader_i_sverige"
RULE_MONTHS = 6  # seed 000: "de senaste 6 månaderna"
_SENTENCE = re.compile(r"[^.!?\n]+")


def _whole_words(words: list[Any]) -> re.Pattern[str]:
    """One pattern finding any of these words as a whole word ("kom", not the "kom" of "kommun")."""
    return re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in words) + r")\b", re.IGNORECASE)


@cache
def _tid() -> dict[str, Any]:
    """lexikon.yml `tid`, normalised like a message (case and accents ignored)."""
    raw = yaml.safe_load(LEXIKON_PATH.read_text(encoding="utf-8"))["tid"]
    key = lambda word: normalize(str(word))  # noqa: E731
    return {
        "stod": frozenset(key(w) for w in raw["stod"]),
        "stod_lower": _whole_words(raw["stod"]),
        "enheter": {key(w): float(m) for w, m in raw["enheter"].items()},
        "sedan": frozenset(key(w) for w in raw["sedan"]),
        "fraser": {key(p): float(m) for p, m in raw["fraser"].items()},
        "arstider": {key(w): int(m) for w, m in raw["arstider"].items()},
        "ankomst": frozenset(key(w) for w in raw["ankomst"]),
        "ankomst_lower": _whole_words(raw["ankomst"]),
    }


def _months_ago(words: list[str], msg: Message, now: datetime) -> tuple[float, int, int] | None:
    """The months ago a time expression in these (normalised) words says, with the words it
    spans (first, last exclusive); None when there is none."""
    tid = _tid()
    for phrase, months in tid["fraser"].items():
        parts = phrase.split()
        for i in range(len(words) - len(parts) + 1):
            if words[i : i + len(parts)] == parts:
                return months, i, i + len(parts)
    for i, word in enumerate(words):
        # "för 8 månader sedan", and "8 månad sedan" without the "för"
        start = i + 1 if word == "for" else i
        if start + 1 < len(words):
            amount = int(words[start]) if words[start].isdigit() else msg.lex.number(words[start])
            unit = tid["enheter"].get(words[start + 1])
            after = words[start + 2] if start + 2 < len(words) else ""
            if amount is not None and unit is not None and after in tid["sedan"]:
                return amount * unit, i, start + 3
        if word == "i" and i + 1 < len(words) and words[i + 1] in tid["arstider"]:
            return float((now.month - tid["arstider"][words[i + 1]]) % 12 or 12), i, i + 2
    return None


_WORD = re.compile(r"\w[\w-]*")  # a typed word without the punctuation around it


def _timed_sentence(msg: Message, topic: str, now: datetime | None) -> tuple[float, int, int] | None:
    """The months ago said in the first sentence that names the `topic` words (lexikon.yml
    `tid`: `stod` for earlier support, `ankomst` for coming to Sweden), with the span of the
    time expression ("förra året"); None when no such sentence says when."""
    tid = _tid()
    if not tid[f"{topic}_lower"].search(msg.text):
        return None  # the topic is not named: nothing to time (the common case, checked cheaply)
    now = now or datetime.now(STOCKHOLM_TZ)
    for sentence in _SENTENCE.finditer(msg.text):
        # each normalised word with the span of the typed word it comes from
        spans = [
            (word, sentence.start() + typed.start(), sentence.start() + typed.end())
            for typed in _WORD.finditer(sentence.group())
            for word in normalize(typed.group()).split()
        ]
        words = [word for word, _, _ in spans]
        if not tid[topic].intersection(words):
            continue
        found = _months_ago(words, msg, now)
        if found is not None:
            months, first, last = found
            return months, spans[first][1], spans[last - 1][2]  # the time expression's span
    return None


def read_times(msg: Message, now: datetime | None = None) -> None:
    """Emit samma_insats_senaste_6_man for a sentence that names earlier support and a time."""
    if any(f.entity == FACT for f in msg.found):
        return
    found = _timed_sentence(msg, "stod", now)
    if found is not None:
        months, start, end = found
        msg.emit(FACT, months < RULE_MONTHS, start, end)


def read_arrival(msg: Message, now: datetime | None = None) -> None:
    """Emit manader_i_sverige for a sentence that tells of coming to Sweden and when."""
    found = _timed_sentence(msg, "ankomst", now)
    if found is not None:
        months, start, end = found
        msg.emit(ARRIVAL_FACT, round(months), start, end)


def months_table() -> Mapping[str, float]:
    """The fixed phrases and their months (for the docs and tests)."""
    return dict(_tid()["fraser"])
