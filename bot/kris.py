"""Crisis detection: recognise suicide, violence, sexual abuse and acute danger at once.

Why: such a message must be answered with 112 and the line that fits before anything else, and
the people who write them (teens writing anonymously, relatives at night) use typos, slang and
indirect phrasings. The knowledge (patterns, exclusions, lines) is data in bot/data/kris.yml,
documented there, with the chat spellings in bot/data/stavningar.yml; this module only
normalises text (with bot.text) and evaluates it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.telefon import ALDERSGRUPPER, known_age, shown_to
from bot.text import MAX_CHARS, spellings
from bot.text import normalize as _normalize

KRIS_PATH = Path(__file__).parent / "data" / "kris.yml"


_ASCII_OF = {"å": "a", "ä": "a", "ö": "o"}
_MACRO = re.compile(r"\{([a-z_]+)\}")
_ESCAPE = re.compile(r"\\.")
_UPPER = re.compile(r"[A-ZÅÄÖ]")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")  # patterns with these cannot be joined into one
_BARRIER = " | "  # what an exclusion leaves behind: patterns cannot match across it


class KrisDataError(ValueError):
    """bot/data/kris.yml does not follow the format documented at its top."""


@dataclass(frozen=True)
class KrisTraff:
    """A recognised crisis: its category and the id of the pattern that matched."""

    kategori: str
    monster: str


@dataclass(frozen=True)
class _Kategori:
    """One crisis category, compiled."""

    id: str
    monster: tuple[tuple[str, re.Pattern[str]], ...]
    undantag: tuple[re.Pattern[str], ...]
    linjer: tuple[tuple[str, str], ...]
    alla_monster: re.Pattern[str] | None = None  # matches where any of `monster` does
    alla_undantag: re.Pattern[str] | None = None  # matches where any of `undantag` does


@dataclass(frozen=True)
class _Regler:
    """Everything in kris.yml, checked and compiled once."""

    stavning: Mapping[str, str]
    undantag: tuple[re.Pattern[str], ...]
    kategorier: tuple[_Kategori, ...]
    reserv_linjer: tuple[tuple[str, str], ...]
    alla_undantag: re.Pattern[str] | None = None  # matches where any of `undantag` does

    def kategori(self, kategori_id: str) -> _Kategori | None:
        """The category with this id, if any."""
        return next((kat for kat in self.kategorier if kat.id == kategori_id), None)


# --- normalisation ---------------------------------------------------------------------------


def _as_text(text: object) -> str:
    """Whatever arrives (None, bytes, numbers, str subclasses) as a plain str; never raises."""
    if text is None:
        return ""
    if isinstance(text, str):
        return str(text)
    if isinstance(text, (bytes, bytearray)):
        return bytes(text[: MAX_CHARS * 4]).decode("utf-8", "replace")
    try:
        return str(text)
    except Exception:  # a broken __str__ must not stop crisis detection
        return ""


def _squeeze_and_fold(text: str, stavning: Mapping[str, str] | None = None) -> str:
    """Steps 2-5 of the normalisation (tags, case, accents, punctuation, repeated letters), and
    step 6 with `stavning`."""
    return _normalize(
        text, markup=True, compose=True, accents="swedish", punctuation="space", squeeze=True, spellings=stavning
    )


def normalize(text: object) -> str:
    """The crisis normaliser (documented step by step at the top of bot/data/kris.yml).

    Casefolds, keeps å/ä/ö, drops other accents, emoji, punctuation and control characters,
    squeezes every run of a repeated letter to one, and replaces teen spellings ("ja" -> "jag",
    "e" -> "är", "mej" -> "mig"). Only the first MAX_CHARS characters are read.
    """
    return _squeeze_and_fold(_as_text(text)[:MAX_CHARS], _regler().stavning)


# --- detection -------------------------------------------------------------------------------


def detect(text: object) -> KrisTraff | None:
    """The crisis in the message, or None; safe on any input (None, huge, emoji, HTML, control chars).

    Categories are tried in the priority order of kris.yml; exclusions (harmless idioms) are cut
    out of the normalised text before a category's patterns run.
    """
    normal = normalize(text)
    if not normal:
        return None
    regler = _regler()
    normal = _cut(normal, regler.undantag, regler.alla_undantag)
    for kategori in regler.kategorier:
        own = _cut(normal, kategori.undantag, kategori.alla_undantag)
        if kategori.alla_monster is not None and not kategori.alla_monster.search(own):
            continue  # none of its patterns matches: no need to try them one by one
        for monster_id, pattern in kategori.monster:
            if pattern.search(own):
                return KrisTraff(kategori.id, monster_id)
    return None


def _cut(normal: str, undantag: tuple[re.Pattern[str], ...], alla: re.Pattern[str] | None) -> str:
    """The text with each exclusion in turn replaced by the barrier (`alla`: any exclusion, to
    skip them all at once when none is in the text)."""
    if alla is not None and not alla.search(normal):
        return normal
    for pattern in undantag:
        normal = pattern.sub(_BARRIER, normal)
    return normal


def linjer_for(kategori: str, age: int | None) -> list[str]:
    """Line ids (bot/data/telefon.yml) to show for a crisis, in order; always starts with sos_112.

    An unknown category gets kris.yml's `reserv_linjer` rather than an error: this runs while
    someone may be in danger.
    """
    regler = _regler()
    found = regler.kategori(kategori) if isinstance(kategori, str) else None
    linjer = found.linjer if found else regler.reserv_linjer
    known = known_age(age)
    return [line_id for line_id, aldersgrupp in linjer if shown_to(aldersgrupp, known)]


def kategorier() -> list[str]:
    """The category ids in priority order."""
    return [kategori.id for kategori in _regler().kategorier]


# --- loading kris.yml ------------------------------------------------------------------------


def _expand_macros(source: str, makron: Mapping[str, str], where: str) -> str:
    """Replace {name} by its macro as a non-capturing group; macros may use earlier macros."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in makron:
            raise KrisDataError(f"kris.yml: {where}: unknown macro {{{name}}}")
        return f"(?:{makron[name]})"

    for _ in range(5):
        expanded = _MACRO.sub(one, source)
        if expanded == source:
            return expanded
        source = expanded
    raise KrisDataError(f"kris.yml: {where}: macros nested too deep")


