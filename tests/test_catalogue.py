"""The catalogue as a whole: complete entries, no invented numbers, aliases that resolve."""

from __future__ import annotations

import re

import pytest

from bot import places
from bot.catalogue import load

PHONE = re.compile(r"\b0\d{1,3}[- ]?\d{2,3}[ ]?\d{2}[ ]?\d{2,3}\b|\b\d{3} \d{3}\b")


def test_every_insats_is_complete() -> None:
    for insats in load().insatser:
        assert insats.kort and len(insats.kort) < 400, insats.id
        assert insats.kalla["fil"].endswith(".txt"), insats.id
        if insats.matchable:
            assert insats.villkor[0].get("fact") == "bor_i_stockholm", f"{insats.id}: residence first"


def test_no_phone_number_in_the_catalogue() -> None:
    """Numbers come only from the verified phone data, never from insats texts."""
    for insats in load().insatser:
        text = " ".join([insats.kort, insats.dokumentation or "", str(insats.villkor)])
        assert not PHONE.search(text), insats.id


def test_every_shown_number_is_verified() -> None:
    for line in places.linjer():
        if line.nummer:
            assert line.kalla, line.id
    assert places.linje("socialjouren").nummer is None  # UNVERIFIED in the facts file


@pytest.mark.parametrize(
    ("name", "insats_id"),
    [
        ("BRA-samtal", "barns-ratt-som-anhoriga"),
        ("BIFF", "barn-i-foraldrars-fokus"),
        ("DISA", "depression-in-swedish-adolescents"),
        ("SST", "skolsociala-team"),
        ("LOSAM", "losam"),
        ("Mina föräldrar är skilda", "stodgrupp-separerade-foraldrar"),
        ("Stödsamtal till anhöriga", "stodsamtal-anhoriga"),
        ("humlan", "humlan"),
    ],
)
def test_short_names_and_003_names_resolve(name: str, insats_id: str) -> None:
    assert [i.id for i in load().find(name)][:1] == [insats_id]


def test_masked_placeholders_say_nothing_about_the_situation() -> None:
    from bot.understanding import understand

    assert understand("[e-post] [telefonnummer] [adress] [personnummer]") == []
