"""Moving between threads: open a file from inside the app, go back to where you were."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from reader.store import Store
from reader.ui.app import ReaderApp
from reader.ui.dialogs.open_file import OpenFileDialog
from reader.ui.screens.start import StartScreen
from reader.ui.screens.thread import READ_FLUSH_SECONDS, ThreadScreen
from tests.conftest import FIXTURES
from tests.helpers import wait_loaded

GARDEN = FIXTURES / "garden-v1.txt"
EDITORS = FIXTURES / "editors-v1.json"
ANA, MEI = 1, 4


async def open_with_dialog(pilot: Pilot, path: Path) -> None:
    await pilot.press("O")
    await pilot.pause()
    assert isinstance(pilot.app.screen, OpenFileDialog)
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await wait_loaded(pilot)


async def test_O_opens_a_file_and_backspace_returns_to_where_the_reader_was() -> None:
    app = ReaderApp(GARDEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        garden = app.screen
        assert isinstance(garden, ThreadScreen)
        garden.comment_tree.select(MEI)
        garden.comment_tree.fold(ANA)
        await open_with_dialog(pilot, EDITORS)
        assert isinstance(app.screen, ThreadScreen) and app.screen is not garden
        assert app.screen.thread.source.endswith("editors-v1.json")
        await pilot.press("backspace")
        await pilot.pause()
        assert app.screen is garden
        assert garden.comment_tree.cursor == MEI and garden.session.view.is_folded(ANA)
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_a_file_it_cannot_read_says_why_and_the_thread_stays(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"not": "a thread"}')
    app = ReaderApp(GARDEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        garden = app.screen
        await open_with_dialog(pilot, broken)
        assert app.screen is garden
        assert app.return_code is None  # still running: only the first file exits 2
        messages = [str(n.message) for n in app._notifications]
        assert any("broken.json" in message for message in messages)


async def test_where_the_reader_is_is_saved_while_reading_not_only_on_quit(
    private_home: Path,
) -> None:
    app = ReaderApp(GARDEN)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        app.screen.comment_tree.select(MEI)
        await pilot.pause(READ_FLUSH_SECONDS + 0.3)
        with Store.open(private_home) as store:  # as a killed terminal would leave it
            saved = store.position(app.screen.annotations.key)
        assert saved is not None and saved[0] == app.screen.thread.comments[MEI].id
