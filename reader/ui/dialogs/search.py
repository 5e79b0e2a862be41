"""Search every indexed thread's comments (SQLite FTS5); enter opens the thread at one."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.store import Anchor, BadQuery, Match, Store, StoreError
from reader.text_forms import plural
from reader.ui.dialogs.notes import Target
from reader.ui.keys import bindings, key_hint

RESULTS = 200


def match_label(match: Match) -> Text:
    """Thread, author and date, then the excerpt with the matched words in reverse."""
    label = Text()
    label.append(match.thread_title or match.path, Style(bold=True))
    date = (match.created or "")[:10]
    label.append(f"\n  {match.author or 'anonymous'}", Style(bold=True))
    if date:
        label.append(f" · {date}", Style(dim=True))
    label.append("\n  ")
    for piece, hit in match.excerpt_parts():
        label.append(" ".join(piece.split("\n")), Style(reverse=True) if hit else Style())
    return label


class SearchScreen(ModalScreen[Target | None]):
    """A query box over the list of matches; dismisses with the comment chosen."""

    BINDINGS = bindings("found")

    def __init__(self, store: Store, query: str = "") -> None:
        super().__init__()
        self.store = store
        self.query_text = query
        self.matches: list[Match] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-all", classes="dialog"):
            yield Input(self.query_text, placeholder="words, \"a phrase\", prefix*, author:NAME",
                        id="search-query")  # fmt: skip
            yield Static(id="search-status", classes="dialog-hint")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one("#search-all").border_title = "Search all threads"
        self._status(
            f"⏎ searches · {key_hint(self.app, 'found.close')} closes · "
            'AND, OR, NOT, "phrases", prefix*, author:NAME, title:, note:'
        )
        self.query_one("#search-query", Input).focus()

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Text(text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.run_query(event.value)

    def run_query(self, query: str) -> None:
        """Search, list the matches and move to them (or say why there are none)."""
        results = self.query_one("#search-results", OptionList)
        if not query.strip():
            return
        try:
            self.matches = self.store.search(query, limit=RESULTS)
        except (BadQuery, StoreError) as error:
            self._status(str(error))
            return
        results.clear_options()
        results.add_options(
            Option(match_label(match), id=str(number)) for number, match in enumerate(self.matches)
        )
        if not self.matches:
            self._status(f"No match for {query!r} in the threads indexed so far.")
            return
        more = (
            " (the best first; refine the query for others)" if len(self.matches) >= RESULTS else ""
        )
        self._status(
            f"{plural(len(self.matches), 'match', 'matches')}{more} · ⏎ opens the thread at one"
        )
        results.highlighted = 0
        results.focus()

    def action_edit_query(self) -> None:
        self.query_one("#search-query", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        match = self.matches[int(event.option.id)]
        excerpt = "".join(piece for piece, _ in match.excerpt_parts()).strip("…")
        anchor = Anchor(match.comment_id, match.position, match.author, match.created, excerpt)
        self.dismiss(Target(match.thread_id, match.thread_title, match.path, anchor))
