"""Helpers for the index tests: an indexer made to meet a write of the reader's midway."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from reader import library
from reader.model import Thread
from reader.store import IndexRow

Rows = Callable[[Thread], Iterator[IndexRow]]


def rows_meeting_a_write(
    saving: threading.Thread, waiting: Callable[[], bool], done: list[bool]
) -> Rows:
    """`library.index_rows`, but the reader's write `saving` starts inside the indexer's
    first transaction (once `waiting()` says it waits its turn, the rows go on), and two rows
    on `done` gets whether it had finished by then."""
    rows = library.index_rows

    def slow_rows(thread: Thread) -> Iterator[IndexRow]:
        for number, row in enumerate(rows(thread), 1):
            if number == 3:  # the indexer's next transaction: the write is in by now
                saving.join(timeout=5)
                done.append(not saving.is_alive())
            yield row
            if number == 1:  # the indexer is inside a transaction: the reader writes
                saving.start()
                started = time.monotonic()
                while not waiting() and time.monotonic() - started < 5:
                    time.sleep(0.001)

    return slow_rows
