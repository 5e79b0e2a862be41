"""Property tests: ThreadView agrees with a naive model of folds and filters.

Random threads (random shapes, authors, kinds, scores, dates, some missing) go through random
sequences of operations: fold, unfold, toggle, depth, reveal, every filter, search, clearing,
marks changing. After each one the view's rows, matches and context rows, moves and search
steps must be what the model computes from scratch, plainly, from the rules below.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from hypothesis import given, note, settings
from hypothesis import strategies as st

from reader.model import Comment, Thread, from_parent_links, from_preorder
from reader.view import HIDEABLE_KINDS, SELECT_KINDS, Filter, ThreadView
from tests.conftest import examples

AUTHORS = ("Ana", "Bo", "Chloé", "李文")
DAYS = [datetime(2024, 1, day) for day in range(1, 8)]

AUTHOR_CHOICES = (None, *AUTHORS)
KIND_CHOICES = ("comment", "comment", "comment", "deleted", "pingback", "more")
CREATED_CHOICES = (None, *DAYS)
SCORE_CHOICES = (None, *range(-3, 6))


def make_comment(index: int, depth: int, kind: str, choice: int) -> Comment:
    """Comment `index`, its author, date and score picked by the digits of `choice` (0 picks
    none of them, so failures shrink to plain comments)."""
    author, choice = AUTHOR_CHOICES[choice % 5], choice // 5
    created, choice = CREATED_CHOICES[choice % 8], choice // 8
    return Comment(
        id=f"c{index}",
        parent_id=None,
        author=author,
        created=created,
        kind=kind,
        score=SCORE_CHOICES[choice % 10],
        depth=depth,
    )


@st.composite
def threads(draw: st.DrawFn, max_comments: int = 40) -> Thread:
    """A thread of up to `max_comments` comments below its root, of every kind.

    One number per comment picks where it goes (a reply to the post, to the comment before,
    or beside it), its kind, author, date and score: draws are what these tests spend their
    time on.
    """
    root_kind = draw(st.sampled_from(["post", "post", "archive"]))
    comments = [make_comment(0, 0, root_kind, draw(st.integers(0, 399)))]
    count = draw(st.integers(0, max_comments - 1))
    choices = draw(st.lists(st.integers(0, 4 * 6 * 400 - 1), min_size=count, max_size=count))
    depth = 0
    for index, choice in enumerate(choices, 1):
        place = choice % 4
        depth = 1 if place == 0 else max(depth, 1) if place == 3 else depth + 1
        choice //= 4
        kind = KIND_CHOICES[choice % 6]
        comments.append(make_comment(index, depth, kind, choice // 6))
    return from_preorder("Generated", "test", "generated", comments)


def reversed_siblings(thread: Thread) -> Thread:
    """The same comments and tree with every comment's replies in the opposite order."""
    copies = [
        Comment(
            id=c.id,
            parent_id=c.parent_id,
            author=c.author,
            created=c.created,
            kind=c.kind,
            score=c.score,
        )
        for c in thread.comments
    ]
    position = {c.id: index for index, c in enumerate(thread.comments)}
    return from_parent_links(
        thread.title,
        thread.format,
        thread.source,
        copies[0],
        copies[1:],
        sort_key=lambda c: -position[c.id],
    )


@dataclass
class Marks:
    """The reader's marks, by comment id (as annotations keep them)."""

    thread: Thread
    unread: set[str] = field(default_factory=set)
    new: set[str] = field(default_factory=set)
    annotated: set[str] = field(default_factory=set)

    def on(self, thread: Thread) -> Marks:
        return Marks(thread, self.unread, self.new, self.annotated)

    def is_unread(self, index: int) -> bool:
        return self.thread.comments[index].id in self.unread

    def is_new(self, index: int) -> bool:
        return self.thread.comments[index].id in self.new

    def is_annotated(self, index: int) -> bool:
        return self.thread.comments[index].id in self.annotated


