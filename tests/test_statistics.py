"""The figures of the statistics screen, computed from the model (reader/statistics.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from reader.formats import load
from reader.model import Comment, Thread, from_preorder
from reader.statistics import (
    DepthRow,
    Others,
    Ranked,
    Subthread,
    from_zero,
    thread_statistics,
    timeline,
)

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
START = datetime(2024, 3, 4, 9, 30, tzinfo=timezone.utc)  # a Monday


def make(rows: list[tuple[int, str | None]], **fields: dict[int, object]) -> Thread:
    """A thread from (depth, author) rows in pre-order; `fields` sets a field by row index."""
    comments = []
    for index, (depth, author) in enumerate(rows):
        comment = Comment(f"c{index}", None, author, body=f"body {index}", depth=depth)
        comment.kind = "post" if index == 0 else "comment"
        for name, values in fields.items():
            if index in values:
                setattr(comment, name, values[index])
        comments.append(comment)
    return from_preorder("A thread", "text", "test", comments)


def test_participants_top_twenty_and_the_rest() -> None:
    # 25 authors: a0 writes 25 comments, a1 24, ..., a24 one; a3 and a4 tie when a3 adds none.
    rows: list[tuple[int, str | None]] = [(0, "op")]
    for author in range(25):
        rows += [(1, f"a{author}")] * (25 - author)
    rows += [(1, None), (1, "")]
    stats = thread_statistics(make(rows), tz=timezone.utc)
    total = 1 + sum(range(1, 26)) + 2
    assert stats.comments == total
    assert [p.author for p in stats.participants] == [f"a{n}" for n in range(20)]
    assert [p.comments for p in stats.participants][:3] == [25, 24, 23]
    assert stats.participants[0].first == 1
    assert stats.participants[1].first == 26
    assert stats.participants[0].share == 25 / total
    # The other 6: a20..a24 (5+4+3+2+1 comments) and the original poster (1).
    assert stats.others == Others(6, 16, 16 / total)
    assert stats.unnamed == 2
    assert stats.people == 26


def test_participants_tie_in_order_of_first_comment_and_stubs_count_nowhere() -> None:
    rows = [(0, "op"), (1, "bea"), (1, "al"), (2, "al"), (1, "bea"), (1, None), (1, "ghost")]
    thread = make(rows, kind={5: "deleted", 6: "more"})
    stats = thread_statistics(thread, tz=timezone.utc)
    assert [(p.author, p.comments, p.first) for p in stats.participants] == [
        ("bea", 2, 1),
        ("al", 2, 2),
        ("op", 1, 0),
    ]
    assert stats.others is None
    assert (stats.comments, stats.unnamed) == (6, 1)  # the `more` stub is no comment


def test_depth_histogram_counts_each_level_and_names_its_first_comment() -> None:
    rows = [(0, "op"), (1, "a"), (2, "b"), (2, "c"), (3, "d"), (1, "e"), (2, "f"), (3, "g")]
    stats = thread_statistics(make(rows, kind={7: "more"}), tz=timezone.utc)
    assert stats.depths == [DepthRow(1, 1, 2, 1), DepthRow(2, 2, 3, 2), DepthRow(3, 3, 1, 4)]


def test_a_deep_chain_groups_depths_into_ranges() -> None:
    thread = make([(depth, "x") for depth in range(101)])  # a chain 100 replies deep
    depths = thread_statistics(thread, tz=timezone.utc).depths
    assert len(depths) == 20  # ranges of 5 levels, at most 24 rows
    assert depths[0] == DepthRow(1, 5, 5, 1)
    assert depths[-1] == DepthRow(96, 100, 5, 96)
    assert thread_statistics(make([(0, "op")]), tz=timezone.utc).depths == []


def test_hour_buckets_for_a_short_thread_with_empty_hours_kept() -> None:
    dates = [START, START + timedelta(minutes=20), START + timedelta(hours=3)]
    line = timeline(dates, timezone.utc)
    assert line.unit == "hour"
    assert line.counts == [2, 0, 0, 1]
    assert line.starts[0] == datetime(2024, 3, 4, 9)
    assert line.starts[-1] == datetime(2024, 3, 4, 12)
    assert (line.peak, line.peak_start) == (2, datetime(2024, 3, 4, 9))
    assert (line.first, line.last) == (START, START + timedelta(hours=3))


def test_day_week_and_month_buckets_by_the_span() -> None:
    days = timeline([START, START + timedelta(days=10)], timezone.utc)
    assert days.unit == "day"
    assert len(days.counts) == 11 and days.counts[0] == days.counts[-1] == 1
    assert sum(days.counts) == 2

    sunday = START + timedelta(days=6, hours=14)  # still the week of Monday 4 March
    weeks = timeline([START, sunday, START + timedelta(days=200)], timezone.utc)
    assert weeks.unit == "week"
    assert weeks.starts[0] == datetime(2024, 3, 4)
    assert weeks.counts[0] == 2 and weeks.counts[-1] == 1
    assert all(start.weekday() == 0 for start in weeks.starts)

    months = timeline([START, START + timedelta(days=4 * 365)], timezone.utc)
    assert months.unit == "month"
    assert months.starts[:3] == [datetime(2024, 3, 1), datetime(2024, 4, 1), datetime(2024, 5, 1)]
    assert months.starts[-1] == datetime(2028, 3, 1)
    assert len(months.counts) == 49 and sum(months.counts) == 2


def test_buckets_follow_the_time_zone_asked_for() -> None:
    late = datetime(2024, 3, 4, 23, 30, tzinfo=timezone.utc)
    dates = [late, late + timedelta(days=5)]
    assert timeline(dates, timezone.utc).starts[0] == datetime(2024, 3, 4)
    ahead = timeline(dates, timezone(timedelta(hours=2)))
    assert ahead.starts[0] == datetime(2024, 3, 5)  # 01:30 the next day, two hours east
    assert ahead.first.utcoffset() == timedelta(hours=2)


def test_a_thread_without_dates_has_no_timeline() -> None:
    stats = thread_statistics(make([(0, "op"), (1, "a"), (1, "b")]), tz=timezone.utc)
    assert stats.timeline is None
    assert stats.undated == 3


def test_undated_comments_are_counted_beside_the_timeline() -> None:
    thread = make([(0, "op"), (1, "a"), (1, "b")], created={0: START, 2: START})
    stats = thread_statistics(thread, tz=timezone.utc)
    assert stats.timeline is not None and stats.timeline.counts == [2]
    assert stats.undated == 1


def test_longest_subthreads_count_comments_people_and_levels() -> None:
    rows = [
        (0, "op"),
        (1, "a"),  # 1: a short one
        (2, "b"),
        (1, "c"),  # 3: the longest: 4 comments, 3 people, 3 levels
        (2, "d"),
        (3, "c"),
        (2, "e"),
        (2, "x"),  # a stub: not counted
        (1, "f"),  # 8: as long as the first, later
        (2, "g"),
        (1, "h"),  # 10: no replies, no subthread
    ]
    stats = thread_statistics(make(rows, kind={7: "more"}), tz=timezone.utc)
    assert stats.subthreads == [
        Subthread(3, 4, 3, 3),
        Subthread(1, 2, 2, 2),
        Subthread(8, 2, 2, 2),
    ]
    assert thread_statistics(make([(0, "op")])).subthreads == []


def test_most_replied_counts_direct_replies_below_the_post() -> None:
    rows = [(0, "op"), (1, "a"), (2, "b"), (3, "c"), (2, "d"), (2, "x"), (1, "e"), (2, "f")]
    stats = thread_statistics(make(rows, kind={5: "more"}), tz=timezone.utc)
    # The post has two replies but is not listed; a has two (the stub is none), b and e one.
    assert stats.most_replied == [Ranked(1, 2), Ranked(2, 1), Ranked(6, 1)]


def test_top_scored_comments_highest_first_without_the_post() -> None:
    rows = [(0, "op"), (1, "a"), (1, "b"), (2, "c"), (1, "d")]
    scores = {0: 5000, 1: 3, 2: 40, 3: 40, 4: -2}
    stats = thread_statistics(make(rows, score=scores), tz=timezone.utc, listed=3)
    assert stats.top_scored == [Ranked(2, 40), Ranked(3, 40), Ranked(1, 3)]


def test_an_archive_without_scores_has_no_top_scored() -> None:
    only_the_post = make([(0, "op"), (1, "a")], score={0: 12})
    assert thread_statistics(only_the_post, tz=timezone.utc).top_scored is None


def test_a_sample_thread_adds_up() -> None:
    thread = load(SAMPLES / "reddit-thread.json")
    stats = thread_statistics(thread)
    named = sum(p.comments for p in stats.participants)
    others = stats.others.comments if stats.others else 0
    assert named + others + stats.unnamed == stats.comments
    assert sum(row.comments for row in stats.depths) == stats.comments - 1  # all but the post
    assert stats.timeline is not None and sum(stats.timeline.counts) == stats.comments
    assert stats.top_scored is not None and len(stats.top_scored) == 10
    scores = [ranked.value for ranked in stats.top_scored]
    assert scores == sorted(scores, reverse=True)


def test_a_plot_without_an_empty_bucket_starts_from_one() -> None:
    later = [START + timedelta(hours=1, minutes=5), START + timedelta(hours=1)]
    busy = timeline([START, *later], timezone.utc)
    assert busy.counts == [1, 2]
    padded = from_zero(busy)
    assert padded.counts == [0, 1, 2]
    assert padded.starts[0] == busy.starts[0] - timedelta(hours=1)
    every_month = [START + timedelta(days=20 * n) for n in range(61)]  # 1,200 days
    monthly = from_zero(timeline(every_month, timezone.utc))
    assert monthly.counts[0] == 0 and monthly.starts[0] == datetime(2024, 2, 1)
    sparse = timeline([START, START + timedelta(hours=3)], timezone.utc)
    assert from_zero(sparse) is sparse  # an empty hour between: zero is on the plot already
