"""How the reader looks: the main screen and the help screen (SVGs reviewed by eye)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.ui.app import ReaderApp
from tests.conftest import FIXTURES
from tests.helpers import wait_loaded

BASIC = FIXTURES / "thread_basic.txt"


def _app(path: Path = BASIC) -> ReaderApp:
    return ReaderApp(path)


def test_main_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "j")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(120, 30), run_before=before)


def test_main_screen_folded_at_80_columns(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("1", "j")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=before)


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(120, 40), run_before=before)


def test_note_editor_over_a_bookmarked_comment(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("j", "b", "j", "j", "e", "h", "i")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(100, 30), run_before=before)


WELCOME = Path(__file__).resolve().parents[1] / "samples" / "welcome-to-the-commons.txt"


@pytest.mark.usefixtures("utc")
@pytest.mark.parametrize(
    ("size", "keys"),
    [
        ((40, 12), ("j", "j")),  # narrow and short: the tree alone
        ((40, 12), ("j", "j", "enter")),  # enter: the comment alone, tab goes back
        ((80, 24), ("j", "j")),
        ((200, 60), ("j", "j")),
    ],
    ids=["40x12-tree", "40x12-pane", "80x24", "200x60"],
)
def test_thread_screen_at_terminal_sizes(  # type: ignore[no-untyped-def]
    snap_compare, size: tuple[int, int], keys: tuple[str, ...]
) -> None:
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    assert snap_compare(_app(WELCOME), terminal_size=size, run_before=before)


REDDIT = Path(__file__).resolve().parents[1] / "samples" / "reddit-thread.json"


@pytest.mark.usefixtures("utc")
def test_statistics_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("S")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("j", "j")
        await pilot.pause()

    assert snap_compare(_app(REDDIT), terminal_size=(140, 44), run_before=before)


def test_library_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shelf = tmp_path / "shelf"
    (shelf / "forum").mkdir(parents=True)
    shutil.copy(FIXTURES / "garden-v1.txt", shelf / "garden.txt")
    shutil.copy(FIXTURES / "editors-v1.json", shelf / "forum" / "editors.json")
    shutil.copy(FIXTURES / "mail_subject_threading.mbox", shelf / "list.mbox")

    async def before(pilot: Pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("s")  # sorted by title, shown in the header and the column
        await pilot.pause()

    assert snap_compare(ReaderApp(library=shelf), terminal_size=(100, 24), run_before=before)
