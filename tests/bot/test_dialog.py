"""bot.dialog: what the conversation does next, on tables of situations."""

from __future__ import annotations

import pytest

from bot.dialog import (
    MAX_QUESTIONS,
    Update,
    crisis_age,
    kris_roll,
    lost_results,
    missed,
    next_step,
    open_questions,
    read_answer,
    situation_choices,
)
from bot.engine import assess


@pytest.mark.parametrize(
    ("update", "expecting", "intent", "expected"),
    [
        (Update(facts={}), "egen_situation", "inform", True),  # nothing usable
        (Update(facts={"age": 16}, changed=["age"]), "kommun", "inform", False),  # an answer to another question
        (Update(facts={}), "foraldrar_separerade", "deny", False),  # a no is an answer
        (Update(facts={}), "age", "affirm", False),
        (Update(facts={}, skipped=["age"]), "age", "dont_know", False),
        (Update(facts={}), None, "inform", False),  # nothing was asked
    ],
)
def test_a_miss_is_an_answer_with_nothing_usable(
    update: Update, expecting: str | None, intent: str, expected: bool
) -> None:
    assert missed(update, expecting, intent) is expected


@pytest.mark.parametrize(
    ("text", "expecting", "expected"),
    [
        ("16", "kommun", [("age", 16)]),  # "16" at "Var bor du?" is an age
        ("farsta", "age", [("stadsdel", "Farsta")]),
        ("14", "age", [("age", 14)]),
        ("nej", "kommun", []),  # a bare no answers no yes/no question it was not asked
    ],
)
def test_an_answer_is_read_as_the_open_question_it_answers(text: str, expecting: str, expected: list) -> None:
    assert read_answer(text, expecting, open_questions({})) == expected


def test_open_questions_leave_out_what_is_known_or_skipped() -> None:
    found = open_questions({"age": 14, "egen_situation": []}, skipped=["kommun"])
    assert "age" not in found and "kommun" not in found and "egen_situation" in found


def test_situation_choices_are_values_that_decide_open_insatser() -> None:
    teen = assess({"age": 15, "kommun": "Stockholm", "relation": "foralder"})
    choices = situation_choices(teen, "narstaende_situation")
    assert 0 < len(choices) <= 8 and {"psykisk_sjukdom", "skadligt_bruk"} <= set(choices)


@pytest.mark.parametrize(
    ("facts", "expected"), [({"age": 14}, 14), ({"age": 300}, None), ({}, None), ({"age": True}, None)]
)
def test_crisis_age_is_a_plausible_age_or_unknown(facts: dict, expected: int | None) -> None:
    assert crisis_age(facts) == expected


def test_someone_who_used_violence_is_the_utovare_role() -> None:
    assert kris_roll({"egen_situation": ["utovar_vald"]}) == "utovare"
    assert kris_roll({"egen_situation": ["utsatt_for_vald"]}) is None


def test_at_most_max_questions_before_the_answer() -> None:
    assert next_step({"age": 14}, asked=MAX_QUESTIONS).ask is None


def test_a_result_ruled_out_by_a_told_fact_names_that_fact() -> None:
    facts = {"age": 13, "kommun": "Stockholm", "vardnadshavare_samtycke": False}
    lost = lost_results(facts, ["vardnadshavare_samtycke"], ["Stödsamtal för barn från 12 år"], assess(facts))
    assert [(r.insats.id, culprits) for r, culprits in lost] == [("stodsamtal-barn-12", ["vardnadshavare_samtycke"])]
    assert lost_results(facts, [], ["Stödsamtal för barn från 12 år"], assess(facts)) == []  # told nothing new


@pytest.mark.parametrize(
    ("together_with", "expected"),
    [("partner", [("egen_situation", "relationsproblem")]), ("barn", [("egen_situation", "konflikt_med_barnet")]),
     (None, [])],
)  # fmt: skip
def test_we_in_an_answer_is_the_user_and_the_person_told_of_before(together_with: str | None, expected: list) -> None:
    found = read_answer("vi bråkar hela tiden", "egen_situation", [], together_with=together_with)
    assert sorted(set(found)) == expected


def test_gender_is_asked_only_when_a_group_for_one_gender_fits_the_story() -> None:
    from bot.dialog import next_step

    assert next_step({"age": 15, "stadsdel": "Farsta", "egen_situation": ["psykisk_ohalsa"]}).ask == "kon"
    assert next_step({"age": 15, "stadsdel": "Farsta", "egen_situation": ["skulder"]}).ask != "kon"
    assert next_step({"age": 45, "stadsdel": "Farsta", "egen_situation": ["skulder"]}).ask != "kon"


@pytest.mark.parametrize(
    ("facts", "skipped", "expected"),
    [
        ({"age": 40, "kommun": "Stockholm", "egen_situation": ["skulder"]}, [], "stadsdel"),
        ({"age": 40, "kommun": "Stockholm", "egen_situation": ["skulder"]}, ["stadsdel"], None),
        ({"age": 40, "stadsdel": "Farsta", "egen_situation": ["skulder"]}, [], None),
        ({"age": 40, "kommun": "Solna", "egen_situation": ["skulder"]}, [], None),
    ],
)
def test_the_stadsdel_is_asked_last_when_the_answer_could_not_name_where_to_turn(
    facts: dict, skipped: list, expected: str | None
) -> None:
    from bot.dialog import next_step

    assert next_step(facts, skipped).ask == expected


@pytest.mark.parametrize(
    ("entities", "kommun", "stadsdel"),
    [
        # "Sundbyberg... nej förresten, jag flyttade till Solhem": the place told last holds
        ([("kommun", "Sundbyberg"), ("stadsdel", "Solhem")], "Stockholm", "Solhem"),
        # "bor i Farsta, men egentligen Solna": the kommun told last
        ([("stadsdel", "Farsta"), ("kommun", "Solna")], "Solna", None),
        ([("stadsdel", "Farsta")], "Stockholm", "Farsta"),
        ([("kommun", "Huddinge")], "Huddinge", None),
    ],
)
def test_places_in_one_message_the_last_told_holds(entities: list, kommun: str, stadsdel: str | None) -> None:
    from bot.dialog import merge

    facts = merge({}, entities).facts
    assert facts.get("kommun") == kommun and facts.get("stadsdel") == stadsdel
