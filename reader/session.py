"""A reading session: one thread (a preview or the whole), its annotations and its view.

`ReadingSession` is the one place that knows whether the whole file is in. While it holds a
preview (the first comments of a large file still being read), what needs every comment waits
(`waits_for_whole`); `complete` then takes the whole thread in, making again the folds made on
the preview and keeping its read marks. `open_thread` runs the steps of opening a file in
order, calling back at each (preview shown, whole thread, store answered): the App runs it in a
worker and hands each step to the screen; tests run it as a plain function.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reader.annotations import Annotations, locate
from reader.formats import ArchiveError, load, load_preview, set_progress
from reader.model import PENDING, Thread
from reader.store import Anchor, Store, StoreError
from reader.view import ORDERS, SELECT_KINDS, Filter, ThreadView

# How often a load on its own thread is asked whether the caller gave it up.
CANCEL_POLL_SECONDS = 0.05
# How often the interpreter passes between threads while a load runs (5 ms otherwise): a key
# waits this long, not 5 ms, each time the screen's thread needs the interpreter back from the
# loading thread (benchmarks/README.md, "From outside"). THREAD_READER_SWITCH_MS overrides it.
LOADING_SWITCH_SECONDS = float(os.environ.get("THREAD_READER_SWITCH_MS", "0.5")) / 1000
# What the stubs key hides: replies the archive does not hold, deleted comments without replies.
STUB_KINDS = ("more", "deleted")


class ReadingSession:
    """What the reader has open: the thread, its annotations and what the view shows of it."""

    def __init__(
        self,
        thread: Thread,
        annotations: Annotations | None = None,
        *,
        partial: bool = False,
        path: Path | None = None,
    ) -> None:
        """`partial`: `thread` is the preview of a file still being read."""
        self.thread = thread
        self.path = path
        self.partial = partial
        self.annotations = annotations or Annotations.opening(thread)
        self.view = ThreadView(thread, self.annotations)
        self.view.recording = partial
        self.fraction: float | None = None  # of the file read, set from the loading thread
        self.start: int | None = None  # the comment to select first (a jump from a list)
        self._saved: tuple[int, int] | None = None  # (cursor, view.changes) last saved
        self._zooms: list[int | None] = []  # the view roots zoomed out of, the last nearest

    def report(self, fraction: float) -> None:
        """Called by the importer on the loading thread: only remember the value."""
        self.fraction = fraction

    def waits_for_whole(self, what: str) -> str | None:
        """What to tell the reader when `what` waits for the whole file; None when it can run."""
        return f"{what} once the whole file is read." if self.partial else None

    def complete(self, whole: ReadingSession) -> Callable[[int], int | None]:
        """Take in the whole thread of this preview; the map from preview to whole indices.

        The folds made on the preview are made again and its read marks carry over.
        """
        place = IndexMap(self.thread, whole.thread)
        whole.annotations.read |= {i for i in map(place, self.annotations.read) if i is not None}
        whole.view.set_filters(self.view.filters)
        whole.view.replay(self.view.log, place)
        self.thread, self.annotations, self.view = whole.thread, whole.annotations, whole.view
        self.view.marks = self.annotations
        self.partial = False
        return place

    def attach(self, annotations: Annotations) -> None:
        """Take the store's annotations in place of the stand-in the thread opened with."""
        annotations.adopt(self.annotations)
        self.annotations = annotations
        self.view.marks = annotations
        if any(each.kind in ("unread", "new", "annotated") for each in self.view.filters):
            self.view.refilter()

    # Where the reader left the thread.

    def save_position(self, cursor: int) -> None:
        """Remember the selected comment, the folds and the filters in the store."""
        store = self.annotations.store
        if store is None or self.partial or not self.thread.comments:
            return
        if self._saved == (cursor, self.view.changes):
            return  # nothing moved since
        state = self.view.state()
        # Hidden kinds follow config.toml, not the visit.
        state["filters"] = [each for each in state["filters"] if each[0] != "hide"]
        comment_id = self.thread.comments[cursor].id
        store.save_position(self.annotations.key, comment_id, json.dumps(state))
        self._saved = (cursor, self.view.changes)

    def restore_position(self) -> int | None:
        """Fold and filter as the reader left the thread; the comment to select (None: the
        first visit, or nothing kept).
        """
        store = self.annotations.store
        if store is None:
            return None
        try:
            saved = store.position(self.annotations.key)
        except StoreError:
            return None
        if saved is None:
            return None
        comment_id, state = saved
        hidden = self.view.filter_value("hide")
        try:
            self.view.restore(json.loads(state))
        except (ValueError, TypeError, KeyError):
            return None  # a state this version cannot read: start at the top
        if hidden is not None:
            self.view.set_filter(Filter("hide", hidden))
        found = locate(self.thread, [Anchor(comment_id, 0, None, None, "")]).get(comment_id)
        if found is None:
            return None
        return found if self.view.reveal(found) else self.view.nearest_visible(found)

    def go_to(self, index: int) -> list[str]:
        """Make `index` a row, unfolding and dropping the filters that hide it; what was dropped."""
        view = self.view
        dropped: list[str] = []
        if not view.in_scope(index) and view.filter_value("zoom") is not None:
            view.clear_filter("zoom")
            dropped.append("zoom")
        if not view.in_base(index) and view.selecting:
            dropped += [each.kind for each in view.filters if each.kind in SELECT_KINDS]
            view.clear_filters()
        view.reveal(index)
        return dropped

    def zoom_in(self, index: int) -> bool:
        """Make `index`'s subthread the whole view (until zoomed out); False if it is already."""
        view = self.view
        if index == view.root:
            return False
        self._zooms.append(view.filter_value("zoom"))
        view.set_filter(Filter("zoom", index))
        return True

    def zoom_out(self) -> bool:
        """Back to the view zoomed into before the last zoom (or the whole thread)."""
        view = self.view
        if view.filter_value("zoom") is None:
            self._zooms.clear()
            return False
        previous = self._zooms.pop() if self._zooms else None
        if previous is None:
            view.clear_filter("zoom")
        else:
            view.set_filter(Filter("zoom", previous))
        return True

    def toggle_stubs(self) -> bool:
        """Hide `more` stubs and deleted comments without replies, or show them again; True if
        they are hidden now (other hidden kinds, such as pingbacks, stay as they are).
        """
        view = self.view
        hidden = tuple(view.filter_value("hide") or ())
        if set(STUB_KINDS) <= set(hidden):
            kept = tuple(kind for kind in hidden if kind not in STUB_KINDS)
        else:
            kept = hidden + tuple(kind for kind in STUB_KINDS if kind not in hidden)
        if kept:
            view.set_filter(Filter("hide", kept))
        else:
            view.clear_filter("hide")
        return set(STUB_KINDS) <= set(kept)

    def cycle_order(self) -> str:
        """Sort siblings by the next of the orders (archive, date, score); the new order.

        Score is skipped in a thread without scores, date in one without dates.
        """
        view = self.view
        orders = [order for order in ORDERS if self._can_sort_by(order)]
        at = orders.index(view.order) if view.order in orders else -1
        following = orders[(at + 1) % len(orders)]
        view.set_order(following)
        return following

    def _can_sort_by(self, order: str) -> bool:
        comments = self.thread.comments[1:]
        if order == "score":
            return any(comment.score is not None for comment in comments)
        if order == "date":
            return any(comment.created is not None for comment in comments)
        return True

    def set_author_filter(self, author: str | None) -> None:
        """Show only `author`'s comments with their context (None: every author)."""
        if author is None:
            self.view.clear_filter("author")
        else:
            self.view.set_filter(Filter("author", author))


