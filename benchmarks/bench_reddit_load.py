"""Time parsing and loading a large Reddit thread: stdlib json against orjson, then the importer.

Generates the thread with gen_reddit into a temporary folder (or times --file), then prints the
machine, the input size and, for each step, the best and median of --repeat runs:

    python benchmarks/bench_reddit_load.py --comments 100000 --repeat 5
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from gen_reddit import write

from reader.formats import collector_paused, decode, load
from reader.formats.jsontext import loads_deep, loads_skeletons

try:
    import orjson
except ImportError:  # orjson is optional: only measured where installed
    orjson = None


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
        + (f", orjson {orjson.__version__}" if orjson else ", orjson not installed")
    )


def timed(step: Callable[[], Any], repeat: int) -> tuple[float, float, float]:
    """Best and median wall seconds, and best CPU seconds, of `repeat` runs.

    CPU time is the steadier figure on a shared machine; each run starts after a collection.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        del result
    return min(walls), statistics.median(walls), min(cpus)


def report(name: str, figures: tuple[float, float, float], size: int) -> None:
    best, median, cpu = figures
    print(
        f"  {name:<40} wall best {best:6.2f} s, median {median:6.2f} s;"
        f" CPU best {cpu:6.2f} s ({size / 1e6 / cpu:4.0f} MB/s)"
    )


def paused(step: Callable[[], Any]) -> Callable[[], Any]:
    """`step` run with the cyclic garbage collector paused, as parse_json does."""

    def run() -> Any:
        with collector_paused():
            return step()

    return run


def bench(path: Path, repeat: int) -> None:
    data = path.read_bytes()
    size = len(data)
    thread = load(path)
    counts = thread.kind_counts()
    comments = counts.get("comment", 0) + counts.get("deleted", 0)
    print(machine())
    print(
        f"{path.name}: {size / 1e6:.1f} MB, {comments} comments, {counts.get('more', 0)} more"
        f" stubs, max depth {thread.max_depth()}, {repeat} runs each"
    )
    del thread
    text = decode(data)
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("read the file", path.read_bytes),
        ("decode UTF-8 (errors=replace)", lambda: decode(data)),
        ("json.loads(str)", lambda: json.loads(text)),
        ("json.loads(str), gc paused [importer]", paused(lambda: json.loads(text))),
    ]
    if orjson is not None:
        steps.append(("orjson.loads(bytes)", lambda: orjson.loads(data)))
        steps.append(("orjson.loads(bytes), gc paused", paused(lambda: orjson.loads(data))))
    steps.append(("reader.formats.load -> Thread [importer]", lambda: load(path)))
    for name, step in steps:
        report(name, timed(step, repeat), size)


def bench_deep(folder: Path, depth: int, repeat: int) -> None:
    """A reply chain `depth` deep: json.loads gives up, parsing goes by pieces."""
    path = folder / "deep.json"
    size = write(depth, path, deep_chain=True)
    text = decode(path.read_bytes())
    print(f"reply chain {depth} deep: {size / 1e6:.1f} MB")
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("loads_skeletons [importer]", paused(lambda: loads_skeletons(text))),
        ("loads_deep (exact path, for errors)", paused(lambda: loads_deep(text))),
        ("reader.formats.load -> Thread", lambda: load(path)),
    ]
    for name, step in steps:
        report(name, timed(step, repeat), size)
    print("  (orjson before 3.9.15 overflows the C stack on this: a segfault, CVE-2024-27454;")
    print("   later versions refuse nesting past 1,024 levels)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--deep", type=int, default=100_000, help="reply chain depth; 0 skips")
    parser.add_argument("--file", type=Path, help="time this file instead of a generated one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.file
        if path is None:
            path = Path(folder) / f"reddit-{args.comments}.json"
            write(args.comments, path)
        bench(path, args.repeat)
        if args.deep:
            bench_deep(Path(folder), args.deep, max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
