"""The statistics screen: opened by its key and the palette, enter goes to a comment, escape back.

The figures are tested without the UI (tests/test_statistics.py); here, what only the screen
shows, in one run of the app.
"""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from reader.statistics import thread_statistics
from reader.ui.app import ReaderApp
from reader.ui.screens.statistics import StatisticsScreen, StatsTable, bar, percent
from reader.ui.screens.thread import ThreadScreen
from tests.helpers import screen_text, tree_of, wait_loaded

REDDIT = Path(__file__).resolve().parents[1] / "samples" / "reddit-thread.json"


def test_bars_are_characters_that_show_any_value_above_zero() -> None:
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(3, 8, 4) == "█▌"
    assert bar(1, 1000, 4) == "▏"  # a trace still shows
    assert bar(0, 10, 4) == ""
    assert [percent(s) for s in (0.5, 0.087, 0.0004, 0.0)] == ["50%", "8.7%", "<0.1%", "0.0%"]


async def test_statistics_open_by_key_and_palette_and_enter_goes_to_the_comment() -> None:
    app = ReaderApp(REDDIT)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_loaded(pilot)
        thread_screen = app.screen
        assert isinstance(thread_screen, ThreadScreen)
        stats = thread_statistics(thread_screen.thread)
        tree = tree_of(app)
        tree.select(3)

        # From the palette, then escape: back on the thread, the cursor where it was.
        await pilot.press("ctrl+p", *"statis")
        await app.workers.wait_for_complete()  # the palette's search
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is thread_screen and tree.cursor == 3

        # By its key: every section shows.
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        for heading in ("Participants", "Depth", "Over time", "Longest subthreads"):
            assert heading in text
        assert "Most replied" in text and "Top scored" in text
        top = stats.participants[0]
        assert f"{top.author}" in text and "█" * 20 in text  # the first has the longest bar
        assert "Comments per hour" in text

        # k on the depths' first row goes up to the participants' last row (the unnamed):
        # enter there names no comment and the screen stays.
        participants, _depths, _subthreads, replied, _scored = app.screen.query(StatsTable)
        assert app.screen.focused is participants
        await pilot.press("tab", "k", "enter")
        await pilot.pause()
        assert app.screen.focused is participants
        assert participants.cursor_row == participants.row_count - 1
        assert isinstance(app.screen, StatisticsScreen)

        # The second most-replied comment: enter goes there in the thread.
        await pilot.press("tab", "tab", "tab", "j")
        assert app.screen.focused is replied and replied.cursor_row == 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is thread_screen
        assert tree.cursor == stats.most_replied[1].index
