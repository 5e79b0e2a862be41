"""Screens: loading a file, and the main thread screen (tree beside reading pane)."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from reader.annotations import Annotations
from reader.config import Config
from reader.model import Thread
from reader.store import Note, StoreError
from reader.ui.commands import ReadStateCommands
from reader.ui.dialogs.notes import NoteEditor, NotesList
from reader.ui.keys import bindings, key_hint
from reader.ui.messages import CommentHighlighted, PositionChanged, SearchClosed, ViewChanged
from reader.ui.render import DateStyle, display_author
from reader.ui.screens.loading import LoadingScreen
from reader.ui.widgets.header import ThreadHeader
from reader.ui.widgets.pane import ReadingPane
from reader.ui.widgets.searchbar import SearchBar
from reader.ui.widgets.tree import CommentTree

PANE_DELAY = 1 / 60  # the pane is drawn in the frame after the tree's: keys answer first
# Read marks gathered while moving are saved this often (and when the thread is closed).
READ_FLUSH_SECONDS = 1.0


class ThreadScreen(Screen[None]):
    """The reader: header, comment tree on the left, reading pane on the right, footer.

    It owns the thread's annotations: bookmarks, notes and read marks, kept in the store.
    """

    BINDINGS = bindings("screen")
    COMMANDS = {ReadStateCommands}

    def __init__(
        self,
        thread: Thread,
        annotations: Annotations | None = None,
        jump: int | None = None,
        *,
        config: Config | None = None,
        partial: bool = False,
    ) -> None:
        """`partial`: `thread` is the preview of a file still being read; `complete` gives
        the whole thread. Meanwhile it reads and folds, and what needs every comment waits.
        """
        super().__init__()
        self.thread = thread
        self.annotations = annotations or Annotations.open(None, thread, "no store")
        self.jump = jump
        self.config = config or Config()
        self.partial = partial
        self.fraction: float | None = None  # of the file read, set from the loading thread
        self._reading: Timer | None = None  # shows `fraction` in the header
        self._flush_failed = False
        self._pane_target: int | None = None
        self._filter_note = ""

    def compose(self) -> ComposeResult:
        yield ThreadHeader(self.thread, partial=self.partial, id="header")
        with Horizontal(id="main"):
            yield CommentTree(self.thread, id="tree")
            yield ReadingPane(self.thread, id="pane")
        yield SearchBar(id="search")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        tree = self.query_one(CommentTree)
        # A preview shows no marks: what was read before is known once the store answers.
        tree.marks = {} if self.partial else self.annotations.marks
        self.reading_pane.annotations = None if self.partial else self.annotations
        self.apply_config(self.config)
        tree.partial = self.reading_pane.partial = self.partial  # after the config's folds
        tree.focus()
        self.refresh_counts()
        self.set_interval(READ_FLUSH_SECONDS, self.flush_reads)
        if self.partial:
            self._reading = self.set_interval(LoadingScreen.POLL_SECONDS, self._show_reading)
        if self.jump is not None:
            tree.select(self.jump)

    def on_unmount(self) -> None:
        self.flush_reads()

    # The preview of a file still being read.

    def report(self, fraction: float) -> None:
        """Called by the importer on the loading thread: only remember the value."""
        self.fraction = fraction

    def _show_reading(self) -> None:
        self.query_one(ThreadHeader).show_reading(self.fraction)

    def complete(self, thread: Thread, annotations: Annotations) -> None:
        """Show the whole thread in place of its preview: the cursor stays on its comment at
        its place on screen, the folds made meanwhile are made again, read marks carry over.
        """
        tree = self.comment_tree
        place = _IndexMap(self.thread, thread)
        cursor, screen_row = place(tree.cursor), tree.cursor_row - tree.scroll_offset.y
        folds, read = tree.fold_log, self.annotations.read
        annotations.read |= {i for i in map(place, read) if i is not None}
        self.thread, self.annotations, self.partial = thread, annotations, False
        if self._reading is not None:
            self._reading.stop()
        with self.app.batch_update():
            self.query_one(ThreadHeader).set_thread(thread)
            tree.set_thread(thread)
            tree.marks = annotations.marks
            self.reading_pane.thread = thread
            self.reading_pane.annotations = annotations
            self.reading_pane.partial = False
            self.apply_config(self.config)
            self._fold_again(tree, folds, place)
            tree.select(cursor or 0)
            tree.scroll_to(y=max(0, tree.cursor_row - screen_row), animate=False, immediate=True)
            self.reading_pane.show(tree.cursor)
            self.refresh_counts()

    @staticmethod
    def _fold_again(tree: CommentTree, folds: list[tuple[str, int]], place: _IndexMap) -> None:
        """Make again on the whole thread the folds made on its preview."""
        for what, value in folds:
            if what == "depth":
                tree.show_depth(value)
                continue
            index = place(value)
            if index is None:
                continue
            if what == "fold":
                tree.fold(index)
            else:
                tree.unfold(index)

    def needs_whole_thread(self, what: str) -> bool:
        """In a preview, say that `what` waits for the whole file (True), else False."""
        if self.partial:
            self.notify(f"{what} once the whole file is read.", markup=False)
        return self.partial

    def apply_config(self, config: Config) -> None:
        """Tree width, hidden kinds, fold depth, wrap width and date style from config.toml."""
        dates = DateStyle(relative=config.date_style == "relative", format=config.date_format)
        tree = self.comment_tree
        tree.dates = self.reading_pane.dates = dates
        tree.restyle()
        tree.styles.width = config.tree_width
        if not config.tree_width.endswith("%"):  # columns asked for are columns given
            tree.styles.min_width = tree.styles.max_width = int(config.tree_width)
        hidden = [
            kind
            for kind, shown in (
                ("pingback", config.show_pingbacks),
                ("deleted", config.show_deleted),
            )
            if not shown
        ]
        if hidden:
            tree.hide_kinds(hidden)
        if config.fold_depth:
            tree.show_depth(config.fold_depth)
        self.reading_pane.wrap_width = config.wrap_width or None
        self.reading_pane.refresh_comment()

    @property
    def comment_tree(self) -> CommentTree:
        return self.query_one(CommentTree)

    @property
    def reading_pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    def on_comment_highlighted(self, message: CommentHighlighted) -> None:
        """Show the comment once the tree has drawn its frame; a burst of moves shows the last."""
        pending = self._pane_target is not None
        self._pane_target = message.index
        if not pending:  # a timer, not call_after_refresh: that can run before the tree's frame
            self.set_timer(PANE_DELAY, self._update_pane, name="pane-follows")

    def on_position_changed(self, message: PositionChanged) -> None:
        self.query_one(ThreadHeader).show_position(message.row, message.rows)

    def action_search(self) -> None:
        if self.needs_whole_thread("Search works"):
            return
        self.query_one(SearchBar).open(self.comment_tree.search_query)

    def on_search_closed(self, message: SearchClosed) -> None:
        self.comment_tree.focus()
        if message.query is not None:
            self.comment_tree.start_search(message.query)

    def on_view_changed(self, message: ViewChanged) -> None:
        tree = self.comment_tree
        notes = []
        if tree.searching:
            notes.append(f"searching for {tree.searching!r}…")
        elif tree.search_query:
            notes.append(f"search {tree.search_query!r}: {len(tree.matches)} found")
        if tree.author_filter is not None:
            every = key_hint(self.app, "tree.filter_author")
            notes.append(f"only {tree.author_filter or 'anonymous'} ({every} shows all)")
        if tree.hidden_count:
            notes.append(f"{tree.hidden_count} hidden by config.toml")
        self._filter_note = " · ".join(notes)
        self.refresh_counts()
        self.reading_pane.highlight = tree.search_query
        self.reading_pane.refresh_comment()

    def action_toggle_revealed(self) -> None:
        self.reading_pane.toggle_revealed()

    def _update_pane(self) -> None:
        index = self._pane_target
        if index is None:
            return
        self._pane_target = None
        with self.app.batch_update():  # one frame for the pane, the read mark and the counts
            self.reading_pane.show(index)
            if self.annotations.shown(index):
                self.comment_tree.refresh_comments([index])
                self.refresh_counts()

    # Annotations.

    def refresh_counts(self) -> None:
        """Unread, new and note counts in the header."""
        annotations = self.annotations
        parts = [] if self.partial else [f"{annotations.unread_count()} unread"]
        if annotations.new:
            parts.append(f"{len(annotations.new)} new")
        notes = len(annotations.notes) + len(annotations.orphan_notes)
        if notes:
            parts.append(f"{notes} note{'' if notes == 1 else 's'}")
        if annotations.orphan_notes:
            parts.append(f"{len(annotations.orphan_notes)} not found in this copy (E)")
        if not annotations.writable and not annotations.is_opening:
            parts.append("notes read-only")
        if self._filter_note:
            parts.insert(0, self._filter_note)
        header = self.query_one(ThreadHeader)
        header.extra = " · ".join(parts)
        header.refresh_text()

    def attach(self, annotations: Annotations) -> None:
        """Take the store's annotations in place of the stand-in the thread opened with."""
        annotations.adopt(self.annotations)
        self.annotations = annotations
        if not self.is_mounted:
            return  # on_mount wires them
        self.comment_tree.marks = annotations.marks
        self.reading_pane.annotations = annotations
        self.comment_tree.restyle()
        self.reading_pane.refresh_comment()
        self.refresh_counts()

    def changed(self, indices: list[int]) -> None:
        """Redraw what shows the annotations of these comments."""
        self.comment_tree.refresh_comments(indices)
        if self.reading_pane.index in indices:
            self.reading_pane.refresh_comment()
        self.refresh_counts()

    def flush_reads(self) -> None:
        """Save the read marks gathered since the last flush (warn once if it fails)."""
        try:
            self.annotations.flush()
        except StoreError as error:
            if not self._flush_failed:
                self.notify(f"Read marks not saved: {error}", severity="warning", markup=False)
            self._flush_failed = True
        else:
            self._flush_failed = False

    def _refuse(self, error: StoreError) -> None:
        self.notify(str(error), severity="error", markup=False, timeout=8)

    def action_toggle_bookmark(self) -> None:
        if self.needs_whole_thread("Bookmarks work"):
            return
        index = self.comment_tree.cursor
        try:
            now_set = self.annotations.toggle_bookmark(index)
        except StoreError as error:
            self._refuse(error)
            return
        self.changed([index])
        undo = key_hint(self.app, "screen.undo")
        told = "Bookmarked." if now_set else f"Bookmark removed: {undo} puts it back."
        self.notify(told, markup=False)

    def action_edit_note(self) -> None:
        if self.needs_whole_thread("Notes work"):
            return
        index = self.comment_tree.cursor
        if not self.annotations.writable:
            self._refuse(StoreError("notes", f"read-only: {self.annotations.unavailable}"))
            return
        note = self.annotations.note(index)
        comment = self.thread.comments[index]
        heading = Text(f"Note on the comment by {display_author(comment)}", Style(bold=True))
        heading.append(f"\n{comment.excerpt[:150]}", Style(dim=True, bold=False))

        def save(text: str) -> None:
            self.annotations.save_note(index, text)

        def delete() -> None:
            self.annotations.delete_note(index)

        def done(result: str | None) -> None:
            if result is not None:
                self.changed([index])
            if result == "deleted":
                undo = key_hint(self.app, "screen.undo")
                self.notify(f"Note deleted: {undo} puts it back.", markup=False)

        editor = NoteEditor(heading, note.text if note else "", save, delete if note else None)
        self.app.push_screen(editor, done)

    def action_list_notes(self) -> None:
        if self.needs_whole_thread("The notes list opens"):
            return
        store = self.annotations.store
        if store is None:
            self._refuse(StoreError("notes", f"read-only: {self.annotations.unavailable}"))
            return
        self.app.push_screen(NotesList(self.annotations, store), self.app.jump_to)  # type: ignore[attr-defined]

    def action_next_unread(self) -> None:
        if self.needs_whole_thread("Next unread works"):
            return
        index = self.annotations.next_unread(self.comment_tree.cursor)
        if index is None:
            self.notify("No unread comments.")
            return
        self.select_comment(index)

    def action_undo(self) -> None:
        if self.needs_whole_thread("Undo works"):
            return
        try:
            record = self.annotations.undo()
        except StoreError as error:
            self._refuse(error)
            return
        if record is None:
            self.notify("Nothing to undo.")
            return
        kind = "Note" if isinstance(record, Note) else "Bookmark"
        self.changed(self._indices_of(record))
        self.notify(f"{kind} restored.")

    def _indices_of(self, record: object) -> list[int]:
        return [
            i
            for i, r in (*self.annotations.notes.items(), *self.annotations.bookmarks.items())
            if r is record
        ]

    def select_comment(self, index: int) -> None:
        """Go to a comment, unfolding its ancestors (and dropping an author filter hiding it)."""
        tree = self.comment_tree
        if tree.author_filter is not None and tree.row_of(index) is None:
            tree.set_author_filter(None)
        tree.select(index)

    def mark(self, indices: range, read: bool) -> None:
        """Mark comments read or unread (a command): one transaction."""
        self._marked(lambda: self.annotations.mark(indices, read))

    def mark_all(self, read: bool) -> None:
        """Mark the whole thread read or unread (a command): one transaction."""
        self._marked(lambda: self.annotations.mark_all(read))

    def _marked(self, change: Callable[[], None]) -> None:
        if self.needs_whole_thread("Marking read works"):
            return
        try:
            change()
        except StoreError as error:
            self._refuse(error)
            return
        self.comment_tree.restyle()
        self.reading_pane.refresh_comment()
        self.refresh_counts()


class _IndexMap:
    """Where each comment of a preview is in the whole thread (None: not there)."""

    def __init__(self, preview: Thread, whole: Thread) -> None:
        self.preview, self.whole = preview, whole
        self._by_id: dict[str, int] | None = None

    def __call__(self, index: int) -> int | None:
        comment_id = self.preview.comments[index].id
        whole = self.whole.comments
        if index < len(whole) and whole[index].id == comment_id:  # a preview is a prefix, mostly
            return index
        if self._by_id is None:
            self._by_id = {comment.id: i for i, comment in enumerate(whole)}
        return self._by_id.get(comment_id)
