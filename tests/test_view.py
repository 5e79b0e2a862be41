"""ThreadView examples: what the reader sees when folding, filtering, searching and zooming."""

from __future__ import annotations

import json

import pytest

from reader.model import Comment, Thread, from_parent_links, from_preorder
from reader.view import Filter, ThreadView

# The post and its replies: two spaces a level, then id, author ("-" for none) and kind.
OUTLINE = """
post Ana post
  a Bo
    a1 Ana
      a1x Chloé
    a2 Bo
  b Chloé
    b1 - deleted
      b1x Bo
    b2 - deleted
      b2x - deleted
  c - pingback
  d - more
"""


def outline(text: str) -> Thread:
    """A thread from an outline like OUTLINE."""
    comments = []
    for line in text.strip("\n").splitlines():
        depth = (len(line) - len(line.lstrip())) // 2
        comment_id, author, *kind = line.split()
        comments.append(
            Comment(
                id=comment_id,
                parent_id=None,
                author=None if author == "-" else author,
                kind=kind[0] if kind else "comment",
                depth=depth,
            )
        )
    return from_preorder("Outline", "test", "outline", comments)


def ids(view: ThreadView) -> list[str]:
    """The rows, by comment id."""
    return [view.thread.comments[index].id for index in view.rows]


def at(view: ThreadView, comment_id: str) -> int:
    index = view.thread.index_of(comment_id)
    assert index is not None
    return index


EVERYTHING = ["post", "a", "a1", "a1x", "a2", "b", "b1", "b1x", "b2", "b2x", "c", "d"]


@pytest.fixture
def view() -> ThreadView:
    return ThreadView(outline(OUTLINE))


def test_fold_hides_the_replies_and_unfold_brings_back_what_was_there(view: ThreadView) -> None:
    assert ids(view) == EVERYTHING
    assert view.fold(at(view, "a1"))
    assert view.fold(at(view, "a"))
    assert ids(view) == ["post", "a", "b", "b1", "b1x", "b2", "b2x", "c", "d"]
    assert view.unfold(at(view, "a"))
    assert ids(view) == ["post", "a", "a1", "a2", "b", "b1", "b1x", "b2", "b2x", "c", "d"]
    assert view.unfold(at(view, "a1"))
    assert ids(view) == EVERYTHING
    assert not view.unfold(at(view, "a1"))
    assert not view.fold(at(view, "a2")), "nothing below a2 to fold"


def test_folding_works_under_an_author_filter(view: ThreadView) -> None:
    view.set_filter(Filter("author", "Bo"))
    assert ids(view) == ["post", "a", "a2", "b", "b1", "b1x"]
    assert [view.is_context(i) for i in view.rows] == [True, False, False, True, True, False]
    assert view.fold(at(view, "b"))
    assert ids(view) == ["post", "a", "a2", "b"]
    view.clear_filter("author")
    assert ids(view) == ["post", "a", "a1", "a1x", "a2", "b", "c", "d"], "b stays folded"
    view.toggle(at(view, "b"))
    assert ids(view) == EVERYTHING


def test_a_fold_with_nothing_kept_below_it_is_refused_under_the_filter(view: ThreadView) -> None:
    view.set_filter(Filter("author", "Chloé"))
    assert ids(view) == ["post", "a", "a1", "a1x", "b"]
    assert not view.fold(at(view, "b")), "the filter keeps nothing below b"
    assert view.fold(at(view, "a"))
    assert ids(view) == ["post", "a", "b"]


def test_the_next_match_keeps_the_filters_and_unfolds_what_hides_it(view: ThreadView) -> None:
    view.set_filter(Filter("author", "Bo"))
    view.fold(at(view, "b"))
    view.set_search("reply", [at(view, "a1x"), at(view, "b1x")])
    match = view.next_match(at(view, "a"))
    assert match == at(view, "b1x"), "a1x is by Chloé: the filter leaves it out"
    assert view.reveal(match)
    assert ids(view) == ["post", "a", "a2", "b", "b1", "b1x"]
    assert view.filter_value("author") == "Bo"
    assert view.next_match(match) == match, "the only match kept, wrapping round"
    assert view.next_match(match, forward=False) == match
    assert not view.reveal(at(view, "a1x"))


