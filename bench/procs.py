"""Processes: timed commands, the servers under test with start-up timing, RSS and CPU from /proc."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.servers import RASA, embedded_endpoints, env, free_port, start_actions, start_rasa, stop

TICK = os.sysconf("SC_CLK_TCK")


def timed(args: list[str], cwd: Path, log: Path, timeout: float = 1800) -> float:
    """Run `rasa <args>` to completion (output to `log`); its wall time in seconds."""
    started = time.monotonic()
    with log.open("ab") as out:
        subprocess.run([str(RASA), *args], cwd=cwd, env=env(), stdout=out, stderr=subprocess.STDOUT, check=True,
                       timeout=timeout)
    return time.monotonic() - started


def _read(path: str) -> str:
    try:
        with open(path, encoding="ascii", errors="replace") as file:
            return file.read()
    except OSError:
        return ""


def _tree(pid: int) -> list[int]:
    """A process and all its descendants."""
    children: dict[int, list[int]] = {}
    for name in filter(str.isdigit, os.listdir("/proc")):
        stat = _read(f"/proc/{name}/stat").rsplit(")", 1)
        if len(stat) == 2:
            children.setdefault(int(stat[1].split()[1]), []).append(int(name))
    found, todo = [], [pid]
    while todo:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], []))
    return found


def tree_rss_mb(pid: int) -> float:
    """VmRSS of a process tree in MB (/proc/<pid>/status)."""
    lines = (line for p in _tree(pid) for line in _read(f"/proc/{p}/status").splitlines())
    return sum(int(line.split()[1]) for line in lines if line.startswith("VmRSS:")) / 1024


def _cpu_s(pid: int) -> float:
    fields = (_read(f"/proc/{pid}/stat").rsplit(")", 1) + [""])[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK if len(fields) > 12 else 0.0


def cpu_snapshot(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each labelled process tree, of this process ('load generator') and of
    the whole machine ('machine', /proc/stat without idle and iowait), with the clock ('wall')."""
    snap = {label: sum(map(_cpu_s, _tree(pid))) for label, pid in pids.items()}
    values = [int(v) for v in _read("/proc/stat").splitlines()[0].split()[1:]]
    return {**snap, "load generator": _cpu_s(os.getpid()), "wall": time.monotonic(),
            "machine": (sum(values) - values[3] - values[4]) / TICK}


def cores_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Average cores busy between two snapshots; 'other' is everything else on the machine."""
    wall = after["wall"] - before["wall"]
    used = {k: (after[k] - before[k]) / wall for k in before if k != "wall"}
    used["other"] = max(0.0, used.pop("machine") - sum(used.values()))
    return used


def wait_quiet(pids: dict[str, int], limit: float, most: float = 0.5) -> float:
    """Wait (at most `limit` s) until other processes use at most `most` cores; what they used."""
    deadline = time.monotonic() + limit
    while True:
        before = cpu_snapshot(pids)
        time.sleep(2)
        other = cores_used(before, cpu_snapshot(pids))["other"]
        if other <= most or time.monotonic() > deadline:
            return other


@dataclass
class Server:
    """A running bot under test: webhook URL, start-up time, pids and peak RSS (sampled every 0.5 s)."""

    url: str
    pids: dict[str, int]
    ready_s: float = 0.0
    peaks: dict[str, float] = field(default_factory=dict)
    done: threading.Event = field(default_factory=threading.Event)

    def sample(self) -> None:
        while not self.done.is_set():
            for label, pid in self.pids.items():
                self.peaks[label] = max(self.peaks.get(label, 0.0), tree_rss_mb(pid))
            self.done.wait(0.5)


def _replies(url: str, text: str) -> list[object]:
    body = json.dumps({"sender": "bench-ready", "message": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def wait_ready(process: subprocess.Popen[bytes], url: str, text: str, started: float, timeout: float = 400) -> float:
    """Seconds from `started` to the first non-empty webhook reply."""
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"the Rasa server exited with {process.returncode}")
        try:
            if _replies(url, text):
                return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url}: no reply within {timeout} s")


@contextmanager
def serve(model: Path, project: Path, folder: Path, first: str, with_actions: bool) -> Iterator[Server]:
    """Start the action server (optional), then the Rasa server, timed to its first reply to `first`."""
    folder.mkdir(parents=True, exist_ok=True)
    actions_port, rasa_port = free_port(), free_port()
    endpoints = folder / "endpoints.yml"
    # Stödguiden as `make run` starts it (its endpoints.yml and rasa_ext.server); the default bot
    # as `rasa run` starts it, with no endpoints.
    endpoints.write_text(embedded_endpoints(actions_port) if with_actions else "{}\n", encoding="utf-8")
    with ExitStack() as stack:
        pids = {}
        if with_actions:
            actions = start_actions(actions_port, folder / "actions.log")
            stack.callback(stop, actions)
            pids["actions"] = actions.pid
        started = time.monotonic()
        command = {} if with_actions else {"command": (str(RASA),)}
        process = start_rasa(model, rasa_port, folder, project / "credentials.yml", endpoints, cwd=project, **command)
        stack.callback(stop, process)
        server = Server(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook", {"rasa": process.pid, **pids})
        threading.Thread(target=server.sample, daemon=True).start()
        stack.callback(server.done.set)
        server.ready_s = wait_ready(process, server.url, first, started)
        yield server
