"""The search line: the search key opens it, enter searches, escape leaves the search.

Its border says how the query is read (text or regex, ignoring or matching case) and, for a
regular expression that does not compile, what is wrong with it, in one line.
"""

from __future__ import annotations

from textual.widgets import Input

from reader.search import Query, QueryError, toggle_regex
from reader.ui.keys import bindings, key_hint
from reader.ui.messages import SearchClosed


class SearchBar(Input):
    """A one-line query box at the bottom of the thread screen."""

    BINDINGS = bindings("search")

    def on_mount(self) -> None:
        find, close = key_hint(self.app, "search.find"), key_hint(self.app, "search.close")
        self.placeholder = f"search comments (smart case); {find} to find, {close} to close"
        self.show_mode()

    def open(self, query: str | None) -> None:
        self.value = query or ""
        self.display = True
        self.focus()
        self.show_mode()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_mode()

    def show_mode(self) -> None:
        """Say in the border how the query is read, or why it cannot be searched for."""
        regex = key_hint(self.app, "search.regex")
        try:
            query = Query.parse(self.value)
        except QueryError as error:
            self.border_title = f"Search: regex ({regex} for text)"
            self.border_subtitle = str(error)
            self.add_class("-error")
            return
        self.remove_class("-error")
        other = "text" if query.regex else "regex"
        mode = "regex" if query.regex else "text"
        self.border_title = f"Search: {mode} ({regex} for {other})"
        if query.empty:
            self.border_subtitle = "smart case: a capital letter matches case"
        else:
            self.border_subtitle = "matching case" if query.case_sensitive else "ignoring case"

    def action_toggle_regex(self) -> None:
        """Read the query as a regular expression, or as text again (the `re:` prefix)."""
        self.value = toggle_regex(self.value)
        self.cursor_position = len(self.value)

    def action_close(self) -> None:
        self.display = False
        self.post_message(SearchClosed(None))

    async def action_submit(self) -> None:
        if self.has_class("-error"):
            self.app.bell()
            return  # the border says what is wrong; the query stays to be mended
        self.display = False
        self.post_message(SearchClosed(self.value))
