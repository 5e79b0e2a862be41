"""The thread-reader App: loads an archive in a worker, then shows the thread screen."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from reader.config import Config
from reader.formats import ArchiveError, load
from reader.model import Thread
from reader.themes import ThemeSet, load_themes, with_reader_variables
from reader.ui.appearance import (
    SettingStore,
    binding_catalog,
    next_theme,
    remember_theme,
    remembered_theme,
    starting_theme,
    taken_keys,
    with_user_keys,
)
from reader.ui.dialogs import HelpScreen, LinkPicker
from reader.ui.palette import DEFAULTS
from reader.ui.pane import ReadingPane
from reader.ui.screens import LoadingScreen, ThreadScreen
from reader.ui.searchbar import SearchBar
from reader.ui.tree import CommentTree


class ReaderApp(App[None]):
    """Read one archived thread."""

    CSS_PATH = "reader.tcss"
    TITLE = "thread-reader"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("t", "next_theme", "Next theme", show=False, id="app.next_theme"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("tab", "focus_next", "Tree/pane", show=False, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Pane/tree", show=False, id="app.focus_previous"),
    ]

    def __init__(
        self,
        path: Path,
        *,
        format: str | None = None,
        config: Config | None = None,
        theme: str | None = None,
        themes: ThemeSet | None = None,
        settings: SettingStore | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        """`theme` is --theme (this run only); `settings` remembers the theme picked in the app.

        Without `themes`, the bundled and user theme files are read here.
        """
        super().__init__()
        self.path = path
        self.format = format
        self.thread: Thread | None = None
        self.load_error: str | None = None
        self.no_color = "NO_COLOR" in os.environ
        self.config = config or Config()
        self.settings = settings
        self.warnings = list(warnings)
        if themes is None:
            themes = load_themes()
            self.warnings += [str(problem) for problem in themes.problems]
        self._install_themes(themes, requested=theme)
        self.keymap = dict(self._normalize_keymap(self.config.keys))
        self.set_keymap(self.keymap)
        self.warnings += [
            f"config.toml [keys] {action}: {message}"
            for action, message in taken_keys(key_catalog(), self.keymap)
        ]

    def _install_themes(self, themes: ThemeSet, requested: str | None) -> None:
        """Register our themes (and Textual's, given reader colours); start in the chosen one."""
        for builtin in list(self.available_themes.values()):
            self.register_theme(with_reader_variables(builtin))
        for theme in themes.themes.values():
            self.register_theme(theme)
        self.theme_cycle = themes.names() or [self.theme]
        name, messages = starting_theme(
            self.available_themes,
            requested=requested,
            remembered=remembered_theme(self.settings, self.config.theme),
            configured=self.config.theme,
        )
        self.warnings += messages
        self.theme = name

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **DEFAULTS}

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.warnings:
            self._tell_warnings()
        self.push_screen(LoadingScreen(self.path))
        self.load_thread()

    def _tell_warnings(self) -> None:
        shown = self.warnings[:6]
        more = len(self.warnings) - len(shown)
        text = "\n".join(shown) + (f"\n… and {more} more" if more > 0 else "")
        text += "\n`thread-reader config --check` lists every problem."
        self.notify(text, title="Settings", severity="warning", timeout=12, markup=False)

    def _remember_theme(self, theme: Theme) -> None:
        """Keep the theme picked in the app (t or the command palette) for the next run."""
        if self.settings is None:
            return
        try:
            remember_theme(self.settings, theme.name, self.config.theme)
        except Exception as error:  # a choice not remembered must never stop the reading
            self.notify(f"Could not remember the theme: {error}", severity="warning", markup=False)

    def action_next_theme(self) -> None:
        self.theme = next_theme(self.theme_cycle, self.theme)
        self.notify(f"Theme: {self.theme}", timeout=2, markup=False)

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
        self.switch_screen(ThreadScreen(thread, config=self.config))

    def action_help(self) -> None:
        everywhere = [*self.BINDINGS, Binding("ctrl+p", "command_palette", "Commands")]
        sections = [
            (title, with_user_keys(bindings, self.keymap))
            for title, bindings in (
                ("Comment tree", CommentTree.BINDINGS),
                ("Reading pane", ReadingPane.BINDINGS),
                ("Thread screen", ThreadScreen.BINDINGS),
                ("Everywhere", everywhere),
            )
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


def key_catalog() -> dict[str, tuple[str, str]]:
    """Every action config.toml [keys] can rebind: id -> (default keys, description)."""
    return binding_catalog(
        [
            ReaderApp.BINDINGS,
            CommentTree.BINDINGS,
            ReadingPane.BINDINGS,
            ThreadScreen.BINDINGS,
            SearchBar.BINDINGS,
            HelpScreen.BINDINGS,
            LinkPicker.BINDINGS,
        ]
    )
