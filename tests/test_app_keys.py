"""The reader driven from the keyboard and mouse: where the cursor goes, what is folded."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from reader.export import to_json
from reader.model import Comment, from_preorder
from reader.ui.dialogs.help import HelpScreen
from reader.ui.dialogs.links import LinkPicker
from tests.conftest import FIXTURES
from tests.helpers import pane_of, reader_app, screen_text, tree_of

BASIC = FIXTURES / "thread_basic.txt"
# Pre-order of BASIC: 0 post, 1 alice, 2 bob, 3 carol, 4 dave, 5 erin, 6 bob, 7 alice, 8 frank
POST, ALICE, BOB, CAROL, DAVE, ERIN, BOB2, ALICE2, FRANK = range(9)


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*keys)
    await pilot.pause()


MOVES = [
    (["j"], ALICE),
    (["down", "down"], BOB),
    (["j", "j", "k"], ALICE),
    (["G", "up"], ALICE2),
    (["j", "J"], BOB2),
    (["j", "J", "J"], FRANK),
    (["G", "K"], BOB2),
    (["j", "j", "j", "p"], BOB),
    (["G", "r"], POST),
    (["right_square_bracket"], ALICE),
    (["right_square_bracket", "right_square_bracket"], BOB2),
    (["G", "left_square_bracket"], BOB2),
    (["j", "j", "j", "left_square_bracket"], ALICE),
    (["G"], FRANK),
    (["G", "g"], POST),
    (["l"], ALICE),
    (["l", "l", "l"], CAROL),
    (["end", "home"], POST),
]


async def test_movement_keys_the_pane_following_and_tab() -> None:
    """Each sequence from the post, in one app (an app a sequence costs 0.5 s and finds nothing
    more: the moves themselves are the view's, tested in test_view*.py).
    """
    async with reader_app(BASIC) as (app, pilot):
        tree, pane = tree_of(app), pane_of(app)
        for keys, expected in MOVES:
            tree.select(POST)
            await press(pilot, *keys)
            assert (keys, tree.cursor, pane.index) == (keys, expected, expected)
        tree.select(POST)
        await press(pilot, "j", "j", "j")  # the pane shows the comment and where it sits
        text = screen_text(app)
        assert "post › alice › bob › carol" in text
        assert "Deeper reply with links https://example.com/a" in text
        tree.select(POST)
        await press(pilot, "tab")
        assert app.focused is pane
        await press(pilot, "j")  # scrolls the pane, does not move the tree
        assert tree.cursor == POST
        await press(pilot, "shift+tab")
        assert app.focused is tree


ALL = list(range(9))
ALICE_FOLDED = [POST, ALICE, BOB2, ALICE2, FRANK]
BOB_FOLDED = [POST, ALICE, BOB, ERIN, BOB2, ALICE2, FRANK]
# Each sequence from the post with nothing folded: the rows after it, and the cursor.
FOLDS = [
    (["j", "h"], ALICE_FOLDED, ALICE),  # h folds
    (["j", "h", "h"], ALICE_FOLDED, POST),  # then goes to the parent
    (["j", "h", "l"], ALL, ALICE),  # l unfolds
    (["j", "left"], ALICE_FOLDED, ALICE),
    (["j", "left", "right"], ALL, ALICE),
    (["j", "j", "space"], BOB_FOLDED, BOB),
    (["j", "j", "space", "enter"], ALL, BOB),
    (["r", "space"], [POST], POST),
    (["r", "space", "j"], [POST], POST),  # nothing below a folded root
    (["j", "j", "space", "k", "space"], ALICE_FOLDED, ALICE),  # folding keeps inner folds
    (["j", "j", "space", "k", "space", "space"], BOB_FOLDED, ALICE),
    (["1"], [POST, ALICE, BOB2, FRANK], POST),  # the tree to a depth
    (["2"], BOB_FOLDED, POST),
    (["3"], [POST, ALICE, BOB, CAROL, ERIN, BOB2, ALICE2, FRANK], POST),
    (["9"], ALL, POST),
    (["1", "0"], ALL, POST),
    (["3", "0"], ALL, POST),
    (["j", "j"], ALL, BOB),
    (["j", "j", "j", "j", "1"], [POST, ALICE, BOB2, FRANK], ALICE),  # a hidden cursor's ancestor
]


async def test_folding_keys_and_clicks() -> None:
    """Each sequence in one app; the header shows the cursor's row of the rows shown."""
    async with reader_app(BASIC) as (app, pilot):
        tree, pane = tree_of(app), pane_of(app)
        assert screen_text(app).splitlines()[0].rstrip().endswith("1/9")
        for keys, rows, cursor in FOLDS:
            tree.show_depth(0)
            tree.select(POST)
            await press(pilot, *keys)
            shown = (list(tree.rows), tree.cursor, pane.index)
            assert (keys, *shown) == (keys, rows, cursor, cursor)
            position = f"{rows.index(cursor) + 1}/{len(rows)}"
            assert screen_text(app).splitlines()[0].rstrip().endswith(position), keys
        tree.show_depth(0)
        tree.select(POST)
        await pilot.click(tree, offset=(20, 6))
        await pilot.pause()
        assert tree.cursor == BOB2
        assert tree.view.folds == set()
        await pilot.click(tree, offset=(1, 6))  # the fold marker of a top-level comment
        await pilot.pause()
        assert tree.view.folds == {BOB2}


async def test_o_opens_links_y_copies_and_q_quits(monkeypatch: pytest.MonkeyPatch) -> None:
    async with reader_app(BASIC) as (app, pilot):
        opened: list[str] = []
        copied: list[str] = []
        monkeypatch.setattr(app, "open_link", opened.append)
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        await press(pilot, "o")  # the post's only link opens at once
        assert opened == ["https://example.org/post"]
        await press(pilot, "j", "j", "y")
        assert copied == ["bob:\n\nReply to alice.\n"]
        await press(pilot, "j", "o")  # carol's two links: which?
        assert isinstance(app.screen, LinkPicker)
        await press(pilot, "down", "enter")
        assert opened == ["https://example.org/post", "https://example.com/b"]
        await press(pilot, "G", "o")
        assert len(opened) == 2
        assert any("no links" in str(n.message) for n in app._notifications)
        await press(pilot, "q")
        assert app.return_code == 0
        assert not app.is_running


async def test_help_lists_every_key_and_closes() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("Next sibling", "Prev top", "Depth 3", "Unfold all", "Open link", "Quit"):
            assert words in text
        keys = str(app.screen.query_one("#help-keys").render())
        for words in ("Bookmark", "Bookmarks list", "Note", "Notes list", "Next unread"):
            assert words in keys
        assert "Undo delete" in keys
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_wheel_scrolls_a_long_thread(tmp_path: Path) -> None:
    lines = ["Long thread", "", "Post.", ""]
    for n in range(1, 101):
        lines += [f"  {n}. reader{n} says:", "", f"    Comment number {n}.", ""]
    archive = tmp_path / "long.txt"
    archive.write_text("\n".join(lines), encoding="utf-8")
    async with reader_app(archive, size=(100, 20)) as (app, pilot):
        tree = tree_of(app)
        for _ in range(3):
            tree.post_message(events.MouseScrollDown(tree, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause(0.3)
        assert tree.scroll_offset.y > 0
        assert tree.cursor == POST  # the wheel scrolls; it does not move the selection


async def test_z_unfolds_a_long_quote_and_a_content_warning(tmp_path: Path) -> None:
    quoted = "\n".join(f"> quoted line {n}" for n in range(1, 9))
    thread = from_preorder(
        "Quotes",
        "native",
        "x",
        [
            Comment(id="p", parent_id=None, body="Post.", kind="post", depth=0),
            Comment(id="a", parent_id="p", author="ann", body=f"{quoted}\nMy answer.", depth=1),
            Comment(
                id="c",
                parent_id="p",
                author="cy",
                body="Spoiler text.",
                extra={"content warning": "ending"},
                depth=1,
            ),
        ],
    )
    archive = tmp_path / "quotes.json"
    archive.write_text(to_json(thread), encoding="utf-8")
    async with reader_app(archive) as (app, pilot):
        await press(pilot, "j")
        shown = screen_text(app)
        assert "quoted line 2" in shown and "quoted line 3" not in shown
        assert "6 more quoted lines" in shown and "My answer." in shown
        await press(pilot, "z")
        shown = screen_text(app)
        assert "quoted line 8" in shown and "more quoted lines" not in shown
        await press(pilot, "j", "k")
        assert "quoted line 3" not in screen_text(app)  # folded again on the next visit
        await press(pilot, "j")
        pane = pane_of(app)
        assert "Spoiler text." not in screen_text(app)  # neither in the pane nor in its row
        assert "Content warning: ending" in pane.text and "⚠ ending" in screen_text(app)
        await press(pilot, "z")
        assert "Spoiler text." in pane.text
