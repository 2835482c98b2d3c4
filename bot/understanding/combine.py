"""Every fact in a message, from the three readers together: insats names (bot.catalogue), the
words read with the lexicon (`words.extract`, the stages of this package) and places
(bot.places). Used by the Rasa NLU component and the actions, through `bot.understanding`.
"""

from __future__ import annotations

import logging
import re

from bot import places
from bot.catalogue import load
from bot.integritet import PLACEHOLDERS
from bot.text import MAX_CHARS
from bot.understanding.message import Fynd
from bot.understanding.words import extract

logger = logging.getLogger(__name__)
# Placeholders left by bot.integritet.mask ("[e-post]", "[adress]") say nothing about the
# situation: blank them out (same length, so offsets still point into the original text).
_PLACEHOLDER = re.compile("|".join(re.escape(placeholder) for placeholder in PLACEHOLDERS))


def understand(text: str, expecting: str | None = None, together_with: str | None = None) -> list[Fynd]:
    """Every fact found in the message, with character offsets into the original text.

    `expecting` is the fact the bot just asked for: a bare "Farsta" then answers the stadsdel
    question, a bare "14" the age question.
    """
    if not isinstance(text, str) or not text.strip() or text.lstrip().startswith("/"):
        return []
    text = _PLACEHOLDER.sub(lambda match: " " * len(match.group()), text[:MAX_CHARS])
    # Insats names first: "vad innebär familjerådgivning?" names an insats, it does not say the
    # user has relationsproblem, so words read inside a name are dropped.
    found: list[Fynd] = []
    lowered = text.casefold()
    for insats in load().mentioned_in(text):
        for name in (insats.namn, *insats.alias):
            index = lowered.find(name.casefold())
            if index >= 0:
                found.append(Fynd("insats", insats.namn, index, index + len(name), text[index : index + len(name)]))
                break
    taken = [(f.start, f.end) for f in found]

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    words = [f for f in extract(text, expecting=expecting, together_with=together_with) if free(f.start, f.end)]
    found += words
    taken += [(f.start, f.end) for f in words]
    for kind, value, start, end in places.find_place_mentions(text):
        if free(start, end):
            found.append(Fynd(kind, value, start, end, text[start:end]))
            taken.append((start, end))
    if expecting in ("kommun", "stadsdel") and not any(f.entity in ("kommun", "stadsdel") for f in found):
        stripped = text.strip()
        start = text.index(stripped)
        stadsdel = places.find_stadsdel(stripped)
        if stadsdel.status == "found" and stadsdel.value:
            found.append(Fynd("stadsdel", stadsdel.value, start, start + len(stripped), stripped))
        else:
            kommun = places.find_kommun(stripped)
            if kommun.status == "found" and kommun.value:
                found.append(Fynd("kommun", kommun.value, start, start + len(stripped), stripped))
    return sorted(found, key=lambda f: f.start)


def understand_safely(text: str, expecting: str | None = None, together_with: str | None = None) -> list[Fynd]:
    """`understand` for the running bot: a fault in the lexicon or a matcher is logged (without
    the user's text) and the message is treated as saying nothing, so the conversation goes on.
    Tests call `understand` itself, so such faults still fail loudly there."""
    try:
        return understand(text, expecting, together_with)
    except Exception:  # noqa: BLE001 - any fault here must not cost the user the conversation
        logger.exception("understanding failed; the message is read as saying nothing")
        return []
