"""bot.places.scan: places in free text, with the cue words around them, false friends, links
and places someone else lives in."""

from __future__ import annotations

import pytest

from bot import places
from bot.places import register, scan

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
        # verbs joined by "och" share their subject
        ("Min pappa 79 har demens och bor i Bromma. Jag bor i Flemingsberg.", []),
        ("jag har ont i ryggen och bor i Farsta", ["Farsta"]),
        ("farmor har demens o bor hos oss i kista", ["Kista"]),  # with the user
        ("min mamma dricker och bor i Solna men jag bor i Kista", ["Kista"]),
        # whose home is said after the name
        ("Han blev skjuten i Sundbyberg där han bor. Jag bor i Akalla.", ["Akalla"]),
        ("jag bor i Farsta där min mamma också bor", ["Farsta"]),
        # who gives the support is not a home
        ("Jag själv bor i Nacka. Kan jag få anhörigstöd av Stockholm?", ["Nacka"]),
        # where the user works or goes to school is not their home
        ("Jag bor i Fisksätra men jobbar i Stockholm", []),
        ("men jag går ju i skolan på kungsholmen??", []),
        ("jobbar i stan men bor i Farsta", ["Farsta"]),
        ("jag bor i solna och pluggar på södermalm", ["Solna"]),
    ],
)
def test_a_place_someone_else_lives_in_is_not_the_users(text: str, expected: list[str]) -> None:
    assert [value for _, value, _, _ in places.find_place_mentions(text)] == expected