class Model:
    """Folds and filters recomputed from scratch after every operation: the specification."""

    def __init__(self, thread: Thread, marks: Marks) -> None:
        self.comments = thread.comments
        self.marks = marks
        self.size = len(self.comments)
        self.parent: list[int | None] = [None] * self.size
        for index in range(1, self.size):
            before = index - 1
            while self.comments[before].depth != self.comments[index].depth - 1:
                before -= 1
            self.parent[index] = before
        self._ancestors = [self._walk_up(index) for index in range(self.size)]
        self._subtrees = [
            [below for below in range(self.size) if top == below or top in self._ancestors[below]]
            for top in range(self.size)
        ]
        self.filters: dict[str, Any] = {}
        self.folds: set[int] = set()
        self.found: list[int] = []
        self.refresh()

    # The tree.

    def _walk_up(self, index: int) -> list[int]:
        chain = []
        node = self.parent[index]
        while node is not None:
            chain.append(node)
            node = self.parent[node]
        return chain

    def ancestors(self, index: int) -> list[int]:
        """Proper ancestors, nearest first."""
        return self._ancestors[index]

    def within(self, index: int, top: int) -> bool:
        """Whether `index` is `top` or below it."""
        return index == top or top in self._ancestors[index]

    def subtree(self, top: int) -> list[int]:
        """`top` and every comment below it, ascending."""
        return self._subtrees[top]

    def children(self, index: int) -> list[int]:
        return [child for child in range(self.size) if self.parent[child] == index]

    def siblings(self, index: int) -> list[int]:
        parent = self.parent[index]
        return [] if parent is None else self.children(parent)

    # Scope and filters.

    @property
    def root(self) -> int:
        return self.filters.get("zoom", 0)

    def hidden_roots(self) -> list[int]:
        kinds = self.filters.get("hide") or ()
        roots: list[int] = []
        for index in self.subtree(self.root):
            if index == self.root or any(self.within(index, h) for h in roots):
                continue
            kind = self.comments[index].kind
            if kind not in kinds:
                continue
            if kind == "deleted" and any(
                self.comments[below].kind not in ("deleted", "more")
                for below in self.subtree(index)
            ):
                continue  # a placeholder its replies hang on
            roots.append(index)
        return roots

    def selecting(self) -> bool:
        return any(kind in self.filters for kind in SELECT_KINDS)

    def by_original_poster(self, index: int) -> bool:
        """Written by the thread's poster (in an archive, by whoever opened its own thread)."""
        author = self.comments[index].author
        root = self.comments[0]
        if author is None:
            return False
        if root.kind == "archive":
            chain = [index, *self.ancestors(index)]
            return len(chain) > 1 and self.comments[chain[-2]].author == author
        return root.kind == "post" and author == root.author

    def passes(self, index: int) -> bool:
        """Whether `index` passes every select filter (not counting the scope)."""
        comment = self.comments[index]
        for kind, value in self.filters.items():
            if kind == "author" and (comment.author or "") != value:
                return False
            if kind == "op" and not self.by_original_poster(index):
                return False
            if kind == "unread" and comment.id not in self.marks.unread:
                return False
            if kind == "new" and comment.id not in self.marks.new:
                return False
            if kind == "annotated" and comment.id not in self.marks.annotated:
                return False
            if kind == "matches" and index not in self.found:
                return False
            if kind == "dates":
                start, end = value
                if comment.created is None:
                    return False
                if start is not None and comment.created < start:
                    return False
                if end is not None and comment.created >= end:
                    return False
            if kind == "score" and (comment.score or 0) < value:
                return False
        return True

    def refresh(self) -> None:
        """Compute scope, passing, kept and rows from the filters, folds and marks."""
        self.hidden = self.hidden_roots()
        self.scope = {
            index
            for index in self.subtree(self.root)
            if not any(self.within(index, h) for h in self.hidden)
        }
        if self.selecting():
            self.passing = {index for index in self.scope if self.passes(index)}
            self.kept = {self.root} | self.passing
            for index in self.passing:
                self.kept |= {a for a in self.ancestors(index) if a in self.scope}
        else:
            self.passing = set(self.scope)
            self.kept = set(self.scope)
        self.rows = [
            index
            for index in sorted(self.kept)
            if not any(a in self.folds for a in self.ancestors(index) if a >= self.root)
        ]

    def is_match(self, index: int) -> bool:
        return not self.selecting() or index in self.passing

    def is_context(self, index: int) -> bool:
        return self.selecting() and index in self.kept and index not in self.passing

    # Operations.

    def fold(self, index: int) -> bool:
        if index in self.folds or not any(k in self.kept for k in self.subtree(index)[1:]):
            return False
        self.folds.add(index)
        return True

    def unfold(self, index: int) -> bool:
        if index not in self.folds:
            return False
        self.folds.discard(index)
        return True

    def toggle(self, index: int) -> bool:
        return self.unfold(index) if index in self.folds else self.fold(index)

    def show_depth(self, depth: int) -> None:
        level = self.comments[self.root].depth + depth
        deepest = max(c.depth for c in self.comments)
        self.folds = set()
        if depth > 0 and level < deepest:
            self.folds = {
                index
                for index in self.subtree(self.root)
                if self.comments[index].depth == level and len(self.subtree(index)) > 1
            }

    def reveal(self, index: int) -> bool:
        if index not in self.kept:
            return False
        self.folds -= {a for a in self.ancestors(index) if a >= self.root}
        return True

    # Moves.

    def next_match(self, after: int, forward: bool) -> int | None:
        shown = [i for i in self.found if i in self.scope and i in self.passing]
        if not shown:
            return None
        if forward:
            return next((i for i in shown if i > after), shown[0])
        return next((i for i in reversed(shown) if i < after), shown[-1])

    def next_sibling(self, index: int) -> int | None:
        return next((s for s in self.siblings(index) if s > index and s in self.kept), None)

    def previous_sibling(self, index: int) -> int | None:
        earlier = [s for s in self.siblings(index) if s < index and s in self.kept]
        return earlier[-1] if earlier else None

    def view_parent(self, index: int) -> int | None:
        return None if index == self.root else self.parent[index]

    def top_of(self, index: int) -> int | None:
        if index == self.root or not self.within(index, self.root):
            return None
        level = self.comments[self.root].depth + 1
        return next(a for a in [index, *self.ancestors(index)] if self.comments[a].depth == level)

    def next_top(self, index: int) -> int | None:
        top = self.top_of(index)
        if top is None:
            return next((c for c in self.children(self.root) if c in self.kept), None)
        return self.next_sibling(top)

    def previous_top(self, index: int) -> int | None:
        top = self.top_of(index)
        if top is None:
            return None
        return top if top != index else self.previous_sibling(top)


