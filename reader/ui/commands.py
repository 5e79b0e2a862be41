"""Command palette commands: every action of the screen with its keys, the read state, and
jumps to a comment by author or text."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.markup import escape

from reader.actions import BY_ID
from reader.jump import CommentFinder
from reader.text_forms import plural
from reader.ui.keys import user_keys
from reader.ui.render import display_author, format_date


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


class JumpCommands(Provider):
    """Go to a comment by its author or words of its text (found as typed, not fuzzily)."""

    async def startup(self) -> None:
        screen: Any = self.screen
        self._finder: CommentFinder = await asyncio.to_thread(screen.comment_finder)

    async def search(self, query: str) -> Hits:
        screen: Any = self.screen
        thread = screen.thread
        for rank, found in enumerate(self._finder.find(query)):
            comment = thread.comments[found.index]
            title = Content(f"Go to {display_author(comment)}: {comment.excerpt[:100]}")
            details = [format_date(comment.created)] if comment.created else []
            details.append(f"depth {comment.depth}")
            if comment.score is not None:
                details.append(plural(comment.score, "point"))
            score = (JUMP_BY_AUTHOR if found.by_author else JUMP_BY_TEXT) - rank / 10_000
            yield Hit(
                score,
                title,
                partial(screen.select_comment, found.index),
                text=title.plain,
                help=escape(" · ".join(details)),
            )


# How jumps rank among the palette's other hits (an action's title matched fuzzily scores up
# to 1): by author above by text, both below an action whose name is typed.
JUMP_BY_AUTHOR = 0.5
JUMP_BY_TEXT = 0.3
