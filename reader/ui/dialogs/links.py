"""The link picker: which of a comment's links to open."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.ui.keys import bindings


class LinkPicker(ModalScreen[str | None]):
    """Choose one of a comment's links to open."""

    BINDINGS = bindings("links")

    def __init__(self, links: list[str]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        options = [Option(Text(link), id=str(n)) for n, link in enumerate(self.links)]
        yield OptionList(*options, id="link-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).border_title = "Open which link?"

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.links[int(event.option.id or 0)])
