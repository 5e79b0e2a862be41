"""The open-file dialog: path completion as a function, and a few runs of the dialog itself."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DirectoryTree, Input, Static

from reader.ui.dialogs.open_file import OpenFileDialog, complete, resolve, unreadable


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """threads/ with two archives, a sub-folder, a hidden file and a hidden folder."""
    root = tmp_path / "threads"
    (root / "mail").mkdir(parents=True)
    (root / "mail" / "list.mbox").write_text("From a\n")
    (root / "reddit-one.json").write_text("{}")
    (root / "reddit-two.json").write_text("{}")
    (root / "blog [draft].txt").write_text("Title\n")
    (root / ".hidden.txt").write_text("x")
    (root / ".cache").mkdir()
    return root


# completion, tested directly


def test_one_folder_completes_with_a_slash(folder: Path) -> None:
    assert complete("ma", folder) == ("mail/", ["mail/"])


def test_one_file_completes_whole(folder: Path) -> None:
    assert complete(f"{folder}/mail/l", folder) == (f"{folder}/mail/list.mbox", ["list.mbox"])


def test_several_matches_give_their_common_prefix(folder: Path) -> None:
    completed, candidates = complete("red", folder)
    assert completed == "reddit-"
    assert candidates == ["reddit-one.json", "reddit-two.json"]


def test_no_match_keeps_the_text(folder: Path) -> None:
    assert complete("zzz", folder) == ("zzz", [])
    assert complete("nowhere/zzz", folder) == ("nowhere/zzz", [])


def test_hidden_names_only_for_a_dot(folder: Path) -> None:
    _, everything = complete("", folder)
    assert everything == ["blog [draft].txt", "mail/", "reddit-one.json", "reddit-two.json"]
    assert complete(".c", folder) == (".cache/", [".cache/"])
    assert complete(".", folder)[1] == [".cache/", ".hidden.txt"]


def test_tilde_expands(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(folder))
    assert complete("~/ma", Path("/")) == (f"{folder}/mail/", ["mail/"])


def test_resolve_and_unreadable(folder: Path) -> None:
    assert resolve("mail/../reddit-one.json", folder) == folder / "reddit-one.json"
    assert unreadable(folder / "reddit-one.json") is None
    assert unreadable(folder / "missing.json") == f"No such file or folder: {folder}/missing.json"
    assert unreadable(folder / "mail") == f"Not a file: {folder}/mail"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_says_why(folder: Path) -> None:
    locked = folder / "reddit-one.json"
    locked.chmod(0)
    assert unreadable(locked) == f"Cannot read {locked}: Permission denied"


# the dialog on screen


class Host(App[None]):
    """Pushes the dialog at once and keeps what it dismissed with."""

    CSS_PATH = str(Path(__file__).resolve().parents[1] / "reader" / "ui" / "reader.tcss")

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start
        self.results: list[Path | None] = []

    def on_mount(self) -> None:
        self.push_screen(OpenFileDialog(self.start), self.results.append)


def _status(app: App[None]) -> str:
    return str(app.screen.query_one("#open-status", Static).render())


async def test_tab_completes_and_enter_opens_the_file(folder: Path) -> None:
    app = Host(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        path_input = app.screen.query_one(Input)
        assert path_input.value == f"{folder}/"
        await pilot.press("m", "a", "tab")
        assert path_input.value == f"{folder}/mail/"
        await pilot.press("l", "tab", "enter")
        await pilot.pause()
    assert app.results == [folder / "mail" / "list.mbox"]


async def test_tab_on_several_names_lists_them(folder: Path) -> None:
    app = Host(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", "tab")
        assert app.screen.query_one(Input).value == f"{folder}/reddit-"
        assert _status(app) == "2 matches: reddit-one.json  reddit-two.json"


async def test_a_missing_path_says_so_and_stays(folder: Path) -> None:
    app = Host(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"[bold]x", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OpenFileDialog)
        assert _status(app) == f"No such file or folder: {folder}/[bold]x"
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_enter_on_a_folder_moves_there(folder: Path) -> None:
    app = Host(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"mail", "enter")
        await pilot.pause()
        assert app.screen.query_one(DirectoryTree).path == folder / "mail"
        assert app.screen.query_one(Input).value == f"{folder}/mail/"


async def test_a_file_picked_in_the_tree_is_opened(folder: Path) -> None:
    app = Host(folder)
    async with app.run_test(size=(100, 30)) as pilot:
        tree = app.screen.query_one(DirectoryTree)
        await pilot.press("ctrl+t")
        assert tree.has_focus
        while not tree.root.children:
            await pilot.pause()
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["mail", "blog [draft].txt", "reddit-one.json", "reddit-two.json"]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.query_one(Input).value == f"{folder}/mail/"
        await pilot.press("down", "down", "enter")
        await pilot.pause()
    assert app.results == [folder / "blog [draft].txt"]
