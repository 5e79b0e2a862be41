"""Finding your way in a thread from the keyboard: the search bar (status, regex, escape) and
the filters (keys, the filter menu, the participants, dates, scores, the palette), with j/k
stepping over context rows. The logic is tested without the screen in test_query.py and
test_view_find.py; these check what only the screen shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import OptionList

from reader.ui.app import ReaderApp
from reader.ui.dialogs.filters import AskDialog, FilterMenu, ParticipantPicker
from reader.ui.dialogs.notes import BookmarksList, NotesList
from reader.ui.widgets.header import ThreadHeader
from reader.ui.widgets.searchbar import SearchBar
from tests.conftest import FIXTURES
from tests.helpers import pane_of, reader_app, tree_of, wait_loaded

BASIC = FIXTURES / "thread_basic.txt"
REDDIT = Path(__file__).resolve().parents[1] / "samples" / "reddit-thread.json"
POST, ALICE, BOB, CAROL, DAVE, ERIN, BOB2, ALICE2, FRANK = range(9)


def header(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(ThreadHeader).render())


async def fill(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Put `text` in the focused input at once (typing it key by key costs a frame a key)."""
    pilot.app.focused.value = text
    await pilot.pause()


def told(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def test_search_bar_status_regex_toggle_bad_regex_and_escape() -> None:
    async with reader_app(BASIC) as (app, pilot):
        bar = app.screen.query_one(SearchBar)
        await pilot.press("slash")
        await fill(pilot, "reply")
        assert bar.border_title == "Search: text (^r for regex)"
        assert bar.border_subtitle == "ignoring case"
        await pilot.press("ctrl+r")
        assert bar.value == "re:reply" and bar.border_title == "Search: regex (^r for text)"
        await fill(pilot, "re:(Reply")
        assert bar.border_subtitle.startswith("not a regular expression: missing )")
        await pilot.press("enter")
        await pilot.pause()
        assert bar.display and bar.value == "re:(Reply", "the bar stays open to mend the query"
        await fill(pilot, "re:Reply|Deep")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        tree = tree_of(app)
        assert not bar.display and app.focused is tree
        assert tree.view.matches == [BOB, CAROL, DAVE] and tree.cursor == BOB
        assert "search 're:Reply|Deep' 1/3" in header(app)
        await pilot.press("n", "n")
        await pilot.pause()
        assert tree.cursor == DAVE and "search 're:Reply|Deep' 3/3" in header(app)
        highlight = pane_of(app).highlight
        assert highlight is not None and highlight.spans("Deepest.") == [(0, 4)]
        await pilot.press("j")
        await pilot.pause()
        assert "search 're:Reply|Deep' 3 matches" in header(app), "off the matches"
        await pilot.press("slash")
        await fill(pilot, "zebra")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "search 'zebra' no match" in header(app)
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert tree.cursor == ERIN, "escape keeps the selection"
        assert "search" not in header(app) and tree.view.search_query is None


async def test_filter_keys_show_in_the_header_combine_and_clear() -> None:
    async with reader_app(REDDIT, size=(200, 40)) as (app, pilot):
        tree = tree_of(app)
        view = tree.view
        await pilot.press("P", "U")
        await pilot.pause()
        assert "only the original poster · unread only · 3 comments match" in header(app)
        # j/k stop on the matching rows only, over the context rows between them.
        visited = [tree.cursor]
        for _ in range(4):
            await pilot.press("j")
            visited.append(tree.cursor)
        assert visited == [0, 67, 69, 72, 72]
        assert "No match below: i steps through every row." in told(app)
        await pilot.press("i", "g", "j")
        assert view.is_context(tree.cursor) and "j/k: every row (i)" in header(app)
        await pilot.press("i")
        # The filter menu: the filters on are ticked; enter on one turns it off.
        await pilot.press("f")
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, FilterMenu)
        assert [e.active for e in menu.entries][2:4] == [True, True]
        await pilot.press("j", "j", "enter")
        await pilot.pause()
        assert "original poster" not in header(app) and "unread only" in header(app)
        await pilot.press("F")
        await pilot.pause()
        assert not view.selecting and "match" not in header(app)
        await pilot.press("f", "j", "j", "enter")  # on again, from the menu
        await pilot.pause()
        assert "only the original poster · 4 comments match" in header(app)
        await pilot.press("F")
        # A minimum score, then an author picked from the participants.
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert isinstance(app.screen, AskDialog)
        await fill(pilot, "lots")
        await pilot.press("enter")
        await pilot.pause()
        assert "'lots' is not a whole number" in str(app.screen.query_one("#ask-error").render())
        await fill(pilot, "90")
        await pilot.press("enter")
        await pilot.pause()
        assert "score ≥ 90" in header(app)
        await pilot.press("A")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ParticipantPicker)
        assert picker.shown[:2] == [("grumpy_sysadmin", 7), ("marguerite_dev", 6)]
        await fill(pilot, "TTY")
        assert picker.shown == [("tty_wanderer", 4)]
        option = picker.query_one(OptionList).get_option_at_index(0)
        assert "tty_wanderer  4 comments" in str(option.prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert "score ≥ 90 · only tty_wanderer (a shows all) · 2 comments match" in header(app)
        await pilot.press("greater_than_sign")  # emptied, the score filter goes
        await fill(pilot, "")
        await pilot.press("enter")
        await pilot.pause()
        assert "score" not in header(app) and "only tty_wanderer" in header(app)
        # Dates: a bad entry says why in one line; an age counts back from the newest comment.
        await pilot.press("D")
        await fill(pilot, "soon")
        await pilot.press("enter")
        await pilot.pause()
        assert "'soon' is not a date" in str(app.screen.query_one("#ask-error").render())
        await fill(pilot, "2025-04-30")
        await pilot.press("enter")
        await pilot.pause()
        assert "No comment is within those dates: nothing filtered." in told(app)
        assert "dated" not in header(app)


async def test_what_a_thread_cannot_filter_the_palette_u_wrapping_and_lists_on_j_k() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await pilot.press("greater_than_sign", "P", "W")
        await pilot.pause()
        assert "This thread has no scores (text archives keep none here)." in told(app)
        assert "No comment is by the original poster: nothing filtered." in told(app)
        assert "Nothing is new since your last visit (this is your first visit)." in told(app)
        await pilot.press("G", "u")
        await pilot.pause()
        assert "No unread comment below: back to the first from the top." in told(app)
        assert tree_of(app).cursor == ALICE, "the post is read when opened"
        await pilot.press("ctrl+p")
        await fill(pilot, "unread only")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("enter")
        await pilot.pause()
        assert "unread only" in header(app)
        annotations = app.screen.annotations
        for index in (BOB, CAROL):
            annotations.toggle_bookmark(index)
            annotations.save_note(index, "a note")
        for key, listing in (("B", BookmarksList), ("E", NotesList)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, listing)
            options = app.screen.query_one(OptionList)
            await pilot.press("j")
            assert options.highlighted == 1
            await pilot.press("k")
            assert options.highlighted == 0
            await pilot.press("escape")


def test_snapshot_search_status_and_highlights(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("slash")
        await fill(pilot, "reply")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("n", "slash", "ctrl+r")
        await pilot.pause()

    assert snap_compare(ReaderApp(BASIC), terminal_size=(100, 24), run_before=before)


@pytest.mark.usefixtures("utc")
def test_snapshot_filtered_tree_with_dimmed_context(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("slash")
        await fill(pilot, "the")
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(ReaderApp(REDDIT), terminal_size=(120, 30), run_before=before)
