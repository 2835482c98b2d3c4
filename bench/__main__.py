"""`python -m bench` (make bench): build the baseline, measure both bots side by side, write the report.

Settings (environment): BENCH_SECONDS per load level (120), BENCH_LEVELS ("20,50"), BENCH_TIMEOUT per
request (30), BENCH_WARMUP seconds (10), BENCH_ENGINE_RUNS (2000), BENCH_PROFILE_SECONDS (20; 0 = no
py-spy profile), BENCH_QUIET_WAIT (before each level, wait at most this long for other processes to
use under half a core; 120), BENCH_BASELINE_DIR (reuse a `rasa init` folder, for development),
BENCH_KEEP=1 (keep the temporary folder with every log).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench import baseline, profile, quality, report
from bench.load import Flow, run_load, stodguiden_flows
from bench.procs import cores_used, cpu_snapshot, serve, wait_quiet

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "stodguiden.tar.gz"
FAILURE = "Något gick fel"  # Stödguiden's safety-net reply (rasa_ext.safety_net.error_message): a lost turn


def say(text: str) -> None:
    """Progress on stderr."""
    print(f"[bench {datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


def config() -> dict[str, Any]:
    """The run's settings from the environment."""
    get = os.environ.get
    return {"seconds": float(get("BENCH_SECONDS", "120")), "timeout": float(get("BENCH_TIMEOUT", "30")),
            "levels": [int(x) for x in get("BENCH_LEVELS", "20,50").split(",") if x.strip()],
            "warmup": float(get("BENCH_WARMUP", "10")), "engine_runs": int(get("BENCH_ENGINE_RUNS", "2000")),
            "profile": int(get("BENCH_PROFILE_SECONDS", "20")), "quiet": float(get("BENCH_QUIET_WAIT", "120")),
            "command": " ".join(["make bench", *(f"{k}={v}" for k, v in sorted(os.environ.items())
                                                 if k.startswith("BENCH_"))])}


def machine() -> dict[str, Any]:
    """Where and when: CPU, cores, RAM, date, git commit, versions."""
    cpuinfo, meminfo = Path("/proc/cpuinfo").read_text(), Path("/proc/meminfo").read_text()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    mem_kb = next(int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal"))

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()

    dirty = " + uncommitted changes" if git("status", "--porcelain") else ""
    return {"cpu": cpu, "nproc": os.cpu_count(), "ram_gb": mem_kb / 1024 / 1024, "rasa": version("rasa"),
            "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"), "python": platform.python_version(),
            "commit": git("rev-parse", "--short", "HEAD") + dirty}


def measure(name: str, model: Path, project: Path, folder: Path, first: str, flows: list[Flow],
            cfg: dict[str, Any], layout: str) -> dict[str, Any]:
    """Start one layout, warm it up, run every load level, and (for `make run`'s layout) profile it."""
    say(f"{name}: starting")
    failure = None if layout == "default" else FAILURE
    with serve(model, project, folder, first, layout) as server:
        say(f"{name}: ready after {server.ready_s:.1f} s; warm-up {cfg['warmup']:.0f} s at 1 conversation")
        result: dict[str, Any] = {"ready_s": server.ready_s, "loads": [], "layout": layout,
                                  "rasa_servers": len(server.urls)}
        result["warmup"] = run_load(name, server.urls, flows, 1, cfg["warmup"], cfg["timeout"], failure)
        for level in cfg["levels"]:
            other = wait_quiet(server.pids, cfg["quiet"])
            say(f"{name}: {level} concurrent for {cfg['seconds']:.0f} s (other processes: {other:.2f} cores)")
            before = cpu_snapshot(server.pids)
            load = run_load(name, server.urls, flows, level, cfg["seconds"], cfg["timeout"], failure)
            load.cpu = cores_used(before, cpu_snapshot(server.pids))
            say(f"{name}: {load.throughput:.1f} msg/s, p95 {load.p(95):.0f} ms, {load.error_count} errors, "
                f"{load.lost} lost turns; cores busy: " + ", ".join(f"{k} {v:.2f}" for k, v in load.cpu.items()))
            result["loads"].append(load)
        result["rss"] = dict(server.peaks)
        if layout == "embedded" and cfg["profile"] and profile.py_spy():
            seconds, level = cfg["profile"], cfg["levels"][0]
            say(f"profiling with py-spy for {seconds} s at {level} concurrent (not counted)")
            result["profile"] = profile.hot_spots(
                server.pids, seconds, level, folder, lambda: run_load("profile", server.urls, flows, level,
                                                                      seconds + 2, cfg["timeout"]))
    return result


