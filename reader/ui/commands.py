"""Command palette commands: every action of the screen with its keys, and the read state."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from reader.actions import BY_ID
from reader.ui.keys import user_keys


class _ListedCommands(Provider):
    """A provider over a list of (title, help, command): all of it offered, matched by title."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(title, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, help=help_text)


class ReadStateCommands(_ListedCommands):
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


class ActionCommands(_ListedCommands):
    """Every action of the screen the palette opened over, with the keys the user has for it."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app = self.app
        merged: dict[tuple[int, str], tuple[DOMNode, str, list[str]]] = {}
        nodes: list[DOMNode] = [self.screen, *self.screen.walk_children(), app]
        for node in nodes:
            if not node.display:
                continue
            for item in getattr(type(node), "BINDINGS", ()):
                action = BY_ID.get(getattr(item, "id", None) or "")
                if action is None or action.id in PALETTE_LEFT_OUT:
                    continue
                key = (id(node), action.action)
                keys = [app.get_key_display(Binding(k, "")) for k in user_keys(app, action.id)]
                if key in merged:
                    merged[key][2].extend(keys)
                else:
                    merged[key] = (node, action.description, keys)
        return [
            (description, " / ".join(keys), partial(app.run_action, name, node))
            for (_node_id, name), (node, description, keys) in merged.items()
        ]


# Actions the palette does not offer: opening the palette itself.
PALETTE_LEFT_OUT = frozenset({"app.command_palette"})
