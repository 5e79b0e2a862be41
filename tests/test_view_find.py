"""ThreadView for finding: where the cursor is among the matches, stepping over context rows,
filters that would leave nothing, the participants, and filters combined.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from reader.model import Thread
from reader.view import Filter, ThreadView, has_scores, newest_date
from tests.test_view import OUTLINE, at, ids, outline
from tests.test_view_properties import Marks


def dated(thread: Thread) -> Thread:
    """The outline with a date (day N of January 2024 for the Nth comment) and a score (N)."""
    for number, comment in enumerate(thread.comments):
        comment.created = datetime(2024, 1, number + 1, tzinfo=timezone.utc)
        comment.score = number
    return thread


@pytest.fixture
def view() -> ThreadView:
    thread = dated(outline(OUTLINE))
    marks = Marks(thread, unread={"a1", "a1x", "b1x", "c"}, new={"a1x", "b"}, annotated={"a2"})
    return ThreadView(thread, marks)


def test_search_status_counts_the_matches_the_filters_keep(view: ThreadView) -> None:
    view.set_search("word", [at(view, "a1"), at(view, "a2"), at(view, "b1x")])
    assert view.search_status(at(view, "a2")) == "2/3"
    assert view.search_status(at(view, "post")) == "3 matches"
    view.set_filter(Filter("author", "Bo"))
    assert view.search_status(at(view, "b1x")) == "2/2", "a1 is Ana's: left out"
    assert view.next_match(at(view, "b1x")) == at(view, "a2")
    view.set_filter(Filter("author", "Chloé"))
    assert view.search_status(at(view, "a1")) == "no match shown (3 hidden by the filters)"
    view.set_search("other", [])
    assert view.search_status(at(view, "post")) == "no match"


def test_stepping_over_context_rows(view: ThreadView) -> None:
    view.set_filter(Filter("author", "Bo"))
    assert ids(view) == ["post", "a", "a2", "b", "b1", "b1x"]
    assert view.next_matching_row(0, 1) == 1
    assert view.next_matching_row(2, 1) == 5, "b and b1 are context"
    assert view.next_matching_row(5, 1) is None
    assert view.next_matching_row(5, -1) == 2
    assert view.next_matching_row(1, -1) is None, "the post is context"


def matching(view: ThreadView) -> list[str]:
    """The ids of the rows that match every filter (the rest are context)."""
    return [view.thread.comments[i].id for i in view.rows if view.is_match(i)]


def test_unread_new_dates_and_score_combine(view: ThreadView) -> None:
    view.set_filter(Filter("unread"))
    assert ids(view) == ["post", "a", "a1", "a1x", "b", "b1", "b1x", "c"]
    view.set_filter(Filter("new"))
    assert matching(view) == ["a1x"] and ids(view) == ["post", "a", "a1", "a1x"]
    view.clear_filter("new")
    view.set_filter(Filter("dates", (datetime(2024, 1, 4, tzinfo=timezone.utc), None)))
    assert matching(view) == ["a1x", "b1x", "c"], "unread, from January 4th"
    view.set_filter(Filter("score", 8))
    assert matching(view) == ["c"]
    view.clear_filter("unread")
    assert matching(view) == ["b2", "b2x", "c", "d"]
    view.clear_filters()
    assert ids(view)[:3] == ["post", "a", "a1"] and not view.selecting


def test_annotated_and_original_poster(view: ThreadView) -> None:
    view.set_filter(Filter("annotated"))
    assert ids(view) == ["post", "a", "a2"]
    view.set_filter(Filter("op"))
    assert view.match_count == 0, "a2 is Bo's, and Ana wrote the post"
    view.clear_filter("annotated")
    assert matching(view) == ["post", "a1"]


def test_would_match_counts_before_filtering(view: ThreadView) -> None:
    view.set_filter(Filter("author", "Bo"))
    assert view.would_match(Filter("unread")) == 1, "Bo's unread: b1x"
    assert view.would_match(Filter("author", "Ana")) == 2, "in place of the author filter"
    assert view.would_match(Filter("annotated")) == 1
    assert view.would_match(Filter("score", 100)) == 0
    assert view.filters == (Filter("author", "Bo"),), "nothing was applied"
    with pytest.raises(ValueError, match="does not select"):
        view.would_match(Filter("zoom", 1))


def test_participants_most_comments_first_in_scope(view: ThreadView) -> None:
    assert view.participants() == [("Bo", 3), ("Ana", 2), ("Chloé", 2)]
    view.set_filter(Filter("zoom", at(view, "a")))
    assert view.participants() == [("Bo", 2), ("Ana", 1), ("Chloé", 1)]


def test_scores_and_dates_of_a_thread(view: ThreadView) -> None:
    assert has_scores(view.thread)
    assert newest_date(view.thread) == datetime(2024, 1, 12, tzinfo=timezone.utc)
    plain = outline(OUTLINE)
    assert not has_scores(plain) and newest_date(plain) is None
