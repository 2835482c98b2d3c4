"""Stage 1, tokens: the message's words and numbers (bot.text.words), each normalised as the
lexicon is (lower case, chat spellings), numbered by sentence and marked where a comma or the
like stands before it. HTML tags and control characters count as spaces.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from bot.text import blank_markup, words
from bot.understanding.lexicon import Lexikon
from bot.understanding.message import Tok

_SENTENCE_CHARS = frozenset(".!?;\n\r…")
_SOFT_CHARS = frozenset(',:()[]{}/\\–—"“”«»*|•')
SENTENCE, SOFT = "sentence", "soft"


@lru_cache(maxsize=1024)
def gap_kind(gap: str) -> str:
    """SENTENCE, SOFT or '' for the characters between two tokens (an emoji ends a sentence)."""
    if any(char in _SENTENCE_CHARS or unicodedata.category(char) == "So" for char in gap):
        return SENTENCE
    if any(char in _SOFT_CHARS or unicodedata.category(char) == "Sm" for char in gap) or " - " in gap:
        return SOFT
    return ""


def tokenize(text: str, lex: Lexikon) -> list[Tok]:
    """The tokens of `text`, offsets into `text` itself."""
    cleaned = blank_markup(text)
    toks: list[Tok] = []
    sent = 0
    previous_end = 0
    for word in words(cleaned):
        kind = gap_kind(cleaned[previous_end : word.start()]) if toks else ""
        if kind == SENTENCE:
            sent += 1
        raw = unicodedata.normalize("NFC", text[word.start() : word.end()])
        low = raw.casefold()
        tok = Tok(word.start(), word.end(), raw, low, lex.normal.get(low, low), low.isdecimal(), sent, kind == SOFT)
        toks.append(tok)
        previous_end = word.end()
    _ja_as_jag(toks, lex)
    return toks


def _ja_as_jag(toks: list[Tok], lex: Lexikon) -> None:
    """ "ja e 14": "ja" right before a verb is "jag" (lexikon.yml `ja_som_jag`)."""
    for index, tok in enumerate(toks):
        if tok.low in lex.ja_words and index + 1 < len(toks):
            after = toks[index + 1]
            if after.sent == tok.sent and not after.soft and after.norm in lex.ja_som_jag:
                tok.norm = lex.ja_means
