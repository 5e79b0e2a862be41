"""Views of a thread beyond the tree in archive order: replies sorted, the flat view by date,
zoom, stubs hidden, and the palette's jump finder. Logic only: no Textual.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from hypothesis import given, note, settings
from hypothesis import strategies as st

from reader.jump import CommentFinder
from reader.model import Comment, Thread, from_preorder
from reader.session import ReadingSession
from reader.view import Filter, ThreadView, flat_order
from tests.test_view_properties import Marks, Model, apply_one, threads

T0 = datetime(2024, 3, 1, tzinfo=timezone.utc)

# id, depth, author, minutes after T0 (None: undated), score, kind
ROWS = [
    ("post", 0, "Ana", 0, 50, "post"),
    ("a", 1, "Bo", 30, 2, "comment"),
    ("a1", 2, "Ana", 90, 7, "comment"),
    ("a2", 2, "Chloé", 40, 1, "comment"),
    ("a2x", 3, "Bo", 45, None, "comment"),
    ("b", 1, "Chloé", 10, 9, "comment"),
    ("b1", 2, None, 20, None, "deleted"),
    ("b2", 2, None, None, None, "more"),
    ("c", 1, "Dan", None, 5, "comment"),
]


def thread() -> Thread:
    comments = [
        Comment(
            id=cid,
            parent_id=None,
            author=author,
            created=None if minutes is None else T0 + timedelta(minutes=minutes),
            body=f"text of {cid}",
            kind=kind,
            score=score,
            depth=depth,
        )
        for cid, depth, author, minutes, score, kind in ROWS
    ]
    return from_preorder("Orders", "test", "test", comments)


def ids(view: ThreadView) -> list[str]:
    return [view.thread.comments[index].id for index in view.rows]


def index_of(view: ThreadView, comment_id: str) -> int:
    found = view.thread.index_of(comment_id)
    assert found is not None
    return found


def test_replies_sort_by_date_and_by_score_and_back() -> None:
    view = ThreadView(thread())
    archive = ids(view)
    view.set_order("date")
    # Oldest reply first at every level; the undated reply ("c", the stub "b2") last.
    assert ids(view) == ["post", "b", "b1", "b2", "a", "a2", "a2x", "a1", "c"]
    view.set_order("score")
    # Highest first; replies without a score after those with one.
    assert ids(view) == ["post", "b", "b1", "b2", "c", "a", "a1", "a2", "a2x"]
    view.set_order("archive")
    assert ids(view) == archive


def test_a_re_sort_keeps_folds_filters_search_and_where_each_comment_is() -> None:
    view = ThreadView(thread())
    a = index_of(view, "a")
    view.fold(a)
    view.set_search("text", [index_of(view, "a1"), index_of(view, "b")])
    view.set_filter(Filter("author", "Chloé"))
    view.set_order("date")
    assert view.is_folded(a)
    assert ids(view) == ["post", "b", "a"]  # Chloé's b, and a (folded over Chloé's a2)
    assert view.filters == (Filter("author", "Chloé"),)
    for row, index in enumerate(view.rows):
        assert view.row_of(index) == row
    view.unfold(a)
    assert ids(view) == ["post", "b", "a", "a2"]
    view.clear_filters()
    assert ids(view) == ["post", "b", "b1", "b2", "a", "a2", "a2x", "a1", "c"]
    # A fold in sorted order takes out its run of rows, an unfold puts it back in place.
    view.fold(a)
    assert ids(view) == ["post", "b", "b1", "b2", "a", "c"]
    view.unfold(a)
    assert ids(view) == ["post", "b", "b1", "b2", "a", "a2", "a2x", "a1", "c"]
    assert view.matches == sorted([index_of(view, "a1"), index_of(view, "b")])


def test_moves_follow_the_sorted_order() -> None:
    view = ThreadView(thread())
    view.set_order("date")
    post, a, b, c = (index_of(view, name) for name in ("post", "a", "b", "c"))
    assert view.first_reply(post) == b
    assert view.next_sibling(b) == a and view.next_sibling(a) == c
    assert view.previous_sibling(a) == b and view.previous_sibling(b) is None
    assert view.first_reply(a) == index_of(view, "a2")
    assert view.next_top(post) == b and view.next_top(index_of(view, "b1")) == a
    view.set_search("text", [index_of(view, "a1"), index_of(view, "b")])
    # n goes down the screen: b comes before a1 now.
    assert view.next_match(post) == b
    assert view.next_match(b) == index_of(view, "a1")
    assert view.next_match(index_of(view, "a1")) == b  # wraps
    assert view.next_match(b, forward=False) == index_of(view, "a1")


def test_nearest_visible_in_sorted_order_is_the_fold_hiding_a_comment() -> None:
    view = ThreadView(thread())
    view.set_order("score")
    a = index_of(view, "a")
    view.fold(a)
    assert view.nearest_visible(index_of(view, "a2x")) == a
    assert view.row_of(index_of(view, "a2x")) is None


def test_order_and_flat_view_are_kept_with_the_position() -> None:
    view = ThreadView(thread())
    view.set_order("score")
    view.fold(index_of(view, "a"))
    state = json.loads(json.dumps(view.state()))
    again = ThreadView(thread())
    again.restore(state)
    assert again.order == "score" and ids(again) == ids(view)
    view.set_flat(True)
    again.restore(json.loads(json.dumps(view.state())))
    assert again.flat and ids(again) == ids(view)
    older = ThreadView(thread())
    older.restore({"folds": [], "filters": [], "order": "nonsense"})
    assert older.order == "archive"


def test_flat_view_lists_every_comment_by_date_without_stubs() -> None:
    view = ThreadView(thread())
    view.fold(index_of(view, "a"))  # folds do not apply to the flat view
    view.set_order("score")  # nor does the order of replies
    view.set_flat(True)
    # By date; undated comments right after the comment before them in thread order
    # ("a2x" after "a2", "c" after "b1"); the stub "b2" is not listed.
    assert ids(view) == ["post", "b", "b1", "c", "a", "a2", "a2x", "a1"]
    for row, index in enumerate(view.rows):
        assert view.row_of(index) == row
    assert view.row_of(index_of(view, "b2")) is None
    assert view.nearest_visible(index_of(view, "b2")) == index_of(view, "b")
    # The filters apply: Chloé's comments, with the comments they answer as context.
    view.set_filter(Filter("author", "Chloé"))
    assert ids(view) == ["post", "b", "a", "a2"]
    assert view.is_context(index_of(view, "a")) and view.is_match(index_of(view, "a2"))
    view.set_flat(False)
    assert ids(view) == ["post", "b", "a"]  # the tree again, its folds as they were


def test_flat_order_takes_naive_and_aware_dates_together() -> None:
    comments = [
        Comment(id="p", parent_id=None, created=datetime(2024, 1, 2), depth=0, kind="post"),
        Comment(id="x", parent_id=None, created=T0, depth=1),
        Comment(id="y", parent_id=None, created=datetime(2024, 1, 1), depth=1),
    ]
    flat = from_preorder("t", "test", "test", comments)
    assert [flat.comments[i].id for i in flat_order(flat, range(3))] == ["y", "p", "x"]


def test_zoom_in_deeper_and_out_again_step_by_step() -> None:
    session = ReadingSession(thread())
    view = session.view
    a, a2 = index_of(view, "a"), index_of(view, "a2")
    assert session.zoom_in(a)
    assert ids(view) == ["a", "a1", "a2", "a2x"] and view.root == a
    assert not session.zoom_in(a)  # the root already
    assert session.zoom_in(a2)
    assert ids(view) == ["a2", "a2x"]
    assert session.zoom_out()
    assert view.root == a
    assert session.zoom_out()
    assert view.root == 0 and len(view) == len(ROWS)
    assert not session.zoom_out()


def test_the_stubs_key_hides_stubs_and_deleted_leaves_and_keeps_other_hidden_kinds() -> None:
    session = ReadingSession(thread())
    view = session.view
    view.set_filter(Filter("hide", ("pingback",)))
    assert session.toggle_stubs()
    assert view.filter_value("hide") == ("pingback", "more", "deleted")
    assert "b1" not in ids(view) and "b2" not in ids(view)
    assert view.hidden_count == 2
    assert not session.toggle_stubs()
    assert view.filter_value("hide") == ("pingback",)
    assert "b1" in ids(view) and "b2" in ids(view)


def test_cycling_orders_skips_what_the_thread_lacks() -> None:
    session = ReadingSession(thread())
    assert [session.cycle_order() for _ in range(3)] == ["date", "score", "archive"]
    bare = from_preorder(
        "t",
        "test",
        "test",
        [Comment(id="p", parent_id=None, depth=0), Comment(id="c", parent_id=None, depth=1)],
    )
    assert ReadingSession(bare).cycle_order() == "archive"


def test_jump_finder_puts_authors_first_and_needs_every_word() -> None:
    finder = CommentFinder(thread())
    names = [thread().comments[found.index].id for found in finder.find("chlo")]
    assert names == ["a2", "b"]
    assert [found.by_author for found in finder.find("chlo")] == [True, True]
    assert [thread().comments[f.index].id for f in finder.find("of A2X")] == ["a2x"]
    assert finder.find("text nothing") == []
    assert finder.find("   ") == []
    assert [thread().comments[f.index].id for f in finder.find("bo")] == ["a", "a2x"]
    # "o": authors first (Bo, Chloé), then the text of the others ("text of ...").
    found = finder.find("o")
    assert [thread().comments[f.index].id for f in found[:5]] == ["a", "a2", "a2x", "b", "post"]
    assert [f.by_author for f in found[3:5]] == [True, False]
    assert len(finder.find("text", limit=3)) == 3


# Property: sorted views agree with the model's rows put in sorted pre-order.


def sorted_places(thread: Thread, order: str) -> list[int]:
    """Each comment's place in the thread with replies sorted, walked plainly."""
    comments = thread.comments

    def key(index: int) -> tuple[object, ...]:
        c = comments[index]
        if order == "date":
            return (c.created is None, c.created or datetime.min, index)
        return (c.score is None, -(c.score or 0), index)

    children: dict[int, list[int]] = {i: [] for i in range(len(comments))}
    for index in range(1, len(comments)):
        children[thread.parents[index]].append(index)
    walk: list[int] = []
    stack = [0]
    while stack:
        node = stack.pop()
        walk.append(node)
        stack.extend(sorted(children[node], key=key, reverse=True))
    places = [0] * len(comments)
    for place, index in enumerate(walk):
        places[index] = place
    return places


