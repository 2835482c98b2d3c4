"""The load generator: N concurrent simulated conversations over Rasa's REST channel (aiohttp).

Each conversation sends its messages one at a time (the next only after the reply), under a
fresh sender id; a worker starts a new conversation when one ends, until the time is up. With
several server URLs the messages go round-robin over them, as a load balancer without sticky
sessions sends them (the servers share conversations through Redis).
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import yaml

Flow = tuple[str, tuple[str, ...]]  # (name, the user's messages in order)


def stodguiden_flows(stories: Path) -> list[Flow]:
    """The user turns of every conversation in tests/stories/test_conversations.yml."""
    data = yaml.safe_load(stories.read_text(encoding="utf-8"))
    flows = []
    for story in data["stories"]:
        texts = tuple(step["user"].strip() for step in story["steps"] if "user" in step)
        if texts:
            flows.append((story["story"], texts))
    return flows


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of `values`, 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


@dataclass
class LoadResult:
    """What one load level measured (latencies in seconds, for every answered turn)."""

    bot: str
    concurrency: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    lost: int = 0
    conversations: int = 0
    lost_examples: list[str] = field(default_factory=list)
    error_examples: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # average cores busy, by process

    @property
    def throughput(self) -> float:
        """Answered messages (HTTP 200) per second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        """Latency percentile in milliseconds."""
        return percentile(self.latencies, q) * 1000

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


async def _turn(session: aiohttp.ClientSession, url: str, sender: str, text: str) -> tuple[int, list[dict]]:
    async with session.post(url, json={"sender": sender, "message": text}) as response:
        body = await response.json(content_type=None) if response.status == 200 else []
        return response.status, body


def _lost(body: list[dict[str, object]], failure: str | None) -> bool:
    """No reply, or only the bot's own "something went wrong" message."""
    return not body or bool(failure and any(failure in str(reply.get("text", "")) for reply in body))


async def _worker(index: int, session: aiohttp.ClientSession, urls: list[str], flows: list[Flow], deadline: float,
                  result: LoadResult, failure: str | None, sticky: bool) -> None:
    position, sent = index, index
    while time.monotonic() < deadline:
        name, texts = flows[position % len(flows)]
        position += 1
        sender = f"bench-{uuid.uuid4().hex}"
        for text in texts:
            if time.monotonic() >= deadline:
                break
            url = urls[(position if sticky else sent) % len(urls)]
            sent += 1
            started = time.perf_counter()
            try:
                status, body = await _turn(session, url, sender, text)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                kind = "timeout" if isinstance(error, asyncio.TimeoutError) else type(error).__name__
                result.errors[kind] += 1
                result.error_examples.append(f"{name}: {text!r}: {kind}")
                break
            if status != 200:
                result.errors[f"HTTP {status}"] += 1
                result.error_examples.append(f"{name}: {text!r}: HTTP {status}")
                break
            result.latencies.append(time.perf_counter() - started)
            if _lost(body, failure):
                result.lost += 1
                result.lost_examples.append(f"{name}: {text!r}")
        result.conversations += 1


async def _run(bot: str, urls: list[str], flows: list[Flow], concurrency: int, seconds: float, timeout: float,
               failure: str | None, sticky: bool) -> LoadResult:
    result = LoadResult(bot, concurrency)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        started = time.monotonic()
        deadline = started + seconds
        workers = (_worker(i, session, urls, flows, deadline, result, failure, sticky) for i in range(concurrency))
        await asyncio.gather(*workers)
        result.seconds = time.monotonic() - started
    return result


def run_load(bot: str, url: str | list[str], flows: list[Flow], concurrency: int, seconds: float, timeout: float,
             failure: str | None = None, sticky: bool = False) -> LoadResult:
    """Run `concurrency` conversations against `url` (or round-robin over several) for `seconds`,
    every request bounded by `timeout`. `sticky`: each conversation stays on one server (as with
    sticky sessions), otherwise every message goes to the next server.

    A reply holding `failure` (the bot's own "something went wrong" text) counts as a lost turn.
    """
    urls = [url] if isinstance(url, str) else list(url)
    return asyncio.run(_run(bot, urls, flows, concurrency, seconds, timeout, failure, sticky))