class IndexMap:
    """Where each comment of a preview is in the whole thread (None: not there)."""

    def __init__(self, preview: Thread, whole: Thread) -> None:
        self.preview, self.whole = preview, whole
        self._by_id: dict[str, int] | None = None

    def __call__(self, index: int) -> int | None:
        comment = self.preview.comments[index]
        comment_id = comment.id
        whole = self.whole.comments
        if index < len(whole) and whole[index].id == comment_id:  # a preview is a prefix, mostly
            return index
        if comment.kind == PENDING:  # a comment still being read, its id maybe not known yet:
            same = index < len(whole) and whole[index].depth == comment.depth  # in its place
            return index if same else None
        if self._by_id is None:
            self._by_id = {comment.id: i for i, comment in enumerate(whole)}
        return self._by_id.get(comment_id)


@dataclass
class Opening:
    """What opening a file needs: where to read, and the store for its annotations."""

    path: Path
    format: str | None = None
    store: Store | None = None
    store_problem: str | None = None
    preview_from: int | None = None  # files this large show a preview (None: never)
    jump: Anchor | None = None  # a comment to open the thread at (no preview then)


def open_thread(
    opening: Opening,
    *,
    cancelled: Callable[[], bool],
    show_preview: Callable[[ReadingSession], None],
    show_whole: Callable[[ReadingSession], None],
    attach: Callable[[Annotations], None],
    report: Callable[[float], None],
) -> ReadingSession | None:
    """Open a file step by step: its preview (large files only), the whole thread, then the
    store's annotations, each handed to its callback. None if `cancelled` said so meanwhile.

    Raises ArchiveError when the file cannot be read (after a preview too: a file cut short).
    """
    preview = None
    if opening.preview_from is not None and opening.jump is None:
        preview = load_preview(opening.path, opening.format, opening.preview_from)
    if preview is not None:
        session = ReadingSession(preview, partial=True, path=opening.path)
        show_preview(session)
        report = session.report
    thread = load_unless_cancelled(opening.path, opening.format, report, cancelled)
    if thread is None:
        return None
    whole = ReadingSession(thread, path=opening.path)
    if opening.jump is not None:
        whole.start = locate(thread, [opening.jump]).get(opening.jump.comment_id)
    show_whole(whole)
    # The store records the visit while the screen mounts (SQLite lets go of the GIL).
    annotations = Annotations.open(opening.store, thread, opening.store_problem)
    attach(annotations)
    return whole


