"""The start screen (`thread-reader` with no file): recent threads beside the bundled samples."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader import resources
from reader.store import ThreadRecord
from reader.text_forms import number, plural
from reader.ui.keys import bindings, key_hint
from reader.ui.messages import OpenRequested


def recent_label(record: ThreadRecord) -> Text:
    """Title, counts and where the file was (or that it is gone)."""
    label = Text()
    label.append(record.title or "(untitled)", Style(bold=True))
    counts = [f"{number(record.unread)} unread", plural(record.notes, "note")]
    if record.bookmarks:
        counts.append(plural(record.bookmarks, "bookmark"))
    label.append("\n  " + " · ".join(counts), Style(dim=True))
    if record.path and Path(record.path).exists():
        label.append(f"\n  {record.path}", Style(dim=True))
    else:
        label.append(f"\n  file not found: {record.path or 'unknown'}", Style(italic=True))
    return label


def bundled_samples() -> list[Path]:
    """The bundled sample threads (none if the samples folder is missing)."""
    try:
        return resources.samples()
    except OSError:
        return []


class StartScreen(Screen[None]):
    """Pick a thread: one read before, or a bundled sample."""

    BINDINGS = bindings("start")

    def __init__(self, recent: list[ThreadRecord], problem: str | None = None) -> None:
        super().__init__()
        self.recent = recent
        self.problem = problem
        self.samples = bundled_samples()

    def compose(self) -> ComposeResult:
        yield Static(Text("thread-reader", Style(bold=True)), id="header")
        if self.problem:
            yield Static(Text(f"Notes are read-only: {self.problem}"), id="start-problem")
        with Horizontal(id="start"):
            with Vertical(id="start-recent-side"):
                yield OptionList(*self._recent_options(), id="start-recent")
            with Vertical(id="start-samples-side"):
                yield OptionList(*self._sample_options(), id="start-samples")
        yield Footer()

    def _recent_options(self) -> list[Option]:
        if not self.recent:
            samples = key_hint(self.app, "start.samples")
            return [Option(Text(f"Nothing opened yet: try a sample ({samples})"), disabled=True)]
        return [Option(recent_label(r), id=f"r{n}") for n, r in enumerate(self.recent)]

    def _sample_options(self) -> list[Option]:
        if not self.samples:
            return [Option(Text("No bundled samples found."), disabled=True)]
        return [Option(Text(p.name), id=f"s{n}") for n, p in enumerate(self.samples)]

    def on_mount(self) -> None:
        self.query_one("#start-recent", OptionList).border_title = "Recent threads"
        self.query_one("#start-samples", OptionList).border_title = "Samples"
        side = "recent" if self.recent else "samples"
        self.query_one(f"#start-{side}", OptionList).focus()

    def action_focus_side(self, side: str) -> None:
        self.query_one(f"#start-{side}", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        number = int(option_id[1:])
        if option_id.startswith("s"):
            self.post_message(OpenRequested(self.samples[number]))
            return
        record = self.recent[number]
        if record.path and Path(record.path).exists():
            self.post_message(OpenRequested(Path(record.path)))
        else:
            self.notify(
                f"{record.title}: the file is gone ({record.path}).",
                severity="error",
                markup=False,
            )
