"""The comment tree: a line-API view over the thread's pre-order array.

Visible rows are a sorted list of comment indices. Folding a comment deletes the slice of its
visible descendants; unfolding inserts them back, skipping folded subtrees by their size. Only
the rows on screen are ever rendered, so cost follows the screen, not the thread.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from heapq import merge
from itertools import chain

from rich.style import Style
from textual import events, work
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.model import Thread
from reader.search import SearchIndex
from reader.ui.keys import bindings, key_hint
from reader.ui.messages import CommentHighlighted, LinksRequested, PositionChanged, ViewChanged
from reader.ui.palette import Palette
from reader.ui.render import DateStyle, guide_room, guide_width, links_of, row_text
from reader.ui.widgets.scrolling import SteadyScrollView

_ROW_CACHE_LIMIT = 2000


class CommentTree(SteadyScrollView, can_focus=True):
    """A folding tree of every comment in a thread, driven from the keyboard or mouse."""

    BINDINGS = bindings("tree")

    def __init__(self, thread: Thread, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.marks: Mapping[int, frozenset[str]] = {}
        self.now: datetime | None = None
        self.dates = DateStyle()
        self._palette: Palette | None = None
        self._base_style: Style | None = None
        # While the thread is the preview of a file still being read (see `set_thread`), the
        # folds made, to make them again on the whole thread: ("fold" | "unfold", index) or
        # ("depth", depth).
        self.partial = False
        self.fold_log: list[tuple[str, int]] = []
        self._start(thread)

    def _start(self, thread: Thread) -> None:
        """Show `thread` from its top, everything unfolded, no search or filter."""
        self.thread = thread
        # A range while every comment shows (a million-entry list costs 30 ms to build).
        self.rows: list[int] | range = range(len(thread))
        self._folds: list[int] = []
        self._fold_set: set[int] = set()
        self._depth_folds: dict[int, list[int]] = {}
        self.cursor_row = 0
        self._cache: dict[tuple[int, int, bool, bool], Strip] = {}
        self._search = SearchIndex(thread)
        self.search_query: str | None = None
        self.searching: str | None = None  # a query whose worker has not answered yet
        self.matches: list[int] = []
        self._match_set: set[int] = set()
        self.author_filter: str | None = None
        self._hidden: list[int] = []  # roots of the subtrees hide_kinds() keeps out of view
        self._hidden_roots: set[int] = set()
        self._hidden_all: set[int] = set()

    def set_thread(self, thread: Thread) -> None:
        """Show another thread (the whole of a preview) from its top, everything unfolded."""
        self._start(thread)
        self.partial = False
        self.fold_log = []
        self._sync_size()
        self.post_message(PositionChanged(self.cursor_row, len(self.rows)))
        self.refresh()

    # State queries.

    @property
    def cursor(self) -> int:
        """The comment index under the cursor."""
        return self.rows[self.cursor_row] if self.rows else 0

    def is_folded(self, index: int) -> bool:
        return index in self._fold_set

    @property
    def folded(self) -> frozenset[int]:
        return frozenset(self._fold_set)

    def row_of(self, index: int) -> int | None:
        """The visible row showing comment `index`, or None if it is folded away."""
        row = bisect_left(self.rows, index)
        return row if row < len(self.rows) and self.rows[row] == index else None

    # Lifecycle and drawing.

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.restyle())
        self._sync_size()
        self.post_message(CommentHighlighted(self.cursor))
        self.post_message(PositionChanged(self.cursor_row, len(self.rows)))

    def restyle(self) -> None:
        """Drop cached styles and rows (the theme or the marks changed)."""
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
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows))

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
        if row >= len(self.rows) or width <= 0:
            return Strip.blank(width, self.rich_style)
        index = self.rows[row]
        is_cursor = row == self.cursor_row
        folded = index in self._fold_set
        key = (index, width, is_cursor, folded)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(index, width, is_cursor, folded)
            if len(self._cache) > _ROW_CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _render_row(self, index: int, width: int, is_cursor: bool, folded: bool) -> Strip:
        palette = self.palette
        text = row_text(
            self.thread,
            index,
            palette=palette,
            width=width,
            folded=folded,
            marks=self.marks.get(index, frozenset()),
            now=self.now,
            dates=self.dates,
            highlight=self.search_query if index in self._match_set else None,
        )
        if (
            self.author_filter is not None
            and comment_author(self.thread, index) != self.author_filter
        ):
            text.stylize(palette.dim + Style(dim=True))
        base = self._base_style
        if base is None:
            base = self._base_style = self.rich_style
        if is_cursor:
            base = base + (palette.cursor if self.has_focus else palette.cursor_blurred)
        text.style = base  # under every span, as Segment.apply_style would put it
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(text.render(self.app.console), width)

    def refresh_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            width = self.scrollable_content_region.width
            for is_cursor in (True, False):
                for folded in (True, False):
                    self._cache.pop((self.rows[row], width, is_cursor, folded), None)
            self.refresh(Region(0, row - self.scroll_offset.y, self.size.width, 1))

    def refresh_comments(self, indices: Iterable[int]) -> None:
        """Redraw the rows of these comments (after their marks changed)."""
        for index in indices:
            row = self.row_of(index)
            if row is not None:
                self.refresh_row(row)

    # Cursor.

    def move_to_row(self, row: int) -> None:
        if not self.rows:
            return
        row = max(0, min(row, len(self.rows) - 1))
        previous = self.cursor_row
        self.cursor_row = row
        self.post_message(PositionChanged(row, len(self.rows)))
        self.refresh_row(previous)
        self.refresh_row(row)
        self.scroll_to_cursor()
        if previous != row:
            self.post_message(CommentHighlighted(self.cursor))

    def select(self, index: int) -> None:
        """Move the cursor to comment `index`, unfolding its ancestors if they hide it."""
        self.reveal(index)
        row = self.row_of(index)
        if row is not None:
            self.move_to_row(row)

    def scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if height <= 0:
            return
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False, immediate=True)

    # Folding.

    def _visible_below(self, index: int) -> list[int]:
        """The rows a comment's subtree shows when it is unfolded (hidden subtrees left out)."""
        end = index + self.thread.comments[index].subtree_size
        rows: list[int] = []
        start = index + 1
        sizes = self.thread.comments
        stops = merge(
            self._folds[bisect_right(self._folds, index) : bisect_left(self._folds, end)],
            self._hidden[bisect_right(self._hidden, index) : bisect_left(self._hidden, end)],
        )
        for stop in stops:
            if stop < start:
                continue
            rows.extend(range(start, stop if stop in self._hidden_roots else stop + 1))
            start = stop + sizes[stop].subtree_size
        rows.extend(range(start, end))
        return rows

    def hide_kinds(self, kinds: Collection[str]) -> None:
        """Keep comments of these kinds ("pingback", "deleted") and their replies out of view.

        A deleted comment with replies still there stays, as the placeholder they hang on.
        """
        comments = self.thread.comments
        alive = [comment.kind not in ("deleted", "more") for comment in comments]
        for index in range(len(comments) - 1, 0, -1):
            if alive[index]:
                alive[self.thread.parents[index]] = True
        hidden: list[int] = []
        index = 1
        while index < len(comments):
            comment = comments[index]
            if comment.kind in kinds and (comment.kind != "deleted" or not alive[index]):
                hidden.append(index)
                index += comment.subtree_size
            else:
                index += 1
        self._hidden = hidden
        self._hidden_roots = set(hidden)
        self._hidden_all = {
            inside for root in hidden for inside in range(root, root + comments[root].subtree_size)
        }
        self._set_rows([0, *self._visible_below(0)] if not self.is_folded(0) else [0], self.cursor)
        self.post_message(ViewChanged())

    @property
    def hidden_count(self) -> int:
        """How many comments hide_kinds() keeps out of view."""
        return len(self._hidden_all)

    def _shown_sibling(self, index: int | None, *, forward: bool) -> int | None:
        """`index`, or the first sibling past it (going `forward` or back) not hidden."""
        step = self.thread.next_sibling if forward else self.thread.previous_sibling
        while index is not None and index in self._hidden_roots:
            index = step(index)
        return index

    def _set_rows(self, rows: list[int] | range, keep: int) -> None:
        """Replace the visible rows, keeping the cursor on `keep` or its nearest shown ancestor."""
        self.rows = rows
        self._sync_size()
        target = self._nearest_visible(keep)
        row = self.row_of(target)
        if row is None:  # filtered out: the nearest row before it
            row = max(0, bisect_left(rows, target) - 1)
            target = rows[row] if rows else 0
        self.cursor_row = row
        self.post_message(PositionChanged(row, len(self.rows)))
        self.refresh()
        self.scroll_to_cursor()
        if target != keep:
            self.post_message(CommentHighlighted(target))

    def _nearest_visible(self, index: int) -> int:
        """`index` if it has a row, else the row above where it would be: its folded ancestor."""
        row = bisect_left(self.rows, index)
        if row < len(self.rows) and self.rows[row] == index:
            return index
        return self.rows[row - 1] if row > 0 else (self.rows[0] if self.rows else 0)

    def _filtered(self) -> bool:
        """True (and the user told) while the author filter decides which rows show."""
        if self.author_filter is not None:
            self.notify("Folding is off while the author filter is on (a clears it).")
            return True
        return False

    def fold(self, index: int) -> None:
        if self._filtered():
            return
        comment = self.thread.comments[index]
        if comment.subtree_size <= 1 or index in self._fold_set:
            return
        self._fold_set.add(index)
        insort(self._folds, index)
        if self.partial:
            self.fold_log.append(("fold", index))
        row = self.row_of(index)
        if row is None:  # already hidden by a folded ancestor
            return
        end = bisect_left(self.rows, index + comment.subtree_size, lo=row + 1)
        cursor = self.cursor
        del self._row_list()[row + 1 : end]
        self._after_change(cursor)

    def unfold(self, index: int) -> None:
        if index not in self._fold_set or self._filtered():
            return
        self._fold_set.discard(index)
        del self._folds[bisect_left(self._folds, index)]
        if self.partial:
            self.fold_log.append(("unfold", index))
        row = self.row_of(index)
        if row is None:
            return
        cursor = self.cursor
        self._row_list()[row + 1 : row + 1] = self._visible_below(index)
        self._after_change(cursor)

    def _row_list(self) -> list[int]:
        """The visible rows as a list that folding can edit in place."""
        if isinstance(self.rows, range):
            self.rows = list(self.rows)
        return self.rows

    def _after_change(self, cursor: int) -> None:
        """The rows changed: keep the cursor on its comment or on the fold that hides it."""
        self._sync_size()
        self.cursor_row = self.row_of(self._nearest_visible(cursor)) or 0
        self.post_message(PositionChanged(self.cursor_row, len(self.rows)))
        self.refresh()
        self.scroll_to_cursor()

    def toggle(self, index: int) -> None:
        if index in self._fold_set:
            self.unfold(index)
        else:
            self.fold(index)

    def reveal(self, index: int) -> None:
        """Unfold every ancestor that hides `index` (the fold just above it, until it shows)."""
        if self.author_filter is not None:
            return
        while self.row_of(index) is None:
            hiding = self._nearest_visible(index)
            if hiding not in self._fold_set:
                return
            self.unfold(hiding)

    # Search and the author filter.

    def search(self, query: str) -> int:
        """Mark the comments matching `query` and go to the first after the cursor."""
        query = query.strip()
        return self.show_matches(query, self._search.find(query) if query else [])

    def start_search(self, query: str) -> None:
        """Search in a worker: a big thread takes a second or more, and keys keep answering."""
        query = query.strip()
        if not query:
            self.show_matches(query, [])
            return
        self.searching = query
        self.post_message(ViewChanged())
        self._find(query)

    @work(thread=True, exclusive=True, group="search")
    def _find(self, query: str) -> None:
        found = self._search.find(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_matches, query, found)

    def show_matches(self, query: str, found: list[int]) -> int:
        """Mark the comments `found` for `query` and go to the first after the cursor."""
        self.searching = None
        self.search_query = query or None
        self.matches = [index for index in found if index not in self._hidden_all]
        self._match_set = set(self.matches)
        self._cache.clear()
        self.refresh()
        self.post_message(ViewChanged())
        if self.matches:
            self.action_next_match()
        elif self.search_query:
            self.notify(
                f"No comment contains {self.search_query!r}.", severity="warning", markup=False
            )
        return len(self.matches)

    def action_next_match(self) -> None:
        self._step_match(forward=True)

    def action_previous_match(self) -> None:
        self._step_match(forward=False)

    def _step_match(self, *, forward: bool) -> None:
        if not self.matches:
            search = key_hint(self.app, "screen.search")
            self.notify(f"No search results: {search} searches.", markup=False)
            return
        if forward:
            position = bisect_right(self.matches, self.cursor) % len(self.matches)
        else:
            position = (bisect_left(self.matches, self.cursor) - 1) % len(self.matches)
        target = self.matches[position]
        if self.author_filter is not None and self.row_of(target) is None:
            self.set_author_filter(None)
        self.select(target)

    def set_author_filter(self, author: str | None) -> None:
        """Show only `author`'s comments with their ancestors for context (None: all)."""
        self.author_filter = author
        self._cache.clear()  # rows of other authors are dimmed, or no longer
        if author is None:
            rows = [0, *self._visible_below(0)] if not self.is_folded(0) else [0]
        else:
            keep: set[int] = set()
            parents = self.thread.parents
            for index in range(len(self.thread)):
                if comment_author(self.thread, index) == author and index not in self._hidden_all:
                    node = index
                    while node >= 0 and node not in keep:  # stops at a kept ancestor: O(n)
                        keep.add(node)
                        node = parents[node]
            rows = sorted(keep)
        self._set_rows(rows, self.cursor)
        self.post_message(ViewChanged())

    def action_filter_author(self) -> None:
        if self.partial:
            self.notify("The author filter works once the whole file is read.")
            return
        if self.author_filter is not None:
            self.set_author_filter(None)
        else:
            self.set_author_filter(comment_author(self.thread, self.cursor))

    def show_depth(self, depth: int) -> None:
        """Fold every comment at `depth` (0: unfold everything).

        From the per-depth index arrays: the rows are the comments at depths 0..depth merged
        (runs Timsort joins in C), the folds are those at `depth` with replies.
        """
        if self._filtered():
            return
        if self.partial:
            self.fold_log.append(("depth", depth))
        levels = self.thread.by_depth
        cursor = self.cursor
        folds = [] if depth <= 0 or depth >= len(levels) - 1 else self._folds_at(depth)
        self._folds = folds.copy()
        self._fold_set = set(folds)
        rows: list[int] | range
        if self._hidden:  # hidden kinds: the subtrees between folds, hidden ones skipped
            rows = [0, *self._visible_below(0)] if self.thread.comments else []
        elif folds:
            rows = sorted(chain.from_iterable(levels[: depth + 1]))
        else:
            rows = range(len(self.thread))
        self._set_rows(rows, cursor)

    def _folds_at(self, depth: int) -> list[int]:
        """The comments at `depth` that have replies (computed once per depth)."""
        folds = self._depth_folds.get(depth)
        if folds is None:
            comments = self.thread.comments
            level = self.thread.by_depth[depth]
            folds = [index for index in level if comments[index].subtree_size > 1]
            self._depth_folds[depth] = folds
        return folds

    # Actions.

    def action_cursor_down(self) -> None:
        self.move_to_row(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_to_row(self.cursor_row - 1)

    def action_page_down(self) -> None:
        self.move_to_row(self.cursor_row + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_to_row(self.cursor_row - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.move_to_row(0)

    def action_last(self) -> None:
        self.move_to_row(len(self.rows) - 1)

    def _go(self, index: int | None) -> None:
        if index is not None:
            self.select(index)

    def action_next_sibling(self) -> None:
        self._go(self._shown_sibling(self.thread.next_sibling(self.cursor), forward=True))

    def action_previous_sibling(self) -> None:
        self._go(self._shown_sibling(self.thread.previous_sibling(self.cursor), forward=False))

    def action_parent(self) -> None:
        self._go(self.thread.parent(self.cursor))

    def action_root(self) -> None:
        self._go(0)

    def _top_level_of(self, index: int) -> int | None:
        return self.thread.top_level_of(index)

    def action_next_top(self) -> None:
        top = self._top_level_of(self.cursor)
        if top is None:
            self._go(self._shown_sibling(1 if len(self.thread) > 1 else None, forward=True))
        else:
            self._go(self._shown_sibling(self.thread.next_sibling(top), forward=True))

    def action_previous_top(self) -> None:
        top = self._top_level_of(self.cursor)
        if top is not None and top != self.cursor:
            self._go(top)
        elif top is not None:
            self._go(self._shown_sibling(self.thread.previous_sibling(top), forward=False))

    def action_collapse_or_parent(self) -> None:
        index = self.cursor
        if self.thread.comments[index].subtree_size > 1 and index not in self._fold_set:
            self.fold(index)
        else:
            self.action_parent()

    def action_expand_or_child(self) -> None:
        index = self.cursor
        if index in self._fold_set:
            self.unfold(index)
        elif self.thread.comments[index].subtree_size > 1:
            self.select(index + 1)

    def action_toggle_fold(self) -> None:
        self.toggle(self.cursor)

    def action_depth(self, depth: int) -> None:
        self.show_depth(depth)

    def action_open_link(self) -> None:
        links = links_of(self.thread.comments[self.cursor])
        if links:
            self.post_message(LinksRequested(links))
        else:
            self.notify("This comment has no links.", severity="warning")

    def action_copy(self) -> None:
        comment = self.thread.comments[self.cursor]
        author = comment.author or "anonymous"
        self.app.copy_to_clipboard(f"{author}:\n\n{comment.body}\n")
        self.notify(f"Copied the comment by {author}.", markup=False)

    # Mouse.

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if not 0 <= row < len(self.rows):
            return
        index = self.rows[row]
        self.move_to_row(row)
        depth = self.thread.comments[index].depth
        marker_x = 1 + guide_width(depth, guide_room(self.scrollable_content_region.width))
        if marker_x <= event.x <= marker_x + 1 or event.chain == 2:
            self.toggle(index)


def comment_author(thread: Thread, index: int) -> str:
    """The author the filter compares: the name, or "" for anonymous comments."""
    return thread.comments[index].author or ""
