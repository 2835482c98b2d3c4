"""Every insats in the seeds is in the catalogue, and nothing else is.

Reads the city's documents in ../shared/seeds/ (beside the repository). A user's clone has no
such folder: then the test is skipped and says why.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.catalogue import load
from bot.text import fold

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed documents are not here ({SEEDS})")


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_headings() -> dict[str, set[str]]:
    """Heading tails per seed file: the line before each 'Innehåll:' (and before a 'Målgrupp:'
    that follows another Målgrupp with no Innehåll between: 'Utökade stödinsatser på
    akutboende' has none), and the name under 'Insatsens namn' in the detailed seeds."""
    found: dict[str, set[str]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        lines = _lines(path)
        tails: set[str] = set()
        last_marker = None
        for index, line in enumerate(lines):
            if line == "Insatsens namn":
                tails.add(lines[index + 1])
            if line.startswith("Innehåll:"):
                tails.add(lines[index - 1])
                last_marker = "innehall"
            elif line.startswith(("Målgrupp:", "Målgrupper:")):
                if last_marker == "malgrupp" and not lines[index - 1].endswith((".", ":", ",")):
                    tails.add(lines[index - 1])
                last_marker = "malgrupp"
        found[path.name] = tails
    return found


def test_every_seed_heading_is_in_the_catalogue() -> None:
    catalogue = load()
    names_by_file: dict[str, list[str]] = {}
    for insats in catalogue.insatser:
        names_by_file.setdefault(insats.kalla["fil"], []).append(insats.kalla["rubrik"])
        for alias in insats.alias:
            names_by_file.setdefault("003_a244ec672395ad01.txt", []).append(alias)
    missing = []
    for file_name, tails in seed_headings().items():
        headings = [fold(name) for name in names_by_file.get(file_name, [])]
        for tail in tails:
            if not any(heading.endswith(fold(tail)) for heading in headings):
                missing.append(f"{file_name}: {tail}")
    assert not missing, f"seed headings with no catalogue entry: {missing}"


def test_every_catalogue_heading_stands_in_its_seed() -> None:
    for insats in load().insatser:
        text = " ".join((SEEDS / insats.kalla["fil"]).read_text(encoding="utf-8").split())
        assert " ".join(insats.kalla["rubrik"].split()) in text, (insats.id, insats.kalla["rubrik"])
        assert insats.kalla["avsnitt"] in text or insats.kalla["avsnitt"] == "Villkor", insats.id


def test_official_names_are_the_seed_headings() -> None:
    for insats in load().insatser:
        assert fold(insats.namn) == fold(insats.kalla["rubrik"]), insats.id


def test_about_sixty_insatser() -> None:
    assert 55 <= len(load().insatser) <= 70
