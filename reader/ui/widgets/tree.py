"""The comment tree: draws the rows of a ThreadView with the line API and forwards keys.

Which comments are rows (folds, filters, zoom) is the view's business (reader/view.py); this
widget keeps the cursor's row, renders only the rows on screen, and turns keys and clicks into
view operations. Cost follows the screen, not the thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime

from rich.style import Style
from textual import events, work
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.model import PENDING, Thread
from reader.search import Query, QueryError, SearchIndex
from reader.ui.keys import bindings, key_hint, with_user_keys
from reader.ui.messages import (
    AuthorFilterRequested,
    CommentHighlighted,
    LinksRequested,
    PositionChanged,
    ViewChanged,
)
from reader.ui.palette import Palette
from reader.ui.render import (
    SCORE_CELLS,
    DateStyle,
    guide_room,
    guide_width,
    links_of,
    row_text,
)
from reader.ui.widgets.scrolling import SteadyScrollView
from reader.view import ThreadView, has_scores

_ROW_CACHE_LIMIT = 2000
# Actions the tree runs on their keys as soon as a key reaches it (see `handle_key`).
_DIRECT_ACTIONS = ("cursor_down", "cursor_up")


class CommentTree(SteadyScrollView, can_focus=True):
    """A folding tree of the comments a view shows, driven from the keyboard or mouse."""

    BINDINGS = bindings("tree")

    def __init__(self, view: ThreadView, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.marks: Mapping[int, frozenset[str]] = {}
        self.now: datetime | None = None
        self.dates = DateStyle()
        self._palette: Palette | None = None
        self._base_style: Style | None = None
        self.view = view
        self.cursor_row = 0
        # Rows drawn, by comment index, width, the cursor's look on it (_cursor_look), folded.
        self._cache: dict[tuple[int, int, int, bool], Strip] = {}
        self._search = SearchIndex(view.thread)
        self.searching: str | None = None  # a query whose worker has not answered yet
        self.scores = has_scores(view.thread)  # a score column in every row
        self.pattern: Query | None = None  # the search shown (what rows highlight)
        self.step_all = False  # j/k stop on context rows too while a filter selects
        self._direct: dict[str, Callable[[], None]] = {}

    def set_view(self, view: ThreadView, cursor: int = 0) -> None:
        """Show another view (the whole thread in place of its preview), the cursor on `cursor`."""
        self.view = view
        self._search = SearchIndex(view.thread)
        self.searching = None
        self.scores = has_scores(view.thread)
        self.pattern = None
        self._cache.clear()
        self.cursor_row = 0
        self.rows_changed(cursor)

    # State queries.

    @property
    def thread(self) -> Thread:
        return self.view.thread

    @property
    def rows(self) -> Sequence[int]:
        """The comment indices shown, one a row."""
        return self.view.rows

    @property
    def cursor(self) -> int:
        """The comment index under the cursor."""
        rows = self.view.rows
        return rows[self.cursor_row] if rows else self.view.root

    def row_of(self, index: int) -> int | None:
        return self.view.row_of(index)

    # Lifecycle and drawing.

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.restyle())
        self._direct = self._direct_keys()
        self._sync_size()
        self._tell(CommentHighlighted(self.cursor))
        self._tell(PositionChanged(self.cursor_row, len(self.view.rows)))

    def _tell(self, message: CommentHighlighted | PositionChanged) -> None:
        """Post a cursor message to the screen itself: it is the one that handles them, and
        each widget a message bubbles through on the way costs a dispatch of every key."""
        self.screen.post_message(message)

    def restyle(self) -> None:
        """Drop cached styles and rows (the theme, the marks or the filters changed)."""
        self._palette = None
        self._base_style = None
        self._cache.clear()
        self.refresh()

    @property
    def palette(self) -> Palette:
        if self._palette is None:
            monochrome = bool(getattr(self.app, "no_color", False))
            self._palette = Palette.from_variables(self.app.theme_variables, monochrome=monochrome)
        return self._palette

    def _sync_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.view.rows))

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self._sync_size()
        self.scroll_to_cursor()

    def on_focus(self) -> None:
        self._base_style = None
        self.refresh_row(self.cursor_row)

    def on_blur(self) -> None:
        self._base_style = None
        self.refresh_row(self.cursor_row)

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        rows = self.view.rows
        if row >= len(rows) or width <= 0:
            return Strip.blank(width, self.rich_style)
        return self._row_strip(rows[row], width, row == self.cursor_row)

    def _row_strip(self, index: int, width: int, is_cursor: bool) -> Strip:
        """The row of comment `index`, from the cache (rendered into it on a miss)."""
        folded = self.view.is_folded(index)
        key = (index, width, self._cursor_look(is_cursor), folded)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(index, width, is_cursor, folded)
            if len(self._cache) > _ROW_CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _cursor_look(self, is_cursor: bool) -> int:
        """How a row's cursor looks, for the cache: none, focused or blurred."""
        return (1 if self.has_focus else 2) if is_cursor else 0

    def _render_row(self, index: int, width: int, is_cursor: bool, folded: bool) -> Strip:
        palette = self.palette
        view = self.view
        marked = view.is_search_match(index) and view.is_match(index)  # where n and N stop
        text = row_text(
            view.thread,
            index,
            palette=palette,
            width=width,
            folded=folded,
            marks=self.marks.get(index, frozenset()),
            now=self.now,
            dates=self.dates,
            highlight=self.pattern if marked else None,
            scores=self.scores,
            flat=view.flat,
            depth_from=self.thread.comments[view.root].depth,
        )
        if view.is_context(index):  # under the other styles: a match in it stays marked
            text.stylize_before(palette.dim + Style(dim=True))
        base = self._base_style
        if base is None:
            base = self._base_style = self.rich_style
        if is_cursor:
            base = base + (palette.cursor if self.has_focus else palette.cursor_blurred)
        text.style = base  # under every span, as Segment.apply_style would put it
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(text.render(self.app.console), width)

    def refresh_row(self, row: int) -> None:
        """Redraw a row whose comment changed (its marks): its cached strips go."""
        rows = self.view.rows
        if 0 <= row < len(rows):
            width = self.scrollable_content_region.width
            for look in (0, 1, 2):
                for folded in (True, False):
                    self._cache.pop((rows[row], width, look, folded), None)
            self._repaint_rows(row)

    def _repaint_rows(self, *rows: int) -> None:
        """Repaint rows of the screen (their strips are drawn again from the cache)."""
        top, width = self.scroll_offset.y, self.size.width
        self.refresh(*(Region(0, row - top, width, 1) for row in rows))

    def refresh_comments(self, indices: Iterable[int]) -> None:
        """Redraw the rows of these comments (after their marks changed)."""
        for index in indices:
            row = self.view.row_of(index)
            if row is not None:
                self.refresh_row(row)

    # Keys.

    def _direct_keys(self) -> dict[str, Callable[[], None]]:
        """The user's keys (config.toml's [keys], else the defaults) of `_DIRECT_ACTIONS`.
        As in Textual's keymap, a key the user gives an action is taken from its default one.
        """
        keymap: dict[str, str] = getattr(self.app, "keymap", None) or {}
        bindings = with_user_keys(self.BINDINGS, keymap)
        rebound_first = sorted(bindings, key=lambda binding: binding.id not in keymap)
        actions: dict[str, str] = {}
        for binding in rebound_first:
            for key in binding.key.split(","):
                actions.setdefault(key.strip(), "" if binding.priority else binding.action)
        return {
            key: getattr(self, f"action_{action}")
            for key, action in actions.items()
            if action in _DIRECT_ACTIONS
        }

    async def handle_key(self, event: events.Key) -> bool:
        """j/k move the cursor here. Textual would let the key go up through the screen to the
        app and there look through the bindings from this widget up, to find the same action
        (this widget's bindings come first); that is three more messages a key. The screen's
        own key handler takes only enter, which stays with it."""
        action = self._direct.get(event.key) if event.key != "enter" else None
        if action is None:
            return await super().handle_key(event)
        event.stop()
        event.prevent_default()
        action()
        return True

    # Cursor.

    def move_to_row(self, row: int) -> None:
        rows = self.view.rows
        if not rows:
            return
        row = max(0, min(row, len(rows) - 1))
        previous = self.cursor_row
        self.cursor_row = row
        if previous != row:  # first: the screen shows the position with the comment
            self._tell(CommentHighlighted(self.cursor))
        self._tell(PositionChanged(row, len(rows)))
        # Only the cursor moved: both rows' strips stay cached, each drawn with or without it.
        self._repaint_rows(previous, row)
        self.scroll_to_cursor()

    def select(self, index: int) -> bool:
        """Move the cursor to comment `index`, unfolding what hides it; False if the filters
        leave it out (the cursor stays).
        """
        view = self.view
        if not view.in_base(index):
            return False
        before, count = self.cursor, len(view.rows)
        view.reveal(index)
        if len(view.rows) == count:
            self.move_to_row(view.row_of(index) or 0)
        else:
            self.rows_changed(index, highlighted=before)
        return True

    def scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if height <= 0:
            return
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False, immediate=True)

    def rows_changed(self, keep: int, highlighted: int | None = None) -> None:
        """The view's rows changed: keep the cursor on `keep`, or on the row standing for it
        (the pane follows if that is not the comment `highlighted`, by default `keep`).
        """
        view = self.view
        target = view.nearest_visible(keep)
        self.cursor_row = view.row_of(target) or 0
        self._sync_size()
        if target != (keep if highlighted is None else highlighted):
            self._tell(CommentHighlighted(target))
        self._tell(PositionChanged(self.cursor_row, len(view.rows)))
        self.refresh()
        self.scroll_to_cursor()

    def change_view(self, change: Callable[[ThreadView], object]) -> None:
        """Filter or fold the view through `change`; redraw, the cursor kept where it can be."""
        cursor = self.cursor
        change(self.view)
        self._cache.clear()
        self.rows_changed(cursor)
        self.post_message(ViewChanged())

    # Folding.

    def _no_folds(self) -> bool:
        """In the flat view, say that folds belong to the tree (True); else False."""
        if self.view.flat:
            tree = key_hint(self.app, "screen.flat")
            self.notify(f"The flat view has no folds: {tree} shows the tree.", markup=False)
        return self.view.flat

    def fold(self, index: int) -> None:
        cursor = self.cursor
        if self._no_folds():
            return
        if self.view.fold(index):
            self.rows_changed(cursor)

    def unfold(self, index: int) -> None:
        cursor = self.cursor
        if self._no_folds():
            return
        if self.view.unfold(index):
            self.rows_changed(cursor)

    def toggle(self, index: int) -> None:
        cursor = self.cursor
        if self._no_folds():
            return
        if self.view.toggle(index):
            self.rows_changed(cursor)

    def show_depth(self, depth: int) -> None:
        """Fold every comment `depth` levels down (0: unfold everything)."""
        cursor = self.cursor
        if self._no_folds():
            return
        self.view.show_depth(depth)
        self.rows_changed(cursor)

    # Search.

    def search(self, query: str) -> int:
        """Search now (in the UI thread), mark the matches and go to the first after the cursor."""
        parsed = self._parse(query)
        if parsed is None:
            return 0
        return self.show_matches(parsed.text, self._search.find(parsed) if not parsed.empty else [])

    def start_search(self, query: str) -> None:
        """Search in a worker: a big thread takes a second or more, and keys keep answering."""
        parsed = self._parse(query)
        if parsed is None:
            return
        if parsed.empty:
            self.show_matches("", [])
            return
        self.searching = parsed.text
        self.post_message(ViewChanged())
        self._find(parsed)

    def clear_search(self) -> None:
        """Leave the search: no matches, no highlights; the cursor stays where it is."""
        self.workers.cancel_group(self, "search")
        self.searching = None
        self.show_matches("", [])

    def _parse(self, query: str) -> Query | None:
        """The query `query` means, or None after saying why it cannot be searched for."""
        try:
            return Query.parse(query)
        except QueryError as error:
            self.notify(str(error), severity="error", markup=False)
            return None

    @work(thread=True, exclusive=True, group="search")
    def _find(self, query: Query) -> None:
        found = self._search.find(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_matches, query.text, found)

    def show_matches(self, query: str, found: list[int]) -> int:
        """Mark the comments `found` for `query` and go to the first after the cursor."""
        self.searching = None
        cursor = self.cursor
        self.pattern = Query.parse(query) if query else None
        self.view.set_search(query, found)
        self._cache.clear()
        self.rows_changed(cursor)
        self.post_message(ViewChanged())
        shown = self.view.next_match(self.cursor)
        if shown is not None:
            self.select(shown)
        elif self.view.search_query:
            hidden = " (the filters hide them)" if self.view.matches else ""
            self.notify(
                f"No match for {self.view.search_query!r}{hidden}.",
                severity="warning",
                markup=False,
            )
        return len(self.view.matches)

    def action_next_match(self) -> None:
        self._step_match(forward=True)

    def action_previous_match(self) -> None:
        self._step_match(forward=False)

    def _step_match(self, *, forward: bool) -> None:
        if not self.view.search_query:
            search = key_hint(self.app, "screen.search")
            self.notify(f"No search results: {search} searches.", markup=False)
            return
        target = self.view.next_match(self.cursor, forward=forward)
        if target is None:
            self.notify("No match is shown under the filters.", markup=False)
            return
        self.select(target)

    def action_filter_author(self) -> None:
        self.post_message(AuthorFilterRequested(self.cursor))

    # Actions.

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    @property
    def steps_matches_only(self) -> bool:
        """Whether j/k skip the context rows (a filter selects and every-row stepping is off)."""
        return self.view.selecting and not self.step_all

    def _step(self, step: int) -> None:
        """One row down or up; while a filter selects, to the next matching row."""
        if not self.steps_matches_only:
            self.move_to_row(self.cursor_row + step)
            return
        row = self.view.next_matching_row(self.cursor_row, step)
        if row is None:
            every = key_hint(self.app, "tree.step_all")
            where = "below" if step > 0 else "above"
            self.notify(f"No match {where}: {every} steps through every row.", timeout=3)
            return
        self.move_to_row(row)

    def action_toggle_step_all(self) -> None:
        """j/k: every row, or only the rows that match the filters."""
        self.step_all = not self.step_all
        self.post_message(ViewChanged())

    def action_page_down(self) -> None:
        self.move_to_row(self.cursor_row + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_to_row(self.cursor_row - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.move_to_row(0)

    def action_last(self) -> None:
        self.move_to_row(len(self.view.rows) - 1)

    def _go(self, index: int | None) -> None:
        if index is not None:
            self.select(index)

    def action_next_sibling(self) -> None:
        self._go(self.view.next_sibling(self.cursor))

    def action_previous_sibling(self) -> None:
        self._go(self.view.previous_sibling(self.cursor))

    def action_parent(self) -> None:
        self._go(self.view.parent(self.cursor))

    def action_root(self) -> None:
        self._go(self.view.root)

    def action_next_top(self) -> None:
        self._go(self.view.next_top(self.cursor))

    def action_previous_top(self) -> None:
        self._go(self.view.previous_top(self.cursor))

    def action_collapse_or_parent(self) -> None:
        index = self.cursor
        if self.view.flat:
            self.action_parent()
        elif not self.view.is_folded(index) and self.view.has_replies_shown(index):
            self.fold(index)
        else:
            self.action_parent()

    def action_expand_or_child(self) -> None:
        index = self.cursor
        if self.view.is_folded(index) and not self.view.flat:
            self.unfold(index)
        else:
            self._go(self.view.first_reply(index))

    def action_toggle_fold(self) -> None:
        self.toggle(self.cursor)

    def action_depth(self, depth: int) -> None:
        self.show_depth(depth)

    def _still_read(self) -> bool:
        """On a preview's comment still being read, say so (True)."""
        if self.thread.comments[self.cursor].kind != PENDING:
            return False
        self.notify("This comment is still being read: wait for the whole file.", markup=False)
        return True

    def action_open_link(self) -> None:
        if self._still_read():
            return
        links = links_of(self.thread.comments[self.cursor])
        if links:
            self.post_message(LinksRequested(links))
        else:
            self.notify("This comment has no links.", severity="warning")

    def action_copy(self) -> None:
        if self._still_read():
            return
        comment = self.thread.comments[self.cursor]
        author = comment.author or "anonymous"
        self.app.copy_to_clipboard(f"{author}:\n\n{comment.body}\n")
        self.notify(f"Copied the comment by {author}.", markup=False)

    # Mouse.

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        rows = self.view.rows
        if not 0 <= row < len(rows):
            return
        index = rows[row]
        self.move_to_row(row)
        if self.view.flat:
            return
        depth = self.thread.comments[index].depth - self.thread.comments[self.view.root].depth
        width = self.scrollable_content_region.width - (SCORE_CELLS if self.scores else 0)
        marker_x = 1 + (SCORE_CELLS if self.scores else 0) + guide_width(depth, guide_room(width))
        if marker_x <= event.x <= marker_x + 1 or event.chain == 2:
            self.toggle(index)
