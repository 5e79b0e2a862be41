"""Dialogs of the filters: the menu of filters (on and off), the participants to pick an
author from, a date range and a minimum score. Archive text (names) enters as plain Text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.text_forms import plural
from reader.ui.keys import bindings, key_hint


def move_in(options: OptionList, step: int) -> None:
    """Move an option list's highlight one down (1) or up (-1), as j and k do."""
    if step > 0:
        options.action_cursor_down()
    else:
        options.action_cursor_up()


@dataclass(frozen=True)
class MenuEntry:
    """One row of the filter menu: the action it runs, its words, and whether it is on."""

    action: str  # the id of a registered action ("screen.filter_op")
    words: str
    active: bool = False


class FilterMenu(ModalScreen[str | None]):
    """Every filter with its key, those on marked: enter turns one on, or off if it is on.

    Dismisses with the id of the action to run (None: closed).
    """

    BINDINGS = bindings("filters")

    def __init__(self, entries: list[MenuEntry]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-menu", classes="dialog"):
            yield OptionList(*self._options(), id="filter-options")
            close = key_hint(self.app, "filters.close")
            hint = f"enter: turn on, or off if on (✓) · {close}: close"
            yield Static(Text(hint), classes="dialog-hint")

    def _options(self) -> list[Option]:
        options = []
        width = max(len(entry.words) for entry in self.entries)
        for number, entry in enumerate(self.entries):
            label = Text()
            label.append("✓ " if entry.active else "  ", Style(bold=True))
            label.append(entry.words.ljust(width), Style(bold=entry.active))
            label.append(f"  {key_hint(self.app, entry.action)}", Style(dim=True))
            options.append(Option(label, id=str(number)))
        return options

    def on_mount(self) -> None:
        on = sum(entry.active for entry in self.entries if entry.action != "screen.clear_filters")
        self.query_one("#filter-menu").border_title = f"Filters ({on} on)"
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def action_move(self, step: int) -> None:
        move_in(self.query_one(OptionList), step)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.entries[int(event.option.id or 0)].action)


class ParticipantPicker(ModalScreen[str | None]):
    """Every author with their comment count, most first, narrowed by a filter box.

    Dismisses with the author picked ("" for anonymous comments), None when cancelled.
    """

    BINDINGS = bindings("participants")

    def __init__(self, participants: list[tuple[str, int]], current: str | None = None) -> None:
        super().__init__()
        self.participants = participants
        self.current = current
        self.shown: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="participants", classes="dialog"):
            yield Input(placeholder="type to narrow the list", id="participants-filter")
            yield OptionList(id="participants-options")
            cancel = key_hint(self.app, "participants.cancel")
            hint = f"enter: only this author · ↓↑: move · {cancel}: cancel"
            yield Static(Text(hint), classes="dialog-hint")

    def on_mount(self) -> None:
        count = len(self.participants)
        self.query_one("#participants").border_title = f"Participants ({count})"
        self.fill("")
        self.query_one(Input).focus()

    def fill(self, typed: str) -> None:
        """List the participants whose name holds `typed` (any case)."""
        word = typed.strip().casefold()
        self.shown = [(name, n) for name, n in self.participants if word in name.casefold()]
        options = self.query_one(OptionList)
        options.clear_options()
        width = max((len(name or "anonymous") for name, _ in self.shown), default=0)
        for number, (name, count) in enumerate(self.shown):
            label = Text()
            label.append("✓ " if name == self.current else "  ", Style(bold=True))
            shown = name or "anonymous"
            label.append(shown.ljust(width), Style(bold=True, italic=not name))
            label.append(f"  {plural(count, 'comment')}", Style(dim=True))
            options.add_option(Option(label, id=str(number)))
        if not self.shown:
            nobody = Text(f"Nobody's name holds {typed.strip()!r}.")
            options.add_option(Option(nobody, disabled=True))
        else:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._pick(self.query_one(OptionList).highlighted)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option_index)

    def _pick(self, position: int | None) -> None:
        if position is not None and position < len(self.shown):
            self.dismiss(self.shown[position][0])

    def action_move(self, step: int) -> None:
        move_in(self.query_one(OptionList), step)


class AskDialog(ModalScreen[tuple[str, ...] | None]):
    """A few one-line entries (a date range, a score); tab moves between them, enter checks
    them with `check`, which gives an error in one line, or None to dismiss with what was typed.
    """

    BINDINGS = bindings("ask")

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, str]],
        explain: str,
        check: Callable[[tuple[str, ...]], str | None],
    ) -> None:
        """`fields`: (placeholder, initial value) of each entry."""
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.explain = explain
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="ask", classes="dialog"):
            yield Static(Text(self.explain), classes="dialog-hint")
            for number, (placeholder, value) in enumerate(self.fields):
                yield Input(value, placeholder=placeholder, id=f"ask-{number}")
            yield Static(id="ask-error")

    def on_mount(self) -> None:
        self.query_one("#ask").border_title = self.title_text
        self.query_one("#ask-0", Input).focus()

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(entry.value for entry in self.query(Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        problem = self.check(self.values)
        if problem:
            self.query_one("#ask-error", Static).update(Text(problem, Style(bold=True)))
            self.add_class("-failed")
            return
        self.dismiss(self.values)
