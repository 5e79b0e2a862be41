"""Keys while the comments index fills: `python benchmarks/index_keys.py [COMMENTS]`
(default 100000).

Opens a generated text archive of COMMENTS comments in the app (headless, a fresh store, as
app_probe.py does): after the thread is read, the app indexes it (a large thread in a child
process, reader/indexer.py; before that, in a worker thread on its own connection). Keys (j, k,
J, l, h, space, each prepared as app_probe prepares them) are sent one after the other while
the indexing runs, then as many again once it is done, and each is timed from sending to the
next frame. Prints the key-to-frame times of both phases (median, p95, max, wall and CPU time
of the app's thread), the longest the event loop stood still, and the longest any of the
reader's own writes (read marks, position; not the indexer's) waited to begin.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

from app_probe import SIZE, Driver, FrameClock, Samples, preparations
from gen_text import write

KEYS = (("j", "j"), ("k", "k"), ("J", "J"), ("l", "l"), ("h", "h"), ("space", " "))


def indexing(app: Any) -> bool:
    children = getattr(app, "indexer", None)  # absent before the indexing child
    if children is not None and children.busy:
        return True
    return any(worker.group == "index" and not worker.is_finished for worker in app.workers)


def time_reader_writes(waits: list[tuple[float, float]]) -> None:
    """Record how long each of the reader's writes on the app's thread (read marks, the
    position, notes: not the loading worker's) waits for its transaction to begin, and how
    long it takes in all (its commit included)."""
    from reader.store import Store

    original = Store._write

    @contextmanager
    def timed(self: Any) -> Iterator[Any]:
        start = time.perf_counter()
        with original(self) as db:
            begun = time.perf_counter()
            yield db
        if not self._background and threading.current_thread() is threading.main_thread():
            waits.append((begun - start, time.perf_counter() - start))

    Store._write = timed  # type: ignore[method-assign]


async def stalls(longest: list[float], stop: asyncio.Event) -> None:
    """The longest gap between two ticks of the event loop (a tick every millisecond)."""
    tick = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(0.001)
        longest[0] = max(longest[0], time.perf_counter() - tick - 0.001)
        tick = time.perf_counter()


async def press_while(driver: Driver, tree: Any, going: Any, at_most: int) -> Samples:
    """Send keys round-robin while `going()` holds, at most `at_most` of them."""
    prepare = preparations(tree, random.Random(5))
    samples = Samples()
    sent = 0
    while going() and sent < at_most:
        name, char = KEYS[sent % len(KEYS)]
        if prepare[name]():
            samples.add(await driver.press(name, char))
        sent += 1
    return samples


async def run(path: Path) -> None:
    from reader.ui.app import ReaderApp
    from reader.ui.widgets.tree import CommentTree

    clock = FrameClock()
    clock.install()
    waits: list[tuple[float, float]] = []
    time_reader_writes(waits)
    app = ReaderApp(path)
    async with app.run_test(size=SIZE) as pilot:
        while not clock.whole_drawn:
            await asyncio.sleep(0.001)
        driver = Driver(app, clock)
        waited = time.perf_counter()
        while not indexing(app) and time.perf_counter() - waited < 10:
            await asyncio.sleep(0.001)
        started = time.perf_counter()
        del waits[:]  # the writes from here on
        tree = app.screen.query_one(CommentTree)
        longest, stop = [0.0], asyncio.Event()
        ticker = asyncio.create_task(stalls(longest, stop))
        during = await press_while(driver, tree, lambda: indexing(app), 100_000)
        spent = time.perf_counter() - started
        during_stall, longest[0] = longest[0], 0.0
        during_writes = len(waits)
        after = await press_while(driver, tree, lambda: True, len(during.wall))
        stop.set()
        await ticker
        print(f"indexing ran {spent:.1f} s after the keys began")
        report("while indexing", during, during_stall)
        report("after indexing", after, longest[0])
        for label, part in (("while", waits[:during_writes]), ("after", waits[during_writes:])):
            wait = max((w for w, _ in part), default=0.0) * 1000
            whole = max((t for _, t in part), default=0.0) * 1000
            print(f"reader's writes {label} indexing: {len(part)}, longest wait {wait:.1f} ms,"
                  f" longest in all {whole:.1f} ms")  # fmt: skip
        await pilot.press("q")


def report(label: str, samples: Samples, stall: float) -> None:
    summary = samples.summary()
    if summary is None:
        print(f"{label}: no keys timed")
        return
    print(
        f"{label:15} {summary['n']:4.0f} keys: median {summary['median'] * 1000:6.1f} ms,"
        f" p95 {summary['p95'] * 1000:6.1f} ms, max {summary['max'] * 1000:6.1f} ms;"
        f" CPU median {summary['cpu_median'] * 1000:5.1f} ms, p95 {summary['cpu_p95'] * 1000:5.1f}"
        f" ms; longest event-loop stall {stall * 1000:.0f} ms"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    os.environ["THREAD_READER_HOME"] = tempfile.mkdtemp(prefix="thread-reader-bench-")
    os.environ.setdefault("TEXTUAL_FPS", "240")
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / "thread.txt"
        write(count, archive)
        asyncio.run(run(archive))


if __name__ == "__main__":
    main()
