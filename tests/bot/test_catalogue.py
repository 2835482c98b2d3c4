"""The catalogue as a whole: complete entries, no invented numbers, aliases that resolve, and the
insats format (bot/data/insats.schema.json) with its messages for editors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from bot import telefon
from bot.catalogue import INSATS_DIR, MESSAGES, SCHEMA_PATH, CatalogueError, load

PHONE = re.compile(r"\b0\d{1,3}[- ]?\d{2,3}[ ]?\d{2}[ ]?\d{2,3}\b|\b\d{3} \d{3}\b")


def test_every_insats_is_complete() -> None:
    for insats in load().insatser:
        assert insats.kort and len(insats.kort) < 400, insats.id
        assert insats.kalla["fil"].endswith(".txt"), insats.id
        if insats.matchable:
            assert insats.villkor[0].get("fact") == "bor_i_stockholm", f"{insats.id}: residence first"


def test_no_phone_number_in_the_catalogue() -> None:
    """Numbers come only from the verified phone data, never from insats texts."""
    for insats in load().insatser:
        text = " ".join([insats.kort, insats.dokumentation or "", str(insats.villkor)])
        assert not PHONE.search(text), insats.id


def test_every_shown_number_is_verified() -> None:
    for line in telefon.linjer():
        if line.nummer:
            assert line.kalla, line.id
    assert telefon.linje("socialjouren").nummer is None  # UNVERIFIED in the facts file


@pytest.mark.parametrize(
    ("name", "insats_id"),
    [
        ("BRA-samtal", "barns-ratt-som-anhoriga"),
        ("BIFF", "barn-i-foraldrars-fokus"),
        ("DISA", "depression-in-swedish-adolescents"),
        ("SST", "skolsociala-team"),
        ("LOSAM", "losam"),
        ("Mina föräldrar är skilda", "stodgrupp-separerade-foraldrar"),
        ("Stödsamtal till anhöriga", "stodsamtal-anhoriga"),
        ("humlan", "humlan"),
    ],
)
def test_short_names_and_003_names_resolve(name: str, insats_id: str) -> None:
    assert [i.id for i in load().find(name)][:1] == [insats_id]


def test_masked_placeholders_say_nothing_about_the_situation() -> None:
    from bot.understanding import understand

    assert understand("[e-post] [telefonnummer] [adress] [personnummer]") == []


# --- The insats format: bot/data/insats.schema.json (docs/regler.md points to it) -------------

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
MODELINE = "# yaml-language-server: $schema=../insats.schema.json"
# Keywords that only annotate or descend into other schemas: they never report an error of their own.
NOT_VALIDATING = {
    "$schema",
    "$id",
    "$ref",
    "title",
    "description",
    "default",
    "examples",
    "definitions",
    "properties",
    "items",
    "allOf",
    "if",
    "then",
    "else",
    "dependencies",
}


def test_the_schema_is_a_draft_7_schema() -> None:
    Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", sorted(INSATS_DIR.glob("*.yml")), ids=lambda path: path.stem)
def test_every_shipped_insats_file_validates_against_the_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(MODELINE + "\n"), f"{path.name}: first line gives editors the schema"
    errors = [error.message for error in Draft7Validator(SCHEMA).iter_errors(yaml.safe_load(text))]
    assert not errors, f"{path.name}: {errors}"


def _keywords(schema: object) -> set[str]:
    """Every keyword that can fail in the schema (not inside `if`, which only chooses)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key not in NOT_VALIDATING:
                found.add(key)
            if key in ("properties", "definitions", "dependencies"):
                for child in value.values():
                    found |= _keywords(child)
            elif key in ("items", "then", "else"):
                found |= _keywords(value)
            elif key in ("allOf", "anyOf", "oneOf"):
                for child in value:
                    found |= _keywords(child)
    return found


def test_every_schema_keyword_has_an_editor_message() -> None:
    assert _keywords(SCHEMA) <= set(MESSAGES), _keywords(SCHEMA) - set(MESSAGES)


def test_every_key_of_the_format_is_described_for_editors() -> None:
    def walk(schema: dict, where: str) -> None:
        for key, child in schema.get("properties", {}).items():
            if isinstance(child, dict):
                assert child.get("description"), f"{where}.{key}"
                walk(child, f"{where}.{key}")

    walk(SCHEMA, "insats")
    walk(SCHEMA["definitions"]["villkor"], "villkor")


