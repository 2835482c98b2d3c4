"""Stage 7 of bot.understanding: how long ago earlier support was, for the 6-month rule of seed 000.
A table on both sides of the rule's boundary (5 and 6 months), and the seasons counted from today."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.telefon import STOCKHOLM_TZ
from bot.understanding import read, times

FACT = "samma_insats_senaste_6_man"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jag hade stödsamtal för tre månader sen, det va bra", True),
        ("jag hade stödsamtal för 5 månader sen", True),
        ("jag hade stödsamtal för 6 månader sedan", False),  # "de senaste 6 månaderna": 6 is outside
        ("jag gick på samtal förut men det va typ för 8 månader sen", False),
        ("vi hade samtal förra veckan", True),
        ("jag hade samtal för två år sen", False),
        ("jag hade samtal i fjol", False),
        ("jag är 14 och bor i farsta", None),  # no earlier support
        ("för tre månader sen flyttade jag hit", None),  # a time, but no support named
        ("jag vill ha samtal", None),  # support, but no time
    ],
)
def test_how_long_ago_support_was(text: str, expected: bool | None) -> None:
    found = [f.value for f in read(text) if f.entity == FACT]
    assert found == ([] if expected is None else [expected])


@pytest.mark.parametrize(("month", "expected"), [(12, True), (5, False), (11, True), (3, True), (4, False)])
def test_a_season_is_counted_back_from_today(monkeypatch: pytest.MonkeyPatch, month: int, expected: bool) -> None:
    class Today(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # noqa: ARG003
            return datetime(2026, month, 15, tzinfo=STOCKHOLM_TZ)

    monkeypatch.setattr(times, "datetime", Today)
    found = [f.value for f in read("jag hade samtal i höstas") if f.entity == FACT]
    # höstas = October: 2 months before December, 7 before May, 5 before March, 6 before April
    assert found == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hej jag kom sverige 8 månad sedan kvotflykting", 8),
        ("Jag kom till Sverige för 7 år sedan genom anknytning", 84),
        ("jag kom som kvotflykting för fem år sedan", 60),
        ("vi kom hit förra året", 12),
        ("vi flyttade hit för tio år sedan", None),  # a move, not coming to Sweden
        ("jag kom till Sverige som barn", None),  # no time
        ("jag hade stödsamtal för tre månader sen", None),
    ],
)
def test_how_long_ago_the_user_came_to_sweden(text: str, expected: int | None) -> None:
    found = [f.value for f in read(text) if f.entity == times.ARRIVAL_FACT]
    assert found == ([] if expected is None else [expected])
