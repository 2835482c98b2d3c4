"""Places: stadsdelar and their pitfalls, kommuner, free-text mentions and derived facts
(bot/places/, bot/data/kommuner.yml, stadsdelsforvaltningar.yml, platsord.yml). The phone lines
are tested in tests/test_telefon.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot import places
from bot.places import PlaceMatch, cues, names, register, scan

DATA = Path(__file__).resolve().parents[1] / "bot" / "data"
FACTS = Path(__file__).resolve().parents[2] / "shared" / "facts" / "stockholm.md"


# ------------------------------------------------------------------ normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hökarängen", "hokarangen"),
        ("  ÅRSTA ", "arsta"),
        ("Enskede-Årsta-Vantör", "enskede arsta vantor"),
        ("Upplands_Bro", "upplands bro"),
        ("Café  Ängby!", "cafe angby"),
        ("(Farsta)?", "farsta"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert places.normalize(text) == expected


# ------------------------------------------------------------------ stadsdelar


@pytest.mark.parametrize(
    ("text", "value", "forvaltning"),
    [
        # accents and case
        ("hokarangen", "Hökarängen", "Farsta"),
        ("HÖKARÄNGEN", "Hökarängen", "Farsta"),
        ("bagarmossen", "Bagarmossen", "Skarpnäck"),
        ("aspudden", "Aspudden", "Hägersten-Älvsjö"),
        ("Vasastan", "Vasastan", "Norra innerstaden"),
        ("Vasastaden", "Vasastaden", "Norra innerstaden"),
        ("Hornstull", "Hornstull", "Södermalm"),
        ("Spånga", "Spånga", "Järva"),
        ("Hammarbyhöjden", "Hammarbyhöjden", "Skarpnäck"),  # postort Johanneshov, still Skarpnäck
        ("Hammarby sjöstad", "Hammarby sjöstad", "Södermalm"),
        ("Söder", "Södermalm", "Södermalm"),
        ("Gamla stan", "Gamla stan", "Södermalm"),
        ("Farsta strand", "Farsta strand", "Farsta"),
        ("Hässelby strand", "Hässelby strand", "Hässelby-Vällingby"),
        ("Bredäng", "Bredäng", "Skärholmen"),
        ("Vårberg", "Vårberg", "Skärholmen"),
        # pitfalls from the facts file
        ("Enskededalen", "Enskededalen", "Skarpnäck"),
        ("Gamla Enskede", "Gamla Enskede", "Enskede-Årsta-Vantör"),
        ("Örby", "Örby", "Enskede-Årsta-Vantör"),
        ("Orby", "Örby", "Enskede-Årsta-Vantör"),
        ("Örby slott", "Örby slott", "Hägersten-Älvsjö"),
        # a förvaltning name that is also a stadsdel maps to that förvaltning
        ("Farsta", "Farsta", "Farsta"),
        ("Skarpnäck", "Skarpnäck", "Skarpnäck"),
        ("Skärholmen", "Skärholmen", "Skärholmen"),
        ("Bromma", "Bromma", "Bromma"),
        ("Kungsholmen", "Kungsholmen", "Kungsholmen"),
        ("Södermalm", "Södermalm", "Södermalm"),
        ("Hägersten", "Hägersten", "Hägersten-Älvsjö"),
        ("Älvsjö", "Älvsjö", "Hägersten-Älvsjö"),
        ("Järva", "Järva", "Järva"),
        ("Enskede-Årsta-Vantör", "Enskede-Årsta-Vantör", "Enskede-Årsta-Vantör"),
        ("Norra innerstaden", "Norra innerstaden", "Norra innerstaden"),
        ("Farsta stadsdelsförvaltning", "Farsta", "Farsta"),
        ("Skärholmens stadsdelsförvaltning", "Skärholmen", "Skärholmen"),
        # former förvaltningar
        ("Rinkeby-Kista", "Rinkeby-Kista", "Järva"),
        ("Spånga-Tensta", "Spånga-Tensta", "Järva"),
        ("Norrmalm", "Norrmalm", "Norra innerstaden"),
        ("Östermalm", "Östermalm", "Norra innerstaden"),
        ("Hägersten-Liljeholmen", "Hägersten-Liljeholmen", "Hägersten-Älvsjö"),
        # one typo in names of 6+ letters
        ("Hökarängn", "Hökarängen", "Farsta"),
        ("Bagarmosen", "Bagarmossen", "Skarpnäck"),
        ("Aspuden", "Aspudden", "Hägersten-Älvsjö"),
        ("Midsomarkransen", "Midsommarkransen", "Hägersten-Älvsjö"),
        ("Tallkorgen", "Tallkrogen", "Farsta"),  # swapped letters
        # wrapped in words the user adds
        ("i Farsta", "Farsta", "Farsta"),
        ("jag bor i Hökarängen", "Hökarängen", "Farsta"),
        ("Farsta, Stockholm", "Farsta", "Farsta"),
    ],
)
def test_find_stadsdel_found(text: str, value: str, forvaltning: str) -> None:
    assert places.find_stadsdel(text) == PlaceMatch("found", value, forvaltning, ())


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("Svedmyra", ("Farsta", "Enskede-Årsta-Vantör")),  # split between two förvaltningar
        ("svedmyra", ("Farsta", "Enskede-Årsta-Vantör")),
        ("Enskede", ("Gamla Enskede", "Enskede gård", "Enskedefältet", "Enskededalen")),
        ("Hammarby", ("Hammarby sjöstad", "Hammarbyhöjden")),
    ],
)
def test_find_stadsdel_ambiguous(text: str, candidates: tuple[str, ...]) -> None:
    match = places.find_stadsdel(text)
    assert match.status == "ambiguous"
    assert match.forvaltning is None
    assert set(match.candidates) == set(candidates)


def test_svedmyra_keeps_its_name_but_not_a_forvaltning() -> None:
    assert places.find_stadsdel("Svedmyra").value == "Svedmyra"


@pytest.mark.parametrize(
    "text", ["", "   ", "Atlantis", "Solna", "Huddinge", "Stockholm", "xyz", "Farst", "Kärrtorpet stan"]
)
def test_find_stadsdel_unknown(text: str) -> None:
    assert places.find_stadsdel(text) == PlaceMatch("unknown", None, None, ())


def test_short_names_get_no_typo_tolerance() -> None:
    assert places.find_stadsdel("Kistu").status == "unknown"  # 5 letters: only exact
    assert places.find_stadsdel("Husbu").status == "unknown"


def test_a_kommun_name_is_never_a_typo_for_a_stadsdel() -> None:
    # Alvesta (kommun) is one letter from Kälvesta (stadsdel): neither is a typo of the other.
    assert places.find_stadsdel("Alvesta").status == "unknown"
    assert places.find_kommun("Kälvesta").status == "unknown"


def test_every_stadsdel_in_the_data_is_found_in_its_forvaltning() -> None:
    for item in places.forvaltningar():
        for name in item.stadsdelar:
            if name == "Svedmyra":
                continue  # split: reported as ambiguous
            match = places.find_stadsdel(name)
            assert (match.status, match.forvaltning) == ("found", item.namn), name


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


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Stockholm", "Stockholm"),
        ("stockholm", "Stockholm"),
        ("Sthlm", "Stockholm"),
        ("stockholms stad", "Stockholm"),
        ("Stockholms kommun", "Stockholm"),
        ("Göteborgs stad", "Göteborg"),
        ("Gbg", "Göteborg"),
        ("goteborg", "Göteborg"),
        ("Malmö stad", "Malmö"),
        ("Upplands Väsby", "Upplands Väsby"),
        ("upplands-vasby", "Upplands Väsby"),
        ("Upplands Bro", "Upplands-Bro"),
        ("malung salen", "Malung-Sälen"),
        ("Solna", "Solna"),
        ("Solnas", "Solna"),
        ("Salems kommun", "Salem"),
        ("Huddinge kommun", "Huddinge"),
        ("i Nacka", "Nacka"),
        ("jag bor i Sundbyberg", "Sundbyberg"),
        ("Habo", "Habo"),  # Habo and Håbo fold alike: the exact spelling decides
        ("Håbo", "Håbo"),
        ("Varberg", "Varberg"),
        ("Gotlands län", "Gotland"),  # the only kommun of its län
        # one typo in names of 6+ letters
        ("Huddnge", "Huddinge"),
        ("Sundbybreg", "Sundbyberg"),
        ("Upsala", "Uppsala"),
        ("Stokholm", "Stockholm"),
    ],
)
def test_find_kommun_found(text: str, value: str) -> None:
    assert places.find_kommun(text) == PlaceMatch("found", value, None, ())


def test_stockholms_lan_is_not_stockholms_stad() -> None:
    match = places.find_kommun("Stockholms län")
    assert match.status == "ambiguous"
    assert match.value is None
    assert len(match.candidates) == 26
    assert {"Stockholm", "Solna", "Huddinge", "Nacka", "Danderyd"} <= set(match.candidates)
    assert places.is_stockholms_stad("Stockholms län") is None


@pytest.mark.parametrize(
    ("text", "candidates"),
    [("Lindköping", {"Linköping", "Lidköping"}), ("Avestaa", None)],
)
def test_find_kommun_equally_close_typos_are_ambiguous(text: str, candidates: set[str] | None) -> None:
    match = places.find_kommun(text)
    if candidates is None:
        assert match == PlaceMatch("found", "Avesta", None, ())
    else:
        assert match.status == "ambiguous" and set(match.candidates) == candidates


@pytest.mark.parametrize("text", ["", "Atlantis", "Farsta", "Vårberg", "Ale beer", "Stockholmsxyz", "Sol", "Kopng"])
def test_find_kommun_unknown(text: str) -> None:
    assert places.find_kommun(text).status == "unknown"


@pytest.mark.parametrize(
    ("kommun", "expected"),
    [
        ("Stockholm", True),
        ("sthlm", True),
        ("Stockholms stad", True),
        ("Solna", False),
        ("Göteborg", False),
        ("Farsta", True),
        ("Svedmyra", True),
        ("Atlantis", None),
        ("", None),
        (None, None),
    ],
)
def test_is_stockholms_stad(kommun: str | None, expected: bool | None) -> None:
    assert places.is_stockholms_stad(kommun) is expected


# ------------------------------------------------------------------ free text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jag är 14 och bor i Farsta", [("stadsdel", "Farsta", "Farsta")]),
        ("bor i solna", [("kommun", "Solna", "solna")]),
        ("Jag bor i Farsta strand", [("stadsdel", "Farsta strand", "Farsta strand")]),
        ("vi bor i hokarangen", [("stadsdel", "Hökarängen", "hokarangen")]),
        ("jag bor i Hökarängn", [("stadsdel", "Hökarängen", "Hökarängn")]),  # typo after "bor i"
        ("Jag bor i Stockholm, på Söder", [("kommun", "Stockholm", "Stockholm"), ("stadsdel", "Södermalm", "Söder")]),
        ("jag bor i Upplands-Bro", [("kommun", "Upplands-Bro", "Upplands-Bro")]),
        ("jag bor i sthlm", [("kommun", "Stockholm", "sthlm")]),
        ("jag bor i Stockholms stad", [("kommun", "Stockholm", "Stockholms stad")]),
        ("Solnas socialtjänst", [("kommun", "Solna", "Solnas")]),
        ("jag bor i Mora", [("kommun", "Mora", "Mora")]),
        ("jag flyttade till Vara", [("kommun", "Vara", "Vara")]),
        ("jag bor nära Mora", [("kommun", "Mora", "Mora")]),  # capital inside a sentence
        ("vi bor i Ale kommun", [("kommun", "Ale", "Ale")]),
        ("Boden", [("kommun", "Boden", "Boden")]),  # the whole answer
        ("jag bor i Maria", [("stadsdel", "Maria", "Maria")]),
        ("jag bodde i Sofia förut", [("stadsdel", "Sofia", "Sofia")]),
        ("jag bor i Kista", [("stadsdel", "Kista", "Kista")]),
        ("min syster Sofia bor i Bagarmossen", [("stadsdel", "Bagarmossen", "Bagarmossen")]),
        ("jag bor i Alvik", [("stadsdel", "Alvik", "Alvik")]),
        ("jag bor i Vårberg", [("stadsdel", "Vårberg", "Vårberg")]),
        ("jag bor i Varberg", [("kommun", "Varberg", "Varberg")]),
        ("jag bor i Örby slott", [("stadsdel", "Örby slott", "Örby slott")]),
        ("jag bor i Enskede-Årsta-Vantör", [("stadsdel", "Enskede-Årsta-Vantör", "Enskede-Årsta-Vantör")]),
        # ambiguous between areas, but surely in Stockholms stad
        ("jag bor i Enskede", [("kommun", "Stockholm", "Enskede")]),
        ("jag bor i Svedmyra", [("stadsdel", "Svedmyra", "Svedmyra")]),
        ("Jag bor i Stockholms län", []),  # a län is not a kommun
        ("skriv till jarva@stockholm.se", []),  # an e-mail address is not a place
    ],
)
def test_find_place_mentions(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = places.find_place_mentions(text)
    assert [(kind, value, text[start:end]) for kind, value, start, end in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        "det kan vara så",
        "jag vill vara med",
        "Vara snäll mot dig själv",
        "jag köpte en ale",
        "hon heter Maria",
        "min syster Sofia",
        "jag är kär i Sofia",
        "Katarina är min mamma",
        "Nora är min kompis",
        "mitt ex Mark",
        "jag gick på en mora",
        "Mora är fint",  # sentence start is no proof of a name
        "Boden är full",
        "det ligger en kista i källaren",
        "jag håller på Hammarby",
        "jag håller på Djurgården",
        "söder om stan",
    ],
)
def test_false_friends_are_not_places(text: str) -> None:
    assert places.find_place_mentions(text) == []


def test_mentions_are_longest_first_and_never_overlap() -> None:
    text = "vi bor i Farsta strand nära Farsta"
    found = places.find_place_mentions(text)
    assert [text[start:end] for _, _, start, end in found] == ["Farsta strand", "Farsta"]
    spans = [(start, end) for _, _, start, end in found]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))


def test_mentions_tolerate_junk() -> None:
    assert places.find_place_mentions("") == []
    assert places.find_place_mentions("!!! ???") == []
    assert places.find_place_mentions(None) == []  # type: ignore[arg-type]


# ------------------------------------------------------------------ derive_facts


@pytest.mark.parametrize(
    ("facts", "added"),
    [
        ({"kommun": "Stockholm"}, {"bor_i_stockholm": True}),
        ({"kommun": "sthlm"}, {"bor_i_stockholm": True}),
        ({"kommun": "Solna"}, {"bor_i_stockholm": False}),
        ({"kommun": "Atlantis"}, {}),
        ({"kommun": "Stockholms län"}, {}),
        ({"stadsdel": "Bagarmossen"}, {"bor_i_stockholm": True, "forvaltning": "Skarpnäck"}),
        ({"stadsdel": "hokarangen"}, {"bor_i_stockholm": True, "forvaltning": "Farsta"}),
        ({"stadsdel": "Järva"}, {"bor_i_stockholm": True, "forvaltning": "Järva"}),
        ({"stadsdel": "Rinkeby-Kista"}, {"bor_i_stockholm": True, "forvaltning": "Järva"}),
        ({"stadsdel": "Svedmyra"}, {"bor_i_stockholm": True}),  # the förvaltning must be asked
        ({"stadsdel": "Atlantis"}, {}),
        ({"kommun": "Farsta"}, {"bor_i_stockholm": True, "forvaltning": "Farsta"}),
        ({"kommun": "Stockholm", "stadsdel": "Aspudden"}, {"bor_i_stockholm": True, "forvaltning": "Hägersten-Älvsjö"}),
        ({"kommun": "Solna", "stadsdel": "Farsta"}, {"bor_i_stockholm": False}),  # the kommun answer wins
        ({"kommun": None, "stadsdel": "Kista"}, {"bor_i_stockholm": True, "forvaltning": "Järva"}),
        ({}, {}),
    ],
)
def test_derive_facts(facts: dict[str, object], added: dict[str, object]) -> None:
    result = places.derive_facts(facts)
    assert result == {**facts, **added}
    assert result is not facts


def test_derive_facts_never_overwrites() -> None:
    facts = {"stadsdel": "Farsta", "bor_i_stockholm": False, "forvaltning": "Bromma"}
    assert places.derive_facts(facts) == facts


def test_data_files_are_loaded_lazily() -> None:
    code = (
        "from bot.places import cues, register; "
        "assert register._stadsdel_index.cache_info().currsize == 0; "
        "assert register._kommun_index.cache_info().currsize == 0; "
        "assert cues.cues.cache_info().currsize == 0"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


def test_scan_looks_ahead_only_as_far_as_a_name_can_reach() -> None:
    # _scan stops growing a key that no name starts with: the same mentions as trying every length
    indexes = (register._stadsdel_index(), register._kommun_index())
    names = [target.loose for index in indexes for targets in index.names.values() for target in targets]
    texts = [f"vi bor nära {name} och {name.title()}s skola, {name} kommun" for name in names]
    texts += [f"jag bor i {name[:-1]} strand" for name in names]  # typos after a cue
    texts += ["hejar på Hammarby IF i Farsta strand", "Örby slott och Upplands Bro"]
    quick = [places.find_place_mentions(text) for text in texts]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scan, "_may_name", lambda key, names: True)
        assert [places.find_place_mentions(text) for text in texts] == quick


def test_typos_are_looked_for_among_names_of_about_the_same_length() -> None:
    for index in (register._stadsdel_index(), register._kommun_index()):
        for length in range(1, 45):
            long_enough = [key for key in index.names if names._letters(key) >= register.MIN_FUZZY_LETTERS]
            reachable = tuple(key for key in long_enough if abs(len(key) - length) <= 1)
            assert index.near_length.get(length, ()) == reachable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mejla anna@farsta.se eller WWW.Solna.se, jag bor i Farsta", [("stadsdel", "Farsta", "Farsta")]),
        ("läs https://solna.se/stod innan, bor i Nacka", [("kommun", "Nacka", "Nacka")]),
        ("jag bor i Farsta " + "och så vidare " * 200, [("stadsdel", "Farsta", "Farsta")]),
    ],
)
def test_links_are_skipped_in_long_and_short_texts(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = places.find_place_mentions(text)
    assert [(kind, value, text[start:end]) for kind, value, start, end in found] == expected


# ------------------------------------------------------------------ cue words (platsord.yml)


def test_cue_words_are_read_normalised_from_the_data() -> None:
    words = cues.cues()
    assert {"bor", "folkbokford"} <= words.strong_verbs
    assert words.weak_cues == {"i", "pa", "fran", "till"}
    assert ("haller", "pa") in words.not_place
    assert words.prefixes[0] == "jag bor i " and "pa " in words.prefixes
    assert words.suffixes["stadsdel"][-2:] == (" i stockholm", " stockholm")  # the longer first
    assert " kommun" in words.suffixes["kommun"] and "stadsdelsforvaltning" in words.followers["stadsdel"]


@pytest.mark.parametrize(
    ("section", "entries", "message"),
    [
        ("svaga_cuer", ["i", "bor i"], "must be one word"),
        ("inte_plats", ["håller"], "must be two words"),
        ("inledningar", ["i", "!"], "an empty entry"),
    ],
)
def test_cue_words_that_could_never_match_stop_loading(section: str, entries: list[str], message: str) -> None:
    raw = yaml.safe_load((DATA / "platsord.yml").read_text(encoding="utf-8"))
    raw[section] = entries
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cues, "_read", lambda name: raw)
        cues.cues.cache_clear()
        with pytest.raises(ValueError, match=message):
            cues.cues()
    cues.cues.cache_clear()


# Whose place it is: a place where someone else lives does not answer "Var bor du?".
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Min mamma är 84 och bor i Solna. Jag bor själv i Alvik", ["Alvik"]),
        ("pappa bor i nacka men jag bor hos mamma i högdalen", ["Högdalen"]),
        ("Han bor i Huddinge, jag i Farsta strand.", ["Farsta strand"]),
        ("min bror bor i Huddinge och jag i Bagarmossen", ["Bagarmossen"]),
        ("min man bor i Solna, jag bor i Farsta", ["Farsta"]),
        ("jag och mamma bor i Rinkeby", ["Rinkeby"]),
        ("om man e 12 och bor i rinkeby", ["Rinkeby"]),
        ("jag är 14 och bor i Farsta", ["Farsta"]),
        ("bor i solna", ["Solna"]),
        ("Farsta", ["Farsta"]),
        ("min pappa är 79 och bor ensam i Högdalen", []),
        ("hon bor i Solna", []),
    ],
)
def test_a_place_someone_else_lives_in_is_not_the_users(text: str, expected: list[str]) -> None:
    assert [value for _, value, _, _ in places.find_place_mentions(text)] == expected
