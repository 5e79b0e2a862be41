"""The thread-reader App: loads an archive in a worker, then shows the thread screen."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from platformdirs import user_downloads_path
from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme
from textual.worker import get_current_worker

from reader.annotations import Annotations, locate
from reader.config import Config
from reader.formats import PREVIEW_MIN_BYTES, ArchiveError, load, load_preview, set_progress
from reader.model import Thread
from reader.store import Anchor, Store, StoreError
from reader.themes import ThemeSet, load_themes, with_reader_variables
from reader.ui import links
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
from reader.ui.collector import IdleCollector
from reader.ui.dialogs.help import HelpScreen
from reader.ui.dialogs.links import LinkPicker
from reader.ui.dialogs.notes import BookmarksList, Target
from reader.ui.messages import LinksRequested, OpenRequested
from reader.ui.palette import DEFAULTS
from reader.ui.screens.loading import LoadingScreen
from reader.ui.screens.start import StartScreen
from reader.ui.screens.thread import ThreadScreen
from reader.ui.widgets.pane import ReadingPane
from reader.ui.widgets.searchbar import SearchBar
from reader.ui.widgets.tree import CommentTree


class ReaderApp(App[None]):
    """Read archived threads: the one given, or one picked on the start screen."""

    CSS_PATH = "reader.tcss"
    TITLE = "thread-reader"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("t", "next_theme", "Next theme", show=False, id="app.next_theme"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("B", "bookmarks", "Bookmarks list", show=False, id="app.bookmarks"),
        Binding("tab", "focus_next", "Tree/pane", show=False, id="app.focus_next"),
        Binding("shift+tab", "focus_previous", "Pane/tree", show=False, id="app.focus_previous"),
    ]

    def __init__(
        self,
        path: Path | None = None,
        *,
        format: str | None = None,
        data_dir: Path | None = None,
        config: Config | None = None,
        theme: str | None = None,
        themes: ThemeSet | None = None,
        settings: SettingStore | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        """`theme` is --theme (this run only); `settings` (the store unless given) remembers
        the theme picked in the app. Without `themes`, the theme files are read here.
        """
        super().__init__()
        self.path = path
        self.format = format
        self.data_dir = data_dir
        self.thread: Thread | None = None
        self.load_error: str | None = None
        self.no_color = "NO_COLOR" in os.environ
        self.store: Store | None = None
        self.store_problem: str | None = None
        self._opened_one = False
        self._launched_with_file = path is not None
        self._preview: ThreadScreen | None = None  # the first comments of a file being read
        self.preview_from = PREVIEW_MIN_BYTES  # files this large show a preview while read
        self.collector = IdleCollector()
        self.open_store()
        self.config = config or Config()
        self.settings: SettingStore | None = settings if settings is not None else self.store
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

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown)):
            self.collector.touch()
        await super().on_event(event)

    def on_mount(self) -> None:
        self.set_interval(1.0, self.collector.tick, name="idle-gc")
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.warnings:
            self._tell_warnings()
        if self.store_problem is not None:
            self.notify(
                f"Notes are read-only: {self.store_problem}",
                severity="warning",
                timeout=12,
                markup=False,
            )
        if self.path is None:
            self.push_screen(self.start_screen())
        else:
            self.open_thread(self.path)

    def on_unmount(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ThreadScreen):
                screen.flush_reads()
        if self.store is not None:
            self.store.close()
        self.collector.stop()

    def open_store(self) -> None:
        """Open the store; if it cannot be used, threads still open, with notes read-only."""
        try:
            self.store = Store.open(self.data_dir)
        except StoreError as error:
            self.store_problem = str(error)

    def start_screen(self) -> StartScreen:
        recent = []
        if self.store is not None:
            try:
                recent = self.store.recent_threads()
            except StoreError as error:
                self.notify(str(error), severity="error", markup=False)
        return StartScreen(recent, self.store_problem)

    def on_open_requested(self, message: OpenRequested) -> None:
        self.open_thread(message.path)

    def open_thread(self, path: Path, jump: Anchor | None = None) -> None:
        """Read `path` in a worker (the thread shown replaced), then show it at `jump`."""
        self.path = path
        self._preview = None
        loading = LoadingScreen(path)
        self.collector.pause()
        if isinstance(self.screen, ThreadScreen | LoadingScreen):
            self.switch_screen(loading)
        else:
            self.push_screen(loading)
        self.load_thread(path, jump, loading)

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
    def load_thread(self, path: Path, jump: Anchor | None, loading: LoadingScreen) -> None:
        """Read the file; a large one shows its first comments meanwhile (not for a jump)."""
        preview = None if jump is not None else load_preview(path, self.format, self.preview_from)
        report = loading.report
        if preview is not None:
            report = self.call_from_thread(self.show_preview, preview, loading).report
        try:
            thread = _load_unless_cancelled(path, self.format, report)
        except ArchiveError as error:
            self.call_from_thread(self.fail, str(error))
            return
        if thread is None:
            return  # the app quits, or reads another file
        index = locate(thread, [jump]).get(jump.comment_id) if jump is not None else None
        self.call_from_thread(self.show_thread, thread, Annotations.opening(thread), index)
        # The store records the visit while the screen mounts (SQLite lets go of the GIL).
        annotations = Annotations.open(self.store, thread, self.store_problem)
        self.call_from_thread(self.attach_annotations, annotations)

    def fail(self, message: str) -> None:
        self.collector.settle()
        preview, self._preview = self._preview, None
        while preview is not None and preview in self.screen_stack and self.screen is not preview:
            self.pop_screen()  # what is over the preview goes with it
        if not self._opened_one and self._launched_with_file:
            self.load_error = message
            self.exit(return_code=2)
            return
        self.notify(message, severity="error", timeout=10, markup=False)
        self.switch_screen(self.start_screen())

    def show_preview(self, thread: Thread, loading: LoadingScreen) -> ThreadScreen:
        """Show the first comments of the file `loading` reads, until `show_thread`."""
        screen = ThreadScreen(thread, Annotations.opening(thread), config=self.config, partial=True)
        if self.screen is loading:
            self.switch_screen(screen)
            self._preview = screen
        return screen

    def show_thread(
        self, thread: Thread, annotations: Annotations, jump: int | None = None
    ) -> None:
        self.thread = thread
        self._opened_one = True
        self.collector.settle()
        preview, self._preview = self._preview, None
        if preview is not None and preview.is_mounted and preview in self.screen_stack:
            preview.complete(thread, annotations)  # in place: dialogs over it stay open
            return
        self.switch_screen(ThreadScreen(thread, annotations, jump, config=self.config))

    def attach_annotations(self, annotations: Annotations) -> None:
        """Give the thread on screen its notes, bookmarks and read marks from the store."""
        screens = [s for s in self.screen_stack if isinstance(s, ThreadScreen)]
        if not screens or screens[-1].thread is not annotations.thread:
            return  # the reader has moved on
        if annotations.unavailable and self.store is not None:
            self.notify(
                f"Notes are read-only: {annotations.unavailable}", severity="warning", markup=False
            )
        screens[-1].attach(annotations)

    def action_bookmarks(self) -> None:
        preview = self._preview
        if preview is not None and preview.needs_whole_thread("The bookmarks list opens"):
            return
        if self.store is None:
            problem = f"Notes are read-only: {self.store_problem}"
            self.notify(problem, severity="error", markup=False)
            return
        try:
            bookmarks = self.store.bookmarks()
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.push_screen(BookmarksList(bookmarks), self.jump_to)

    def jump_to(self, target: Target | None) -> None:
        """Go to a listed note or bookmark: in this thread, or by opening its file."""
        if target is None:
            return
        screen = self.screen
        if isinstance(screen, ThreadScreen) and screen.annotations.key == target.thread_id:
            found = locate(screen.thread, [target.anchor]).get(target.anchor.comment_id)
            if found is not None:
                screen.select_comment(found)
                return
            self._gone(target, "is not in this copy of the thread")
            return
        if target.path and Path(target.path).is_file():
            self.open_thread(Path(target.path), target.anchor)
            return
        self._gone(target, f"is in a file that is gone ({target.path or 'never saved'})")

    def _gone(self, target: Target, why: str) -> None:
        author = target.anchor.author or "anonymous"
        self.notify(
            f"The comment by {author} in “{target.thread_title}” {why}.\n"
            f"Saved excerpt: {target.anchor.excerpt[:300]}",
            title="Cannot go there",
            severity="error",
            timeout=15,
            markup=False,
        )

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

    def on_links_requested(self, message: LinksRequested) -> None:
        if len(message.links) == 1:
            self.open_link(message.links[0])
        else:
            self.push_screen(LinkPicker(message.links), self._open_chosen)

    def _open_chosen(self, link: str | None) -> None:
        if link:
            self.open_link(link)

    def open_link(self, link: str) -> None:
        """Open a link the way reader.ui.links chooses (the notification says which)."""
        links.open_link(self, link)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save into the downloads folder, or the home folder when there is none (Textual
        would fail with only "Failed to save screenshot"); remember where, for a failure."""
        folder = Path(path) if path else screenshot_folder()
        self._screenshot_folder = folder
        return super().deliver_screenshot(filename, str(folder), time_format)

    @on(events.DeliveryFailed)
    def _screenshot_failed(self, event: events.DeliveryFailed) -> None:
        """Say where the screenshot was to go and why it could not (instead of Textual)."""
        if event.name != "screenshot":
            return
        event.prevent_default()
        error = event.exception
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        where = getattr(self, "_screenshot_folder", "the downloads folder")
        self.notify(
            f"Screenshot not saved in {where}: {reason}",
            title="Screenshot",
            severity="error",
            markup=False,
        )


