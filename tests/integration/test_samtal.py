"""Whole written conversations (tests/samtal/) played over the real servers by the simulated
user, with floors: the pass rate of each part, no question twice in a row, and at most
bot.dialog.MAX_QUESTIONS questions before the first answer.

The floors are the rates last measured (docs/benchmarks.md), so a change that makes the bot
worse for real people fails here; they are raised as the bot gets better, never lowered to
let a change through.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.dialog import MAX_QUESTIONS
from harness.samtal import load_scenarios, transcript
from harness.servers import Bot, running_bot
from harness.spela import play_all, summarise

pytestmark = pytest.mark.servers
SETS = Path(__file__).resolve().parents[1] / "samtal"
# part -> the lowest pass rate accepted
FLOORS = {"utveckling": 0.83, "utveckling2": 0.82, "utveckling3": 0.65, "holdout": 0.50}


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    with running_bot(Path(tmp_path_factory.mktemp("samtal"))) as running:
        yield running


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_conversations_hold(bot: Bot, part: str) -> None:
    outcomes = play_all(bot, load_scenarios(SETS / f"{part}.yml"))
    summary = summarise(outcomes)
    print(summary.line(part))
    assert summary.repeated == 0, "a question came twice in a row"
    assert summary.max_questions <= MAX_QUESTIONS
    if part != "holdout":  # the held-out part's conversations are not printed: nobody tunes on them
        failed = "\n\n".join(transcript(o) for o in outcomes if not o.passed)
        assert summary.rate >= FLOORS[part], failed[:20000]
    else:
        assert summary.rate >= FLOORS[part], summary.line(part)
