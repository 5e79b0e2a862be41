"""Time the statistics screen's figures: python benchmarks/bench_statistics.py [COMMENTS].

Writes a generated Reddit thread (dates, scores, `more` stubs) and a reply chain of COMMENTS
comments (default 100,000) in our own JSON, loads each, and prints the least CPU time of
`reader.statistics.thread_statistics` over a few runs and its parts.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_native
import gen_reddit

from reader import statistics
from reader.formats import load
from reader.model import Thread

RUNS = 5


def best_of(action: Callable[[], object]) -> float:
    """The least CPU time in ms of RUNS runs (on a shared machine wall-clock measures waiting)."""
    best = float("inf")
    for _ in range(RUNS):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best * 1000


def report(name: str, thread: Thread) -> None:
    counted = [c.kind not in statistics.NOT_COMMENTS for c in thread.comments]
    dates = [c.created for c in thread.comments if c.created is not None]
    parts = {
        "participants": lambda: statistics._participants(thread, counted, len(counted), 20),
        "depths": lambda: statistics.depth_histogram(thread, counted),
        "timeline": lambda: statistics.timeline(dates) if dates else None,
        "subthreads": lambda: statistics.longest_subthreads(thread, counted),
        "most replied": lambda: statistics.most_replied(thread, counted),
        "top scored": lambda: statistics.top_scored(thread, counted),
    }
    whole = best_of(lambda: statistics.thread_statistics(thread))
    each = ", ".join(f"{part} {best_of(action):.1f}" for part, action in parts.items())
    print(f"{name}: {len(thread.comments):,} comments: {whole:.1f} ms ({each})")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(
        f"{platform.processor() or 'unknown CPU'}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}; "
        f"least CPU time of {RUNS} runs"
    )
    with tempfile.TemporaryDirectory() as folder:
        bushy = Path(folder) / "reddit.json"
        gen_reddit.write(count, bushy)
        report("reddit", load(bushy))
        chain = Path(folder) / "chain.json"
        gen_native.write(count, chain, deep_chain=True)
        report("native chain", load(chain))


if __name__ == "__main__":
    main()
