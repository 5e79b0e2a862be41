"""Command palette commands of the thread screen: mark the thread or a subtree read or unread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ReadStateCommands(Provider):
    """Mark the whole thread, or the selected comment and its replies, read or unread."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen: Any = self.screen
        thread = screen.thread

        def subtree() -> range:
            index = screen.comment_tree.cursor
            return range(index, index + thread.comments[index].subtree_size)

        return [
            (
                "Mark thread read",
                "Every comment of this thread becomes read",
                lambda: screen.mark_all(True),
            ),
            (
                "Mark thread unread",
                "Every comment of this thread becomes unread",
                lambda: screen.mark_all(False),
            ),
            (
                "Mark subtree read",
                "The selected comment and all its replies become read",
                lambda: screen.mark(subtree(), True),
            ),
            (
                "Mark subtree unread",
                "The selected comment and all its replies become unread",
                lambda: screen.mark(subtree(), False),
            ),
        ]

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, help=help_text)
