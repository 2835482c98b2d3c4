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

from harness.servers import RASA, embedded_endpoints, env, free_port, running_redis, start_actions, start_rasa, stop

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
    """A running bot under test: webhook URL(s), start-up time, pids and peak RSS (sampled every 0.5 s).

    pids are labelled "rasa" (and "rasa 2", ... for more Rasa servers), "actions", "redis".
    """

    urls: list[str]
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


# The layouts measured: the default `rasa init` bot as `rasa run` starts it; Stödguiden as `make
# run` starts it (one Rasa server, in-memory stores, endpoints.yml); and Stödguiden as
# docs/deploy.md runs it, on this one machine: two Rasa servers sharing Redis
# (endpoints.production.yml), one action server, the load spread over both servers.
LAYOUTS = ("default", "embedded", "production")
PRODUCTION_RASA_SERVERS = 2


@contextmanager
def serve(model: Path, project: Path, folder: Path, first: str, layout: str) -> Iterator[Server]:
    """Start the servers of a layout, timed from the first process start to the first reply to `first`."""
    assert layout in LAYOUTS, layout
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        pids: dict[str, int] = {}
        environment: dict[str, str] = {}
        actions_port = free_port()
        endpoints = folder / "endpoints.yml"
        if layout == "default":
            endpoints.write_text("{}\n", encoding="utf-8")
        elif layout == "embedded":
            endpoints.write_text(embedded_endpoints(actions_port), encoding="utf-8")
        else:
            redis = stack.enter_context(running_redis(folder / "redis"))
            assert redis.process is not None
            pids["redis"] = redis.process.pid
            endpoints = project / "endpoints.production.yml"
            environment = {"ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
                           "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(redis.port), "REDIS_PASSWORD": redis.password,
                           "REDIS_DB": "0", "REDIS_LOCK_DB": "1"}  # fmt: skip
        if layout != "default":
            actions = start_actions(actions_port, folder / "actions.log")
            stack.callback(stop, actions)
            pids["actions"] = actions.pid
        started = time.monotonic()
        processes, urls = [], []
        for number in range(PRODUCTION_RASA_SERVERS if layout == "production" else 1):
            port, logs = free_port(), folder / f"rasa-{number + 1}"
            logs.mkdir(exist_ok=True)
            command = {"command": (str(RASA),)} if layout == "default" else {}
            process = start_rasa(model, port, logs, project / "credentials.yml", endpoints, cwd=project,
                                 environment=environment, **command)  # fmt: skip
            stack.callback(stop, process)
            processes.append(process)
            pids["rasa" if number == 0 else f"rasa {number + 1}"] = process.pid
            urls.append(f"http://127.0.0.1:{port}/webhooks/rest/webhook")
        server = Server(urls, pids)
        threading.Thread(target=server.sample, daemon=True).start()
        stack.callback(server.done.set)
        server.ready_s = max(wait_ready(p, url, first, started) for p, url in zip(processes, urls, strict=True))
        yield server
