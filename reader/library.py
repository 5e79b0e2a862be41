"""The library: the archives in a folder and the threads opened before; the comments index.

The start screen lists what `scan` finds, batch by batch, beside what the store remembers
(`Known`). A file never opened is described cheaply: a small one (`FULL_LOAD_BYTES` or less) is
read whole for its title and comment count; a larger one gives its title and the count of the
comments in its first bytes (the format's preview of the head, shown as "N+"); a format without a
preview shows the file's name. A file opened before, or indexed and unchanged since, is described
from the store instead. No Textual here: the screen is a thin adapter over these functions.

The index: `index_thread` puts a read thread's comments into the store's FTS5 index unless
the file is unchanged since it was indexed (same size and time, or else the same content hash);
`index_file` reads the file first, when it must (the app's indexing child, reader/indexer.py);
`index_folder` does the same for every archive in a folder (`search --in DIR`).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.formats import ArchiveError, Format, load, looks_binary, read_head, sniff_format
from reader.model import Thread, iso
from reader.store import (
    READABLE_KINDS,
    IndexedFile,
    IndexRow,
    Store,
    ThreadRecord,
)

FULL_LOAD_BYTES = 256 * 1024  # archives this small are read whole to describe them
# Below this sniffing score a file is only a guess (any text file is "text" at 5): it is listed
# only when it turns out to hold replies, so a folder's README is not a thread.
CONFIDENT_SNIFF = 10
BATCH_SECONDS = 0.1  # how often a scan hands over what it found
HASH_CHUNK = 1024 * 1024

# Sort columns in the order the sort key cycles through them, with their header labels.
SORT_COLUMNS: dict[str, str] = {
    "opened": "Last opened",
    "title": "Title",
    "comments": "Comments",
    "unread": "Unread",
    "new": "New",
    "notes": "Notes",
    "bookmarks": "Bookmarks",
    "format": "Format",
}
_TEXT_COLUMNS = frozenset({"title", "format"})  # sorted A to Z; the others largest first


@dataclass(slots=True)
class Entry:
    """One row of the library: a thread, its file, and what the store knows of it."""

    title: str
    format: str
    path: str | None
    comments: int | None = None
    at_least: bool = False  # `comments` counts only the first bytes of a large file
    key: str | None = None  # the store's key, once the thread was opened
    unread: int | None = None
    new: int = 0
    notes: int = 0
    bookmarks: int = 0
    opened_at: str | None = None
    missing: bool = False  # the file it was opened from is gone

    @property
    def ident(self) -> str:
        """What tells rows apart: the file, or the store's key for a thread without one."""
        return self.path or f"thread:{self.key}"

    @property
    def name(self) -> str:
        return Path(self.path).name if self.path else ""


def from_record(
    record: ThreadRecord, indexed: IndexedFile | None = None, *, check_file: bool = True
) -> Entry:
    """A thread the store remembers as a row (its comments counted as the index counted them,
    the post left out, when the file is indexed)."""
    missing = check_file and not (record.path and Path(record.path).exists())
    return Entry(
        title=record.title or "(untitled)",
        format=record.format,
        path=record.path,
        comments=record.comment_count if indexed is None else indexed.comment_count,
        key=record.id,
        unread=record.unread,
        new=record.new,
        notes=record.notes,
        bookmarks=record.bookmarks,
        opened_at=record.opened_at,
        missing=missing,
    )


@dataclass(frozen=True, slots=True)
class Known:
    """What the store knows, read once before a scan: threads and indexed files by path."""

    threads: dict[str, ThreadRecord]
    indexed: dict[str, IndexedFile]
    records: tuple[ThreadRecord, ...] = ()

    @classmethod
    def of(cls, store: Store | None) -> Known:
        if store is None:
            return cls({}, {})
        records = store.all_threads()
        indexed = store.indexed_files() if store.search_problem is None else {}
        threads: dict[str, ThreadRecord] = {}
        for record in reversed(records):  # the most recently opened wins a shared path
            if record.path:
                threads[record.path] = record
        return cls(threads, indexed, tuple(records))

    def entries(self) -> list[Entry]:
        """A row for every thread the store remembers."""
        return [from_record(r, self.indexed.get(r.path or "")) for r in self.records]


def find_archives(folder: Path) -> list[Path]:
    """The candidate files under `folder`, recursively, in name order; a maildir is one.

    Hidden files and folders are left out. Nothing is read here: `describe` sniffs each.
    """
    found: list[Path] = []
    for root, folders, files in os.walk(folder):
        base = Path(root)
        if {"cur", "new"} <= set(folders):
            found.append(base)  # a maildir: its messages are one archive
            folders.clear()
            continue
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found.extend(base / name for name in sorted(files) if not name.startswith("."))
    return found


def archive_format(path: Path) -> tuple[int, Format, bytes] | None:
    """The sniffing score and format of a file, and its first bytes (None: not an archive,
    or unreadable)."""
    try:
        head = read_head(path)
    except (OSError, ArchiveError):
        return None
    if path.is_file() and (not head.strip() or looks_binary(head)):
        return None
    found = sniff_format(head, path)
    return None if found is None else (*found, head)


