"""Quality figures: NLU on the held-out set, crisis detection, engine speed and end-to-end cases."""

from __future__ import annotations

import functools
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bench.procs import timed

AVERAGES = ("accuracy", "macro avg", "weighted avg", "micro avg")


def _examples(path: Path) -> list[Any]:
    """The intent examples (Rasa messages) of a Rasa NLU file or folder."""
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(str(path)).intent_examples


def _texts(messages: list[Any]) -> set[str]:
    """The messages' texts, entity markup removed, lowercased."""
    return {str(m.get("text")).strip().lower() for m in messages}


@functools.lru_cache(maxsize=1)
def _training_texts(folder: Path) -> frozenset[str]:
    """The training data's texts, read once for every test set."""
    return frozenset(_texts(_examples(folder)))


def _prf(true_positives: int, predicted: int, gold: int) -> dict[str, float]:
    precision = true_positives / predicted if predicted else 1.0
    recall = true_positives / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1-score": f1, "support": gold}


def facts_per_message(messages: list[Any]) -> dict[str, Any]:
    """Entity figures on facts, not spans: per message, the annotated (entity, value) pairs against
    those bot.understanding finds, for the entity types the file annotates. The bot acts on these
    values; Rasa's token-level figures also count where a span starts and ends."""
    from bot.catalogue import load as catalogue
    from bot.understanding import understand

    def value(entity: str, raw: object) -> str:
        """An insats by its id (annotations write "BRA-samtal", the bot the official name)."""
        hits = catalogue().find(str(raw)) if entity == "insats" else []
        return hits[0].id if len(hits) == 1 else str(raw)

    gold = [{(str(e["entity"]), value(e["entity"], e["value"])) for e in m.get("entities") or []} for m in messages]
    types = {entity for pairs in gold for entity, _ in pairs}
    found = [{(f.entity, value(f.entity, f.value)) for f in understand(str(m.get("text")))} for m in messages]
    found = [{pair for pair in pairs if pair[0] in types} for pairs in found]
    per_type = {}
    for name in sorted(types):
        g = [{p for p in pairs if p[0] == name} for pairs in gold]
        f = [{p for p in pairs if p[0] == name} for pairs in found]
        per_type[name] = _prf(sum(len(a & b) for a, b in zip(g, f, strict=True)), sum(map(len, f)), sum(map(len, g)))
    micro = _prf(sum(len(a & b) for a, b in zip(gold, found, strict=True)), sum(map(len, found)), sum(map(len, gold)))
    return {"micro": micro, "per_type": per_type}


def nlu(root: Path, model: Path, out: Path, test_file: str = "tests/nlu/test_nlu.yml",
        show_errors: bool = True) -> dict[str, Any]:
    """`rasa test nlu` on a test file; intent and entity figures from its reports.

    `show_errors=False` keeps the misclassified sentences out of the report (the blind set: once
    they are published, someone will tune against them). `in_training`: how many test messages
    also occur word for word in data/nlu (short common ones such as "hej" and "tack")."""
    out.mkdir(parents=True, exist_ok=True)
    timed(["test", "nlu", "--model", str(model), "--nlu", test_file, "--out", str(out)], root,
          out / "rasa-test-nlu.log")
    intents = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    errors = json.loads((out / "intent_errors.json").read_text(encoding="utf-8"))
    entities = json.loads((out / "StodguidenTolkare_report.json").read_text(encoding="utf-8"))
    confusions = Counter((e["intent"], e["intent_prediction"]["name"]) for e in errors)
    messages = _examples(root / test_file)
    return {
        "file": test_file,
        "accuracy": intents["accuracy"],
        "macro_f1": intents["macro avg"]["f1-score"],
        "examples": intents["macro avg"]["support"],
        "per_intent": {k: v["f1-score"] for k, v in intents.items() if k not in AVERAGES},
        "confusions": confusions.most_common(8),
        "error_examples": [(e["text"], e["intent"], e["intent_prediction"]["name"]) for e in errors[:8]]
        if show_errors else [],
        "in_training": len(_texts(messages) & _training_texts(root / "data" / "nlu")),
        "entities": {k: v for k, v in entities.items() if isinstance(v, dict) and k not in AVERAGES},
        "entity_micro": entities["micro avg"],
        "entity_macro": entities["macro avg"],
        "facts": facts_per_message(messages),
    }


def _crisis_lines(path: Path) -> list[str]:
    messages = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.strip().startswith("#"):
            messages.append(line.split("\t", 1)[1] if "\t" in line else line)
    return messages


def crisis(data: Path) -> dict[str, Any]:
    """bot.kris.detect over the positive and negative crisis messages."""
    from bot import kris

    positives, negatives = _crisis_lines(data / "kris_positiva.txt"), _crisis_lines(data / "kris_negativa.txt")
    missed = [text for text in positives if kris.detect(text) is None]
    alarms = [text for text in negatives if kris.detect(text) is not None]
    return {
        "positives": len(positives), "negatives": len(negatives), "missed": missed, "false_alarms": alarms,
        "catch_rate": 1 - len(missed) / len(positives), "false_alarm_rate": len(alarms) / len(negatives),
    }


def e2e_cases(path: Path) -> list[dict[str, Any]]:
    """The end-to-end cases of tests/data/e2e_cases.yml."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


def _timings(call: Callable[[], object], runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[int(0.95 * runs) - 1], "max_ms": times[-1]}


def engine_speed(cases: list[dict[str, Any]], runs: int) -> dict[str, Any]:
    """Wall time (ms) of bot.engine.assess over the cases' facts, catalogue loaded: `cached` as the bot
    calls it (results are cached per set of facts) and `evaluated` with the catalogue passed explicitly,
    which bypasses that cache, so every rule is evaluated (what a new set of facts costs)."""
    from bot.catalogue import load
    from bot.engine import assess

    facts, catalogue = [case["facts"] for case in cases], load()
    for item in facts:
        assess(item), assess(item, catalogue)
    turn = iter(range(10**9))
    return {"runs": runs, "insatser": len(assess({}).results),
            "cached": _timings(lambda: assess(facts[next(turn) % len(facts)]), runs),
            "evaluated": _timings(lambda: assess(facts[next(turn) % len(facts)], catalogue), runs)}


def e2e(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """How many end-to-end cases the engine gets fully right (every insats's result as the case says),
    checked as tests/bot/test_e2e_cases.py checks them (harness.cases)."""
    from harness.cases import parse_case, wrong

    failures = []
    for case in cases:
        found = sorted(wrong(parse_case(case)))
        if found:
            failures.append((case["situation"], found))
    return {"cases": len(cases), "correct": len(cases) - len(failures), "failures": failures,
            "groups": Counter(case["group"] for case in cases)}


def conversations(root: Path, folder: Path) -> dict[str, Any]:
    """The written conversations (tests/samtal/) played over the real servers by the simulated user:
    for each part, the pass rate and the questions before the first answer (median, max)."""
    from harness.samtal import load_scenarios
    from harness.servers import running_bot
    from harness.spela import play_all, summarise

    parts: dict[str, Any] = {}
    with running_bot(folder) as bot:
        for path in sorted((root / "tests" / "samtal").glob("*.yml")):
            summary = summarise(play_all(bot, load_scenarios(path)))
            parts[path.stem] = {"total": summary.total, "passed": summary.passed, "rate": summary.rate,
                                "median_questions": summary.median_questions,
                                "max_questions": summary.max_questions, "repeated": summary.repeated}
    return parts
