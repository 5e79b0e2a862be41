"""The loading screen: shown while a worker reads a file that gets no preview."""

from __future__ import annotations

from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.widgets import ProgressBar


class LoadingScreen(Screen[None]):
    """Shown while a worker reads the archive; after half a second, how far it has got.

    Nothing on it animates: every frame drawn here takes the interpreter from the loading
    thread (an animated indicator made a one-second load 30-40 % slower). Progress is polled
    four times a second: a bar where the importer reports a fraction, else the seconds spent.
    The bar is made when first shown: most files are read before then, and its widgets cost
    the first frame some milliseconds.
    """

    SHOW_PROGRESS_AFTER = 0.5
    POLL_SECONDS = 0.25

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.fraction: float | None = None  # set from the loading thread (a plain store)
        self._started = monotonic()
        self._bar: ProgressBar | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="loading"):
            yield Static(Text(f"Reading {self.path} …"), id="loading-label")
            yield Static(id="loading-time")

    def on_mount(self) -> None:
        self.set_timer(self.SHOW_PROGRESS_AFTER, self._show_progress)

    def report(self, fraction: float) -> None:
        """Called by the importer on the loading thread: only remember the value."""
        self.fraction = fraction

    def _show_progress(self) -> None:
        self._poll_progress()
        self.set_interval(self.POLL_SECONDS, self._poll_progress)

    def _poll_progress(self) -> None:
        if self.fraction is not None:
            if self._bar is None:
                from textual.widgets import ProgressBar

                self._bar = ProgressBar(total=100, show_eta=False, id="loading-progress")
                self.query_one("#loading").mount(self._bar, before="#loading-time")
            self._bar.update(progress=round(self.fraction * 100))
            self.query_one("#loading-time", Static).display = False
        else:
            seconds = monotonic() - self._started
            self.query_one("#loading-time", Static).update(f"{seconds:.1f} s")
