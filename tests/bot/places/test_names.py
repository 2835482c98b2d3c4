"""bot.places.names: the keys place names are matched on (case, accents and punctuation ignored)."""

from __future__ import annotations

import pytest

from bot import places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hökarängen", "hokarangen"),
        ("  ÅRSTA ", "arsta"),
        ("Enskede-Årsta-Vantör", "enskede arsta vantor"),
        ("Upplands_Bro", "upplands bro"),
        ("Café  Ängby!", "cafe angby"),
        ("(Farsta)?", "farsta"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert places.normalize(text) == expected
