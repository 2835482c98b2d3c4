"""Places: kommuner, Stockholm's stadsdelar and their förvaltningar, found in answers and free text.

Used by the engine (derive_facts), the understanding (find_place_mentions, find_stadsdel,
find_kommun) and the replies (forvaltning). All data lives in bot/data/*.yml with its source;
nothing is loaded at import time. The modules:
  names     the name keys places are matched on (case and accents ignored)
  register  the förvaltningar and kommuner, and the index of their names
  cues      the cue words around a name (bot/data/platsord.yml)
  scan      places in free text (find_place_mentions)
  lookup    one answer as a stadsdel or a kommun, and the facts they imply
Phone lines and their opening hours are in bot/telefon.py.
"""

from bot.places.lookup import derive_facts, find_kommun, find_stadsdel, is_stockholms_stad
from bot.places.names import normalize
from bot.places.register import (
    STOCKHOLM,
    UNKNOWN,
    Forvaltning,
    Kommun,
    PlaceMatch,
    forvaltning,
    forvaltningar,
    kommuner,
)
from bot.places.scan import find_place_mentions

__all__ = [
    "STOCKHOLM",
    "UNKNOWN",
    "Forvaltning",
    "Kommun",
    "PlaceMatch",
    "derive_facts",
    "find_kommun",
    "find_place_mentions",
    "find_stadsdel",
    "forvaltning",
    "forvaltningar",
    "is_stockholms_stad",
    "kommuner",
    "normalize",
]