def assert_agree(view: ThreadView, model: Model) -> None:
    """The view shows what the model says, and its answers about rows are consistent."""
    rows = list(view.rows)
    assert rows == model.rows
    assert len(view) == len(rows)
    assert all(a < b for a, b in pairwise(rows))
    assert view.folds == model.folds
    assert view.root == model.root
    for row, index in enumerate(rows):
        assert view.row_of(index) == row
        assert view.is_match(index) == model.is_match(index), index
        assert view.is_context(index) == model.is_context(index), index
    shown = set(rows)
    for index in range(model.size):
        assert view.nearest_visible(index) in shown
        assert view.in_base(index) == (index in model.kept), index
        assert view.in_scope(index) == (index in model.scope), index
        if index not in shown:
            assert view.row_of(index) is None
    in_scope = [index for index in model.found if index in model.scope]
    assert view.matches == in_scope
    assert all(view.is_search_match(index) == (index in in_scope) for index in range(model.size))
    hidden = sum(len(model.subtree(h)) for h in model.hidden)
    assert view.hidden_count == hidden


def assert_moves_agree(view: ThreadView, model: Model) -> None:
    """From every row, every move goes where the model says."""
    for index in model.rows:
        assert view.next_sibling(index) == model.next_sibling(index), index
        assert view.previous_sibling(index) == model.previous_sibling(index), index
        assert view.parent(index) == model.view_parent(index), index
        assert view.top_of(index) == model.top_of(index), index
        assert view.next_top(index) == model.next_top(index), index
        assert view.previous_top(index) == model.previous_top(index), index
        for forward in (True, False):
            assert view.next_match(index, forward=forward) == model.next_match(index, forward)


# Operations, drawn one at a time so that they can pick what the thread holds.


def subset(data: st.DataObject, items: list[Any]) -> list[Any]:
    """Some of `items`, in their order (one draw: the bits of a number)."""
    bits = data.draw(st.integers(0, 2 ** len(items) - 1))
    return [item for position, item in enumerate(items) if bits >> position & 1]


