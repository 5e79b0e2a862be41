"""The header line: the thread's title and what it holds."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from reader.model import Thread
from reader.text_forms import kind_count, number, plural


def summary(thread: Thread) -> str:
    """Counts for the header: comments, other kinds, depth, skipped items."""
    counts = thread.kind_counts()
    parts = [kind_count(counts.get("comment", 0), "comment")]
    for kind in ("post", "pingback", "deleted", "more"):
        if counts.get(kind) and (kind != "post" or counts.get("archive")):
            count = counts[kind]
            parts.append(plural(count, "thread") if kind == "post" else kind_count(count, kind))
    parts.append(f"depth {number(thread.max_depth())}")
    if thread.skipped:
        parts.append(f"{plural(thread.skipped, 'unreadable item')} skipped")
    return " · ".join(parts)


class ThreadHeader(Widget):
    """Title on the left, counts after it; archive text enters as plain Text only.

    One line of fixed height: a new count repaints it without a layout of the screen.
    """

    def __init__(self, thread: Thread, *, partial: bool = False, id: str | None = None) -> None:
        """`partial`: the thread is the preview of a file still being read."""
        super().__init__(id=id)
        self.extra = ""
        self._text = Text()
        self.position = ""  # "row/rows" of the tree's cursor, at the right end
        self.thread = thread
        self._summary = self._reading(None) if partial else summary(thread)

    def on_mount(self) -> None:
        self.refresh_text()

    def set_thread(self, thread: Thread) -> None:
        """Show the counts of `thread` (counted once: a thread never changes)."""
        self.thread = thread
        self._summary = summary(thread)
        self.refresh_text()

    def show_reading(self, fraction: float | None) -> None:
        """How far the reading of the file has got, in place of the counts."""
        self._summary = self._reading(fraction)
        self.refresh_text()

    def _reading(self, fraction: float | None) -> str:
        done = f" {fraction:.0%}" if fraction is not None else ""
        return f"reading the file{done}… · the first {len(self.thread):,} comments shown"

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
