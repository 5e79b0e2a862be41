"""The thread screen: the comment tree beside the reading pane, over one reading session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget

from reader.actions import BY_ID
from reader.annotations import Annotations
from reader.bodies import prepare_markdown
from reader.config import Config
from reader.formats.saved import saved_url
from reader.jump import CommentFinder
from reader.model import Thread
from reader.search import date_range
from reader.session import ReadingSession
from reader.store import Note, StoreError
from reader.text_forms import number, plural
from reader.ui.commands import JumpCommands, ReadStateCommands
from reader.ui.keys import bindings, key_hint
from reader.ui.messages import (
    AuthorFilterRequested,
    CommentHighlighted,
    PositionChanged,
    RefreshRequested,
    SearchClosed,
    ViewChanged,
)
from reader.ui.render import DateStyle, display_author
from reader.ui.screens.loading import LoadingScreen
from reader.ui.widgets.frames import Columns, KeptRows, KeyFooter, PaneBox
from reader.ui.widgets.header import ThreadHeader
from reader.ui.widgets.pane import ReadingPane
from reader.ui.widgets.searchbar import SearchBar
from reader.ui.widgets.tree import CommentTree
from reader.view import Filter, ThreadView, has_scores, newest_date

PANE_DELAY = 1 / 60  # the pane is drawn in the frame after the tree's: keys answer first
# Read marks gathered while moving, and where the reader is, are saved this often (and when
# the thread is closed), so a killed terminal loses at most this much.
READ_FLUSH_SECONDS = 1.0
# Below this many columns the screen shows the tree or the pane, one at a time (reader.tcss).
NARROW_BELOW = 80
# The header's words for the orders of replies and the kinds hidden.
ORDER_WORDS = {"archive": "the archive's order", "date": "date order", "score": "score order"}
KIND_WORDS = {"more": "stubs", "deleted": "deleted", "pingback": "pingbacks"}

_Action = TypeVar("_Action", bound=Callable[..., Any])


def whole_file(what: str) -> Callable[[_Action], _Action]:
    """An action that waits for the whole file: on a preview it only says so."""

    def decorate(action: _Action) -> _Action:
        @wraps(action)
        def guarded(screen: ThreadScreen, *args: Any) -> Any:
            if screen.needs_whole_thread(what):
                return None
            return action(screen, *args)

        return guarded  # type: ignore[return-value]

    return decorate


class ThreadScreen(KeptRows, Screen[None]):
    """The reader: header, comment tree on the left, reading pane on the right, footer.

    It holds a reading session (reader/session.py): the thread, its annotations (bookmarks,
    notes and read marks, kept in the store) and the view the tree draws.
    """

    BINDINGS = bindings("screen")
    COMMANDS = {ReadStateCommands, JumpCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]

    def __init__(self, session: ReadingSession, *, config: Config | None = None) -> None:
        super().__init__()
        self.session = session
        self.config = config or Config()
        self._drawn = False
        self._when_drawn: list[Callable[[], object]] = []
        self._reading: Timer | None = None  # shows how much of the file is read, in the header
        self._flush_failed = False
        self._pane_target: int | None = None
        self._pane_shown = False
        self._position: tuple[int, int] | None = None  # the tree's cursor row, of its rows
        self._filter_note = ""
        self._finder: CommentFinder | None = None  # what the palette's jumps search, built once
        self._search_note = ""
        self.comment_tree = CommentTree(session.view, id="tree")
        self.reading_pane = ReadingPane(session.thread, id="pane")

    @property
    def thread(self) -> Thread:
        return self.session.thread

    @property
    def annotations(self) -> Annotations:
        return self.session.annotations

    @property
    def partial(self) -> bool:
        """Whether the thread shown is the preview of a file still being read."""
        return self.session.partial

    def compose(self) -> ComposeResult:
        yield ThreadHeader(self.thread, partial=self.partial, id="header")
        with Columns(id="main"):
            yield self.comment_tree
            with PaneBox(id="pane-box"):
                yield self.reading_pane
        yield SearchBar(id="search")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        tree = self.comment_tree
        # A preview shows no marks: what was read before is known once the store answers.
        tree.marks = {} if self.partial else self.annotations.marks
        self.reading_pane.annotations = None if self.partial else self.annotations
        self.reading_pane.partial = self.partial
        self.apply_config(self.config)
        self.apply_view_config(self.config)
        tree.focus()
        self.refresh_counts()
        self.set_interval(READ_FLUSH_SECONDS, self.save_state)
        if self.partial:
            self._reading = self.set_interval(LoadingScreen.POLL_SECONDS, self._show_reading)
        if self.session.start is not None:
            self.select_comment(self.session.start)
        elif not self.annotations.is_opening:  # the store answered before the screen showed
            self._restore_position()

    def on_unmount(self) -> None:
        self.save_state()

    def when_drawn(self, callback: Callable[[], object]) -> None:
        """Call `callback` once the screen's first frame is drawn (now if it is)."""
        if self._drawn:
            callback()
        else:
            self._when_drawn.append(callback)

    def on_screen_resume(self) -> None:
        """Textual draws the screen in its own handler, after this one: what waits for the
        first frame runs next."""
        if not self._drawn:
            self._drawn = True
            for callback in self._when_drawn:
                self.call_next(callback)
            self._when_drawn.clear()

    # A narrow screen: the tree or the pane, whichever has the focus, one at a time.

    def on_resize(self, event: events.Resize) -> None:
        self.call_next(self._size_tree)  # once Screen has set the breakpoint classes

    def _size_tree(self) -> None:
        """The tree's width from config.toml; on a narrow screen, the whole width."""
        styles, width = self.comment_tree.styles, self.config.tree_width
        if self.has_class("-narrow"):
            styles.width, styles.min_width, styles.max_width = "1fr", None, None
        elif width.endswith("%"):
            styles.width, styles.min_width, styles.max_width = width, None, None
        else:  # columns asked for are columns given
            styles.width = styles.min_width = styles.max_width = int(width)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget in (self.comment_tree, self.reading_pane):
            self.set_class(event.widget is self.reading_pane, "-reading")

    def on_key(self, event: events.Key) -> None:
        """On a narrow screen, enter on the tree reads the comment (space still folds)."""
        if event.key == "enter" and self.has_class("-narrow") and self.focused is self.comment_tree:
            event.stop()
            event.prevent_default()
            self.switch_to(self.reading_pane)

    def focus_next(self, selector: str | type[Widget] = "*") -> Widget | None:
        """Tab: on a narrow screen, from the tree to the pane and back."""
        return self._swap_shown() or super().focus_next(selector)

    def focus_previous(self, selector: str | type[Widget] = "*") -> Widget | None:
        return self._swap_shown() or super().focus_previous(selector)

    def _swap_shown(self) -> Widget | None:
        """Show the other of tree and pane if the screen is narrow and one has the focus."""
        if not self.has_class("-narrow"):
            return None
        if self.focused is self.comment_tree:
            return self.switch_to(self.reading_pane)
        if self.focused is self.reading_pane:
            return self.switch_to(self.comment_tree)
        return None

    def switch_to(self, widget: Widget) -> Widget:
        """Show `widget` (tree or pane) in place of the other on a narrow screen; focus it."""
        self.set_class(widget is self.reading_pane, "-reading")
        widget.focus()
        return widget

    # The preview of a file still being read.

    def _show_reading(self) -> None:
        self.query_one(ThreadHeader).show_reading(self.session.fraction)

    def complete(self, whole: ReadingSession) -> None:
        """Show the whole thread in place of its preview: the cursor stays on its comment at
        its place on screen, the folds made meanwhile are made again, read marks carry over.
        """
        tree = self.comment_tree
        cursor, screen_row = tree.cursor, tree.cursor_row - tree.scroll_offset.y
        place = self.session.complete(whole)
        if self._reading is not None:
            self._reading.stop()
        with self.app.batch_update():
            self.query_one(ThreadHeader).set_thread(self.thread)
            tree.marks = self.annotations.marks
            tree.set_view(self.session.view, place(cursor) or 0)
            tree.scroll_to(y=max(0, tree.cursor_row - screen_row), animate=False, immediate=True)
            self.reading_pane.thread = self.thread
            self.reading_pane.annotations = self.annotations
            self.reading_pane.partial = False
            self.reading_pane.show(tree.cursor)
            self.refresh_counts()

    def needs_whole_thread(self, what: str) -> bool:
        """In a preview, say that `what` waits for the whole file (True), else False."""
        message = self.session.waits_for_whole(what)
        if message is not None:
            self.notify(message, markup=False)
        return message is not None

    def apply_config(self, config: Config) -> None:
        """Tree width, wrap width and date style from config.toml."""
        dates = DateStyle(relative=config.date_style == "relative", format=config.date_format)
        tree = self.comment_tree
        tree.dates = self.reading_pane.dates = dates
        tree.restyle()
        self._size_tree()
        self.reading_pane.wrap_width = config.wrap_width or None
        self.reading_pane.refresh_comment()

    def apply_view_config(self, config: Config) -> None:
        """Hidden kinds and the first fold depth from config.toml."""
        hidden = tuple(
            kind
            for kind, shown in (
                ("pingback", config.show_pingbacks),
                ("deleted", config.show_deleted),
            )
            if not shown
        )
        hidden += ("more",) if not config.show_stubs else ()

        def configure(view: ThreadView) -> None:
            if hidden:
                view.set_filter(Filter("hide", hidden))
            if config.fold_depth:
                view.show_depth(config.fold_depth)

        if hidden or config.fold_depth:
            self.comment_tree.change_view(configure)

    def on_comment_highlighted(self, message: CommentHighlighted) -> None:
        """Show the comment once the tree has drawn its frame; a burst of moves shows the last."""
        message.stop()  # the app has nothing to do with it
        self._show_search_status(message.index)
        pending = self._pane_target is not None
        self._pane_target = message.index
        if not pending:  # a timer, not call_after_refresh: that can run before the tree's frame
            self.set_timer(PANE_DELAY, self._update_pane, name="pane-follows")

    def on_position_changed(self, message: PositionChanged) -> None:
        """The header shows the cursor's row in the frame of the pane that follows it (one
        frame less a key), or now if the pane has nothing to follow."""
        message.stop()
        self._position = (message.row, message.rows)
        if self._pane_target is None:
            self._show_position()

    def _show_position(self) -> None:
        if self._position is not None:
            self.query_one(ThreadHeader).show_position(*self._position)

    @whole_file("Search works")
    def action_search(self) -> None:
        self.query_one(SearchBar).open(self.session.view.search_query)

    def on_search_closed(self, message: SearchClosed) -> None:
        """Enter searches; escape leaves the search (the cursor stays where it is)."""
        tree = self.comment_tree
        tree.focus()
        if message.query is not None:
            tree.start_search(message.query)
        elif self.session.view.search_query or tree.searching:
            tree.clear_search()

    def on_author_filter_requested(self, message: AuthorFilterRequested) -> None:
        if self.needs_whole_thread("The author filter works"):
            return
        author = None
        if self.session.view.filter_value("author") is None:
            author = self.thread.comments[message.index].author or ""
        self.comment_tree.change_view(lambda _view: self.session.set_author_filter(author))

    def _show_search_status(self, index: int) -> None:
        """The header's search status: the match the cursor is on, of those shown ("3/41")."""
        tree = self.comment_tree
        view = self.session.view
        if tree.searching:
            note = f"searching for {tree.searching!r}…"
        elif view.search_query:
            note = f"search {view.search_query!r} {view.search_status(index)}"
        else:
            note = ""
        if note != self._search_note:
            self._search_note = note
            self.refresh_counts()

    def on_view_changed(self, message: ViewChanged) -> None:
        tree = self.comment_tree
        view = self.session.view
        self._search_note = ""
        self._show_search_status(tree.cursor)
        notes = []
        if view.flat:
            back = key_hint(self.app, "screen.flat")
            notes.append(f"flat: every comment by date ({back}: tree)")
        elif view.order != "archive":
            notes.append(f"replies in {ORDER_WORDS[view.order]}")
        for kind, words in zip((f.kind for f in view.filters), view.describe(), strict=True):
            if kind == "hide":
                kinds = ", ".join(KIND_WORDS.get(each, each) for each in view.filter_value("hide"))
                shown = key_hint(self.app, "screen.stubs")
                notes.append(f"{number(view.hidden_count)} hidden: {kinds} ({shown} toggles)")
            elif kind == "zoom":
                out = key_hint(self.app, "screen.zoom_out")
                notes.append(f"{words} ({out} zooms out)")
            elif kind == "author":
                every = key_hint(self.app, "tree.filter_author")
                notes.append(f"{words} ({every} shows all)")
            else:
                notes.append(words)
        if view.selecting:
            count = view.match_count
            notes.append(f"{plural(count, 'comment')} match{'es' if count == 1 else ''}")
            menu = key_hint(self.app, "screen.filter_menu")
            clear = key_hint(self.app, "screen.clear_filters")
            step = key_hint(self.app, "tree.step_all")
            stepping = "every row" if tree.step_all else "matches only"
            notes.append(f"j/k: {stepping} ({step}) · {menu} filters, {clear} clears")
        self._filter_note = " · ".join(notes)
        self.refresh_counts()
        self.reading_pane.highlight = tree.pattern
        self.reading_pane.refresh_comment()

    def action_toggle_revealed(self) -> None:
        self.reading_pane.toggle_revealed()

    # Views: the conversation, the flat view, sorting, zoom, stubs.

    def action_conversation(self) -> None:
        """The post down to the selected comment in one column; back to the tree after."""
        from reader.ui.screens.conversation import ConversationScreen  # loads on first use

        screen = ConversationScreen(
            self.thread,
            self.comment_tree.cursor,
            dates=self.comment_tree.dates,
            wrap=self.config.wrap_width or None,
        )
        self.app.push_screen(screen)

    def _keeping_place(self, change: Callable[[], object]) -> None:
        """Change the view; the cursor stays on its comment at its place on screen."""
        tree = self.comment_tree
        screen_row = tree.cursor_row - tree.scroll_offset.y
        tree.change_view(lambda _view: change())
        tree.scroll_to(y=max(0, tree.cursor_row - screen_row), animate=False, immediate=True)

    @whole_file("The flat view opens")
    def action_toggle_flat(self) -> None:
        view = self.session.view
        self._keeping_place(lambda: view.set_flat(not view.flat))

    @whole_file("Sorting works")
    def action_cycle_order(self) -> None:
        orders: list[str] = []
        self._keeping_place(lambda: orders.append(self.session.cycle_order()))
        where = " in the tree (the flat view is by date)" if self.session.view.flat else ""
        self.notify(f"Replies in {ORDER_WORDS[orders[0]]}{where}.", markup=False)

    @whole_file("Zooming works")
    def action_zoom_in(self) -> None:
        index = self.comment_tree.cursor
        if self.session.view.flat:
            self.notify(f"Zooming works in the tree: {key_hint(self.app, 'screen.flat')}.")
            return
        zoomed: list[bool] = []
        self.comment_tree.change_view(lambda _view: zoomed.append(self.session.zoom_in(index)))
        if not zoomed[0]:
            out = key_hint(self.app, "screen.zoom_out")
            self.notify(f"This is the comment zoomed into: {out} zooms out.", markup=False)

    @whole_file("Zooming works")
    def action_zoom_out(self) -> None:
        zoomed: list[bool] = []
        self._keeping_place(lambda: zoomed.append(self.session.zoom_out()))
        if not zoomed[0]:
            self.notify(f"Not zoomed in: {key_hint(self.app, 'screen.zoom_in')} zooms in.")

    @whole_file("Hiding stubs works")
    def action_toggle_stubs(self) -> None:
        hidden: list[bool] = []
        self._keeping_place(lambda: hidden.append(self.session.toggle_stubs()))
        told = "hidden" if hidden[0] else "shown"
        self.notify(f"Stubs and deleted comments without replies {told}.", markup=False)

    def _update_pane(self) -> None:
        index = self._pane_target
        if index is None:
            return
        self._pane_target = None
        with self.app.batch_update():  # one frame: the pane, the position, read mark, counts
            self._show_position()
            self.reading_pane.show(index)
            if self.annotations.shown(index):
                self.comment_tree.refresh_comments([index])
                self.refresh_counts()
        if not self._pane_shown:
            self._pane_shown = True
            self.call_after_refresh(self._prepare_markdown)

    def _prepare_markdown(self) -> None:
        """Once the first comment shows: markdown-it, if the thread has Markdown or HTML text,
        so that the first key onto a comment that needs it does not wait for its import."""
        if any(comment.body_format != "text" for comment in self.thread.comments[:1000]):
            prepare_markdown()

    # Annotations.

    def refresh_counts(self) -> None:
        """Unread, new and note counts in the header."""
        annotations = self.annotations
        parts = [] if self.partial else [f"{number(annotations.unread_count())} unread"]
        if annotations.new:
            parts.append(f"{number(len(annotations.new))} new")
        notes = len(annotations.notes) + len(annotations.orphan_notes)
        if notes:
            parts.append(plural(notes, "note"))
        if annotations.orphan_notes:
            parts.append(f"{number(len(annotations.orphan_notes))} not found in this copy (E)")
        if not annotations.writable and not annotations.is_opening:
            parts.append("notes read-only")
        header = self.query_one(ThreadHeader)
        header.filters = " · ".join(note for note in (self._search_note, self._filter_note) if note)
        header.extra = " · ".join(parts)
        header.refresh_text()

    def attach(self, annotations: Annotations) -> None:
        """Take the store's annotations in place of the stand-in the thread opened with, and
        go back to where the reader left the thread (unless they have moved meanwhile).
        """
        self.session.attach(annotations)
        if not self.is_mounted:
            return  # on_mount wires them
        tree = self.comment_tree
        tree.marks = annotations.marks
        self.reading_pane.annotations = annotations
        self._restore_position()
        tree.restyle()
        self.reading_pane.refresh_comment()
        self.refresh_counts()

    def _restore_position(self) -> None:
        """Back where the reader left the thread, unless this visit has moved already."""
        tree = self.comment_tree
        if self.session.start is not None or tree.cursor_row != 0:
            return
        restored: list[int | None] = []
        tree.change_view(lambda _view: restored.append(self.session.restore_position()))
        if restored[0] is None:
            return
        tree.select(restored[0])
        tree.scroll_to(y=max(0, tree.cursor_row - tree.size.height // 3), animate=False)

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

    def save_state(self) -> None:
        """Save the read marks and where the reader is (the comment, folds and filters)."""
        self.flush_reads()
        if self.partial:
            return
        try:
            self.session.save_position(self.comment_tree.cursor)
        except StoreError as error:
            if not self._flush_failed:
                self.notify(f"Position not saved: {error}", severity="warning", markup=False)
            self._flush_failed = True

    def _refuse(self, error: StoreError) -> None:
        self.notify(str(error), severity="error", markup=False, timeout=8)

    @whole_file("Bookmarks work")
    def action_toggle_bookmark(self) -> None:
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

    @whole_file("Notes work")
    def action_edit_note(self) -> None:
        index = self.comment_tree.cursor
        if not self.annotations.writable:
            self._refuse(StoreError("notes", f"read-only: {self.annotations.unavailable}"))
            return
        annotations = self.annotations
        note = annotations.note(index)
        comment = self.thread.comments[index]
        heading = Text(f"Note on the comment by {display_author(comment)}", Style(bold=True))
        heading.append(f"\n{comment.excerpt[:150]}", Style(dim=True, bold=False))

        def save(text: str) -> None:
            annotations.save_note(index, text)

        def delete() -> None:
            annotations.delete_note(index)

        def done(result: str | None) -> None:
            if result is not None:
                self.changed([index])
            if result == "deleted":
                undo = key_hint(self.app, "screen.undo")
                self.notify(f"Note deleted: {undo} puts it back.", markup=False)

        from reader.ui.dialogs.notes import NoteEditor  # its TextArea loads on the first note

        editor = NoteEditor(heading, note.text if note else "", save, delete if note else None)
        self.app.push_screen(editor, done)

    @whole_file("The notes list opens")
    def action_list_notes(self) -> None:
        store = self.annotations.store
        if store is None:
            self._refuse(StoreError("notes", f"read-only: {self.annotations.unavailable}"))
            return
        from reader.ui.dialogs.notes import NotesList

        self.app.push_screen(NotesList(self.annotations, store), self.app.jump_to)  # type: ignore[attr-defined]

    @whole_file("Next unread works")
    def action_next_unread(self) -> None:
        cursor = self.comment_tree.cursor
        index = self.annotations.next_unread(cursor)
        if index is None:
            self.notify("No unread comments.")
            return
        if index <= cursor:
            self.notify("No unread comment below: back to the first from the top.", markup=False)
        self.select_comment(index)

    # Filters (each a key, the command palette and the filter menu).

    def _set_filter(self, new: Filter, words: str) -> None:
        """Add (or change) a filter, unless it would leave no comment: then say so."""
        view = self.session.view
        if view.would_match(new) == 0:
            told = f"No comment is {words}: nothing filtered."
            self.notify(told, severity="warning", markup=False)
            return
        self.comment_tree.change_view(lambda _view: _view.set_filter(new))

    def _toggle_filter(self, kind: str, words: str) -> None:
        """A filter without a value: on, or off when it is on."""
        if self.session.view.has_filter(kind):
            self.clear_filter(kind)
        else:
            self._set_filter(Filter(kind), words)

    def clear_filter(self, kind: str) -> None:
        self.comment_tree.change_view(lambda view: view.clear_filter(kind))

    @whole_file("Filters work")
    def action_clear_filters(self) -> None:
        """Drop every filter that selects comments (zoom and hidden kinds stay)."""
        view = self.session.view
        if not view.selecting:
            self.notify("No filter is on.")
            return
        self.comment_tree.change_view(lambda _view: _view.clear_filters())
        self.notify("Filters cleared: every comment shows.")

    @whole_file("Filters work")
    def action_filter_op(self) -> None:
        self._toggle_filter("op", "by the original poster")

    @whole_file("Filters work")
    def action_filter_unread(self) -> None:
        self._toggle_filter("unread", "unread")

    @whole_file("Filters work")
    def action_filter_new(self) -> None:
        if not self.annotations.new and not self.session.view.has_filter("new"):
            why = "this is your first visit" if self.annotations.first_visit else "none came in"
            self.notify(f"Nothing is new since your last visit ({why}).", markup=False)
            return
        self._toggle_filter("new", "new since your last visit")

    @whole_file("Filters work")
    def action_filter_annotated(self) -> None:
        self._toggle_filter("annotated", "noted or bookmarked")

    @whole_file("Filters work")
    def action_filter_participants(self) -> None:
        view = self.session.view
        current = view.filter_value("author")

        def picked(author: str | None) -> None:
            if author is not None:
                self._set_filter(Filter("author", author), f"by {author or 'anonymous'}")

        from reader.ui.dialogs.filters import ParticipantPicker  # dialogs load on first use

        self.app.push_screen(ParticipantPicker(view.participants(), current), picked)

    @whole_file("Filters work")
    def action_filter_dates(self) -> None:
        newest = newest_date(self.thread)
        if newest is None:
            self.notify("This thread has no dates to filter by.", markup=False)
            return
        current = self.session.view.filter_value("dates")
        start, end = current if current else (None, None)
        since = f"{newest:%Y-%m-%d}"

        def check(values: tuple[str, ...]) -> str | None:
            if current is not None and not "".join(values).strip():
                return None  # both emptied: the filter goes
            try:
                date_range(values[0], values[1], newest)
            except ValueError as error:
                return str(error)
            return None

        def chosen(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            if not "".join(values).strip():
                self.clear_filter("dates")
                return
            bounds = date_range(values[0], values[1], newest)
            self._set_filter(Filter("dates", bounds), "within those dates")

        explain = (
            "From and to (either may stay empty): a date like 2024-01-31 or 2024-01, or an age "
            f"like 7d, 12h, 3w, 1y counted back from the newest comment ({since}). "
            "The end date is kept whole."
        )
        if current is not None:
            explain += " Empty both to drop this filter."
        fields = [
            ("from: 2024-01-31 or 7d", typed_moment(start) if start else ""),
            ("to (inclusive): 2024-02-29", typed_moment(last_day(end)) if end else ""),
        ]
        from reader.ui.dialogs.filters import AskDialog

        self.app.push_screen(AskDialog("Only comments dated", fields, explain, check), chosen)

    @whole_file("Filters work")
    def action_filter_score(self) -> None:
        if not has_scores(self.thread):
            self.notify(
                f"This thread has no scores ({self.thread.format} archives keep none here).",
                markup=False,
            )
            return
        current = self.session.view.filter_value("score")

        def check(values: tuple[str, ...]) -> str | None:
            if current is not None and not values[0].strip():
                return None  # emptied: the filter goes
            try:
                int(values[0].strip())
            except ValueError:
                return f"{values[0].strip()!r} is not a whole number"
            return None

        def chosen(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            if not values[0].strip():
                self.clear_filter("score")
                return
            least = int(values[0].strip())
            self._set_filter(Filter("score", least), f"scored {least:,} or more")

        scores = [c.score for c in self.thread.comments if c.score is not None]
        explain = "Only comments scored at least this "
        explain += f"(scores here run {min(scores):,} to {max(scores):,})."
        if current is not None:
            explain += " Empty it to drop this filter."
        fields = [("minimum score", str(current) if current is not None else "")]
        from reader.ui.dialogs.filters import AskDialog

        self.app.push_screen(AskDialog("Minimum score", fields, explain, check), chosen)

    @whole_file("Filters work")
    def action_filter_menu(self) -> None:
        """The filters with their keys, those on marked: enter turns one on or off."""
        from reader.ui.dialogs.filters import FilterMenu, MenuEntry

        view = self.session.view
        on = {each.kind: words for each, words in zip(view.filters, view.describe(), strict=True)}
        rows = [
            ("tree.filter_author", "author", "Only the selected comment's author"),
            ("screen.filter_participants", "author", "Only an author picked from the participants"),
            ("screen.filter_op", "op", "Only the original poster"),
            ("screen.filter_unread", "unread", "Only unread comments"),
            ("screen.filter_new", "new", "Only comments new since the last visit"),
            ("screen.filter_annotated", "annotated", "Only comments with a note or bookmark"),
            ("screen.filter_dates", "dates", "Only comments within dates"),
            ("screen.filter_score", "score", "Only comments scored at least"),
        ]
        entries = [
            MenuEntry(action, on.get(kind, words), kind in on) for action, kind, words in rows
        ]
        if view.selecting:
            entries.append(MenuEntry("screen.clear_filters", "Clear every filter"))

        def chosen(action: str | None) -> None:
            if action is None:
                return
            kind = next((kind for each, kind, _ in rows if each == action), None)
            picks_again = action == "screen.filter_participants"  # picks another author
            if kind is not None and self.session.view.has_filter(kind) and not picks_again:
                self.clear_filter(kind)
                return
            if action == "tree.filter_author":
                self.on_author_filter_requested(AuthorFilterRequested(self.comment_tree.cursor))
                return
            getattr(self, f"action_{BY_ID[action].action}")()

        self.app.push_screen(FilterMenu(entries), chosen)

    @whole_file("Undo works")
    def action_refresh_thread(self) -> None:
        """Download the thread again from where it was saved (a file saved from the web)."""
        path = self.session.path
        if path is None or saved_url(path) is None:
            save = key_hint(self.app, "app.save_url")
            self.notify(
                f"This thread was not saved from the web, so it cannot be refreshed: {save} or"
                " `thread-reader save URL` saves a thread that can.",
                severity="warning",
                markup=False,
            )
            return
        self.post_message(RefreshRequested(path))

    def action_undo(self) -> None:
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

    @whole_file("The statistics open")
    def action_statistics(self) -> None:
        from reader.ui.screens.statistics import StatisticsScreen  # loads on first use

        self.app.push_screen(StatisticsScreen(self.thread))

    def _indices_of(self, record: object) -> list[int]:
        return [
            i
            for i, r in (*self.annotations.notes.items(), *self.annotations.bookmarks.items())
            if r is record
        ]

    def select_comment(self, index: int) -> None:
        """Go to a comment, unfolding its ancestors (and dropping the filters hiding it)."""
        tree = self.comment_tree
        dropped: list[str] = []
        if not self.session.view.in_base(index):
            tree.change_view(lambda _view: dropped.extend(self.session.go_to(index)))
            self.notify(f"Filters cleared to show it: {', '.join(dropped)}.", markup=False)
        tree.select(index)

    def comment_finder(self) -> CommentFinder:
        """What the palette searches to jump to a comment (built on first use, per thread)."""
        finder = self._finder
        if finder is None or finder.thread is not self.thread:
            finder = self._finder = CommentFinder(self.thread)
        return finder

    def mark(self, indices: range, read: bool) -> None:
        """Mark comments read or unread (a command): one transaction."""
        self._marked(lambda: self.annotations.mark(indices, read))

    def mark_all(self, read: bool) -> None:
        """Mark the whole thread read or unread (a command): one transaction."""
        self._marked(lambda: self.annotations.mark_all(read))

    @whole_file("Marking read works")
    def _marked(self, change: Callable[[], None]) -> None:
        try:
            change()
        except StoreError as error:
            self._refuse(error)
            return
        self.comment_tree.restyle()
        self.reading_pane.refresh_comment()
        self.refresh_counts()


def last_day(end: datetime) -> datetime:
    """The day an exclusive end bound keeps last: the day before a midnight, else its own."""
    return end - timedelta(days=1) if _midnight(end) else end


def typed_moment(moment: datetime) -> str:
    """A bound as the date dialog reads it back: its day, with the time unless midnight."""
    return f"{moment:%Y-%m-%d}" if _midnight(moment) else f"{moment:%Y-%m-%d %H:%M}"


def _midnight(moment: datetime) -> bool:
    return moment.hour == moment.minute == moment.second == 0
