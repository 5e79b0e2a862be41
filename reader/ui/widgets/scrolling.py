"""A line-API scroll view whose content height changes without reflowing the whole screen."""

from __future__ import annotations

from math import ceil

from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from reader.ui.widgets.frames import KeptRows


class SteadyScrollView(KeptRows, ScrollView):
    """A ScrollView that repaints itself, and its scrollbar if that changes, when its virtual
    size changes.

    Textual's own `virtual_size` asks for a layout of the screen on every change, which
    repaints every widget (8-10 ms at 160x48); the size of this view does not depend on its
    content, so only its scrollbars need the new size. If a scrollbar has to appear or
    go, Textual still asks for that layout itself.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=True)

    def watch_virtual_size(self, size: Size) -> None:
        if not self.is_mounted:
            return
        if self._bar_unchanged(size):
            self._keep_bar(size)
        else:
            self._scroll_update(size)

    def _bar_unchanged(self, size: Size) -> bool:
        """Whether the scrollbars look the same at `size`: the vertical one always shown
        (overflow-y: scroll), no horizontal one, and the same thumb, or none (the content
        fits). Textual repaints the whole bar on every new size (45 rows for the pane)."""
        styles = self.styles
        if styles.overflow_y != "scroll" or not self.show_vertical_scrollbar:
            return False
        if self.show_horizontal_scrollbar or styles.overflow_x == "scroll":
            return False
        if size.width > self.scrollable_content_region.width:
            return False
        bar = self.vertical_scrollbar
        window = self._bar_window()
        old = _thumb(bar.window_virtual_size, bar.window_size, bar.position)
        return old == _thumb(size.height, window, bar.position)

    def _bar_window(self) -> int:
        return self.container_size.height - self.scrollbar_size_horizontal

    def _keep_bar(self, size: Size) -> None:
        """What Textual's scroll update does, less the repaint of a bar that looks the same."""
        bar = self.vertical_scrollbar
        bar.set_reactive(ScrollBar.window_virtual_size, size.height)
        bar.set_reactive(ScrollBar.window_size, self._bar_window())
        self.scroll_x = self.validate_scroll_x(self.scroll_x)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)


def _thumb(virtual: float, window: float, position: float) -> tuple[int, int, float] | None:
    """What a vertical bar shows: the thumb's measures, or None when the content fits."""
    if not 0 < window < virtual:
        return None
    return ceil(virtual), ceil(window), position


class LinesView(SteadyScrollView):
    """A SteadyScrollView that shows ready-made lines, one strip a row.

    New lines repaint only the rows on screen that differ from the old: a short comment
    after another leaves most of the pane blank in both, and a key that shows it should not
    send the terminal every row again. So a new virtual size repaints nothing by itself.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)
    _lines: list[Strip] = []
    _line_style: Style | None = None

    def show_lines(self, lines: list[Strip], style: Style) -> None:
        """Show `lines`, drawn in `style` (the widget's own, which also fills what they leave);
        repaint the rows on screen that change."""
        old, old_style = self._lines, self._line_style
        self._lines = lines
        self._line_style = style
        if style != old_style or not old:
            self.refresh()
            return
        top = self.scroll_offset.y
        width = self.size.width
        changed = [
            Region(0, y, width, 1)
            for y, row in enumerate(range(top, top + self.scrollable_content_region.height))
            if (lines[row] if row < len(lines) else None) != (old[row] if row < len(old) else None)
        ]
        if changed:
            self.refresh(*changed)

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        # The style the lines were drawn in: `rich_style` walks every ancestor, about 0.1 ms
        # a call, which at a row each was 4 ms of every key that redraws the pane.
        style = self._line_style or self.rich_style
        if 0 <= row < len(self._lines):
            return self._lines[row].crop_extend(0, width, style)
        return Strip.blank(width, style)
