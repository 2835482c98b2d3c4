"""The eligibility engine: one three-valued evaluator for every insats in the catalogue.

Rules are data (docs/regler.md). Each condition is yes, no or unknown (Kleene logic); each
insats comes out `eligible`, `possibly_eligible` or `not_eligible` with the reasons in Swedish,
the facts still missing and the conditions the user must confirm.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from operator import itemgetter
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


@dataclass(frozen=True, init=False)
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

    def __init__(
        self,
        insats: Insats,
        status: Status,
        reasons: tuple[str, ...],
        met: tuple[str, ...],
        missing: tuple[str, ...],
        confirm: tuple[str, ...],
        relevance: int,
        topical: bool,
    ) -> None:
        # The generated frozen __init__ sets each field through object.__setattr__, which cost
        # a tenth of judging the whole catalogue; filling __dict__ at once is the same object.
        self.__dict__.update(
            insats=insats,
            status=status,
            reasons=reasons,
            met=met,
            missing=missing,
            confirm=confirm,
            relevance=relevance,
            topical=topical,
        )

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


def compile_condition(node: Mapping[str, Any], confirmed: bool | None = UNKNOWN) -> Check:
    """The condition as a function of the facts: True, False or None (unknown).

    The engine's one evaluator. Judging the whole catalogue for each new set of facts reads
    every condition, so the catalogue's conditions are compiled once (see _plan). `confirmed`
    is what a `bekrafta` part counts as: unknown, except when asking what the checkable part
    alone says (see _verdict).
    """
    if "bekrafta" in node:
        return lambda facts: confirmed
    if "all" in node:
        return _junction(tuple(compile_condition(child, confirmed) for child in node["all"]), NO, YES)
    if "any" in node:
        return _junction(tuple(compile_condition(child, confirmed) for child in node["any"]), YES, NO)
    if "not" in node:
        inner = compile_condition(node["not"], confirmed)

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
        if isinstance(value, list) and "includes_any" not in node:
            # one value per child (fakta.yml `flera`): met when one of them meets every test
            return YES if any(all(test(item) for test in tests) for item in value) else NO
        for test in tests:
            if not test(value):
                return NO
        return YES

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


def _confirms(node: Mapping[str, Any]) -> bool:
    """Whether a condition has a part only the user can confirm (`bekrafta`)."""
    if "bekrafta" in node:
        return True
    children = node.get("all") or node.get("any") or ([node["not"]] if "not" in node else [])
    return any(_confirms(child) for child in children)


@dataclass(frozen=True)
class _Condition:
    """One distinct top-level condition (its text aside), with what judging it needs worked out
    once per catalogue."""

    check: Check
    asked: Callable[[Mapping[str, Any]], tuple[str, ...]]
    topical: bool
    plain: bool
    # The check with its `bekrafta` parts taken as confirmed; None when it has none.
    checkable: Check | None = None


def _asked(node: Mapping[str, Any], vocab: Mapping[str, Fact]) -> Callable[[Mapping[str, Any]], tuple[str, ...]]:
    """For a condition that came out unknown: the facts the bot can ask for to decide it, sorted
    (confirm facts and 'bekrafta' are never asked). A leaf is unknown only for want of its fact,
    so its answer is worked out once."""
    pairs = sorted(
        ((name, vocab[name].askable_name) for name in facts_in(node) if vocab[name].kind != "confirm"),
        key=lambda pair: pair[1],
    )
    if "fact" in node or "bekrafta" in node:
        always = tuple(dict.fromkeys(asked for _, asked in pairs))
        return lambda facts: always
    unknown = compile_unknown_facts(node)

    def found(facts: Mapping[str, Any]) -> tuple[str, ...]:
        names = unknown(facts)
        return tuple(dict.fromkeys(asked for name, asked in pairs if name in names))

    return found


# A condition's verdict for one set of facts: the outcome, whether it is listed as met, whether
# it makes the insats relevant, and the facts to ask for (sorted) when it is unknown.
_Verdict = tuple["bool | None", bool, bool, tuple[str, ...]]


def _verdict(condition: _Condition, facts: Mapping[str, Any], untopical: Mapping[str, Any]) -> _Verdict:
    """Judge one condition. `untopical` is the facts without what the user told about the
    situation: a condition met only thanks to those is what makes an insats relevant ("over 65"
    alone does not)."""
    outcome = condition.check(facts)
    if outcome is YES:
        # "Why?" lists what the user meets; a condition met through an exception ("under 15:
        # consent", the user being 68) would read wrongly, so only plain conditions and the
        # ones about the situation are listed.
        situation = condition.topical and condition.check(untopical) is not YES
        return YES, situation or condition.plain, situation, ()
    if outcome is NO:
        return NO, False, False, ()
    # "Utsatt för våld (checked) av en partner (confirmed)": when what the bot can check is met
    # thanks to the situation, the insats fits the story even though the rest waits for the user.
    checkable = condition.checkable
    situation = (
        checkable is not None and condition.topical and checkable(facts) is YES and checkable(untopical) is not YES
    )
    return UNKNOWN, False, situation, condition.asked(facts)


@dataclass(frozen=True)
class _Entry:
    """One matchable insats: its conditions as (index into _Plan.conditions, text)."""

    insats: Insats
    conditions: tuple[tuple[int, str], ...]
    topical: bool


@dataclass(frozen=True)
class _Plan:
    """The catalogue prepared for judging. Many insatser share a condition (all 64 need
    bor_i_stockholm), so each distinct condition is judged once per set of facts."""

    conditions: tuple[_Condition, ...]
    entries: tuple[_Entry, ...]


_PLANS: dict[int, tuple[Catalogue, _Plan]] = {}


def _signature(node: Mapping[str, Any]) -> str:
    """What a condition tests, its text aside: conditions with one signature share a verdict."""
    return json.dumps({key: value for key, value in node.items() if key != "text"}, sort_keys=True, default=str)


def _plan(catalogue: Catalogue, vocab: Mapping[str, Fact]) -> _Plan:
    """The catalogue's plan, made once (the catalogue does not change at run time)."""
    cached = _PLANS.get(id(catalogue))
    if cached is not None and cached[0] is catalogue:
        return cached[1]
    conditions: list[_Condition] = []
    index: dict[str, int] = {}
    entries = []
    for insats in catalogue.matchable:
        uses = []
        for node in insats.villkor:
            key = _signature(node)
            if key not in index:
                index[key] = len(conditions)
                conditions.append(
                    _Condition(
                        check=compile_condition(node),
                        asked=_asked(node, vocab),
                        topical=any(vocab[name].topical for name in facts_in(node)),
                        plain="fact" in node,
                        checkable=compile_condition(node, YES) if _confirms(node) else None,
                    )
                )
            uses.append((index[key], " ".join(str(node.get("text", node.get("bekrafta", ""))).split())))
        topical = any(conditions[number].topical for number, _ in uses)
        entries.append(_Entry(insats, tuple(uses), topical))
    plan = _Plan(tuple(conditions), tuple(entries))
    _PLANS[id(catalogue)] = (catalogue, plan)
    return plan


