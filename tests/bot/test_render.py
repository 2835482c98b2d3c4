"""bot.render: answers composed from the texts (the wording itself is tested in test_texter.py)."""

from __future__ import annotations

import pytest

from bot import render
from bot.engine import assess


@pytest.mark.parametrize(("age", "bris"), [(15, True), (17, True), (18, False), (None, False)])
def test_someone_in_another_kommun_under_18_also_gets_bris(age: int | None, bris: bool) -> None:
    facts = {"kommun": "Solna", **({"age": age} if age is not None else {})}
    said = render.answer(assess(facts)).text
    assert "Solna" in said and "112" in said
    assert ("116 111" in said) is bris


def test_the_lines_for_the_person_come_first_with_their_hours() -> None:
    facts = assess({"age": 60, "stadsdel": "Farsta strand", "relation": "syskon"}).facts
    said = render.human_contacts(facts=facts, crises=["suicid"]).text
    for_you = said.split("Just nu")[0]
    assert "90101" in for_you and "0200-239 500" in for_you and "10–15" in for_you
    assert "116 111" not in for_you


def test_a_new_kind_of_crisis_keeps_the_earlier_lines() -> None:
    said = render.crisis("vald", 60, earlier=["suicid"])
    assert "020-50 50 50" in said and "90101" in said and "116 111" not in said