def test_only_the_search_matches_with_their_ancestors_as_context(view: ThreadView) -> None:
    view.set_search("word", [at(view, "a1x"), at(view, "c")])
    view.set_filter(Filter("matches", "word"))
    assert ids(view) == ["post", "a", "a1", "a1x", "c"]
    assert [view.is_match(i) for i in view.rows] == [False, False, False, True, True]
    view.set_search("other", [at(view, "b1x")])
    assert ids(view) == ["post", "b", "b1", "b1x"], "a new search changes the rows"


def test_show_depth_folds_everything_that_many_levels_down(view: ThreadView) -> None:
    view.show_depth(1)
    assert ids(view) == ["post", "a", "b", "c", "d"]
    assert {view.thread.comments[i].id for i in view.folds} == {"a", "b"}
    view.show_depth(2)
    assert ids(view) == ["post", "a", "a1", "a2", "b", "b1", "b2", "c", "d"]
    view.unfold(at(view, "a1"))
    assert ids(view)[:5] == ["post", "a", "a1", "a1x", "a2"]
    view.show_depth(0)
    assert ids(view) == EVERYTHING
    assert not view.folds


def test_zoom_shows_one_subtree_and_moves_stay_inside_it(view: ThreadView) -> None:
    view.set_filter(Filter("zoom", at(view, "a")))
    assert ids(view) == ["a", "a1", "a1x", "a2"]
    assert view.parent(at(view, "a")) is None
    assert view.top_of(at(view, "a1x")) == at(view, "a1")
    assert view.next_sibling(at(view, "a")) is None
    view.show_depth(1)
    assert ids(view) == ["a", "a1", "a2"]
    view.clear_filter("zoom")
    assert ids(view) == ["post", "a", "a1", "a2", "b", "b1", "b1x", "b2", "b2x", "c", "d"]


def test_search_matches_follow_the_zoom(view: ThreadView) -> None:
    view.set_search("word", [at(view, "a1"), at(view, "b1x")])
    view.set_filter(Filter("zoom", at(view, "b")))
    assert view.next_match(at(view, "b")) == at(view, "b1x")
    assert view.next_match(at(view, "b1x")) == at(view, "b1x"), "a1 is outside the zoom"
    view.clear_filter("zoom")
    assert view.next_match(at(view, "b1x")) == at(view, "a1"), "back when zoomed out"


def test_hidden_kinds_keep_a_deleted_comment_that_still_has_replies(view: ThreadView) -> None:
    view.set_filter(Filter("hide", ("pingback", "deleted", "more")))
    assert ids(view) == ["post", "a", "a1", "a1x", "a2", "b", "b1", "b1x"]
    assert view.hidden_count == 4, "b2 and its deleted reply, the pingback, the stub"
    view.set_filter(Filter("hide", ("pingback",)))
    assert ids(view) == ["post", "a", "a1", "a1x", "a2", "b", "b1", "b1x", "b2", "b2x", "d"]


def reversed_replies(thread: Thread) -> Thread:
    """The same thread with every comment's replies in the opposite order."""
    order = {c.id: index for index, c in enumerate(thread.comments)}
    copies = [
        Comment(id=c.id, parent_id=c.parent_id, author=c.author, kind=c.kind)
        for c in thread.comments
    ]
    return from_parent_links(
        "Outline", "test", "outline", copies[0], copies[1:], sort_key=lambda c: -order[c.id]
    )


