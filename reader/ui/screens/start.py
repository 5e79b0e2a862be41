"""The start screen: the library (every archive in a folder and every thread opened before).

A thin adapter over reader.library: the folder is scanned in a worker thread that hands over
batches of rows (`LibraryFound`), drawn as they come with how far the scan has got. Typing
filters the rows (fuzzily), a key cycles the sort column, enter opens, and search looks through
the comments of every indexed thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, ProgressBar, Static
from textual.worker import get_current_worker

from reader import library, resources
from reader.library import SORT_COLUMNS, Entry, Known
from reader.store import Store, StoreError
from reader.text_forms import number
from reader.ui.keys import bindings, key_hint
from reader.ui.messages import OpenRequested

# Columns of the table: (id, label, width); the title takes what is left.
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("title", "Title", 0),
    ("format", "Format", 14),  # the longest format name: wordpress-html
    ("comments", "Comments", 8),
    ("unread", "Unread", 6),
    ("new", "New", 5),
    ("notes", "Notes", 5),
    ("bookmarks", "Bkmks", 5),
    ("opened", "Last opened", 16),
)
# Left out, in this order, while the title would be narrower than TITLE_MIN cells.
DROPPED_FIRST = ("format", "bookmarks", "new", "notes")
TITLE_MIN = 34
CELL_PADDING = 2


def bundled_samples() -> list[Path]:
    """The bundled sample threads (none if the samples folder is missing)."""
    try:
        return resources.samples()
    except OSError:
        return []


class IndexProgress(Message):
    """How far indexing the folder for search has got (files done of total)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class LibraryFound(Message):
    """A batch of rows from the scan, and how far it has got (files done of total)."""

    def __init__(self, entries: list[Entry], done: int, total: int) -> None:
        super().__init__()
        self.entries = entries
        self.done = done
        self.total = total


def columns_for(width: int) -> list[tuple[str, str, int]]:
    """The columns that fit `width` cells, the title keeping at least TITLE_MIN if it can."""
    shown = list(COLUMNS)
    for dropped in DROPPED_FIRST:
        if title_width(shown, width) >= TITLE_MIN:
            break
        shown = [column for column in shown if column[0] != dropped]
    return shown


def title_width(columns: list[tuple[str, str, int]], width: int) -> int:
    """What is left for the title beside the other columns (scroll bar included)."""
    others = sum(size + CELL_PADDING for key, _, size in columns if key != "title")
    return max(width - others - CELL_PADDING - 2, 10)


