"""bot.liknande: the situation a message resembles when the lexicon read none, offered only when
clearly closest; and bot.dialog.suggest, which offers it once, as a question."""

from __future__ import annotations

import pytest

from bot.dialog import suggest
from bot.liknande import closest


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("min farbror sa att jag har vanärat familjen", ("egen_situation", "heder")),
        ("Har tagit en massa snabblån och nu har jag tre ärenden hos Kronofogden", ("egen_situation", "skulder")),
        ("få sonen tillbaka till skolan", ("egen_situation", "skolfranvaro")),
        ("hmm asså jag vet inte hur jag ska säga", None),  # nothing but common words
        ("vilket stöd kan jag få", None),  # a question, not a situation to confirm
        ("ok", None),
    ],
)
def test_the_closest_situation_or_none(said: str, expected: tuple[str, str] | None) -> None:
    found = closest(said)
    assert (None if found is None else (found.fact, found.value)) == expected


def test_a_situation_is_suggested_once_and_only_while_none_is_known() -> None:
    said = "min farbror sa att jag har vanärat familjen"
    assert suggest({}, said, None, []) is not None
    assert suggest({}, said, None, ["egen_situation=heder"]) is None  # asked once already
    assert suggest({"egen_situation": ["skulder"]}, said, None, []) is None  # the situation is known
    assert suggest({}, said, "age", []) is None  # an answer to another question
    assert suggest({}, "/inform", None, []) is None  # a button
