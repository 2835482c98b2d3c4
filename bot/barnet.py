"""The child's own insatser for a parent who tells about their child.

A parent who writes "vi har separerat och vår dotter (10) mår dåligt av det" asks, in effect,
what the daughter can get too: Stödgrupp för barn med separerade föräldrar is the child's
insats, with conditions on the child's age. The engine judges the catalogue once more with the
facts the child has — the child's age as `age`, the family's place, the parents' separation or
conflict, the other parent's situation as the child's parent's — and the insatser meant for
children that fit the story are presented to the parent, marked as the child's.

Pure: the same engine and catalogue, no rules of its own beyond which of the parent's facts are
the child's (below).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.catalogue import Insats
from bot.engine import Assessment, Result, Status, assess

ADULT_AGE = 18
COPIED = ("kommun", "stadsdel")  # the child lives where the parent does
SEPARATED = frozenset({"separerad", "foraldrar_oeniga"})  # the parents' separation, told by a parent
IN_CONFLICT = frozenset({"foraldrar_oeniga"})
OTHER_PARENT = frozenset({"partner"})  # the user's partner or ex is the child's other parent
# What a parent tells of their child as a närstående ("min son röker på") is the child's own
# situation: narstaende_situation value -> the child's egen_situation value (fakta.yml).
CHILDS_OWN = {
    "skadligt_bruk": "skadligt_bruk",
    "psykisk_sjukdom": "psykisk_ohalsa",
    "utsatt_for_brott": "brottsutsatt",
    "kriminell_livsstil": "risk_kriminalitet",
}
YOUTH_AGE = 21  # the children's and young people's insatser end at 21 at the latest (003: "högst 21 år")


def ages(facts: Mapping[str, Any]) -> list[int]:
    """The ages of the user's children under 18 that were told (one or several: fakta.yml `flera`)."""
    told = facts.get("barnets_alder")
    values = told if isinstance(told, list) else [told]
    return [age for age in values if isinstance(age, int) and not isinstance(age, bool) and 0 <= age < ADULT_AGE]


def child_facts(facts: Mapping[str, Any], age: int | None = None) -> dict[str, Any] | None:
    """The facts one of the user's children has (the one of `age`, by default the first told),
    or None when the user is not a parent of a known age of child under 18."""
    known = ages(facts)
    if not facts.get("har_barn") or not known:
        return None
    if age is None:
        age = known[0]
    child: dict[str, Any] = {"age": age, **{name: facts[name] for name in COPIED if facts.get(name) is not None}}
    egen = set(facts.get("egen_situation") or ())
    if egen & SEPARATED:
        child["foraldrar_separerade"] = True
    if egen & IN_CONFLICT:
        child["foraldrar_i_konflikt"] = True
    relation = facts.get("relation")  # one value (fakta.yml: enum)
    if relation in OTHER_PARENT and facts.get("narstaende_situation"):
        child["relation"] = "foralder"  # "min man dricker": the child's parent drinks
        child["narstaende_situation"] = list(facts["narstaende_situation"])
    elif relation == "barn" and facts.get("narstaende_situation"):
        own = sorted({CHILDS_OWN[v] for v in facts["narstaende_situation"] if v in CHILDS_OWN})
        if own:
            child["egen_situation"] = own  # "min son röker på": the son's own skadligt bruk
    return child


def leads(facts: Mapping[str, Any]) -> bool:
    """Whether the child's insatser come first: the story is the parents' separation, and the
    seeds' answer to it is the children's groups and samtal (003 Del 2, 004); otherwise they come
    after the user's own specific insatser."""
    return bool(set(facts.get("egen_situation") or ()) & SEPARATED)


def for_children(insats: Insats) -> bool:
    """An insats meant for children and young people: its age condition ends at 21 at the latest
    ("barn mellan 7-18 år", "personer i åldern 13-20 år", 003)."""
    return any(node.get("fact") == "age" and node.get("max") is not None and node["max"] <= YOUTH_AGE
               for node in insats.villkor)  # fmt: skip


def for_the_child(assessment: Assessment) -> list[tuple[Result, int]]:
    """The children's insatser that fit a child's facts and the story (a topic it tells), best
    first, each with the age of the child it is for (the youngest that fits, when several
    children were told of); empty when the user told of no child."""
    found: dict[str, tuple[Result, int]] = {}
    for age in ages(assessment.facts):
        child = child_facts(assessment.facts, age)
        if child is None or len(child) <= 1 + len(COPIED):
            return []  # only an age and a place: nothing tells which of the child's insatser fit
        judged = assess(child)
        fitting = judged.with_status(Status.ELIGIBLE) + judged.with_status(Status.POSSIBLY)
        for result in fitting:
            if result.relevance and for_children(result.insats) and not result.insats.generell:
                found.setdefault(result.insats.id, (result, age))
    return sorted(found.values(), key=lambda pair: (pair[0].status is not Status.ELIGIBLE, -pair[0].relevance, pair[1]))
