"""Phone lines: the verified numbers the bot may give, with their opening hours.

Data: bot/data/telefon.yml (from the verified table in shared/facts/stockholm.md); nothing is
loaded at import time (the loader is cached with functools.lru_cache). Used by the replies
(bot/render.py), the safety net (rasa_ext/safety_net.py) and the masking of phone numbers
(bot/integritet.py, which leaves the bot's own numbers readable).

Opening hours are in Stockholm time (STOCKHOLM_TZ, the one name of that time zone in the bot).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import yaml

DATA_DIR = Path(__file__).parent / "data"
STOCKHOLM_TZ = ZoneInfo("Europe/Stockholm")
DAYS = ("man", "tis", "ons", "tor", "fre", "lor", "son")
# A line is shown to one age group (`aldersgrupp` in kris.yml and in this module's `i_svaret`),
# chosen by the user's age.
ALDERSGRUPPER = ("alla", "under_18", "fran_18", "fran_65")
ADULT_AGE = 18  # BRIS is for "under 18" (facts: /work/shared/facts/stockholm.md)
OLDER_AGE = 65  # Äldre Direkt is for "Stockholm residents 65+" (facts)
OLDEST_AGE = 130  # anything outside 0..130 is treated as unknown
DAY_TEXT = {"man": "mån", "tis": "tis", "ons": "ons", "tor": "tor", "fre": "fre", "lor": "lör", "son": "sön"}

_NUMBER = re.compile(r"^[0-9][0-9 \-]*$")


@dataclass(frozen=True)
class Oppettid:
    """One opening period on some weekdays, Stockholm time (till is exclusive)."""

    dagar: tuple[str, ...]
    fran: time
    till: time


@dataclass(frozen=True)
class Linje:
    """A phone line from the verified facts; nummer is None when it must not be given."""

    id: str
    namn: str
    nummer: str | None
    for_vem: str
    oppet: Literal["dygnet_runt", "okant"] | tuple[Oppettid, ...]
    extra: str | None
    kalla: str

    @property
    def oppet_text(self) -> str | None:
        """Opening hours in Swedish ("dygnet runt", "mån, tis 10–15"), None when unknown."""
        if self.oppet == "okant":
            return None
        if self.oppet == "dygnet_runt":
            return "dygnet runt"
        parts = []
        for period in self.oppet:
            days = ", ".join(DAY_TEXT[day] for day in period.dagar)
            parts.append(f"{days} {_hour(period.fran)}–{_hour(period.till)}")
        return "; ".join(parts)


def _hour(value: time) -> str:
    return f"{value.hour}" if value.minute == 0 else f"{value.hour}.{value.minute:02d}"


def _parse_time(value: Any) -> time:
    hours, minutes = str(value).split(":")
    return time(int(hours), int(minutes))


def _parse_oppet(line_id: str, raw: Any) -> Literal["dygnet_runt", "okant"] | tuple[Oppettid, ...]:
    if raw in ("dygnet_runt", "okant"):
        return raw
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"telefon.yml: {line_id}: oppet must be dygnet_runt, okant or a list of periods")
    periods = []
    for period in raw:
        days = tuple(period["dagar"])
        if not days or not set(days) <= set(DAYS):
            raise ValueError(f"telefon.yml: {line_id}: unknown day in {days}")
        periods.append(Oppettid(days, _parse_time(period["fran"]), _parse_time(period["till"])))
    return tuple(periods)


@lru_cache(maxsize=1)
def _linjer() -> dict[str, Linje]:
    table: dict[str, Linje] = {}
    raw = yaml.safe_load((DATA_DIR / "telefon.yml").read_text(encoding="utf-8"))
    for item in raw["linjer"]:
        nummer = item.get("nummer")
        if nummer is not None and not _NUMBER.match(str(nummer)):
            raise ValueError(f"telefon.yml: {item['id']}: {nummer!r} is not a phone number")
        if item["id"] in table or not item.get("kalla"):
            raise ValueError(f"telefon.yml: {item['id']} is repeated or has no kalla")
        table[item["id"]] = Linje(
            id=item["id"],
            namn=item["namn"],
            nummer=None if nummer is None else str(nummer),
            for_vem=item.get("for_vem") or "",
            oppet=_parse_oppet(item["id"], item.get("oppet")),
            extra=item.get("extra"),
            kalla=item["kalla"],
        )
    return table


def linjer() -> list[Linje]:
    """Every line in telefon.yml, in the file's order (some have nummer None)."""
    return list(_linjer().values())


