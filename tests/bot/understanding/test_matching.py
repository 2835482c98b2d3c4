"""bot.understanding.matching: typos are tolerated only where safe, and skipping phrases that cannot
match only saves work."""

from __future__ import annotations

import pytest

from bot import understanding
from bot.understanding import Fynd, extract, matching

F = "foralder"


# ---------------------------------------------------------------- typos


def test_short_words_are_not_fuzzy() -> None:
    assert extract("mamma supr") == [Fynd("relation", F, 0, 5, "mamma")]
    assert extract("jag fyller 15 i maj") == [Fynd("age", 14, 11, 13, "15")]


def test_ordinary_words_are_not_corrected() -> None:
    assert extract("svar på frågan") == []
    assert extract("vi har två hundar") == []


def _phrase_variants(entry: understanding.Entry) -> list[str]:
    """A lexicon phrase as typed ("#" as 14, "$" as a comma), also with a negation or intensifiers
    after its first word, and with words around it."""
    words = [word.replace("#", "14") for word in entry.phrase]
    plain = " ".join(words).replace(" $", ",")
    inside = [" ".join([words[0], extra, *words[1:]]).replace(" $", ",") for extra in ("inte", "så jävla")]
    return [plain, *inside, f"min mamma {plain} 14", f"jag {plain}. nej"]


def test_skipping_phrases_whose_second_word_is_missing_changes_nothing() -> None:
    # second_patterns only saves work: with every phrase tried, every text reads the same
    texts = [text for entry in understanding.lexikon().entries for text in _phrase_variants(entry)]
    quick = [understanding.read(text) for text in texts]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matching, "second_patterns", lambda msg, first, skip: None)
        assert [understanding.read(text) for text in texts] == quick
