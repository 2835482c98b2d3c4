"""bot.facts: cleaning values, and a fact with one value per child (fakta.yml `flera`)."""

from __future__ import annotations

import pytest

from bot.engine import Status, assess
from bot.facts import FactError, clean_value, vocabulary


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (9, 9),
        ("9", 9),
        ([4, 9], [4, 9]),
        ([9, 4, 9], [4, 9]),
        ([7], 7),
    ],
)
def test_several_ages_of_children_are_kept(raw: object, expected: object) -> None:
    assert clean_value(vocabulary()["barnets_alder"], raw) == expected


@pytest.mark.parametrize("raw", [[4, 99], ["fyra"], [True]])
def test_a_bad_age_among_several_is_refused(raw: list) -> None:
    with pytest.raises(FactError):
        clean_value(vocabulary()["barnets_alder"], raw)


def test_an_age_that_is_one_value_only_stays_one() -> None:
    with pytest.raises(FactError):
        clean_value(vocabulary()["age"], [14, 15])


@pytest.mark.parametrize(
    ("ages", "expected"),
    [([2, 14], Status.ELIGIBLE), ([14], Status.NOT), ([2], Status.ELIGIBLE), ([14, 17], Status.NOT)],
)
def test_a_condition_on_the_child_is_met_when_one_child_meets_it(ages: list[int], expected: Status) -> None:
    # Trygghetscirkeln is for parents of small children; one small child is enough
    facts = {"age": 30, "stadsdel": "Farsta", "har_barn": True, "barnets_alder": ages}
    result = assess(facts).result_for("trygghetscirkeln")
    assert (result.status is Status.NOT) is (expected is Status.NOT)
