"""The local store: threads seen, bookmarks, notes, read state and settings in one SQLite file.

One file, `store.sqlite3`, in the data folder (`THREAD_READER_HOME`, `--data-dir`, or the
platform's user data folder). WAL journal, a busy timeout, one `BEGIN IMMEDIATE` transaction per
user action, schema version in `PRAGMA user_version` with forward migrations. A file that is
corrupt, not ours, or from a newer version raises `StoreUnavailable` and is never written to.
Every failure to write (read-only folder, full disk, a lock held too long) raises `StoreError`
with one clear line naming the file, so the caller can keep the user's text and say why.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from reader.model import Comment, Thread, iso, normalise

if TYPE_CHECKING:
    from reader.ftsquery import Prefix

STORE_FILE = "store.sqlite3"
APPLICATION_ID = 0x54524452  # "TRDR"
BUSY_TIMEOUT_MS = 5000
# Kinds that are read, counted as unread and marked new; the archive root and `more` stubs are not.
READABLE_KINDS = frozenset({"post", "comment", "pingback", "deleted"})
# How many of a thread's first comments are looked up to tell an edited copy from a stranger.
SHARED_SAMPLE = 500
_CONTENT_ID = re.compile(r"^[0-9a-f]{16}(?:-\d+)?$")

# Each entry migrates the schema from version N to N + 1 (entry 0 makes version 1).
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE threads (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            format TEXT NOT NULL,
            path TEXT,
            opened_at TEXT,
            comment_count INTEGER NOT NULL DEFAULT 0,
            unread INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX threads_by_title ON threads (format, title_key)",
        """CREATE TABLE thread_aliases (
            alias TEXT PRIMARY KEY,
            thread_id TEXT NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE comment_state (
            thread_id TEXT NOT NULL,
            comment_id TEXT NOT NULL,
            read_at TEXT,
            PRIMARY KEY (thread_id, comment_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE bookmarks (
            thread_id TEXT NOT NULL,
            comment_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            author TEXT,
            comment_date TEXT,
            excerpt TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (thread_id, comment_id)
        )""",
        """CREATE TABLE notes (
            thread_id TEXT NOT NULL,
            comment_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            author TEXT,
            comment_date TEXT,
            excerpt TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (thread_id, comment_id)
        )""",
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID""",
    ),
    (
        # Where the reader left each thread: the selected comment, folds and filters (JSON).
        """CREATE TABLE positions (
            thread_id TEXT PRIMARY KEY,
            comment_id TEXT NOT NULL,
            view TEXT NOT NULL,
            saved_at TEXT NOT NULL
        ) WITHOUT ROWID""",
        # Comments with notes or bookmarks not found in the copy of their thread last opened.
        """CREATE TABLE orphans (
            thread_id TEXT NOT NULL,
            comment_id TEXT NOT NULL,
            PRIMARY KEY (thread_id, comment_id)
        ) WITHOUT ROWID""",
    ),
    (
        # How many comments were new when the thread was last opened (the library shows it).
        "ALTER TABLE threads ADD COLUMN new INTEGER NOT NULL DEFAULT 0",
        # Archive files whose comments are in the search index, as they were when indexed.
        """CREATE TABLE indexed_files (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            thread_id TEXT NOT NULL,
            title TEXT NOT NULL,
            format TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            hash TEXT NOT NULL,
            comment_count INTEGER NOT NULL,
            indexed_at TEXT NOT NULL
        )""",
        "CREATE INDEX indexed_files_by_thread ON indexed_files (thread_id)",
        # The indexed comments (the content of the FTS5 index, see SEARCH_INDEX); the title
        # only on a thread's first row, the note (the user's) kept current by the store.
        """CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL,
            comment_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            author TEXT,
            created TEXT,
            title TEXT,
            body TEXT NOT NULL,
            note TEXT
        )""",
        "CREATE INDEX comments_by_file ON comments (file_id, comment_id)",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)

# The full-text index over `comments`, made when this Python's SQLite has FTS5 (not a numbered
# migration: a store stays usable, without search, where FTS5 is missing). The store keeps it in
# step with `comments` itself, a file's rows at a time: per-row triggers index 5 times slower.
SEARCH_INDEX = """CREATE VIRTUAL TABLE IF NOT EXISTS comments_fts USING fts5(
    title, author, body, note,
    content='comments', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
)"""
_FTS_COLUMNS = "title, author, body, note"
# FTS5 buffers this many bytes of terms before writing a segment (its default, 1 MB, writes
# and then merges ten times as many): 16 MB indexes about a third faster (benchmarks/README.md).
FTS_HASH_BYTES = 16 * 1024 * 1024
# The indexing connection's page cache (KiB): the comments just written are read back for FTS5
# and its segments merged without going to the disk again.
INDEXER_CACHE_KIB = 64 * 1024
INDEX_CHUNK = 5_000  # comments per indexing transaction at most
INDEX_STEP = 250  # comments per statement: another writer waits for one step at most
AUTOCHECKPOINT_PAGES = 1000  # SQLite's default: a commit copies the log into the file past it
CHECKPOINT_ROWS = 20_000  # the indexer copies the log into the file after this many comments
NO_FTS5 = "full-text search needs SQLite's FTS5, which this Python's sqlite3 lacks"
# Marks around the matched words in a search result's excerpt (text in the store holds no
# control characters: they are removed where text enters the model).
MATCH_START, MATCH_END = "\x02", "\x03"
EXCERPT_TOKENS = 24
RANKED_AT_MOST = 5000  # matches ranked by relevance; more come latest indexed first
# A prefix (`argu*`) is searched as the indexed words it covers joined by OR, which FTS5 walks
# lazily, when they are few beside the pages of postings FTS5 would read for the prefix: a word
# costs about what reading PAGES_PER_WORD pages does (one seek to list it, one per segment to
# search it), and a prefix over more than PREFIX_WORDS_AT_MOST words, or over many words in few
# pages (names, numbers), is left to FTS5's own prefix search (benchmarks/README.md).
PREFIX_WORDS_AT_MOST = 200
PAGES_PER_WORD = 10
_WORDS_BETWEEN = """WITH RECURSIVE words(word) AS (
    SELECT (SELECT term FROM temp.comments_fts_words WHERE term >= :low AND term < :high LIMIT 1)
    UNION ALL
    SELECT (SELECT term FROM temp.comments_fts_words
            WHERE term >= words.word || char(1) AND term < :high LIMIT 1)
    FROM words WHERE words.word IS NOT NULL
) SELECT word FROM words WHERE word IS NOT NULL LIMIT :most"""
# What FTS5's b-tree (the first key of each page that starts a word, with FTS5's "0" before it)
# tells of the words from :low up to :high without reading them: about how many pages of
# postings FTS5 reads for them, summed over its segments (in each, from the last key at or
# before :low to the first at or past :high, or to the segment's last page: leaves have the
# rowid segment << 37 | page, and b-tree pages are numbered twice over), and how many words
# there are at least (the most keys one segment has between them).
_EXTENT_BETWEEN = """WITH RECURSIVE segments(id) AS (
    SELECT min(segid) FROM comments_fts_idx
    UNION ALL
    SELECT (SELECT min(segid) FROM comments_fts_idx WHERE segid > segments.id)
    FROM segments WHERE segments.id IS NOT NULL
) SELECT coalesce(sum((
    coalesce(
        (SELECT pgno FROM comments_fts_idx WHERE segid = segments.id AND term >= :high
         ORDER BY term LIMIT 1),
        (SELECT (max(id) - (segments.id << 37) + 1) * 2 FROM comments_fts_data
         WHERE id >= segments.id << 37 AND id < (segments.id << 37) + (1 << 31)))
    - coalesce(
        (SELECT pgno FROM comments_fts_idx WHERE segid = segments.id AND term <= :low
         ORDER BY term DESC LIMIT 1), 2)
) / 2), 0), coalesce(max((SELECT count(*) FROM comments_fts_idx
    WHERE segid = segments.id AND term >= :low AND term < :high)), 0)
FROM segments WHERE segments.id IS NOT NULL"""


class StoreError(Exception):
    """The store could not do what was asked; `str()` is one line naming the file and why."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class StoreUnavailable(StoreError):
    """The store file cannot be used at all (corrupt, not ours, newer); it was left untouched."""


class SearchUnavailable(StoreError):
    """Full-text search cannot run here (no FTS5); `str()` says so in one line."""


class BadQuery(Exception):
    """A search query FTS5 cannot parse; `str()` is one line saying where."""


def now() -> str:
    """The current UTC time as ISO 8601 with microseconds (sorts as text)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def data_dir(explicit: str | Path | None = None) -> Path:
    """The data folder: the explicit one, else `THREAD_READER_HOME`, else the platform's."""
    if explicit is not None:
        return Path(explicit).expanduser()
    env = os.environ.get("THREAD_READER_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("thread-reader")


def is_content_id(comment_id: str) -> bool:
    """Whether a comment id is a hash of its text (it changes when the text is edited)."""
    return _CONTENT_ID.match(comment_id) is not None


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a note or bookmark hangs: the comment id plus what re-finds it if the id changes."""

    comment_id: str
    position: int
    author: str | None
    comment_date: str | None
    excerpt: str

    @classmethod
    def of(cls, thread: Thread, index: int) -> Anchor:
        comment: Comment = thread.comments[index]
        return cls(comment.id, index, comment.author, iso(comment.created), comment.excerpt)


@dataclass(frozen=True, slots=True)
class Bookmark:
    thread_id: str
    anchor: Anchor
    created_at: str
    thread_title: str = ""
    thread_path: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    thread_id: str
    anchor: Anchor
    text: str
    created_at: str
    updated_at: str
    thread_title: str = ""
    thread_path: str | None = None


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """A thread as the store remembers it, with its counts, for the start screen."""

    id: str
    title: str
    format: str
    path: str | None
    opened_at: str | None
    comment_count: int
    unread: int = 0
    notes: int = 0
    bookmarks: int = 0
    new: int = 0


@dataclass(frozen=True, slots=True)
class IndexedFile:
    """An archive file whose comments are in the search index, as it was when indexed."""

    path: str
    thread_id: str
    title: str
    format: str
    size: int
    mtime_ns: int
    hash: str
    comment_count: int


# One row of the search index, as `replace_index` takes it: the comment's id, place, author,
# date, the thread's title (on its first row only) and the body. Plain tuples, built in one pass:
# a dataclass per comment cost a tenth of the indexing time.
IndexRow = tuple[str, int, str | None, str | None, str | None, str]


@dataclass(frozen=True, slots=True)
class Match:
    """A search result: the comment, its thread and file, and an excerpt with the match marked
    between MATCH_START and MATCH_END."""

    path: str
    thread_id: str
    thread_title: str
    comment_id: str
    position: int
    author: str | None
    created: str | None
    excerpt: str

    def excerpt_parts(self) -> list[tuple[str, bool]]:
        """The excerpt as (text, is_match) pieces, in order."""
        parts: list[tuple[str, bool]] = []
        for number, piece in enumerate(re.split(f"[{MATCH_START}{MATCH_END}]", self.excerpt)):
            if piece:
                parts.append((piece, number % 2 == 1))
        return parts


@dataclass(slots=True)
class Visit:
    """What `record_open` learnt: the store's key for the thread and what is new or read."""

    key: str
    first_visit: bool
    new_ids: frozenset[str] = field(default_factory=frozenset)
    read_ids: set[str] = field(default_factory=set)


_ANCHOR_COLUMNS = "comment_id, position, author, comment_date, excerpt"


def _anchor(row: Sequence[object]) -> Anchor:
    comment_id, position, author, comment_date, excerpt = row[:5]
    return Anchor(str(comment_id), int(position), author, comment_date, str(excerpt))  # type: ignore[arg-type, call-overload]


def _describe(error: sqlite3.Error) -> str:
    """A person's words for an SQLite failure."""
    name = getattr(error, "sqlite_errorname", "")
    text = str(error)
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return "the disk is full (nothing was saved)"
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")) or "readonly" in text:
        return "the data folder is read-only (nothing was saved)"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "another program kept the store locked too long (nothing was saved)"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return "cannot open the store file (check the folder exists and is writable)"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "not a database" in text:
        return "the store file is damaged"
    if name.startswith("SQLITE_IOERR") or "disk I/O" in text:
        return "a disk error stopped the write (nothing was saved)"
    return text


class _WriteTurns:
    """Whose turn it is to write a store file, among this process's connections to it.

    The reader's own writes (read marks, notes) go first: while one waits, the indexer starts no
    transaction and cuts its current one short at its next step, so a key waits for at most
    one step of indexing (SQLite's own busy wait would poll, and the indexer, taking the file
    again at once, could keep it for seconds). An indexer in another process is told of each
    foreground write (`outside`: called with True before it waits, False once it is done) and
    takes the same turns there (`Store.outside_writer`).
    """

    def __init__(self) -> None:
        self._ready = threading.Condition()
        self._busy = False
        self.waiting = 0  # foreground writers waiting for their turn
        self.outside: tuple[Callable[[bool], None], ...] = ()

    @contextmanager
    def turn(self, background: bool) -> Iterator[None]:
        outside = () if background else self.outside
        for tell in outside:
            tell(True)
        try:
            with self._taken(background):
                yield
        finally:
            for tell in outside:
                tell(False)

    @contextmanager
    def _taken(self, background: bool) -> Iterator[None]:
        with self._ready:
            if background:
                self._ready.wait_for(lambda: not self._busy and not self.waiting)
            else:
                self.waiting += 1
                try:
                    self._ready.wait_for(lambda: not self._busy)
                finally:
                    self.waiting -= 1
            self._busy = True
        try:
            yield
        finally:
            with self._ready:
                self._busy = False
                self._ready.notify_all()


_TURNS: dict[str, _WriteTurns] = {}
_TURNS_LOCK = threading.Lock()


def _turns(path: Path) -> _WriteTurns:
    with _TURNS_LOCK:
        return _TURNS.setdefault(str(path), _WriteTurns())


class Store:
    """An open store. Use `Store.open(data_dir)`; close it (or use it as a context manager)."""

    def __init__(self, path: Path, connection: sqlite3.Connection, background: bool = False):
        self.path = path
        self._db = connection
        self._lock = threading.RLock()
        self._turns = _turns(path)
        self._background = background  # an indexing connection: it gives way to the others
        self.search_problem: str | None = None  # why search cannot run here (None: it can)
        self._words_table = False  # whether this connection has its view of the indexed words

    # Opening, checking, migrating.

    @classmethod
    def open(cls, folder: str | Path | None = None) -> Store:
        """Open (creating if needed) the store in `folder` (see `data_dir`)."""
        directory = data_dir(folder)
        path = directory / STORE_FILE
        _prepare_files(directory, path)
        try:
            connection = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise StoreUnavailable(path, _describe(error)) from None
        try:
            _check(connection, path)
            connection.execute("PRAGMA journal_mode=WAL")
            # A new store's schema is written without waiting for the disk (in WAL mode a crash
            # loses a transaction, never the file: it is written again at the next start).
            # Waiting cost a fresh store some 30 ms of fsyncs before the app's first frame.
            connection.execute("PRAGMA synchronous=NORMAL")
            _migrate(connection)
            search_problem = _make_search_index(connection)
            connection.execute("PRAGMA synchronous=FULL")
        except StoreError:
            connection.close()
            raise
        except sqlite3.Error as error:
            connection.close()
            raise StoreUnavailable(path, _describe(error)) from None
        store = cls(path, connection)
        store.search_problem = search_problem
        return store

    def companion(self) -> Store:
        """Another connection to this (checked, migrated) store, for a worker thread: its long
        writes (indexing) then wait on SQLite, not on this connection's lock."""
        try:
            connection = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(f"PRAGMA cache_size=-{INDEXER_CACHE_KIB}")
            # Its commits would copy the log into the file while others wait to write: it does
            # that after each of its transactions instead (`checkpoint`).
            connection.execute("PRAGMA wal_autocheckpoint=0")
        except sqlite3.Error as error:
            raise StoreUnavailable(self.path, _describe(error)) from None
        other = Store(self.path, connection, background=True)
        other.search_problem = self.search_problem
        return other

    def tell_writes(self, tell: Callable[[bool], None]) -> None:
        """Call `tell(True)` before each write of this process's reader waits its turn, and
        `tell(False)` once it is done (an indexer in another process gives way meanwhile).

        Meanwhile this connection leaves checkpoints to that indexer, which runs one after its
        transactions: SQLite's automatic one, run by this connection's commit, would copy the
        indexer's log into the file while the reader waits (90-150 ms a note, measured).
        """
        with _TURNS_LOCK:
            self._turns.outside = (*self._turns.outside, tell)
        with suppress(StoreError):  # closed meanwhile (the app quit): no commit to spare
            self._read("PRAGMA wal_autocheckpoint=0")

    def stop_telling(self, tell: Callable[[bool], None]) -> None:
        with _TURNS_LOCK:
            self._turns.outside = tuple(t for t in self._turns.outside if t is not tell)
            others = bool(self._turns.outside)
        if not others:
            with suppress(StoreError):  # closed meanwhile (the app quit): nothing to restore
                self._read(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")

    def outside_writer(self) -> AbstractContextManager[None]:
        """Hold the write turn here for a writer of another process: this process's indexer
        starts no transaction meanwhile and ends the one it is in at its next step."""
        return self._turns.turn(background=False)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return int(self._read("PRAGMA user_version")[0][0])  # type: ignore[call-overload]

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside is saved together, or nothing is."""
        with self._turns.turn(self._background), self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise StoreError(self.path, _describe(error)) from None
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as error:
                if self._db.in_transaction:
                    with suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise StoreError(self.path, _describe(error)) from None
                raise

    def _read(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, parameters).fetchall()
            except sqlite3.Error as error:
                raise StoreError(self.path, _describe(error)) from None

    # Threads.

    def find_key(self, thread: Thread) -> str | None:
        """The key the store files this thread under, or None if it has never been opened.

        A source id is its own key. A thread whose id is a content hash (text archives) changes
        id when its post is edited, so an unknown hash falls back to a thread of the same format
        and title (most recent first) that was read from the same path or holds some of the
        same comments: a different page that happens to share a title stays apart.
        """
        rows = self._read("SELECT thread_id FROM thread_aliases WHERE alias = ?", (thread.id,))
        if rows:
            return str(rows[0][0])
        if self._read("SELECT 1 FROM threads WHERE id = ?", (thread.id,)):
            return thread.id
        if thread.id.startswith("hash:"):
            rows = self._read(
                "SELECT id, path FROM threads WHERE format = ? AND title_key = ?"
                " AND id LIKE 'hash:%' ORDER BY opened_at DESC",
                (thread.format, normalise(thread.title)),
            )
            path = _resolved(thread.source)
            for key, known_path in rows:
                if known_path == path or self._shares_comments(str(key), thread):
                    return str(key)
        return None

    def _shares_comments(self, key: str, thread: Thread) -> bool:
        """Whether a stored thread has seen any of the first comments of `thread`."""
        ids = [c.id for c in thread.comments[:SHARED_SAMPLE]]
        marks = ", ".join("?" * len(ids))
        return bool(
            self._read(
                f"SELECT 1 FROM comment_state WHERE thread_id = ? AND comment_id IN ({marks})"
                " LIMIT 1",
                (key, *ids),
            )
        )

    def record_open(self, thread: Thread) -> Visit:
        """Remember that `thread` was opened from its source: its comments, path and time.

        Returns the key, the ids of comments no earlier copy held (empty on a first visit) and
        the ids already read. One transaction.
        """
        ids = [c.id for c in thread.comments if c.kind in READABLE_KINDS]
        path = _resolved(thread.source)
        with self._write() as db:
            key = self.find_key(thread) or thread.id
            if key != thread.id:
                db.execute(
                    "INSERT OR REPLACE INTO thread_aliases (alias, thread_id) VALUES (?, ?)",
                    (thread.id, key),
                )
            first = db.execute("SELECT 1 FROM threads WHERE id = ?", (key,)).fetchone() is None
            known: dict[str, object] = dict(
                db.execute(
                    "SELECT comment_id, read_at FROM comment_state WHERE thread_id = ?", (key,)
                ).fetchall()
            )
            new = [i for i in ids if i not in known]
            read = {i for i, read_at in known.items() if read_at is not None}
            unread = sum(1 for i in ids if i not in read)
            db.execute(
                "INSERT INTO threads (id, title, title_key, format, path, opened_at,"
                " comment_count, unread, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
                " title_key = excluded.title_key, format = excluded.format, path = excluded.path,"
                " opened_at = excluded.opened_at, comment_count = excluded.comment_count,"
                " unread = excluded.unread, new = excluded.new",
                (
                    key,
                    thread.title,
                    normalise(thread.title),
                    thread.format,
                    path,
                    now(),
                    sum(1 for c in thread.comments if c.kind in READABLE_KINDS - {"post"}),
                    unread,
                    0 if first else len(new),
                ),
            )
            db.executemany(
                "INSERT OR IGNORE INTO comment_state (thread_id, comment_id) VALUES (?, ?)",
                ((key, comment_id) for comment_id in new),
            )
        return Visit(key, first, frozenset() if first else frozenset(new), read)

    def thread(self, key: str) -> ThreadRecord | None:
        records = self._threads("WHERE t.id = ?", (key,))
        return records[0] if records else None

    def recent_threads(self, limit: int = 50) -> list[ThreadRecord]:
        """Threads opened before, most recent first, with unread, note and bookmark counts."""
        return self._threads("ORDER BY t.opened_at DESC LIMIT ?", (limit,))

    def all_threads(self) -> list[ThreadRecord]:
        """Every thread the store knows, most recently opened first."""
        return self._threads("ORDER BY t.opened_at DESC", ())

    def _threads(self, tail: str, parameters: Sequence[object]) -> list[ThreadRecord]:
        rows = self._read(
            "SELECT t.id, t.title, t.format, t.path, t.opened_at, t.comment_count,"
            " t.unread,"
            " (SELECT count(*) FROM notes n WHERE n.thread_id = t.id),"
            " (SELECT count(*) FROM bookmarks b WHERE b.thread_id = t.id), t.new"
            f" FROM threads t {tail}",
            parameters,
        )
        return [ThreadRecord(*row) for row in rows]  # type: ignore[arg-type]

    # Read state.

    def mark_read(
        self, key: str, comment_ids: Iterable[str], read: bool = True, *, unread: int
    ) -> None:
        """Mark comments read (or unread again). One transaction.

        `unread` is the caller's count of unread comments in the copy it has open, kept for the
        list of recent threads.
        """
        stamp = now() if read else None
        with self._write() as db:
            db.executemany(
                "INSERT INTO comment_state (thread_id, comment_id, read_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO UPDATE SET read_at = excluded.read_at",
                ((key, comment_id, stamp) for comment_id in comment_ids),
            )
            db.execute("UPDATE threads SET unread = ? WHERE id = ?", (unread, key))

    def mark_thread(self, key: str, read: bool, *, unread: int) -> None:
        """Mark every comment of a thread ever seen read (or unread). One transaction."""
        with self._write() as db:
            if read:
                db.execute(
                    "UPDATE comment_state SET read_at = ? WHERE thread_id = ? AND read_at IS NULL",
                    (now(), key),
                )
            else:
                db.execute("UPDATE comment_state SET read_at = NULL WHERE thread_id = ?", (key,))
            db.execute("UPDATE threads SET unread = ? WHERE id = ?", (unread, key))

    def read_ids(self, key: str) -> set[str]:
        rows = self._read(
            "SELECT comment_id FROM comment_state WHERE thread_id = ? AND read_at IS NOT NULL",
            (key,),
        )
        return {str(row[0]) for row in rows}

    # Bookmarks.

    def add_bookmark(self, key: str, anchor: Anchor) -> Bookmark:
        """Bookmark a comment (again: keeps the first bookmark). One transaction."""
        with self._write() as db:
            db.execute(
                f"INSERT OR IGNORE INTO bookmarks (thread_id, {_ANCHOR_COLUMNS}, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, *_anchor_values(anchor), now()),
            )
        bookmark = self.bookmark(key, anchor.comment_id)
        assert bookmark is not None
        return bookmark

    def remove_bookmark(self, key: str, comment_id: str) -> Bookmark | None:
        """Remove a bookmark; returns it (for `restore_bookmark`), or None if there was none."""
        with self._write() as db:
            row = db.execute(
                f"DELETE FROM bookmarks WHERE thread_id = ? AND comment_id = ?"
                f" RETURNING {_ANCHOR_COLUMNS}, created_at",
                (key, comment_id),
            ).fetchone()
        return Bookmark(key, _anchor(row), str(row[5])) if row else None

    def restore_bookmark(self, bookmark: Bookmark) -> None:
        """Put back a removed bookmark exactly as it was."""
        with self._write() as db:
            db.execute(
                f"INSERT OR IGNORE INTO bookmarks (thread_id, {_ANCHOR_COLUMNS}, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (bookmark.thread_id, *_anchor_values(bookmark.anchor), bookmark.created_at),
            )

    def bookmark(self, key: str, comment_id: str) -> Bookmark | None:
        found = self.bookmarks(key, comment_id=comment_id)
        return found[0] if found else None

    def bookmarks(self, key: str | None = None, *, comment_id: str | None = None) -> list[Bookmark]:
        """Bookmarks of one thread (or all), newest first, with their thread's title and path."""
        where, parameters = _filter(key, comment_id, "b")
        rows = self._read(
            f"SELECT b.thread_id, b.{_ANCHOR_COLUMNS.replace(', ', ', b.')}, b.created_at,"
            " coalesce(t.title, ''), t.path"
            f" FROM bookmarks b LEFT JOIN threads t ON t.id = b.thread_id {where}"
            " ORDER BY b.created_at DESC, b.rowid DESC",
            parameters,
        )
        return [
            Bookmark(str(r[0]), _anchor(r[1:6]), str(r[6]), str(r[7]), r[8])  # type: ignore[arg-type]
            for r in rows
        ]

    # Notes.

    def save_note(self, key: str, anchor: Anchor, text: str) -> Note:
        """Create or replace the note on a comment. One transaction."""
        stamp = now()
        with self._write() as db:
            db.execute(
                f"INSERT INTO notes (thread_id, {_ANCHOR_COLUMNS}, text, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (thread_id, comment_id)"
                " DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at,"
                " position = excluded.position, author = excluded.author,"
                " comment_date = excluded.comment_date, excerpt = excluded.excerpt",
                (key, *_anchor_values(anchor), text, stamp, stamp),
            )
            self._sync_notes(db, key, [anchor.comment_id])
        note = self.note(key, anchor.comment_id)
        assert note is not None
        return note

    def delete_note(self, key: str, comment_id: str) -> Note | None:
        """Delete a note; returns it (for `restore_note`), or None if there was none."""
        with self._write() as db:
            row = db.execute(
                f"DELETE FROM notes WHERE thread_id = ? AND comment_id = ?"
                f" RETURNING {_ANCHOR_COLUMNS}, text, created_at, updated_at",
                (key, comment_id),
            ).fetchone()
            self._sync_notes(db, key, [comment_id])
        return Note(key, _anchor(row), str(row[5]), str(row[6]), str(row[7])) if row else None

    def restore_note(self, note: Note) -> None:
        """Put back a deleted note as it was (unless the comment got a new note meanwhile)."""
        with self._write() as db:
            _insert_note(db, note)
            self._sync_notes(db, note.thread_id, [note.anchor.comment_id])

    def note(self, key: str, comment_id: str) -> Note | None:
        found = self.notes(key, comment_id=comment_id)
        return found[0] if found else None

    def notes(self, key: str | None = None, *, comment_id: str | None = None) -> list[Note]:
        """Notes of one thread (or all) in thread order, with their thread's title and path."""
        where, parameters = _filter(key, comment_id, "n")
        rows = self._read(
            f"SELECT n.thread_id, n.{_ANCHOR_COLUMNS.replace(', ', ', n.')}, n.text,"
            " n.created_at, n.updated_at, coalesce(t.title, ''), t.path"
            f" FROM notes n LEFT JOIN threads t ON t.id = n.thread_id {where}"
            " ORDER BY t.opened_at DESC, n.thread_id, n.position",
            parameters,
        )
        return [
            Note(str(r[0]), _anchor(r[1:6]), str(r[6]), str(r[7]), str(r[8]), str(r[9]), r[10])  # type: ignore[arg-type]
            for r in rows
        ]

    def reanchor(self, key: str, moves: Iterable[tuple[str, Anchor]]) -> None:
        """Point notes and bookmarks filed under an old comment id at a re-found comment.

        `moves` pairs the old comment id with the anchor of the comment it was found at. A
        move onto a comment that already has its own note or bookmark is skipped. One
        transaction.
        """
        with self._write() as db:
            for old_id, anchor in moves:
                for table in ("notes", "bookmarks"):
                    db.execute(
                        f"UPDATE OR IGNORE {table} SET comment_id = ?, position = ?, author = ?,"
                        " comment_date = ?, excerpt = ? WHERE thread_id = ? AND comment_id = ?",
                        (*_anchor_values(anchor), key, old_id),
                    )
                self._sync_notes(db, key, [old_id, anchor.comment_id])

    # Orphans: what the copy of a thread last opened did not hold.

    def set_orphans(self, key: str, comment_ids: Iterable[str]) -> None:
        """Remember which of a thread's annotated comments its last opened copy lacked."""
        wanted = set(comment_ids)
        if wanted == self.orphans(key):
            return  # the usual case: nothing to write on opening a thread
        with self._write() as db:
            db.execute("DELETE FROM orphans WHERE thread_id = ?", (key,))
            db.executemany(
                "INSERT INTO orphans (thread_id, comment_id) VALUES (?, ?)",
                [(key, comment_id) for comment_id in sorted(wanted)],
            )

    def orphans(self, key: str) -> set[str]:
        """The comment ids of a thread's notes and bookmarks not found when it was last opened."""
        rows = self._read("SELECT comment_id FROM orphans WHERE thread_id = ?", (key,))
        return {str(row[0]) for row in rows}

    # Import of an export (see reader.notes).

    def merge(
        self,
        threads: Iterable[tuple[str, str, str, str | None]],
        notes: Iterable[Note],
        bookmarks: Iterable[Bookmark],
    ) -> dict[str, int]:
        """Merge threads (id, title, format, path), notes and bookmarks in one transaction.

        A note already here with the same text is left alone; with a different text the newer
        `updated_at` wins. Returns counts: notes added / updated / unchanged, bookmarks added.
        """
        counts = {"notes added": 0, "notes updated": 0, "notes unchanged": 0, "bookmarks added": 0}
        with self._write() as db:
            for thread_id, title, format, path in threads:
                db.execute(
                    "INSERT OR IGNORE INTO threads (id, title, title_key, format, path)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (thread_id, title, normalise(title), format, path),
                )
            for note in notes:
                counts[_merge_note(db, note)] += 1
                self._sync_notes(db, note.thread_id, [note.anchor.comment_id])
            for bookmark in bookmarks:
                cursor = db.execute(
                    f"INSERT OR IGNORE INTO bookmarks (thread_id, {_ANCHOR_COLUMNS}, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (bookmark.thread_id, *_anchor_values(bookmark.anchor), bookmark.created_at),
                )
                counts["bookmarks added"] += cursor.rowcount
        return counts

    # Where each thread was left.

    def save_position(self, key: str, comment_id: str, view: str) -> None:
        """Remember the selected comment and the view's state (JSON) of a thread."""
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO positions (thread_id, comment_id, view, saved_at)"
                " VALUES (?, ?, ?, ?)",
                (key, comment_id, view, now()),
            )

    def position(self, key: str) -> tuple[str, str] | None:
        """The comment id and view state (JSON) a thread was left at, if it was."""
        rows = self._read("SELECT comment_id, view FROM positions WHERE thread_id = ?", (key,))
        return (str(rows[0][0]), str(rows[0][1])) if rows else None

    # The search index (FTS5 over the comments of archive files).

    def _sync_notes(self, db: sqlite3.Connection, key: str, comment_ids: Sequence[str]) -> None:
        """Make the indexed copies of these comments carry their note's text (or none)."""
        if self.search_problem is not None:
            return
        where = (
            "WHERE file_id IN (SELECT id FROM indexed_files WHERE thread_id = ?) AND comment_id = ?"
        )
        for comment_id in comment_ids:
            _unindex(db, where, (key, comment_id))
            db.execute(
                "UPDATE comments SET note = (SELECT text FROM notes"
                " WHERE notes.thread_id = ? AND notes.comment_id = comments.comment_id)"
                f" {where}",
                (key, key, comment_id),
            )
            _index(db, where, (key, comment_id))

    def _need_search(self) -> None:
        if self.search_problem is not None:
            raise SearchUnavailable(self.path, self.search_problem)

    def indexed_files(self) -> dict[str, IndexedFile]:
        """Every indexed file by its path."""
        rows = self._read(
            "SELECT path, thread_id, title, format, size, mtime_ns, hash, comment_count"
            " FROM indexed_files"
        )
        return {str(row[0]): IndexedFile(*row) for row in rows}  # type: ignore[arg-type]

    def indexed_file(self, path: str) -> IndexedFile | None:
        rows = self._read(
            "SELECT path, thread_id, title, format, size, mtime_ns, hash, comment_count"
            " FROM indexed_files WHERE path = ?",
            (path,),
        )
        return IndexedFile(*rows[0]) if rows else None  # type: ignore[arg-type]

    def touch_indexed(self, path: str, size: int, mtime_ns: int) -> None:
        """Record a new size and time for an indexed file whose content did not change."""
        with self._write() as db:
            db.execute(
                "UPDATE indexed_files SET size = ?, mtime_ns = ? WHERE path = ?",
                (size, mtime_ns, path),
            )

    def replace_index(
        self, file: IndexedFile, rows: Iterable[IndexRow], chunk: int = INDEX_CHUNK
    ) -> int:
        """Index a file's comments in place of what was indexed from it; how many.

        Written in transactions of at most `chunk` comments, cut short when another writer of
        this process waits (see `_WriteTurns`); the file is listed as indexed only once all of
        it is in (a stop midway leaves it to be indexed again). Another indexer that replaces
        the file meanwhile (another process's) takes it over: this one stops at its next
        transaction, told by the mark it left in place of the file's hash.
        """
        self._need_search()
        mark = f"indexing {os.urandom(8).hex()}"
        with self._write() as db:
            old = "WHERE file_id IN (SELECT id FROM indexed_files WHERE path = ?)"
            _unindex(db, old, (file.path,))
            db.execute(f"DELETE FROM comments {old}", (file.path,))
            db.execute("DELETE FROM indexed_files WHERE path = ?", (file.path,))
            file_id = int(
                db.execute(
                    "INSERT INTO indexed_files (path, thread_id, title, format, size, mtime_ns,"
                    " hash, comment_count, indexed_at) VALUES (?, ?, ?, ?, ?, -1, ?, 0, ?)"
                    " RETURNING id",
                    (file.path, file.thread_id, file.title, file.format, file.size, mark, now()),
                ).fetchone()[0]
            )
        total, remaining, finished, logged = 0, iter(rows), False, 0
        while not finished:
            added, finished = self._index_some(file_id, mark, file.thread_id, remaining, chunk)
            total, logged = total + added, logged + added
            if logged >= CHECKPOINT_ROWS or finished:
                self._checkpoint()
                logged = 0
        with self._write() as db:
            db.execute(
                "UPDATE indexed_files SET mtime_ns = ?, hash = ?, comment_count = ?"
                " WHERE id = ? AND hash = ?",
                (file.mtime_ns, file.hash, file.comment_count, file_id, mark),
            )
        return total

    def _checkpoint(self) -> None:
        """Copy what the write-ahead log holds into the store file, as far as no reader needs
        it, without holding up readers or writers (SQLite's automatic checkpoint, run by a
        commit, would keep the write turn meanwhile)."""
        self._read("PRAGMA wal_checkpoint(PASSIVE)")

    def _index_some(
        self, file_id: int, mark: str, key: str, rows: Iterator[IndexRow], chunk: int
    ) -> tuple[int, bool]:
        """One transaction of indexing: up to `chunk` rows, in steps of INDEX_STEP, ending
        early when another writer waits; how many rows, and whether none are left.

        FTS5 keeps the terms of every step in memory until the commit, so the steps cost
        nothing over one large statement while nobody waits.
        """
        added = 0
        with self._write() as db:
            ours = "SELECT 1 FROM indexed_files WHERE id = ? AND hash = ?"
            if not db.execute(ours, (file_id, mark)).fetchone():
                return 0, True  # another indexer took the file over: it indexes it whole
            while added < chunk and not self._turns.waiting:
                (last,) = db.execute("SELECT coalesce(max(id), 0) FROM comments").fetchone()
                step = db.executemany(
                    "INSERT INTO comments (file_id, comment_id, position, author, created,"
                    f" title, body) VALUES ({file_id}, ?, ?, ?, ?, ?, ?)",
                    islice(rows, min(INDEX_STEP, chunk - added)),
                ).rowcount
                if step <= 0:
                    return added, True
                _copy_notes(db, key, file_id, last)
                _index(db, "WHERE id > ?", (last,))
                added += step
        return added, False

    def search(self, query: str, limit: int = 50) -> list[Match]:
        """The indexed comments that match an FTS5 query (BadQuery if it cannot be parsed):
        the best first (bm25) when at most RANKED_AT_MOST match, else the latest indexed first.

        Ranking reads every match: a word in a third of a million comments takes seconds,
        while the latest-first order stops after `limit` of them. A prefix is searched as the
        words it covers (`ftsquery`), so that it stops there too.
        """
        from reader.ftsquery import expand  # its patterns take milliseconds to build: not at start

        self._need_search()
        with self._lock:
            try:
                spelled = expand(query, self._prefix_words)
                ranked_by = query if spelled.widest > 1 else spelled.text
                try:
                    rows = self._matching(spelled.text, ranked_by, limit)
                except sqlite3.OperationalError:
                    if spelled.text == query:
                        raise
                    rows = self._matching(query, query, limit)  # FTS5's word on it as typed
            except sqlite3.OperationalError as error:
                text = str(error)
                if "fts5" in text or "no such column" in text or "unterminated" in text:
                    raise BadQuery(_query_problem(query, text)) from None
                raise StoreError(self.path, _describe(error)) from None
            except sqlite3.Error as error:
                raise StoreError(self.path, _describe(error)) from None
        return [Match(*row) for row in rows]  # type: ignore[arg-type]

    def _matching(self, spelled: str, ranked_by: str, limit: int) -> list[tuple[object, ...]]:
        """The rows of `search`: counted, and listed latest first, by the query with its
        prefixes spelled out; ranked by `ranked_by`, the query as typed where a prefix became
        several words, so that the best come first as they did (bm25 weighs a prefix as one
        word, and its words one by one)."""
        count = (
            "SELECT count(*) FROM (SELECT 1 FROM comments_fts WHERE comments_fts MATCH ? LIMIT ?)"
        )
        sql = (
            "SELECT f.path, f.thread_id, f.title, c.comment_id, c.position, c.author, c.created,"
            f" snippet(comments_fts, -1, '{MATCH_START}', '{MATCH_END}', '…', {EXCERPT_TOKENS})"
            " FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid"
            " JOIN indexed_files f ON f.id = c.file_id"
            " WHERE comments_fts MATCH ? ORDER BY {order} LIMIT ?"
        )
        (matches,) = self._db.execute(count, (spelled, RANKED_AT_MOST + 1)).fetchone()
        if matches <= RANKED_AT_MOST:
            order, query = "rank", ranked_by
        else:
            order, query = "comments_fts.rowid DESC", spelled
        return self._db.execute(sql.format(order=order), (query, limit)).fetchall()

    def _prefix_words(self, prefix: Prefix) -> list[str] | None:
        """The indexed words that start with `prefix`, or None where FTS5's own prefix search
        is expected to cost less than those words would (see PAGES_PER_WORD), or where FTS5's
        tables cannot be read so (another FTS5 version): its own search finds the same."""
        low = prefix.prefix
        high = low[:-1] + chr(ord(low[-1]) + 1)
        try:
            pages, least = self._extent(low, high)
            most = min(PREFIX_WORDS_AT_MOST, max(1, pages // PAGES_PER_WORD))
            if least > most:
                return None
            if not self._words_table:
                self._db.execute(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.comments_fts_words"
                    " USING fts5vocab(main, comments_fts, instance)"
                )
                self._words_table = True
            bounds = {"low": low, "high": high, "most": most + 1}
            words = [str(row[0]) for row in self._db.execute(_WORDS_BETWEEN, bounds)]
        except sqlite3.OperationalError:
            return None
        return words if len(words) <= most else None

    def _extent(self, low: str, high: str) -> tuple[int, int]:
        """About how many pages of postings FTS5 reads for the words from `low` up to `high`,
        and how many such words there are at least."""
        keys = {"low": b"0" + low.encode(), "high": b"0" + high.encode()}
        pages, least = self._db.execute(_EXTENT_BETWEEN, keys).fetchone()
        return int(pages), int(least)

    # Settings.

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        rows = self._read("SELECT value FROM settings WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))


def _query_problem(query: str, error: str) -> str:
    """One line on a query FTS5 refused ("no such column: x" names an unknown NAME:)."""
    detail = error.removeprefix("fts5: ")
    if detail.startswith("no such column"):
        column = detail.partition(":")[2].strip()
        detail = f"no field {column!r} (fields: title, author, body, note)"
    return f"bad search query {query!r}: {detail}"


def _index(db: sqlite3.Connection, where: str, parameters: Sequence[object]) -> None:
    """Put the rows of `comments` that `where` selects into the FTS5 index.

    In rowid order: FTS5 writes out what it holds whenever a rowid is not larger than the last,
    and in another order (by an index on file and comment id) indexing is 3 times slower.
    """
    db.execute(
        f"INSERT INTO comments_fts (rowid, {_FTS_COLUMNS})"
        f" SELECT id, {_FTS_COLUMNS} FROM comments {where} ORDER BY id",
        parameters,
    )


def _copy_notes(db: sqlite3.Connection, key: str, file_id: int, after: int) -> None:
    """Give the comments just added (rowid above `after`) the text of their thread's notes."""
    db.execute(
        "UPDATE comments SET note = (SELECT text FROM notes"
        " WHERE notes.thread_id = ? AND notes.comment_id = comments.comment_id)"
        " WHERE file_id = ? AND id > ?"
        " AND comment_id IN (SELECT comment_id FROM notes WHERE thread_id = ?)",
        (key, file_id, after, key),
    )


def _unindex(db: sqlite3.Connection, where: str, parameters: Sequence[object]) -> None:
    """Take the rows of `comments` that `where` selects out of the FTS5 index (as they are
    now: the index forgets a row by its indexed values)."""
    db.execute(
        f"INSERT INTO comments_fts (comments_fts, rowid, {_FTS_COLUMNS})"
        f" SELECT 'delete', id, {_FTS_COLUMNS} FROM comments {where} ORDER BY id",
        parameters,
    )


def _make_search_index(connection: sqlite3.Connection) -> str | None:
    """Create the FTS5 index if it is missing; why search cannot run (None: it can)."""
    try:
        connection.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
        connection.execute("DROP TABLE temp.fts5_probe")
    except sqlite3.OperationalError:
        return NO_FTS5
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_schema")}
    if "comments" not in names:
        return "this store has no comments table to search"
    if "comments_fts" in names and _fts_setting(connection, "hashsize") == FTS_HASH_BYTES:
        return None
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(SEARCH_INDEX)
        _tune_search_index(connection)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return None


def _fts_setting(connection: sqlite3.Connection, name: str) -> object:
    rows = connection.execute("SELECT v FROM comments_fts_config WHERE k = ?", (name,)).fetchall()
    return rows[0][0] if rows else None


def _tune_search_index(connection: sqlite3.Connection) -> None:
    """Set the FTS5 index's write buffer (kept in the index; an older FTS5 without the setting
    keeps its default)."""
    with suppress(sqlite3.OperationalError):
        connection.execute(
            "INSERT INTO comments_fts (comments_fts, rank) VALUES ('hashsize', ?)",
            (FTS_HASH_BYTES,),
        )


def _resolved(source: str) -> str | None:
    return str(Path(source).resolve()) if source else None


def _anchor_values(anchor: Anchor) -> tuple[object, ...]:
    return (anchor.comment_id, anchor.position, anchor.author, anchor.comment_date, anchor.excerpt)


def _filter(key: str | None, comment_id: str | None, alias: str) -> tuple[str, list[object]]:
    clauses: list[str] = []
    parameters: list[object] = []
    if key is not None:
        clauses.append(f"{alias}.thread_id = ?")
        parameters.append(key)
    if comment_id is not None:
        clauses.append(f"{alias}.comment_id = ?")
        parameters.append(comment_id)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), parameters


def _insert_note(db: sqlite3.Connection, note: Note) -> int:
    cursor = db.execute(
        f"INSERT OR IGNORE INTO notes (thread_id, {_ANCHOR_COLUMNS}, text, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (note.thread_id, *_anchor_values(note.anchor), note.text, note.created_at, note.updated_at),
    )
    return cursor.rowcount


def _merge_note(db: sqlite3.Connection, note: Note) -> str:
    row = db.execute(
        "SELECT text, updated_at FROM notes WHERE thread_id = ? AND comment_id = ?",
        (note.thread_id, note.anchor.comment_id),
    ).fetchone()
    if row is None:
        _insert_note(db, note)
        return "notes added"
    if row[0] == note.text or row[1] >= note.updated_at:
        return "notes unchanged"
    db.execute(
        "UPDATE notes SET text = ?, updated_at = ? WHERE thread_id = ? AND comment_id = ?",
        (note.text, note.updated_at, note.thread_id, note.anchor.comment_id),
    )
    return "notes updated"


def _prepare_files(directory: Path, path: Path) -> None:
    """Create the folder (0700) and the file (0600) before SQLite does, so both are private."""
    try:
        if not directory.is_dir():
            directory.mkdir(mode=0o700, parents=True)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        elif path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError as error:
        reason = error.strerror or str(error)
        raise StoreUnavailable(path, f"cannot create the store ({reason})") from None


def _quick_check(connection: sqlite3.Connection) -> str:
    """SQLite's quick check of every table but the search index's ("ok" when sound).

    The index is rebuilt from the archives, and checking it would read all of it: five seconds
    at a million comments, on every start.
    """
    names = connection.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name != 'comments'"
        " AND name NOT LIKE 'comments\\_fts%' ESCAPE '\\'"
    ).fetchall()
    for (name,) in names:
        quoted = str(name).replace('"', '""')
        verdict = str(connection.execute(f'PRAGMA quick_check("{quoted}")').fetchone()[0])
        if verdict != "ok":
            return verdict
    return "ok"


def _check(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is damaged, not ours, or from a newer version, before any write."""
    try:
        connection.execute("BEGIN")  # one snapshot, even while another process migrates
        try:
            tables = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            application = connection.execute("PRAGMA application_id").fetchone()[0]
            verdict = _quick_check(connection)
        finally:
            connection.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        if "locked" in str(error):
            raise StoreUnavailable(path, _describe(error)) from None
        raise StoreUnavailable(path, "the store file is damaged; it was left as it is") from None
    if verdict != "ok":
        raise StoreUnavailable(path, "the store file is damaged; it was left as it is")
    if application not in (0, APPLICATION_ID) or (application == 0 and tables):
        raise StoreUnavailable(path, "this is not a thread-reader store; it was left as it is")
    if version > len(MIGRATIONS):
        raise StoreUnavailable(
            path,
            f"written by a newer thread-reader (store version {version}, this one knows"
            f" {len(MIGRATIONS)}); it was left as it is",
        )


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema up to date, one transaction per step (safe if two processes race)."""
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version >= len(MIGRATIONS):
                connection.execute("COMMIT")
                return
            for statement in MIGRATIONS[version]:
                connection.execute(statement)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


__all__ = [
    "Anchor",
    "BadQuery",
    "Bookmark",
    "IndexRow",
    "IndexedFile",
    "Match",
    "Note",
    "SearchUnavailable",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "ThreadRecord",
    "Visit",
    "data_dir",
    "is_content_id",
]
