"""The baseline (a default `rasa init --no-prompt` bot: DIET, TED, UnexpecTED) and timed training."""

from __future__ import annotations

from pathlib import Path

from bench.load import Flow
from bench.procs import timed

# Moodbot conversations that follow the default bot's own stories (every turn gets a reply).
MOODBOT_FLOWS: list[Flow] = [
    ("happy path", ("hi", "I am great", "bye")),
    ("sad path 1", ("hello", "I am sad", "yes", "goodbye")),
    ("sad path 2", ("hey", "I am very sad", "no", "bye")),
    ("bot challenge", ("hey there", "are you a bot?", "see you later")),
    ("mood unhappy", ("good morning", "my day was horrible", "yes please", "good night")),
    ("perfect", ("hey dude", "perfect", "thanks bye")),
]


def build(folder: Path, log: Path) -> tuple[float, Path]:
    """`rasa init --no-prompt` into `folder` (it trains the default model): (seconds, model)."""
    folder.mkdir(parents=True, exist_ok=True)
    seconds = timed(["init", "--no-prompt", "--init-dir", str(folder)], folder, log)
    (folder / "train_seconds.txt").write_text(f"{seconds:.1f}")
    return seconds, newest_model(folder)


def reuse(folder: Path) -> tuple[float, Path]:
    """An existing `rasa init` folder (BENCH_BASELINE_DIR, for development): (seconds, model)."""
    seconds = folder / "train_seconds.txt"
    return float(seconds.read_text()) if seconds.exists() else float("nan"), newest_model(folder)


def newest_model(folder: Path) -> Path:
    """The most recent model in a Rasa project folder."""
    return max((folder / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)


def train_stodguiden(root: Path, out: Path, log: Path) -> float:
    """Seconds for `rasa train --force` of Stödguiden into `out` (models/ is left alone)."""
    return timed(["train", "--force", "--out", str(out), "--fixed-model-name", "stodguiden"], root, log)
