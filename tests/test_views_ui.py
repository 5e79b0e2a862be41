"""The views on screen: conversation, flat view, zoom, sorting, stubs, the palette's jump, and
the reading pane's "in reply to" line (the logic is tested in test_view_orders.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.config import Config
from reader.ui.app import ReaderApp
from reader.ui.screens.conversation import ConversationColumn, ConversationScreen
from tests.helpers import pane_of, screen_text, tree_of, wait_loaded

REDDIT = Path(__file__).resolve().parents[1] / "samples" / "reddit-thread.json"
# Pre-order of REDDIT: 0 the post (tty_wanderer), 1 nullpointer_ex, 2 awk_enjoyer (a reply to
# 1), 3 nullpointer_ex (a reply to 2), 9 a stub, 13 a deleted comment, 17 marguerite_dev
# (368 points, the highest reply to the post), 68 yuki_端末.
NULLPOINTER, AWK, REPLY, STUB, MARGUERITE, YUKI = 1, 2, 3, 9, 17, 68


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def header_text(app: ReaderApp) -> str:
    return screen_text(app).splitlines()[0]


async def test_conversation_flat_view_zoom_sort_and_stubs_on_screen() -> None:
    app = ReaderApp(REDDIT)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_loaded(pilot)
        tree = tree_of(app)
        await press(pilot, "j", "j", "j")
        assert tree.cursor == REPLY
        await pilot.pause(0.05)
        assert "in reply to awk_enjoyer: This is the real reason" in pane_of(app).text
        # Scores in a column of their own, right-aligned before the guides.
        rows = screen_text(app).splitlines()
        assert rows[2].startswith("    49 ▾ nullpointer_ex")
        assert rows[3].startswith("     6 │ ▾ awk_enjoyer")

        # The conversation: the post down to the selected comment; escape comes back.
        await press(pilot, "c")
        assert isinstance(app.screen, ConversationScreen)
        text = app.screen.query_one(ConversationColumn).text
        chain = ["tty_wanderer", "nullpointer_ex to tty_wanderer", "awk_enjoyer to nullpointer_ex"]
        positions = [text.index(line) for line in chain]
        assert positions == sorted(positions)
        assert "▶ nullpointer_ex to awk_enjoyer" in text and "(selected)" in text
        await press(pilot, "escape")
        assert tree_of(app).cursor == REPLY

        # The flat view: by date, each row saying whom it answers; p goes to the parent.
        await press(pilot, "v")
        assert "flat: every comment by date" in header_text(app)
        assert tree.cursor == REPLY
        dates = [tree.thread.comments[i].created for i in tree.rows]
        assert dates == sorted(dates)
        row = screen_text(app).splitlines()[1 + tree.cursor_row - tree.scroll_offset.y]
        assert "nullpointer_ex" in row and "in reply to awk_enjoyer" in row
        await press(pilot, "p")
        assert tree.cursor == AWK and tree.view.flat
        await press(pilot, "v")
        assert not tree.view.flat and tree.cursor == AWK

        # Zoom: the subthread is the tree, drawn from its root; zooming out keeps the cursor.
        await press(pilot, "Z")
        assert tree.view.root == AWK and tree.rows[0] == AWK
        assert "zoomed into awk_enjoyer's comment (X zooms out)" in header_text(app)
        assert screen_text(app).splitlines()[1].startswith("     6 ▾ awk_enjoyer")
        await press(pilot, "j", "X")
        assert tree.view.root == 0 and tree.cursor == REPLY

        # Sorting: the header says how; the cursor stays on its comment.
        await press(pilot, "s")
        assert "replies in date order" in header_text(app)
        await press(pilot, "s")
        assert "replies in score order" in header_text(app)
        assert tree.cursor == REPLY
        assert tree.view.first_reply(0) == MARGUERITE
        assert tree.rows[1] == MARGUERITE

        # Stubs and deleted comments without replies, hidden and shown by a key.
        assert STUB in tree.rows
        await press(pilot, "H")
        assert STUB not in tree.rows
        assert "hidden: stubs, deleted (H toggles)" in header_text(app)
        await press(pilot, "H")
        assert STUB in tree.rows


async def test_palette_jumps_to_a_comment_by_author() -> None:
    app = ReaderApp(REDDIT)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot)
        await press(pilot, "ctrl+p")
        await pilot.press(*"yuki")
        await pilot.pause(0.4)  # the palette gathers hits in a worker
        await press(pilot, "enter")
        await pilot.pause()
        assert tree_of(app).cursor == YUKI


async def test_stubs_hidden_by_config() -> None:
    app = ReaderApp(REDDIT, config=Config(show_stubs=False))
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(pilot)
        tree = tree_of(app)
        assert STUB not in tree.rows
        assert all(tree.thread.comments[i].kind != "more" for i in tree.rows)
        assert "hidden: stubs" in header_text(app)


@pytest.mark.usefixtures("utc")
def test_flat_view_snapshot(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "j", "v")
        await pilot.pause()

    assert snap_compare(ReaderApp(REDDIT), terminal_size=(120, 30), run_before=before)


@pytest.mark.usefixtures("utc")
def test_conversation_view_snapshot(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "j", "j", "c")
        await pilot.pause()

    assert snap_compare(ReaderApp(REDDIT), terminal_size=(100, 30), run_before=before)
