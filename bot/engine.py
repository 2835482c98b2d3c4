"""The eligibility engine: one three-valued evaluator for every insats in the catalogue.

Rules are data (docs/regler.md). Each condition is yes, no or unknown (Kleene logic); each
insats comes out `eligible`, `possibly_eligible` or `not_eligible` with the reasons in Swedish,
the facts still missing and the conditions the user must confirm.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any

from bot.catalogue import Catalogue, Insats, load
from bot.facts import Fact, apply_implications, clean_facts, vocabulary
from bot.places import derive_facts


class Status(str, Enum):
    """The outcome for one insats."""

    ELIGIBLE = "eligible"
    POSSIBLY = "possibly_eligible"
    NOT = "not_eligible"


YES, NO, UNKNOWN = True, False, None


@dataclass(frozen=True)
class Result:
    """The engine's verdict on one insats, with everything needed to explain it."""

    insats: Insats
    status: Status
    reasons: tuple[str, ...]
    met: tuple[str, ...]
    missing: tuple[str, ...]
    confirm: tuple[str, ...]
    relevance: int
    topical: bool

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (for the CLI and the actions)."""
        return {
            "id": self.insats.id,
            "namn": self.insats.namn,
            "status": self.status.value,
            "reasons": list(self.reasons),
            "met": list(self.met),
            "missing": list(self.missing),
            "confirm": list(self.confirm),
            "relevance": self.relevance,
        }


Check = Callable[[Mapping[str, Any]], "bool | None"]


def _test(operator: str, operand: Any) -> Callable[[Any], bool]:
    """One comparison of a leaf, with its operand bound (a set for includes_any)."""
    if operator == "equals":
        return lambda value: value == operand
    if operator == "in":
        return lambda value: value in operand
    if operator == "min":
        return lambda value: value >= operand
    if operator == "max":
        return lambda value: value <= operand
    wanted = set(operand)  # includes_any
    return lambda value: bool(set(value) & wanted)


def _junction(children: tuple[Check, ...], decisive: bool, otherwise: bool) -> Check:
    """Kleene `all` (decisive NO, otherwise YES) or `any` (decisive YES, otherwise NO): the
    decisive answer wins, else unknown if any part is unknown, else the other answer."""

    def combined(facts: Mapping[str, Any]) -> bool | None:
        outcome: bool | None = otherwise
        for child in children:
            result = child(facts)
            if result is decisive:
                return decisive
            if result is UNKNOWN:
                outcome = UNKNOWN
        return outcome

    return combined


def compile_condition(node: Mapping[str, Any]) -> Check:
    """The condition as a function of the facts: True, False or None (unknown).

    The engine's one evaluator. Judging the whole catalogue for each new set of facts reads
    ~600 conditions, so the catalogue's conditions are compiled once (see _conditions).
    """
    if "bekrafta" in node:
        return lambda facts: UNKNOWN
    if "all" in node:
        return _junction(tuple(compile_condition(child) for child in node["all"]), NO, YES)
    if "any" in node:
        return _junction(tuple(compile_condition(child) for child in node["any"]), YES, NO)
    if "not" in node:
        inner = compile_condition(node["not"])

        def negation(facts: Mapping[str, Any]) -> bool | None:
            result = inner(facts)
            return UNKNOWN if result is UNKNOWN else not result

        return negation
    fact = node["fact"]
    tests = tuple(_test(op, node[op]) for op in ("equals", "in", "min", "max", "includes_any") if op in node)

    def leaf(facts: Mapping[str, Any]) -> bool | None:
        value = facts.get(fact)
        if value is None:
            return UNKNOWN
        return all(test(value) for test in tests)

    return leaf


def compile_unknown_facts(node: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], set[str]]:
    """The facts whose absence keeps this condition unknown ('bekrafta' counts as '!confirm'),
    as a function of the facts, prepared once."""
    check = compile_condition(node)
    if "bekrafta" in node:
        return lambda facts: {"!confirm"}
    if "fact" in node:
        name = node["fact"]
        return lambda facts: {name} if check(facts) is UNKNOWN else set()
    children = tuple(compile_unknown_facts(child) for child in node.get("all") or node.get("any") or [node["not"]])

    def found(facts: Mapping[str, Any]) -> set[str]:
        if check(facts) is not UNKNOWN:
            return set()
        names: set[str] = set()
        for child in children:
            names |= child(facts)
        return names

    return found


def evaluate(node: Mapping[str, Any], facts: Mapping[str, Any]) -> bool | None:
    """Evaluate one condition once: True, False or None (unknown)."""
    return compile_condition(node)(facts)


def unknown_facts(node: Mapping[str, Any], facts: Mapping[str, Any]) -> set[str]:
    """The facts whose absence keeps this condition unknown, for one set of facts."""
    return compile_unknown_facts(node)(facts)


def facts_in(node: Mapping[str, Any]) -> set[str]:
    """Every fact a condition mentions."""
    if "fact" in node:
        return {node["fact"]}
    if "bekrafta" in node:
        return set()
    children = node.get("all") or node.get("any") or [node["not"]]
    return set().union(*(facts_in(child) for child in children))


@dataclass(frozen=True)
class _Condition:
    """One top-level condition, with what judging it needs worked out once per catalogue."""

    node: Mapping[str, Any]
    check: Check
    unknown: Callable[[Mapping[str, Any]], set[str]]
    text: str
    topical: bool
    plain: bool


_COMPILED: dict[int, tuple[Insats, tuple[_Condition, ...]]] = {}


def _conditions(insats: Insats, vocab: Mapping[str, Fact]) -> tuple[_Condition, ...]:
    """The insats' conditions, prepared once (the catalogue does not change at run time)."""
    cached = _COMPILED.get(id(insats))
    if cached is None or cached[0] is not insats:
        compiled = tuple(
            _Condition(
                node=node,
                check=compile_condition(node),
                unknown=compile_unknown_facts(node),
                text=" ".join(str(node.get("text", node.get("bekrafta", ""))).split()),
                topical=any(vocab[name].topical for name in facts_in(node)),
                plain="fact" in node,
            )
            for node in insats.villkor
        )
        cached = _COMPILED[id(insats)] = (insats, compiled)
    return cached[1]


