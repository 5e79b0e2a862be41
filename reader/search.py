"""Finding comments: what a typed query means (smart case, regex), where it matches, and the
dates a filter accepts.

A query is plain text unless it starts with `re:` (the search bar's regex toggle adds and
removes that prefix): then the rest is a Python regular expression. Smart case: a query
without a capital letter ignores case; any capital makes it match case exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from reader.model import Thread

REGEX_PREFIX = "re:"
# A capital in an escape (\S, \W, \D, \B, \A, \Z) is a class, not a letter to match.
_ESCAPE = re.compile(r"\\.")


class QueryError(ValueError):
    """A query that cannot be searched for (a bad regular expression), in one line."""


@dataclass(frozen=True)
class Query:
    """A search as typed (`text`) and what it means: a compiled pattern, its case, regex or not."""

    text: str
    regex: bool
    case_sensitive: bool
    pattern: re.Pattern[str] = field(compare=False, repr=False)

    @classmethod
    def parse(cls, typed: str) -> Query:
        """The query `typed` means; raises QueryError for a bad regex."""
        text = typed.strip()
        regex = text.startswith(REGEX_PREFIX)
        body = text[len(REGEX_PREFIX) :].strip() if regex else text
        cased = _has_capital(_ESCAPE.sub("", body) if regex else body)
        flags = 0 if cased else re.IGNORECASE
        try:
            pattern = re.compile(body if regex else re.escape(body), flags)
        except re.error as error:
            raise QueryError(f"not a regular expression: {_one_line(error)}") from None
        return cls(text, regex, cased, pattern)

    @property
    def body(self) -> str:
        """What is searched for, without the `re:` prefix."""
        return self.pattern.pattern if self.regex else self.text

    @property
    def empty(self) -> bool:
        return not self.body

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the query matches in `text`: (start, end) pairs, none empty, in order."""
        if self.empty:
            return []
        return [m.span() for m in self.pattern.finditer(text) if m.end() > m.start()]


def _has_capital(text: str) -> bool:
    return any(char.isupper() for char in text)


def _one_line(error: re.error) -> str:
    where = f" at position {error.pos}" if error.pos is not None else ""
    return f"{error.msg}{where}"


def toggle_regex(typed: str) -> str:
    """The same query with the `re:` prefix added, or taken off if it had one."""
    if typed.lstrip().startswith(REGEX_PREFIX):
        return typed.lstrip()[len(REGEX_PREFIX) :]
    return REGEX_PREFIX + typed


class SearchIndex:
    """Searches one thread, reading each body as it goes.

    No case-folded copy of the thread is kept: it would double the memory bodies take, and
    folding each body per search costs about 0.1 s at 100,000 comments.
    """

    def __init__(self, thread: Thread) -> None:
        self.thread = thread

    def find(self, query: Query | str) -> list[int]:
        """Indices of comments whose author or body matches `query`, in thread order.

        A string is parsed as typed (QueryError if it is a bad regex).
        """
        if isinstance(query, str):
            query = Query.parse(query)
        if query.empty:
            return []
        comments = self.thread.comments
        if query.regex:
            search = query.pattern.search
            return [
                index
                for index, c in enumerate(comments)
                if search(c.body) or (c.author is not None and search(c.author))
            ]
        if query.case_sensitive:
            word = query.text
            return [
                index
                for index, c in enumerate(comments)
                if word in c.body or (c.author is not None and word in c.author)
            ]
        # Ignoring case: lower() keeps lengths (but for a few letters, such as "İ"), so what is
        # found is what `spans` marks; a substring test is several times faster than a pattern.
        word = query.text.lower()
        return [
            index
            for index, c in enumerate(comments)
            if word in c.body.lower() or (c.author is not None and word in c.author.lower())
        ]


# Dates a filter accepts: 2024-01-31, 2024-01, 2024, or an age ("7d", "12h", "3w", "1y")
# counted back from a moment (the thread's newest comment).
_AGE = re.compile(r"^(\d+)\s*([hdwy])$")
_AGE_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_AGE_UNITS["y"] = timedelta(days=365)
_DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m", "%Y")


def parse_when(typed: str, before: datetime) -> datetime | None:
    """The moment `typed` names: a date (midnight UTC) or an age counted back from `before`.

    None for an empty entry; raises ValueError with a one-line reason otherwise.
    """
    text = typed.strip().lower()
    if not text:
        return None
    age = _AGE.match(text)
    if age is not None:
        return before - int(age.group(1)) * _AGE_UNITS[age.group(2)]
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    raise ValueError(f"{typed.strip()!r} is not a date (2024-01-31, 2024-01) or an age (7d, 3w)")


def end_of(typed: str, moment: datetime) -> datetime:
    """The end of the day, month or year a date names (an age or a time is a moment: itself)."""
    text = typed.strip()
    if _AGE.match(text.lower()) or len(text) > 10:
        return moment
    if len(text) == 4:
        return moment.replace(year=moment.year + 1)
    if len(text) == 7:
        month = moment.month % 12 + 1
        return moment.replace(year=moment.year + (moment.month == 12), month=month)
    return moment + timedelta(days=1)


def date_range(
    start: str, end: str, newest: datetime | None
) -> tuple[datetime | None, datetime | None]:
    """The (from, before) bounds of the "dates" filter from two typed entries.

    `end` is inclusive: "2024-01-31" keeps that whole day. Ages count back from `newest`
    (the thread's newest comment), or from now in a thread without dates.
    """
    anchor = newest or datetime.now(timezone.utc)
    low = parse_when(start, anchor)
    high = parse_when(end, anchor)
    if high is not None:
        high = end_of(end, high)
    if low is not None and high is not None and low >= high:
        raise ValueError("the start is not before the end")
    if low is None and high is None:
        raise ValueError("give a start, an end, or both")
    return low, high
