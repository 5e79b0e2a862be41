"""The header line: the thread's title and what it holds."""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual, visualize
from textual.widget import Widget

from reader.model import Thread
from reader.text_forms import kind_count, number, plural
from reader.ui.widgets.frames import KeptRows


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


# Cells the title keeps at least while filters are shown beside it.
TITLE_ROOM = 16


class ThreadHeader(KeptRows, Widget):
    """Title on the left, counts after it; archive text enters as plain Text only.

    One line of fixed height: a new count repaints it without a layout of the screen. The
    tree's position at the right end changes with every key, so the line is drawn in two
    parts: the title and counts are drawn again only when they (or the room left them)
    change, the position every time.
    """

    def __init__(self, thread: Thread, *, partial: bool = False, id: str | None = None) -> None:
        """`partial`: the thread is the preview of a file still being read."""
        super().__init__(id=id)
        self.extra = ""
        self.filters = ""  # what the view filters, shown before the counts so it stays in sight
        self._text = Text()
        # Title and counts drawn: the room they had, the style, the strip, its characters.
        self._left: tuple[int, VisualStyle, Strip, int] | None = None
        self._tail_style: tuple[VisualStyle, Style | None] | None = None  # the position's
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
        title = Text(self.thread.title or "(untitled)", Style(bold=True))
        if self.filters:  # the title gives way to what is filtered
            title.truncate(max(TITLE_ROOM, self.content_size.width // 3), overflow="ellipsis")
        text.append_text(title)
        text.append("  ")
        if self.filters:
            text.append(self.filters, Style(bold=True))
            text.append(" · ")
        text.append(self._summary, Style(dim=True))
        if self.extra:
            text.append(" · " + self.extra, Style(dim=True))
        if text == self._text:
            return
        self._text = text
        self._left = None
        self.refresh()

    def on_resize(self) -> None:
        self.refresh_text()

    def show_position(self, row: int, rows: int) -> None:
        position = f"{row + 1:,}/{rows:,}"
        if position != self.position:
            self.position = position
            self.refresh()

    def render(self) -> Text:
        """The line as one Text (what render_line draws in two parts)."""
        if not self.position:
            return self._text
        text = self._left_text(self.content_size.width - len(self._tail()))
        text.append_text(self._tail_text())
        return text

    def _tail(self) -> str:
        return f"  {self.position}"

    def _tail_text(self) -> Text:
        return Text(self._tail(), Style(dim=True))

    def _left_text(self, room: int) -> Text:
        """Title and counts cut or padded to `room` cells."""
        text = self._text.copy()
        text.truncate(max(0, room), overflow="ellipsis", pad=True)
        return text

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y or not self.position:
            return super().render_line(y)
        tail = self._tail_text()
        room = max(0, width - tail.cell_len)
        style = self.visual_style
        left = self._left
        if left is None or left[0] != room or left[1] != style:
            text = self._left_text(room)
            left = self._left = (room, style, self._strip(text, room), len(text.plain))
        # Offsets (text selection) count characters from the line's start, as in one Text.
        right = self._tail_strip(tail.plain, style).apply_offsets(left[3], 0)
        return Strip.join([left[2], right]).crop_extend(0, width, style.rich_style)

    def _tail_strip(self, tail: str, style: VisualStyle) -> Strip:
        """The position in the style Textual draws it in: one style (digits, commas, a slash),
        taken from one drawing per theme."""
        cached = self._tail_style
        if cached is None or cached[0] != style:
            drawn = self._strip(Text(tail, Style(dim=True)), cell_len(tail))
            cached = self._tail_style = (style, next(iter(drawn)).style)
        return Strip([Segment(tail, cached[1])], cell_len(tail))

    def _strip(self, text: Text, width: int) -> Strip:
        """`text` drawn the way Textual draws a widget's render(), `width` cells wide."""
        if width <= 0:
            return Strip([])
        visual = visualize(self, text, markup=False)
        return Visual.to_strips(self, visual, width, 1, self.visual_style, pad=True)[0]
