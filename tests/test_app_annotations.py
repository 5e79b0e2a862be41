"""Bookmarks, notes and read state in the app: each key, checked on screen and in the store,
and what the store holds shown again when a thread is opened (THREAD_READER_HOME, see conftest).

A test that needs something saved before (a note in another thread, a visit of an older copy)
writes it with `visit`, as the app's keys would (those keys are checked in the first test); a
restart is then one app run instead of two.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, TextArea

from reader import store as store_module
from reader.annotations import Annotations
from reader.formats import load
from reader.session import ReadingSession
from reader.store import STORE_FILE, Store
from reader.ui.app import ReaderApp
from reader.ui.dialogs.notes import BookmarksList, ConfirmDiscard, NoteEditor, NotesList
from reader.ui.screens.start import StartScreen
from reader.ui.screens.thread import ThreadScreen
from tests.conftest import FIXTURES
from tests.helpers import screen_text, tree_of, wait_loaded

GARDEN = FIXTURES / "garden-v1.txt"
EDITORS = FIXTURES / "editors-v1.json"
BASIC = FIXTURES / "thread_basic.txt"
# Pre-order of GARDEN: 0 post, 1 Ana, 2 Tom, 3 Ana, 4 Mei, 5 Jonas, 6 Mei
POST, ANA, TOM, ANA2, MEI, JONAS, MEI2 = range(7)
# Pre-order of EDITORS: 0 post (olga), 1 bram, 2 olga, 3 cleo
BRAM, CLEO = 1, 3


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


def header(app: ReaderApp) -> str:
    return screen_text(app).splitlines()[0]


def stored(home: Path) -> Store:
    return Store.open(home)


def notified(app: ReaderApp, words: str) -> bool:
    return any(words in str(n.message) for n in app._notifications)


def visit(
    home: Path,
    path: Path,
    *,
    read: Iterable[int] = (),
    bookmarks: Iterable[int] = (),
    notes: Mapping[int, str] | None = None,
    at: int | None = None,
) -> None:
    """What reading `path` in the app leaves in the store: the comments shown (the post always
    is), the bookmarks and notes made, and the comment the reader left it at.
    """
    thread = load(path)
    with stored(home) as store:
        session = ReadingSession(thread, Annotations.open(store, thread), path=path)
        annotations = session.annotations
        for index in (POST, *read):
            annotations.shown(index)
        annotations.flush()
        for index in bookmarks:
            annotations.toggle_bookmark(index)
        for index, text in (notes or {}).items():
            annotations.save_note(index, text)
        if at is not None:
            session.save_position(at)


async def test_read_marks_bookmarks_notes_and_undo_on_screen_and_in_the_store(
    private_home: Path,
) -> None:
    async with started(GARDEN) as (app, pilot):
        assert "6 unread" in header(app) and "●" in row(app, "Ana Ribeiro")
        assert "✦" not in screen_text(app)  # a first visit marks nothing new
        await press(pilot, "j")
        assert "●" not in row(app, "Ana Ribeiro")
        assert "5 unread" in header(app)

        await press(pilot, "j", "b")
        assert "★" in row(app, "Tom Hale")
        assert "bookmarked" in screen_text(app)
        await press(pilot, "b")
        assert "★" not in row(app, "Tom Hale")
        with stored(private_home) as store:
            assert store.bookmarks() == []
        await press(pilot, "ctrl+z")
        assert "★" in row(app, "Tom Hale")

        await press(pilot, "j", "j", "e")
        assert isinstance(app.screen, NoteEditor)
        await type_text(pilot, "fleece")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ThreadScreen)
        assert "✎" in row(app, "Mei Chen")
        assert "fleece" in screen_text(app)
        assert "1 note" in header(app)
        await press(pilot, "e")
        assert app.screen.query_one(TextArea).text == "fleece"
        await type_text(pilot, " ok")
        await press(pilot, "ctrl+s")

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
        assert "✎" not in row(app, "Jonas Berg")

        await press(pilot, "k", "e")  # deleting a note is a button, and undoable
        await pilot.click("#delete")
        await pilot.pause()
        assert isinstance(app.screen, ThreadScreen)
        assert "✎" not in row(app, "Mei Chen")
        with stored(private_home) as store:
            assert store.notes() == []
        await press(pilot, "ctrl+z")
        assert "✎" in row(app, "Mei Chen")
    with stored(private_home) as store:
        assert [b.anchor.author for b in store.bookmarks()] == ["Tom Hale"]
        (note,) = store.notes()
        assert (note.text, note.anchor.author, note.anchor.position) == (
            "fleece ok",
            "Mei Chen",
            MEI,
        )
        (record,) = store.recent_threads()
        assert record.unread == 1  # only the last comment was never shown
        position = store.position(record.id)
        assert position is not None and position[0] == load(GARDEN).comments[MEI].id


async def test_a_thread_reopens_where_it_was_left_with_its_marks(private_home: Path) -> None:
    visit(private_home, GARDEN, read=[ANA], bookmarks=[TOM], notes={MEI: "fleece"}, at=ANA)
    async with started(GARDEN) as (app, pilot):
        assert app.screen.comment_tree.cursor == ANA  # where the reader left the thread
        assert "5 unread" in header(app) and "1 note" in header(app)
        assert "★" in row(app, "Tom Hale") and "★" not in row(app, "Mei Chen")
        assert "✎" in row(app, "Mei Chen")
        assert "●" not in row(app, "Ana Ribeiro") and "●" in row(app, "Tom Hale")
        await press(pilot, "1")  # fold to top level: Tom is hidden under Ana
        assert tree_of(app).row_of(TOM) is None
        await press(pilot, "u")
        assert tree_of(app).cursor == TOM
        assert tree_of(app).row_of(TOM) is not None
        await press(pilot, "u", "u")
        assert tree_of(app).cursor == MEI
        assert "fleece" in screen_text(app)

        await press(pilot, "ctrl+p")  # the command palette marks the thread, or a subtree
        await type_text(pilot, "thread read")
        await press(pilot, "enter")
        assert "0 unread" in header(app)
        await press(pilot, "g", "j", "ctrl+p")
        await type_text(pilot, "subtree unread")
        await press(pilot, "enter")
        assert "3 unread" in header(app)
    with stored(private_home) as store:
        (record,) = store.recent_threads()
        assert record.unread == 3


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
    visit(private_home, EDITORS, notes={BRAM: "away"})
    visit(private_home, GARDEN, notes={TOM: "first", JONAS: "second"})
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "E")
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
    visit(private_home, copy, notes={JONAS: "rain"})
    shutil.copy(FIXTURES / "garden-v3.txt", copy)  # Jonas's comment was rewritten
    async with started(copy) as (app, pilot):
        assert "1 not found in this copy" in header(app)
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


async def test_B_lists_bookmarks_newest_first_and_opens_other_threads_or_says_they_are_gone(
    private_home: Path, tmp_path: Path
) -> None:
    lost = tmp_path / "lost.txt"  # another thread, in a file deleted since
    shutil.copy(BASIC, lost)
    visit(private_home, lost, bookmarks=[1])
    lost.unlink()
    moved = tmp_path / "gone.json"  # bram's comment, in a copy of the thread
    shutil.copy(EDITORS, moved)
    visit(private_home, moved, bookmarks=[BRAM])
    visit(private_home, EDITORS, bookmarks=[CLEO])  # the same thread, opened from another file
    async with started(GARDEN) as (app, pilot):
        await press(pilot, "j", "j", "b")
        await press(pilot, "B")
        assert isinstance(app.screen, BookmarksList)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(n).prompt) for n in range(4)]
        assert prompts[0].startswith("★ Notes from a small vegetable garden")
        assert "Tom Hale" in prompts[0]
        assert prompts[1].startswith("★ Editors for writing") and "cleo" in prompts[1]
        assert prompts[2].startswith("★ Editors for writing") and "bram" in prompts[2]
        assert prompts[3].startswith("★ Folding test thread") and "alice" in prompts[3]
        await press(pilot, "down", "enter")  # cleo's comment: opens the last file it was in
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.thread.title == "Editors for writing"
        assert tree_of(app).cursor == CLEO
        assert "A plain notebook first" in screen_text(app)
        await press(pilot, "B", "down", "down", "down", "enter")  # the thread whose file is gone
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.thread.title == "Editors for writing"  # the reader stays
        assert notified(app, "file that is gone")
        assert notified(app, "First top-level comment.")  # the excerpt saved with it


async def test_newer_copy_marks_new_comments(private_home: Path, tmp_path: Path) -> None:
    copy = tmp_path / "garden.txt"
    shutil.copy(GARDEN, copy)
    visit(private_home, copy)
    shutil.copy(FIXTURES / "garden-v2.txt", copy)
    async with started(copy) as (app, _pilot):
        assert "3 new" in header(app)
        for author in ("Priya Nair", "Sam Okoro", "Lena Vogel"):
            assert "✦" in row(app, author)
        assert "✦" not in row(app, "Tom Hale")


async def test_start_screen_lists_recent_threads_and_opens_one(private_home: Path) -> None:
    visit(private_home, GARDEN, read=[ANA, TOM], bookmarks=[TOM], notes={TOM: "n"}, at=TOM)
    async with started(None) as (app, pilot):  # with history: the start screen
        assert isinstance(app.screen, StartScreen)
        (line,) = [ln for ln in screen_text(app).splitlines() if "vegetable garden" in ln]
        assert line.split()[-7:-2] == ["text", "6", "4", "1", "1"]  # comments, unread, notes, bkmk
        await press(pilot, "enter")
        assert isinstance(app.screen, ThreadScreen)
        assert "★" in row(app, "Tom Hale")


async def test_first_run_opens_the_welcome_sample_and_backspace_goes_to_the_start(
    private_home: Path,
) -> None:
    async with started(None) as (app, pilot):
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.thread.title.startswith("Welcome to the Commons")
        await press(pilot, "backspace")
        assert isinstance(app.screen, StartScreen)
        assert "Welcome to the Commons" in screen_text(app)  # now a recent thread
    with stored(private_home) as store:  # so the next run shows the start screen (tested above)
        (record,) = store.recent_threads()
        assert record.title.startswith("Welcome to the Commons")


async def test_damaged_store_opens_threads_with_notes_read_only(private_home: Path) -> None:
    private_home.mkdir(parents=True)
    damaged = private_home / STORE_FILE
    damaged.write_bytes(b"definitely not sqlite" * 50)
    async with started(GARDEN) as (app, pilot):
        assert isinstance(app.screen, ThreadScreen)
        assert "notes read-only" in header(app)
        assert notified(app, str(damaged))
        await press(pilot, "j", "b", "e")
        assert isinstance(app.screen, ThreadScreen)
        assert notified(app, "read-only")
    assert damaged.read_bytes() == b"definitely not sqlite" * 50


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
        assert "read-only" not in header(app)
        await press_now(pilot, "j")
        assert "●" not in row(app, "Ana Ribeiro")
        await press_now(pilot, "e")
        assert "still opening" in " ".join(str(n.message) for n in app._notifications)
        answer.set()
        await wait_loaded(pilot)
        assert app.screen.annotations.writable
        assert "●" not in row(app, "Ana Ribeiro") and "●" in row(app, "Tom Hale")
    with stored(private_home) as store:  # Ana's read mark, made before, was saved
        (record,) = store.recent_threads()
        assert record.unread == 5


async def press_now(pilot: Pilot, key: str) -> None:
    """Press a key while a worker is still busy (press() would wait for it)."""
    await pilot.press(key)
    await pilot.pause()
    await pilot.pause()
