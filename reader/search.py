"""Finding comments by text: smart-case substring search over authors and bodies."""

from __future__ import annotations

from reader.model import Thread


class SearchIndex:
    """Searches one thread; the case-folded text is built on the first search and kept."""

    def __init__(self, thread: Thread) -> None:
        self.thread = thread
        self._folded: list[str] | None = None

    def _haystack(self, comment_index: int, folded: bool) -> str:
        if folded:
            if self._folded is None:
                self._folded = [
                    f"{c.author or ''}\n{c.body}".casefold() for c in self.thread.comments
                ]
            return self._folded[comment_index]
        comment = self.thread.comments[comment_index]
        return f"{comment.author or ''}\n{comment.body}"

    def find(self, query: str) -> list[int]:
        """Indices of comments whose author or body contains `query`, in thread order.

        Smart case: a query with no capital letters ignores case.
        """
        query = query.strip()
        if not query:
            return []
        fold = query == query.casefold()
        needle = query.casefold() if fold else query
        return [
            index
            for index in range(len(self.thread.comments))
            if needle in self._haystack(index, fold)
        ]
