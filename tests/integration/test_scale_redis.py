"""Scale-out with Rasa's own Redis tracker and lock stores: two Rasa servers, one conversation.

Starts a real redis-server (Debian's package: tests/integration/install_redis.sh) on a free loopback port
with a password, a temporary directory and no persistence; one action server; and TWO Rasa
servers whose endpoints file is endpoints.production.yml with only record_exp shortened to
RECORD_EXP seconds, its ${VARS} set in the environment. Checks: one conversation continues
across both servers, "börja om" and record expiry, the shared conversation lock, and a Redis
outage (kind message, then recovery). Every wait is bounded and every process is stopped at
the end.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from rasa.core.lock_store import RedisLockStore

from harness.servers import MODEL, ROOT, Bot, Redis, free_port, running_redis, start_actions, start_rasa, stop, wait_for
from rasa_ext.safety_net import error_message

pytestmark = pytest.mark.servers

RECORD_EXP = 3  # seconds; production has 1800 (endpoints.production.yml)
PREFIX = "stodguiden"  # key_prefix in endpoints.production.yml
TRACKER_DB, LOCK_DB = 0, 1


def production_endpoints(folder: Path) -> Path:
    """endpoints.production.yml with record_exp shortened; everything else as deployed."""
    text = (ROOT / "endpoints.production.yml").read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^(\s+record_exp:) 1800$", rf"\g<1> {RECORD_EXP}", text)
    assert count == 1, "endpoints.production.yml should set record_exp: 1800 once"
    path = folder / "endpoints.yml"
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class Cluster:
    redis: Redis
    a: Bot
    b: Bot


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    folder = Path(tmp_path_factory.mktemp("skala"))
    if not MODEL.exists():
        subprocess.run(["make", "train"], cwd=ROOT, check=True, timeout=900)
    with running_redis(folder / "redis") as server, pytest.MonkeyPatch.context() as mp:
        actions_port = free_port()
        # The variables endpoints.production.yml reads; harness.servers.env() passes them on.
        mp.setenv("ACTION_ENDPOINT_URL", f"http://127.0.0.1:{actions_port}/webhook")
        mp.setenv("REDIS_HOST", "127.0.0.1")
        mp.setenv("REDIS_PORT", str(server.port))
        mp.setenv("REDIS_PASSWORD", server.password)
        mp.setenv("REDIS_DB", str(TRACKER_DB))
        mp.setenv("REDIS_LOCK_DB", str(LOCK_DB))
        endpoints = production_endpoints(folder)
        processes: list[subprocess.Popen[bytes]] = []
        try:
            processes.append(start_actions(actions_port, folder / "actions.log"))
            bots = []
            for name in ("a", "b"):
                port = free_port()
                (folder / name).mkdir()
                process = start_rasa(
                    MODEL, port, folder / name, ROOT / "credentials.yml", endpoints,
                    extra_args=("--enable-api", "--auth-token", "test-token"),
                )  # fmt: skip
                processes.append(process)
                bots.append(Bot(f"http://127.0.0.1:{port}", actions_port, None, process, folder / name))
            for bot in bots:
                wait_for(f"{bot.url}/", 240, bot.rasa)
            yield Cluster(server, *bots)
        finally:
            for process in reversed(processes):
                stop(process)


def tracker_key(sender: str) -> str:
    return f"{PREFIX}:tracker:{sender}"


def test_one_conversation_continues_across_two_rasa_servers(cluster: Cluster) -> None:
    sender = "skala-1"
    assert cluster.a.say(sender, "jag är 14")
    assert cluster.b.say(sender, "bor i Farsta")
    slots = cluster.b.tracker(sender)["slots"]
    assert slots["age"] == 14 and slots["stadsdel"] == "Farsta"
    assert cluster.a.tracker(sender)["slots"]["stadsdel"] == "Farsta"

    store = cluster.redis.client(TRACKER_DB)
    ttl = store.ttl(tracker_key(sender))
    assert 0 < ttl <= RECORD_EXP, "every save sets the record's expiry (record_exp)"
    assert not cluster.redis.client(LOCK_DB).keys(f"{PREFIX}:lock:*"), "locks live only while a message is handled"


def test_borja_om_deletes_the_record_at_once_and_records_expire(cluster: Cluster) -> None:
    sender = "skala-2"
    cluster.a.say(sender, "jag är 14 och bor i Farsta")
    replies = cluster.b.say(sender, "börja om")
    assert "glömt allt" in " ".join(reply.get("text", "") for reply in replies)
    slots = cluster.a.tracker(sender)["slots"]
    assert slots["age"] is None and slots["stadsdel"] is None, "the bot has forgotten on every server"

    # Deleted from Redis at once, not only forgotten (rasa_ext/stores.py; README.md, "What is
    # stored, and for how long"): the record holds nothing said before "börja om".
    store = cluster.redis.client(TRACKER_DB)
    stored = store.get(tracker_key(sender))
    assert stored is not None
    readable = json.dumps(json.loads(stored), ensure_ascii=False)
    assert "Farsta" not in readable and "börja om" not in readable
    assert not [event for event in json.loads(stored)["events"] if event.get("event") == "user"]
    assert 0 < store.ttl(tracker_key(sender)) <= RECORD_EXP

    # The conversation goes on, on either server, from an empty record.
    cluster.a.say(sender, "jag är 16")
    assert cluster.b.tracker(sender)["slots"]["age"] == 16
    events = json.loads(store.get(tracker_key(sender)) or "{}")["events"]
    assert [event["text"] for event in events if event.get("event") == "user"] == ["jag är 16"]

    deadline = time.monotonic() + RECORD_EXP + 10
    while store.exists(tracker_key(sender)) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert not store.exists(tracker_key(sender)), f"the record should be gone {RECORD_EXP} s after the last message"
    # (No tracker request after this: the HTTP API would start a new, empty record.)


def test_the_servers_share_the_conversation_lock(cluster: Cluster) -> None:
    # Hold the conversation's lock in Redis with Rasa's own RedisLockStore, as Rasa server A
    # does while it handles a message; server B must wait for it.
    sender = "skala-3"
    locks = RedisLockStore(
        host="127.0.0.1", port=cluster.redis.port, db=LOCK_DB, password=cluster.redis.password, key_prefix=PREFIX
    )
    ticket = locks.issue_ticket(sender, 60)
    with ThreadPoolExecutor(max_workers=1) as pool:
        answer = pool.submit(cluster.b.say, sender, "hej", 60)
        time.sleep(2.5)
        assert not answer.done(), "server B must wait while the conversation is locked"
        locks.cleanup(sender, ticket)
        assert answer.result(timeout=30), "server B answers once the lock is free"


def test_no_record_is_kept_without_an_expiry(cluster: Cluster) -> None:
    store = cluster.redis.client(TRACKER_DB)
    cluster.b.say("skala-4", "hej")
    keys = store.keys("*")
    assert keys and all(key.startswith(f"{PREFIX}:tracker:") for key in keys)
    assert all(0 < store.ttl(key) <= RECORD_EXP for key in keys)


def test_redis_down_gets_the_kind_message_and_recovers(cluster: Cluster) -> None:
    sender = "skala-5"
    cluster.redis.stop()
    try:
        replies = cluster.a.say(sender, "jag är 14")  # HTTP 200, else say() raises
        assert replies == [{"recipient_id": sender, "text": error_message()}]
    finally:
        cluster.redis.start()  # the same port and password; the old records are gone
    replies = cluster.b.say(sender, "jag är 14")
    assert replies and error_message() not in [reply.get("text") for reply in replies]
    assert cluster.a.tracker(sender)["slots"]["age"] == 14
