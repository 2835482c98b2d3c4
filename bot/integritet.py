"""Masking of personal data before anything is stored or logged.

Teens tell Stödguiden things they tell nobody else, so the bot keeps nothing that identifies
anyone: every user text passes through `mask` before it becomes a Rasa UserMessage (see
rasa_ext/channels.py), and `mask_payload` does the same for slot values, entities and metadata.

What is replaced by a neutral placeholder:
  * personnummer and samordningsnummer (YYYYMMDD-XXXX, YYMMDD-XXXX, with or without "-", "+"
    or a space; the date part must be a plausible date, day 61-91 for samordningsnummer)
    -> "[personnummer]"
  * Swedish phone numbers (070-123 45 67, 0701234567, +46 70 123 45 67, 0046 ..., 08-123 456 78,
    08123456, (08) 123 45 67) and other international numbers (+47 ...) -> "[telefonnummer]".
    Ten digits without a separator that start with 0 are read as a phone number.
  * e-mail addresses (also "namn(at)doman.se") -> "[e-post]"
  * street addresses: a street name (Hornsgatan, Drottning Kristinas väg, S:t Eriksgatan,
    Sergels torg) followed by a house number, optionally a letter, "lgh 1102"/"vån 3"/"2 tr"
    and a postcode -> "[adress]"; a postcode next to a place name ("124 56 Bandhagen") or after
    "postnummer" -> "[adress]" (the place name itself is kept: it identifies nobody).

What is left alone: ages, dates (12/3, 2024-05-01, 01-03-2024), times (kl 15.30), years,
money, counts ("10 stödsamtal"), place names without a house number, and the service numbers
the bot itself gives (read from bot/data/telefon.yml through bot.telefon.linjer, so the two stay
in sync; if that file cannot be read no number is exempt, which fails safe).

`mask` never raises: on an unexpected internal error it returns "[borttaget]" rather than
risk keeping the text. It is idempotent (it repeats until nothing changes).
Nothing is compiled or loaded at import time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

PERSONNUMMER = "[personnummer]"
TELEFON = "[telefonnummer]"
EPOST = "[e-post]"
ADRESS = "[adress]"
BORTTAGET = "[borttaget]"  # what is left when masking itself fails: fail closed
PLACEHOLDERS = (PERSONNUMMER, TELEFON, EPOST, ADRESS, BORTTAGET)  # every text `mask` puts in

MAX_PASSES = 8  # masking repeats until stable; in practice one or two passes
MAX_DEPTH = 64  # deeper JSON-like structures are cut off by mask_payload

_SP = r"[ \t\u00a0\u202f]"  # a space, never a newline
_SEP = rf"(?:{_SP}?[-\u2010-\u2013]{_SP}?|{_SP})"  # between digit groups: one dash or one space
_CAP = "A-ZÅÄÖÆØÉÈÜ"
_WORDCH = r"\w:'’\-"

# Street-name endings. STRONG ones are street names even in lower case ("hornsgatan 12") when
# they end a longer word; WEAK ones are also ordinary words (plats, plan, torget, gång, strand,
# ...), so they count only in a capitalised word ("Medborgarplatsen 3") or as a separate word
# after a capitalised name ("Sergels torg 12", "Drottning Kristinas väg 5").
_STRONG = tuple("gatan vägen gränd gränden allén stigen slingan liden esplanaden promenaden terrassen".split())
_WEAK = tuple(
    """gata väg backe backen stig allé alle allen torg torget plan planen plats platsen gång gången strand
    stranden kaj kajen bro bron leden ringen kroken svängen hage hagen""".split()
)
# Words before the street name that belong to it ("S:t Eriksgatan", "Gamla Huddingevägen").
_PREFIXES = frozenset(
    "s:t st. sankt gamla nya norra södra östra västra stora lilla övre nedre drottning kung prins prinsessan".split()
)
# A number followed by one of these is a quantity, not a house number ("Medborgarplatsen 2 gånger").
_UNITS = frozenset(
    """gånger ggr gång dagar dag dygn timmar timme tim h min minuter sekunder veckor
