"""The search line: `/` opens it, enter searches, escape closes it."""

from __future__ import annotations

from textual.widgets import Input

from reader.ui.keys import bindings
from reader.ui.messages import SearchClosed


class SearchBar(Input):
    """A one-line query box at the bottom of the thread screen."""

    BINDINGS = bindings("search")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="search comments (smart case); enter to find", id=id)

    def open(self, query: str | None) -> None:
        self.value = query or ""
        self.display = True
        self.focus()

    def action_close(self) -> None:
        self.display = False
        self.post_message(SearchClosed(None))

    async def action_submit(self) -> None:
        self.display = False
        self.post_message(SearchClosed(self.value))
