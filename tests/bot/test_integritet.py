"""bot.integritet: what is masked, what is left alone, and properties on any input."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import telefon
from bot.integritet import ADRESS, EPOST, PERSONNUMMER, TELEFON, mask, mask_payload

P, T, E, A = PERSONNUMMER, TELEFON, EPOST, ADRESS

MASKED = [
    # personnummer and samordningsnummer
    ("mitt personnummer är 19900101-1234", f"mitt personnummer är {P}"),
    ("pnr 900101-1234", f"pnr {P}"),
    ("jag är född 080315-1234 typ", f"jag är född {P} typ"),
    ("200803151234", P),
    ("20080315-1234", P),
    ("090315+1234", P),
    ("Personnr: 9001011234.", f"Personnr: {P}."),
    ("samordningsnummer 900161-1234", f"samordningsnummer {P}"),
    ("19900161-1238 är mitt samordningsnr", f"{P} är mitt samordningsnr"),
    ("hon heter Sara och har 071231–4567", f"hon heter Sara och har {P}"),
    ("100101 1234", P),
    ("mitt nr är(20101010-1234)", f"mitt nr är({P})"),
    # phone numbers
    ("ring mig på 070-123 45 67", f"ring mig på {T}"),
    ("0701234567", T),
    ("0731234567 är mitt nummer", f"{T} är mitt nummer"),
    ("+46 70 123 45 67", T),
    ("+46701234567", T),
    ("0046 70 123 45 67", T),
    ("0046701234567", T),
    ("+46 (0)70-123 45 67", T),
    ("+46 8 123 456 78", T),
    ("08-123 456 78", T),
    ("08123456", T),
    ("08-12 34 56", T),
    ("(08) 123 45 67", T),
    ("031-123 45 67 till mamma", f"{T} till mamma"),
    ("0123-456 78", T),
    ("076 - 123 45 67", T),
    ("sms:a 072 123 45 67 ikväll", f"sms:a {T} ikväll"),
    ("pappas nummer +47 912 34 567", f"pappas nummer {T}"),
    # e-mail
    ("mejla kalle.anka@gmail.com", f"mejla {E}"),
    ("min mail: Sara_2009@hotmail.se!", f"min mail: {E}!"),
    ("kalle(at)hotmail.se", E),
    ("skriv till elev.namn@edu.stockholm.se", f"skriv till {E}"),
    ("anna-karin+bris@outlook.com och sen", f"{E} och sen"),
    ("kalle @ gmail.com", E),
    # street addresses and postcodes
    ("jag bor på Hornsgatan 12", f"jag bor på {A}"),
    ("hornsgatan 12B lgh 1102", A),
    ("Götgatan 3 A", A),
    ("Drottning Kristinas väg 5, 114 28 Stockholm", f"{A} Stockholm"),
    ("S:t Eriksgatan 45 2 tr", A),
    ("Sankt Göransgatan 7", A),
    ("Sergels torg 12", A),
    ("Medborgarplatsen 3", A),
    ("bor på Gamla Huddingevägen 10 vån 3", f"bor på {A}"),
    ("Mariatorget 1, 118 48", A),
    ("pappa bor på Ringvägen 100 i Hägersten", f"pappa bor på {A} i Hägersten"),
    ("Hej Valhallavägen 55 lgh 1203, 114 27 Stockholm", f"Hej {A} Stockholm"),
    ("Birger Jarls torg 5", A),
    ("Farstaliden 8", A),
    ("Hökarängsplan 2", A),
    ("Klockstapelsbacken 4", A),
    ("Bandhagsslingan 12", A),
    ("Skarpnäcks allé 3", A),
    ("postnummer 12345", f"postnummer {A}"),
    ("postnr: 123 45", f"postnr: {A}"),
    ("124 56 Bandhagen", f"{A} Bandhagen"),
    ("124 56 bandhagen", f"{A} bandhagen"),
    ("12345 Stockholm", f"{A} Stockholm"),
    # several kinds at once
    (
        "jag heter inget men 19900101-1234, 070-123 45 67, a@b.se, Storgatan 1",
        f"jag heter inget men {P}, {T}, {E}, {A}",
    ),
]

UNCHANGED = [
    # ages
    "jag är 14",
    "jag är 14 år",
    "14 år gammal",
    "min bror är 9 och syrran 17",
    "en 15-åring",
    # dates, times, years
    "12/3",
    "den 12/3 kl 14",
    "2024-05-01",
    "01-03-2024",
    "1.3.2024",
    "den 3 maj",
    "kl 15.30",
    "kl 08-10",
    "mellan 08.00 och 16.30",
    "2023",
    "sedan 2019 har det varit så",
    "1990-2024",
    "20240501",
    # the bot's own numbers, as the bot writes them
    "ring 112",
    "116 111",
    "BRIS 116 111",
    "90101",
    "020-50 50 50",
    "0200-239 500",
    "08-508 00 508",
    "08-80 65 65",
    "1177",
    "114 14",
    "ring 1177 eller 112",
    # insatser, counts, money
    "10 stödsamtal",
    "max 15 tillfällen",
    "3 gånger i veckan",
    "5000 kr",
    "12000 kr",
    "20 000 kronor",
    "200:- i månaden",
    "Medborgarplatsen 2 gånger",
    "på torget 2 gånger",
    "jag har en plan 2",
    "plan B",
    "våning 3",
    "lgh 1102",
    # places without a house number
    "jag bor i Farsta",
    "Hökarängen",
    "jag bor på Hornsgatan",
    "jag bor i Hässelby strand",
    "Hässelby strand 14 år",
    "vi bodde på Telefonplan förut",
    "Sergels torg",
    "Skärholmen, Stockholm",
    # other look-alikes
    "klass 9B",
    "0 5 10 15",
    "1 2 3 4 5 6 7 8 9 10",
    "99%",
    "ca 50 st",
    "@kompis på insta",
    "hej@",
    "a@b",
    "jag mår 10/10 dåligt",
    "typ 3-4 ggr",
    "",
    "   ",
    "😀🙏",
]


def test_tables_are_big_enough() -> None:
    assert len(MASKED) >= 40
    assert len(UNCHANGED) >= 40


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_masks(text: str, expected: str) -> None:
    assert mask(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_leaves_alone(text: str) -> None:
    assert mask(text) == text


def test_every_service_number_in_telefon_yml_is_kept() -> None:
    numbers = [line.nummer for line in telefon.linjer() if line.nummer]
    assert numbers, "telefon.yml has numbers"
    for number in numbers:
        assert mask(number) == number
        assert mask(f"Ring {number} om du vill prata.") == f"Ring {number} om du vill prata."


def test_service_numbers_in_international_form_are_kept() -> None:
    assert mask("+46 8 508 00 508") == "+46 8 508 00 508"


def test_mask_payload_masks_every_string() -> None:
    payload = {
        "slots": {"kontakt": "070-123 45 67", "alder": 14, "ok": True, "none": None},
        "entities": [{"entity": "pnr", "value": "19900101-1234", "start": 0, "end": 13}],
        "pnr_som_tal": 199001011234,
        "tupel": ("a@b.se", 2.5),
    }
    assert mask_payload(payload) == {
        "slots": {"kontakt": T, "alder": 14, "ok": True, "none": None},
        "entities": [{"entity": "pnr", "value": P, "start": 0, "end": 13}],
        "pnr_som_tal": P,
        "tupel": (E, 2.5),
    }
    assert payload["slots"]["kontakt"] == "070-123 45 67", "the input is not changed"


def test_mask_payload_survives_deep_and_odd_input() -> None:
    deep: list = []
    node = deep
    for _ in range(5000):
        node.append([])
        node = node[0]
    assert isinstance(mask_payload(deep), list)
    assert mask_payload(object) is object


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1" * 100_000,
        "0701234567 " * 9_000,
        "19900101-1234 " * 7_000,
        ("a" * 63 + "@") * 1_500,
        "Hornsgatan 1 " * 8_000,
        "\x00\x1f\x7f\u200b\ud800\U0001f600" * 15_000,
    ],
)
def test_huge_and_odd_input(text: str) -> None:
    result = mask(text)
    assert isinstance(result, str)
    assert mask(result) == result


def test_non_string_input_does_not_raise() -> None:
    assert mask(None) == "None"  # type: ignore[arg-type]
    assert mask(199001011234) == P  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- properties

# A personnummer as the property checks it: 10 or 12 digits standing alone, a plausible date
# (day 61-91 for samordningsnummer), optionally "-", "+" or a space before the last four.
PNR = re.compile(
    r"(?<!\d)(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
    r"[ \-+\u2010-\u2013]?\d{4}(?!\d)"
)

pieces = st.sampled_from(
    [
        *"19900101-1234 900101-1234 200803151234 0701234567 a@b.se kalle(at)x.com lgh 1102 112 1177".split(),
        *["070-123 45 67", "+46 70 123 45 67", "08-123 456 78", "Hornsgatan 12", "Sergels torg 5", "124 56 Farsta"],
        *["116 111", "08-508 00 508", "020-50 50 50", "14 år", "2024-05-01", "kl 15.30", "5000 kr"],
        *" -+@.,()[]\n019",
    ]
)
text_like = st.lists(st.one_of(pieces, st.text(max_size=6)), max_size=12).map("".join)
digits_like = st.text(alphabet="0123456789 -+()@.aZ", max_size=40)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), text_like, digits_like))
def test_properties(text: str) -> None:
    once = mask(text)
    assert isinstance(once, str)
    assert mask(once) == once, "idempotent"
    assert not PNR.search(once), "no personnummer survives"


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=20,
    )
)
def test_mask_payload_never_raises(obj: object) -> None:
    masked = mask_payload(obj)
    assert mask_payload(masked) == masked