vecka v månader månad mån år åring åringar st stycken kr kronor sek spänn personer pers tillfällen
samtal procent % km m meter mil kg poäng p barn elever ungdomar klass kl""".split()
)
# Capitalised words after a postcode that are not place names.
_NOT_PLACES = frozenset({"kr", "kronor", "sek", "st", "år", "jag", "och", "men", "eller", "att", "det"})


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """All regexes, compiled on first use."""
    month = r"(?:0[1-9]|1[0-2])"
    day = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"  # 61-91: samordningsnummer
    return {
        "epost_hint": re.compile(r"@|＠|\((?:at|snabel-a)\)|\[at\]", re.IGNORECASE),
        "epost": re.compile(
            rf"[\w.+%\-]{{1,64}}{_SP}?(?:@|＠|\((?:at|snabel-a)\)|\[at\]){_SP}?"
            r"[\w\-]{1,63}(?:\.[\w\-]{1,63}){0,8}\.[^\W\d_]{2,24}(?![\w\-])",
            re.IGNORECASE,
        ),
        "pnr": re.compile(
            rf"(?<!\d)(?:19|20)?\d{{2}}{month}{day}(?:{_SP}?[-+\u2010-\u2013]{_SP}?|{_SP})?\d{{4}}(?!\d)"
        ),
        "telefon": re.compile(
            # +46 / 0046, optionally "(0)": 7-9 more digits
            rf"(?<![\d+])(?:\+|00){_SP}?46{_SEP}?(?:\(0\){_SEP}?)?[1-9](?:{_SEP}?\d){{6,8}}(?!\d)"
            # other countries: + and 8-14 digits
            rf"|(?<![\d+])\+{_SP}?[1-9]\d{{0,2}}{_SEP}?\d(?:{_SEP}?\d){{5,11}}(?!\d)"
            # (08) 123 45 67
            rf"|\(0[1-9]\d{{0,2}}\){_SP}?\d(?:{_SEP}?\d){{4,7}}(?!\d)"
            # national: 0 and 7-9 more digits (8-10 in all)
            rf"|(?<![\d+])0[1-9](?:{_SEP}?\d){{6,8}}(?!\d)"
        ),
        "datum": re.compile(r"\d{1,2}\D\d{1,2}\D(?:19|20)\d{2}"),
        "adress": re.compile(
            rf"(?<![{_WORDCH}])(?P<gata>[^\W\d_][{_WORDCH}]*){_SP}{{1,2}}"
            rf"(?P<nr>\d{{1,4}})(?!\d)(?P<bokstav>[A-Za-zÅÄÖåäö](?![\w])|{_SP}[{_CAP}](?![\w]))?"
            rf"(?P<tillagg>(?:,?{_SP}{{0,2}}(?:lgh|lägenhet|lägenhetsnummer|vån|våning|uppg|uppgång|port|tr)\.?"
            rf"{_SP}?\d{{1,4}}(?!\d)|,?{_SP}{{1,2}}\d{{1,2}}{_SP}?(?:tr|trappor)\b\.?){{0,3}})"
            rf"(?P<postnr>,?{_SP}{{1,2}}\d{{3}}{_SP}?\d{{2}}(?!\d))?"
        ),
        "fore": re.compile(rf"(?:(?<![{_WORDCH}.])[{_CAP}][{_WORDCH}]{{0,30}}\.?{_SP}){{1,3}}$"),
        "efter": re.compile(r"\s*([\w%]+)"),
        "postnr": re.compile(
            rf"(?<![\d+\-])(?P<pc>\d{{3}}{_SP}?\d{{2}})(?![\d\-])(?=,?{_SP}{{1,2}}(?P<ort>[^\W\d_]{{2,}}))"
            rf"|(?i:(?<=postnummer)|(?<=postnr)|(?<=postkod)|(?<=postnummret)):?{_SP}{{0,2}}"
            rf"(?P<pc2>\d{{3}}{_SP}?\d{{2}})(?!\d)"
        ),
        "siffror": re.compile(r"\d"),
    }


@lru_cache(maxsize=1)
def _exempt_numbers() -> frozenset[str]:
    """The digits of every number in telefon.yml (the bot's own service numbers).

    Empty when the file cannot be read: then no number is exempt (fails safe)."""
    try:
        from bot.telefon import linjer  # lazy: keeps this module free of file reads at import

        return frozenset(_digits(line.nummer) for line in linjer() if line.nummer)
    except Exception:  # noqa: BLE001 - masking must work even without the data file
        return frozenset()


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _national(number: str) -> str:
    """A phone number's digits in national form: +46 8 ... and 0046 8 ... become 08..."""
    text = number.replace("(0)", "")
    digits = _digits(text)
    if text.lstrip().startswith("+46") or text.lstrip().startswith("0046"):
        digits = "0" + digits[4 if digits.startswith("0046") else 2 :]
    return digits


def _mask_epost(text: str) -> str:
    pats = _patterns()
    if not pats["epost_hint"].search(text):
        return text
    return pats["epost"].sub(EPOST, text)


def _mask_pnr(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        found = match.group(0)
        if found.isdigit() and len(found) == 10 and found.startswith("0"):
            return TELEFON  # 0701234567: a mobile number as often as a personnummer
        return PERSONNUMMER

    return _patterns()["pnr"].sub(repl, text)


def _mask_telefon(text: str) -> str:
    pats = _patterns()

    def repl(match: re.Match[str]) -> str:
        found = match.group(0)
        if _national(found) in _exempt_numbers() or pats["datum"].fullmatch(found):
            return found  # the bot's own numbers and dates (01-03-2024) stay
        return TELEFON

    return pats["telefon"].sub(repl, text)


def _street_start(text: str, match: re.Match[str]) -> int | None:
    """Where the address in `match` starts, or None when its first word is no street name."""
    gata = match.group("gata")
    lower = gata.casefold()
    start = match.start()
    before = _patterns()["fore"].search(text, max(0, start - 120), start)
    if lower in _STRONG or lower in _WEAK:  # "Sergels torg 12": the name is the words before
        return before.start() if before else None
    suffix = next((s for s in _STRONG + _WEAK if lower.endswith(s)), None)
    if suffix is None or (suffix not in _STRONG and not gata[:1].isupper()):
        return None
    if before:  # keep ordinary words before ("Hej Hornsgatan 12"), take "S:t", "Gamla", ...
        words = text[before.start() : start].split()
        kept = 0
        while kept < len(words) and words[-1 - kept].casefold() in _PREFIXES:
            kept += 1
        if kept:
            return start - len(" ".join(words[-kept:])) - 1
    return start


def _mask_adress(text: str) -> str:
    pats = _patterns()
    out: list[str] = []
    last = 0
    for match in pats["adress"].finditer(text):
        start = _street_start(text, match)
        if start is None or start < last:
            continue
        after = pats["efter"].match(text, match.end())
        if after and not match.group("postnr") and after.group(1).casefold() in _UNITS:
            continue  # "Medborgarplatsen 2 gånger"
        out.append(text[last:start])
        out.append(ADRESS)
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _is_place(word: str) -> bool:
    """A capitalised word, or a known kommun/stadsdel however it is written."""
    if word.casefold() in _NOT_PLACES or word.casefold() in _UNITS:
        return False
    if word[:1].isupper():
        return True
    try:
        from bot.places import find_kommun, find_stadsdel

        return find_stadsdel(word).status != "unknown" or find_kommun(word).status != "unknown"
    except Exception:  # noqa: BLE001 - without the place data only capitalised names count
        return False


def _mask_postnr(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        code = match.group("pc") or match.group("pc2")
        if _digits(code) in _exempt_numbers():
            return match.group(0)  # 114 14 is the police's number
        if match.group("pc") and not _is_place(match.group("ort")):
            return match.group(0)  # "12345 kr"
        return match.group(0).replace(code, ADRESS)

    return _patterns()["postnr"].sub(repl, text)


_STEPS: tuple[Callable[[str], str], ...] = (_mask_epost, _mask_pnr, _mask_telefon, _mask_adress, _mask_postnr)


def _mask_once(text: str) -> str:
    if not _patterns()["siffror"].search(text):
        return _mask_epost(text)  # every other kind of data contains a digit
    for step in _STEPS:
        text = step(text)
    return text


def mask(text: str) -> str:
    """`text` with personnummer, phone numbers, e-mail and street addresses replaced by
    "[personnummer]", "[telefonnummer]", "[e-post]" and "[adress]". Never raises."""
    try:
        if not isinstance(text, str):
            text = str(text)
        for _ in range(MAX_PASSES):
            masked = _mask_once(text)
            if masked == text:
                return masked
            text = masked
        return text
    except Exception:  # noqa: BLE001 - a bug here must never leak the text or crash a turn
        return BORTTAGET


def mask_payload(obj: Any, _depth: int = 0) -> Any:
    """A copy of a JSON-like structure (dicts, lists, tuples) with every string masked, keys
    too. Integers that read as personal data become masked strings; other values are kept."""
    if _depth > MAX_DEPTH:
        return BORTTAGET
    if isinstance(obj, str):
        return mask(obj)
    if isinstance(obj, bool) or obj is None or isinstance(obj, float):
        return obj
    if isinstance(obj, int):
        masked = mask(str(obj))
        return obj if masked == str(obj) else masked
    if isinstance(obj, dict):
        return {mask_payload(key, _depth + 1): mask_payload(value, _depth + 1) for key, value in obj.items()}
    if isinstance(obj, list):
        return [mask_payload(item, _depth + 1) for item in obj]
    if isinstance(obj, tuple):
        return tuple(mask_payload(item, _depth + 1) for item in obj)
    return obj
