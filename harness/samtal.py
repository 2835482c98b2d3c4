"""The simulated user: plays one written conversation (tests/samtal/*.yml) against a running bot.

A scenario says what the person writes first, how they would answer each question the bot may
ask, and what must come out: the insatser that must be offered and those that must not, the
stadsdelsförvaltning (or kommun) that must be named, the numbers that must be given, and what
later questions must be answered with. The simulated user sends the opening messages, answers
every question from the scenario (or says "vet inte" by the skip button when the scenario is
silent), presses "Visa fler" until the list ends, then sends the follow-up messages.

What the bot asked is read from the conversation's `fragat` slot (the fact behind the question
the user sees); what it offered from the contract slot `matches`, collected over every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Replies = list[dict[str, Any]]
MAX_TURNS = 14  # questions, pages and misunderstandings together; a conversation that needs more has looped
SKIP_TEXT = "vet inte"


@dataclass(frozen=True)
class Scenario:
    """One written conversation and what it must end with."""

    id: str
    anvandare: str
    meddelanden: tuple[str, ...]
    svar: Mapping[str, str]
    ska_erbjudas: tuple[str, ...] = ()
    far_inte_erbjudas: tuple[str, ...] = ()
    vart: str | None = None
    nummer: tuple[str, ...] = ()
    efterat: tuple[tuple[str, tuple[str, ...]], ...] = ()
    berattelse: str = ""


@dataclass
class Turn:
    """One message of the user and the bot's replies to it."""

    user: str
    bot: str
    buttons: list[tuple[str, str]]
    asked: str | None
    matches: list[str]


