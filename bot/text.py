"""Small text helpers shared by the catalogue and the rendering."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")
_CACHED_CHARS = 10_000  # bounds _Uncombined: a message may hold any of a million code points


class _Uncombined(dict[int, int | None]):
    """A str.translate table that drops combining marks (the accents NFKD splits off),
    filled in as characters are seen."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if len(self) < _CACHED_CHARS:
            self[code] = kept
        return kept


_UNCOMBINED = _Uncombined()


def fold(text: str) -> str:
    """Casefold, strip accents (å/ä->a, ö->o) and punctuation: a key for loose matching."""
    stripped = unicodedata.normalize("NFKD", str(text).casefold()).translate(_UNCOMBINED)
    return " ".join(_NON_WORD.sub(" ", stripped).replace("_", " ").split())