def _accept_ascii(source: str) -> str:
    """Let å/ä/ö in a pattern also match a/a/o: ö -> [öo], and inside [..] add the ascii letter."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            out.append(source[index : index + 2])
            index += 2
            continue
        if in_class and char == "]":
            in_class = False
        elif not in_class and char == "[":
            in_class = True
        elif char in _ASCII_OF:
            out.append(char + _ASCII_OF[char] if in_class else f"[{char}{_ASCII_OF[char]}]")
            index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _squeeze_pattern(source: str) -> str:
    """Squeeze doubled literal letters in a pattern as normalize squeezes the text ("vill" -> "vil").

    Escapes (\\b, \\w) are kept whole, and a letter followed by a quantifier ("ss?") is kept,
    since dropping it would change what the pattern means.
    """
    out: list[str] = []
    previous = ""
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            out.append(source[index : index + 2])
            previous = ""
            index += 2
            continue
        following = source[index + 1 : index + 2]
        if char.isalpha() and char == previous and following not in ("?", "*", "+", "{"):
            index += 1
            continue
        out.append(char)
        previous = char if char.isalpha() else ""
        index += 1
    return "".join(out)


def _compile(source: Any, makron: Mapping[str, str], where: str) -> re.Pattern[str]:
    """Expand macros, squeeze double letters, accept ascii for å/ä/ö, and compile one pattern."""
    if not isinstance(source, str) or not source.strip():
        raise KrisDataError(f"kris.yml: {where}: a pattern needs a non-empty `re`")
    expanded = _squeeze_pattern(_expand_macros(source, makron, where))
    if _UPPER.search(_ESCAPE.sub(" ", expanded)):
        raise KrisDataError(f"kris.yml: {where}: capitals never occur in normalised text")
    try:
        return re.compile(_accept_ascii(expanded))
    except re.error as error:
        raise KrisDataError(f"kris.yml: {where}: {error}") from error


def _any_of(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One pattern that matches wherever any of `patterns` does (a quick "none of them" test);
    None when there are none, or when they cannot be joined without changing their meaning."""
    sources = [pattern.pattern for pattern in patterns]
    if not sources or any(_BACKREFERENCE.search(source) for source in sources):
        return None
    try:
        return re.compile("|".join(f"(?:{source})" for source in sources))
    except re.error:
        return None


