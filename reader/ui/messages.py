"""Messages the widgets and screens send up to the screen and the app.

Cursor moves come in floods (a held `j`): `CommentHighlighted` and `PositionChanged` replace
an earlier one still waiting in the queue, so only the last is handled.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from reader.model import Thread


class CommentHighlighted(Message):
    """The cursor moved to another comment (its index in the thread)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CommentHighlighted)


class PositionChanged(Message):
    """The cursor's row or the number of rows shown changed (the header shows where it is)."""

    def __init__(self, row: int, rows: int) -> None:
        super().__init__()
        self.row = row
        self.rows = rows

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, PositionChanged)


class ViewChanged(Message):
    """A search or a filter changed: the header and the reading pane follow."""


class AuthorFilterRequested(Message):
    """The user asked to see only the author of comment `index` (or every author again)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index


class LinksRequested(Message):
    """The user asked to open one of these links (the app picks or opens)."""

    def __init__(self, links: list[str]) -> None:
        super().__init__()
        self.links = links


class SearchClosed(Message):
    """The search bar closed; `query` is None when cancelled."""

    def __init__(self, query: str | None) -> None:
        super().__init__()
        self.query = query


class OpenRequested(Message):
    """The user chose a file to open."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class RefreshRequested(Message):
    """Download again the thread the file at `path` was saved from, and open the new copy."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class CommentChosen(Message):
    """A comment was chosen in a screen over the thread's (statistics): go to it there."""

    def __init__(self, thread: Thread, index: int) -> None:
        super().__init__()
        self.thread = thread
        self.index = index
