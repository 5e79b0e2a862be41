"""Hostile text and hostile terminals: rows keep their width and their guides line up at 40,
80 and 200 columns, and nothing that reorders or smears a terminal's lines reaches it.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from rich.cells import cell_len

from reader.formats import load
from reader.model import MAX_COMBINING, clean_text
from reader.ui.render import FOLD_CLOSED, FOLD_OPEN, LEAF, guide_room, guide_width
from tests.conftest import FIXTURES
from tests.helpers import pane_of, reader_app, screen_text, tree_of

HOSTILE = FIXTURES / "terminal_hostile.json"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\ufff9\ufffa\ufffb"
COMBINING_RUN = re.compile(f"[\u0300-\u036f]{{{MAX_COMBINING + 1}}}")


def harmful(text: str, allowed: str = "\n") -> list[str]:
    """Characters of `text` that a terminal would reorder, hide, obey or pile up."""
    found = [
        f"U+{ord(char):04X}"
        for char in text
        if char in BIDI + INVISIBLE or (unicodedata.category(char) == "Cc" and char not in allowed)
    ]
    return found + [f"storm at {m.start()}" for m in COMBINING_RUN.finditer(text)]


def test_the_model_keeps_the_words_and_drops_what_breaks_terminals() -> None:
    thread = load(HOSTILE)
    texts = [thread.title] + [
        text for comment in thread.comments for text in (comment.author or "", comment.body)
    ]
    assert {text: harmful(text, "\n\t") for text in texts if harmful(text, "\n\t")} == {}
    authors = [comment.author for comment in thread.comments]
    # Tab and line breaks among the controls become one space in a name.
    assert authors[:4] == ["opresu", "ctl name", "evilgnp.exe", "zero\u200c\u200d\xadwidth"]
    assert authors[5] == "山田太郎の討論スレッド"  # wide characters stay
    assert authors[6] == "🙂👍🏽👨\u200d👩\u200d👧❤\ufe0f🇯🇵"  # emoji, joiners and selectors stay
    assert authors[4] is not None and authors[4].startswith("Z\u0301\u0316\u0334\u0355algo")
    assert "spills past here? and isolate." in thread.comments[2].body
    assert "\t" in thread.comments[7].body  # tabs and line breaks are text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\u202eb\u2066c\u2069", "abc"),
        ("ze\u200bro\ufeff", "zero"),
        ("e" + "\u0301" * 9 + "x", "e" + "\u0301" * MAX_COMBINING + "x"),
        ("Vi\u1ec7t \u05e9\u05c1\u05b8", "Vi\u1ec7t \u05e9\u05c1\u05b8"),  # real marks stay
        ("\u0627\u200f\u200e", "\u0627\u200f\u200e"),  # direction marks stay
    ],
)
def test_clean_text_removes_bidi_controls_invisibles_and_storms(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize("width", [40, 80, 200])
async def test_every_tree_row_is_the_trees_width_and_the_guides_line_up(width: int) -> None:
    async with reader_app(HOSTILE, size=(width, 16)) as (app, pilot):
        tree = tree_of(app)
        thread = tree.thread
        if width < 80:  # the tree alone: check it, then the pane alone
            assert tree.size.width == width
        row_width = tree.scrollable_content_region.width
        room = guide_room(row_width)
        assert len(tree.rows) == len(thread.comments)
        for row, index in enumerate(tree.rows):
            tree.move_to_row(row)
            await pilot.pause()
            strip = tree.render_line(row - tree.scroll_offset.y)
            text = strip.text
            assert strip.cell_length == cell_len(text) == row_width, (row, text)
            assert harmful(text) == [], (row, text)
            marker = min(
                text.find(glyph) for glyph in (FOLD_OPEN, FOLD_CLOSED, LEAF) if glyph in text
            )
            depth = thread.comments[index].depth
            assert cell_len(text[:marker]) == 1 + guide_width(depth, room), (row, text)
        shown = screen_text(app)
        assert harmful(shown) == []
        lines = shown.split("\n")
        assert len(lines) == 16 and all(cell_len(line) == width for line in lines)


@pytest.mark.parametrize("width", [40, 80, 200])
async def test_the_pane_keeps_every_line_within_its_width(width: int) -> None:
    async with reader_app(HOSTILE, size=(width, 16)) as (app, pilot):
        tree, pane = tree_of(app), pane_of(app)
        if width < 80:
            await pilot.press("tab")
        for row in range(len(tree.rows)):
            tree.move_to_row(row)
            await pilot.pause(0.05)
            strips = [pane.render_line(y) for y in range(pane.size.height)]
            widths = {cell_len(strip.text) for strip in strips}
            assert widths == {strips[0].cell_length}, row  # every line as wide as the pane
            assert all(harmful(strip.text) == [] for strip in strips), row
            lines = screen_text(app).split("\n")
            assert all(cell_len(line) == width for line in lines), row
