"""Optional hot spots of the running servers with py-spy (used only when it is installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
_PLUMBING = re.compile(r"\((dask/|sanic/|asyncio/|<frozen)|^(connection_task|handle_request|handler|webhook) ")


def py_spy() -> str | None:
    """The py-spy executable next to this Python, or on PATH, or None."""
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


def _short(frame: str) -> str:
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for marker in ("site-packages/", "/work/main/", "lib/python3.10/"):
        path = path.split(marker, 1)[-1]
    return f"{match['func']} ({path})"


def record(pid: int, seconds: int, out: Path) -> None:
    """Sample `pid` for `seconds` at 100 Hz into a raw (collapsed stacks) file."""
    args = [str(py_spy()), "record", "--pid", str(pid), "--duration", str(seconds), "--rate", "100", "--function",
            "--format", "raw", "--output", str(out)]
    subprocess.run(args, timeout=seconds + 60, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summarize(raw: Path, top: int = 12) -> str:
    """Markdown: the functions most often on CPU (self) and most often on the stack (inclusive)."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [_short(frame) for frame in stack.split(";")[1:]]  # the first names the thread
        if frames and count.isdigit():
            own[frames[-1]] += int(count)
            inclusive.update({frame: int(count) for frame in set(frames)})
    total = sum(own.values())
    if not total:
        return "No samples."
    broad = [(f, n) for f, n in inclusive.most_common() if n / total < 0.9 and not _PLUMBING.search(f)]
    return "\n".join([
        f"{total} samples. Self time (the function itself on CPU):", "", "| % | function |", "|---:|---|",
        *(f"| {n / total:.1%} | `{f}` |" for f, n in own.most_common(top)), "",
        "Inclusive time (on the stack; server, dask and asyncio plumbing and frames in over 90 % of samples "
        "left out):", "", "| % | function |", "|---:|---|",
        *(f"| {n / total:.1%} | `{f}` |" for f, n in broad[: top + 8])])


def hot_spots(pids: dict[str, int], seconds: int, level: int, folder: Path, load: Callable[[], object]) -> str:
    """Profile every labelled server while `load()` runs; a markdown summary per server."""
    threads = [threading.Thread(target=record, args=(pid, seconds, folder / f"py-spy-{name}.txt"))
               for name, pid in pids.items()]
    for thread in threads:
        thread.start()
    load()
    for thread in threads:
        thread.join()
    parts = [f"Sampled at 100 Hz for {seconds} s with `py-spy record --function` during an extra run at {level} "
             "concurrent conversations (not counted above)."]
    for name in pids:
        raw = folder / f"py-spy-{name}.txt"
        parts.append(f"### {name} server\n\n" + (summarize(raw) if raw.exists() else "No profile."))
    return "\n\n".join(parts)