@settings(max_examples=100, deadline=None)
@given(threads(), st.data())
def test_sorted_views_agree_with_the_model(thread: Thread, data: st.DataObject) -> None:
    marks = Marks(thread)
    view = ThreadView(thread, marks)
    model = Model(thread, marks)
    order = data.draw(st.sampled_from(["date", "score"]))
    sort_at = data.draw(st.integers(0, 10))
    for step in range(data.draw(st.integers(1, 12))):
        if step == sort_at:
            view.set_order(order)
        note(apply_one(data, view, model))
    view.set_order(order)
    places = sorted_places(thread, order)
    expected = sorted(model.rows, key=places.__getitem__)
    assert list(view.rows) == expected
    for row, index in enumerate(expected):
        assert view.row_of(index) == row
    shown = set(expected)
    for index in range(len(thread)):
        assert view.nearest_visible(index) in shown
    for index in expected:
        siblings = sorted(model.siblings(index), key=places.__getitem__)
        kept = [s for s in siblings if s in model.kept]
        if index in kept:
            at = kept.index(index)
            assert view.next_sibling(index) == (kept[at + 1] if at + 1 < len(kept) else None)
            assert view.previous_sibling(index) == (kept[at - 1] if at else None)
        replies = sorted(model.children(index), key=places.__getitem__)
        first = next((r for r in replies if r in model.kept), None)
        assert view.first_reply(index) == first
    view.set_flat(True)
    flat = flat_order(thread, sorted(model.kept))
    assert list(view.rows) == flat
    timeless = ("more", "archive")
    assert set(flat) == {i for i in model.kept if thread.comments[i].kind not in timeless}
