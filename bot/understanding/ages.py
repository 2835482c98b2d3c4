"""Stage 4, ages: numbers in digits or words ("14", "fjorton", "sjuttio två"), read as the
user's age, their child's (barnets_alder, with har_barn) or an old relative's (aldre), or as
nothing (phone numbers, clock times, amounts, durations, years). Whose age a number is:
bot.understanding.age_owner. docs/understanding.md, "Ages".
"""

from __future__ import annotations

import re

from bot.understanding.age_owner import OLD_RELATIVE, age_owner
from bot.understanding.message import Message

_DIGIT_GROUP_GAP = re.compile(r"^(?: {1,2}|[-.:/,+]| - )$")
_TENS = frozenset({20, 30, 40, 50, 60, 70, 80, 90})
HUNDRED = 100
MAX_AGE_DIGITS = 3  # four or more digits are a year, a sum or a number, never an age


def number_at(msg: Message, index: int) -> tuple[int, int] | None:
    """(value, index after) for a number starting at token index ("sjuttio två" is one)."""
    tok = msg.toks[index]
    if tok.digit:
        return (int(tok.low), index + 1) if len(tok.low) <= MAX_AGE_DIGITS else None
    value = msg.lex.number(tok.norm)
    if value is None:
        return None
    following = index + 1
    if following < len(msg.toks) and msg.same_sentence(index, following) and not msg.toks[following].soft:
        gap = msg.text[tok.end : msg.toks[following].start]
        nxt = None if msg.toks[following].digit else msg.lex.number(msg.toks[following].norm)
        if nxt is not None and gap in (" ", "-"):
            if value in _TENS and 1 <= nxt <= 9:
                return value + nxt, following + 1
            if value == HUNDRED and 1 <= nxt <= 99:
                return value + nxt, following + 1
    return value, index + 1


def digit_group(msg: Message, index: int, after: int) -> bool:
    """A digit token next to another digit token: a phone number, a time, 50 000 ..."""
    toks = msg.toks
    if index > 0 and toks[index - 1].digit:
        if _DIGIT_GROUP_GAP.match(msg.text[toks[index - 1].end : toks[index].start]):
            return True
    if after < len(toks) and toks[after].digit and toks[after - 1].digit:
        if _DIGIT_GROUP_GAP.match(msg.text[toks[after - 1].end : toks[after].start]):
            return True
    return False


def read_ages(msg: Message) -> None:
    """Emit every number that is an age, with its owner's fact."""
    alder, toks = msg.lex.alder, msg.toks
    index = 0
    last: tuple[str, int] | None = None  # the fact and end of the last age read
    while index < len(toks):
        number = None if index in msg.covered else number_at(msg, index)
        if number is None:
            index += 1
            continue
        value, after = number
        first = index
        index = after
        if toks[first].digit and digit_group(msg, first, after):
            continue
        if not toks[first].digit and toks[first].norm in alder["bara_fore_enhet"]:
            if not (after < len(toks) and toks[after].norm in alder["enheter"]):
                continue  # "en", "ett" are 1 only before an age word ("hon är ett år")
        fact, adjust = age_owner(msg, first, after, value)
        if fact is None and last is not None and _continues_list(msg, last[1], first, after):
            fact, adjust = last[0], 0
        if fact is None:
            continue
        last = (fact, after)
        _emit_age(msg, fact, value, adjust, first, after)


def _emit_age(msg: Message, fact: str, value: int, adjust: int, first: int, after: int) -> None:
    start, end = msg.span(first, after)
    if fact == OLD_RELATIVE:
        msg.emit("narstaende_situation", OLD_RELATIVE, start, end)  # "mormor är 85"
        return
    if msg.toks[first].digit and start > 0 and msg.text[start - 1] == "-":
        if start == 1 or msg.text[start - 2].isspace():
            start, value = start - 1, -value  # "jag är -5": emitted, bot.facts rejects it
    msg.emit(fact, value + adjust, start, end)
    if fact == "barnets_alder" and not msg.child_words():
        msg.emit("har_barn", True, start, end)  # unless a child word or phrase already says so


def _continues_list(msg: Message, previous_end: int, first: int, after: int) -> bool:
    """ "mina barn är 4 och 7": a number right after an age, joined by och/eller/comma."""
    toks, lex = msg.toks, msg.lex
    if not msg.same_sentence(previous_end, first) or not toks[first].digit:
        return False
    joiner = [toks[i].norm for i in range(previous_end, first)]
    if len(joiner) > 1 or (joiner and joiner[0] not in lex.list_joiners) or (not joiner and not toks[first].soft):
        return False
    following = msg.norm_at(after, first)
    return following is None or toks[after].soft or following in lex.alder["enheter"] or following in lex.coordinating
