"""The download screen: shown while a worker saves or refreshes a thread from the web."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from reader.text_forms import plural
from reader.ui.keys import bindings, key_hint


class DownloadScreen(Screen[None]):
    """What is being downloaded, requests made and comments so far; escape gives it up.

    The worker only stores the counts (`request`, `report`); the screen polls them.
    """

    BINDINGS = bindings("download")
    POLL_SECONDS = 0.25

    def __init__(self, what: str, url: str) -> None:
        super().__init__()
        self.what = what  # "Saving", "Refreshing"
        self.url = url
        self.requests = 0
        self.comments = 0
        self.notice = ""
        self.cancelled = False

    def compose(self) -> ComposeResult:
        with Vertical(id="loading"):
            yield Static(Text(f"{self.what} {self.url} …"), id="loading-label")
            yield Static(id="download-progress")
            yield Static(id="download-hint")

    def on_mount(self) -> None:
        hint = f"{key_hint(self.app, 'download.cancel')} cancels: nothing is written"
        self.query_one("#download-hint", Static).update(Text(hint))
        self._poll()
        self.set_interval(self.POLL_SECONDS, self._poll)

    def request(self, requests: int) -> None:
        self.requests = requests

    def report(self, comments: int) -> None:
        self.comments = comments

    def tell(self, notice: str) -> None:
        self.notice = notice

    def progress_line(self) -> str:
        line = f"{plural(self.requests, 'request')}, {plural(self.comments, 'comment')} so far"
        return f"{line}\n{self.notice}" if self.notice else line

    def _poll(self) -> None:
        self.query_one("#download-progress", Static).update(Text(self.progress_line()))

    def action_cancel(self) -> None:
        self.cancelled = True
        self.query_one("#loading-label", Static).update(Text(f"Cancelling {self.url} …"))
        self.app.workers.cancel_group(self.app, "download")