def _judge(entry: _Entry, verdicts: list[_Verdict]) -> tuple[tuple[int, int, int, str], Result]:
    """One insats from its conditions' verdicts, with its place in the ranking: eligible, then
    possibly, then not; specific before generell; most relevant first; then by name."""
    reasons: list[str] = []
    met: list[str] = []
    missing: list[str] = []
    confirm: list[str] = []
    relevance = 0
    for number, text in entry.conditions:
        outcome, listed, situation, askable = verdicts[number]
        if outcome is NO:
            reasons.append(text)
        elif outcome is YES:
            if listed:
                met.append(text)
            relevance += situation
        elif askable:
            relevance += situation
            for name in askable:
                if name not in missing:
                    missing.append(name)
        else:
            relevance += situation
            confirm.append(text)
    status, rank = (Status.NOT, 2) if reasons else (Status.POSSIBLY, 1) if missing else (Status.ELIGIBLE, 0)
    insats, topical = entry.insats, entry.topical
    result = Result(insats, status, tuple(reasons), tuple(met), tuple(missing), tuple(confirm), relevance, topical)
    return (rank, int(insats.generell), -relevance, insats.namn), result


def prepare(raw_facts: Mapping[str, Any] | None) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean the facts and add the derived ones (bor_i_stockholm, forvaltning)."""
    facts, problems = clean_facts(raw_facts)
    apply_implications(facts)
    derived = _derived(facts.get("kommun"), facts.get("stadsdel"))
    facts.update({key: value for key, value in derived if key not in facts})
    return facts, problems


@lru_cache(maxsize=1024)
def _derived(kommun: str | None, stadsdel: str | None) -> tuple[tuple[str, Any], ...]:
    """The facts places.derive_facts adds for a kommun and a stadsdel, which are all it derives
    from (cached: matching place names is most of the cost of preparing the facts)."""
    given = {name: value for name, value in (("kommun", kommun), ("stadsdel", stadsdel)) if value is not None}
    return tuple((name, value) for name, value in derive_facts(given).items() if name not in given)


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
    plan = _plan(catalogue, vocab)
    verdicts = [_verdict(condition, facts, untopical) for condition in plan.conditions]
    ranked = sorted([_judge(entry, verdicts) for entry in plan.entries], key=itemgetter(0))
    return Assessment(facts, problems, tuple(map(itemgetter(1), ranked)))
