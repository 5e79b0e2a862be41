"""Narrow and short terminals: below 80 columns the tree or the pane, one at a time."""

from __future__ import annotations

from textual.widget import Widget

from reader.ui.app import ReaderApp
from reader.ui.screens.thread import NARROW_BELOW, ThreadScreen
from tests.conftest import FIXTURES
from tests.helpers import pane_of, reader_app, tree_of

BASIC = FIXTURES / "thread_basic.txt"


def shown(widget: Widget) -> bool:
    """Whether the widget takes space on the screen (itself and every container above it)."""
    return widget.display and widget.size.width > 0 and widget.size.height > 0


def footer_owners(app: ReaderApp) -> set[Widget]:
    """The widgets whose keys the footer shows."""
    return {
        active.node
        for active in app.screen.active_bindings.values()
        if active.binding.show and isinstance(active.node, Widget)
    }


def assert_usable(app: ReaderApp) -> None:
    """The focus is on a widget the user sees, and the footer shows no key of a hidden one."""
    screen = app.screen
    assert isinstance(screen, ThreadScreen)
    width = screen.size.width
    focused = screen.focused
    assert focused is not None and shown(focused), (screen.size, focused)
    for widget in (tree_of(app), pane_of(app)):
        if not shown(widget):
            assert widget not in footer_owners(app), (screen.size, widget)
        else:  # whatever is shown is wide enough to read
            assert widget.size.width >= min(30, width - 2), (screen.size, widget)
            assert widget.size.height >= screen.size.height - 3, (screen.size, widget)
    if width < NARROW_BELOW:  # one at a time, the whole width
        assert [shown(tree_of(app)), shown(pane_of(app))].count(True) == 1
        assert focused.size.width >= width - 2
    else:
        assert shown(tree_of(app)) and shown(pane_of(app))


async def test_at_40_columns_the_tree_fills_the_screen_and_the_pane_waits() -> None:
    async with reader_app(BASIC, size=(40, 12)) as (app, _pilot):
        tree, pane = tree_of(app), pane_of(app)
        assert app.screen.focused is tree and tree.size.width == 40
        assert not shown(pane)
        assert pane not in footer_owners(app) and tree in footer_owners(app)
        assert_usable(app)


async def test_tab_and_enter_switch_between_tree_and_pane_on_a_narrow_screen() -> None:
    async with reader_app(BASIC, size=(40, 12)) as (app, pilot):
        tree, pane = tree_of(app), pane_of(app)
        await pilot.press("j", "tab")
        await pilot.pause()
        assert app.screen.focused is pane and shown(pane) and not shown(tree)
        assert pane in footer_owners(app) and tree not in footer_owners(app)
        assert_usable(app)
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.focused is tree and shown(tree) and not shown(pane)
        rows = len(tree.rows)
        await pilot.press("enter")  # reads the comment, folds nothing
        await pilot.pause()
        assert app.screen.focused is pane and shown(pane) and len(tree.rows) == rows
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.screen.focused is tree and shown(tree)


async def test_enter_still_folds_and_tab_still_moves_focus_on_a_wide_screen() -> None:
    async with reader_app(BASIC, size=(120, 30)) as (app, pilot):
        tree, pane = tree_of(app), pane_of(app)
        rows = len(tree.rows)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.focused is tree and len(tree.rows) < rows
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.focused is pane and shown(tree) and shown(pane)


async def test_narrowing_the_terminal_shows_what_has_the_focus() -> None:
    async with reader_app(BASIC, size=(120, 30)) as (app, pilot):
        await pilot.press("tab")
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        assert app.screen.focused is pane_of(app) and not shown(tree_of(app))
        assert_usable(app)
        await pilot.resize_terminal(100, 20)
        await pilot.pause()
        assert shown(tree_of(app)) and shown(pane_of(app))


async def test_widths_from_40_to_250_and_heights_from_10_are_usable() -> None:
    # The layout changes at NARROW_BELOW and where the tree's max width (110 columns, 45%)
    # binds, from 245 columns: the widths on each side of those and the extremes, short; the
    # extremes and a width inside each band, tall (every 9th width found the same, at 6 times
    # the cost; each size here costs two redraws).
    sizes = [(width, 10) for width in (40, NARROW_BELOW - 1, NARROW_BELOW, 117, 244, 245)]
    sizes += [(width, 60) for width in (63, NARROW_BELOW + 1, 250)]
    async with reader_app(BASIC, size=(40, 10)) as (app, pilot):
        for width, height in sizes:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert_usable(app)
            await pilot.press("tab")  # and with the other of tree and pane focused
            await pilot.pause()
            assert_usable(app)
