"""The help screen: every key that works where the reader is."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.ui.keys import bindings, key_hint


def key_table(
    sections: list[tuple[str, list[Binding]]], key_display: Callable[[Binding], str]
) -> Text:
    """Every binding, grouped by where it applies, keys merged per action."""
    text = Text()
    for number, (title, section) in enumerate(sections):
        if number:
            text.append("\n")
        text.append(f"{title}\n", Style(bold=True, underline=True))
        merged: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for binding in section:
            keys = [key_display(Binding(key.strip(), "")) for key in binding.key.split(",")]
            merged.setdefault(binding.action, []).extend(keys)
            descriptions.setdefault(binding.action, binding.description or binding.action)
        for action, keys in merged.items():
            text.append(f"  {' / '.join(keys):<22}", Style(bold=True))
            text.append(f"{descriptions[action]}\n")
    return text


class HelpScreen(ModalScreen[None]):
    """Every key of the screen it was opened over, and the app-wide ones."""

    BINDINGS = bindings("help")

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style=Style(bold=True)), id="help-title")
            yield Static(key_table(self.sections, self.app.get_key_display), id="help-keys")
            hint = f"{key_hint(self.app, 'help.close')} closes this help"
            yield Static(Text(hint, style=Style(dim=True)), id="help-hint")

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