def opened_text(stamp: str | None) -> str:
    """When a thread was last opened, in local time ("" for never)."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return ""


def cells(entry: Entry, columns: list[tuple[str, str, int]]) -> list[Text]:
    """One row of the table, as Text (never markup: titles come from archives)."""
    dim = Style(dim=True)
    values: dict[str, Text] = {
        "title": Text(entry.title, no_wrap=True, overflow="ellipsis"),
        "format": Text(entry.format, style=dim),
        "comments": _count(entry.comments, "+" if entry.at_least else ""),
        "unread": _count(entry.unread),
        "new": _count(entry.new or None),
        "notes": _count(entry.notes or None),
        "bookmarks": _count(entry.bookmarks or None),
        "opened": Text(opened_text(entry.opened_at), style=dim),
    }
    if entry.missing:
        values["title"].stylize(Style(dim=True, italic=True))
        values["title"].append(" (file gone)", Style(italic=True))
    return [values[key] for key, _, _ in columns]


def _count(value: int | None, suffix: str = "") -> Text:
    return Text("" if value is None else number(value) + suffix, justify="right")


class StartScreen(Screen[None]):
    """The library: pick a thread to read, or search all of them."""

    BINDINGS = bindings("library")
    AUTO_FOCUS = "#library"

    def __init__(
        self, store: Store | None, folder: Path | None = None, problem: str | None = None
    ) -> None:
        """`folder` is scanned for archives (None: the bundled samples)."""
        super().__init__()
        self.store = store
        self.problem = problem
        samples = bundled_samples()
        self.folder = folder
        self.scan_folder = folder or (samples[0].parent if samples else None)
        self.rows: dict[str, Entry] = {}
        self.sort = "opened"
        self.reverse = False
        self.shown: list[Entry] = []
        self.done, self.total = 0, 0
        self.scanning = False
        self.indexing: tuple[int, int] | None = None  # files indexed for search, of how many

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        if self.problem:
            yield Static(Text(f"Notes are read-only: {self.problem}"), id="start-problem")
        with Horizontal(id="library-bar"):
            yield Input(placeholder="type to filter", id="library-filter", select_on_focus=False)
            yield ProgressBar(id="library-progress", show_eta=False)
        yield DataTable(id="library", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#library-filter", Input).placeholder = (
            f"type to filter ({key_hint(self.app, 'library.filter')}) · "
            f"{key_hint(self.app, 'library.search')} searches every thread's comments"
        )
        known = self._load_known()
        if self.scan_folder is not None:
            self.scanning = True
            self.scan(self.scan_folder, known)
        self.redraw()

    def on_screen_resume(self) -> None:
        """Back from a thread: its unread, note and bookmark counts may have changed."""
        if self.is_mounted:
            self._load_known()
            self.redraw()

    def _load_known(self) -> Known:
        """What the store knows, its threads made rows (nothing if it cannot be read)."""
        try:
            known = Known.of(self.store)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return Known({}, {})
        library.merge(self.rows, known.entries())
        return known

    @work(thread=True, exclusive=True, group="library-scan")
    def scan(self, folder: Path, known: Known) -> None:
        """Describe the folder's archives off the UI thread, a batch at a time."""
        worker = get_current_worker()

        def hand_over(entries: list[Entry], done: int, total: int) -> None:
            self.post_message(LibraryFound(entries, done, total))

        library.scan(folder, known, hand_over, cancelled=lambda: worker.is_cancelled)
        if self.store is not None and self.store.search_problem is None:
            self._index(self.store, folder, lambda: worker.is_cancelled)

    def _index(self, store: Store, folder: Path, cancelled: Callable[[], bool]) -> None:
        """Index the folder's archives for search (those not indexed, or changed since)."""
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            if done == total or time.monotonic() - last >= library.BATCH_SECONDS:
                self.post_message(IndexProgress(done, total))
                last = time.monotonic()

        try:
            with store.companion() as own:
                library.index_folder(own, folder, progress, cancelled=cancelled)
        except (StoreError, OSError):
            pass  # search then covers what was indexed before; the next start tries again
        self.post_message(IndexProgress(1, 1))

    def on_index_progress(self, message: IndexProgress) -> None:
        self.indexing = (message.done, message.total) if message.done < message.total else None
        self._draw_header(self.query_one("#library-filter", Input).value)

    def on_library_found(self, message: LibraryFound) -> None:
        library.merge(self.rows, message.entries)
        self.done, self.total = message.done, message.total
        self.scanning = message.done < message.total
        self.redraw()

    # Drawing.

    def on_resize(self, event: events.Resize) -> None:
        self.redraw()

    def redraw(self, keep: bool = True) -> None:
        """Rows sorted and filtered as asked, the cursor kept on its thread (`keep`) or on the
        first row (a new sort or filter)."""
        table = self.query_one(DataTable)
        query = self.query_one("#library-filter", Input).value
        ordered = library.sort_entries(list(self.rows.values()), self.sort, self.reverse)
        self.shown = library.filter_entries(ordered, query)
        current = self.shown_entry() if keep else None
        columns = columns_for(self.size.width or 80)
        table.clear(columns=True)
        for key, label, width in columns:
            size = title_width(columns, self.size.width or 80) if key == "title" else width
            table.add_column(self._label(key, label), width=size, key=key)
        for entry in self.shown:
            table.add_row(*cells(entry, columns), key=entry.ident)
        if current is not None and current.ident in {e.ident for e in self.shown}:
            table.move_cursor(row=table.get_row_index(current.ident), animate=False)
        self._draw_header(query)

    def _label(self, key: str, label: str) -> Text:
        sort_key = "opened" if key == "opened" else key
        if sort_key != self.sort:
            return Text(label)
        return Text(f"{label} {self._arrow()}", Style(bold=True))

    def _arrow(self) -> str:
        """▲ when the rows go up (A to Z, small to large), ▼ when they go down."""
        return "▲" if library.ascending(self.sort, self.reverse) else "▼"

    def _draw_header(self, query: str) -> None:
        header = Text()
        header.append("thread-reader", Style(bold=True))
        room = self.size.width - 70  # what the counts and the sort leave for the folder
        if self.folder is None:
            where = "threads read and the samples" if room >= 28 else "library"
        else:
            full = str(self.folder)
            where = full if len(full) <= room else self.folder.name or full
        header.append(f" · {where}")
        shown, total = len(self.shown), len(self.rows)
        header.append(f" · {number(shown)} of {number(total)}" if query else f" · {number(total)}")
        header.append(" threads")
        if self.scanning:
            header.append(f" · scanning {number(self.done)}/{number(self.total)} files")
        elif self.indexing is not None:
            done, total = self.indexing
            header.append(f" · indexing for search {number(done)}/{number(total)}")
        header.append(f" · by {SORT_COLUMNS[self.sort].lower()} {self._arrow()}", Style(dim=True))
        self.query_one("#header", Static).update(header)
        progress = self.query_one("#library-progress", ProgressBar)
        done, total = (self.done, self.total) if self.scanning else self.indexing or (0, 0)
        progress.display = self.scanning or self.indexing is not None
        progress.update(total=max(total, 1), progress=done)

    def shown_entry(self) -> Entry | None:
        """The thread the cursor is on."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None
        return self.rows.get(key or "")

    # Keys.

    def action_next_sort(self) -> None:
        names = list(SORT_COLUMNS)
        self.sort = names[(names.index(self.sort) + 1) % len(names)]
        self.reverse = False
        self.redraw(keep=False)

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self.redraw(keep=False)

    def action_cursor(self, direction: str) -> None:
        table = self.query_one(DataTable)
        table.action_cursor_down() if direction == "down" else table.action_cursor_up()

    def action_filter(self) -> None:
        self.query_one("#library-filter", Input).focus()

    def action_clear_filter(self) -> None:
        filter_box = self.query_one("#library-filter", Input)
        filter_box.value = ""
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        from reader.ui.dialogs.search import SearchScreen

        problem = _search_problem(self.store, self.problem)
        if problem is not None:
            self.notify(problem, severity="error", markup=False)
            return
        assert self.store is not None
        self.app.push_screen(SearchScreen(self.store), self.app.jump_to)  # type: ignore[attr-defined]

    def on_key(self, event: events.Key) -> None:
        """A letter no key claims starts the filter; arrows in the filter move the rows."""
        filter_box = self.query_one("#library-filter", Input)
        table = self.query_one(DataTable)
        if self.focused is table and event.is_printable and event.character:
            if event.key not in self.active_bindings:
                filter_box.focus()
                filter_box.insert_text_at_cursor(event.character)
                event.stop()
        elif self.focused is filter_box and event.key in ("up", "down", "pageup", "pagedown"):
            getattr(table, f"action_{_TABLE_MOVES[event.key]}")()
            event.stop()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.redraw(keep=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()
        self._open(self.shown_entry())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(self.rows.get(event.row_key.value or ""))

    def _open(self, entry: Entry | None) -> None:
        if entry is None:
            return
        if entry.path and Path(entry.path).exists():
            self.post_message(OpenRequested(Path(entry.path)))
        else:
            self.notify(
                f"{entry.title}: the file is gone ({entry.path or 'never saved'}).",
                severity="error",
                markup=False,
            )


_TABLE_MOVES = {
    "up": "cursor_up",
    "down": "cursor_down",
    "pageup": "page_up",
    "pagedown": "page_down",
}


def _search_problem(store: Store | None, problem: str | None) -> str | None:
    """Why search cannot run (no store, no FTS5), in one line; None when it can."""
    if store is None:
        return f"Search needs the store: {problem}"
    if store.search_problem is not None:
        return f"Search is unavailable: {store.search_problem}"
    return None
