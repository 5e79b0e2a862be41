"""Finding a comment to jump to by its author or words of its text (the palette's "jump").

Built once per thread: each comment's author and the start of its body, case-folded, joined
into one string. A query is looked for with `str.find` over that string (a scan in C, a few
milliseconds at 100,000 comments), and each hit's line is checked for the other words; a
query stops after `limit` comments or `MAX_CHECKED` hits, so no keystroke walks the thread
in Python.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from reader.model import Thread, one_line

# Characters of each body that a jump searches (its start: what a reader remembers).
BODY_CHARS = 300
# Hits of the rarest word checked for the other words before a query gives up.
MAX_CHECKED = 5000


@dataclass(frozen=True)
class Found:
    """A comment a query found: by its author's name (first) or by its text."""

    index: int
    by_author: bool


class CommentFinder:
    """Finds comments whose author or text start holds every word of a query."""

    def __init__(self, thread: Thread) -> None:
        self.thread = thread
        lines: list[str] = []
        self._authors: list[int] = []  # where each line's text starts (after the author)
        starts: list[int] = []
        offset = 0
        for comment in thread.comments:
            author = (comment.author or "").casefold().replace("\n", " ")
            body = "" if comment.kind == "archive" else comment.body[:BODY_CHARS]
            body = one_line(body).casefold()
            line = f"{author}\t{body}"
            starts.append(offset)
            self._authors.append(offset + len(author))
            lines.append(line)
            offset += len(line) + 1
        self._starts = starts
        self._text = "\n".join(lines)

    def find(self, query: str, limit: int = 30) -> list[Found]:
        """Comments holding every word of `query` (ignoring case): those whose author holds
        the whole query first, then the rest in thread order; at most `limit`.
        """
        words = query.casefold().split()
        if not words:
            return []
        rarest = max(words, key=len)  # the longest word: the fewest hits, mostly
        text, starts = self._text, self._starts
        by_author: list[Found] = []
        by_text: list[Found] = []
        whole = " ".join(words)
        position = text.find(rarest)
        checked = 0
        while position >= 0 and checked < MAX_CHECKED and len(by_author) < limit:
            checked += 1
            found = self._check(bisect_right(starts, position) - 1, words, whole)
            if found is not None and (found.by_author or len(by_text) < limit):
                (by_author if found.by_author else by_text).append(found)
            end = text.find("\n", position)  # the next line: one hit a comment
            position = text.find(rarest, end if end >= 0 else len(text))
        return (by_author + by_text)[:limit]

    def _check(self, line: int, words: list[str], whole: str) -> Found | None:
        """Whether line `line` holds every word; found by author if its author holds `whole`."""
        start = self._starts[line]
        end = self._starts[line + 1] - 1 if line + 1 < len(self._starts) else len(self._text)
        content = self._text[start:end]
        if not all(word in content for word in words):
            return None
        author = self._text[start : self._authors[line]]
        return Found(line, bool(author) and whole in author)
