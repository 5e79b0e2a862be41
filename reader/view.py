"""What the reader sees of a thread: folds and filters over the pre-order array.

A `ThreadView` answers which comments are rows, in thread order. Three things decide it:

- the scope: the subtree zoomed into (the whole thread unless zoomed), less the subtrees of
  hidden kinds (pingbacks, deleted comments without replies, `more` stubs);
- the filters that select (author, original poster, unread, annotated, search matches, dates,
  score): a comment passing every one of them is a match; its ancestors stay as context, so a
  match is always seen where it sits;
- the folds: a folded comment hides its descendants, whatever the filters.

`base` holds the comments in scope that the filters keep (all of the scope when none select);
`rows` is `base` without what the folds hide. Folding deletes a slice of `rows` and unfolding
inserts one back, skipping folded subtrees by their size: the cost follows what changes, not
the thread. Nothing here knows about Textual or Rich.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from math import inf
from typing import Any, Protocol

from reader.model import Thread

# Kinds of filter, in the order the header lists them. "hide" and "zoom" set the scope; the
# others select.
SCOPE_KINDS = ("zoom", "hide")
SELECT_KINDS = ("author", "op", "unread", "new", "annotated", "matches", "dates", "score")
FILTER_KINDS = SCOPE_KINDS + SELECT_KINDS
# Kinds `hide` may name. A deleted comment with replies still there stays: its replies hang on it.
HIDEABLE_KINDS = ("pingback", "deleted", "more")
# Filters that need to know what the reader has read or annotated.
MARK_KINDS = ("unread", "new", "annotated")
# Filters that take no value.
VALUELESS_KINDS = ("op", *MARK_KINDS)
# How siblings are ordered: as the archive has them, oldest first, or highest score first.
ORDERS = ("archive", "date", "score")


class MarkSource(Protocol):
    """What the view asks of the reader's marks (reader.annotations.Annotations fits)."""

    def is_unread(self, index: int) -> bool: ...

    def is_new(self, index: int) -> bool: ...

    def is_annotated(self, index: int) -> bool: ...


@dataclass(frozen=True)
class Filter:
    """One filter: its kind and its value (an author, a minimum score, dates, kinds...)."""

    kind: str
    value: Any = None

    def __post_init__(self) -> None:
        if self.kind not in FILTER_KINDS:
            raise ValueError(f"unknown filter kind {self.kind!r}")


def comment_author(thread: Thread, index: int) -> str:
    """The author a filter compares: the name, or "" for anonymous comments."""
    return thread.comments[index].author or ""


