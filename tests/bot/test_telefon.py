"""Phone lines: the verified numbers and their opening hours (bot/telefon.py, bot/data/telefon.yml)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import telefon

STHLM = ZoneInfo("Europe/Stockholm")

EXPECTED_NUMBERS = {
    "sos_112": "112",
    "kontaktcenter": "08-508 00 508",
    "bris": "116 111",
    "sjalvmordslinjen": "90101",
    "kvinnofridslinjen": "020-50 50 50",
    "anhoriglinjen": "0200-239 500",
    "aldre_direkt": "08-80 65 65",
    "vardguiden_1177": "1177",
    "polisen": "114 14",
    "socialjouren": None,
}


def test_numbers_are_exactly_the_verified_ones() -> None:
    assert {line.id: line.nummer for line in telefon.linjer()} == EXPECTED_NUMBERS
    for line in telefon.linjer():
        assert line.kalla.strip() and line.namn and line.for_vem
        assert "UNVERIFIED" not in " ".join(str(v) for v in (line.nummer, line.for_vem, line.extra, line.namn))


def test_socialjouren_has_no_number_and_no_hours() -> None:
    line = telefon.linje("socialjouren")
    assert line.nummer is None
    assert telefon.is_open(line, datetime(2025, 1, 1, 23, 0)) is None


def test_unknown_hours_are_never_open() -> None:
    for line_id in ("kontaktcenter", "polisen", "aldre_direkt"):
        assert telefon.is_open(telefon.linje(line_id), datetime(2025, 3, 5, 12, 0)) is None
        assert telefon.linje(line_id).oppet_text is None


def test_unknown_line_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        telefon.linje("finns_inte")


# 2025-03-05 is a Wednesday, 2025-03-08 a Saturday, 2025-03-09 a Sunday.
@pytest.mark.parametrize(
    ("line_id", "when", "expected"),
    [
        ("anhoriglinjen", datetime(2025, 3, 5, 19, 0), True),
        ("anhoriglinjen", datetime(2025, 3, 5, 12, 0), False),
        ("anhoriglinjen", datetime(2025, 3, 8, 12, 0), False),
        ("anhoriglinjen", datetime(2025, 3, 8, 19, 0), False),
        ("anhoriglinjen", datetime(2025, 3, 9, 18, 0), True),
        ("anhoriglinjen", datetime(2025, 3, 9, 21, 0), False),  # closes at 21
        ("anhoriglinjen", datetime(2025, 3, 3, 10, 0), True),  # Monday morning
        ("anhoriglinjen", datetime(2025, 3, 3, 14, 59), True),
        ("anhoriglinjen", datetime(2025, 3, 3, 15, 0), False),
        # aware datetimes are converted: 18:30 UTC on a Wednesday in winter is 19:30 in Stockholm
        ("anhoriglinjen", datetime(2025, 3, 5, 18, 30, tzinfo=timezone.utc), True),
        ("anhoriglinjen", datetime(2025, 3, 5, 16, 30, tzinfo=timezone.utc), False),
        ("anhoriglinjen", datetime(2025, 3, 5, 19, 0, tzinfo=STHLM), True),
        ("bris", datetime(2025, 3, 5, 3, 0), True),
        ("sjalvmordslinjen", datetime(2025, 3, 8, 4, 0), True),
        ("kvinnofridslinjen", datetime(2025, 3, 9, 2, 0), True),
        ("vardguiden_1177", datetime(2025, 3, 9, 2, 0), True),
    ],
)
def test_is_open(line_id: str, when: datetime, expected: bool) -> None:
    assert telefon.is_open(telefon.linje(line_id), when) is expected


def test_opening_hours_text() -> None:
    assert telefon.linje("bris").oppet_text == "dygnet runt"
    assert telefon.linje("anhoriglinjen").oppet_text == "mån, tis, tor, fre 10–15; ons, sön 18–21"


def test_the_time_zone_is_stockholms() -> None:
    assert telefon.STOCKHOLM_TZ == STHLM


def test_data_file_is_loaded_lazily() -> None:
    code = "from bot import telefon; assert telefon._linjer.cache_info().currsize == 0"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"age": 16, "egen_situation": ["heder"]}, ["sos_112", "bris"]),
        ({"age": 22, "egen_situation": ["heder"]}, ["sos_112", "kvinnofridslinjen"]),
        ({"age": 17, "egen_situation": ["utsatt_for_vald"]}, ["sos_112", "bris"]),
        ({"age": 18, "egen_situation": ["utsatt_for_vald"]}, ["sos_112", "kvinnofridslinjen"]),
        ({"age": 30, "kon": "man", "egen_situation": ["utsatt_for_vald"]}, ["sos_112"]),  # "för kvinnor"
        ({"egen_situation": ["utsatt_for_vald"]}, ["sos_112", "bris", "kvinnofridslinjen"]),  # age unknown
        ({"age": 41, "egen_situation": ["utovar_vald"]}, ["sos_112"]),  # never the victims' lines
        ({"age": 15, "egen_situation": ["brottsutsatt"]}, ["bris"]),
        ({"age": 40, "egen_situation": ["brottsutsatt"]}, []),
        ({"age": 16, "egen_situation": ["skulder"]}, []),
        ({"age": 13, "vardnadshavare_samtycke": False}, ["bris"]),  # "pappa får inte veta"
        ({"age": 13, "vardnadshavare_samtycke": True}, []),
        ({}, []),
    ],
)
def test_lines_in_an_answer_fit_what_was_told(facts: dict, expected: list[str]) -> None:
    assert telefon.linjer_i_svaret(facts) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # a relative: Anhöriglinjen (from 18); the answer's lines come first
        ({"age": 60, "relation": "syskon"}, ["anhoriglinjen"]),
        ({"age": 15, "relation": "foralder"}, []),
        ({"age": 34, "egen_situation": ["utsatt_for_vald"], "relation": "partner"},
         ["sos_112", "kvinnofridslinjen", "anhoriglinjen"]),
        # Äldre Direkt: Stockholm residents 65+ (facts)
        ({"age": 65, "bor_i_stockholm": True}, ["aldre_direkt"]),
        ({"age": 64, "bor_i_stockholm": True}, []),
        ({"age": 70, "bor_i_stockholm": False}, []),
        ({}, []),
    ],
)
def test_lines_when_the_person_asks_whom_to_call(facts: dict, expected: list[str]) -> None:
    assert telefon.linjer_pa_fragan(facts) == expected
