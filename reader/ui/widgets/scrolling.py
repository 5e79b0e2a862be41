"""A line-API scroll view whose content height changes without reflowing the whole screen."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class SteadyScrollView(ScrollView):
    """A ScrollView that repaints itself and its scrollbars when its virtual size changes.

    Textual's own `virtual_size` asks for a layout of the screen on every change, which
    repaints every widget (8-10 ms at 160x48); the size of this view does not depend on its
    content, so only its scrollbars need the new size. If a scrollbar has to appear or
    go, Textual still asks for that layout itself.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=True)

    def watch_virtual_size(self, size: Size) -> None:
        if self.is_mounted:
            self._scroll_update(size)


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
