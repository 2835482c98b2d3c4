"""bot.understanding as a whole: real-looking messages -> the exact set of (entity, value) found.

The messages are data tables in tests/data/understanding/ (meddelanden.yml: teens, relatives,
parents, older people and adults in trouble; negations, numbers that are not ages, answers to
the question just asked, several facts in one message, typos; lasningar.yml: readings of
questions that also tell a situation, slang and inflections). Then the span conventions, and
hypothesis checks that any input is safe and every span points at its text. The lexicon's
loading is tested in test_loading.py, the typo matching in test_matching.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import understanding
from bot.facts import vocabulary
from bot.understanding import Fynd, extract

F = "foralder"
N = "narstaende_situation"
E = "egen_situation"
TABLES = Path(__file__).resolve().parents[2] / "data" / "understanding"


def _table(name: str) -> list[tuple[str, str | None, set[tuple[str, object]]]]:
    """(message, expecting, expected set of (entity, value)) for each row of a table."""
    rows = yaml.safe_load((TABLES / name).read_text(encoding="utf-8"))
    cases = []
    for row in rows:
        expected = {
            (entity, value)
            for entity, values in (row.get("facts") or {}).items()
            for value in (values if isinstance(values, list) else [values])
        }
        cases.append((row["text"], row.get("expecting"), expected))
    return cases


def _ids(cases: list[tuple[str, str | None, set[tuple[str, object]]]]) -> list[str]:
    return [message[:40] or "empty" for message, _, _ in cases]


CASES = _table("meddelanden.yml")


@pytest.mark.parametrize(("message", "expecting", "expected"), CASES, ids=_ids(CASES))
def test_message(message: str, expecting: str | None, expected: set[tuple[str, object]]) -> None:
    found = understanding.read(message, expecting)
    got = {(f.entity, f.value) for f in found}
    assert got == set(expected), [f"{f.entity}={f.value!r} {f.text!r}" for f in found]
    assert extract(message, expecting) == found


def test_enough_cases() -> None:
    assert len(CASES) >= 80


# ---------------------------------------------------------------- span conventions


def _by(found: list[Fynd], entity: str) -> list[str]:
    return [f.text for f in found if f.entity == entity]


def test_age_span_is_the_number() -> None:
    assert _by(extract("ja e 14 å mina föräldrar ha skilt sig"), "age") == ["14"]
    assert _by(extract("jag är fjorton år"), "age") == ["fjorton"]
    assert _by(extract("jag fyller 15"), "age") == ["15"]
    assert _by(extract("jag är sjuttio två år"), "age") == ["sjuttio två"]


def test_relation_span_has_no_possessive() -> None:
    assert _by(extract("min mamma dricker"), "relation") == ["mamma"]
    assert _by(extract("mina föräldrar super"), "relation") == ["föräldrar"]
    assert _by(extract("min kille slår mig"), "relation") == ["kille"]


def test_situation_span_is_the_key_phrase() -> None:
    found = extract("morsan super hela tiden")
    assert _by(found, N) == ["super"]
    assert _by(extract("jag riskerar att bli vräkt"), E) == ["vräkt"]
    assert _by(extract("mina föräldrar bor inte ihop"), "foraldrar_separerade") == ["bor inte ihop"]
    assert _by(extract("jag dricker för mycket på helgerna"), E) == ["dricker"]
    assert _by(extract("vi bråkar jämt och hon är bara 6"), E) == ["bråkar"]
    assert _by(extract("mitt ex och jag bråkar om umgänget med barnen"), E) == ["bråkar om umgänget"]
    assert _by(extract("jag har massa skulder och kronofogden skickar brev"), E) == ["skulder", "kronofogden"]


def test_facts_on_one_span_come_main_fact_first() -> None:
    """Rasa scores one label per token (the first entity on it): relation before har_barn, the
    child's age before har_barn, and a phrase's values in the lexicon's order (the situation of the
    person the phrase is about first, the victim's when it has one)."""

    def on(text: str, span: str) -> list[tuple[str, object]]:
        return [(f.entity, f.value) for f in extract(text) if f.text == span]

    assert on("min son skolkar", "son") == [("relation", "barn"), ("har_barn", True)]
    assert on("vi bråkar jämt, han är 7", "7") == [("barnets_alder", 7), ("har_barn", True)]
    assert on("min son är med i ett gäng", "med i ett gäng") == [
        (N, "kriminell_livsstil"),
        (E, "oro_barnets_umgange"),
    ]
    assert on("min son har adhd", "adhd") == [
        (N, "funktionsnedsattning_fysisk_sjukdom"),
        (E, "barn_med_funktionsnedsattning"),
    ]
    assert on("farsan slår mig", "slår") == [(E, "utsatt_for_vald"), (N, "utovar_vald")]
    assert on("han tog på mig", "tog på mig") == [(E, "utsatt_for_vald"), (N, "utovar_vald")]


