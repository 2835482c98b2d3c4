"""Small text helpers shared by the catalogue and the rendering."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Casefold, strip accents (å/ä->a, ö->o) and punctuation: a key for loose matching."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", stripped).replace("_", " ").split())