def draw_filter(data: st.DataObject, thread: Thread) -> Filter:
    kind = data.draw(st.sampled_from(["zoom", "hide", *SELECT_KINDS]))
    count = len(thread)
    if kind == "zoom":
        return Filter(kind, data.draw(st.integers(0, count - 1)))
    if kind == "hide":
        return Filter(kind, tuple(subset(data, list(HIDEABLE_KINDS))))
    if kind == "author":
        names = sorted({c.author or "" for c in thread.comments} | {"", "Nobody"})
        return Filter(kind, data.draw(st.sampled_from(names)))
    if kind == "matches":
        return Filter(kind, "query")
    if kind == "dates":
        bound = st.one_of(st.none(), st.sampled_from(DAYS))
        return Filter(kind, (data.draw(bound), data.draw(bound)))
    if kind == "score":
        return Filter(kind, data.draw(st.integers(-3, 6)))
    return Filter(kind)


OPERATIONS = (
    *("fold", "unfold", "toggle", "depth", "reveal", "filter", "filter", "clear"),
    *("clear_all", "marks", "search", "refilter"),
)


def apply_one(data: st.DataObject, view: ThreadView, model: Model) -> str:
    """Draw one operation, do it on both, compare what it returns; its name for the failure."""
    thread = view.thread
    ids = [c.id for c in thread.comments]
    every = list(range(len(thread)))
    what = data.draw(st.sampled_from(OPERATIONS))
    index = data.draw(st.sampled_from(every))
    if what in ("fold", "unfold", "toggle", "reveal"):
        assert getattr(view, what)(index) == getattr(model, what)(index), (what, index)
    elif what == "depth":
        depth = data.draw(st.integers(-1, 5))
        view.show_depth(depth)
        model.show_depth(depth)
        what = f"depth {depth}"
    elif what == "filter":
        new = draw_filter(data, thread)
        view.set_filter(new)
        model.filters[new.kind] = new.value
        what = f"set_filter {new}"
    elif what == "clear":
        kind = data.draw(st.sampled_from(["zoom", "hide", *SELECT_KINDS]))
        assert view.clear_filter(kind) == (kind in model.filters)
        model.filters.pop(kind, None)
        what = f"clear_filter {kind}"
    elif what == "clear_all":
        view.clear_filters()
        model.filters = {k: v for k, v in model.filters.items() if k not in SELECT_KINDS}
    elif what == "marks":
        for name in ("unread", "new", "annotated"):
            setattr(model.marks, name, set(subset(data, ids)))
        view.refilter()
    elif what == "search":
        found = subset(data, every)
        view.set_search("query", found)
        model.found = found
        what = f"set_search {found}"
    else:
        view.refilter()
    model.refresh()
    return what


# Up to 25 operations an example, 150 examples (3,750 operations); thorough runs ten times that.
@settings(max_examples=examples(150))
@given(threads(), st.data())
def test_random_operations_agree_with_the_model(thread: Thread, data: st.DataObject) -> None:
    marks = Marks(thread)
    view = ThreadView(thread, marks)
    model = Model(thread, marks)
    assert_agree(view, model)
    for _ in range(data.draw(st.integers(1, 25))):
        note(apply_one(data, view, model))
        assert_agree(view, model)
    assert_moves_agree(view, model)


@settings(max_examples=examples(100))
@given(threads(), st.data())
def test_state_restores_onto_the_thread_and_onto_moved_comments(
    thread: Thread, data: st.DataObject
) -> None:
    marks = Marks(thread)
    view = ThreadView(thread, marks)
    model = Model(thread, marks)
    for _ in range(data.draw(st.integers(0, 15))):
        note(apply_one(data, view, model))
    view.clear_filter("matches")  # a search is not kept
    state = json.loads(json.dumps(view.state()))

    again = ThreadView(thread, marks)
    again.restore(state)
    assert list(again.rows) == list(view.rows)
    assert again.folds == view.folds
    assert again.filters == view.filters
    assert [again.is_match(i) for i in again.rows] == [view.is_match(i) for i in view.rows]

    moved = reversed_siblings(thread)
    elsewhere = ThreadView(moved, marks.on(moved))
    elsewhere.restore(state)
    ids = thread.comments
    moved_ids = moved.comments
    assert {moved_ids[i].id for i in elsewhere.rows} == {ids[i].id for i in view.rows}
    assert {moved_ids[i].id for i in elsewhere.folds} == {ids[i].id for i in view.folds}
    matching = {ids[i].id for i in view.rows if view.is_match(i)}
    assert {moved_ids[i].id for i in elsewhere.rows if elsewhere.is_match(i)} == matching
