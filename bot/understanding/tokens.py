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
        for start, end in _parts(raw.casefold(), word.start(), word.end(), lex):
            part = unicodedata.normalize("NFC", text[start:end])
            low = part.casefold()
            norm = lex.normal.get(low, low)
            toks.append(Tok(start, end, part, low, norm, low.isdecimal(), sent, kind == SOFT and start == word.start()))
        previous_end = word.end()
    _ja_as_jag(toks, lex)
    return toks


def _parts(low: str, start: int, end: int, lex: Lexikon) -> list[tuple[int, int]]:
    """A word's spans: one, or two for a number written together with an age word ("treåring",
    "tolvåriga", "3åring": the number and the age word, as "tre-åring" is read)."""
    if len(low) == end - start:  # offsets only split cleanly when casefolding kept the length
        for unit in lex.alder["aringar"]:
            cut = len(low) - len(unit)
            head = low[:cut]
            number = head.isdecimal() or lex.number(lex.normal.get(head, head)) is not None
            if cut > 0 and low.endswith(unit) and number:
                return [(start, start + cut), (start + cut, end)]
    return [(start, end)]


def _ja_as_jag(toks: list[Tok], lex: Lexikon) -> None:
    """ "ja e 14": "ja" right before a verb is "jag" (lexikon.yml `ja_som_jag`)."""
    for index, tok in enumerate(toks):
        if tok.low in lex.ja_words and index + 1 < len(toks):
            after = toks[index + 1]
            if after.sent == tok.sent and not after.soft and after.norm in lex.ja_som_jag:
                tok.norm = lex.ja_means
