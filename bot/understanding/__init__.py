"""Understanding a message: every fact it tells (ages, kommun, stadsdel, relation, the
situations, insats names, how long ago earlier support was), each with its span.

One concept, one package (docs/ordlista.md): `understand` (combine.py) puts three readers
together — insats names (bot.catalogue), places (bot.places) and the words read with the lexicon
(`extract`, words.py), which goes through the stages of this package one `Message` at a time:

    tokens -> matching -> clauses (with roles) -> ages -> situations -> answers -> times

What is read and how, and the span conventions: docs/understanding.md.
"""

from __future__ import annotations

from bot.understanding.combine import understand, understand_safely
from bot.understanding.lexicon import Entry, Lexikon
from bot.understanding.loading import LexikonError, lexikon
from bot.understanding.message import Fynd, Message
from bot.understanding.words import extract, read

__all__ = [
    "Entry", "Fynd", "Lexikon", "LexikonError", "Message", "extract", "lexikon", "read", "understand",
    "understand_safely",
]  # fmt: skip
