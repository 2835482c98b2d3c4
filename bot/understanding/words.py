"""Reading facts out of the words of one message with the lexicon (bot/data/lexikon.yml): ages,
relations, situations and yes/no facts, each with its span in the original text.

    extract("ja e 14 å mina föräldrar ha skilt sig")
    -> [Fynd("age", 14, 5, 7, "14"), Fynd("foraldrar_separerade", True, 28, 37, "skilt sig")]

This is one of the three readers `combine.understand` puts together (with place names,
bot.places, and insats names, bot.catalogue). What is read and how, the span conventions and the stages
below are specified in docs/understanding.md. One `Message` object goes from stage to stage:

    tokens -> matching -> clauses (with roles) -> ages -> situations -> answers -> times
"""

from __future__ import annotations

from bot.text import MAX_CHARS
from bot.understanding.ages import read_ages
from bot.understanding.answers import read_answer
from bot.understanding.clauses import build_clauses
from bot.understanding.loading import lexikon
from bot.understanding.matching import match_lexicon
from bot.understanding.message import Fynd, Message
from bot.understanding.readings import asks_for_other
from bot.understanding.situations import read_facts
from bot.understanding.times import read_arrival, read_times
from bot.understanding.tokens import tokenize


def read(text: str, expecting: str | None = None, together_with: str | None = None) -> list[Fynd]:
    """Like extract, but lets errors through (for tests)."""
    if not isinstance(text, str) or not text.strip():
        return []
    text = text[:MAX_CHARS]
    lex = lexikon()
    msg = Message(text, expecting if isinstance(expecting, str) else None, lex, tokenize(text, lex))
    msg.together_with = together_with if isinstance(together_with, str) else None
    match_lexicon(msg)
    build_clauses(msg)
    msg.for_other = asks_for_other(msg)
    read_ages(msg)
    read_facts(msg)
    read_answer(msg)
    read_times(msg)
    read_arrival(msg)
    return msg.facts()


def extract(text: str, expecting: str | None = None, together_with: str | None = None) -> list[Fynd]:
    """Every fact in the words of one message (docs/understanding.md); never raises.

    `expecting` is the fact the bot just asked about: a bare "14" then answers "age" (or
    "barnets_alder"), "ja"/"nej" a yes/no fact, and a situation with no subject belongs to the
    närstående when it is "narstaende_situation". `together_with` is the relation told earlier
    in the conversation: "vi bråkar hela tiden" then is the user and that person.
    """
    lexikon()  # a broken lexicon is a programming error: let it show
    try:
        return read(text, expecting, together_with)
    except Exception:  # noqa: BLE001 - a message must never crash the bot
        return []
