"""The thread at a glance: who wrote how much, how deep it goes, when, and what drew replies.

Computed from the pre-order model in a few passes over the comments, without the UI. Stubs for
replies the archive does not hold (`more`) and the root of a file of several threads
(`archive`) are not comments and are counted nowhere.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from itertools import accumulate

from reader.model import Thread

NOT_COMMENTS = frozenset({"more", "archive"})
TOP_PARTICIPANTS = 20
LISTED = 10  # rows of each ranking (longest subthreads, most replied, top scored)
DEPTH_ROWS = 24  # deeper threads group their depths into ranges of equal width

# The bucket of the plot over time, by the span from the first comment to the last: the
# finest unit that keeps the plot within about a hundred and fifty buckets.
UNITS = (
    ("hour", timedelta(days=3)),
    ("day", timedelta(days=120)),
    ("week", timedelta(days=3 * 365)),
    ("month", timedelta.max),
)


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone who wrote in the thread: how many comments, their share, their first one."""

    author: str
    comments: int
    share: float
    first: int


@dataclass(frozen=True, slots=True)
class Others:
    """The participants after the top ones, together."""

    people: int
    comments: int
    share: float


@dataclass(frozen=True, slots=True)
class DepthRow:
    """Comments at depths `low` to `high` (one depth when equal); `first` is the first of them."""

    low: int
    high: int
    comments: int
    first: int


@dataclass(frozen=True, slots=True)
class Ranked:
    """A comment and the figure it is ranked by (replies, comments below it, score)."""

    index: int
    value: int


@dataclass(frozen=True, slots=True)
class Subthread:
    """A top-level comment with its replies: how many comments, people and levels it holds."""

    index: int
    comments: int
    people: int
    depth: int


@dataclass(frozen=True, slots=True)
class Timeline:
    """Comments per bucket (`unit`: hour, day, week or month) from `starts[0]` on.

    `starts` are wall-clock times without a zone; `first` and `last` are the dates of the first
    and last comment, in the time zone asked for.
    """

    unit: str
    starts: list[datetime]
    counts: list[int]
    first: datetime
    last: datetime

    @property
    def peak(self) -> int:
        return max(self.counts)

    @property
    def peak_start(self) -> datetime:
        return self.starts[self.counts.index(self.peak)]


@dataclass(frozen=True, slots=True)
class Statistics:
    """Everything the statistics screen shows about one thread."""

    comments: int
    participants: list[Participant]
    others: Others | None
    unnamed: int  # comments without an author (anonymous, deleted)
    depths: list[DepthRow]
    timeline: Timeline | None  # None: no comment has a date
    undated: int
    subthreads: list[Subthread]
    most_replied: list[Ranked]
    top_scored: list[Ranked] | None  # None: the archive has no scores

    @property
    def people(self) -> int:
        """How many named authors wrote in the thread."""
        return len(self.participants) + (self.others.people if self.others else 0)


def thread_statistics(
    thread: Thread,
    *,
    top: int = TOP_PARTICIPANTS,
    listed: int = LISTED,
    tz: tzinfo | None = None,
) -> Statistics:
    """The statistics of `thread`; dates are bucketed in `tz` (None: the local time zone)."""
    counted = [c.kind not in NOT_COMMENTS for c in thread.comments]
    total = sum(counted)
    participants, others, unnamed = _participants(thread, counted, total, top)
    dates = [c.created for c, yes in zip(thread.comments, counted, strict=True) if yes]
    known = [moment for moment in dates if moment is not None]
    return Statistics(
        comments=total,
        participants=participants,
        others=others,
        unnamed=unnamed,
        depths=depth_histogram(thread, counted),
        timeline=timeline(known, tz) if known else None,
        undated=len(dates) - len(known),
        subthreads=longest_subthreads(thread, counted, listed),
        most_replied=most_replied(thread, counted, listed),
        top_scored=top_scored(thread, counted, listed),
    )


def _participants(
    thread: Thread, counted: list[bool], total: int, top: int
) -> tuple[list[Participant], Others | None, int]:
    """The `top` authors by comment count (ties: who wrote first), the rest, and the unnamed."""
    authors = [c.author if yes else None for c, yes in zip(thread.comments, counted, strict=True)]
    counts = Counter(author for author in authors if author)
    ranked = counts.most_common()  # a stable sort: ties stay in order of first appearance
    listed = [Participant(a, n, n / total, authors.index(a)) for a, n in ranked[:top]]
    unnamed = total - counts.total()
    rest = ranked[top:]
    if not rest:
        return listed, None, unnamed
    comments = sum(n for _, n in rest)
    return listed, Others(len(rest), comments, comments / total), unnamed


