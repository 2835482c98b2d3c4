"""bot.places.cues: the cue words around a place name (bot/data/platsord.yml), read normalised, and an entry
that could never match refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.places import cues

DATA = Path(__file__).resolve().parents[3] / "bot" / "data"


def test_cue_words_are_read_normalised_from_the_data() -> None:
    words = cues.cues()
    assert {"bor", "folkbokford"} <= words.strong_verbs
    assert words.weak_cues == {"i", "pa", "fran", "till"}
    assert ("haller", "pa") in words.not_place
    assert words.prefixes[0] == "jag bor i " and "pa " in words.prefixes
    assert words.suffixes["stadsdel"][-2:] == (" i stockholm", " stockholm")  # the longer first
    assert " kommun" in words.suffixes["kommun"] and "stadsdelsforvaltning" in words.followers["stadsdel"]


@pytest.mark.parametrize(
    ("section", "entries", "message"),
    [
        ("svaga_cuer", ["i", "bor i"], "must be one word"),
        ("inte_plats", ["håller"], "must be two words"),
        ("inledningar", ["i", "!"], "an empty entry"),
    ],
)
def test_cue_words_that_could_never_match_stop_loading(section: str, entries: list[str], message: str) -> None:
    raw = yaml.safe_load((DATA / "platsord.yml").read_text(encoding="utf-8"))
    raw[section] = entries
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cues, "_read", lambda name: raw)
        cues.cues.cache_clear()
        with pytest.raises(ValueError, match=message):
            cues.cues()
    cues.cues.cache_clear()