def judge(
    insats: Insats,
    facts: Mapping[str, Any],
    vocab: Mapping[str, Fact],
    untopical: Mapping[str, Any] | None = None,
) -> Result:
    """Evaluate every condition of one insats against prepared facts.

    `untopical` is the same facts without what the user told about the situation: a condition
    met only thanks to those is what makes an insats relevant ("over 65" alone does not).
    """
    if untopical is None:
        untopical = {name: value for name, value in facts.items() if name in vocab and not vocab[name].topical}
    reasons: list[str] = []
    met: list[str] = []
    missing: list[str] = []
    confirm: list[str] = []
    relevance = 0
    conditions = _conditions(insats, vocab)
    for condition in conditions:
        outcome = condition.check(facts)
        if outcome is NO:
            reasons.append(condition.text)
        elif outcome is YES:
            # "Why?" lists what the user meets; a condition met through an exception
            # ("under 15: consent", the user being 68) would read wrongly, so only plain
            # conditions and the ones about the situation are listed.
            situation = condition.topical and condition.check(untopical) is not YES
            if situation or condition.plain:
                met.append(condition.text)
            if situation:
                relevance += 1
        else:
            askable = sorted(
                {
                    vocab[name].askable_name
                    for name in condition.unknown(facts)
                    if name != "!confirm" and vocab[name].kind != "confirm"
                }
            )
            if askable:
                missing.extend(name for name in askable if name not in missing)
            else:
                confirm.append(condition.text)
    if reasons:
        status = Status.NOT
    elif missing:
        status = Status.POSSIBLY
    else:
        status = Status.ELIGIBLE
    topical = any(condition.topical for condition in conditions)
    return Result(insats, status, tuple(reasons), tuple(met), tuple(missing), tuple(confirm), relevance, topical)