def test_state_round_trips_by_comment_id_even_when_comments_moved(view: ThreadView) -> None:
    view.set_filter(Filter("author", "Bo"))
    view.fold(at(view, "b"))
    view.set_filter(Filter("zoom", at(view, "b")))
    state = json.loads(json.dumps(view.state()))
    assert state == {"folds": ["b"], "filters": [["author", "Bo"], ["zoom", "b"]]}

    again = ThreadView(view.thread)
    again.restore(state)
    assert ids(again) == ["b"]
    assert again.filters == view.filters

    moved = ThreadView(reversed_replies(view.thread))
    moved.restore(state)
    assert moved.filter_value("zoom") == at(moved, "b") != at(view, "b")
    assert ids(moved) == ["b"]
    moved.unfold(at(moved, "b"))
    assert ids(moved) == ["b", "b1", "b1x"]


def test_restore_keeps_a_fold_the_filters_leave_nothing_under(view: ThreadView) -> None:
    view.fold(at(view, "a1"))
    view.set_filter(Filter("author", "Bo"))
    again = ThreadView(view.thread)
    again.restore(view.state())
    again.clear_filter("author")
    assert ids(again) == ["post", "a", "a1", "a2", *EVERYTHING[5:]], "a1 is still folded"


def test_folds_made_on_a_preview_are_replayed_on_the_whole_thread() -> None:
    whole = outline(OUTLINE)
    # The preview held the start of the file, less a2 that the whole file threads in later:
    # b and what follows it moved, so the log goes through a map by comment id.
    preview = outline("\n".join(line for line in OUTLINE.splitlines()[:11] if "a2" not in line))
    shown = ThreadView(preview)
    shown.recording = True
    shown.show_depth(1)
    shown.unfold(preview.index_of("b"))
    shown.fold(preview.index_of("b1"))
    shown.fold(preview.index_of("a1"))
    assert shown.log == [
        ("depth", 1),
        ("unfold", 4),
        ("fold", 5),
        ("fold", 2),
    ]
    assert whole.index_of("b") == 5

    view = ThreadView(whole)
    view.replay(shown.log, lambda index: whole.index_of(preview.comments[index].id))
    assert {whole.comments[i].id for i in view.folds} == {"a", "a1", "b1"}
    assert ids(view) == ["post", "a", "b", "b1", "b2", "b2x", "c", "d"]


# A post with 100,000 comments below it: ten replies to the post, each with 9,999 replies
# below it going three levels down (depths 2, 3, 4, 2, 3, 4...).

BLOCK = 10_000
BIG = 1 + 10 * BLOCK


@pytest.fixture(scope="module")
def big() -> Thread:
    comments = [Comment(id="root", parent_id=None, kind="post")]
    for index in range(1, BIG):
        offset = (index - 1) % BLOCK
        depth = 1 if offset == 0 else 2 + (offset - 1) % 3
        comments.append(Comment(id=f"c{index}", parent_id=None, depth=depth))
    return from_preorder("Big", "test", "generated", comments)


def test_folding_a_big_subtree_of_a_hundred_thousand_comments(big: Thread) -> None:
    view = ThreadView(big)
    top = 1 + 3 * BLOCK
    inner = top + 1  # depth 2, with two levels below it
    assert big.comments[top].subtree_size == BLOCK
    assert view.fold(inner)
    assert list(view.rows) == [*range(inner + 1), *range(inner + 3, BIG)]
    assert view.fold(top)
    assert list(view.rows) == [*range(top + 1), *range(top + BLOCK, BIG)]
    assert view.unfold(top)
    assert list(view.rows) == [*range(inner + 1), *range(inner + 3, BIG)]
    assert view.reveal(inner + 2)
    assert list(view.rows) == list(range(BIG))
    view.show_depth(1)
    assert list(view.rows) == [0, *range(1, BIG, BLOCK)]
    assert view.reveal(BIG - 1)
    last = BIG - BLOCK
    assert list(view.rows) == [0, *range(1, last, BLOCK), *range(last, BIG)]
