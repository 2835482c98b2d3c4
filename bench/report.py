"""docs/benchmarks.md and docs/benchmarks_latency.png from one bench run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.load import LoadResult

MB = 1024 * 1024
CHOICES = Path(__file__).with_name("choices.md")  # the choices made and the figures that decided them


def _ratio(ours: float, base: float) -> str:
    return f"{ours / base:.2f}×" if base else "–"


def _verdict(ok: bool) -> str:
    return "**PASS**" if ok else "**FAIL**"


def _at(loads: list[LoadResult], level: int) -> LoadResult | None:
    return next((load for load in loads if load.concurrency == level), None)


LAYOUT_NAMES = {"ours": "make run: 1 Rasa server", "cluster": "2 Rasa servers + Redis"}


def _rasa_rss(result: dict[str, Any]) -> float:
    """The largest peak RSS of one Rasa server (process tree) in a layout."""
    return max(v for k, v in result["rss"].items() if k.startswith("rasa"))


FRESH = (
    "`tests/nlu/test_nlu_fresh.yml` was written last, from the span conventions (bot/understanding.py's "
    "docstring), bot/data/fakta.yml and the list of intents only, without the training data, the other test "
    "sets, the lexicon or the extractor's code, and was run once, untuned. It tells whether the blind set's "
    "lower entity figures come from annotations that follow other conventions or from facts the extractor "
    "misses."
)


def _load_targets(r: dict[str, Any], key: str) -> list[tuple[str, str, str, bool]]:
    """The issue's load targets for one Stödguiden layout."""
    layout, loads = LAYOUT_NAMES[key], r[key]["loads"]
    b20, o20, o50 = _at(r["baseline"]["loads"], 20), _at(loads, 20), _at(loads, 50)
    rows: list[tuple[str, str, str, bool]] = []
    if o20 and b20:
        ratio = o20.throughput / b20.throughput if b20.throughput else 0.0
        rows.append((f"Throughput at 20 concurrent vs default bot ({layout})", "≥ 5×",
                     f"{ratio:.1f}× ({o20.throughput:.1f} vs {b20.throughput:.1f} msg/s)", ratio >= 5))
    if o20:
        rows.append((f"p95 latency at 20 concurrent ({layout})", "≤ 300 ms", f"{o20.p(95):.0f} ms", o20.p(95) <= 300))
    if o50:
        rows.append((f"Errors at 50 concurrent, incl. lost turns ({layout})", "0",
                     f"{o50.error_count} errors, {o50.lost} lost turns", o50.error_count + o50.lost == 0))
    return rows


