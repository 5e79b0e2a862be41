"""Time the store on a large thread: `python benchmarks/store_bench.py [COUNT]` (default 100000).

Figures: recording a first and a second visit (every comment id upserted), marking the whole
thread read, saving one note, and placing notes whose comment ids changed (the text-archive
case: found again by excerpt similarity near their saved position).
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))

from gen_text import write

from reader.annotations import Annotations
from reader.formats import load
from reader.model import Thread
from reader.store import Anchor, Store

MOVED_NOTES = 20


def timed(label: str, action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")
    return result


def open_on(store: Store, thread: Thread) -> Annotations:
    return Annotations.open(store, thread)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()}")
    print(f"python {platform.python_version()}, comments: {count}")
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "big.txt"
        write(count, archive)
        thread = timed("load the archive (for reference)", lambda: load(archive))
        with Store.open(Path(folder) / "data") as store:
            first = timed("first visit (record every comment)", lambda: open_on(store, thread))
            timed("second visit", lambda: open_on(store, thread))
            timed("mark the whole thread read (command)", lambda: first.mark_all(True))
            timed("mark 10,000 comments unread", lambda: first.mark(range(10_000), False))
            timed("save one note", lambda: first.save_note(len(thread) // 2, "a note"))
            step = len(thread) // (MOVED_NOTES + 1)
            for number in range(1, MOVED_NOTES + 1):
                anchor = Anchor.of(thread, number * step)
                store.save_note(first.key, replace(anchor, comment_id=f"{number:016x}"), "moved")
            placed = timed(
                f"visit placing {MOVED_NOTES} notes by excerpt", lambda: open_on(store, thread)
            )
            found = sum(1 for n in placed.notes.values() if n.text == "moved")
            print(f"notes found again by excerpt: {found} of {MOVED_NOTES}")
            for number in range(1, MOVED_NOTES + 1):
                gone = Anchor(f"{number:015x}f", number * step, "nobody", None, f"gone {number}")
                store.save_note(first.key, gone, "orphan")
            placed = timed(
                f"visit with {MOVED_NOTES} more notes found nowhere", lambda: open_on(store, thread)
            )
            print(f"orphaned notes listed: {len(placed.orphan_notes)}")
        size = sum(p.stat().st_size for p in (Path(folder) / "data").iterdir())
        print(f"store size on disk: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
