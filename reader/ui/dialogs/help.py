"""Modal dialogs: the help screen and the link picker."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def key_table(
    sections: list[tuple[str, list[Binding]]], key_display: Callable[[Binding], str]
) -> Text:
    """Every binding, grouped by where it applies, keys merged per action."""
    text = Text()
    for number, (title, bindings) in enumerate(sections):
        if number:
            text.append("\n")
        text.append(f"{title}\n", Style(bold=True, underline=True))
        merged: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for binding in bindings:
            keys = [key_display(Binding(key.strip(), "")) for key in binding.key.split(",")]
            merged.setdefault(binding.action, []).extend(keys)
            descriptions.setdefault(binding.action, binding.description or binding.action)
        for action, keys in merged.items():
            text.append(f"  {' / '.join(keys):<22}", Style(bold=True))
            text.append(f"{descriptions[action]}\n")
    return text


class HelpScreen(ModalScreen[None]):
    """Every key, for the tree, the reading pane and the whole app."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
        Binding("j,down", "scroll('down')", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Up", show=False, id="help.up"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("Keys", style=Style(bold=True)), id="help-title")
            yield Static(key_table(self.sections, self.app.get_key_display), id="help-keys")
            yield Static(Text("escape closes this help", style=Style(dim=True)))

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