class ThreadView:
    """The rows of one thread as folds and filters leave them, and moves between them."""

    def __init__(self, thread: Thread, marks: MarkSource | None = None) -> None:
        self.thread = thread
        self.marks = marks
        self.filters: tuple[Filter, ...] = ()
        self.search_query: str | None = None
        self._found: list[int] = []  # every search match, in scope or not
        self.matches: list[int] = []  # search matches in scope, ascending
        self._match_set: set[int] = set()
        self._kept_matches: list[int] | None = None  # matches the filters keep (cached)
        self._folds: list[int] = []  # sorted
        self._fold_set: set[int] = set()
        self._depth_folds: dict[int, list[int]] = {}
        self._passing: set[int] | None = None  # comments passing every select filter
        self._hidden: list[int] = []  # roots of hidden subtrees, ascending
        self._hidden_count = 0
        # While recording (the thread is a preview), the folds made, to make again on the
        # whole thread: ("fold" | "unfold", index) or ("depth", depth).
        self.recording = False
        self.log: list[tuple[str, int]] = []
        self.changes = 0  # counts every fold and filter change (what to save, and when)
        self.base: Sequence[int] = range(len(thread))
        self._rows: Sequence[int] = self.base  # the rows in thread order (ascending)
        self.order = "archive"
        self.flat = False  # every comment in date order, no folds (the "flat view")
        self._ordering: Ordering | None = None  # siblings sorted (None: the archive's order)
        self._shown: list[int] | None = None  # the rows in display order, unless ascending
        self._shown_keys: list[int] = []  # their places in the sorted thread (for bisect)
        self._flat_rows: dict[int, int] = {}  # comment -> row in the flat view
        self._orderings: dict[str, Ordering] = {}  # built once each: a thread does not change
        self._times: list[float] | None = None  # each comment's time, for the flat view

    # Scope.

    @property
    def root(self) -> int:
        """The comment the view starts at: the zoomed one, or the thread's root."""
        zoom = self._filter("zoom")
        return zoom.value if zoom is not None else 0

    @property
    def end(self) -> int:
        """One past the last comment of the view root's subtree."""
        root = self.root
        return root + self.thread.comments[root].subtree_size if self.thread.comments else 0

    def in_scope(self, index: int) -> bool:
        """Whether `index` is in the zoomed subtree and not in a hidden one."""
        if not self.root <= index < self.end:
            return False
        position = bisect_right(self._hidden, index) - 1
        if position < 0:
            return True
        hidden = self._hidden[position]
        return index >= hidden + self.thread.comments[hidden].subtree_size

    @property
    def hidden_count(self) -> int:
        """How many comments the hidden kinds keep out of view."""
        return self._hidden_count

    # State queries.

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def rows(self) -> Sequence[int]:
        """The comments shown, one a row, in display order (thread order unless sorted)."""
        return self._rows if self._shown is None else self._shown

    def is_folded(self, index: int) -> bool:
        return index in self._fold_set

    @property
    def folds(self) -> frozenset[int]:
        return frozenset(self._fold_set)

    def row_of(self, index: int) -> int | None:
        """The row showing comment `index`, or None if it is not shown."""
        if self._shown is not None:
            return self._shown_row(index)
        rows = self._rows
        row = bisect_left(rows, index)
        return row if row < len(rows) and rows[row] == index else None

    def in_base(self, index: int) -> bool:
        """Whether the scope and filters keep `index` (shown unless a fold hides it)."""
        base = self.base
        position = bisect_left(base, index)
        return position < len(base) and base[position] == index

    @property
    def selecting(self) -> bool:
        """Whether a filter selects comments (the rest show only as context)."""
        return self._passing is not None

    def is_match(self, index: int) -> bool:
        """Whether `index` passes every filter that selects (every comment does with none)."""
        return self._passing is None or index in self._passing

    def is_context(self, index: int) -> bool:
        """Whether `index` shows only because a match is below it (drawn dimmed)."""
        return self._passing is not None and index not in self._passing

    def is_search_match(self, index: int) -> bool:
        return index in self._match_set

    def nearest_visible(self, index: int) -> int:
        """`index` if it is a row, else the row standing for it: the fold hiding it, or the
        nearest row before it when the filters leave it out.
        """
        if self._shown is not None:
            return self._nearest_shown(index)
        rows = self._rows
        if not rows:
            return self.root
        row = bisect_left(rows, index)
        if row < len(rows) and rows[row] == index:
            return index
        return rows[row - 1] if row > 0 else rows[0]

    # Filters.

    def _filter(self, kind: str) -> Filter | None:
        for each in self.filters:
            if each.kind == kind:
                return each
        return None

    def filter_value(self, kind: str) -> Any:
        """The value of the filter of `kind`, or None when there is none."""
        found = self._filter(kind)
        return found.value if found is not None else None

    def set_filter(self, new: Filter) -> None:
        """Add a filter, or change the value of the one of its kind (it keeps its place)."""
        if new.kind == "zoom" and not 0 <= new.value < len(self.thread):
            raise ValueError(f"no comment {new.value} to zoom into")
        if new.kind == "hide" and not set(new.value) <= set(HIDEABLE_KINDS):
            raise ValueError(f"only {', '.join(HIDEABLE_KINDS)} can be hidden")
        filters = list(self.filters)
        for position, each in enumerate(filters):
            if each.kind == new.kind:
                filters[position] = new
                break
        else:
            filters.append(new)
        self._apply(filters)

    def has_filter(self, kind: str) -> bool:
        return self._filter(kind) is not None

    def would_match(self, new: Filter) -> int:
        """How many comments would pass every filter with `new` added (or in place of its kind)."""
        if new.kind not in SELECT_KINDS:
            raise ValueError(f"{new.kind!r} does not select comments")
        kept = [each for each in self.filters if each.kind not in (new.kind, *SCOPE_KINDS)]
        tests = [self._test(new), *map(self._test, kept)]
        return sum(1 for index in self._scope() if all(test(index) for test in tests))

    def clear_filter(self, kind: str) -> bool:
        """Drop the filter of `kind`; False if there was none."""
        if self._filter(kind) is None:
            return False
        self._apply([each for each in self.filters if each.kind != kind])
        return True

    def clear_filters(self, kinds: Iterable[str] = SELECT_KINDS) -> None:
        """Drop every filter of these kinds (by default every one that selects)."""
        dropped = set(kinds)
        self._apply([each for each in self.filters if each.kind not in dropped])

    def set_filters(self, filters: Iterable[Filter]) -> None:
        """Replace every filter at once (one rebuild)."""
        self._apply(list(filters))

    def refilter(self) -> None:
        """Compute the rows again: the marks a filter reads have changed."""
        self._apply(list(self.filters))

    def _apply(self, filters: list[Filter]) -> None:
        self.changes += 1
        self.filters = tuple(filters)
        self._hidden = self._hidden_roots()
        self._hidden_count = sum(self.thread.comments[i].subtree_size for i in self._hidden)
        self._keep_matches_in_scope()
        self.base, self._passing = self._base()
        self._rows = self._visible(self.root, self.end)
        self._kept_matches = None
        self._reshow()

    def _hidden_roots(self) -> list[int]:
        """The roots of the subtrees the "hide" filter keeps out, within the view root."""
        kinds = set(self.filter_value("hide") or ())
        if not kinds:
            return []
        comments = self.thread.comments
        root, end = self.root, self.end
        alive = self._live_below() if "deleted" in kinds else None
        hidden: list[int] = []
        index = root + 1
        while index < end:
            comment = comments[index]
            if comment.kind in kinds and (
                comment.kind != "deleted" or alive is None or not alive[index]
            ):
                hidden.append(index)
                index += comment.subtree_size
            else:
                index += 1
        return hidden

    def _live_below(self) -> list[bool]:
        """For each comment, whether it or a reply below it is neither deleted nor a stub."""
        comments = self.thread.comments
        parents = self.thread.parents
        alive = [comment.kind not in ("deleted", "more") for comment in comments]
        for index in range(len(comments) - 1, 0, -1):
            if alive[index]:
                alive[parents[index]] = True
        return alive

    def _scope(self) -> Sequence[int]:
        """The comments in scope, ascending: the view root's subtree less hidden subtrees."""
        root, end = self.root, self.end
        if not self._hidden:
            return range(root, end)
        comments = self.thread.comments
        scope: list[int] = []
        start = root
        for hidden in self._hidden:
            scope.extend(range(start, hidden))
            start = hidden + comments[hidden].subtree_size
        scope.extend(range(start, end))
        return scope

    def _base(self) -> tuple[Sequence[int], set[int] | None]:
        """The comments in scope that the filters keep, and those passing every filter."""
        scope = self._scope()
        tests = [self._test(each) for each in self.filters if each.kind in SELECT_KINDS]
        if not tests:
            return scope, None
        passing = {index for index in scope if all(test(index) for test in tests)}
        root = self.root
        keep = {root}
        parents = self.thread.parents
        for index in passing:
            node = index
            while node not in keep:  # stops at a kept ancestor: O(n) in all
                keep.add(node)
                node = parents[node]
        return sorted(keep), passing

    def _test(self, each: Filter) -> Callable[[int], bool]:
        """The predicate of a select filter over comment indices."""
        thread, value = self.thread, each.value
        comments = thread.comments
        if each.kind == "author":
            return lambda index: comment_author(thread, index) == value
        if each.kind == "op":
            return thread.is_by_original_poster
        if each.kind == "matches":
            return self._match_set.__contains__
        if each.kind == "score":
            return lambda index: (comments[index].score or 0) >= value
        if each.kind == "dates":
            return _date_test(thread, value)
        marks = self.marks
        if marks is None:
            return lambda index: False
        if each.kind == "unread":
            return marks.is_unread
        if each.kind == "new":
            return marks.is_new
        return marks.is_annotated

    # Rows from base and folds.

    def _visible(self, start: int, end: int) -> Sequence[int]:
        """The rows of `base` in [start, end) that no fold hides (folds inside the range)."""
        base = self.base
        low, high = bisect_left(base, start), bisect_left(base, end)
        folds = self._folds[bisect_left(self._folds, start) : bisect_left(self._folds, end)]
        if not folds:
            return base[low:high] if (low, high) != (0, len(base)) else base
        sizes = self.thread.comments
        rows: list[int] = []
        skip_to = start
        for fold in folds:
            if fold < skip_to:
                continue  # inside a fold already skipped
            cut = bisect_right(base, fold, low, high)
            rows.extend(base[low:cut])
            skip_to = fold + sizes[fold].subtree_size
            low = bisect_left(base, skip_to, cut, high)
        rows.extend(base[low:high])
        return rows

    def _row_list(self) -> list[int]:
        """The rows as a list folding can edit in place."""
        if not isinstance(self._rows, list) or self._rows is self.base:
            self._rows = list(self._rows)
        return self._rows

    def has_replies_shown(self, index: int) -> bool:
        """Whether unfolding `index` would show rows below it (what makes it foldable)."""
        return self._first_kept_below(index) is not None

    def fold(self, index: int) -> bool:
        """Fold `index`: its replies hide. False if there is nothing to fold."""
        if index in self._fold_set or not self.has_replies_shown(index):
            return False
        self._add_fold(index)
        self._record("fold", index)
        row = self._thread_row(index)
        if row is not None:
            end = bisect_left(self._rows, index + self.thread.comments[index].subtree_size, row + 1)
            del self._row_list()[row + 1 : end]
            self._fold_shown(index)
        return True

    def _add_fold(self, index: int) -> bool:
        """Mark `index` folded without touching the rows; False if it was already."""
        if index in self._fold_set:
            return False
        self._fold_set.add(index)
        self._folds.insert(bisect_left(self._folds, index), index)
        return True

    def unfold(self, index: int) -> bool:
        """Unfold `index`: its replies show again (those under other folds stay hidden)."""
        if index not in self._fold_set:
            return False
        self._fold_set.discard(index)
        del self._folds[bisect_left(self._folds, index)]
        self._record("unfold", index)
        row = self._thread_row(index)
        if row is not None:
            below = self._visible(index + 1, index + self.thread.comments[index].subtree_size)
            self._row_list()[row + 1 : row + 1] = below
            self._unfold_shown(below)
        return True

    def _thread_row(self, index: int) -> int | None:
        """Where `index` is in the rows in thread order (None: not a row)."""
        rows = self._rows
        row = bisect_left(rows, index)
        return row if row < len(rows) and rows[row] == index else None

    def toggle(self, index: int) -> bool:
        return self.unfold(index) if index in self._fold_set else self.fold(index)

    def show_depth(self, depth: int) -> None:
        """Fold every comment `depth` levels below the view root (0: unfold everything)."""
        self._record("depth", depth)
        levels = self.thread.by_depth
        level = self.thread.comments[self.root].depth + depth if self.thread.comments else 0
        folds = [] if depth <= 0 or level >= len(levels) - 1 else self._folds_at(level)
        self._folds = folds.copy()
        self._fold_set = set(folds)
        whole = isinstance(self.base, range) and len(self.base) == len(self.thread)
        if whole and folds:  # the comments at depths 0..level merged (runs Timsort joins in C)
            self._rows = sorted(chain.from_iterable(levels[: level + 1]))
        else:
            self._rows = self._visible(self.root, self.end)
        self._reshow()

    def _folds_at(self, level: int) -> list[int]:
        """The comments at depth `level` with replies, in the view root's subtree."""
        folds = self._depth_folds.get(level)
        if folds is None:
            comments = self.thread.comments
            folds = [i for i in self.thread.by_depth[level] if comments[i].subtree_size > 1]
            self._depth_folds[level] = folds
        root, end = self.root, self.end
        if root == 0:
            return folds
        return folds[bisect_left(folds, root) : bisect_left(folds, end)]

    def reveal(self, index: int) -> bool:
        """Unfold every fold above `index` so that it shows; False if the filters leave it out."""
        if not self.in_base(index):
            return False
        if self._thread_row(index) is not None:
            return True  # a row already: no fold above it (a move keeps O(log n), not O(depth))
        parents = self.thread.parents
        folded = []
        node = parents[index]
        while node >= self.root:
            if node in self._fold_set:
                folded.append(node)
            node = parents[node]
        for node in reversed(folded):
            self.unfold(node)
        return True

    def _record(self, what: str, value: int) -> None:
        self.changes += 1
        if self.recording:
            self.log.append((what, value))

    def replay(self, log: Iterable[tuple[str, int]], place: Callable[[int], int | None]) -> None:
        """Make again the folds of `log` (made on a preview); `place` maps its indices here."""
        for what, value in log:
            if what == "depth":
                self.show_depth(value)
                continue
            index = place(value)
            if index is not None:
                self.fold(index) if what == "fold" else self.unfold(index)

    # Search.

    def set_search(self, query: str | None, found: Sequence[int]) -> None:
        """Mark the search matches (`found`, ascending) of `query`; None clears the search."""
        self.search_query = query or None
        self._found = list(found)
        if self._filter("matches") is not None:
            self.refilter()
        else:
            self._keep_matches_in_scope()

    def _keep_matches_in_scope(self) -> None:
        """The search matches the scope holds (it changes with the zoom and hidden kinds)."""
        found = self._found
        matches = found[bisect_left(found, self.root) : bisect_left(found, self.end)]
        if self._hidden:
            matches = [index for index in matches if self.in_scope(index)]
        self.matches = matches
        self._match_set = set(matches)
        self._kept_matches = None

    @property
    def kept_matches(self) -> list[int]:
        """The search matches that pass the filters, ascending (what n and N step through; a
        match shown only as another's context is left out)."""
        if self._kept_matches is None:
            self._kept_matches = (
                [index for index in self.matches if self.is_match(index)]
                if self.selecting
                else self.matches
            )
        return self._kept_matches

    def match_position(self, index: int) -> int | None:
        """Which of the kept search matches `index` is, counting from 1 (None: not one)."""
        matches = self.kept_matches
        position = bisect_left(matches, index)
        return position + 1 if position < len(matches) and matches[position] == index else None

    def search_status(self, index: int) -> str:
        """Where `index` is among the search matches shown: "3/41", "41 matches", "no match"."""
        kept = len(self.kept_matches)
        if kept == 0:
            hidden = len(self.matches)
            return f"no match shown ({hidden:,} hidden by the filters)" if hidden else "no match"
        position = self.match_position(index)
        if position is None:
            return f"{kept:,} match{'es' if kept != 1 else ''}"
        return f"{position:,}/{kept:,}"

    def next_match(self, after: int, *, forward: bool = True) -> int | None:
        """The next search match after `after` (or before it) that the filters keep, wrapping."""
        matches = self.kept_matches
        if not matches:
            return None
        if self._shown is not None:
            return self._next_shown_match(matches, after, forward=forward)
        if forward:
            return matches[bisect_right(matches, after) % len(matches)]
        return matches[(bisect_left(matches, after) - 1) % len(matches)]

    def next_matching_row(self, row: int, step: int) -> int | None:
        """The row after `row` (`step` 1) or before it (-1) that shows a match, not context."""
        rows = self.rows
        row += step
        while 0 <= row < len(rows):
            if self.is_match(rows[row]):
                return row
            row += step
        return None

    # Moves between comments (each gives the comment to go to, or None).

    def next_sibling(self, index: int) -> int | None:
        """The next sibling the filters keep (a sibling shares the folds above it)."""
        step = self.thread.next_sibling if self._ordering is None else self._ordering.next
        return self._kept_sibling(step(index), step)

    def previous_sibling(self, index: int) -> int | None:
        ordering = self._ordering
        step = self.thread.previous_sibling if ordering is None else ordering.previous
        return self._kept_sibling(step(index), step)

    def _kept_sibling(self, index: int | None, step: Callable[[int], int | None]) -> int | None:
        while index is not None and not self.in_base(index):
            index = step(index)
        return index

    def parent(self, index: int) -> int | None:
        """The parent, unless `index` is the view root."""
        return None if index == self.root else self.thread.parent(index)

    def top_of(self, index: int) -> int | None:
        """The reply to the view root whose subtree holds `index` (None for the root)."""
        if index == self.root or not self.root < index < self.end:
            return None
        level = self.thread.comments[self.root].depth + 1
        tops = self.thread.by_depth[level]
        return tops[bisect_right(tops, index) - 1]

    def first_reply(self, index: int) -> int | None:
        """The first reply under `index` the filters keep (in the order siblings are sorted)."""
        ordering = self._ordering
        if ordering is None:
            return self._first_kept_below(index)
        child = ordering.first(index)
        while child is not None and not self.in_base(child):  # base holds kept ancestors
            child = ordering.next(child)
        return child

    def _first_kept_below(self, index: int) -> int | None:
        """The first comment below `index` in thread order that the filters keep."""
        end = index + self.thread.comments[index].subtree_size
        position = bisect_right(self.base, index)
        if position < len(self.base) and self.base[position] < end:
            return self.base[position]
        return None

    def next_top(self, index: int) -> int | None:
        """The next reply to the view root the filters keep."""
        top = self.top_of(index)
        if top is None:
            return self.first_reply(self.root)
        return self.next_sibling(top)

    def previous_top(self, index: int) -> int | None:
        """The reply to the view root holding `index`, or the one before if `index` is one."""
        top = self.top_of(index)
        if top is None:
            return None
        return top if top != index else self.previous_sibling(top)

    @property
    def match_count(self) -> int:
        """How many comments pass every filter that selects (all in scope when none does)."""
        return len(self._passing) if self._passing is not None else len(self.base)

    def describe(self) -> list[str]:
        """Each filter in words, in the order they were set (for the header)."""
        return [self._describe(each) for each in self.filters]

    def _describe(self, each: Filter) -> str:
        value = each.value
        if each.kind == "author":
            return f"only {value or 'anonymous'}"
        if each.kind == "zoom":
            return f"zoomed into {comment_author(self.thread, value) or 'the post'}'s comment"
        if each.kind == "hide":
            return f"{self.hidden_count:,} hidden ({', '.join(value)})"
        if each.kind == "score":
            return f"score ≥ {value:,}"
        if each.kind == "dates":
            start, end = value
            return "dated " + " ".join(
                part
                for part in (
                    f"from {_day_or_moment(start)}" if start else "",
                    f"before {_day_or_moment(end)}" if end else "",
                )
                if part
            )
        return {
            "op": "only the original poster",
            "unread": "unread only",
            "new": "new only",
            "annotated": "with a note or bookmark",
            "matches": f"only matches of {self.search_query!r}",
        }[each.kind]

    # Display order: siblings sorted, or the flat view.

    def set_order(self, order: str) -> None:
        """Sort siblings by `order` (one of ORDERS); folds, filters and search stay."""
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r} (orders: {', '.join(ORDERS)})")
        self.changes += 1
        self._set_ordering(order)
        self._reshow()

    def _set_ordering(self, order: str) -> None:
        self.order = order
        if order == "archive":
            self._ordering = None
        elif order in self._orderings:
            self._ordering = self._orderings[order]
        else:
            self._ordering = self._orderings[order] = Ordering(self.thread, order)

    def set_flat(self, flat: bool) -> None:
        """Show every comment the filters keep in date order (True), or the tree (False)."""
        self.changes += 1
        self.flat = flat
        self._reshow()

    def _reshow(self) -> None:
        """Compute the rows in display order from the rows in thread order."""
        if self.flat:
            if self._times is None:
                self._times = flat_times(self.thread)
            self._shown = flat_order(self.thread, self.base, self._times)
            self._flat_rows = {index: row for row, index in enumerate(self._shown)}
        elif self._ordering is not None:
            place = self._ordering.place
            self._shown_keys = sorted(place[index] for index in self._rows)
            order = self._ordering.order
            self._shown = [order[key] for key in self._shown_keys]
        else:
            self._shown = None

    def _fold_shown(self, index: int) -> None:
        """Take the rows below `index` out of the sorted rows (a subtree is a run there too)."""
        if self._ordering is None or self.flat or self._shown is None:
            return
        start = self._ordering.place[index]
        keys = self._shown_keys
        low = bisect_right(keys, start)
        high = bisect_left(keys, start + self.thread.comments[index].subtree_size, low)
        del keys[low:high], self._shown[low:high]

    def _unfold_shown(self, below: Sequence[int]) -> None:
        """Put the rows an unfold showed (`below`, in thread order) into the sorted rows."""
        if self._ordering is None or self.flat or self._shown is None or not below:
            return
        place, order = self._ordering.place, self._ordering.order
        added = sorted(place[index] for index in below)
        at = bisect_left(self._shown_keys, added[0])
        self._shown_keys[at:at] = added
        self._shown[at:at] = [order[key] for key in added]

    def _shown_row(self, index: int) -> int | None:
        if self.flat:
            return self._flat_rows.get(index)
        assert self._ordering is not None and self._shown is not None
        key = self._ordering.place[index]
        row = bisect_left(self._shown_keys, key)
        return row if row < len(self._shown_keys) and self._shown_keys[row] == key else None

    def _nearest_shown(self, index: int) -> int:
        """`nearest_visible` when the rows are not in thread order."""
        shown = self._shown
        assert shown is not None
        if not shown:
            return self.root
        if self.flat:  # the nearest ancestor shown
            node = index
            while node >= 0 and node not in self._flat_rows:
                node = self.thread.parents[node]
            return node if node >= 0 else shown[0]
        assert self._ordering is not None
        key = self._ordering.place[index]
        row = bisect_left(self._shown_keys, key)
        if row < len(shown) and self._shown_keys[row] == key:
            return index
        return shown[row - 1] if row > 0 else shown[0]

    def _next_shown_match(self, matches: list[int], after: int, *, forward: bool) -> int | None:
        """`next_match` in display order: the next match after `after`, wrapping."""
        keyed = sorted((key, index) for index in matches if (key := self._place_key(index)) >= 0)
        if not keyed:
            return None
        here = self._place_key(after)
        if here < 0:
            here = self._place_key(self.nearest_visible(after))
        keys = [key for key, _index in keyed]
        if forward:
            return keyed[bisect_right(keys, here) % len(keyed)][1]
        return keyed[(bisect_left(keys, here) - 1) % len(keyed)][1]

    def _place_key(self, index: int) -> int:
        """Where `index` sorts in display order, shown or not (-1: not in the flat view)."""
        if self.flat:
            return self._flat_rows.get(index, -1)
        return self._ordering.place[index] if self._ordering is not None else index

    def participants(self) -> list[tuple[str, int]]:
        """Every author in scope with how many comments they wrote, most first ("" anonymous)."""
        counts: dict[str, int] = {}
        comments = self.thread.comments
        for index in self._scope():
            if comments[index].kind in ("comment", "post"):
                name = comment_author(self.thread, index)
                counts[name] = counts.get(name, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))

    # What is kept between visits.

    def state(self) -> dict[str, Any]:
        """Folds and filters by comment id, as JSON (search matches are not kept)."""
        comments = self.thread.comments
        filters: list[list[Any]] = []
        for each in self.filters:
            if each.kind == "matches":
                continue  # a search is not kept
            value = each.value
            if each.kind == "zoom":
                value = comments[value].id
            elif each.kind == "dates":
                value = [moment.isoformat() if moment else None for moment in value]
            elif each.kind == "hide":
                value = list(value)
            filters.append([each.kind, value])
        state: dict[str, Any] = {
            "folds": [comments[index].id for index in self._folds],
            "filters": filters,
        }
        if self.order != "archive":
            state["order"] = self.order
        if self.flat:
            state["flat"] = True
        return state

    def restore(self, state: dict[str, Any]) -> None:
        """Fold and filter as `state` says; what no longer fits this thread is left out."""
        by_id = {comment.id: index for index, comment in enumerate(self.thread.comments)}
        filters: list[Filter] = []
        for kind, value in state.get("filters", []):
            if kind == "zoom":
                value = by_id.get(value)
            elif kind == "dates":
                value = tuple(datetime.fromisoformat(v) if v else None for v in value)
            elif kind == "hide":
                value = tuple(value)
            elif kind == "matches":
                continue
            if kind in VALUELESS_KINDS or (kind in FILTER_KINDS and value is not None):
                filters.append(Filter(kind, value))
        # Folds go in as they were (in place of any), even those the filters leave nothing
        # under for now: they fold again when a filter is cleared, as before the state was kept.
        self._folds, self._fold_set = [], set()
        comments = self.thread.comments
        for comment_id in state.get("folds", []):
            index = by_id.get(comment_id)
            if index is not None and comments[index].subtree_size > 1 and self._add_fold(index):
                self._record("fold", index)
        order = state.get("order", "archive")
        self._set_ordering(order if order in ORDERS else "archive")
        self.flat = state.get("flat") is True
        self.set_filters(filters)