def main() -> int:
    cfg = config()
    work = Path(tempfile.mkdtemp(prefix="stodguiden-bench-"))
    say(f"work folder {work}")
    r: dict[str, Any] = {"config": cfg, "machine": machine()}
    if os.environ.get("BENCH_BASELINE_DIR"):
        base_dir = Path(os.environ["BENCH_BASELINE_DIR"])
        base_train, base_model = baseline.reuse(base_dir)
    else:
        say("baseline: rasa init --no-prompt (trains DIET, TED, UnexpecTED)")
        base_dir = work / "baseline"
        base_train, base_model = baseline.build(base_dir, work / "rasa-init.log")
    say(f"baseline trained in {base_train:.0f} s; Stödguiden: rasa train --force")
    ours_train = baseline.train_stodguiden(ROOT, work / "train", work / "rasa-train.log")
    say(f"Stödguiden trained in {ours_train:.0f} s; rasa test nlu, crisis detection, engine")
    r["nlu"] = quality.nlu(ROOT, MODEL, work / "nlu")
    r["nlu_blind"] = quality.nlu(ROOT, MODEL, work / "nlu_blind", "tests/nlu/test_nlu_blind.yml", show_errors=False)
    if (ROOT / "tests" / "nlu" / "test_nlu_fresh.yml").exists():
        r["nlu_fresh"] = quality.nlu(ROOT, MODEL, work / "nlu_fresh", "tests/nlu/test_nlu_fresh.yml", show_errors=False)
    r["crisis"] = quality.crisis(ROOT / "tests" / "data")
    cases = quality.e2e_cases(ROOT / "tests" / "data" / "e2e_cases.yml")
    r["engine"], r["e2e"] = quality.engine_speed(cases, cfg["engine_runs"]), quality.e2e(cases)
    say("whole conversations (tests/samtal/) over the real servers")
    r["samtal"] = quality.conversations(ROOT, work / "samtal")
    for part, p in sorted(r["samtal"].items()):
        say(f"conversations {part}: {p['passed']}/{p['total']} right ({p['rate']:.1%}), questions before the first "
            f"answer median {p['median_questions']:g} max {p['max_questions']}, repeated questions {p['repeated']}")

    r["baseline"] = measure("rasa init (default)", base_model, base_dir, work / "run-baseline", "hi",
                            baseline.MOODBOT_FLOWS, cfg, layout="default")
    r["baseline"].update(train_s=base_train, model_bytes=base_model.stat().st_size)
    flows = stodguiden_flows(ROOT / "tests" / "stories" / "test_conversations.yml")
    r["ours"] = measure("Stödguiden (make run)", MODEL, ROOT, work / "run-stodguiden", "hej", flows, cfg,
                        layout="embedded")
    r["ours"].update(train_s=ours_train, model_bytes=MODEL.stat().st_size)
    r["profile"] = r["ours"].pop("profile", None)
    r["cluster"] = measure("Stödguiden (2 Rasa servers + Redis)", MODEL, ROOT, work / "run-cluster", "hej", flows,
                           cfg, layout="production")

    doc, png = ROOT / "docs" / "benchmarks.md", ROOT / "docs" / "benchmarks_latency.png"
    report.write(r, doc, png)
    for name, threshold, measured, ok in report.targets(r):
        say(f"{'PASS' if ok else 'FAIL'}  {name}: {measured} (target {threshold})")
    for name, threshold, measured, ok in report.stricter(r):
        say(f"{'pass' if ok else 'fail'}  (stricter check) {name}: {measured} ({threshold})")
    say(f"wrote {doc.relative_to(ROOT)} and {png.relative_to(ROOT)}")
    if os.environ.get("BENCH_KEEP") == "1":
        say(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
