"""Place-name normalisation: the keys every kommun and stadsdel name is matched on, built from
the shared text toolkit (bot/text.py).

Case and accents are ignored (users write "hokarangen" as often as "Hökarängen"); `_loose`
keeps the accents so that an accent-exact spelling can win (Håbo over Habo). A typo is any one
edit (`_within_one`): place names are matched without the keyboard model, since a wrong letter
anywhere in a name is as likely as a neighbouring key.
"""

from __future__ import annotations

import re

from bot.text import normalize as normalize_text
from bot.text import one_typo, strip_accents

_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def normalize(text: str) -> str:
    """Casefold, strip accents, hyphens/underscores to spaces, collapse whitespace, trim
    punctuation at the ends: the key every place name is matched on."""
    return strip_accents(_loose(text))


def _loose(text: str) -> str:
    """Like normalize but keeping accents (to prefer the exact spelling: Håbo over Habo)."""
    return normalize_text(str(text), accents="keep", punctuation="edges")


def _key(text: str) -> str:
    """normalize, and inner punctuation to spaces too ("Farsta, Stockholm")."""
    return normalize_text(normalize(text), casefold=False, accents="keep")


def _letters(key: str) -> int:
    """The letters in a key, spaces not counted."""
    return len(key.replace(" ", ""))


def _within_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one edit (substitution, insertion, deletion or swap
    of two neighbouring letters)."""
    return a == b or one_typo(a, b, keyboard=False)
