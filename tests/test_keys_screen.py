"""j and k repaint only what they change (two tree rows from a cache, the header's position,
the pane's rows that differ): what the screen shows after them must still be all of it."""

from __future__ import annotations

from pathlib import Path

from textual.strip import Strip

from reader.export import to_json
from reader.model import Comment, from_preorder
from reader.ui.app import ReaderApp
from reader.ui.widgets.frames import KeptRows
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


def fresh_strips(app: ReaderApp) -> list[Strip]:
    """The screen drawn again with no row handed over from an earlier frame (KeptRows) and
    the pane's scrollbar drawn from what it holds now."""
    for widget in app.screen.walk_children(with_self=True):
        if isinstance(widget, KeptRows):
            widget._kept = None
    pane_of(app).vertical_scrollbar.refresh()
    return screen_strips(app)


def check_nothing_stale(app: ReaderApp) -> None:
    """What the frames left on screen is what a whole new drawing shows; the pane's
    scrollbar holds the pane's size."""
    kept = [list(strip) for strip in screen_strips(app)]
    assert kept == [list(strip) for strip in fresh_strips(app)]
    pane = pane_of(app)
    assert pane.vertical_scrollbar.window_virtual_size == pane.virtual_size.height


def lengths_thread(tmp_path: Path) -> Path:
    """Comments longer and shorter than the pane (a scrollbar thumb, then none), one with
    replies to fold, a word to search for."""
    long_body = "\n\n".join(f"Paragraph {n} of a long one." for n in range(40))
    comments = [
        Comment(id="p", parent_id=None, body="Post.", kind="post", depth=0),
        Comment(id="a", parent_id="p", author="ann", body=long_body, depth=1),
        Comment(id="b", parent_id="a", author="bo", body="Short, with a needle.", depth=2),
        Comment(id="c", parent_id="a", author="cy", body=long_body[:900], depth=2),
        Comment(id="d", parent_id="p", author="di", body="Another needle.", depth=1),
    ]
    archive = tmp_path / "lengths.json"
    archive.write_text(to_json(from_preorder("Lengths", "native", "x", comments)), "utf-8")
    return archive


async def test_rows_kept_from_frame_to_frame_are_never_stale(tmp_path: Path) -> None:
    async with reader_app(lengths_thread(tmp_path), size=(120, 30)) as (app, pilot):

        async def step(*keys: str) -> None:
            await pilot.press(*keys)
            await pilot.pause(0.1)  # the pane follows a frame later
            check_nothing_stale(app)

        for keys in (["j"], ["j"], ["j"], ["k"], ["j", "j"], ["k", "k", "k"], ["j"]):
            await step(*keys)  # long, short, long-ish, short: the thumb comes and goes
        await step("k")  # the long one, then scrolled in the pane
        for keys in (["tab"], ["j"], ["space"], ["G"], ["g"], ["shift+tab"]):
            await step(*keys)
        await step("space")  # fold "a"
        await step("space")
        await step("slash", *"needle", "enter")
        await step("n")
        await step("tab")
        await step("shift+tab")
        app.theme = next(name for name in app.available_themes if name != app.theme)
        await step("j")
        for size in ((100, 26), (70, 24), (120, 30)):  # narrow, then wide again
            await pilot.resize_terminal(*size)
            await step("k")