def targets(r: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """(target, threshold, measured, passed) for every target of the issue, for Stödguiden as
    `make run` starts it (one Rasa server: the layout chosen for two cores, see Choices)."""
    rows = _load_targets(r, "ours")
    ours = r["ours"]
    rows += [
        ("Start-up to first reply (make run)", "≤ 20 s", f"{ours['ready_s']:.1f} s", ours["ready_s"] <= 20),
        ("Rasa server peak RSS (make run)", "≤ 600 MB", f"{_rasa_rss(ours):.0f} MB", _rasa_rss(ours) <= 600),
        ("Training (`rasa train --force`)", "≤ 3 min", f"{ours['train_s']:.0f} s", ours["train_s"] <= 180),
    ]
    nlu, kris, engine = r["nlu"], r["crisis"], r["engine"]
    rows += [
        ("Intent macro F1 (held-out set)", "≥ 0.95", f"{nlu['macro_f1']:.3f}", nlu["macro_f1"] >= 0.95),
        ("Entity F1 (micro avg, held-out set; see below)", "≥ 0.90", f"{nlu['entity_micro']['f1-score']:.3f}",
         nlu["entity_micro"]["f1-score"] >= 0.90),
        ("Crisis messages caught", "100 %", f"{kris['catch_rate']:.1%} of {kris['positives']}",
         kris["catch_rate"] == 1.0),
        ("Crisis false alarms", "≤ 2 %", f"{kris['false_alarm_rate']:.1%} of {kris['negatives']}",
         kris["false_alarm_rate"] <= 0.02),
        ("Engine `assess()`, whole catalogue, every rule evaluated (p95)", "< 1 ms",
         f"p95 {engine['evaluated']['p95_ms']:.2f} ms, median {engine['evaluated']['median_ms']:.2f} ms",
         engine["evaluated"]["p95_ms"] < 1.0),
    ]
    return rows


STRICTER_SETS = {"nlu_blind": "blind set", "nlu_fresh": "fresh set"}


def stricter(r: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    """The issue's thresholds where the issue does not ask for them: the production layout
    squeezed onto the same two cores, and the NLU figures on the test sets nothing was ever fixed
    against (the issue asks for the held-out set, whose entity annotations were aligned)."""
    rows = _load_targets(r, "cluster") if "cluster" in r else []
    for key, name in STRICTER_SETS.items():
        if key in r:
            result = r[key]
            rows += [
                (f"Intent macro F1 ({name})", "≥ 0.95", f"{result['macro_f1']:.3f}", result["macro_f1"] >= 0.95),
                (f"Entity F1 (micro avg, {name})", "≥ 0.90", f"{result['entity_micro']['f1-score']:.3f}",
                 result["entity_micro"]["f1-score"] >= 0.90),
            ]
    return rows


def plot(r: dict[str, Any], path: Path) -> None:
    """p50/p95 latency against concurrency, ours and the baseline (Agg backend)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for key, label, colour in (("ours", "Stödguiden, 1 server", "tab:green"),
                               ("cluster", "Stödguiden, 2 servers + Redis", "tab:blue"),
                               ("baseline", "rasa init (default)", "tab:red")):
        if key not in r:
            continue
        loads = r[key]["loads"]
        levels = [load.concurrency for load in loads]
        ax.plot(levels, [load.p(50) for load in loads], "o-", color=colour, label=f"{label} p50")
        ax.plot(levels, [load.p(95) for load in loads], "s--", color=colour, label=f"{label} p95")
    ax.axhline(300, color="grey", lw=0.8, ls=":", label="target p95 300 ms")
    ax.set_ylim(bottom=0)
    ax.set_xlabel("concurrent conversations")
    ax.set_ylabel("latency per message (ms)")
    ax.set_title("REST webhook latency, same machine, one run")
    ax.set_xticks(sorted({load.concurrency for load in r["ours"]["loads"]}))
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _cores(x: LoadResult) -> str:
    rasa = sum(v for k, v in x.cpu.items() if k.startswith("rasa"))
    rest = [f"{x.cpu[k]:.2f}" if k in x.cpu else "–" for k in ("actions", "redis", "load generator", "other")]
    return " / ".join([f"{rasa:.2f}", *rest])


def _load_rows(r: dict[str, Any]) -> list[str]:
    rows = ["| bot | concurrent | msg/s | p50 ms | p95 ms | p99 ms | errors | lost turns | conversations "
            "| cores busy: Rasa / actions / Redis / load gen. / other |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    names = {"baseline": "rasa init (default)", **{k: f"Stödguiden ({v})" for k, v in LAYOUT_NAMES.items()}}
    for key, label in names.items():
        for x in r.get(key, {}).get("loads", []):
            rows.append(f"| {label} | {x.concurrency} | {x.throughput:.1f} | {x.p(50):.0f} | {x.p(95):.0f} | "
                        f"{x.p(99):.0f} | {x.error_count} | {x.lost} | {x.conversations} | {_cores(x)} |")
    for key, layout in LAYOUT_NAMES.items():
        for o in r.get(key, {}).get("loads", []):
            b = _at(r["baseline"]["loads"], o.concurrency)
            if b:
                rows.append(f"| **ratio {layout} / default** | {o.concurrency} | {_ratio(o.throughput, b.throughput)} "
                            f"| {_ratio(o.p(50), b.p(50))} | {_ratio(o.p(95), b.p(95))} | {_ratio(o.p(99), b.p(99))} "
                            "| | | | |")
    return rows


def _resources(r: dict[str, Any]) -> list[str]:
    o, b = r["ours"], r["baseline"]
    rows = ["| | Stödguiden | rasa init (default) | ratio |", "|---|---:|---:|---:|"]
    for label, ours, base, unit in (
        ("Start-up: process start → first webhook reply", o["ready_s"], b["ready_s"], "s"),
        ("Peak RSS, Rasa server (process tree)", _rasa_rss(o), _rasa_rss(b), "MB"),
        ("Training time", o["train_s"], b["train_s"], "s"),
        ("Model size", o["model_bytes"] / MB, b["model_bytes"] / MB, "MB"),
    ):
        rows.append(f"| {label} | {ours:.1f} {unit} | {base:.1f} {unit} | {_ratio(ours, base)} |")
    rows.append(f"| Peak RSS, action server (process tree) | {o['rss'].get('actions', 0):.0f} MB | none | |")
    c = r.get("cluster")
    if c:
        servers = [k for k in c["rss"] if k.startswith("rasa")]
        rows.append("")
        rows.append(f"2 Rasa servers + Redis (docs/deploy.md's layout on this machine): start-up of both "
                    f"{c['ready_s']:.1f} s; peak RSS per Rasa server "
                    + ", ".join(f"{c['rss'][k]:.0f} MB" for k in servers)
                    + f"; action server {c['rss'].get('actions', 0):.0f} MB; Redis {c['rss'].get('redis', 0):.0f} MB.")
    rows.append("")
    rows.append(f"Model bytes: Stödguiden {o['model_bytes']:,}, default {b['model_bytes']:,}. Stödguiden's training is "
                "`rasa train --force` into a temporary folder; the default bot's is the whole `rasa init --no-prompt` "
                "(scaffolding plus training DIET, TED and UnexpecTED).")
    return rows


def _nlu(n: dict[str, Any]) -> list[str]:
    rows = [f"`{n['file']}` ({n['examples']} examples, {n.get('in_training', 0)} of them also word for word in "
            f"data/nlu): intent accuracy **{n['accuracy']:.3f}**, macro F1 **{n['macro_f1']:.3f}**.", "",
            "| intent | F1 |", "|---|---:|"]
    rows += [f"| {k} | {v:.3f} |" for k, v in sorted(n["per_intent"].items(), key=lambda kv: kv[1])]
    rows += ["", "Main confusions (true → predicted, count): " +
             (", ".join(f"{t} → {p} ({c})" for (t, p), c in n["confusions"]) or "none") + ".", ""]
    rows += [f"- “{text}”: {true} → {pred}" for text, true, pred in n["error_examples"]]
    if not n["error_examples"]:
        rows += ["(The misclassified sentences are not shown: a set whose errors are published gets tuned against.)"]
    rows += ["", "Entities (`rasa_ext.nlu.StodguidenTolkare`, facts from bot/):", "",
             "| entity | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    for name, v in sorted(n["entities"].items(), key=lambda kv: kv[1]["f1-score"]):
        rows.append(f"| {name} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1-score']:.3f} | {v['support']} |")
    for name in ("entity_micro", "entity_macro"):
        v = n[name]
        rows.append(f"| **{name.split('_')[1]} avg** | {v['precision']:.3f} | {v['recall']:.3f} | "
                    f"{v['f1-score']:.3f} | {v['support']} |")
    facts = n.get("facts")
    if facts:
        rows += ["", "The same entities counted as facts rather than spans: per message, the annotated (entity, "
                 "value) pairs against those `bot.understanding` finds (what the bot acts on; where a span starts "
                 "and ends does not count, and a second fact read from one phrase — \"min son är med i ett gäng\" "
                 "also gives the parent's worry — counts against precision, since the annotation names one):", "",
                 "| entity | precision | recall | F1 | pairs |", "|---|---:|---:|---:|---:|"]
        for name, v in sorted(facts["per_type"].items(), key=lambda kv: kv[1]["f1-score"]):
            rows.append(f"| {name} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1-score']:.3f} | "
                        f"{v['support']} |")
        v = facts["micro"]
        rows.append(f"| **micro avg** | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1-score']:.3f} | "
                    f"{v['support']} |")
    return rows


def _engine(r: dict[str, Any]) -> list[str]:
    e, c, k = r["engine"], r["e2e"], r["crisis"]
    ev, ca = e["evaluated"], e["cached"]
    rows = [f"- `bot.engine.assess(facts)` over all {e['insatser']} matchable insatser, {e['runs']} runs each over "
            f"the end-to-end cases' facts, catalogue loaded. Every rule evaluated (`assess(facts, catalogue)`, which "
            f"skips the per-facts result cache: what a new set of facts costs): median **{ev['median_ms']:.3f} ms**, "
            f"p95 **{ev['p95_ms']:.3f} ms**, max {ev['max_ms']:.2f} ms. As the bot calls it, with results cached per "
            f"set of facts (the same facts again): median {ca['median_ms']:.3f} ms, p95 {ca['p95_ms']:.3f} ms.",
            f"- End-to-end cases (`tests/data/e2e_cases.yml`): **{c['correct']}/{c['cases']}** fully right "
            f"({c['correct'] / c['cases']:.1%}); groups: "
            + ", ".join(f"{g} {n}" for g, n in c["groups"].items()) + "."]
    rows += [f"  - wrong: {situation}: {ids}" for situation, ids in c["failures"]]
    rows += [f"- Crisis detection (`bot.kris.detect`): caught **{k['catch_rate']:.1%}** of {k['positives']} "
             f"positives, false alarms **{k['false_alarm_rate']:.1%}** of {k['negatives']} negatives."]
    rows += [f"  - missed: “{text}”" for text in k["missed"][:10]]
    rows += [f"  - false alarm: “{text}”" for text in k["false_alarms"][:10]]
    return rows


def _conversations(r: dict[str, Any]) -> list[str]:
    """The written conversations: pass rate per part, questions before the first answer."""
    parts = r.get("samtal") or {}
    rows = ["Whole conversations written blind from the seeds (tests/samtal/README.md), played over REST by the "
            "simulated user (harness/samtal.py). *Right* = every expected insats offered, none of the forbidden, "
            "the right place and numbers named, every follow-up answered, no question twice in a row. The "
            "held-out part is never read or tuned on.", "",
            "| part | conversations | right | questions before the first answer (median / max) "
            "| same question twice in a row |", "|---|---:|---:|---:|---:|"]
    rows += [f"| {name} | {p['total']} | **{p['passed']} ({p['rate']:.1%})** | {p['median_questions']:g} / "
             f"{p['max_questions']} | {p['repeated']} |" for name, p in sorted(parts.items())]
    return rows


def _problems(r: dict[str, Any]) -> list[str]:
    rows = []
    for key in ("ours", "baseline"):
        for x in r[key]["loads"] + [r[key]["warmup"]]:
            where = f"{x.bot}, {x.concurrency} concurrent"
            rows += [f"- {where}: lost turn (empty reply) {e}" for e in sorted(set(x.lost_examples))[:8]]
            rows += [f"- {where}: error {e}" for e in sorted(set(x.error_examples))[:8]]
    return rows or ["- none"]


def write(r: dict[str, Any], doc: Path, png: Path) -> None:
    """Write the markdown report and the latency plot."""
    plot(r, png)
    m, cfg = r["machine"], r["config"]
    rows, extra = targets(r), stricter(r)
    lines = [
        "# Benchmarks", "",
        f"Generated by `{cfg['command']}` on {m['date']} at commit `{m['commit']}`. Machine: {m['cpu']}, "
        f"{m['nproc']} cores, {m['ram_gb']:.1f} GB RAM; Rasa {m['rasa']}, Python {m['python']}.", "",
        f"Load: {cfg['seconds']:.0f} s per level, levels {', '.join(map(str, cfg['levels']))} concurrent "
        f"conversations, request timeout {cfg['timeout']:.0f} s, {cfg['warmup']:.0f} s warm-up at 1 conversation "
        "(not counted). *Cores busy* is CPU time per second of wall time during the level, from /proc: "
        "*other* is everything else on the machine (other jobs compete for the same 2 cores). "
        "Stödguiden's flows are the user turns of every story in "
        "`tests/stories/test_conversations.yml` (Swedish, with custom actions); the default bot's are moodbot "
        "conversations (hi / I am sad / yes / bye ...).", "",
        "## How to read this", "",
        "Every figure is from **one run on a noisy 2-core machine**: absolute numbers move from run to run, "
        "and the load generator shares the cores with the server it measures. What counts are the **ratios**: "
        "Stödguiden and a default `rasa init` bot with the same Rasa version were built, started and loaded the "
        "same way, one after the other, in the same `make bench` run. Latency is per message (send → reply) "
        "over the REST channel; throughput is answered messages per second; a *lost turn* is an HTTP 200 with "
        "an empty reply list where a reply was expected (or, for Stödguiden, only its “Något gick fel” safety-net "
        "reply); errors are non-200 answers, timeouts and connection "
        "failures. Targets are reported, never asserted as timed unit tests.", "",
        "## Targets", "", "The issue's targets, for Stödguiden as `make run` starts it (one Rasa server, the layout "
        "chosen for two cores; see Choices):", "",
        "| target | threshold | measured | verdict |", "|---|---|---|---|",
        *[f"| {name} | {threshold} | {measured} | {_verdict(ok)} |" for name, threshold, measured, ok in rows], "",
        f"{sum(ok for *_, ok in rows)} of {len(rows)} targets met.", "",
        "Stricter checks of our own, the same thresholds where the issue does not ask for them: the production "
        "layout (two Rasa servers sharing Redis, docs/deploy.md) squeezed onto the same two cores, and the NLU "
        "figures on the test sets the extractor was never fixed against (see NLU quality):", "",
        "| check | threshold | measured | verdict |", "|---|---|---|---|",
        *[f"| {name} | {threshold} | {measured} | {_verdict(ok)} |" for name, threshold, measured, ok in extra], "",
        f"{sum(ok for *_, ok in extra)} of {len(extra)} met.", "",
        "## Load, side by side", "",
        "Stödguiden is measured in two layouts: as `make run` starts it (one Rasa server, in-memory stores), and "
        "as docs/deploy.md runs it, here on the same 2 cores: two Rasa servers sharing Rasa's Redis tracker and "
        "lock stores (endpoints.production.yml), one action server, every message sent to the next server in "
        "turn (no sticky sessions), as a load balancer would.", "", *_load_rows(r), "",
        f"![p50/p95 latency against concurrency]({png.name})", "",
        "## Start-up, memory, size, training", "", *_resources(r), "",
        CHOICES.read_text(encoding="utf-8").strip(), "",
        "## NLU quality", "",
        "The test sets; none is trained on. `tests/nlu/test_nlu.yml` was written apart from the training "
        "data, but its entity annotations were later aligned with the extractor's span conventions while the "
        "extractor was being fixed against it, so its entity figures flatter the extractor. "
        "`tests/nlu/test_nlu_blind.yml` was written without seeing the extractor, its lexicon or the training "
        "data, and nothing is tuned against it: **its figures are the honest ones.** (The extractor and the "
        "training data are tuned against two development sets, `tests/nlu/test_nlu_dev.yml` and "
        "`tests/nlu/test_nlu_dev2.yml`, which are not reported here.)", "",
        "### Held-out set", "", *_nlu(r["nlu"]), "",
        "### Blind set", "", *_nlu(r["nlu_blind"]), "",
        *(["### Fresh set", "", FRESH, "", *_nlu(r["nlu_fresh"]), ""] if "nlu_fresh" in r else []),
        "## Whole conversations", "", *_conversations(r), "",
        "## Rules engine and crisis detection", "", *_engine(r), "",
        "## Errors and lost turns seen", "", *_problems(r), "",
    ]
    if r.get("profile"):
        lines += ["## Hot spots (py-spy, Stödguiden's Rasa and action servers under load)", "", r["profile"], ""]
    doc.write_text("\n".join(lines), encoding="utf-8")
