"""Prefixes of many small words: `python benchmarks/prefix_words.py [COMMENTS]` (default 100000).

Indexes COMMENTS generated comments of 20 common words each plus one of 20,000 rare words
(`item0` ... `item19999`, each in COMMENTS / 20,000 comments), then times a few prefix searches
(best of 5, CPU time) as the store chooses to run them (spelled out as words, or left to FTS5's
own prefix search), and again without weighing the pages of postings (spelled out up to 200
words), to check that choice where words are many and small (names, numbers), beside the
common words of `search_bench.py`.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader import library
from reader.formats import load
from reader.ftsquery import expand
from reader.store import Store

WORDS = "the of and to in is that it for on argue argument evidence data point".split()
FILES = 4
RARE = 20_000
QUERIES = ("item199*", "item19*", "item1*", "argu*", "author:user1*")


def write(path: Path, number: int, count: int, rng: random.Random) -> None:
    lines = [f"Thread {number}", "", "The post.", ""]
    for index in range(count):
        words = [*rng.choices(WORDS, k=20), f"item{(number * count + index) % RARE}"]
        lines += [f"   {index + 1}. user{index % 50} says:", "", "      " + " ".join(words), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def best_cpu(store: Store, query: str) -> float:
    times = []
    for _ in range(5):
        start = time.process_time()
        store.search(query)
        times.append(time.process_time() - start)
    return min(times) * 1000


def main() -> None:
    comments = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        with Store.open(folder / "data") as store, store.companion() as indexer:
            for number in range(FILES):
                path = folder / f"t{number}.txt"
                write(path, number, comments // FILES, rng)
                library.index_thread(indexer, load(path), path)
            for query in QUERIES:
                chosen = expand(query, store._prefix_words)
                as_chosen = best_cpu(store, query)
                everything = Store._extent
                Store._extent = lambda self, low, high: (10**9, 0)  # type: ignore[method-assign]
                spelled = expand(query, store._prefix_words).text != query
                forced = best_cpu(store, query)
                Store._extent = everything  # type: ignore[method-assign]
                how = "words" if chosen.text != query else "FTS5's prefix"
                other = "words" if spelled else "over 200 words: FTS5's prefix"
                print(f"{query:<15} store's choice ({how}): {as_chosen:6.1f} ms CPU;"
                      f" pages not weighed ({other}): {forced:6.1f} ms CPU")  # fmt: skip


if __name__ == "__main__":
    main()