def screenshot_folder() -> Path:
    """The downloads folder if it exists, else the home folder, else the current one."""
    for folder in (user_downloads_path(), Path.home()):
        if folder.is_dir():
            return folder
    return Path.cwd()


CANCEL_POLL_SECONDS = 0.05


def _load_unless_cancelled(
    path: Path, format: str | None, report: Callable[[float], None]
) -> Thread | None:
    """`load` on a daemon thread telling `report` how far it has got, given up (None) when
    the calling worker is cancelled.

    A worker's thread cannot be stopped, and Python waits for it before it exits: quitting
    while a million comments are read would hang for the seconds the read has left.
    """
    worker = get_current_worker()
    outcome: list[Thread | BaseException] = []

    def read() -> None:
        set_progress(report)
        try:
            thread = load(path, format)
            thread.by_depth  # noqa: B018 (what keys and the header use, built off the UI thread)
            thread.kind_counts(), thread.max_depth()
        except BaseException as error:  # raised again on the worker's thread, just below
            outcome.append(error)
            return
        outcome.append(thread)

    reading = threading.Thread(target=read, name=f"read {path.name}", daemon=True)
    reading.start()
    while reading.is_alive():
        reading.join(CANCEL_POLL_SECONDS)
        if worker.is_cancelled:
            return None
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


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
