"""When the lexicon finds no situation in a message: which situation it most resembles.

A fallback for bot.understanding, never a reading of its own: the message is compared (character
n-gram TF-IDF, cosine) with a bank of descriptions of every situation the catalogue knows —
each value's own words in bot/data/fakta.yml, its plain label in the texts, and every lexicon
phrase that gives it — and the closest is returned only when it is clearly closest. The bot then
asks one confirming question ("Handlar det om ...?") rather than guessing. Nothing is downloaded:
the bank is this project's own data, vectorised on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from bot.facts import vocabulary
from bot.text import normalize
from bot.texter import has, text
from bot.understanding import lexikon
from bot.understanding.loading import LEXIKON_PATH

SITUATION_FACTS = ("egen_situation", "narstaende_situation")
MIN_SCORE = 0.5  # cosine of the closest description; below it the message is not close to any
MIN_MARGIN = 0.06  # ahead of the closest description of any other situation
MIN_WORDS = 2  # content words; fewer ("ok", "vet inte hur jag ska säga") say too little to compare
NOT_SUGGESTED = frozenset({"vill_ha_vagledning"})  # "vilket stöd finns?" asks, it is no situation to confirm


@dataclass(frozen=True)
class Forslag:
    """A situation a message resembles: the fact, its value and how close (cosine, 0-1)."""

    fact: str
    value: str
    score: float


def _descriptions() -> list[tuple[str, str, str]]:
    """(fact, value, text) for every description in the bank."""
    bank: list[tuple[str, str, str]] = []
    vocab = vocabulary()
    for fact in SITUATION_FACTS:
        for value, words in vocab[fact].values.items():
            bank.append((fact, value, str(words)))
            if has(f"situation.{fact}.{value}"):
                bank.append((fact, value, text(f"situation.{fact}.{value}")))
    for entry in lexikon().entries:
        for pairs in entry.roles.values():
            for fact, value in pairs:
                if fact in SITUATION_FACTS and isinstance(value, str):
                    bank.append((fact, value, entry.source))
    return bank


@cache
def _ignored() -> frozenset[str]:
    """lexikon.yml `jamforelse_bortse`, normalised: words every message has."""
    raw = yaml.safe_load(LEXIKON_PATH.read_text(encoding="utf-8"))["jamforelse_bortse"]
    return frozenset(normalize(str(word)) for word in raw)


def _content(text: str) -> str:
    """The words of a text that say what it is about (normalised, common words left out)."""
    return " ".join(word for word in normalize(text).split() if word not in _ignored())


@cache
def _model() -> tuple[Any, Any, list[tuple[str, str]]]:
    """The fitted vectoriser, the bank's vectors and each row's (fact, value); built once."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    bank = _descriptions()
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    vectors = vectoriser.fit_transform([_content(description) for _, _, description in bank])
    return vectoriser, vectors, [(fact, value) for fact, value, _ in bank]


def closest(message: str, facts: tuple[str, ...] = SITUATION_FACTS) -> Forslag | None:
    """The situation the message clearly resembles most, or None."""
    words = _content(message or "")
    if len(words.split()) < MIN_WORDS:
        return None
    vectoriser, vectors, labels = _model()
    scores = (vectors @ vectoriser.transform([words]).T).toarray().ravel()
    best: dict[tuple[str, str], float] = {}
    for label, score in zip(labels, scores, strict=True):
        if label[0] in facts and label[1] not in NOT_SUGGESTED and score > best.get(label, 0.0):
            best[label] = float(score)
    ranked = sorted(best.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MIN_MARGIN and ranked[1][0][1] != ranked[0][0][1]:
        return None
    (fact, value), score = ranked[0]
    return Forslag(fact, value, score)
