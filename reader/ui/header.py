"""The header line: the thread's title and what it holds."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from reader.model import Thread


def summary(thread: Thread) -> str:
    """Counts for the header: comments, other kinds, depth, skipped items."""
    counts = thread.kind_counts()
    parts = [f"{counts.get('comment', 0)} comments"]
    for kind, label in (
        ("post", "threads"),
        ("pingback", "pingbacks"),
        ("deleted", "deleted"),
        ("more", "more-stubs"),
    ):
        if counts.get(kind) and (kind != "post" or counts.get("archive")):
            parts.append(f"{counts[kind]} {label}")
    parts.append(f"depth {thread.max_depth()}")
    if thread.skipped:
        parts.append(f"{thread.skipped} unreadable items skipped")
    return " · ".join(parts)


class ThreadHeader(Widget):
    """Title on the left, counts after it; archive text enters as plain Text only.

    One line of fixed height: a new count repaints it without a layout of the screen.
    """

    def __init__(self, thread: Thread, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.thread = thread
        self.extra = ""
        self._summary = summary(thread)  # the thread never changes: count it once
        self._text = Text()
        self.position = ""  # "row/rows" of the tree's cursor, at the right end

    def on_mount(self) -> None:
        self.refresh_text()

    def refresh_text(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(self.thread.title or "(untitled)", Style(bold=True))
        text.append("  ")
        text.append(self._summary, Style(dim=True))
        if self.extra:
            text.append(" · " + self.extra, Style(dim=True))
        self._text = text
        self.refresh()

    def show_position(self, row: int, rows: int) -> None:
        self.position = f"{row + 1:,}/{rows:,}"
        self.refresh()

    def render(self) -> Text:
        if not self.position:
            return self._text
        tail = f"  {self.position}"
        text = self._text.copy()
        text.truncate(max(0, self.content_size.width - len(tail)), overflow="ellipsis", pad=True)
        text.append(tail, Style(dim=True))
        return text
