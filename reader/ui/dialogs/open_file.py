"""The open-file dialog: type a path with completion, or pick a file in a directory tree."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input, Static

from reader.ui.keys import bindings, key_hint

MAX_CANDIDATES_SHOWN = 40


def expand_home(text: str) -> str:
    """`~` and `~user` at the front become the home folder; anything else stays as typed."""
    return os.path.expanduser(text) if text.startswith("~") else text


def with_slash(path: Path) -> str:
    """A folder as the input shows it: with a trailing separator."""
    text = str(path)
    return text if text.endswith(os.sep) else text + os.sep


def _names(folder: Path, prefix: str) -> list[str]:
    """Entries of `folder` starting with `prefix`, folders with a trailing "/", sorted.

    Hidden entries only match a prefix that starts with ".".
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    names = []
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        if entry.name.startswith(".") and not prefix.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        names.append(entry.name + os.sep if is_dir else entry.name)
    return sorted(names)


def _common_prefix(names: list[str]) -> str:
    """The longest start every name shares, letter by letter (not path by path)."""
    first, last = min(names), max(names)
    length = 0
    while length < len(first) and first[length] == last[length]:
        length += 1
    return first[:length]


def complete(text: str, cwd: Path) -> tuple[str, list[str]]:
    """Complete the last name of `text` (relative to `cwd`): the new text and the candidates.

    One match completes whole (a folder gets a trailing "/"); several complete to their
    longest common prefix and are all returned; no match keeps the text as it was.
    """
    expanded = expand_home(text)
    head, sep, prefix = expanded.rpartition(os.sep)
    folder = Path(head + sep) if sep else Path()
    candidates = _names(folder if folder.is_absolute() else cwd / folder, prefix)
    if not candidates:
        return text, []
    return head + sep + _common_prefix(candidates), candidates


def resolve(text: str, cwd: Path) -> Path:
    """The path `text` names: `~` expanded, relative to `cwd`, `..` folded away."""
    path = Path(expand_home(text.strip()))
    return Path(os.path.normpath(path if path.is_absolute() else cwd / path))


def unreadable(path: Path) -> str | None:
    """Why `path` cannot be opened as a file, or None when it can."""
    if not path.exists():
        return f"No such file or folder: {path}"
    if not path.is_file():
        return f"Not a file: {path}"
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        return f"Cannot read {path}: {error.strerror or error}"
    return None


def starting_folder(start: Path) -> Path:
    """`start` if it is a folder, else its nearest existing parent folder, else home."""
    for folder in (start, *start.parents):
        if folder.is_dir():
            return folder
    return Path.home()


class PathSuggester(Suggester):
    """Suggest inline the completion tab would make, when there is exactly one way to go."""

    def __init__(self, cwd: Callable[[], Path]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.cwd = cwd

    async def get_suggestion(self, value: str) -> str | None:
        completed, _ = await asyncio.to_thread(complete, value, self.cwd())
        expanded = expand_home(value)
        if len(completed) > len(expanded) and completed.startswith(expanded):
            return value + completed[len(expanded) :]
        return None


class FileTree(DirectoryTree):
    """A directory tree without hidden files, its icons drawn in any terminal font."""

    ICON_NODE = "▸ "
    ICON_NODE_EXPANDED = "▾ "
    ICON_FILE = "  "

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [path for path in paths if not path.name.startswith(".")]


class OpenFileDialog(ModalScreen[Path | None]):
    """Ask for a file to open: a path typed with completion, or a file picked in a tree."""

    BINDINGS = bindings("open")

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.folder = starting_folder(start.expanduser())

    def compose(self) -> ComposeResult:
        with Vertical(id="open-file", classes="dialog"):
            yield Input(
                with_slash(self.folder),
                placeholder="a file, or a folder to look in",
                suggester=PathSuggester(lambda: self.folder),
                select_on_focus=False,
                id="open-path",
            )
            yield Static(id="open-status")
            yield FileTree(self.folder, id="open-tree")
            yield Static(id="open-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#open-file").border_title = "Open a file"
        self.query_one("#open-hint", Static).update(self._hint())
        self.query_one(Input).focus()

    def _hint(self) -> Text:
        keys = [
            (key_hint(self.app, "open.complete"), "complete"),
            ("enter", "open"),
            (key_hint(self.app, "open.switch"), "path / tree"),
            (key_hint(self.app, "open.cancel"), "cancel"),
        ]
        hint = Text()
        for number, (key, what) in enumerate(keys):
            hint.append(" · " if number else "")
            hint.append(key, Style(bold=True))
            hint.append(f" {what}")
        return hint

    def _say(self, message: str | Text, problem: bool = False) -> None:
        """Show the status line, as plain text (file names may hold "["); problems stand out."""
        self.set_class(problem, "-problem")
        text = Text(message) if isinstance(message, str) else message
        self.query_one("#open-status", Static).update(text)

    def _set_path(self, text: str) -> None:
        path_input = self.query_one(Input)
        path_input.value = text
        path_input.cursor_position = len(text)

    def _show_candidates(self, candidates: list[str]) -> None:
        shown = candidates[:MAX_CANDIDATES_SHOWN]
        line = Text(f"{len(candidates)} matches: ", Style(dim=True))
        line.append("  ".join(shown))
        if len(candidates) > len(shown):
            line.append("  …", Style(dim=True))
        self._say(line)

    def action_complete(self) -> None:
        """In the path: complete the last name. In the tree: back to the path."""
        path_input = self.query_one(Input)
        if not path_input.has_focus:
            path_input.focus()
            return
        completed, candidates = complete(path_input.value, self.folder)
        if completed != path_input.value:
            self._set_path(completed)
        if len(candidates) > 1:
            self._show_candidates(candidates)
        elif not candidates:
            self._say("Nothing here starts with that name.")
        else:
            self._say("")

    def action_switch(self) -> None:
        path_input = self.query_one(Input)
        if path_input.has_focus:
            self.query_one(FileTree).focus()
        else:
            path_input.focus()

    def action_tree(self) -> None:
        self.query_one(FileTree).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _open(self, path: Path) -> None:
        """Dismiss with `path` if it can be read; otherwise say why and stay."""
        problem = unreadable(path)
        if problem is None:
            self.dismiss(path)
        else:
            self._say(problem, problem=True)

    def _go_to(self, folder: Path) -> None:
        """Show `folder` in the tree and in the path."""
        self.folder = folder
        self.query_one(FileTree).path = folder
        self._set_path(with_slash(folder))
        self._say("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = resolve(event.value, self.folder)
        if path.is_dir():
            self._go_to(path)
        else:
            self._open(path)

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self._open(event.path)

    def on_directory_tree_directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        event.stop()
        self._set_path(with_slash(event.path))
        self._say("")
