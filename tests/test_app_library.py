"""The library screen (`thread-reader DIR`) and search across threads, in the app."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reader.store import Store
from reader.ui.app import ReaderApp
from reader.ui.dialogs.search import SearchScreen
from reader.ui.screens.start import StartScreen
from reader.ui.screens.thread import ThreadScreen
from tests.conftest import FIXTURES
from tests.helpers import screen_text, tree_of

GARDEN_TITLE = "Notes from a small vegetable garden"
EDITORS_TITLE = "Editors for writing"


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    folder = tmp_path / "shelf"
    (folder / "forum").mkdir(parents=True)
    shutil.copy(FIXTURES / "garden-v1.txt", folder / "garden.txt")
    shutil.copy(FIXTURES / "editors-v1.json", folder / "forum" / "editors.json")
    shutil.copy(FIXTURES / "mail_subject_threading.mbox", folder / "list.mbox")
    (folder / "notes.md").write_text("Just a note to myself.\n")
    return folder


async def settle(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def table_lines(app: ReaderApp) -> list[str]:
    """The rows of the library as shown (below the header, the filter and the column titles)."""
    return [line for line in screen_text(app).splitlines()[3:-1] if line.strip()]


async def test_library_lists_filters_opens_and_comes_back(shelf: Path) -> None:
    app = ReaderApp(library=shelf)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        header = screen_text(app).splitlines()[0]
        assert "3 threads" in header and "by last opened" in header
        rows = table_lines(app)
        assert len(rows) == 3 and "notes.md" not in screen_text(app)
        assert any(GARDEN_TITLE in row and " 6 " in row for row in rows)
        await settle(pilot, "s")  # the sort cycles to the title
        assert "by title" in screen_text(app).splitlines()[0]
        assert EDITORS_TITLE in table_lines(app)[0]
        await settle(pilot, *"editors")  # an unbound letter starts the filter
        assert app.screen.query_one("#library-filter", Input).value == "editors"
        assert [EDITORS_TITLE in row for row in table_lines(app)] == [True]
        await settle(pilot, "enter")
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.thread.title == EDITORS_TITLE
        await settle(pilot, "j", "j", "backspace")
        assert isinstance(app.screen, StartScreen)
        (row,) = table_lines(app)  # the filter is kept; the row now says when it was opened
        assert row.split()[:5] == [*EDITORS_TITLE.split(), "forum", "3"]
        assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", row)


async def test_search_across_threads_opens_the_thread_at_the_comment(
    shelf: Path, private_home: Path
) -> None:
    app = ReaderApp(library=shelf)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)  # the library indexes its folder for search once it is scanned
        with Store.open(private_home) as store:
            assert len(store.indexed_files()) == 3
        await settle(pilot, "slash")
        assert isinstance(app.screen, SearchScreen)
        await settle(pilot, *"author:bram", "enter")
        assert "1 match" in screen_text(app)
        assert "bram" in screen_text(app) and EDITORS_TITLE in screen_text(app)
        await settle(pilot, "enter")
        assert isinstance(app.screen, ThreadScreen)
        thread = app.screen.thread
        assert thread.title == EDITORS_TITLE
        assert thread.comments[tree_of(app).cursor].author == "bram"
        await settle(pilot, "backspace")
        assert isinstance(app.screen, StartScreen)
