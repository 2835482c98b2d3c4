"""What the conversation does next: merge what the user said into the facts, then ask or answer.

Pure logic (no Rasa): the actions pass in the facts they hold in slots and the entities of the
latest message, and get back the new facts and the next step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.engine import Assessment, Result, Status, assess
from bot.facts import FactError, clean_value, vocabulary
from bot.liknande import SITUATION_FACTS, Forslag, closest
from bot.places import STOCKHOLM
from bot.understanding import understand_safely

# After this many questions the bot answers with what it knows; the user can always add more.
MAX_QUESTIONS = 4
# After this many answers in a row that say nothing the bot can use, it answers with what it knows.
MAX_MISSES = 2
# Asked again, once, in other words when the person told something else instead of answering:
# without them the answer cannot say where to turn or which insatser fit.
ASK_AGAIN = ("kommun", "age")
# At most this many situations are offered as buttons when an answer was not understood.
MAX_CHOICES = 8


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
    entities = list(entities)
    places_told = [name for name, _ in entities if name in ("kommun", "stadsdel")]
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
        elif fact.several and name in update.changed:
            # "barnen är 4 och 9": the ages told in one message are all kept; a later message's
            # ages replace them (a correction)
            told = update.facts.get(name)
            value = clean_value(fact, [*(told if isinstance(told, list) else [told]), value])
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
    if (
        "kommun" in update.changed
        and "stadsdel" in update.changed
        and update.facts.get("kommun") != STOCKHOLM
        and places_told[-1:] == ["stadsdel"]
    ):
        # "Sundbyberg... nej förresten, jag flyttade till Solhem": the place told last holds
        update.facts["kommun"] = STOCKHOLM
    elif "kommun" in update.changed and update.facts.get("kommun") != STOCKHOLM and update.facts.get("stadsdel"):
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
    question = assessment.next_question(skip=skipped, candidates=candidates)
    if question is None and _place_to_turn_missing(assessment, skipped):
        question = "stadsdel"
    return Step(question, assessment)


def _place_to_turn_missing(assessment: Assessment, skipped: Iterable[str]) -> bool:
    """Whether the answer would say only "the stadsdelsförvaltning where you live": the user
    lives in Stockholms stad, the stadsdel is unknown (and not declined), and an insats that
    fits is given by the stadsdelsförvaltningar. One more question then names the right one."""
    facts = assessment.facts
    if facts.get("bor_i_stockholm") is not True or facts.get("forvaltning") or {"stadsdel", "kommun"} & set(skipped):
        return False
    fitting = assessment.with_status(Status.ELIGIBLE) + [
        result for result in assessment.with_status(Status.POSSIBLY) if result.relevance or not result.topical
    ]
    return any(not result.insats.del2 for result in fitting)


def missed(update: Update, expecting: str | None, intent: str | None) -> bool:
    """The user answered the question `expecting` with nothing the bot could use.

    A yes, no or "vet inte" is an answer; so is any fact, even one the bot did not ask about
    (an answer to another question is taken for what it is, and is not a miss).
    """
    return bool(expecting) and not update.changed and expecting not in update.skipped and (
        intent not in ("affirm", "deny", "dont_know")
    )


def _values_in(node: Mapping[str, Any], fact_name: str) -> list[Any]:
    """The values a condition tests `fact_name` against (includes_any / in / equals)."""
    if node.get("fact") == fact_name:
        values = node.get("includes_any") or node.get("in") or [node.get("equals")]
        return [value for value in values if value is not None]
    children = node.get("all") or node.get("any") or ([node["not"]] if "not" in node else [])
    return [value for child in children for value in _values_in(child, fact_name)]


def situation_choices(assessment: Assessment, fact_name: str, limit: int = MAX_CHOICES) -> list[str]:
    """The values of a situation fact that would decide most open insatser, best first.

    Offered as buttons when the user's own words were not understood, so the next step is a
    choice among the situations the catalogue knows rather than the same open question again.
    """
    fact = vocabulary()[fact_name]
    known = set(assessment.facts.get(fact_name) or ())
    pool = assessment.with_status(Status.POSSIBLY) or [r for r in assessment.results if r.status is not Status.NOT]
    counts: dict[str, int] = {}
    for result in pool:
        # An insats that waits for nothing else counts most: choosing its situation decides it.
        weight = 10 if set(result.missing) <= {fact_name} else 1
        for value in {v for node in result.insats.villkor for v in _values_in(node, fact_name)}:
            if value in fact.values and value not in known:
                counts[value] = counts.get(value, 0) + weight
    order = list(fact.values)
    return sorted(counts, key=lambda value: (-counts[value], order.index(value)))[:limit]


def read_answer(
    text: str, expecting: str, open_facts: Iterable[str], together_with: str | None = None
) -> list[tuple[str, Any]]:
    """The facts in an answer to the question about `expecting`.

    Read with that question as context first ("14" answers "Hur gammal är du?"). When that finds
    nothing, the answer may belong to another question still open ("16" typed at "Var bor du?" is
    an age): it is read as an answer to each of those in turn, and the first reading that finds
    something is taken for what it is. Yes/no questions are left out: a bare "nej" to "Var bor
    du?" says nothing about whether the user's parents have separated. `together_with`: the
    relation told earlier, whom "vi" includes ("vi bråkar hela tiden" after "min fru och jag").
    """
    vocab = vocabulary()
    found = understand_safely(text, expecting=expecting, together_with=together_with)
    for other in open_facts:
        if found:
            break
        if other != expecting and vocab[other].type != "bool":
            found = understand_safely(text, expecting=other, together_with=together_with)
    return [(f.entity, f.value) for f in found]


def open_questions(facts: Mapping[str, Any], skipped: Iterable[str] = ()) -> list[str]:
    """The facts the bot may still ask about (unknown, not skipped), in the vocabulary's order."""
    passed = set(skipped)
    return [
        name for name, fact in vocabulary().items()
        if fact.kind == "ask" and facts.get(name) in (None, []) and name not in passed
    ]  # fmt: skip