def describe(path: Path, known: Known) -> Entry | None:
    """The library row of one file, or None when it is not a thread archive."""
    sniffed = archive_format(path)
    if sniffed is None:
        return None
    score, fmt, head = sniffed
    try:
        resolved = str(path.resolve())
        stat = path.stat()
    except OSError:
        return None
    record = known.threads.get(resolved)
    if record is not None:
        return from_record(record, known.indexed.get(resolved), check_file=False)
    indexed = known.indexed.get(resolved)
    if indexed and (indexed.size, indexed.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
        return Entry(indexed.title, indexed.format, resolved, indexed.comment_count)
    entry = _peek(path, resolved, fmt.name, fmt.preview, head, stat.st_size)
    if score < CONFIDENT_SNIFF and entry.comments is not None and entry.comments <= 1:
        return None  # a guess that found no replies: some other text file
    return entry


def _peek(
    path: Path,
    resolved: str,
    format: str,
    preview: Callable[[Path, bytes], Thread] | None,
    head: bytes,
    size: int,
) -> Entry:
    """Title and comment count from a whole small file, or from the head of a large one."""
    thread: Thread | None = None
    at_least = False
    try:
        if path.is_dir() or size <= FULL_LOAD_BYTES:
            thread = load(path, format)
        elif preview is not None:
            thread = preview(path, head)
            at_least = True
    except Exception:  # a broken file is still listed: opening it says what is wrong
        thread = None
    if thread is None:
        return Entry(path.name, format, resolved)
    title = thread.title or path.name
    return Entry(title, thread.format, resolved, readable_count(thread), at_least)


def readable_count(thread: Thread) -> int:
    """The replies under the post, as the thread's header counts them (in a file of several
    threads, such as a mailbox, every message); stubs are not counted."""
    readable = sum(1 for c in thread.comments if c.kind in READABLE_KINDS)
    return readable - 1 if thread.comments and thread.comments[0].kind == "post" else readable


def scan(
    folder: Path,
    known: Known,
    report: Callable[[list[Entry], int, int], None],
    cancelled: Callable[[], bool] = lambda: False,
    every: float = BATCH_SECONDS,
) -> None:
    """Describe every archive under `folder`, handing `report` (entries, done, total) a batch
    at least every `every` seconds and once at the end."""
    paths = find_archives(folder)
    total = len(paths)
    report([], 0, total)
    batch: list[Entry] = []
    last = time.monotonic()
    for done, path in enumerate(paths, 1):
        if cancelled():
            return
        entry = describe(path, known)
        if entry is not None:
            batch.append(entry)
        if done == total or time.monotonic() - last >= every:
            report(batch, done, total)
            batch = []
            last = time.monotonic()


# Sorting and filtering the rows.


def sort_entries(entries: list[Entry], column: str, reverse: bool = False) -> list[Entry]:
    """Rows by `column`: titles and formats A to Z, the rest largest or latest first; rows
    without a value last, then by title."""
    if column not in SORT_COLUMNS:
        raise KeyError(f"no sort column {column!r}")
    with_value = [e for e in entries if _sort_value(e, column) is not None]
    without = [e for e in entries if _sort_value(e, column) is None]
    by_title = sorted(with_value, key=lambda e: e.title.casefold())
    ordered = sorted(
        by_title,
        key=lambda e: _sort_value(e, column),  # type: ignore[arg-type, return-value]
        reverse=not ascending(column, reverse),
    )
    return ordered + sorted(without, key=lambda e: e.title.casefold())


def ascending(column: str, reverse: bool = False) -> bool:
    """Whether rows sorted by `column` go from small to large (A to Z, oldest first)."""
    return (column in _TEXT_COLUMNS) != reverse


def _sort_value(entry: Entry, column: str) -> str | int | None:
    if column == "opened":
        return entry.opened_at
    if column in _TEXT_COLUMNS:
        return str(getattr(entry, column)).casefold()
    value: int | None = getattr(entry, column)
    return value


def fuzzy_score(query: str, text: str) -> int | None:
    """How well `query`'s letters appear in order in `text` (lower is better; None: not all
    do). Case is ignored and spaces in the query are skipped."""
    wanted = query.casefold().replace(" ", "")
    haystack = text.casefold()
    score, place, previous = 0, 0, -1
    for letter in wanted:
        found = haystack.find(letter, place)
        if found < 0:
            return None
        if previous >= 0:
            score += found - previous - 1  # a gap between two letters costs its length
        previous, place = found, found + 1
    return score


def filter_entries(entries: list[Entry], query: str) -> list[Entry]:
    """The rows whose title, format or file name hold `query` fuzzily, the closest matches
    first (rows that match as well keep their order)."""
    if not query.strip():
        return list(entries)
    scored = [
        (score, entry)
        for entry in entries
        if (score := fuzzy_score(query, f"{entry.title} {entry.format} {entry.name}")) is not None
    ]
    return [entry for _, entry in sorted(scored, key=lambda pair: pair[0])]


def merge(rows: dict[str, Entry], found: list[Entry]) -> None:
    """Add scanned rows, a file's row replacing the store's row for the same thread or file."""
    for entry in found:
        if entry.key is not None:
            stale = [ident for ident, row in rows.items() if row.key == entry.key]
            for ident in stale:
                del rows[ident]
        rows[entry.ident] = entry


# The comments index.


@dataclass(slots=True)
class IndexReport:
    """What `index_folder` did."""

    indexed: int = 0  # files (re)indexed
    comments: int = 0  # comments put in the index
    unchanged: int = 0  # files already indexed as they are
    failed: list[str] | None = None  # one line for each file that could not be read


def fingerprint(path: Path) -> str:
    """A hash of the file's content (of a maildir's message names, sizes and times)."""
    digest = hashlib.blake2b(digest_size=16)
    if path.is_dir():
        for entry in sorted(path.glob("*/*")):
            stat = entry.stat()
            digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        return digest.hexdigest()
    with path.open("rb") as handle:
        while piece := handle.read(HASH_CHUNK):
            digest.update(piece)
    return digest.hexdigest()


def stale(store: Store, path: Path) -> tuple[int, int, str] | None:
    """(size, time, hash) of a file the index lacks or holds an older copy of; None when it is
    current (a file touched but not changed gets its new time recorded)."""
    changed = _changed_since_indexed(store, path)
    if changed is None:
        return None
    resolved, stat, known = changed
    digest = fingerprint(path)
    if known is not None and known.hash == digest:
        store.touch_indexed(resolved, stat.st_size, stat.st_mtime_ns)
        return None
    return stat.st_size, stat.st_mtime_ns, digest


def _changed_since_indexed(
    store: Store, path: Path
) -> tuple[str, os.stat_result, IndexedFile | None] | None:
    """None when the index holds `path` with its present size and time; else its resolved
    path, its stat and the index's record of it (None: not indexed)."""
    resolved = str(path.resolve())
    stat = path.stat()
    known = store.indexed_file(resolved)
    if known is not None and (known.size, known.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
        return None
    return resolved, stat, known


def index_rows(thread: Thread) -> Iterator[IndexRow]:
    """The comments of a thread as index rows; the title goes with the first."""
    title: str | None = thread.title
    for position, comment in enumerate(thread.comments):
        if comment.kind in READABLE_KINDS:
            yield comment.id, position, comment.author, iso(comment.created), title, comment.body
            title = None


def indexed_as_is(store: Store, path: Path) -> bool:
    """Whether the index holds `path` with its present size and time (no hashing: a file
    that fails this may still be current, as `stale` finds)."""
    try:
        return _changed_since_indexed(store, path) is None
    except OSError:
        return False


def index_thread(store: Store, thread: Thread, path: Path, key: str | None = None) -> int | None:
    """Index a thread read from `path` unless the index holds this copy; comments indexed
    (None: it was current). `key` is the store's key for the thread (found when None)."""
    state = stale(store, path)
    return None if state is None else _replace(store, thread, path, state, key)


def index_file(
    store: Store, path: Path, format: str | None = None, key: str | None = None
) -> int | None:
    """Read the archive at `path` and index it, unless the index holds this copy (then it is
    not read); comments indexed, None when it was current."""
    state = stale(store, path)
    return None if state is None else _replace(store, load(path, format), path, state, key)


def _replace(
    store: Store, thread: Thread, path: Path, state: tuple[int, int, str], key: str | None
) -> int:
    size, mtime_ns, digest = state
    key = key or store.find_key(thread) or thread.id
    file = IndexedFile(
        str(path.resolve()),
        key,
        thread.title,
        thread.format,
        size,
        mtime_ns,
        digest,
        readable_count(thread),
    )
    return store.replace_index(file, index_rows(thread))


def index_folder(
    store: Store,
    folder: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> IndexReport:
    """Index every archive under `folder` that the index lacks or holds an older copy of."""
    report = IndexReport(failed=[])
    paths = find_archives(folder)
    for done, path in enumerate(paths, 1):
        if cancelled():
            break
        if progress is not None:
            progress(done, len(paths))
        sniffed = archive_format(path)
        if sniffed is None:
            continue
        try:
            state = stale(store, path)
            if state is None:
                report.unchanged += 1
                continue
            thread = load(path, sniffed[1].name)
            if sniffed[0] < CONFIDENT_SNIFF and readable_count(thread) == 0:
                continue  # a guess that found no replies: some other text file
        except ArchiveError as error:
            report.failed.append(str(error))  # type: ignore[union-attr]
            continue
        except OSError as error:
            report.failed.append(f"{path}: {error.strerror or error}")  # type: ignore[union-attr]
            continue
        report.indexed += 1
        report.comments += _replace(store, thread, path, state, None)
    return report


__all__ = [
    "SORT_COLUMNS",
    "Entry",
    "IndexReport",
    "Known",
    "archive_format",
    "describe",
    "filter_entries",
    "find_archives",
    "fingerprint",
    "fuzzy_score",
    "index_file",
    "index_folder",
    "index_thread",
    "indexed_as_is",
    "merge",
    "scan",
    "sort_entries",
]
