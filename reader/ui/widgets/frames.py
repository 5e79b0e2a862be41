"""Widgets whose unchanged rows cost a frame nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.containers import Container, Horizontal
from textual.filter import LineFilter
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Footer

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
    handed over last time is the same list; when it has some, only the rows from the first of
    them to the last are drawn (a j/k: the tree's two). A hovered link restyles rows on their
    way out: those frames are drawn as Textual draws them.
    """

    _kept: tuple[Region, Sequence[LineFilter], list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        kept = self._kept
        filters = self.app.get_line_filters()
        changed = self._changed_rows(crop)
        if kept is None or kept[0] != crop or kept[1] != filters or changed is None:
            strips = super().render_lines(crop)
        elif not changed:
            return kept[2]
        else:  # the rows from the first changed to the last, the others kept
            first, last = min(changed), max(changed)
            strips = kept[2].copy()
            span = Region(crop.x, first, crop.width, last - first + 1)
            strips[first - crop.y : last - crop.y + 1] = super().render_lines(span)
        self._kept = None if self._link_hovered() else (crop, filters, strips)
        return strips

    def _changed_rows(self, crop: Region) -> list[int] | None:
        """The rows in `crop` Textual has to draw again: marked dirty, or not in its line
        cache (rows marked outside `crop`, scrolled away before they were drawn, are never
        drawn). None: draw them all as Textual does (a hovered link, or not the Textual this
        was written for)."""
        cache = self._styles_cache
        dirty = getattr(cache, "_dirty_lines", None)
        drawn = getattr(cache, "_cache", None)
        if dirty is None or drawn is None or self._link_hovered():
            return None
        return [y for y in crop.line_range if y in dirty or y not in drawn]

    def _link_hovered(self) -> bool:
        return bool(self.auto_links and self.hover_style._link_id)


class Columns(KeptRows, Horizontal):
    """The tree and the pane side by side."""


class PaneBox(KeptRows, Container):
    """The pane in a box of its own: Textual asks a widget (and its scrollbar) for its rows
    in every frame that changes anything inside its container, and the tree's rows are not
    in this one."""


class KeyFooter(KeptRows, Footer):
    """The footer's row, kept while its keys stay the same."""