def depth_histogram(thread: Thread, counted: list[bool], rows: int = DEPTH_ROWS) -> list[DepthRow]:
    """Comments per depth below the root, in at most `rows` ranges of equal width."""
    per_depth = Counter(
        c.depth for c, yes in zip(thread.comments, counted, strict=True) if yes and c.depth > 0
    )
    if not per_depth:
        return []
    deepest = max(per_depth)
    width = -(-deepest // rows)  # ceiling division
    histogram = []
    for low in range(1, deepest + 1, width):
        depths = [d for d in range(low, min(low + width, deepest + 1)) if d in per_depth]
        if depths:
            first = next(i for i in thread.by_depth[depths[0]] if counted[i])
            count = sum(per_depth[d] for d in depths)
            histogram.append(DepthRow(low, min(low + width - 1, deepest), count, first))
    return histogram


def timeline(dates: list[datetime], tz: tzinfo | None = None) -> Timeline:
    """Comments per hour, day, week or month (by the span of `dates`), empty buckets included.

    Bucket starts are wall-clock times in `tz` (None: the local time zone), without a zone.
    """
    hours = Counter(int(moment.timestamp()) // 3600 for moment in dates)
    earliest, latest = min(dates), max(dates)
    unit = next(name for name, longest in UNITS if latest - earliest <= longest)
    if unit == "hour":
        span = range(min(hours), max(hours) + 1)
        starts = [_wall_clock(hour, tz) for hour in span]
        counts = [hours.get(hour, 0) for hour in span]
    else:
        days: Counter[date] = Counter()
        for hour, count in hours.items():
            days[_bucket_day(_wall_clock(hour, tz).date(), unit)] += count
        first_days = list(_bucket_days(min(days), max(days), unit))
        starts = [datetime.combine(day, time()) for day in first_days]
        counts = [days.get(day, 0) for day in first_days]
    return Timeline(unit, starts, counts, earliest.astimezone(tz), latest.astimezone(tz))


def _wall_clock(hour: int, tz: tzinfo | None) -> datetime:
    """The start of an hour counted from the epoch, as the clock in `tz` shows it."""
    return datetime.fromtimestamp(hour * 3600, timezone.utc).astimezone(tz).replace(tzinfo=None)


def _bucket_day(day: date, unit: str) -> date:
    """The first day of the day, week (Monday) or month holding `day`."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _bucket_days(first: date, last: date, unit: str) -> Iterator[date]:
    """The first day of every bucket from `first` to `last`."""
    day = first
    while day <= last:
        yield day
        if unit == "month":
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        else:
            day += timedelta(days=7 if unit == "week" else 1)


def from_zero(line: Timeline) -> Timeline:
    """The timeline with the empty bucket before its first when no bucket is empty: a plot
    that scales from its lowest to its highest bucket then starts at zero, as a reader reads it.
    """
    if min(line.counts) == 0:
        return line
    first = line.starts[0]
    if line.unit == "month":
        before = (first - timedelta(days=1)).replace(day=1)
    else:
        hours = {"hour": 1, "day": 24, "week": 24 * 7}[line.unit]
        before = first - timedelta(hours=hours)
    return Timeline(line.unit, [before, *line.starts], [0, *line.counts], line.first, line.last)


def longest_subthreads(
    thread: Thread, counted: list[bool], listed: int = LISTED
) -> list[Subthread]:
    """The top-level comments with replies whose subtrees hold the most comments (ties: thread
    order)."""
    comments = thread.comments
    before = [0, *accumulate(counted)]  # comments counted before each index

    def size(index: int) -> int:
        return before[index + comments[index].subtree_size] - before[index]

    tops = thread.by_depth[1] if len(thread.by_depth) > 1 else []
    sizes = [(-size(index), index) for index in tops if counted[index]]
    largest = heapq.nsmallest(listed, [pair for pair in sizes if pair[0] < -1])
    return [_subthread(thread, counted, index, -negative) for negative, index in largest]


def _subthread(thread: Thread, counted: list[bool], index: int, size: int) -> Subthread:
    """People and levels of the subtree of `index` (one pass over it)."""
    comments = thread.comments
    people: set[str] = set()
    deepest = base = comments[index].depth
    for below in range(index, index + comments[index].subtree_size):
        if counted[below]:
            comment = comments[below]
            if comment.author:
                people.add(comment.author)
            deepest = max(deepest, comment.depth)
    return Subthread(index, size, len(people), deepest - base + 1)


def most_replied(thread: Thread, counted: list[bool], listed: int = LISTED) -> list[Ranked]:
    """The comments below the root with the most direct replies (ties: thread order)."""
    parents = thread.parents
    replies = Counter(parents[i] for i in range(1, len(counted)) if counted[i])
    replies.pop(0, None)  # the post: every top-level comment replies to it
    best = heapq.nsmallest(listed, [(-count, index) for index, count in replies.items()])
    return [Ranked(index, -count) for count, index in best]


def top_scored(thread: Thread, counted: list[bool], listed: int = LISTED) -> list[Ranked] | None:
    """The comments below the root with the highest scores; None when none has a score."""
    scored = [
        (-comment.score, index)
        for index, comment in enumerate(thread.comments)
        if comment.score is not None and counted[index] and comment.depth > 0
    ]
    if not scored:
        return None
    return [Ranked(index, -score) for score, index in heapq.nsmallest(listed, scored)]
