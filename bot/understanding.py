"""One entry point for reading facts out of a message: words (bot.tolkning), places
(bot.places) and insats names (bot.catalogue). Used by the Rasa NLU component and the actions.
"""

from __future__ import annotations

from bot import places, tolkning
from bot.catalogue import load
from bot.tolkning import Fynd

MAX_CHARS = 2000  # longer messages are read only this far: nobody types facts after that


def understand(text: str, expecting: str | None = None) -> list[Fynd]:
    """Every fact found in the message, with character offsets into the original text.

    `expecting` is the fact the bot just asked for: a bare "Farsta" then answers the stadsdel
    question, a bare "14" the age question.
    """
    if not isinstance(text, str) or not text.strip() or text.lstrip().startswith("/"):
        return []
    text = text[:MAX_CHARS]
    found = list(tolkning.extract(text, expecting=expecting))
    taken = [(f.start, f.end) for f in found]

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for kind, value, start, end in places.find_place_mentions(text):
        if free(start, end):
            found.append(Fynd(kind, value, start, end, text[start:end]))
            taken.append((start, end))
    if expecting in ("kommun", "stadsdel") and not any(f.entity in ("kommun", "stadsdel") for f in found):
        stripped = text.strip()
        stadsdel = places.find_stadsdel(stripped)
        kommun = places.find_kommun(stripped)
        start = text.index(stripped)
        if stadsdel.status == "found" and stadsdel.value:
            found.append(Fynd("stadsdel", stadsdel.value, start, start + len(stripped), stripped))
        elif kommun.status == "found" and kommun.value:
            found.append(Fynd("kommun", kommun.value, start, start + len(stripped), stripped))
    lowered = text.casefold()
    for insats in load().mentioned_in(text):
        for name in (insats.namn, *insats.alias):
            index = lowered.find(name.casefold())
            if index >= 0 and free(index, index + len(name)):
                found.append(Fynd("insats", insats.namn, index, index + len(name), text[index : index + len(name)]))
                taken.append((index, index + len(name)))
                break
    return sorted(found, key=lambda f: f.start)
