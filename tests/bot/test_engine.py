"""The engine: three-valued logic, statuses, next question, bad facts, catalogue validation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.catalogue import CatalogueError, load
from bot.engine import Status, assess, evaluate, unknown_facts
from bot.facts import clean_facts
from bot.places import derive_facts


@pytest.mark.parametrize(
    ("node", "facts", "expected"),
    [
        ({"fact": "age", "min": 12}, {"age": 12}, True),
        ({"fact": "age", "min": 12}, {"age": 11}, False),
        ({"fact": "age", "min": 12}, {}, None),
        ({"all": [{"fact": "age", "min": 12}, {"fact": "har_barn", "equals": True}]}, {"age": 11}, False),
        ({"all": [{"fact": "age", "min": 12}, {"fact": "har_barn", "equals": True}]}, {"age": 12}, None),
        ({"any": [{"fact": "age", "min": 15}, {"fact": "har_barn", "equals": True}]}, {"age": 16}, True),
        ({"any": [{"fact": "age", "min": 15}, {"fact": "har_barn", "equals": True}]}, {"age": 14}, None),
        (
            {"any": [{"fact": "age", "min": 15}, {"fact": "har_barn", "equals": True}]},
            {"age": 14, "har_barn": False},
            False,
        ),
        ({"not": {"fact": "har_barn", "equals": True}}, {}, None),
        ({"not": {"fact": "har_barn", "equals": True}}, {"har_barn": False}, True),
        ({"fact": "egen_situation", "includes_any": ["skulder"]}, {"egen_situation": {"skulder", "ensamhet"}}, True),
        ({"fact": "egen_situation", "includes_any": ["skulder"]}, {"egen_situation": {"ensamhet"}}, False),
        ({"fact": "relation", "in": ["foralder", "styvforalder"]}, {"relation": "syskon"}, False),
        ({"bekrafta": "Du går på samarbetssamtal."}, {}, None),
    ],
)
def test_kleene_logic(node, facts, expected) -> None:
    assert evaluate(node, facts) is expected


AGE_AND_CHILD = {"all": [{"fact": "age", "min": 12}, {"fact": "har_barn", "equals": True}]}
AGE_OR_CHILD = {"any": [{"fact": "age", "min": 15}, {"fact": "har_barn", "equals": True}]}


@pytest.mark.parametrize(
    ("node", "facts", "expected"),
    [
        ({"fact": "age", "min": 12}, {}, {"age"}),
        ({"fact": "age", "min": 12}, {"age": 11}, set()),
        (AGE_AND_CHILD, {}, {"age", "har_barn"}),
        (AGE_AND_CHILD, {"age": 12}, {"har_barn"}),
        (AGE_AND_CHILD, {"age": 11}, set()),  # already no: nothing missing
        (AGE_OR_CHILD, {"age": 14}, {"har_barn"}),
        (AGE_OR_CHILD, {"age": 16}, set()),
        ({"not": {"fact": "har_barn", "equals": True}}, {}, {"har_barn"}),
        ({"all": [{"fact": "age", "min": 12}, {"bekrafta": "Du vill själv."}]}, {"age": 13}, {"!confirm"}),
        ({"all": [{"fact": "age", "min": 12}, {"bekrafta": "Du vill själv."}]}, {}, {"age", "!confirm"}),
    ],
)
def test_unknown_facts_name_what_keeps_a_condition_open(node, facts, expected) -> None:
    assert unknown_facts(node, facts) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"age": -3}, "age"),
        ({"age": "abc"}, "age"),
        ({"age": 300}, "age"),
        ({"age": True}, "age"),
        ({"relation": "rymdvarelse"}, "relation"),
        ({"narstaende_situation": ["okand_kategori"]}, "narstaende_situation"),
        ({"favoritfarg": "blå"}, "favoritfarg"),
        ({"relation": {"x": 1}}, "relation"),  # what a malformed payload can bring
        ({"relation": []}, "relation"),
        ({"narstaende_situation": [["skadligt_bruk"]]}, "narstaende_situation"),
        ({"narstaende_situation": {"skadligt_bruk": 1}}, "narstaende_situation"),
    ],
)
def test_bad_facts_are_reported_and_treated_as_unknown(raw, problem) -> None:
    assessment = assess(raw)
    assert problem in assessment.problems
    assert problem not in assessment.facts
    assert assessment.results  # still a full answer, never a crash


@pytest.mark.parametrize("raw", [None, {}, [], "text", 42, {"age": None}])
def test_malformed_facts_never_crash(raw) -> None:
    assessment = assess(raw)
    assert all(result.status is not Status.ELIGIBLE or not result.missing for result in assessment.results)


def test_unknown_kommun_counts_as_unknown_residence() -> None:
    assessment = assess({"age": 14, "kommun": "Atlantis"})
    assert "bor_i_stockholm" not in assessment.facts
    assert assessment.result_for("stodsamtal-barn-12").status is Status.POSSIBLY


def test_another_kommun_excludes_everything() -> None:
    assessment = assess({"age": 14, "kommun": "Solna"})
    assert not assessment.with_status(Status.ELIGIBLE)
    assert not assessment.with_status(Status.POSSIBLY)
    assert assessment.next_question() is None


def test_reasons_are_swedish_sentences() -> None:
    result = assess({"age": 11, "kommun": "Stockholm"}).result_for("stodsamtal-barn-12")
    assert result.status is Status.NOT
    assert result.reasons == ("Samtalen är för dig som är mellan 12 och 17 år.",)


def test_conditions_to_confirm_for_a_fourteen_year_old() -> None:
    result = assess({"age": 14, "stadsdel": "Hökarängen"}).result_for("stodsamtal-barn-12")
    assert result.status is Status.ELIGIBLE
    assert any("vårdnadshavare" in text for text in result.confirm)
    assert any("folkbokförd" in text for text in result.confirm)


def test_next_question_asks_what_decides_most() -> None:
    assert assess({}).next_question() in ("age", "kommun")
    assert assess({"age": 14}).next_question() == "kommun"
    # Nothing left to decide for someone in another kommun: stop asking.
    assert assess({"age": 40, "kommun": "Huddinge"}).next_question() is None


def test_next_question_skips_what_the_user_would_not_answer() -> None:
    assert assess({"age": 14}).next_question(skip=["kommun"]) != "kommun"


def test_a_parent_worried_about_their_child_counts_as_a_parent() -> None:
    assert assess({"relation": "barn"}).facts["har_barn"] is True


def _write(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.yml").write_text(text, encoding="utf-8")


GOOD = """id: {id}
namn: Test
kort: Ett test.
ges_av: socialforvaltningen
kalla: {{fil: 003.txt, avsnitt: Del 2, rubrik: Test}}
villkor:
  - text: Du behöver vara minst 12 år.
    {cond}