READINGS = [(message, expected) for message, _, expected in _table("lasningar.yml")]


@pytest.mark.parametrize(("message", "expected"), READINGS, ids=[m[:40] for m, _ in READINGS])
def test_reading(message: str, expected: set[tuple[str, object]]) -> None:
    assert {(f.entity, f.value) for f in extract(message)} == expected


def test_offsets_point_into_the_original_text() -> None:
    text = "Hej!! Jag e 14 🙂 & min MORSAN super"
    for f in extract(text):
        assert text[f.start : f.end] == f.text


def test_value_types() -> None:
    found = extract("jag är 14 och mina föräldrar är skilda")
    assert {type(f.value) for f in found} == {int, bool}
    assert all(isinstance(f.value, str) for f in extract("morsan super"))


# ---------------------------------------------------------------- robustness


def test_not_a_string_is_safe() -> None:
    assert extract(None) == []  # type: ignore[arg-type]
    assert extract(14, "age") == []  # type: ignore[arg-type]
    assert extract("14", 14) == [Fynd("age", 14, 0, 2, "14")]  # type: ignore[arg-type]


def test_long_input_reads_only_the_start() -> None:
    text = "jag är 14. " + "bla " * 30_000 + "mamma super"
    found = extract(text)
    assert {(f.entity, f.value) for f in found} == {("age", 14)}


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02",
        "🙂" * 500,
        "<script>alert(1)</script>",
        "&amp;&lt;",
        "٣٤",
        "ß" * 100,
        "\ud800",
        "-",
        "-1-2-3",
        "jag är " + "9" * 5000,
        "ja " * 700,
        "och och och",
        "som som",
        "$ # $",
        "ı̇" * 50,
    ],
)
def test_odd_input_is_safe(text: str) -> None:
    for expecting in (None, "age", "relation", "foraldrar_separerade", "narstaende_situation", "nonsense"):
        for f in understanding.read(text, expecting):
            assert text[f.start : f.end] == f.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(max_size=300),
    st.sampled_from(
        [
            None,
            "age",
            "barnets_alder",
            "relation",
            "narstaende_situation",
            "egen_situation",
            "foraldrar_separerade",
            "har_barn",
        ]
    ),
)
def test_never_raises_and_spans_match(text: str, expecting: str | None) -> None:
    for f in understanding.read(text, expecting):
        assert text[f.start : f.end] == f.text
        assert 0 <= f.start < f.end <= len(text)


WORDS = [
    "jag",
    "ja",
    "e",
    "är",
    "14",
    "fjorton",
    "mamma",
    "morsan",
    "min",
    "super",
    "inte",
    "och",
    "å",
    "som",
    "slår",
    "mig",
    "han",
    "hon",
    "år",
    "vi",
    "bråkar",
    "skilda",
    "barn",
    "son",
    "3-åring",
    ",",
    ".",
    "😭",
    "på",
    "fyller",
    "kl",
    "116",
    "111",
    "har",
    "inga",
    "skulder",
    "varannan",
    "vecka",
    "-5",
    "IS",
    "ångest",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=25), st.sampled_from([None, "age", "narstaende_situation", "har_barn"])
)
def test_word_salad_is_safe(words: list[str], expecting: str | None) -> None:
    text = " ".join(words)
    found = understanding.read(text, expecting)
    vocab = vocabulary()
    for f in found:
        assert text[f.start : f.end] == f.text
        assert f.entity in vocab
        spec = vocab[f.entity]
        if spec.type in ("set", "enum"):
            assert f.value in spec.values
        elif spec.type == "bool":
            assert isinstance(f.value, bool)
        else:
            assert isinstance(f.value, int) and not isinstance(f.value, bool)