def _date_test(
    thread: Thread, bounds: tuple[datetime | None, datetime | None]
) -> Callable[[int], bool]:
    """Whether a comment was written within `bounds` (either may be open); undated: no."""
    start, end = bounds
    comments = thread.comments

    def test(index: int) -> bool:
        created = comments[index].created
        if created is None:
            return False
        return (start is None or created >= start) and (end is None or created < end)

    return test


class Ordering:
    """The thread with each comment's replies sorted: where each comment goes, and the links
    between sorted siblings. A subtree stays one run of places, as in thread order.
    """

    def __init__(self, thread: Thread, order: str) -> None:
        size = len(thread.comments)
        parents = thread.parents
        keys = sort_keys(thread, order)
        self._first = [-1] * size
        self._next = [-1] * size
        self._previous = [-1] * size
        last = [-1] * size  # each comment's last reply so far
        # Every comment sorted once by its key (stable: ties keep thread order), then linked
        # after the reply to the same parent before it: its replies come out sorted.
        for index in sorted(range(1, size), key=keys.__getitem__):
            parent = parents[index]
            before = last[parent]
            if before < 0:
                self._first[parent] = index
            else:
                self._next[before] = index
                self._previous[index] = before
            last[parent] = index
        self.order: list[int] = []
        self.place = [0] * size
        stack = [0] if size else []
        while stack:  # pre-order: a comment, its replies, then its next sibling
            index = stack.pop()
            self.place[index] = len(self.order)
            self.order.append(index)
            if self._next[index] >= 0:
                stack.append(self._next[index])
            if self._first[index] >= 0:
                stack.append(self._first[index])

    def first(self, index: int) -> int | None:
        """The first reply to `index` in sorted order."""
        found = self._first[index]
        return found if found >= 0 else None

    def next(self, index: int) -> int | None:
        found = self._next[index]
        return found if found >= 0 else None

    def previous(self, index: int) -> int | None:
        found = self._previous[index]
        return found if found >= 0 else None


