"""Start the real bot for tests: an action server and a Rasa server on free loopback ports, and
a private redis-server.

Used by the server tests in tests/integration/ (conversations, written conversations, resilience,
scale-out), by `python -m harness.spela` and by `make bench`. Every wait is bounded and every
process is stopped at the end.

`make test-stock` runs the same tests on stock Rasa: STODGUIDEN_SPEEDUPS=0 starts plain `rasa run`
instead of `python -m rasa_ext.speedups.server run`, and STODGUIDEN_MODEL names the model trained
with config.stock.yml (docs/rasa-upgrade.md).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
import yaml

from rasa_ext import speedups

ROOT = Path(__file__).resolve().parents[1]
RASA = ROOT / ".venv" / "bin" / "rasa"
# Stödguiden's Rasa server: Rasa's CLI with the measured costs removed (rasa_ext/speedups/server.py).
STODGUIDEN_RASA = (str(ROOT / ".venv" / "bin" / "python"), "-m", "rasa_ext.speedups.server")
DEFAULT_MODEL = ROOT / "models" / "stodguiden.tar.gz"
# STODGUIDEN_MODEL may name another trained model (`make test-stock`: the stock one).
MODEL = Path(os.environ.get("STODGUIDEN_MODEL") or DEFAULT_MODEL).resolve()


def rasa_command() -> tuple[str, ...]:
    """How Stödguiden's Rasa server is started: with the speed-ups, or plain `rasa` without them."""
    return STODGUIDEN_RASA if speedups.enabled() else (str(RASA),)


def ensure_model() -> None:
    """Train the default model if it is missing; another model must have been trained already."""
    if MODEL.exists():
        return
    if MODEL != DEFAULT_MODEL.resolve():
        raise FileNotFoundError(f"{MODEL} (STODGUIDEN_MODEL) is missing: train it first (e.g. make train-stock)")
    subprocess.run(["make", "train"], cwd=ROOT, check=True, timeout=900)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env() -> dict[str, str]:
    """The environment the servers run in."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def wait_for(url: str, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    """Poll a URL until it answers, the process dies, or the timeout passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started with its own process group."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def start_actions(port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start the action server and wait until it answers."""
    process = subprocess.Popen(
        [str(RASA), "run", "actions", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env=env(),
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_for(f"http://127.0.0.1:{port}/health", 120, process)
    return process


def start_rasa(
    model: Path,
    port: int,
    folder: Path,
    credentials: Path,
    endpoints: Path,
    cwd: Path = ROOT,
    extra_args: tuple[str, ...] = (),
    command: tuple[str, ...] | None = None,
    environment: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start a Rasa server on the loopback interface (log in folder/rasa.log); does not wait.

    Stödguiden's server (rasa_command()) unless a command is given: `make bench` starts the default
    `rasa init` bot with command=(RASA,).
    """
    return subprocess.Popen(
        [*(command or rasa_command()), "run", "--model", str(model), "--port", str(port), "--interface", "127.0.0.1",
         "--credentials", str(credentials), "--endpoints", str(endpoints), *extra_args],
        cwd=cwd,
        env={**env(), **(environment or {})},
        stdout=(folder / "rasa.log").open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


@dataclass
class Bot:
    """A running bot: where to reach it and its processes."""

    url: str
    actions_port: int
    actions: subprocess.Popen[bytes] | None
    rasa: subprocess.Popen[bytes]
    folder: Path
    token: str = "test-token"

    def say(self, sender: str, message: str, timeout: float = 30) -> list[dict[str, Any]]:
        """Send one message over the REST channel and return the bot's replies."""
        body = json.dumps({"sender": sender, "message": message}).encode()
        request = urllib.request.Request(
            f"{self.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())

    def tracker(self, sender: str) -> dict[str, Any]:
        """The conversation as Rasa stores it (HTTP API, with the token)."""
        url = f"{self.url}/conversations/{sender}/tracker?token={self.token}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.loads(response.read())


def embedded_endpoints(actions_port: int) -> str:
    """The repository's endpoints.yml (its stores as `make run` has them), actions on actions_port."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{actions_port}/webhook"
    return yaml.safe_dump(endpoints, allow_unicode=True, sort_keys=False)


@contextmanager
def running_bot(
    folder: Path, endpoints_extra: str = "", extra_args: tuple[str, ...] = (), with_actions: bool = True
) -> Iterator[Bot]:
    """Start the action server (optional) and the Rasa server with the trained model."""
    ensure_model()
    folder.mkdir(parents=True, exist_ok=True)
    actions_port, rasa_port = free_port(), free_port()
    (folder / "endpoints.yml").write_text(embedded_endpoints(actions_port) + endpoints_extra, encoding="utf-8")
    actions = start_actions(actions_port, folder / "actions.log") if with_actions else None
    rasa = start_rasa(
        MODEL, rasa_port, folder, ROOT / "credentials.yml", folder / "endpoints.yml",
        extra_args=("--enable-api", "--auth-token", "test-token", "--cors", "*", *extra_args),
    )  # fmt: skip
    bot = Bot(f"http://127.0.0.1:{rasa_port}", actions_port, actions, rasa, folder)
    try:
        wait_for(f"{bot.url}/", 240, rasa)
        yield bot
    finally:
        stop(rasa)
        if bot.actions is not None:
            stop(bot.actions)


@dataclass
class Redis:
    """A private redis-server: loopback only, a password, nothing written to disk."""

    port: int
    password: str
    folder: Path
    process: subprocess.Popen[bytes] | None = None

    def client(self, db: int) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, password=self.password, db=db, decode_responses=True)

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is missing: run `bash tests/integration/install_redis.sh`")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder), "--save", "",
             "--appendonly", "no", "--requirepass", self.password, "--databases", "4"],
            stdout=(self.folder / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while True:
            try:
                self.client(0).ping()
                return
            except redis.exceptions.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start (see {self.folder / 'redis.log'})") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


@contextmanager
def running_redis(folder: Path) -> Iterator[Redis]:
    folder.mkdir(parents=True, exist_ok=True)
    server = Redis(free_port(), secrets.token_hex(16), folder)
    try:
        server.start()
        yield server
    finally:
        server.stop()
