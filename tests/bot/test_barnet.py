"""bot.barnet: a parent is also shown the child's own insatser, judged on the child's facts."""

from __future__ import annotations

import pytest

from bot import barnet, render
from bot.engine import assess

PARENT = {"age": 41, "kommun": "Stockholm", "stadsdel": "Stureby", "har_barn": True}
GROUP = "Stödgrupp för barn med separerade föräldrar"
BARNGRUPPER = "Barngrupper"  # 6-12 år
HANNAH = "Hannah och Theo"  # 6-12 år, parents in conflict


def _child_names(**facts: object) -> set[str]:
    return {r.insats.namn for r, _ in barnet.for_the_child(assess({**PARENT, **facts}))}


@pytest.mark.parametrize(
    ("age", "group", "barngrupper"),
    [(5, False, False), (6, False, True), (7, True, True), (12, True, True), (13, True, False), (17, True, False),
     (18, False, False)],
)  # fmt: skip
def test_the_childs_age_decides_on_both_sides_of_each_boundary(age: int, group: bool, barngrupper: bool) -> None:
    names = _child_names(barnets_alder=age, egen_situation=["separerad"])
    assert (GROUP in names, BARNGRUPPER in names) == (group, barngrupper)


def test_conflict_between_the_parents_brings_the_conflict_groups() -> None:
    assert HANNAH in _child_names(barnets_alder=9, egen_situation=["foraldrar_oeniga"])
    separated = assess({**PARENT, "barnets_alder": 9, "egen_situation": ["separerad"]})
    hannah = next(r for r, _ in barnet.for_the_child(separated) if r.insats.namn == HANNAH)
    assert hannah.missing == ("foraldrar_i_konflikt",)  # separated, no conflict told: maybe


def test_nothing_for_the_child_without_a_story_or_an_age() -> None:
    assert _child_names(barnets_alder=10) == set()  # only an age: nothing says which fit
    assert _child_names(egen_situation=["separerad"]) == set()  # no child's age
    assert barnet.child_facts({"age": 15, "foraldrar_separerade": True}) is None  # a teen, not a parent


def test_the_other_parents_situation_is_the_childs_parents() -> None:
    told = {"barnets_alder": 9, "relation": "partner", "narstaende_situation": ["skadligt_bruk"]}
    child = barnet.child_facts({**PARENT, **told})
    assert child is not None and child["relation"] == "foralder" and child["narstaende_situation"] == ["skadligt_bruk"]
    assert "Humlan" in _child_names(**told)


def test_the_answer_marks_the_childs_insatser_and_leads_with_them_after_a_separation() -> None:
    svar = render.answer(assess({**PARENT, "barnets_alder": 10, "egen_situation": ["separerad"]}))
    assert svar.matches[0] in {GROUP, BARNGRUPPER, "Stödsamtal till barn med separerade föräldrar"}
    assert "För ditt barn (10 år)." in svar.text


@pytest.mark.parametrize(("age", "expected"), [(12, False), (13, True), (17, True)])
def test_what_a_parent_tells_of_the_child_is_the_childs_own_situation(age: int, expected: bool) -> None:
    """ "min son (16) röker på": Missbruksrådgivning för ungdomar (13-20 år) is the son's."""
    told = {"barnets_alder": age, "relation": "barn", "narstaende_situation": ["skadligt_bruk"]}
    assert barnet.child_facts({**PARENT, **told})["egen_situation"] == ["skadligt_bruk"]
    assert ("Missbruksrådgivning för ungdomar" in _child_names(**told)) is expected


def test_several_children_each_get_the_insatser_that_fit_their_age() -> None:
    """ "barnen är 11 och 15": Hannah och Theo (about 6-12) for the 11-year-old, not the 15-year-old."""
    judged = assess({**PARENT, "barnets_alder": [11, 15], "egen_situation": ["foraldrar_oeniga"]})
    for_child = {r.insats.namn: age for r, age in barnet.for_the_child(judged)}
    assert for_child.get(HANNAH) == 11
    assert not any(name == HANNAH for name, age in for_child.items() if age == 15)
    only_older = {r.insats.namn for r, _ in barnet.for_the_child(
        assess({**PARENT, "barnets_alder": 15, "egen_situation": ["foraldrar_oeniga"]}))}
    assert HANNAH not in only_older