def sort_keys(thread: Thread, order: str) -> list[float]:
    """Each comment's sort key: its time (oldest first), or its score negated (highest
    first); unknown sorts last."""
    if order == "date":
        return [c.created.timestamp() if c.created is not None else inf for c in thread.comments]
    return [-c.score if c.score is not None else inf for c in thread.comments]


def flat_times(thread: Thread) -> list[float]:
    """Each comment's time in the flat view: its own, or for an undated one, the time of the
    comment before it in thread order (so it is listed right after that one)."""
    times = sort_keys(thread, "date")
    last = -inf
    for index, when in enumerate(times):
        if when == inf:
            times[index] = last
        else:
            last = when
    return times


def flat_order(thread: Thread, kept: Sequence[int], times: list[float] | None = None) -> list[int]:
    """`kept` (ascending) in date order, as the flat view lists them (`times`: `flat_times`,
    when they are at hand).

    `more` stubs and the root of an archive of threads are left out: they have no place in
    time. An undated comment stays right after the comment before it in thread order.
    """
    comments = thread.comments
    if times is None:
        times = flat_times(thread)
    flat = [index for index in kept if comments[index].kind not in ("more", "archive")]
    flat.sort(key=times.__getitem__)  # stable: ties keep thread order
    return flat


def has_scores(thread: Thread) -> bool:
    """Whether any comment below the root has a score: the tree then shows a score column, and
    the score filter has something to do."""
    return any(comment.score is not None for comment in thread.comments[1:])


def newest_date(thread: Thread) -> datetime | None:
    """When the newest dated comment was written (None: the thread has no dates)."""
    return max((c.created for c in thread.comments if c.created is not None), default=None)


def _day_or_moment(moment: datetime) -> str:
    """A bound in words: its day at midnight, else its day and time (an age such as "12h")."""
    if moment.hour == moment.minute == 0:
        return f"{moment:%Y-%m-%d}"
    return f"{moment:%Y-%m-%d %H:%M}"
