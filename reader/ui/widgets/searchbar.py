"""The search line: the search key opens it, enter searches, escape closes it (as rebound)."""

from __future__ import annotations

from textual.widgets import Input

from reader.ui.keys import bindings, key_hint
from reader.ui.messages import SearchClosed


class SearchBar(Input):
    """A one-line query box at the bottom of the thread screen."""

    BINDINGS = bindings("search")

    def on_mount(self) -> None:
        find, close = key_hint(self.app, "search.find"), key_hint(self.app, "search.close")
        self.placeholder = f"search comments (smart case); {find} to find, {close} to close"

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
