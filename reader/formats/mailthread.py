"""Mail threading (the JWZ algorithm) and the tree of a mailbox: one thread, or an archive.

Containers are keyed by Message-ID; References and In-Reply-To link them, a link that would
close a loop is refused, and a message's own references outrank what others say of it. A
missing message is a container without a message: its replies hang from the nearest ancestor
the mailbox holds, and replies to the same missing root are kept together under the earliest
of them. Roots whose subject is a reply ("Re:", "Aw:" ...) join the thread of that subject.
Every step is a loop over dicts: no recursion, no quadratic walk on a long reply chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from itertools import pairwise
from typing import Any

from reader.formats.mail import Message
from reader.model import Comment, Thread, from_preorder

_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|sv|vs|antw|odp|rif|res|ynt|r)\s*(?:\[\d+\]|\^\d+)?\s*:|\[[^\]]*\])\s*",
    re.IGNORECASE,
)
_NO_DATE = float("inf")


def subject_key(subject: str) -> tuple[str, bool]:
    """A subject without reply prefixes and list tags, case-folded; and whether it was a reply."""
    reply = False
    text = subject
    while True:
        match = _REPLY_PREFIX.match(text)
        if match is None or not match.group(0):
            break
        if not match.group(0).lstrip().startswith("["):
            reply = True
        text = text[match.end() :]
    return " ".join(text.split()).casefold(), reply


def _assign_keys(messages: list[Message]) -> tuple[list[str], dict[int, int]]:
    """Each message's id: its Message-ID, else a hash of its bytes; duplicates get `~N`.

    Also returns, for each duplicate, the index of the first message with its id.
    """
    keys: list[str] = []
    first: dict[str, int] = {}
    copies: dict[str, int] = {}
    duplicates: dict[int, int] = {}
    for index, message in enumerate(messages):
        base = message.message_id or f"mail:{message.digest}"
        if base not in first:
            first[base] = index
            keys.append(base)
            continue
        duplicates[index] = first[base]
        copies[base] = copies.get(base, 0) + 1
        message.extra["duplicate"] = f"another message in this archive has the id {base}"
        keys.append(f"{base}~{copies[base]}")
    return keys, duplicates


def _link_containers(messages: list[Message], keys: list[str]) -> dict[str, str]:
    """JWZ step 1: the parent of every container, from each message's reference chain."""
    parent: dict[str, str] = {}
    has_child: set[str] = set()

    def closes_loop(child: str, new_parent: str) -> bool:
        if child == new_parent:
            return True
        if child not in has_child:
            return False
        current: str | None = new_parent
        while current is not None:
            if current == child:
                return True
            current = parent.get(current)
        return False

    for message, key in zip(messages, keys, strict=True):
        references = message.references
        if len(references) > 1:
            unique = dict.fromkeys(references)
            if key in unique:
                del unique[key]
            if len(unique) != len(references):
                references = list(unique)
        elif key in references:
            references = []
        # A pair only links a member without a parent: a chain whose members all have one
        # links nothing.
        if not all(map(parent.__contains__, references[1:])):
            for older, newer in pairwise(references):
                if newer not in parent and not closes_loop(newer, older):
                    parent[newer] = older
                    has_child.add(older)
        if not references:
            parent.pop(key, None)
        elif parent.get(key) != references[-1] and not closes_loop(key, references[-1]):
            parent[key] = references[-1]
            has_child.add(references[-1])
    return parent


def _sort_key(message: Message) -> tuple[float, int]:
    created: datetime | None = message.created
    return (created.timestamp() if created else _NO_DATE, message.index)


def thread_parents(
    messages: list[Message], keys: list[str], duplicates: dict[int, int]
) -> list[int]:
    """For each message, the index of the message it hangs under, or -1 for a thread root.

    A duplicate that would start a thread of its own is shown under its first copy instead.
    """
    parent = _link_containers(messages, keys)
    position = {key: index for index, key in enumerate(keys)}
    parents = [-1] * len(messages)
    orphans: dict[str, list[int]] = {}  # topmost missing container -> its replies
    for index, key in enumerate(keys):
        above = parent.get(key)
        if above is None:
            continue
        if above in position:
            parents[index] = position[above]
            continue
        missing, top = above, above
        while top in parent and parent[top] not in position:
            top = parent[top]
        if top in parent:
            parents[index] = position[parent[top]]
        else:
            orphans.setdefault(top, []).append(index)
        messages[index].extra["detached"] = f"parent {missing} is not in this archive"
    for replies in orphans.values():
        first = min(replies, key=lambda i: _sort_key(messages[i]))
        for index in replies:
            if index != first:
                parents[index] = first
    for index, original in duplicates.items():
        if parents[index] < 0 and not _is_below(parents, original, index):
            parents[index] = original
    _join_by_subject(messages, parents)
    return parents