def prepare(raw_facts: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean the facts and add the derived ones (bor_i_stockholm, forvaltning)."""
    facts, problems = clean_facts(raw_facts)
    apply_implications(facts)
    derived = derive_facts(facts)
    facts.update({key: value for key, value in derived.items() if key not in facts})
    return facts, problems


@dataclass(frozen=True)
class Assessment:
    """The engine's answer for one set of facts: every insats judged, best first."""

    facts: Mapping[str, Any]
    problems: Mapping[str, str]
    results: tuple[Result, ...]

    def with_status(self, status: Status) -> list[Result]:
        """Results with this status, in ranking order."""
        return [result for result in self.results if result.status is status]

    def result_for(self, insats_id: str) -> Result:
        """The result for one insats (KeyError if it is not matchable)."""
        for result in self.results:
            if result.insats.id == insats_id:
                return result
        raise KeyError(insats_id)

    def next_question(self, skip: Iterable[str] = (), candidates: Iterable[Result] | None = None) -> str | None:
        """The missing fact that most possibly-eligible insatser wait for, or None.

        `skip` leaves out facts the user chose not to answer; `candidates` narrows the insatser
        that count (default: every possibly-eligible one). Ties go to the order of
        bot/data/fakta.yml (age before kommun before situation). When no candidate waits for a
        fact the bot can ask, asking stops.
        """
        skipped = set(skip)
        pool = self.with_status(Status.POSSIBLY) if candidates is None else list(candidates)
        counts: Counter[str] = Counter()
        for result in pool:
            counts.update(name for name in result.missing if name not in skipped)
        if not counts:
            return None
        order = list(vocabulary())
        return max(counts, key=lambda name: (counts[name], -order.index(name)))


_ORDER = {Status.ELIGIBLE: 0, Status.POSSIBLY: 1, Status.NOT: 2}


def _rank(result: Result) -> tuple[int, int, int, str]:
    return (_ORDER[result.status], int(result.insats.generell), -result.relevance, result.insats.namn)


def _key(raw_facts: Mapping[str, Any] | None) -> tuple[Any, ...] | None:
    """A hashable key for a set of raw facts, or None when a value cannot be hashed."""
    if not isinstance(raw_facts, Mapping):
        return None
    items = []
    for name, value in raw_facts.items():
        kind = type(value).__name__
        if isinstance(value, (list, tuple, set, frozenset)):
            kind, value = "tuple", ("set", tuple(sorted(map(str, value))))
        items.append((str(name), kind, value))
    try:
        key = tuple(sorted(items))
        hash(key)
    except TypeError:
        return None
    return key


def assess(raw_facts: Mapping[str, Any] | None, catalogue: Catalogue | None = None) -> Assessment:
    """Judge every matchable insats for one set of facts; never raises on bad facts.

    Results are cached per set of facts: many conversations share the same few facts, and an
    Assessment is immutable.
    """
    key = _key(raw_facts) if catalogue is None else None
    if key is not None:
        return _assess_cached(key)
    return _assess(raw_facts, catalogue)


@lru_cache(maxsize=4096)
def _assess_cached(key: tuple[Any, ...]) -> Assessment:
    raw = {name: list(value[1]) if kind == "tuple" else value for name, kind, value in key}
    return _assess(raw, None)


def _assess(raw_facts: Mapping[str, Any] | None, catalogue: Catalogue | None) -> Assessment:
    catalogue = catalogue or load()
    vocab = vocabulary()
    facts, problems = prepare(raw_facts)
    untopical = {name: value for name, value in facts.items() if name in vocab and not vocab[name].topical}
    results = sorted((judge(insats, facts, vocab, untopical) for insats in catalogue.matchable), key=_rank)
    return Assessment(facts, problems, tuple(results))
