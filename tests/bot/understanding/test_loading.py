"""bot.understanding.loading: the lexicon (bot/data/lexikon.yml) loads, every value is one of fakta.yml's,
every value is covered, and a broken value is reported."""

from __future__ import annotations

import pytest

from bot import understanding
from bot.facts import vocabulary
from bot.understanding import loading

N = "narstaende_situation"
E = "egen_situation"


# ---------------------------------------------------------------- the lexicon


def test_lexicon_loads_and_every_value_is_in_fakta() -> None:
    lex = understanding.lexikon()
    vocab = vocabulary()
    for entry in lex.entries:
        if entry.relation:
            assert entry.relation in vocab["relation"].values
        for values in entry.roles.values():
            for fact, value in values:
                spec = vocab[fact]
                if spec.type == "bool":
                    assert isinstance(value, bool)
                else:
                    assert value in spec.values, (entry.source, fact, value)


def test_lexicon_covers_every_value() -> None:
    lex = understanding.lexikon()
    given_values: dict[str, set[object]] = {}
    for entry in lex.entries:
        if entry.relation:
            given_values.setdefault("relation", set()).add(entry.relation)
        for values in entry.roles.values():
            for fact, value in values:
                given_values.setdefault(fact, set()).add(value)
    vocab = vocabulary()
    for fact in ("relation", N, E, "kon"):
        assert set(vocab[fact].values) <= given_values[fact], set(vocab[fact].values) - given_values[fact]
    for fact in ("foraldrar_separerade", "foraldrar_i_konflikt", "har_barn", "vardnadshavare_samtycke"):
        assert given_values[fact] == {True, False} or fact == "har_barn"
    assert True in given_values["efterfragar_sjalv"]


def test_no_phrase_twice_without_conditions() -> None:
    seen: dict[tuple[str, ...], str] = {}
    for entry in understanding.lexikon().entries:
        conditions = (entry.efter, entry.kraver, entry.inte_fore, entry.inte_efter, entry.svar_pa)
        plain = not (entry.possessive or any(conditions))
        if not plain:
            continue
        assert entry.phrase not in seen, f"'{entry.source}' is listed twice ({seen[entry.phrase]})"
        seen[entry.phrase] = entry.source


def test_broken_lexicon_value_is_reported() -> None:
    with pytest.raises(understanding.LexikonError):
        loading.parse_value("inte_ett_varde", "jag", "test")
    with pytest.raises(understanding.LexikonError):
        loading.parse_value("skulder", "alla", "test")
