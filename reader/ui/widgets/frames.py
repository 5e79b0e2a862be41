"""Widgets whose unchanged rows cost a frame nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.containers import Horizontal
from textual.filter import LineFilter
from textual.geometry import Region
from textual.strip import Strip

# Textual takes a widget's CSS type names from its first base that is a widget: the mixin is
# not one, so `Columns` stays a `Horizontal` to the stylesheet.
if TYPE_CHECKING:
    from textual.widget import Widget as _Base
else:
    _Base = object


class KeptRows(_Base):
    """For a widget (`class Pane(KeptRows, ScrollView)`): last frame's rows are handed to
    the compositor again when none of them changed.

    Textual's compositor asks every widget whose container overlaps the screen's changed
    region for all of its rows, every frame: a j/k key that changes two rows of the tree
    also has the screen, the columns, the pane and the header go through their caches row by
    row (with the colours of every ancestor looked up), a third of the key's first frame.
    The rows come from Textual's own line cache either way, so when that has no row to draw
    again and the line filters (the ANSI colours' mapping, no colour) are the same, the list
    handed over last time is the same list. A hovered link restyles rows on their way out:
    those frames are drawn as Textual draws them.
    """

    _kept: tuple[Region, Sequence[LineFilter], list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        kept = self._kept
        filters = self.app.get_line_filters()
        if kept is not None and kept[0] == crop and kept[1] == filters and self._unchanged(crop):
            return kept[2]
        strips = super().render_lines(crop)
        self._kept = None if self._link_hovered() else (crop, filters, strips)
        return strips

    def _unchanged(self, crop: Region) -> bool:
        """Whether Textual has no row in `crop` to draw again, and no link is hovered. Rows
        marked outside it (a row scrolled away before it was drawn) are never drawn."""
        dirty = getattr(self._styles_cache, "_dirty_lines", None)
        if dirty is None:  # not the Textual this was written for: draw as it does
            return False
        top, bottom = crop.y, crop.bottom
        return not any(top <= y < bottom for y in dirty) and not self._link_hovered()

    def _link_hovered(self) -> bool:
        return bool(self.auto_links and self.hover_style._link_id)


class Columns(KeptRows, Horizontal):
    """The tree and the pane side by side."""
