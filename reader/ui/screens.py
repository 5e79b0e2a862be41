"""Screens: loading a file, and the main thread screen (tree beside reading pane)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from reader.config import Config
from reader.model import Thread
from reader.ui.header import ThreadHeader
from reader.ui.pane import ReadingPane
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

    def __init__(self, thread: Thread, *, config: Config | None = None) -> None:
        super().__init__()
        self.thread = thread
        self.config = config or Config()

    def compose(self) -> ComposeResult:
        yield ThreadHeader(self.thread, id="header")
        with Horizontal(id="main"):
            yield CommentTree(self.thread, id="tree")
            yield ReadingPane(self.thread, id="pane")
        yield Footer()

    def on_mount(self) -> None:
        self.apply_config(self.config)
        self.query_one(CommentTree).focus()

    def apply_config(self, config: Config) -> None:
        """Tree width, initial fold depth and wrap width from config.toml."""
        tree = self.tree
        tree.styles.width = config.tree_width
        if not config.tree_width.endswith("%"):  # columns asked for are columns given
            tree.styles.min_width = tree.styles.max_width = int(config.tree_width)
        if config.fold_depth:
            tree.show_depth(config.fold_depth)
        body = self.pane.query_one("#body")
        body.styles.max_width = config.wrap_width or "100%"

    @property
    def tree(self) -> CommentTree:
        return self.query_one(CommentTree)

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    def on_comment_tree_highlighted(self, message: CommentTree.Highlighted) -> None:
        self.pane.show(message.index)
