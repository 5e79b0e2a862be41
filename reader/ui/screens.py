"""Screens: loading a file, and the main thread screen (tree beside reading pane)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from reader.model import Thread
from reader.ui.header import ThreadHeader
from reader.ui.pane import ReadingPane
from reader.ui.searchbar import SearchBar
from reader.ui.tree import CommentTree


class LoadingScreen(Screen[None]):
    """Shown while a worker reads the archive."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="loading"):
            yield Static(Text(f"Reading {self.path} …"), id="loading-label")
            yield LoadingIndicator()


class ThreadScreen(Screen[None]):
    """The reader: header, comment tree on the left, reading pane on the right, footer."""

    BINDINGS = [
        Binding("slash", "search", "Search", id="screen.search"),
        Binding("z", "toggle_revealed", "Quotes/CW", show=False, id="screen.toggle_revealed"),
    ]

    def __init__(self, thread: Thread) -> None:
        super().__init__()
        self.thread = thread
        self._pane_target: int | None = None

    def compose(self) -> ComposeResult:
        yield ThreadHeader(self.thread, id="header")
        with Horizontal(id="main"):
            yield CommentTree(self.thread, id="tree")
            yield ReadingPane(self.thread, id="pane")
        yield SearchBar(id="search")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        self.query_one(CommentTree).focus()

    @property
    def comment_tree(self) -> CommentTree:
        return self.query_one(CommentTree)

    @property
    def reading_pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    def on_comment_tree_highlighted(self, message: CommentTree.Highlighted) -> None:
        """Show the comment once the tree has drawn its frame; a burst of moves shows the last."""
        pending = self._pane_target is not None
        self._pane_target = message.index
        if not pending:
            self.call_after_refresh(self._update_pane)

    def action_search(self) -> None:
        self.query_one(SearchBar).open(self.comment_tree.search_query)

    def on_search_bar_closed(self, message: SearchBar.Closed) -> None:
        self.comment_tree.focus()
        if message.query is not None:
            self.comment_tree.search(message.query)

    def on_comment_tree_filter_changed(self, message: CommentTree.FilterChanged) -> None:
        tree = message.tree
        notes = []
        if tree.search_query:
            notes.append(f"search {tree.search_query!r}: {len(tree.matches)} found")
        if tree.author_filter is not None:
            notes.append(f"only {tree.author_filter or 'anonymous'} (a shows all)")
        header = self.query_one(ThreadHeader)
        header.extra = " · ".join(notes)
        header.refresh_text()
        self.reading_pane.highlight = tree.search_query
        self.reading_pane.refresh_comment()

    def action_toggle_revealed(self) -> None:
        self.reading_pane.toggle_revealed()

    def _update_pane(self) -> None:
        if self._pane_target is not None:
            self.reading_pane.show(self._pane_target)
            self._pane_target = None
