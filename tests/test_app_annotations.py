"""Bookmarks, notes and read state in the app: each key, checked in the store and on screen
after the app is started again on the same data folder (THREAD_READER_HOME, see conftest)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, TextArea

from reader import store as store_module
from reader.annotations import Annotations
from reader.store import STORE_FILE, Store
from reader.ui.app import ReaderApp
from reader.ui.dialogs.notes import BookmarksList, ConfirmDiscard, NoteEditor, NotesList
from reader.ui.screens.start import StartScreen
from reader.ui.screens.thread import ThreadScreen
from tests.conftest import FIXTURES
from tests.helpers import screen_text, tree_of, wait_loaded

GARDEN = FIXTURES / "garden-v1.txt"
EDITORS = FIXTURES / "editors-v1.json"
# Pre-order of GARDEN: 0 post, 1 Ana, 2 Tom, 3 Ana, 4 Mei, 5 Jonas, 6 Mei
POST, ANA, TOM, ANA2, MEI, JONAS, MEI2 = range(7)


@asynccontextmanager
async def started(path: Path | None) -> AsyncIterator[tuple[ReaderApp, Pilot]]:
    app = ReaderApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot)
        yield app, pilot


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))
    await pilot.pause()


def row(app: ReaderApp, author: str, nth: int = 0) -> str:
    """The tree row (as text) of the nth comment by `author`."""
    tree_lines = [line[:60] for line in screen_text(app).splitlines()[1:]]
    return [line for line in tree_lines if author in line][nth]


def stored(home: Path) -> Store:
    return Store.open(home)


def notified(app: ReaderApp, words: str) -> bool:
    return any(words in str(n.message) for n in app._notifications)


async def test_b_toggles_a_bookmark_kept_across_restarts(private_home: Path) -> None:
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "j", "j", "b")
        assert "★" in row(app, "Tom Hale")
        assert "bookmarked" in screen_text(app)
    with stored(private_home) as store:
        assert [b.anchor.author for b in store.bookmarks()] == ["Tom Hale"]
    async with started(GARDEN) as (app, pilot):
        assert "★" in row(app, "Tom Hale") and "★" not in row(app, "Mei Chen")
        assert app.screen.comment_tree.cursor == TOM  # where the reader left the thread
        await press(pilot, "b")
        assert "★" not in row(app, "Tom Hale")
        await press(pilot, "ctrl+z")
        assert "★" in row(app, "Tom Hale")
        await press(pilot, "b")
    with stored(private_home) as store:
        assert store.bookmarks() == []


async def test_e_writes_a_note_shown_in_pane_and_tree(private_home: Path) -> None:
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "j", "j", "j", "j", "e")
        assert isinstance(app.screen, NoteEditor)
        await type_text(pilot, "fleece")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ThreadScreen)
        assert "✎" in row(app, "Mei Chen")
        assert "fleece" in screen_text(app)
    with stored(private_home) as store:
        (note,) = store.notes()
        assert (note.text, note.anchor.author, note.anchor.position) == (
            "fleece",
            "Mei Chen",
            MEI,
        )
    async with started(GARDEN) as (app, pilot):
        assert "✎" in row(app, "Mei Chen")
        assert app.screen.comment_tree.cursor == MEI  # where the reader left the thread
        assert "fleece" in screen_text(app)
        assert "1 note" in screen_text(app).splitlines()[0]
        await press(pilot, "e")
        assert app.screen.query_one(TextArea).text == "fleece"
        await type_text(pilot, " ok")
        await press(pilot, "ctrl+s")
    with stored(private_home) as store:
        assert [n.text for n in store.notes()] == ["fleece ok"]


async def test_escape_asks_before_discarding_changes(private_home: Path) -> None:
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "j", "e", "escape")
        assert isinstance(app.screen, ThreadScreen)  # nothing typed: closes at once
        await press(pilot, "e")
        await type_text(pilot, "half")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmDiscard)
        await press(pilot, "n")
        assert app.screen.query_one(TextArea).text == "half"
        await press(pilot, "escape", "y")
        assert isinstance(app.screen, ThreadScreen)
    with stored(private_home) as store:
        assert store.notes() == []


async def test_delete_note_is_explicit_and_undoable(private_home: Path) -> None:
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "j", "e")
        await type_text(pilot, "keep")
        await press(pilot, "ctrl+s", "e")
        await pilot.click("#delete")
        await pilot.pause()
        assert isinstance(app.screen, ThreadScreen)
        assert "✎" not in row(app, "Ana Ribeiro")
        with stored(private_home) as store:
            assert store.notes() == []
        await press(pilot, "ctrl+z")
        assert "✎" in row(app, "Ana Ribeiro")
    async with started(GARDEN) as (app, pilot):
        assert "✎" in row(app, "Ana Ribeiro")
        assert app.screen.comment_tree.cursor == ANA  # where the reader left the thread
        assert "keep" in screen_text(app)


async def test_failed_save_keeps_the_text_in_the_editor(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "j", "e")
        await type_text(pilot, "dear")
        blocker = sqlite3.connect(private_home / STORE_FILE, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "dear"
        assert "Not saved" in screen_text(app) and "locked" in screen_text(app)
        blocker.execute("ROLLBACK")
        blocker.close()
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ThreadScreen)
    with stored(private_home) as store:
        assert [n.text for n in store.notes()] == ["dear"]


async def test_E_lists_notes_enter_jumps_and_a_shows_all_threads(private_home: Path) -> None:
    async with started(EDITORS) as (app, pilot):
        await press(pilot, "j", "e")
        await type_text(pilot, "away")
        await press(pilot, "ctrl+s")
    async with started(GARDEN) as (app, pilot):
        for keys, text in ((["j", "j"], "first"), (["j", "j", "j"], "second")):
            await press(pilot, *keys, "e")
            await type_text(pilot, text)
            await press(pilot, "ctrl+s")
        await press(pilot, "g", "E")
        assert isinstance(app.screen, NotesList)
        listed = screen_text(app)
        assert "first" in listed and "second" in listed and "away" not in listed
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ThreadScreen)
        assert tree_of(app).cursor == JONAS
        await press(pilot, "E", "a")
        assert "away" in screen_text(app)
        assert app.screen.query_one(OptionList).option_count == 3


async def test_orphaned_note_is_listed_and_can_be_deleted(
    private_home: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "garden.txt"
    shutil.copy(GARDEN, copy)
    async with started(copy) as (app, pilot):
        await press(pilot, "j", "j", "j", "j", "j", "e")
        await type_text(pilot, "rain")
        await press(pilot, "ctrl+s")
    shutil.copy(FIXTURES / "garden-v3.txt", copy)  # Jonas's comment was rewritten
    async with started(copy) as (app, pilot):
        assert "1 not found in this copy" in screen_text(app).splitlines()[0]
        await press(pilot, "E")
        assert "not in this copy" in screen_text(app)
        assert "Tomatoes in containers split" in screen_text(app)
        await press(pilot, "a")  # every thread's notes: still marked
        assert "not found in the copy last opened" in screen_text(app)
        await press(pilot, "a")
        await press(pilot, "d")
        with stored(private_home) as store:
            assert store.notes() == []
        await press(pilot, "escape", "ctrl+z")
    with stored(private_home) as store:
        assert [n.text for n in store.notes()] == ["rain"]


async def test_B_lists_bookmarks_newest_first_and_opens_other_threads(
    private_home: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.json"
    shutil.copy(EDITORS, gone)
    async with started(gone) as (app, pilot):
        await press(pilot, "j", "b")  # bram's comment, in a copy of the thread
    async with started(EDITORS) as (app, pilot):
        await press(pilot, "G", "b")  # the same thread, opened from another file
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "j", "j", "b")
        await press(pilot, "B")
        assert isinstance(app.screen, BookmarksList)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(n).prompt) for n in range(3)]
        assert prompts[0].startswith("★ Notes from a small vegetable garden")
        assert "Tom Hale" in prompts[0]
        assert prompts[1].startswith("★ Editors for writing") and "cleo" in prompts[1]
        assert prompts[2].startswith("★ Editors for writing") and "bram" in prompts[2]
        await press(pilot, "down", "enter")  # cleo's comment: opens the last file it was in
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.thread.title == "Editors for writing"
        assert tree_of(app).cursor == 3
        assert "A plain notebook first" in screen_text(app)


async def test_B_on_a_file_that_is_gone_shows_the_saved_excerpt(
    private_home: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.json"
    shutil.copy(EDITORS, gone)
    async with started(gone) as (app, pilot):
        await press(pilot, "j", "b")
    gone.unlink()
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "B", "enter")
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.thread.title.startswith("Notes from")
        assert notified(app, "file that is gone")
        assert notified(app, "Vim, because my hands already know it.")


async def test_read_state_u_and_unread_counts_survive_restart(private_home: Path) -> None:
    async with started(GARDEN) as (app, pilot):
        assert "6 unread" in screen_text(app).splitlines()[0]
        assert "●" in row(app, "Ana Ribeiro")
        await press(pilot, "j")
        assert "●" not in row(app, "Ana Ribeiro")
        assert "5 unread" in screen_text(app).splitlines()[0]
    async with started(GARDEN) as (app, pilot):
        assert "5 unread" in screen_text(app).splitlines()[0]
        assert "●" not in row(app, "Ana Ribeiro") and "●" in row(app, "Tom Hale")
        await press(pilot, "1")  # fold to top level: Tom is hidden under Ana
        assert tree_of(app).row_of(TOM) is None
        await press(pilot, "u")
        assert tree_of(app).cursor == TOM
        assert tree_of(app).row_of(TOM) is not None
        await press(pilot, "u", "u")
        assert tree_of(app).cursor == MEI
    with stored(private_home) as store:
        (record,) = store.recent_threads()
        assert record.unread == 2


async def test_palette_commands_mark_thread_and_subtree(private_home: Path) -> None:
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "ctrl+p")
        await type_text(pilot, "thread read")
        await press(pilot, "enter")
        assert "0 unread" in screen_text(app).splitlines()[0]
        await press(pilot, "j", "ctrl+p")
        await type_text(pilot, "subtree unread")
        await press(pilot, "enter")
        assert "3 unread" in screen_text(app).splitlines()[0]
    with stored(private_home) as store:
        (record,) = store.recent_threads()
        assert record.unread == 3


async def test_newer_copy_marks_new_comments(private_home: Path, tmp_path: Path) -> None:
    copy = tmp_path / "garden.txt"
    shutil.copy(GARDEN, copy)
    async with started(copy) as (app, _pilot):
        assert "✦" not in screen_text(app)
    shutil.copy(FIXTURES / "garden-v2.txt", copy)
    async with started(copy) as (app, _pilot):
        assert "3 new" in screen_text(app).splitlines()[0]
        for author in ("Priya Nair", "Sam Okoro", "Lena Vogel"):
            assert "✦" in row(app, author)
        assert "✦" not in row(app, "Tom Hale")


async def test_start_screen_lists_recent_threads_and_opens_one(private_home: Path) -> None:
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "j", "j", "b", "e")
        await type_text(pilot, "n")
        await press(pilot, "ctrl+s")
    async with started(None) as (app, pilot):
        assert isinstance(app.screen, StartScreen)
        (line,) = [ln for ln in screen_text(app).splitlines() if "vegetable garden" in ln]
        assert line.split()[-7:-2] == ["text", "6", "4", "1", "1"]  # comments, unread, notes, bkmk
        await press(pilot, "enter")
        assert isinstance(app.screen, ThreadScreen)
        assert "★" in row(app, "Tom Hale")


async def test_damaged_store_opens_threads_with_notes_read_only(private_home: Path) -> None:
    private_home.mkdir(parents=True)
    damaged = private_home / STORE_FILE
    damaged.write_bytes(b"definitely not sqlite" * 50)
    async with started(GARDEN) as (app, pilot):
        assert isinstance(app.screen, ThreadScreen)
        assert "notes read-only" in screen_text(app).splitlines()[0]
        assert notified(app, str(damaged))
        await press(pilot, "j", "b", "e")
        assert isinstance(app.screen, ThreadScreen)
        assert notified(app, "read-only")
    assert damaged.read_bytes() == b"definitely not sqlite" * 50


async def test_help_lists_the_annotation_keys(private_home: Path) -> None:
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "question_mark")
        keys = str(app.screen.query_one("#help-keys").render())
    for words in ("Bookmark", "Bookmarks list", "Note", "Notes list", "Next unread", "Undo delete"):
        assert words in keys


async def test_first_run_opens_the_welcome_sample_and_backspace_goes_to_the_start(
    private_home: Path,
) -> None:
    async with started(None) as (app, pilot):
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.thread.title.startswith("Welcome to the Commons")
        await press(pilot, "backspace")
        assert isinstance(app.screen, StartScreen)
        assert "Welcome to the Commons" in screen_text(app)  # now a recent thread
    async with started(None) as (app, pilot):  # with history: the start screen
        assert isinstance(app.screen, StartScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.thread.title.startswith("Welcome to the Commons")


async def test_thread_shows_before_the_store_answers_and_keeps_what_was_read(
    private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = threading.Event()
    open_annotations = Annotations.open

    def slow_open(*args: object) -> Annotations:
        answer.wait(10)
        return open_annotations(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(Annotations, "open", slow_open)
    app = ReaderApp(GARDEN)
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, ThreadScreen) or not app.screen.is_mounted:
            await pilot.pause(0.01)
        await pilot.pause()
        assert "read-only" not in screen_text(app).splitlines()[0]
        await press_now(pilot, "j")
        assert "●" not in row(app, "Ana Ribeiro")
        await press_now(pilot, "e")
        assert "still opening" in " ".join(str(n.message) for n in app._notifications)
        answer.set()
        await wait_loaded(pilot)
        assert app.screen.annotations.writable
        assert "●" not in row(app, "Ana Ribeiro") and "●" in row(app, "Tom Hale")
    async with started(GARDEN) as (app, pilot):
        assert "5 unread" in screen_text(app).splitlines()[0]


async def press_now(pilot: Pilot, key: str) -> None:
    """Press a key while a worker is still busy (press() would wait for it)."""
    await pilot.press(key)
    await pilot.pause()
    await pilot.pause()