def _is_below(parents: list[int], index: int, ancestor: int) -> bool:
    """Whether `ancestor` is `index` or above it in the forest `parents` describes."""
    while index >= 0:
        if index == ancestor:
            return True
        index = parents[index]
    return False


def _join_by_subject(messages: list[Message], parents: list[int]) -> None:
    """Roots whose subject is a reply join the thread that has that subject."""
    roots = sorted(
        (i for i, p in enumerate(parents) if p < 0), key=lambda i: _sort_key(messages[i])
    )
    anchors: dict[str, tuple[int, bool]] = {}
    for index in roots:
        subject, reply = subject_key(messages[index].subject)
        if not subject:
            continue
        known = anchors.get(subject)
        if known is None or (known[1] and not reply):
            anchors[subject] = (index, reply)
    for index in roots:
        subject, reply = subject_key(messages[index].subject)
        anchor = anchors.get(subject)
        if reply and anchor is not None and anchor[0] != index:
            parents[index] = anchor[0]
            messages[index].extra["threaded by"] = "subject (no reference to its parent)"


def _preorder(messages: list[Message], parents: list[int]) -> tuple[list[int], list[int]]:
    """Message indices in pre-order (roots and siblings by date), with their depths."""
    children: dict[int, list[int]] = {}
    for index, above in enumerate(parents):
        kids = children.get(above)
        if kids is None:
            children[above] = [index]
        else:
            kids.append(index)
    times = [m.created.timestamp() if m.created else _NO_DATE for m in messages]
    for siblings in children.values():
        if len(siblings) > 1:
            siblings.sort(key=times.__getitem__)  # stable: equal dates keep mailbox order
    order: list[int] = []
    depths: list[int] = []
    depth_of = [0] * len(messages)
    stack = children.get(-1, [])[::-1]
    while stack:
        index = stack.pop()
        above = parents[index]
        depth = depth_of[index] = depth_of[above] + 1 if above >= 0 else 0  # parent came first
        order.append(index)
        depths.append(depth)
        kids = children.get(index)
        if kids:
            stack.extend(reversed(kids))
    return order, depths


class _Shown(Mapping[str, str]):
    """A message's shown fields when they are its subject and Message-ID alone (most are):
    48 bytes, the id's `<...>` made when read, where a dict and that string took 260."""

    __slots__ = ("_message_id", "_subject")

    def __init__(self, subject: str, message_id: str | None) -> None:
        self._subject = subject
        self._message_id = message_id

    def get(self, key: str, default: Any = None) -> Any:
        if key == "subject":
            return self._subject
        if key == "message-id" and self._message_id is not None:
            return f"<{self._message_id}>"
        return default

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return key == "subject" or (key == "message-id" and self._message_id is not None)

    def __iter__(self) -> Iterator[str]:
        yield "subject"
        if self._message_id is not None:
            yield "message-id"

    def __len__(self) -> int:
        return 1 if self._message_id is None else 2

    def __repr__(self) -> str:
        return repr(dict(self))


def _comment(message: Message, key: str, depth: int, kind: str) -> Comment:
    extra: Mapping[str, str] = _Shown(message.subject or "(no subject)", message.message_id or None)
    if message.extra:
        extra = {**extra, **message.extra}
    return Comment(key, None, message.author, message.created, message.body, message.bodies,
                   kind, None, None, extra, depth)  # fmt: skip


def _archive_summary(messages: list[Message], threads: int) -> str:
    """One line for the archive root: how many messages and threads, over which dates."""
    dates = [m.created for m in messages if m.created is not None]
    span = f", {min(dates):%Y-%m-%d} to {max(dates):%Y-%m-%d}" if dates else ""
    return f"{len(messages)} messages in {threads} threads{span}."


def build_thread(
    messages: list[Message],
    *,
    name: str,
    format: str,
    source: str,
    skipped: int = 0,
    warnings: Iterable[str] = (),
) -> Thread:
    """The tree of a mailbox: its one thread with the first message as root, or an archive."""
    keys, duplicates = _assign_keys(messages)
    parents = thread_parents(messages, keys, duplicates)
    order, depths = _preorder(messages, parents)
    roots = [index for index in order if parents[index] < 0]
    shift = 0 if len(roots) == 1 else 1
    comments = [
        _comment(messages[i], keys[i], depth + shift, "post" if depth == 0 else "comment")
        for i, depth in zip(order, depths, strict=True)
    ]
    details: dict[str, Any] = {"skipped": skipped, "warnings": list(warnings)}
    if shift == 0:
        first = messages[roots[0]]
        title = first.subject or name
        return from_preorder(title, format, source, comments, thread_id=keys[roots[0]], **details)
    thread_id = f"{format}:{keys[roots[0]]}"
    archive = Comment(
        id=thread_id,
        parent_id=None,
        body=_archive_summary(messages, len(roots)),
        kind="archive",
        created=messages[roots[0]].created,
        depth=0,
    )
    return from_preorder(name, format, source, [archive, *comments], thread_id=thread_id, **details)
