"""ctrl+o saves a thread from its URL and opens it; R refreshes it, the note following;
escape gives a download up.

Answers come from the local replaying server (THREAD_READER_API_BASE points the app at it),
with the interactions written by Reddit's documented shapes in tests/fixtures/http/reddit.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input

from reader.resources import samples
from reader.ui.app import ReaderApp
from reader.ui.dialogs.save_url import SaveUrlDialog
from reader.ui.screens.download import DownloadScreen
from reader.ui.screens.thread import ThreadScreen
from tests.helpers import screen_text, wait_loaded
from tests.replay import ReplayServer
from tests.test_save_cli import NAME, serve_ours


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await wait_loaded(pilot)


async def typed(pilot, url: str) -> None:  # type: ignore[no-untyped-def]
    """Put `url` in the dialog's field (typing it key by key costs a second) and press enter."""
    pilot.app.screen.query_one("#save-url-input", Input).value = url
    await pilot.press("enter")


def notices(app: ReaderApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_ctrl_o_saves_and_opens_R_refreshes_with_the_note_following_escape_cancels(
    replay_server: ReplayServer,
    private_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("THREAD_READER_API_BASE", replay_server.base)
    serve_ours(replay_server, 1)
    app = ReaderApp(samples()[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        await pilot.press("R")  # a sample was not saved from the web
        assert "was not saved from the web" in notices(app)

        await pilot.press("ctrl+o")
        assert isinstance(app.screen, SaveUrlDialog)
        await typed(pilot, "https://example.org/a/page")  # no site: said, dialog stays
        assert isinstance(app.screen, SaveUrlDialog)
        assert "not a thread address of a site" in screen_text(app)
        await typed(pilot, "https://old.reddit.com/r/books/comments/abc123/a_reading_list/")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ThreadScreen)
        assert screen.thread.title == "A reading list for a long flight"
        assert screen.session.path == private_home / "threads" / NAME
        assert "Saved 157 comments" in notices(app)
        c1 = next(i for i, c in enumerate(screen.thread.comments) if c.id == "t1_c1")
        screen.annotations.save_note(c1, "read the long ones first")

        serve_ours(replay_server, 2)  # one comment deleted, one new
        await pilot.press("R")
        await settle(pilot)
        newer = app.screen
        assert isinstance(newer, ThreadScreen) and newer is not screen
        assert screen not in app.screen_stack  # the old copy's screen made way
        assert "Refreshed: 1 new comment (158 comments in all)" in notices(app)
        assert "1 new" in screen_text(app)
        ((index, note),) = newer.annotations.notes.items()
        assert newer.thread.comments[index].id == "t1_c1"
        assert note.text == "read the long ones first"
        assert [newer.thread.comments[i].id for i in newer.annotations.new] == ["t1_c6"]

        # Escape while a save waits for its first answer: given up, nothing written.
        release = threading.Event()

        def held(asked: object) -> None:
            release.wait(5)
            return None  # (a 404, never read: the save was given up)

        replay_server.routes[:] = [held]
        await pilot.press("ctrl+o")
        await typed(pilot, "https://redd.it/zzz999")
        assert isinstance(app.screen, DownloadScreen)
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        assert app.screen is newer
        assert "Download cancelled: nothing was written." in notices(app)
    assert [p.name for p in (private_home / "threads").iterdir()] == [NAME]
