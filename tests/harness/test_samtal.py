"""The simulated user against a scripted fake bot: what it answers, and how it judges."""

from __future__ import annotations

from typing import Any

import pytest

from harness.samtal import Scenario, Simulator, _said, load_scenarios


class FakeBot:
    """Asks for the age, then the place, then answers with two pages of matches."""

    def __init__(self, repeat_first_question: bool = False) -> None:
        self.slots: dict[str, Any] = {"fragat": None, "matches": []}
        self.heard: list[str] = []
        self.repeat = repeat_first_question

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        self.heard.append(message)
        if message == "varför inte Humlan?":
            return [{"text": "Humlan är för barn 7–17 år."}]
        if message == "/show_more":
            self.slots["matches"] = ["Lots"]
            return [{"text": "Här är fler: Lots. Vänd dig till Farsta stadsdelsförvaltning."}]
        if self.slots["fragat"] is None and not self.slots["matches"]:
            self.slots["fragat"] = "age"
            return [{"text": "Hur gammal är du?", "buttons": [{"title": "Vet inte", "payload": "/dont_know"}]}]
        if self.slots["fragat"] == "age" and not self.repeat:
            self.slots["fragat"] = "kommun"
            return [{"text": "Var bor du?", "buttons": [{"title": "Vet inte / hoppa över", "payload": "/dont_know"}]}]
        if self.slots["fragat"] == "age":
            return [{"text": "Hur gammal är du?"}]
        self.slots.update(fragat=None, matches=["Humlan"])
        return [{"text": "Humlan. Ring 116 111.", "buttons": [{"title": "Visa fler", "payload": "/show_more"}]}]


def play(scenario: Scenario, bot: FakeBot):
    return Simulator(bot.say, lambda sender: bot.slots).play(scenario, "s1")


SCENARIO = Scenario(
    id="t-1",
    anvandare="tonåring",
    meddelanden=("hej",),
    svar={"age": "14"},
    ska_erbjudas=("Humlan", "Lots"),
    far_inte_erbjudas=("Komet",),
    vart="Farsta",
    nummer=("116 111",),
    efterat=(("varför inte Humlan?", ("7",)),),
)


def test_answers_from_the_scenario_skips_the_rest_and_pages_through() -> None:
    bot = FakeBot()
    outcome = play(SCENARIO, bot)
    assert bot.heard == ["hej", "14", "/dont_know", "/show_more", "varför inte Humlan?"]
    assert outcome.offered == ["Humlan", "Lots"]
    assert outcome.questions_before_answer == 2
    assert outcome.passed, outcome.failures


def test_failures_are_named() -> None:
    scenario = Scenario(
        id="t-2", anvandare="vuxen", meddelanden=("hej",), svar={"age": "40"},
        ska_erbjudas=("Komet",), far_inte_erbjudas=("Lots",), vart="Bromma", nummer=("020-50 50 50",),
        efterat=(("varför inte Humlan?", ("18 år",)),),
    )  # fmt: skip
    failures = play(scenario, FakeBot()).failures
    assert "erbjöd inte 'Komet'" in failures
    assert "erbjöd 'Lots'" in failures
    assert "nämnde inte 'Bromma'" in failures
    assert "gav inte numret '020-50 50 50'" in failures
    assert any(f.startswith("efter 'varför inte Humlan?'") for f in failures)


def test_the_same_question_twice_in_a_row_fails_the_conversation() -> None:
    outcome = play(SCENARIO, FakeBot(repeat_first_question=True))
    assert outcome.repeated_question
    assert "samma fråga två gånger i rad" in outcome.failures


def test_the_written_sets_load(tmp_path) -> None:
    path = tmp_path / "set.yml"
    path.write_text(
        "samtal:\n  - id: a-1\n    anvandare: vuxen\n    meddelanden: [hej]\n    svar: {age: 40}\n"
        "    ska_erbjudas: [Lots]\n    vart: Farsta\n"
        "    efterat:\n      - meddelande: vart?\n        ska_innehalla: [Farsta]\n",
        encoding="utf-8",
    )
    (scenario,) = load_scenarios(path)
    assert scenario.svar == {"age": "40"} and scenario.efterat == (("vart?", ("Farsta",)),)


@pytest.mark.parametrize(
    ("needle", "text", "expected"),
    [
        ("5", "Max fem tillfällen.", True),
        ("5", "Högst 5 samtal.", True),
        ("5", "Femton gånger.", False),
        ("6", "de senaste 6 månaderna", True),
        ("1", "en gång i veckan", False),  # "en" is an article too
        ("020-50 50 50", "ring 020505050", True),
        ("112", "ring 1120", False),
    ],
)
def test_a_number_is_said_as_digits_or_as_a_word(needle: str, text: str, expected: bool) -> None:
    assert _said(needle, text) is expected


def test_an_umbrella_heading_counts_as_offered_with_one_of_its_parts() -> None:
    from harness.samtal import _with_umbrellas

    assert "anhorigstod" in _with_umbrellas({"anhoriggrupper", "lots"})
    assert "anhorigstod" not in _with_umbrellas({"lots"})