def linje(id: str) -> Linje:
    """The line with this id (KeyError for an unknown id: that is a bug in the caller)."""
    return _linjer()[id]


def is_open(linje: Linje, when: datetime) -> bool | None:
    """Whether the line answers at `when` (Stockholm time; a naive datetime is taken as
    Stockholm time). None when its hours are unknown."""
    if linje.oppet == "okant":
        return None
    if linje.oppet == "dygnet_runt":
        return True
    local = when.replace(tzinfo=STOCKHOLM_TZ) if when.tzinfo is None else when.astimezone(STOCKHOLM_TZ)
    day, yesterday, now = DAYS[local.weekday()], DAYS[(local.weekday() - 1) % 7], local.time()
    for period in linje.oppet:
        if period.fran < period.till:
            if day in period.dagar and period.fran <= now < period.till:
                return True
        elif (day in period.dagar and now >= period.fran) or (yesterday in period.dagar and now < period.till):
            return True  # a period that runs past midnight
    return False


def known_age(age: object) -> int | None:
    """An age the line choice can trust, or None (unknown) for anything odd."""
    if isinstance(age, bool):
        return None
    if isinstance(age, float) and age.is_integer():
        age = int(age)
    if isinstance(age, str) and age.strip().isdigit():
        age = int(age.strip())
    if isinstance(age, int) and 0 <= age <= OLDEST_AGE:
        return age
    return None


def shown_to(aldersgrupp: str, age: int | None) -> bool:
    """Whether a line for `aldersgrupp` is shown to someone of `age`; an unknown age shows every line."""
    if age is None or aldersgrupp == "alla":
        return True
    if aldersgrupp == "fran_65":
        return age >= OLDER_AGE
    return age < ADULT_AGE if aldersgrupp == "under_18" else age >= ADULT_AGE


@dataclass(frozen=True)
class SvarsLinje:
    """A line an answer gives when a fact has one of some values (telefon.yml `i_svaret`)."""

    fact: str
    values: frozenset[str]
    id: str
    aldersgrupp: str
    inte_kon: str | None


@lru_cache(maxsize=2)
def _rules(section: str) -> tuple[SvarsLinje, ...]:
    """The rules of one section of telefon.yml (`i_svaret`, `pa_fragan`)."""
    raw = yaml.safe_load((DATA_DIR / "telefon.yml").read_text(encoding="utf-8"))
    rules = []
    for item in raw.get(section) or ():
        ((fact, values),) = item["om"].items()
        for line in item["linjer"]:
            if line["id"] not in _linjer() or line["aldersgrupp"] not in ALDERSGRUPPER:
                raise ValueError(f"telefon.yml {section}: unknown line or aldersgrupp in {line}")
            rules.append(SvarsLinje(fact, frozenset(values), line["id"], line["aldersgrupp"], line.get("inte_kon")))
    return tuple(rules)


def linjer_i_svaret(facts: Mapping[str, Any]) -> list[str]:
    """The ids of the lines an answer gives for these facts (telefon.yml `i_svaret`), in order.

    Only lines with a verified number; an unknown age shows both the line for under 18 and the
    one from 18, as the crisis answer does.
    """
    return _lines(_rules("i_svaret"), facts)


def linjer_pa_fragan(facts: Mapping[str, Any]) -> list[str]:
    """The ids of the lines for this person when they ask whom they can call ("finns det nåt
    nummer för anhöriga?"): those of an answer, then those of telefon.yml `pa_fragan`."""
    return list(dict.fromkeys(_lines(_rules("i_svaret") + _rules("pa_fragan"), facts)))


def _lines(rules: tuple[SvarsLinje, ...], facts: Mapping[str, Any]) -> list[str]:
    """The ids of the lines whose rule these facts meet, in the rules' order, each once."""
    age = known_age(facts.get("age"))
    found: list[str] = []
    for rule in rules:
        told = facts.get(rule.fact)
        if told is None:
            continue  # a no ("false") is a value too: "pappa får inte veta"
        if not rule.values & set(told if isinstance(told, (list, tuple, set, frozenset)) else [told]):
            continue
        if not shown_to(rule.aldersgrupp, age):
            continue
        if rule.inte_kon is not None and facts.get("kon") == rule.inte_kon:
            continue
        if rule.id not in found and linje(rule.id).nummer:
            found.append(rule.id)
    return found
