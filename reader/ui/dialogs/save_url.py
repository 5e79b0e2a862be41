"""The save-from-URL dialog: a thread's web address, checked against the known sites."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.sites import known_sites, site_for
from reader.sites.base import FetchError
from reader.ui.keys import bindings, key_hint


class SaveUrlDialog(ModalScreen[str | None]):
    """Ask for the URL of a thread to save; a URL of no known site is refused here, offline."""

    BINDINGS = bindings("url")

    def compose(self) -> ComposeResult:
        with Vertical(id="save-url", classes="dialog"):
            yield Input(placeholder="https://www.reddit.com/r/…/comments/…", id="save-url-input")
            yield Static(Text(f"Sites: {known_sites()}"), id="save-url-status")
            yield Static(id="save-url-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#save-url").border_title = "Save a thread from its URL"
        hint = Text()
        hint.append("enter", Style(bold=True))
        hint.append(" save and open · ")
        hint.append(key_hint(self.app, "url.cancel"), Style(bold=True))
        hint.append(" cancel")
        self.query_one("#save-url-hint", Static).update(hint)
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        url = event.value.strip()
        try:
            site_for(url)
        except FetchError as error:
            self.set_class(True, "-problem")
            self.query_one("#save-url-status", Static).update(Text(str(error)))
            return
        self.dismiss(url)

    def action_cancel(self) -> None:
        self.dismiss(None)
