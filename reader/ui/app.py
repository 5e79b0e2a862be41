"""The thread-reader App: loads an archive in a worker, then shows the thread screen."""

from __future__ import annotations

import os
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding

from reader.formats import ArchiveError, load
from reader.model import Thread
from reader.ui.dialogs import HelpScreen, LinkPicker
from reader.ui.palette import DEFAULTS
from reader.ui.pane import ReadingPane
from reader.ui.screens import LoadingScreen, ThreadScreen
from reader.ui.tree import CommentTree


class ReaderApp(App[None]):
    """Read one archived thread."""

    CSS_PATH = "reader.tcss"
    TITLE = "thread-reader"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("tab", "focus_next", "Tree/pane", show=False, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Pane/tree", show=False, id="app.focus_previous"),
    ]

    def __init__(self, path: Path, *, format: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.format = format
        self.thread: Thread | None = None
        self.load_error: str | None = None
        self.no_color = "NO_COLOR" in os.environ

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **DEFAULTS}

    def on_mount(self) -> None:
        self.push_screen(LoadingScreen(self.path))
        self.load_thread()

    @work(thread=True, exclusive=True)
    def load_thread(self) -> None:
        try:
            thread = load(self.path, self.format)
        except ArchiveError as error:
            self.call_from_thread(self.fail, str(error))
            return
        self.call_from_thread(self.show_thread, thread)

    def fail(self, message: str) -> None:
        self.load_error = message
        self.exit(return_code=2)

    def show_thread(self, thread: Thread) -> None:
        self.thread = thread
        self.switch_screen(ThreadScreen(thread))

    def action_help(self) -> None:
        sections = [
            ("Comment tree", list(CommentTree.BINDINGS)),
            ("Reading pane", list(ReadingPane.BINDINGS)),
            ("Thread screen", list(ThreadScreen.BINDINGS)),
            ("Everywhere", [*self.BINDINGS, Binding("ctrl+p", "command_palette", "Commands")]),
        ]
        self.push_screen(HelpScreen(sections))  # type: ignore[arg-type]

    def on_comment_tree_link_requested(self, message: CommentTree.LinkRequested) -> None:
        if len(message.links) == 1:
            self.open_link(message.links[0])
        else:
            self.push_screen(LinkPicker(message.links), self._open_chosen)

    def _open_chosen(self, link: str | None) -> None:
        if link:
            self.open_link(link)

    def open_link(self, link: str) -> None:
        self.open_url(link)
        self.notify(f"Opening {link}", markup=False)
