"""Time loading a generated indented text archive: python benchmarks/text_load.py [COMMENTS].

Writes a bushy thread of COMMENTS comments (default 100,000) with gen_text.py to a temporary
folder, loads it several times and prints the least CPU time for the whole load and each stage.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_text import write

from reader.formats import collector_paused, load
from reader.formats import text as text_format

RUNS = 5


def best_of(action) -> float:  # type: ignore[no-untyped-def]
    """The least CPU time of RUNS runs (on a shared machine wall-clock mostly measures waiting)."""
    best = float("inf")
    for _ in range(RUNS):
        with collector_paused():  # as reader.formats.load reads
            start = time.process_time()
            action()
            best = min(best, time.process_time() - start)
    return best


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.txt"
        write(count, path)
        size = path.stat().st_size
        thread = load(path)
        blocks = list(text_format._blocks(text_format._file_pieces(path)))

        def read_items() -> None:
            reader = text_format._Reader()
            first = blocks[0]
            reader.read_blocks(first[first.index("\n  1. ") :], iter(blocks[1:]))
            reader.finish()

        stages = {
            "read + decode": lambda: list(text_format._file_pieces(path)),
            "pieces to blocks": lambda: list(text_format._blocks(text_format._file_pieces(path))),
            "items and bodies": read_items,
            "whole load": lambda: load(path),
        }
        print(f"machine: {platform.machine()} {platform.processor() or ''}".rstrip())
        print(f"python {platform.python_version()}, {os.cpu_count()} cpus")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        depth = thread.max_depth()
        print(f"input: {len(thread) - 1:,} comments, {size / 1e6:.1f} MB, depth {depth}")
        timings = {name: best_of(action) for name, action in stages.items()}
        timings["ids + pre-order (model)"] = (
            timings["whole load"] - timings["pieces to blocks"] - timings["items and bodies"]
        )
        for name, value in timings.items():
            print(f"{name:>24}: {value * 1000:8.1f} ms")
        print(f"(CPU time, best of {RUNS} runs each; the model line is the whole load less the")
        print(" blocks and items lines, which include reading and decoding)")


if __name__ == "__main__":
    main()
