"""Questions about the insatser the user was shown or named ("hur många gånger träffas man?",
"måste farsan säga ja?"), answered from each insats's own data: its `omfattning`, and its
condition on the guardians' consent with the age from which it no longer applies.

The topics and the words that ask them are data (bot/data/fragor.yml); the answers are composed
from texts in bot/data/texter/. Pure: no Rasa.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot.catalogue import Insats
from bot.engine import facts_in
from bot.text import normalize

DATA = Path(__file__).parent / "data" / "fragor.yml"
CONSENT_FACT = "vardnadshavare_samtycke"
TOPICS = ("omfattning", "samtycke", "ringa")
CALLING = "ringa"  # the topic answered with phone lines, not from the insatser


@dataclass(frozen=True)
class _Fragor:
    topics: dict[str, tuple[str, ...]]  # topic -> its phrases, normalised and padded with spaces
    question_words: frozenset[str]
    why_not: tuple[str, ...]


def _norm(text: str) -> str:
    return normalize(text, markup=True)


@cache
def _fragor() -> _Fragor:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    topics = {name: tuple(f" {_norm(str(p))} " for p in raw["amnen"][name]) for name in TOPICS}
    why_not = tuple(f" {_norm(str(p))} " for p in raw["varfor_inte"])
    return _Fragor(topics, frozenset(_norm(str(w)) for w in raw["fragord"]), why_not)


def asks_why_not(text: str) -> bool:
    """ "varför kan jag inte få prata med nån?": the question is about something ruled out."""
    return isinstance(text, str) and any(p in f" {_norm(text)} " for p in _fragor().why_not)


def topic(text: str) -> str | None:
    """The topic a message asks about (`omfattning`, `samtycke`, `ringa`), or None when it asks none."""
    if not isinstance(text, str) or text.startswith("/"):
        return None
    fragor, normal = _fragor(), _norm(text)
    words = normal.split()
    if not words or ("?" not in text and words[0] not in fragor.question_words):
        return None
    padded = f" {normal} "
    return next((name for name in TOPICS if any(p in padded for p in fragor.topics[name])), None)


def consent_age(insats: Insats) -> int | None:
    """The age from which the guardians need not agree (the `any` of age min and consent), or
    None when the insats has no condition on consent."""
    for node in insats.villkor:
        children = node.get("any") or ()
        if any(child.get("fact") == CONSENT_FACT for child in children):
            ages = [child.get("min") for child in children if child.get("fact") == "age"]
            return int(ages[0]) if ages and ages[0] is not None else None
    return None


def has_consent_condition(insats: Insats) -> bool:
    """The insats has a condition on the guardians' consent."""
    return any(CONSENT_FACT in facts_in(node) for node in insats.villkor)


def consent_text(insats: Insats) -> str | None:
    """The seed's own words of the insats's condition on consent."""
    for node in insats.villkor:
        if CONSENT_FACT in facts_in(node):
            return str(node.get("text") or "") or None
    return None


def in_focus(insatser: Iterable[Insats], topic_name: str) -> list[Insats]:
    """The insatser a topic can be answered for: with an omfattning, or with a consent condition."""
    if topic_name == "omfattning":
        return [i for i in insatser if (i.omfattning or {}).get("text")]
    return [i for i in insatser if has_consent_condition(i)]
