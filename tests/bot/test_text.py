"""bot.text: the one normalisation and its options, the typo model, markup, the spellings table."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import text
from bot.text import (
    TypoIndex,
    blank_markup,
    edit_distance,
    fold,
    normalize,
    one_typo,
    spellings,
    squeeze_letters,
    strip_markup,
)


@pytest.mark.parametrize(
    ("raw", "options", "normal"),
    [
        ("Hökarängen!", {}, "hokarangen"),
        ("Upplands-Väsby, Stockholm", {}, "upplands vasby stockholm"),
        ("  Upplands-Väsby! ", {"accents": "keep", "punctuation": "edges"}, "upplands väsby"),
        ("idé ÆØ 𝐀", {"compose": True, "accents": "swedish"}, "ide äö a"),
        ("JAAAG VILL DÖÖÖ 😭", {"compose": True, "accents": "swedish", "squeeze": True}, "jag vil dö"),
        ("<b>hej</b>&amp;då", {"markup": True, "accents": "swedish"}, "hej då"),
        ("ja e rädd", {"accents": "swedish", "squeeze": True, "spellings": {"ja": "jag", "e": "är"}}, "jag är räd"),
        ("Mamma", {"accents": "keep", "punctuation": "keep"}, "mamma"),
        ("Mamma", {"casefold": False, "punctuation": "keep"}, "Mamma"),
    ],
)
def test_normalize_options(raw: str, options: dict[str, object], normal: str) -> None:
    assert normalize(raw, **options) == normal  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_fold_is_normalize_by_default(raw: str) -> None:
    assert text.fold(raw) == normalize(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_the_one_pass_swedish_path_is_the_steps_in_turn(raw: str) -> None:
    stepwise = text.spaces_for_punctuation(text.keep_swedish_letters(raw.casefold()))
    assert normalize(raw, accents="swedish") == stepwise


def test_squeeze_letters() -> None:
    assert squeeze_letters("jaaaag") == "jag"
    assert squeeze_letters("jaaaa", longer_than=2, keep=2) == "jaa"
    assert squeeze_letters("skiilda mamma", letters="aeiouy") == "skilda mamma"
    assert squeeze_letters("112 mamma") == "112 mama"


def test_markup() -> None:
    message = "jag<br/>är\x0014 <3 mamma"
    assert blank_markup(message) == "jag     är 14 <3 mamma"
    assert len(blank_markup(message)) == len(message)
    assert strip_markup("<b>hej</b>&amp;då") == " hej &då"


@pytest.mark.parametrize(
    ("typed", "word", "keyboard", "slip"),
    [
        ("kronofogen", "kronofogden", True, True),  # a letter missing
        ("skuldre", "skulder", True, True),  # two letters swapped
        ("skulfer", "skulder", True, True),  # a neighbouring key
        ("vänder", "vänner", True, False),  # d and n are far apart: a real word
        ("vänder", "vänner", False, True),  # any letter, without the keyboard
        ("foraldrar", "föräldrar", True, False),  # two slips
        ("mamma", "mamma", True, False),  # no slip
    ],
)
def test_one_typo(typed: str, word: str, keyboard: bool, slip: bool) -> None:
    assert one_typo(typed, word, keyboard=keyboard) is slip


def test_typo_index_finds_long_words_one_slip_away() -> None:
    index = TypoIndex(["kronofogden", "skulder", "mamma"])
    assert index.close("kronofogen") == {"kronofogden"}
    assert index.close("skuler") == {"skulder"}
    assert index.close("mama") == set()  # shorter than MIN_TYPO_LETTERS: not indexed


def test_spellings_are_one_table_read_by_two_readers() -> None:
    kris, tolkning = spellings("kris"), spellings("tolkning")
    shared = {key for key in kris if tolkning.get(key) == kris[key]}
    assert {"e", "mej", "nån"} <= shared
    assert kris["ja"] == "jag" and "ja" not in tolkning  # tolkning reads "ja" as jag only before a verb
    assert tolkning["å"] == "och" and "å" not in kris
    with pytest.raises(text.SpellingsError):
        spellings("places")


def test_one_message_cap() -> None:
    from bot import kris
    from bot.understanding import combine, words
    from rasa_ext import channels

    assert kris.MAX_CHARS == combine.MAX_CHARS == words.MAX_CHARS == channels.MAX_TEXT == text.MAX_CHARS


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("kronofogden", "kronofogen", 1),
        ("skulder", "skuldre", 1),
        ("ab", "ba", 1),
        ("", "abc", 3),
        ("mamma", "mamma", 0),
    ],
)
def test_damerau_levenshtein(a: str, b: str, distance: int) -> None:
    # the typo model's distance (bot.text, rapidfuzz's optimal string alignment)
    assert edit_distance(a, b) == distance


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_fold_strips_every_combining_mark(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    assert fold(text) == " ".join(re.sub(r"[^\w]+", " ", plain).replace("_", " ").split())