"""


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ("fact: alder\n    min: 12", "villkor[0].fact: unknown fact 'alder'"),
        ("fact: age\n    min: tolv", "villkor[0].min: must be an integer"),
        ("fact: relation\n    equals: rymdvarelse", "villkor[0].equals: 'rymdvarelse' is not a value of relation"),
        ("fact: age", "villkor[0]: needs one of"),
    ],
)
def test_broken_catalogue_entries_name_file_insats_and_field(tmp_path: Path, cond: str, message: str) -> None:
    _write(tmp_path, "trasig", GOOD.format(id="trasig", cond=cond))
    load.cache_clear()
    try:
        with pytest.raises(CatalogueError) as error:
            load(str(tmp_path))
    finally:
        load.cache_clear()
    assert "trasig.yml" in str(error.value) and "insats 'trasig'" in str(error.value)
    assert message in str(error.value)


def test_missing_text_on_top_level_condition_is_an_error(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "utantext",
        GOOD.format(id="utantext", cond="fact: age\n    min: 12").replace(
            "  - text: Du behöver vara minst 12 år.\n    ", "  - "
        ),
    )
    load.cache_clear()
    try:
        with pytest.raises(CatalogueError, match="text"):
            load(str(tmp_path))
    finally:
        load.cache_clear()


def test_a_result_stays_frozen() -> None:
    result = assess({"age": 14, "kommun": "Stockholm"}).result_for("stodsamtal-barn-12")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.status = Status.NOT  # type: ignore[misc]
    assert dataclasses.replace(result) == result


def test_a_shared_condition_keeps_each_insats_own_text(tmp_path: Path) -> None:
    # Both insatser test the same thing (judged once per set of facts), each in its own words.
    _write(tmp_path, "forsta", GOOD.format(id="forsta", cond="fact: age\n    min: 12"))
    _write(
        tmp_path,
        "andra",
        GOOD.format(id="andra", cond="fact: age\n    min: 12").replace("vara minst 12 år", "ha fyllt 12"),
    )
    load.cache_clear()
    try:
        catalogue = load(str(tmp_path))
    finally:
        load.cache_clear()
    young = assess({"age": 11}, catalogue)
    assert young.result_for("forsta").reasons == ("Du behöver vara minst 12 år.",)
    assert young.result_for("andra").reasons == ("Du behöver ha fyllt 12.",)
    older = assess({"age": 12}, catalogue)
    assert older.result_for("andra").met == ("Du behöver ha fyllt 12.",)
    assert assess({}, catalogue).result_for("forsta").missing == ("age",)


@pytest.mark.parametrize(
    "raw",
    [
        {"kommun": "Stockholm"},
        {"kommun": "Solna", "stadsdel": "Farsta"},
        {"stadsdel": "Svedmyra"},
        {"kommun": "Farsta"},
        {"stadsdel": "Hökarängen", "forvaltning": "Annan förvaltning"},
        {"kommun": "Solna", "bor_i_stockholm": True},
        {"kommun": "Atlantis", "stadsdel": "Enskededalen"},
    ],
)
def test_derived_places_match_places_derive_facts(raw) -> None:
    facts = assess(raw).facts
    expected = derive_facts(clean_facts(raw)[0])
    assert {name: facts.get(name) for name in ("bor_i_stockholm", "forvaltning")} == {
        name: expected.get(name) for name in ("bor_i_stockholm", "forvaltning")
    }


def test_a_situation_met_by_what_the_bot_can_check_makes_an_insats_relevant() -> None:
    # Utvägs kvinnogrupp: violence (checked) from a partner (only the user can confirm it)
    facts = {"age": 34, "stadsdel": "Rågsved", "egen_situation": ["utsatt_for_vald"]}
    result = assess(facts).result_for("utvags-kvinnogrupp")
    assert result.relevance > 0 and result.status is Status.POSSIBLY and "kon" in result.missing
    assert assess({**facts, "egen_situation": ["skulder"]}).result_for("utvags-kvinnogrupp").relevance == 0


DISA = "depression-in-swedish-adolescents"


@pytest.mark.parametrize(
    ("insats", "facts", "kon", "expected"),
    [
        (DISA, {"age": 15, "egen_situation": ["psykisk_ohalsa"]}, "kvinna", Status.ELIGIBLE),
        (DISA, {"age": 15, "egen_situation": ["psykisk_ohalsa"]}, "man", Status.NOT),
        (DISA, {"age": 15, "egen_situation": ["psykisk_ohalsa"]}, "annat", Status.NOT),
        (DISA, {"age": 15, "egen_situation": ["psykisk_ohalsa"]}, None, Status.POSSIBLY),
        ("icke-valdsgrupp", {"age": 41, "egen_situation": ["utovar_vald"]}, "man", Status.ELIGIBLE),
        ("icke-valdsgrupp", {"age": 31, "egen_situation": ["utovar_vald"]}, "kvinna", Status.NOT),
        ("utvags-kvinnogrupp", {"age": 30, "egen_situation": ["utsatt_for_vald"]}, "man", Status.NOT),
    ],
)
def test_groups_for_one_gender_ask_it_and_follow_the_answer(
    insats: str, facts: dict, kon: str | None, expected: Status
) -> None:
    told = {"stadsdel": "Farsta", "efterfragar_sjalv": True, **facts, **({"kon": kon} if kon else {})}
    assert assess(told).result_for(insats).status is expected
