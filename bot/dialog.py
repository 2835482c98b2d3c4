"""What the conversation does next: merge what the user said into the facts, then ask or answer.

Pure logic (no Rasa): the actions pass in the facts they hold in slots and the entities of the
latest message, and get back the new facts and the next step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.engine import Assessment, Status, assess
from bot.facts import FactError, clean_value, vocabulary
from bot.places import STOCKHOLM

# After this many questions the bot answers with what it knows; the user can always add more.
MAX_QUESTIONS = 5


@dataclass
class Update:
    """The outcome of merging one message into the facts."""

    facts: dict[str, Any]
    changed: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def merge(
    facts: Mapping[str, Any],
    entities: Iterable[tuple[str, Any]],
    expecting: str | None = None,
    intent: str | None = None,
    skipped: Iterable[str] = (),
) -> Update:
    """Merge entities (name, value) into the facts; bad values are reported, never raised.

    Set facts grow (the user can add situations); other facts are replaced (a correction wins).
    A yes/no/don't-know answer fills the bool fact the bot just asked about; "vet inte" marks
    the fact as skipped so it is not asked again.
    """
    vocab = vocabulary()
    update = Update(facts=dict(facts), skipped=list(skipped))
    for name, raw in entities:
        fact = vocab.get(name)
        if fact is None or fact.kind == "derived":
            continue
        try:
            value = clean_value(fact, raw)
        except FactError as error:
            update.problems[name] = str(error)
            continue
        if fact.type == "set":
            value = sorted(set(update.facts.get(name) or ()) | set(value))
        if update.facts.get(name) != value:
            update.facts[name] = value
            update.changed.append(name)
    if expecting and expecting not in update.changed:
        fact = vocab.get(expecting)
        if intent in ("affirm", "deny") and fact is not None and fact.type == "bool":
            update.facts[expecting] = intent == "affirm"
            update.changed.append(expecting)
        elif intent in ("dont_know", "deny") and expecting not in update.skipped:
            # "vet inte", or "nej" to an open question: leave it unknown and move on.
            update.skipped.append(expecting)
    if "stadsdel" in update.changed and "kommun" not in update.changed and update.facts.get("kommun") != STOCKHOLM:
        update.facts["kommun"] = STOCKHOLM  # every stadsdel we know is in Stockholms stad
        update.changed.append("kommun")
    if "kommun" in update.changed and update.facts.get("kommun") != STOCKHOLM and update.facts.get("stadsdel"):
        update.facts["stadsdel"] = None  # moved the answer to another kommun: the stadsdel no longer holds
        update.changed.append("stadsdel")
    return update


@dataclass(frozen=True)
class Step:
    """Either a question about one fact, or an answer."""

    ask: str | None
    assessment: Assessment


def _topic_given(facts: Mapping[str, Any]) -> bool:
    vocab = vocabulary()
    return any(vocab[name].topical for name in facts if name in vocab)


def next_step(facts: Mapping[str, Any], skipped: Iterable[str] = (), asked: int = 0) -> Step:
    """Ask the fact that decides the most open candidates, or answer when nothing would change.

    Once the user has told what the situation is, only candidates that fit it (or that have no
    topic at all, such as Stödsamtal för barn från 12 år) count, so the bot does not quiz
    people about situations they never raised.
    """
    assessment = assess(facts)
    if asked >= MAX_QUESTIONS:
        return Step(None, assessment)
    candidates = assessment.with_status(Status.POSSIBLY)
    vocab = vocabulary()
    if _topic_given(assessment.facts):
        candidates = [result for result in candidates if result.relevance or not result.topical]
    elif any(name in vocab and vocab[name].topical for name in skipped):
        # The user chose not to say what it is about: don't guess at topics one by one.
        candidates = [result for result in candidates if not result.topical]
    return Step(assessment.next_question(skip=skipped, candidates=candidates), assessment)