@dataclass
class Outcome:
    """A played conversation: the transcript, what was offered, and every failed expectation."""

    scenario: Scenario
    turns: list[Turn] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)
    questions_before_answer: int = 0
    repeated_question: bool = False
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_scenarios(path: Path) -> list[Scenario]:
    """The conversations of one file, as written (ids must be unique)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    scenarios = []
    for item in raw.get("samtal") or []:
        scenarios.append(
            Scenario(
                id=str(item["id"]),
                anvandare=str(item.get("anvandare", "")),
                meddelanden=tuple(str(m) for m in item.get("meddelanden") or ()),
                svar={str(k): str(v) for k, v in (item.get("svar") or {}).items()},
                ska_erbjudas=tuple(item.get("ska_erbjudas") or ()),
                far_inte_erbjudas=tuple(item.get("far_inte_erbjudas") or ()),
                vart=str(item["vart"]) if item.get("vart") else None,
                nummer=tuple(str(n) for n in item.get("nummer") or ()),
                efterat=tuple(
                    (str(e["meddelande"]), tuple(str(s) for s in e.get("ska_innehalla") or ()))
                    for e in item.get("efterat") or ()
                ),
                berattelse=str(item.get("berattelse", "")).strip(),
            )
        )
    ids = [s.id for s in scenarios]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: conversation ids are not unique")
    return scenarios


def _text(replies: Replies) -> str:
    return "\n".join(str(reply.get("text") or "") for reply in replies)


def _buttons(replies: Replies) -> list[tuple[str, str]]:
    return [(str(b.get("title")), str(b.get("payload"))) for reply in replies for b in reply.get("buttons") or ()]


def _squeezed(text: str) -> str:
    return re.sub(r"(?<=\d)[ \u00a0-](?=\d)", "", text)


# A small number is said as a digit or a word: "Max fem tillfällen" answers "5" as well as "5 gånger".
# (Not 0 and 1: "en"/"ett" are articles in every reply.)
NUMBER_WORDS = (None, None, "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv")


def _said(needle: str, text: str) -> bool:
    """`needle` appears in the text, letter case aside; a phone number also with other spacing
    ("020-50 50 50" = "020505050"), never as part of a longer number; a number from two to
    twelve also as its word ("5" = "fem")."""
    if needle.isdigit() and int(needle) < len(NUMBER_WORDS) and NUMBER_WORDS[int(needle)]:
        word = rf"\b(?:{NUMBER_WORDS[int(needle)]})\b"
        if re.search(word, text, re.IGNORECASE):
            return True
    if re.fullmatch(r"[\d \-]+", needle):
        return re.search(rf"(?<!\d){re.escape(_squeezed(needle))}(?!\d)", _squeezed(text)) is not None
    return needle.casefold() in text.casefold()


def _place_named(vart: str, text: str) -> bool:
    """The place to turn to is named: "<vart>(s) stadsdelsförvaltning", socialförvaltningen, or
    "<vart>(s) kommun" for someone who lives in another kommun."""
    if vart.casefold() == "socialförvaltningen":
        return "socialförvaltningen" in text.casefold()
    pattern = re.escape(vart) + r"s? (?:stadsdelsförvaltning|kommun)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def _insats_key(name: str) -> str:
    """The catalogue's id for an insats named by its official name or a name the seeds also use
    for it ("Mina föräldrar är skilda" is Stödgrupp för barn med separerade föräldrar); the name
    itself when the catalogue does not know it."""
    from bot.catalogue import load

    found = load().find(name)
    exact = [insats for insats in found if name.casefold() in {n.casefold() for n in (insats.namn, *insats.alias)}]
    return exact[0].id if exact else name


def _with_umbrellas(offered: set[str]) -> set[str]:
    """The offered insatser, and an umbrella heading of the seeds (Anhörigstöd: "vägledande och
    rådgivande samtal, stödsamtal samt generella anhöriggrupper") when one of its parts is offered."""
    from bot.catalogue import load

    return offered | {i.id for i in load().insatser if i.paraply and set(i.paraply) & offered}


class Simulator:
    """Plays scenarios against a bot reached through `say` (message -> replies) and `slots`."""

    def __init__(self, say: Callable[[str, str], Replies], slots: Callable[[str], Mapping[str, Any]]) -> None:
        self.say = say
        self.slots = slots

    def _turn(self, sender: str, message: str) -> Turn:
        replies = self.say(sender, message)
        state = self.slots(sender)
        return Turn(
            user=message,
            bot=_text(replies),
            buttons=_buttons(replies),
            asked=state.get("fragat") if not state.get("matches") or "?" in _text(replies) else None,
            matches=list(state.get("matches") or []),
        )

    @staticmethod
    def _record(outcome: Outcome, turn: Turn) -> None:
        """Keep the turn; count questions until the first answer and a question asked twice in a row."""
        previous = outcome.turns[-1] if outcome.turns else None
        answered_before = bool(outcome.offered) or any(t.asked is None and t.matches for t in outcome.turns)
        if turn.asked and not answered_before and not turn.matches:
            outcome.questions_before_answer += 1
        if turn.asked and previous is not None and previous.asked and previous.bot.strip() == turn.bot.strip():
            outcome.repeated_question = True
        outcome.turns.append(turn)
        for name in turn.matches:
            if name not in outcome.offered:
                outcome.offered.append(name)

    def play(self, scenario: Scenario, sender: str) -> Outcome:
        """Play one conversation from its first message to its last follow-up, and judge it."""
        outcome = Outcome(scenario)
        answered: set[str] = set()
        turn: Turn | None = None
        for message in scenario.meddelanden:
            turn = self._turn(sender, message)
            self._record(outcome, turn)
        for _ in range(MAX_TURNS):
            if turn is None:
                break
            show_more = next((payload for title, payload in turn.buttons if title == "Visa fler"), None)
            if show_more:
                turn = self._turn(sender, show_more)
            elif turn.asked and not self._is_answer(turn):
                # A person answers a question once in their own words; asked again, they skip it.
                reply = None if turn.asked in answered else scenario.svar.get(turn.asked)
                answered.add(turn.asked)
                if reply is None:
                    skip = next((p for t, p in turn.buttons if p == "/dont_know"), None)
                    reply = skip or SKIP_TEXT
                turn = self._turn(sender, reply)
            else:
                break
            self._record(outcome, turn)
        all_text = "\n".join(t.bot for t in outcome.turns)
        for user_message, expected in scenario.efterat:
            turn = self._turn(sender, user_message)
            self._record(outcome, turn)
            for needle in expected:
                if not _said(needle, turn.bot):
                    outcome.failures.append(f"efter {user_message!r}: saknar {needle!r}")
        self._judge(outcome, all_text)
        return outcome

    @staticmethod
    def _is_answer(turn: Turn) -> bool:
        return bool(turn.matches) and turn.asked is None

    @staticmethod
    def _judge(outcome: Outcome, all_text: str) -> None:
        scenario = outcome.scenario
        offered = _with_umbrellas({_insats_key(name) for name in outcome.offered})
        for name in scenario.ska_erbjudas:
            if _insats_key(name) not in offered:
                outcome.failures.append(f"erbjöd inte {name!r}")
        for name in scenario.far_inte_erbjudas:
            if _insats_key(name) in offered:
                outcome.failures.append(f"erbjöd {name!r}")
        if scenario.vart and not _place_named(scenario.vart, all_text):
            outcome.failures.append(f"nämnde inte {scenario.vart!r}")
        for number in scenario.nummer:
            if not _said(number, all_text):
                outcome.failures.append(f"gav inte numret {number!r}")
        if outcome.repeated_question:
            outcome.failures.append("samma fråga två gånger i rad")


def transcript(outcome: Outcome) -> str:
    """The conversation as text, for a failure report."""
    lines = [f"[{outcome.scenario.id}] {outcome.scenario.berattelse}"]
    for turn in outcome.turns:
        lines.append(f"  user: {turn.user}")
        lines.append("  bot:  " + turn.bot.replace("\n", "\n        "))
    lines.append(f"  offered: {outcome.offered}")
    lines += [f"  FAIL: {failure}" for failure in outcome.failures]
    return "\n".join(lines)