# A crisis message that also tells any of these goes on to the help in the same turn.
FACT_SLOTS_TOLD = frozenset(
    {"age", "kommun", "stadsdel", "relation", "narstaende_situation", "egen_situation", "barnets_alder", "har_barn"}
)
OLDEST_AGE = 130


def crisis_age(facts: Mapping[str, Any]) -> int | None:
    """The user's age for choosing crisis lines (BRIS is for under 18), or None when unknown."""
    age = facts.get("age")
    return age if isinstance(age, int) and not isinstance(age, bool) and 0 <= age <= OLDEST_AGE else None


def kris_roll(facts: Mapping[str, Any]) -> str | None:
    """`utovare` when the user tells that they have used violence: the crisis answer is then 112
    if anyone is in danger and the way to support to stop, never the victims' lines as if for them."""
    egen = facts.get("egen_situation") or ()
    return "utovare" if "utovar_vald" in egen else None


def suggest(facts: Mapping[str, Any], said: str, expecting: str | None, tried: Iterable[str]) -> Forslag | None:
    """A situation to confirm with one question ("Handlar det om ...?"), or None.

    Only when the conversation has no situation yet and the user's own words were just asked
    for it or told a story the lexicon did not read: then the closest situation in the
    catalogue's own descriptions (bot.liknande) is offered once, never guessed.
    """
    vocab = vocabulary()
    situation_known = any(
        facts.get(name) not in (None, []) and vocab[name].topical and name not in ("relation", "har_barn")
        for name in vocab
    )  # who the närstående is, or that the user is a parent, says nothing about what the situation is
    if said.startswith("/") or situation_known or expecting not in (None, *SITUATION_FACTS):
        return None
    found = closest(said, (expecting,) if expecting else SITUATION_FACTS)
    if found is None or f"{found.fact}={found.value}" in set(tried):
        return None
    return found


def lost_results(
    facts: Mapping[str, Any], changed: Iterable[str], shown: Iterable[str], assessment: Assessment
) -> list[tuple[Result, list[str]]]:
    """Insatser the user was shown that what they just told rules out, each with the facts that
    did it ("pappa får inte veta" rules out Stödsamtal för barn från 12 år for a 13-year-old).

    A fact did it when, without it, the insats would not be ruled out.
    """
    names, told = set(shown), [name for name in changed if name in facts]
    lost = []
    for result in assessment.with_status(Status.NOT):
        if result.insats.namn not in names:
            continue
        culprits = [
            name for name in told
            if assess({k: v for k, v in facts.items() if k != name}).result_for(result.insats.id).status
            is not Status.NOT
        ]  # fmt: skip
        if culprits:
            lost.append((result, culprits))
    return lost