def _linjer(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    """Check a list of {id, aldersgrupp}; sos_112 must come first."""
    if not isinstance(raw, list) or not raw:
        raise KrisDataError(f"kris.yml: {where}: `linjer` needs a list of lines")
    linjer = []
    for line in raw:
        if (
            not isinstance(line, dict)
            or not isinstance(line.get("id"), str)
            or line.get("aldersgrupp") not in ALDERSGRUPPER
        ):
            raise KrisDataError(f"kris.yml: {where}: each line needs `id` and `aldersgrupp` in {ALDERSGRUPPER}")
        linjer.append((line["id"], line["aldersgrupp"]))
    if linjer[0] != ("sos_112", "alla"):
        raise KrisDataError(f"kris.yml: {where}: the first line must be sos_112 for everyone")
    return tuple(linjer)


def _undantag(raw: Any, makron: Mapping[str, str], where: str) -> tuple[re.Pattern[str], ...]:
    """Compile a list of exclusions."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise KrisDataError(f"kris.yml: {where}: `undantag` must be a list")
    return tuple(_compile(item.get("re"), makron, f"{where} undantag {item.get('id')}") for item in raw)


@lru_cache(maxsize=1)
def _regler() -> _Regler:
    """Load, check and compile kris.yml once, on first use."""
    raw = yaml.safe_load(KRIS_PATH.read_text(encoding="utf-8"))
    stavning = dict(spellings("kris"))
    for key, value in stavning.items():
        if _squeeze_and_fold(key) != key or _squeeze_and_fold(value) != value or not value.strip():
            raise KrisDataError(f"stavningar.yml: {key!r}: {value!r}: write both in normalised form")
    makron = {str(key): str(value) for key, value in (raw.get("makron") or {}).items()}
    seen: set[str] = set()
    kategorier = []
    for spec in raw.get("kategorier") or []:
        kategori_id = spec.get("id")
        monster = []
        for item in spec.get("monster") or []:
            monster_id = item.get("id")
            if not monster_id or monster_id in seen:
                raise KrisDataError(f"kris.yml: {kategori_id}: pattern id {monster_id!r} missing or not unique")
            seen.add(monster_id)
            monster.append((monster_id, _compile(item.get("re"), makron, f"{kategori_id} {monster_id}")))
        if not kategori_id or not monster:
            raise KrisDataError(f"kris.yml: category {kategori_id!r} needs an id and patterns")
        undantag = _undantag(spec.get("undantag"), makron, kategori_id)
        kategorier.append(
            _Kategori(
                id=kategori_id,
                monster=tuple(monster),
                undantag=undantag,
                linjer=_linjer(spec.get("linjer"), kategori_id),
                alla_monster=_any_of(tuple(pattern for _, pattern in monster)),
                alla_undantag=_any_of(undantag),
            )
        )
    if not kategorier:
        raise KrisDataError("kris.yml: no categories")
    undantag = _undantag(raw.get("undantag"), makron, "top level")
    return _Regler(
        stavning=stavning,
        undantag=undantag,
        kategorier=tuple(kategorier),
        reserv_linjer=_linjer(raw.get("reserv_linjer"), "reserv_linjer"),
        alla_undantag=_any_of(undantag),
    )
