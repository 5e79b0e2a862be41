"""The reader driven from the keyboard and mouse: where the cursor goes, what is folded."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

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


async def test_movement_keys() -> None:
    """Each sequence from the post, in one app (an app a sequence costs 0.5 s and finds nothing
    more: the moves themselves are the view's, tested in test_view*.py).
    """
    async with reader_app(BASIC) as (app, pilot):
        tree = tree_of(app)
        for keys, expected in MOVES:
            tree.select(POST)
            await press(pilot, *keys)
            assert (keys, tree.cursor, pane_of(app).index) == (keys, expected, expected)


async def test_h_folds_then_goes_to_parent_and_l_unfolds() -> None:
    async with reader_app(BASIC) as (app, pilot):
        tree = tree_of(app)
        await press(pilot, "j", "h")
        assert tree.view.folds == {ALICE}
        assert list(tree.rows) == [POST, ALICE, BOB2, ALICE2, FRANK]
        await press(pilot, "h")
        assert tree.cursor == POST
        await press(pilot, "j", "l")
        assert tree.view.folds == set()
        assert list(tree.rows) == list(range(9))
        await press(pilot, "left")
        assert tree.view.folds == {ALICE}
        await press(pilot, "right")
        assert tree.view.folds == set()


async def test_space_and_enter_toggle_the_subtree() -> None:
    async with reader_app(BASIC) as (app, pilot):
        tree = tree_of(app)
        await press(pilot, "j", "j", "space")
        assert list(tree.rows) == [POST, ALICE, BOB, ERIN, BOB2, ALICE2, FRANK]
        await press(pilot, "enter")
        assert list(tree.rows) == list(range(9))
        await press(pilot, "r", "space")
        assert list(tree.rows) == [POST]
        await press(pilot, "j")
        assert tree.cursor == POST  # nothing below a folded root


async def test_folding_keeps_inner_folds() -> None:
    async with reader_app(BASIC) as (app, pilot):
        tree = tree_of(app)
        await press(pilot, "j", "j", "space", "k", "space")
        assert list(tree.rows) == [POST, ALICE, BOB2, ALICE2, FRANK]
        await press(pilot, "space")
        assert list(tree.rows) == [POST, ALICE, BOB, ERIN, BOB2, ALICE2, FRANK]


@pytest.mark.parametrize(
    ("key", "rows"),
    [
        ("1", [POST, ALICE, BOB2, FRANK]),
        ("2", [POST, ALICE, BOB, ERIN, BOB2, ALICE2, FRANK]),
        ("3", [POST, ALICE, BOB, CAROL, ERIN, BOB2, ALICE2, FRANK]),
        ("9", list(range(9))),
    ],
)
async def test_number_keys_show_the_tree_to_a_depth(key: str, rows: list[int]) -> None:
    async with reader_app(BASIC) as (app, pilot):
        await press(pilot, key)
        assert list(tree_of(app).rows) == rows
        await press(pilot, "0")
        assert list(tree_of(app).rows) == list(range(9))


async def test_depth_fold_moves_a_hidden_cursor_to_its_visible_ancestor() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await press(pilot, "j", "j", "j", "j")
        assert tree_of(app).cursor == DAVE
        await press(pilot, "1")
        assert tree_of(app).cursor == ALICE
        assert pane_of(app).index == ALICE


async def test_reading_pane_follows_and_shows_breadcrumb() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await press(pilot, "j", "j", "j")
        text = screen_text(app)
        assert "post › alice › bob › carol" in text
        assert "Deeper reply with links https://example.com/a" in text


async def test_tab_moves_focus_between_tree_and_pane() -> None:
    async with reader_app(BASIC) as (app, pilot):
        assert app.focused is tree_of(app)
        await press(pilot, "tab")
        assert app.focused is pane_of(app)
        await press(pilot, "j")  # scrolls the pane, does not move the tree
        assert tree_of(app).cursor == POST
        await press(pilot, "shift+tab")
        assert app.focused is tree_of(app)


async def test_o_opens_the_only_link(monkeypatch: pytest.MonkeyPatch) -> None:
    async with reader_app(BASIC) as (app, pilot):
        opened: list[str] = []
        monkeypatch.setattr(app, "open_link", opened.append)
        await press(pilot, "o")
        assert opened == ["https://example.org/post"]


async def test_o_with_several_links_asks_which(monkeypatch: pytest.MonkeyPatch) -> None:
    async with reader_app(BASIC) as (app, pilot):
        opened: list[str] = []
        monkeypatch.setattr(app, "open_link", opened.append)
        await press(pilot, "j", "j", "j", "o")
        assert isinstance(app.screen, LinkPicker)
        await press(pilot, "down", "enter")
        assert opened == ["https://example.com/b"]


async def test_o_without_links_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    async with reader_app(BASIC) as (app, pilot):
        opened: list[str] = []
        monkeypatch.setattr(app, "open_link", opened.append)
        await press(pilot, "G", "o")
        assert opened == []
        assert any("no links" in str(n.message) for n in app._notifications)


async def test_y_copies_the_comment(monkeypatch: pytest.MonkeyPatch) -> None:
    async with reader_app(BASIC) as (app, pilot):
        copied: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        await press(pilot, "j", "j", "y")
        assert copied == ["bob:\n\nReply to alice.\n"]


async def test_help_lists_every_key_and_closes() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("Next sibling", "Prev top", "Depth 3", "Unfold all", "Open link", "Quit"):
            assert words in text
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await press(pilot, "q")
        assert app.return_code == 0
        assert not app.is_running


async def test_click_selects_and_click_on_marker_toggles() -> None:
    async with reader_app(BASIC) as (app, pilot):
        tree = tree_of(app)
        await pilot.click(tree, offset=(20, 6))
        await pilot.pause()
        assert tree.cursor == BOB2
        assert tree.view.folds == set()
        await pilot.click(tree, offset=(1, 6))  # the fold marker of a top-level comment
        await pilot.pause()
        assert tree.view.folds == {BOB2}


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
    quoted = "\n".join(f"      > quoted line {n}" for n in range(1, 9))
    archive = tmp_path / "quotes.txt"
    archive.write_text(
        f"Quotes\n\nPost.\n\n  1. ann says:\n\n{quoted}\n      My answer.\n", encoding="utf-8"
    )
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


async def test_content_warning_hides_the_text_until_z() -> None:
    from reader.model import Comment, from_preorder
    from reader.ui.widgets.pane import ReadingPane

    thread = from_preorder(
        "CW",
        "native",
        "x",
        [
            Comment(id="p", parent_id=None, body="Post.", kind="post", depth=0),
            Comment(
                id="c",
                parent_id="p",
                body="Spoiler text.",
                extra={"content warning": "ending"},
                depth=1,
            ),
        ],
    )
    from textual.app import App

    class PaneApp(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield ReadingPane(thread)

    app = PaneApp()
    async with app.run_test() as pilot:
        pane = app.query_one(ReadingPane)
        pane.show(1)
        await pilot.pause()
        assert "Spoiler text." not in screen_text(app)
        assert "Content warning: ending" in screen_text(app)
        pane.toggle_revealed()
        await pilot.pause()
        assert "Spoiler text." in screen_text(app)


async def test_header_shows_the_cursor_row_of_the_rows_shown() -> None:
    async with reader_app(BASIC) as (app, pilot):
        assert screen_text(app).splitlines()[0].rstrip().endswith("1/9")
        await pilot.press("j", "j")
        await pilot.pause()
        assert screen_text(app).splitlines()[0].rstrip().endswith("3/9")
        await pilot.press("1")  # fold to top level: the cursor goes to alice's row
        await pilot.pause()
        assert screen_text(app).splitlines()[0].rstrip().endswith("2/4")
