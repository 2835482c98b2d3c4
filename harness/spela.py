"""Play a set of written conversations against the real servers and report.

    .venv/bin/python -m harness.spela tests/samtal/utveckling.yml [--only ID ...] [--out FILE]

Starts an action server and a Rasa server with the trained model (as the tests do), plays every
conversation over REST with the simulated user (harness.samtal), prints the pass rate and the
number of questions before the first answer, and writes each failed conversation's transcript to
--out (default results/samtal-<set>.txt). Exit status 0 whatever the rate: floors live in tests.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from harness.samtal import Outcome, Scenario, Simulator, load_scenarios, transcript


@dataclass(frozen=True)
class Summary:
    """What a set of played conversations came to."""

    total: int
    passed: int
    median_questions: float
    max_questions: int
    repeated: int

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name}: {self.passed}/{self.total} right ({self.rate:.1%}); questions before the first answer "
            f"median {self.median_questions:g}, max {self.max_questions}; same question twice in a row: {self.repeated}"
        )


def summarise(outcomes: list[Outcome]) -> Summary:
    questions = [o.questions_before_answer for o in outcomes] or [0]
    return Summary(
        total=len(outcomes),
        passed=sum(o.passed for o in outcomes),
        median_questions=statistics.median(questions),
        max_questions=max(questions),
        repeated=sum(o.repeated_question for o in outcomes),
    )


_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def sender_id(scenario: Scenario) -> str:
    """A fresh sender id for one conversation, without digits: the channel pseudonymises an id that
    looks like personal data ("dev-015-830436" could be a phone number), and the simulated user
    reads the conversation back from Rasa's HTTP API under the id it sent."""
    return f"samtal-{scenario.id}-{uuid.uuid4().hex[:8]}".translate(_LETTERS)


def play_all(bot: object, scenarios: Iterable[Scenario]) -> list[Outcome]:
    """Each conversation under a fresh sender id, one after another."""
    simulator = Simulator(bot.say, lambda sender: bot.tracker(sender)["slots"])  # type: ignore[attr-defined]
    return [simulator.play(s, sender_id(s)) for s in scenarios]


def main() -> None:
    from harness.servers import running_bot

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, running_bot(Path(folder)) as bot:
        for path in args.sets:
            scenarios = [s for s in load_scenarios(path) if args.only is None or s.id in args.only]
            outcomes = play_all(bot, scenarios)
            out = args.out or Path("results") / f"samtal-{path.stem}.txt"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text("\n\n".join(transcript(o) for o in outcomes if not o.passed) + "\n", encoding="utf-8")
            print(summarise(outcomes).line(path.stem), f"(failures in {out})")


if __name__ == "__main__":
    main()
