"""bot.fragor (and render.about_insatser): questions about the insatser shown, answered from their data."""

from __future__ import annotations

import pytest

from bot import fragor, render
from bot.catalogue import load
from bot.engine import assess


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("hur många gånger träffas man?", "omfattning"),
        ("hur länge håller gruppen på", "omfattning"),  # a question word first, no "?"
        ("hur mycket hjälp kan man få?", "omfattning"),
        ("måste farsan säga ja då?", "samtycke"),
        ("behöver mina föräldrar godkänna det", "samtycke"),
        ("kan jag gå dit utan att mamma vet?", "samtycke"),
        ("pappa får inte veta", None),  # a statement: a fact, not a question
        ("jag har gått i gruppen många gånger", None),
        ("hur gammal måste man vara?", None),  # no topic of ours
        ("vem kan jag ringa i natt om han kommer tillbaka?", "ringa"),
        ("finns det något nummer man kan ringa för anhöriga?", "ringa"),
        ("vart ringer jag om det blir värre", None),  # "ringer jag" alone is no phrase of ours
        ("jag ringde till mamma i natt", None),  # a statement
        ("/inform", None),
        ("", None),
    ],
)
def test_topic(message: str, expected: str | None) -> None:
    assert fragor.topic(message) == expected


def _insats(name: str):  # noqa: ANN202 - a catalogue Insats
    return load().find(name)[0]


def test_consent_age_is_the_insats_own() -> None:
    assert fragor.consent_age(_insats("Stödsamtal för barn från 12 år")) == 15
    assert fragor.consent_age(_insats("Humlan")) is None


@pytest.mark.parametrize(
    ("age", "says", "not_says"),
    [
        (15, "Du är 15 år eller äldre", "116 111"),  # on the boundary: no consent needed
        (14, "under 15 år behöver alla dina vårdnadshavare", "Du är 15"),  # and BRIS as an alternative
    ],
)
def test_consent_answer_on_both_sides_of_the_age(age: int, says: str, not_says: str) -> None:
    insatser = [_insats("Stödsamtal för barn från 12 år"), _insats("Humlan")]
    reply = render.about_insatser("samtycke", insatser, assess({"age": age, "kommun": "Stockholm"}))
    assert says in reply and not_says not in reply
    assert "För Humlan behöver dina vårdnadshavare inte säga ja." in reply
    assert ("116 111" in reply) is (age < 15)


def test_omfattning_answer_names_each_insats_with_its_own_words() -> None:
    insatser = [_insats("Stödsamtal för barn från 12 år"), _insats("Utvägs kvinnogrupp")]
    reply = render.about_insatser("omfattning", insatser, assess({}))
    assert reply.splitlines() == [
        "Stödsamtal för barn från 12 år: Högst 7 samtal.",
        "Utvägs kvinnogrupp: 20–22 träffar på 1 timme och 45 minuter.",
    ]


def test_omfattning_unknown_says_so() -> None:
    without = [i for i in load().matchable if not i.omfattning]
    assert without, "the catalogue has insatser without an omfattning"
    assert render.about_insatser("omfattning", without[:1], assess({})) == render.text("fragor.omfattning_saknas")
