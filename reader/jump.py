"""Finding a comment to jump to by its author or words of its text (the palette's "jump").

Built once per thread: the authors' names with the comments each wrote, and the start of every
body, case-folded, joined into one string. A query matches names first (a few thousand
names: a plain loop), then is looked for with `str.find` over the joined text (a scan in C)
until `limit` comments are found, each hit's line checked for the query's other words. No
keystroke walks the comments in Python.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from reader.model import Thread

# Characters of each body that a jump searches (its start: what a reader remembers of it).
BODY_CHARS = 200
# Hits of the query's longest word checked for its other words before a query gives up.
MAX_CHECKED = 2000


@dataclass(frozen=True)
class Found:
    """A comment a query found: by its author's name, or by its text."""

    index: int
    by_author: bool


class CommentFinder:
    """Finds comments by their author's name, or by words at the start of their text."""

    def __init__(self, thread: Thread) -> None:
        self.thread = thread
        self._by_author: dict[str, list[int]] = {}
        texts: list[str] = []
        for index, comment in enumerate(thread.comments):
            if comment.author:
                self._by_author.setdefault(comment.author.casefold(), []).append(index)
            body = "" if comment.kind == "archive" else comment.body[:BODY_CHARS]
            texts.append(body.replace("\n", " ").replace("\t", " ").casefold())
        self._starts: list[int] = []
        offset = 0
        for text in texts:
            self._starts.append(offset)
            offset += len(text) + 1
        self._text = "\n".join(texts)

    def find(self, query: str, limit: int = 30) -> list[Found]:
        """Up to `limit` comments: by the author named so, by authors whose name holds the
        query, then comments whose text start holds every word of it (each in thread order).
        """
        whole = " ".join(query.casefold().split())
        if not whole:
            return []
        exact = self._by_author.get(whole, [])[:limit]
        others = sorted(
            index
            for name, indices in self._by_author.items()
            if whole in name and name != whole
            for index in indices[:limit]
        )
        authored = exact + others[: limit - len(exact)]
        found = [Found(index, True) for index in authored]
        if len(found) < limit:
            found += self._by_text(whole.split(), limit - len(found), set(authored))
        return found

    def _by_text(self, words: list[str], limit: int, taken: set[int]) -> list[Found]:
        """Comments whose text start holds every word, in thread order."""
        longest = max(words, key=len)  # the fewest hits, mostly
        text, starts = self._text, self._starts
        found: list[Found] = []
        position = text.find(longest)
        checked = 0
        while position >= 0 and checked < MAX_CHECKED and len(found) < limit:
            checked += 1
            line = bisect_right(starts, position) - 1
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            if line not in taken and all(word in text[starts[line] : end] for word in words):
                found.append(Found(line, False))
            position = text.find(longest, end)  # the next line: one hit a comment
        return found
