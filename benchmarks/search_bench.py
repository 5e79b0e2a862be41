"""Time the comments index: `python benchmarks/search_bench.py [PER_FILE] [FILES]`
(default 100000 comments in 1 file).

Writes FILES text archives of PER_FILE comments each (gen_text's bushy shape: 1-5 paragraphs of
generated words), loads each, indexes it (`library.index_thread` on the store's indexing
connection, as the app's worker does: rows into `comments`, FTS5 filled from them) and reports
comments per second (wall and CPU time: the CPU figure is steadier on a shared machine), the
store's growth per indexed comment, then the time of a few queries (best of 5, wall and CPU
time, 50 results with a snippet each). Only the indexing is timed, not the load.

`python benchmarks/search_bench.py --file PATH` indexes that archive instead (as notmuch is
measured beside it on the generated mbox, benchmarks/README.md), and reports its load time too.

`--store DIR` (after the other arguments) keeps the store in DIR instead of a scratch folder;
when DIR already holds indexed comments, nothing is written or indexed and only the queries
run, so a million comments are built once and queried by several versions of the code.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

from gen_text import write

from reader import library
from reader.formats import load
from reader.store import STORE_FILE, Store

QUERIES = (
    "evidence",
    '"agree disagree"',
    "argu*",
    "ev*",
    "a*",
    "author:user7",
    "author:user1*",
    "author:user*",
    "author:user7 argu*",
    "evidence NOT history",
    "zzq*",
    "zzzq",
)


def store_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.glob(STORE_FILE + "*"))


def main() -> None:
    arguments = sys.argv[1:]
    kept = Path(arguments.pop(arguments.index("--store") + 1)) if "--store" in arguments else None
    arguments = [argument for argument in arguments if argument != "--store"]
    given = Path(arguments[1]) if arguments[:1] == ["--file"] else None
    per_file = int(arguments[0]) if arguments and given is None else 100_000
    files = int(arguments[1]) if len(arguments) > 1 and given is None else 1
    print(f"machine: {platform.machine()} cpus={os.cpu_count()}")
    print(f"python {platform.python_version()}")
    if kept is not None and (kept / STORE_FILE).exists():
        with Store.open(kept) as store:
            (indexed,) = store._read("SELECT count(*) FROM comments")[0]
            print(f"store {kept}: {indexed:,} comments indexed; queries only")
            _queries(store)
        return
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        data = kept or root / "data"
        archive = given or root / "a0.txt"
        if given is None:
            write(per_file, archive)
        with Store.open(data) as store, store.companion() as indexer:
            empty = store_bytes(data)
            total, spent, cpu = 0, 0.0, 0.0
            for number in range(files):
                path = archive if given else root / f"a{number}.txt"
                if number:
                    path.write_bytes(archive.read_bytes() + b"\n" * number)  # another file
                loading = time.perf_counter()
                thread = load(path)
                if given:
                    print(f"loaded {path.name}: {time.perf_counter() - loading:.2f} s")
                start, start_cpu = time.perf_counter(), time.process_time()
                total += library.index_thread(indexer, thread, path) or 0
                spent += time.perf_counter() - start
                cpu += time.process_time() - start_cpu
            store._read("PRAGMA wal_checkpoint(TRUNCATE)")
            grown = store_bytes(data) - empty
            print(f"indexed {total:,} comments in {files} files: {spent:.2f} s,"
                  f" {total / spent:,.0f} comments/s; CPU {cpu:.2f} s,"
                  f" {total / cpu:,.0f} comments/s")  # fmt: skip
            print(f"store growth: {grown / 1e6:.1f} MB, {grown / total:.0f} bytes per comment")
            _queries(store)


def _queries(store: Store) -> None:
    """Time each query: best of 5 (wall and CPU time), 50 results with a snippet each."""
    for query in QUERIES:
        runs = [_timed(store, query) for _ in range(5)]
        wall, cpu = min(run[0] for run in runs), min(run[1] for run in runs)
        found = len(store.search(query))
        print(f"query {query!r:<26} {wall * 1000:7.1f} ms, CPU {cpu * 1000:7.1f} ms"
              f"  ({found} shown)")  # fmt: skip


def _timed(store: Store, query: str) -> tuple[float, float]:
    start, start_cpu = time.perf_counter(), time.process_time()
    store.search(query)
    return time.perf_counter() - start, time.process_time() - start_cpu


if __name__ == "__main__":
    main()
