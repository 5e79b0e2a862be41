"""Time the views of issue 12 on a large thread, in-process.

`python benchmarks/views_bench.py [FILE]` (default: a generated 100,000-comment Reddit thread,
benchmarks/out/reddit-100000.json, written by gen_reddit.py if it is missing).

Figures: sorting replies by date and by score (the first time: the order is built; again:
reused), a fold and an unfold of the biggest subtree in sorted order, the flat view on and
off, building what the palette's jump searches, and single queries of it (hits and misses).
The existing in-thread search of one word is timed beside them: on a shared machine, compare
figures within one run.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.formats import load
from reader.jump import CommentFinder
from reader.search import SearchIndex
from reader.view import ThreadView

HERE = Path(__file__).parent
DEFAULT = HERE / "out" / "reddit-100000.json"


def timed(label: str, action: Callable[[], Any], repeat: int = 1) -> Any:
    """Run `action` `repeat` times; print the best time."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<52} {best * 1000:9.1f} ms")
    return result


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        generator = [sys.executable, str(HERE / "gen_reddit.py"), "100000", str(path)]
        subprocess.run(generator, check=True)
    print(f"machine: {platform.machine()} cpus={os.cpu_count()} load={os.getloadavg()[0]:.1f}")
    print(f"python {platform.python_version()}, file: {path.name}")
    thread = timed("load (for reference)", lambda: load(path))
    print(f"comments: {len(thread):,}")
    search = SearchIndex(thread)
    search.find("zz")  # the first search reads (converts) every body
    timed("in-thread search 'zz', again (for reference)", lambda: search.find("zz"))
    view = ThreadView(thread)
    timed("sort by date, first time", lambda: view.set_order("date"))
    timed("sort by score, first time", lambda: view.set_order("score"))
    timed("sort by date again", lambda: view.set_order("date"))
    tops = [i for i in range(1, len(thread)) if thread.comments[i].depth == 1]
    big = max(tops, key=lambda index: thread.comments[index].subtree_size)
    size = thread.comments[big].subtree_size
    timed(f"fold {size:,} comments, sorted", lambda: view.fold(big))
    timed(f"unfold {size:,} comments, sorted", lambda: view.unfold(big))
    timed("back to the archive's order", lambda: view.set_order("archive"))
    timed("flat view on, first time", lambda: view.set_flat(True))
    timed("flat view off", lambda: view.set_flat(False))
    timed("flat view on again", lambda: view.set_flat(True))
    finder = timed("palette jump: build (once per thread)", lambda: CommentFinder(thread))
    for query in ("user1", "the", "zz", "qqqxj", "user12 the", "one two"):
        hits = len(finder.find(query))
        timed(f"palette jump: {query!r} ({hits} found)", lambda q=query: finder.find(q), 5)


if __name__ == "__main__":
    main()