def load_unless_cancelled(
    path: Path,
    format: str | None,
    report: Callable[[float], None],
    cancelled: Callable[[], bool],
) -> Thread | None:
    """`load` on a daemon thread telling `report` how far it has got, given up (None) when
    `cancelled` says so.

    A worker's thread cannot be stopped, and Python waits for it before it exits: quitting
    while a million comments are read would hang for the seconds the read has left.
    """
    outcome: list[Thread | BaseException] = []

    def read() -> None:
        set_progress(report)
        try:
            with quick_switches():
                thread = load(path, format)
            thread.by_depth  # noqa: B018 (what keys and the header use, built off the UI thread)
            thread.kind_counts(), thread.max_depth()
        except BaseException as error:  # raised again on the caller's thread, just below
            outcome.append(error)
            return
        outcome.append(thread)

    reading = threading.Thread(target=read, name=f"read {path.name}", daemon=True)
    reading.start()
    while reading.is_alive():
        reading.join(CANCEL_POLL_SECONDS)
        if cancelled():
            return None
    if cancelled():  # given up while the last piece was read
        return None
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


_switching = threading.Lock()
_loads_running = [0, sys.getswitchinterval()]  # loads now, the interval before the first


@contextmanager
def quick_switches() -> Iterator[None]:
    """Pass the interpreter between threads every LOADING_SWITCH_SECONDS while this runs
    (loads that overlap, such as one given up and the next, share it; the last restores)."""
    with _switching:
        if _loads_running[0] == 0:
            _loads_running[1] = sys.getswitchinterval()
            sys.setswitchinterval(LOADING_SWITCH_SECONDS)
        _loads_running[0] += 1
    try:
        yield
    finally:
        with _switching:
            _loads_running[0] -= 1
            if _loads_running[0] == 0:
                sys.setswitchinterval(_loads_running[1])


__all__ = ["ArchiveError", "IndexMap", "Opening", "ReadingSession", "open_thread"]
