"""The thread-reader App: opens archives in a worker and keeps the threads opened as a stack.

Opening a thread (from the command line, the library, a list or the open dialog) pushes
its screen; `backspace` goes back to the thread before, where it was left, then to the library
(the start screen). Once a thread is wholly read, its comments go into the search index
(unless the index holds this copy of the file already): a large thread's in a child process
(`reader.indexer`), which never holds this one's interpreter, a small one's in a worker thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_downloads_path
from textual import events, on, work
from textual.app import App
from textual.theme import BUILTIN_THEMES, Theme
from textual.worker import get_current_worker

from reader.actions import catalog, taken_keys
from reader.annotations import Annotations, locate
from reader.config import Config
from reader.formats import PREVIEW_MIN_BYTES, ArchiveError
from reader.formats.saved import saved_url
from reader.model import Thread
from reader.session import Opening, ReadingSession, open_thread
from reader.sites.base import Client, FetchError, FetchOptions, Network
from reader.store import Anchor, Store, StoreError
from reader.text_forms import plural
from reader.themes import ThemeSet, load_themes
from reader.ui import links
from reader.ui.appearance import (
    SettingStore,
    fitting_default,
    next_theme,
    remember_theme,
    remembered_theme,
    starting_theme,
)
from reader.ui.collector import IdleCollector
from reader.ui.commands import ActionCommands
from reader.ui.keys import bindings, help_sections
from reader.ui.messages import CommentChosen, LinksRequested, OpenRequested, RefreshRequested
from reader.ui.palette import DEFAULTS
from reader.ui.screens.loading import LoadingScreen
from reader.ui.screens.thread import ThreadScreen
from reader.ui.theming import builtin_with_reader_variables, textual_themes

# What only a key, a dialog or the start screen needs is imported where it is first used: the
# first frame waits for every import made here (tests/test_layering.py lists what it must not).
if TYPE_CHECKING:
    from reader.indexer import BackgroundIndexer
    from reader.sites.saving import Result
    from reader.ui.dialogs.notes import Target
    from reader.ui.screens.download import DownloadScreen
    from reader.ui.screens.start import StartScreen

Download = Callable[[Client, FetchOptions], "Result"]
PREVIEW_FRAME_WAIT = 1.0  # seconds the rest of a file waits at most for its preview's frame


class ReaderApp(App[None]):
    """Read archived threads: the one given, or one picked on the start screen."""

    CSS_PATH = "reader.tcss"
    TITLE = "thread-reader"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {ActionCommands}
    BINDINGS = bindings("app")

    def __init__(
        self,
        path: Path | None = None,
        *,
        library: Path | None = None,
        format: str | None = None,
        data_dir: Path | None = None,
        config: Config | None = None,
        theme: str | None = None,
        themes: ThemeSet | None = None,
        settings: SettingStore | None = None,
        warnings: Sequence[str] = (),
        network: Network | None = None,
    ) -> None:
        """`library` is a folder to list (`thread-reader DIR`); `theme` is --theme (this run
        only); `settings` (the store unless given) remembers the theme picked in the app.
        Without `themes`, the theme files are read here. `network` is how saving a URL
        (ctrl+o) and refreshing (R) may use the network.
        """
        super().__init__()
        self.path = path
        self.library = library
        self.format = format
        self.data_dir = data_dir
        self.network = network or Network()
        self.thread: Thread | None = None
        self.load_error: str | None = None
        self.no_color = "NO_COLOR" in os.environ
        self.store: Store | None = None
        self.store_problem: str | None = None
        self.indexer: BackgroundIndexer | None = None  # made for the first large thread read
        self._opened_one = False
        self._launched_with_file = path is not None
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
            for action, message in taken_keys(catalog(), self.keymap)
        ]

    def _install_themes(self, themes: ThemeSet, requested: str | None) -> None:
        """Register our themes (Textual's are given reader colours by `get_theme`); start in the
        chosen one."""
        for theme in textual_themes(themes).values():
            self.register_theme(theme)
        self.theme_cycle = themes.names() or [self.theme]
        name, messages = starting_theme(
            self.available_themes,
            requested=requested,
            remembered=remembered_theme(self.settings, self.config.theme),
            configured=self.config.theme,
            fallback=fitting_default(self.console.color_system),
        )
        self.warnings += messages
        self.theme = name

    def run(self, **options: Any) -> None:
        """Run in the terminal, the collector paused until the first frame (then as after a
        thread is read: see IdleCollector): what is made before it lives as long as the app."""
        self.collector.pause()
        return super().run(**options)

    def get_theme(self, theme_name: str) -> Theme | None:
        """The theme, Textual's own with the reader's colours: each worked out when first used
        (all 21 at start cost some 40 ms before the first frame)."""
        theme = super().get_theme(theme_name)
        if theme is not None and BUILTIN_THEMES.get(theme.name) is theme:
            return builtin_with_reader_variables(theme.name)
        return theme

    def refresh_css(self, animate: bool = True) -> None:
        """Before the first screen (the theme set in __init__ asks for this), only give the
        stylesheet the theme's variables: its first parse uses them. Textual would parse
        reader.tcss here and again for the first screen (8 ms each before the first frame)."""
        if self.screen_stack:
            super().refresh_css(animate)
        else:
            self.stylesheet.set_variables(self.get_css_variables())

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
        if self.library is not None:
            self._show_start()
        elif self.path is not None:
            self.open_thread(self.path)
        elif (welcome := self._first_run_sample()) is not None:
            self.open_thread(welcome)
        else:
            self._show_start()

    def _show_start(self) -> None:
        """The start screen; after its first frame, the collector as after a thread is read."""
        self.push_screen(self.start_screen())
        self.call_after_refresh(self.collector.settle)

    def _first_run_sample(self) -> Path | None:
        """The welcome sample when no thread was ever opened (None after, or without one)."""
        from reader.ui.screens.start import bundled_samples  # only without a file to open

        samples = bundled_samples()
        if self.store is None or not samples:
            return None
        try:
            return None if self.store.recent_threads(limit=1) else samples[0]
        except StoreError:
            return None

    def on_unmount(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ThreadScreen):
                screen.save_state()
        if self.indexer is not None:
            self.indexer.close()  # its child finishes the file it is on, not waited for
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
        from reader.ui.screens.start import StartScreen  # not imported when a file is opened

        return StartScreen(self.store, self.library, self.store_problem)

    def on_open_requested(self, message: OpenRequested) -> None:
        self.open_thread(message.path)

    def open_thread(self, path: Path, jump: Anchor | None = None) -> None:
        """Read `path` in a worker, over what is shown, then show it (at `jump`)."""
        self.path = path
        loading = LoadingScreen(path)
        self.collector.pause()
        if isinstance(self.screen, LoadingScreen):
            self.switch_screen(loading)  # the file being read is given up for this one
        else:
            self.push_screen(loading)
        opening = Opening(path, self.format, self.store, self.store_problem, self.preview_from)
        opening.jump = jump
        self.load_thread(opening, loading)

    def action_open_file(self) -> None:
        """Ask for a file to open (a path with completion, or picked in a folder tree)."""
        from reader.ui.dialogs.open_file import OpenFileDialog  # dialogs load when first opened

        if isinstance(self.screen, OpenFileDialog):
            return
        start = self.path.parent if self.path is not None else Path.cwd()
        self.push_screen(OpenFileDialog(start), self._open_chosen_file)

    def _open_chosen_file(self, path: Path | None) -> None:
        if path is not None:
            self.open_thread(path)

    # Saving from the web.

    def action_save_url(self) -> None:
        """Ask for a thread's URL, save it in the library, then open it."""
        from reader.ui.dialogs.save_url import SaveUrlDialog
        from reader.ui.screens.download import DownloadScreen

        if isinstance(self.screen, SaveUrlDialog | DownloadScreen):
            return
        self.push_screen(SaveUrlDialog(), self._save_chosen_url)

    def _save_chosen_url(self, url: str | None) -> None:
        if not url:
            return
        from reader.sites import saving  # the sites and the network code load on the first save
        from reader.ui.screens.download import DownloadScreen

        folder = saving.library_folder(self.data_dir)
        screen = DownloadScreen("Saving", url)
        self.push_screen(screen)
        self.download(
            screen, lambda client, options: saving.save(url, client, options, folder=folder)
        )

    def on_refresh_requested(self, message: RefreshRequested) -> None:
        from reader.sites import saving
        from reader.ui.screens.download import DownloadScreen

        if isinstance(self.screen, DownloadScreen):
            return
        screen = DownloadScreen("Refreshing", saved_url(message.path) or str(message.path))
        self.push_screen(screen)
        self.download(screen, lambda client, options: saving.refresh(message.path, client, options))

    @work(thread=True, exclusive=True, group="download")
    def download(self, screen: DownloadScreen, job: Download) -> None:
        """Run a save or refresh off the screen's thread; a cancel stops it at its next request."""
        worker = get_current_worker()
        client = self.network.client(
            notice=screen.tell, on_request=screen.request, cancelled=lambda: worker.is_cancelled
        )
        options = FetchOptions(max_requests=self.network.max_requests, report=screen.report)
        try:
            result = job(client, options)
        except FetchError as error:
            self.call_from_thread(self.download_failed, screen, str(error))
        except OSError as error:
            self.call_from_thread(self.download_failed, screen, f"cannot write: {error}")
        else:
            self.call_from_thread(self.downloaded, screen, result)

    def _close_download(self, screen: DownloadScreen) -> None:
        while screen in self.screen_stack:
            self.pop_screen()

    def download_failed(self, screen: DownloadScreen, message: str) -> None:
        self._close_download(screen)
        if screen.cancelled:
            self.notify("Download cancelled: nothing was written.", markup=False)
            return
        self.notify(message, title="Not saved", severity="error", timeout=12, markup=False)

    def downloaded(self, screen: DownloadScreen, result: Result) -> None:
        """Open what was saved; a refreshed thread takes the place of its old copy."""
        self._close_download(screen)
        if screen.cancelled:
            self.notify(f"Saved before the cancel took effect: {result.path}", markup=False)
            return
        if result.new is None:
            what = f"Saved {plural(result.comments, 'comment')} in {result.path}"
        else:
            from reader.sites.saving import refresh_summary

            what = f"Refreshed: {refresh_summary(result)}"
            old = self.screen
            if isinstance(old, ThreadScreen) and old.session.path == result.path:
                old.save_state()
                self.pop_screen()
        if not result.saved.complete:
            what += "\nNot every reply was fetched: the rest show as stubs."
        self.open_thread(result.path)
        self.notify(what, title=result.saved.title, timeout=8, markup=False)

    def action_previous_thread(self) -> None:
        """Back to the thread opened before this one, where it was left; then the start screen."""
        from reader.ui.screens.start import StartScreen

        screen = self.screen
        if not isinstance(screen, ThreadScreen | LoadingScreen):
            return
        if isinstance(screen, LoadingScreen):
            self.workers.cancel_group(self, "load")
        below = self.screen_stack[-2] if len(self.screen_stack) > 1 else None
        if isinstance(below, ThreadScreen | StartScreen):
            self.pop_screen()
            if isinstance(below, ThreadScreen):
                self.path = below.session.path
        else:
            self.switch_screen(self.start_screen())

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

    @work(thread=True, exclusive=True, group="load")
    def load_thread(self, opening: Opening, loading: LoadingScreen) -> None:
        """Open the file: a large one shows its first comments while the rest is read."""
        worker = get_current_worker()
        previews: list[ThreadScreen] = []

        def show_preview(session: ReadingSession) -> None:
            drawn = threading.Event()
            screen = self.call_from_thread(self.show_preview, session, loading, drawn.set)
            if screen is not None:
                previews.append(screen)
                # The rest is read once the preview is on screen: read meanwhile, it took the
                # interpreter from the first frame half the time.
                drawn.wait(PREVIEW_FRAME_WAIT)

        try:
            open_thread(
                opening,
                cancelled=lambda: worker.is_cancelled,
                show_preview=show_preview,
                show_whole=lambda whole: self.call_from_thread(
                    self.show_thread, whole, loading, previews[0] if previews else None
                ),
                attach=lambda annotations: self.call_from_thread(
                    self.attach_annotations, annotations
                ),
                report=loading.report,
            )
        except ArchiveError as error:
            if not worker.is_cancelled:
                self.call_from_thread(self.fail, str(error), loading, previews)

    def fail(self, message: str, loading: LoadingScreen, previews: list[ThreadScreen]) -> None:
        """The file cannot be read: say why where the reader was (at start: exit code 2)."""
        self.collector.settle()
        if not self._opened_one and self._launched_with_file:
            self.load_error = message
            self.exit(return_code=2)
            return
        for screen in [loading, *previews]:
            while screen in self.screen_stack:
                self.pop_screen()  # what is over it goes with it
        if len(self.screen_stack) <= 1:
            self.push_screen(self.start_screen())
        self.notify(message, severity="error", timeout=10, markup=False)

    def show_preview(
        self, session: ReadingSession, loading: LoadingScreen, drawn: Callable[[], None]
    ) -> ThreadScreen | None:
        """Show the first comments of the file `loading` reads, until `show_thread`; `drawn`
        is called once they are on screen."""
        if self.screen is not loading:
            return None  # given up meanwhile
        screen = ThreadScreen(session, config=self.config)
        screen.when_drawn(drawn)
        self.switch_screen(screen)
        return screen

    def show_thread(
        self, whole: ReadingSession, loading: LoadingScreen, preview: ThreadScreen | None
    ) -> None:
        self.thread = whole.thread
        self._opened_one = True
        self.collector.settle()
        if preview is not None and preview.is_mounted and preview in self.screen_stack:
            preview.complete(whole)  # in place: dialogs over it stay open
        elif self.screen is loading:
            self.switch_screen(ThreadScreen(whole, config=self.config))

    def attach_annotations(self, annotations: Annotations) -> None:
        """Give the thread's screen its notes, bookmarks and read marks from the store."""
        for screen in self.screen_stack:
            if isinstance(screen, ThreadScreen) and screen.thread is annotations.thread:
                break
        else:
            return  # the reader has moved on
        if annotations.unavailable and self.store is not None:
            self.notify(
                f"Notes are read-only: {annotations.unavailable}", severity="warning", markup=False
            )
        screen.attach(annotations)
        path = screen.session.path
        if self.store is not None and self.store.search_problem is None and path is not None:
            # Indexing a small thread takes some 25 ms of CPU: not from its first frame.
            screen.when_drawn(partial(self.index, annotations.thread, path, annotations.key))

    def index(self, thread: Thread, path: Path, key: str) -> None:
        """Put a thread just read into the search index unless it holds this copy: a large one
        by a child process, a small one in a worker thread.

        The index only helps search: a failure here (a locked or full store, no child) never
        disturbs reading, and the next opening of the file tries again.
        """
        from reader import indexer, library  # once a thread is read, not for the first frame

        assert self.store is not None
        try:
            if library.indexed_as_is(self.store, path):
                return
        except StoreError:
            return
        if len(thread.comments) > indexer.IN_PROCESS_AT_MOST:
            if self.indexer is None:
                self.indexer = indexer.BackgroundIndexer(self.store)
            self.indexer.add(path, key, self.format)
        else:
            self.index_thread(thread, path, key)

    # Named: Textual would name it by the repr of its arguments, on the screen's thread, and a
    # Thread's repr lists every comment (2-5 s for 100,000, when those were indexed here).
    @work(thread=True, group="index", description="index the thread for search")
    def index_thread(self, thread: Thread, path: Path, key: str) -> None:
        """Index a small thread just read, on the store's indexing connection."""
        from reader import library

        assert self.store is not None
        try:
            with self.store.companion() as store:
                library.index_thread(store, thread, path, key)
        except (StoreError, OSError):
            return

    def action_bookmarks(self) -> None:
        screen = self.screen
        if isinstance(screen, ThreadScreen) and screen.needs_whole_thread(
            "The bookmarks list opens"
        ):
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
        from reader.ui.dialogs.notes import BookmarksList

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

    def on_comment_chosen(self, message: CommentChosen) -> None:
        """Go to a comment chosen on a screen over its thread's (the statistics)."""
        for screen in self.screen_stack:
            if isinstance(screen, ThreadScreen) and screen.thread is message.thread:
                screen.select_comment(message.index)

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
        """Every key that works where the reader is, with the keys the user has."""
        from reader.ui.dialogs.help import HelpScreen

        self.push_screen(HelpScreen(help_sections(self.screen, self.keymap)))

    def on_links_requested(self, message: LinksRequested) -> None:
        from reader.ui.dialogs.links import LinkPicker

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
