"""bot.places.register: the förvaltningar and kommuner (bot/data/stadsdelsforvaltningar.yml,
kommuner.yml), their sources and contact details, and the name indexes, loaded lazily."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot import places
from bot.places import names, register

ROOT = Path(__file__).resolve().parents[3]  # the repository
DATA = ROOT / "bot" / "data"
FACTS = ROOT.parent / "shared" / "facts" / "stockholm.md"


def test_every_neighbourhood_of_the_facts_file_is_in_the_data() -> None:
    if not FACTS.exists():
        pytest.skip("shared/facts is not beside the repo")
    table = FACTS.read_text(encoding="utf-8").split("| Förvaltning |", 1)[1].split("Pitfalls", 1)[0]
    names: list[str] = ["Vasastan", "Södra Djurgården", "Spånga"]  # given in parentheses there
    for row in table.splitlines()[2:]:
        if row.startswith("|"):
            cell = re.sub(r"\([^)]*\)", "", row.split("|")[2]).split("Växel")[0]
            for chunk in re.split(r"[,;:]", cell):
                name = chunk.strip().removeprefix("new areas ").strip()
                if name and not name.startswith("common names inside"):
                    names.append(name)
    assert len(names) > 130
    in_data = {places.normalize(name) for item in places.forvaltningar() for name in item.stadsdelar}
    assert [name for name in names if places.normalize(name) not in in_data] == []


# ------------------------------------------------------------------ förvaltningar


def test_eleven_forvaltningar_each_with_a_source() -> None:
    items = places.forvaltningar()
    assert len(items) == 11
    assert len({item.id for item in items}) == 11
    for item in items:
        assert item.kalla.strip(), item.namn
        assert item.id.isascii() and item.id == item.id.lower()
        assert item.fullt_namn.endswith("stadsdelsförvaltning")
        assert item.stadsdelar


def test_only_verified_contact_details() -> None:
    contacts = {item.namn: dict(item.kontakt) for item in places.forvaltningar()}
    assert contacts.pop("Järva") == {"telefon": "08-508 01 000", "epost": "jarva@stockholm.se"}
    assert contacts.pop("Skärholmen") == {"epost": "skarholmen@stockholm.se"}
    assert contacts.pop("Södermalm") == {"epost": "soder@stockholm.se"}
    assert all(not contact for contact in contacts.values())


@pytest.mark.parametrize(
    ("name", "namn"),
    [
        ("Farsta", "Farsta"),
        ("farsta", "Farsta"),
        ("jarva", "Järva"),
        ("Rinkeby-Kista", "Järva"),
        ("Östermalm", "Norra innerstaden"),
        ("Hägersten-Liljeholmen", "Hägersten-Älvsjö"),
        ("Skärholmens stadsdelsförvaltning", "Skärholmen"),
    ],
)
def test_forvaltning_by_name(name: str, namn: str) -> None:
    item = places.forvaltning(name)
    assert item is not None and item.namn == namn


def test_forvaltning_unknown() -> None:
    assert places.forvaltning("Solna") is None
    assert places.forvaltning("") is None


# ------------------------------------------------------------------ kommuner


def test_exactly_290_unique_kommuner_and_codes() -> None:
    raw = yaml.safe_load((DATA / "kommuner.yml").read_text(encoding="utf-8"))
    names = [item["namn"] for item in raw["kommuner"]]
    codes = [item["kod"] for item in raw["kommuner"]]
    assert len(names) == 290 and len(set(names)) == 290
    assert len(codes) == 290 and len(set(codes)) == 290
    assert all(isinstance(code, str) and len(code) == 4 and code.isdigit() for code in codes)
    assert all(item["lan"] in raw["lan"] and item["kod"][:2] == item["lan"] for item in raw["kommuner"])
    assert raw["kalla"].strip()
    assert len(places.kommuner()) == 290


@pytest.mark.parametrize(
    ("kod", "namn"),
    [
        ("0180", "Stockholm"),
        ("0114", "Upplands Väsby"),
        ("0139", "Upplands-Bro"),
        ("2023", "Malung-Sälen"),
        ("1480", "Göteborg"),
        ("1280", "Malmö"),
        ("0184", "Solna"),
        ("2584", "Kiruna"),
        ("0980", "Gotland"),
    ],
)
def test_known_kommunkoder(kod: str, namn: str) -> None:
    assert {item.kod: item.namn for item in places.kommuner()}[kod] == namn


def test_data_files_are_loaded_lazily() -> None:
    code = (
        "from bot.places import cues, register; "
        "assert register._stadsdel_index.cache_info().currsize == 0; "
        "assert register._kommun_index.cache_info().currsize == 0; "
        "assert cues.cues.cache_info().currsize == 0"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_typos_are_looked_for_among_names_of_about_the_same_length() -> None:
    for index in (register._stadsdel_index(), register._kommun_index()):
        for length in range(1, 45):
            long_enough = [key for key in index.names if names._letters(key) >= register.MIN_FUZZY_LETTERS]
            reachable = tuple(key for key in long_enough if abs(len(key) - length) <= 1)
            assert index.near_length.get(length, ()) == reachable
