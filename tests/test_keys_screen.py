"""j and k repaint only what they change (two tree rows from a cache, the header's position,
the pane's rows that differ): what the screen shows after them must still be all of it."""

from __future__ import annotations

from pathlib import Path

from textual.strip import Strip

from reader.ui.app import ReaderApp
from reader.ui.widgets.header import ThreadHeader
from tests.helpers import pane_of, reader_app, tree_of

# 18 comments of 1 to 7 lines: each key shows a comment of another length in the pane.
FIXTURE = Path(__file__).parent / "fixtures" / "text_blog_page.html"


def screen_strips(app: ReaderApp) -> list[Strip]:
    return app.screen._compositor.render_strips()


def check_screen(app: ReaderApp) -> None:
    """One cursor row in the tree, on the comment the pane shows; the pane's rows on screen
    are its lines, blank below them; the header's line is its render() with the position."""
    tree, pane = tree_of(app), pane_of(app)
    header = app.screen.query_one(ThreadHeader)
    strips = screen_strips(app)
    looks = (tree.palette.cursor, tree.palette.cursor_blurred)
    region = tree.region
    cursor_rows = [
        y - region.y
        for y in range(region.y, region.bottom)
        if any(
            segment.style is not None and segment.style + look == segment.style
            for look in looks
            for segment in strips[y].crop(region.x, region.right)
            if segment.text.strip()
        )
    ]
    assert cursor_rows == [tree.cursor_row - tree.scroll_offset.y]
    assert pane.index == tree.cursor
    content = pane.content_region
    shown = [strips[y].crop(content.x, content.right).text.rstrip() for y in content.line_range]
    lines = pane.text.split("\n")
    assert shown == (lines + [""] * content.height)[: content.height]
    rows = len(tree.view.rows)
    assert strips[0].text.strip() == header.render().plain.strip()
    assert strips[0].text.rstrip().endswith(f"{tree.cursor_row + 1}/{rows}")


async def test_keys_leave_the_whole_answer_on_screen() -> None:
    async with reader_app(FIXTURE, size=(120, 30)) as (app, pilot):
        for keys in (["j", "j"], ["k"], ["j", "j", "j"], ["k", "k"], ["tab"], ["shift+tab", "j"]):
            await pilot.press(*keys)
            await pilot.pause(0.1)  # the pane follows a frame later
            check_screen(app)
