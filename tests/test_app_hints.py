"""Hints on screen name the key the user has (config.toml [keys]), and help lists what works."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Static

from reader.config import Config
from reader.model import Comment, from_preorder
from reader.ui.app import ReaderApp
from reader.ui.dialogs.help import HelpScreen
from reader.ui.dialogs.notes import BookmarksList, NoteEditor, NotesList
from reader.ui.palette import DEFAULTS, Palette
from reader.ui.render import body_text
from reader.ui.screens.start import StartScreen
from reader.ui.widgets.searchbar import SearchBar
from tests.conftest import FIXTURES
from tests.helpers import screen_text, wait_loaded

BASIC = FIXTURES / "thread_basic.txt"
REBOUND = {
    "screen.undo": "ctrl+u",
    "screen.bookmark": "m",
    "screen.note": "w",
    "screen.search": "s",
    "tree.filter_author": "f",
    "search.close": "ctrl+g",
    "help.close": "f2",
    "note.save": "ctrl+w",
    "note.cancel": "f3",
    "notes.scope": "v",
    "notes.delete": "x",
    "bookmarks.close": "c",
    "library.sort": "o",
}


@asynccontextmanager
async def running(path: Path | None) -> AsyncIterator[tuple[ReaderApp, Pilot]]:
    app = ReaderApp(path, config=Config(keys=REBOUND))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        yield app, pilot


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def told(app: ReaderApp) -> str:
    return "\n".join(str(notification.message) for notification in app._notifications)


def help_titles(app: ReaderApp) -> list[str]:
    keys = str(app.screen.query_one("#help-keys", Static).render())
    return [line for line in keys.splitlines() if line and not line.startswith(" ")]


async def test_hints_in_the_thread_and_start_screens_and_their_dialogs_name_the_users_keys() -> (
    None
):
    async with running(BASIC) as (app, pilot):
        await press(pilot, "n")
        assert "No search results: s searches." in told(app)
        await press(pilot, "j", "m", "m")
        assert "Bookmark removed: ^u puts it back." in told(app)
        await press(pilot, "f")
        assert "(f shows all)" in screen_text(app).splitlines()[0]
        await press(pilot, "s")
        assert app.screen.query_one(SearchBar).placeholder.endswith("⏎ to find, ^g to close")
        await press(pilot, "ctrl+g", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert str(app.screen.query_one("#help-hint", Static).render()) == "f2 closes this help"
        assert help_titles(app) == ["Comment tree", "Reading pane", "Thread screen", "Everywhere"]

        await press(pilot, "f2", "f", "E")  # the author filter off again, then the notes list
        assert isinstance(app.screen, NotesList)
        hint = "enter: go to the comment · v: this thread / all threads · x: delete"
        assert hint in screen_text(app)
        assert "No notes yet: press w on a comment." in screen_text(app)
        await press(pilot, "escape", "w")
        assert isinstance(app.screen, NoteEditor)
        labels = [str(button.label) for button in app.screen.query(Button)]
        assert labels == ["Save (^w)", "Cancel (f3)"]
        await press(pilot, "f3", "B")
        assert isinstance(app.screen, BookmarksList)
        assert "No bookmarks yet: press m on a comment." in screen_text(app)
        assert "enter: go to the comment · c: close" in screen_text(app)

        # The start screen's help is its own (same app run: backspace from the thread).
        await press(pilot, "c", "backspace")
        assert isinstance(app.screen, StartScreen)
        await press(pilot, "question_mark")
        assert help_titles(app) == ["Library", "Everywhere"]
        keys = str(app.screen.query_one("#help-keys", Static).render())
        assert "o" in keys and "Sort" in keys and "Search all threads" in keys
        assert "Open a file" in keys and "Fold" not in keys


def test_a_long_quote_names_the_key_that_shows_it() -> None:
    quote = "\n".join(f"> line {n}" for n in range(12))
    thread = from_preorder(
        "Q", "native", "x", [Comment(id="p", parent_id=None, body=quote, kind="post", depth=0)]
    )
    palette = Palette.from_variables(DEFAULTS)
    text = body_text(thread.comments[0], palette, fold_quotes_for="v").plain
    assert text.endswith("more quoted lines (v shows them)")
    assert "shows them" not in body_text(thread.comments[0], palette).plain
