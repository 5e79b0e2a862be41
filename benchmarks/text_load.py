"""Time loading a generated indented text archive: python benchmarks/text_load.py [COMMENTS].

Writes a bushy thread of COMMENTS comments (default 100,000) with gen_text.py to a temporary
folder, loads it several times and prints the best time for the whole load and for each stage.
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

from reader.formats import decode, load, read_bytes
from reader.formats import text as text_format

RUNS = 5


def best_of(action) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.txt"
        write(count, path)
        size = path.stat().st_size
        thread = load(path)
        text = decode(read_bytes(path))
        lines = text_format._lines(text)
        reader = text_format._Reader(lines)
        reader.read(text_format._post_end(lines, 1))
        items = reader.items
        stages = {
            "read + decode": lambda: decode(read_bytes(path)),
            "split lines": lambda: text_format._lines(text),
            "find items": lambda: text_format._Reader(lines).read(text_format._post_end(lines, 1)),
            "build comments": lambda: [text_format._finish(item) for item in items],
            "whole load": lambda: load(path),
        }
        print(f"machine: {platform.machine()} {platform.processor() or ''}".rstrip())
        print(f"python {platform.python_version()}, {os.cpu_count()} cpus")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        depth = thread.max_depth()
        print(f"input: {len(thread) - 1:,} comments, {size / 1e6:.1f} MB, depth {depth}")
        timings = {name: best_of(action) for name, action in stages.items()}
        timings["ids + pre-order (model)"] = timings["whole load"] - sum(
            value for name, value in timings.items() if name != "whole load"
        )
        for name, value in timings.items():
            print(f"{name:>24}: {value * 1000:8.1f} ms")
        print(f"(best of {RUNS} runs each; the model line is the whole load less the others)")


if __name__ == "__main__":
    main()