BROKEN = """id: {id}
namn: Test
kort: Ett test.
ges_av: socialforvaltningen
kalla: {{fil: 003.txt, avsnitt: Del 2, rubrik: Test}}
villkor:
  - text: Du behöver vara minst 12 år.
    fact: age
    min: 12
"""


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (("namn: Test\n", ""), "namn", "missing"),
        (("ges_av: socialforvaltningen", "ges_av: kommunen"), "ges_av", "'kommunen' must be one of"),
        (("ges_av: socialforvaltningen", "ges_av: stadsdelsforvaltning"), "vand_dig_enligt", "missing"),
        ((", rubrik: Test", ""), "kalla.rubrik", "missing"),
        (("kort: Ett test.", "kort: Ett test.\nvilkor: []"), "vilkor", "unknown key"),
        (("    min: 12", "    min: 12\n    fakta: age"), "villkor[0].fakta", "unknown key"),
        (("    fact: age\n    min: 12", "    all: []"), "villkor[0].all", "must not be empty"),
        (
            ("    fact: age\n    min: 12", "    any:\n      - {fact: alder, min: 1}"),
            "villkor[0].any[0].fact",
            "unknown fact 'alder'",
        ),
        (
            ("    fact: age\n    min: 12", "    any:\n      - {fact: age, min: 1}\n    max: 3"),
            "villkor[0].max",
            "does not belong in a condition with 'any'",
        ),
        (("    min: 12", "    min: 12\n    bekrafta: Du är ung."), "villkor[0]", "has both fact and bekrafta"),
        (("    fact: age\n    min: 12", "    not: {fact: age}"), "villkor[0].not", "needs one of equals"),
        (("    min: 12", "    includes_any: [skulder]"), "villkor[0].includes_any", "needs a set fact"),
        (
            ("    fact: age\n    min: 12", "    fact: egen_situation\n    includes_any: [rymden]"),
            "villkor[0].includes_any",
            "'rymden' is not a value of egen_situation",
        ),
        (
            ("    fact: age\n    min: 12", "    fact: bor_i_stockholm\n    equals: ja"),
            "villkor[0].equals",
            "true or false",
        ),
        (("  - text: Du behöver vara minst 12 år.\n    ", "  - "), "villkor[0].text", "missing"),
        (("villkor:\n", "omfattning: {max_tillfallen: 0}\nvillkor:\n"), "omfattning.max_tillfallen", "at least 1"),
        (("id: trasig", "id: annan"), "id", "must be the file name (trasig)"),
        (("kort: Ett test.", "kort: Ett test.\nparaply: [finns-inte]"), "paraply", "unknown id 'finns-inte'"),
    ],
)
def test_a_broken_insats_file_names_file_insats_and_field(
    tmp_path: Path, change: tuple[str, str], field: str, message: str
) -> None:
    good = BROKEN.format(id="trasig")
    assert change[0] in good
    (tmp_path / "trasig.yml").write_text(good.replace(change[0], change[1], 1), encoding="utf-8")
    load.cache_clear()
    try:
        with pytest.raises(CatalogueError) as error:
            load(str(tmp_path))
    finally:
        load.cache_clear()
    insats = "annan" if field == "id" else "trasig"
    assert str(error.value).startswith(f"trasig.yml: insats '{insats}', {field}: "), str(error.value)
    assert message in str(error.value)


def test_a_file_that_is_not_an_insats_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "lista.yml").write_text("- bara en lista\n", encoding="utf-8")
    load.cache_clear()
    try:
        with pytest.raises(CatalogueError, match=r"^lista\.yml: insats 'lista', file: must be an object"):
            load(str(tmp_path))
    finally:
        load.cache_clear()


def test_the_c_yaml_loader_reads_every_insats_file_as_the_python_one_does() -> None:
    from bot.catalogue import _YAML_LOADER

    for path in sorted(INSATS_DIR.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=_YAML_LOADER) == yaml.safe_load(text), path.name


@pytest.mark.parametrize(
    ("said", "shown", "expected"),
    [
        ("varför kan jag inte gå i icke-våldsgruppen?", [], ["icke-valdsgrupp"]),
        ("varför kan jag inte gå i utvägsgruppen?", [], ["utvags-kvinnogrupp"]),
        ("varför inte hannah och theo", [], ["hannah-och-theo"]),
        ("varför kan jag inte få stödsamtal igen?", ["stodsamtal-barn-12", "lots"], ["stodsamtal-barn-12"]),
        ("varför kan jag inte gå i stödgruppen?", ["stodsamtal-barn-12", "stodgrupp-separerade-foraldrar"],
         ["stodgrupp-separerade-foraldrar"]),
        ("varför kan jag inte gå i stödgruppen?", [], []),  # nothing shown: no guess
        ("varför?", ["lots"], []),
        # a number in the name counts; "samtalen" alone tells no insats from another
        ("hur många gånger kan man träffas i dom samtalen för barn från 12", [], ["stodsamtal-barn-12"]),
        ("varför kan jag inte få samtalen för barn från 12 år?", ["barns-ratt-som-anhoriga"], ["stodsamtal-barn-12"]),
        # words that fit two: the one just shown
        ("hur många gånger får man prata i den för brottsutsatta?",
         ["stodsamtal-unga-brottsutsatta-och-vittnen", "lots"], ["stodsamtal-unga-brottsutsatta-och-vittnen"]),
    ],
)  # fmt: skip
def test_an_insats_referred_to_without_its_exact_name(said: str, shown: list[str], expected: list[str]) -> None:
    catalogue = load()
    found = catalogue.referred_to(said, among=[catalogue.get(i) for i in shown])
    assert [insats.id for insats in found] == expected
