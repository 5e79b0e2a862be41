"""The comments index filled by a child process, which never holds the app's interpreter.

The app hands `BackgroundIndexer.add` each large archive it has read. One file at a time, a
child process (`thread-reader index-one FILE`, at a lower priority) reads the file and indexes
it into the same store, as `library.index_file` does: not at all when the index holds this
copy (size and time, else content hash).

The app's own writes (notes, read marks, the position) still go first: before each one waits
for its turn the app writes a line `w` to the child's standard input, and `d` once it is done.
Meanwhile the child starts no transaction and ends the one it is in at its next step
(`Store.outside_writer`), so the app's write waits on SQLite's busy timeout for one step of
indexing at most. When the app is gone (quit, crash or kill: its end of the pipe closes) the
child finishes the file it is on, in transactions that each commit whole, and exits; files
still queued are indexed when next read.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import deque
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, BinaryIO

from reader import library
from reader.store import Store

NICENESS = 10  # the child's priority below the app's (os.nice)
# Threads this small are indexed in the app's own worker thread: a child costs about 0.25 s of
# CPU and 30 MB to start, more than indexing 2,000 comments in place (about 0.1 s).
IN_PROCESS_AT_MOST = 2_000
WAIT, DONE = b"w\n", b"d\n"  # the app's write waits / is done (lines on the child's stdin)


@dataclass(frozen=True, slots=True)
class Job:
    """A file to index, with the store's key for its thread and the format it was read as."""

    path: Path
    key: str | None = None
    format: str | None = None


def command(job: Job, data_dir: Path) -> list[str]:
    """The child's command line: this Python running `index-one`."""
    line = [sys.executable, "-m", "reader", "index-one", str(job.path.resolve())]
    line += ["--data-dir", str(data_dir)]
    if job.key:
        line += ["--key", job.key]
    if job.format:
        line += ["--format", job.format]
    return line


def child_environment() -> dict[str, str]:
    """This environment with this copy of `reader` first on the child's import path (so a
    checkout runs its own code, not an installed copy)."""
    root = str(Path(__file__).resolve().parent.parent)
    before = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([root, before]) if before else root}


def _tell(pipe: IO[bytes], waiting: bool) -> None:
    # OSError: the child has exited; ValueError: its pipe was closed at quit. Nobody to tell.
    with suppress(OSError, ValueError):
        pipe.write(WAIT if waiting else DONE)


class BackgroundIndexer:
    """Index files in child processes, one at a time, in the order given; the writes of this
    process to `store`'s file go first. Nothing here waits for a child but its own thread."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._ready = threading.Condition()
        self._jobs: deque[Job] = deque()
        self._running: subprocess.Popen[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def busy(self) -> bool:
        """Whether a file is being indexed or waits to be."""
        with self._ready:
            return bool(self._jobs) or self._running is not None

    def add(self, path: Path, key: str | None = None, format: str | None = None) -> None:
        """Index `path` after the files given before (once only, however often it is given)."""
        job = Job(path, key, format)
        with self._ready:
            if self._closed or job in self._jobs:
                return
            self._jobs.append(job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="indexer", daemon=True)
                self._thread.start()
            self._ready.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every file given is indexed (or has failed); whether that happened."""
        with self._ready:
            return self._ready.wait_for(lambda: not self._jobs and not self._running, timeout)

    def close(self) -> None:
        """Start no more children and drop the files queued; the one running finishes its
        file and exits (it is not waited for)."""
        with self._ready:
            self._closed = True
            self._jobs.clear()
            running = self._running
            self._ready.notify_all()
        if running is not None and running.stdin is not None:
            running.stdin.close()

    def _work(self) -> None:
        while (job := self._next()) is not None:
            self._index(job)

    def _next(self) -> Job | None:
        with self._ready:
            self._ready.wait_for(lambda: self._jobs or self._closed)
            return None if self._closed else self._jobs[0]

    def _index(self, job: Job) -> None:
        """Run one child for `job` and wait for it (in this object's own thread)."""
        process = self._start(job)
        if process is not None and process.stdin is not None:
            tell = partial(_tell, process.stdin)
            self._store.tell_writes(tell)
            process.wait()
            self._store.stop_telling(tell)
            process.stdin.close()
        with self._ready:
            self._running = None
            if self._jobs and self._jobs[0] == job:
                self._jobs.popleft()
            self._ready.notify_all()

    def _start(self, job: Job) -> subprocess.Popen[bytes] | None:
        """The child for `job` (None: closed meanwhile, or no child could start, and then the
        next reading of the file tries again)."""
        with self._ready:
            if self._closed:
                return None
            try:
                self._running = subprocess.Popen(
                    command(job, self._store.path.parent),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    bufsize=0,
                    env=child_environment(),
                    start_new_session=True,  # the terminal's signals are the app's, not its
                )
            except OSError:
                return None
            return self._running


# The child's side.


def follow(commands: BinaryIO, store: Store) -> None:
    """Hold the write turn of `store`'s file while the app's writes wait or run, as the app's
    lines on `commands` say, until the app closes its end."""
    held = ExitStack()
    waiting = 0
    for line in commands:
        if line == WAIT:
            waiting += 1
            if waiting == 1:
                held.enter_context(store.outside_writer())
        elif line == DONE and waiting:
            waiting -= 1
            if waiting == 0:
                held.close()
    held.close()  # the app is gone: nobody else's write to wait for


def index_in_child(
    data_dir: Path | None, path: Path, key: str | None, format: str | None, commands: BinaryIO
) -> int | None:
    """What `index-one` does: index `path` into the store in `data_dir`, giving way to the
    app's writes as `commands` tells; comments indexed (None: the index holds this copy)."""
    with Store.open(data_dir) as opened, opened.companion() as store:
        threading.Thread(target=follow, args=(commands, store), daemon=True).start()
        return library.index_file(store, path, format, key)
