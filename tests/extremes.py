"""Archives of extreme shapes in every format: chains, sibling floods, reply cycles, long lines.

A shape is a list of parent indices, one per comment (-1: a reply to the post). Each writer
turns one into the bytes of an archive; ids are "c0", "c1", ... (numbers where the format's
ids are numbers). Used by tests/test_extremes.py (small sizes) and benchmarks/extremes.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable

Shape = list[int]


def chain(n: int) -> Shape:
    """n comments, each the reply to the one before."""
    return [index - 1 for index in range(n)]


def siblings(n: int) -> Shape:
    """n comments, every one a direct reply to the post."""
    return [-1] * n


def cycle(n: int) -> Shape:
    """n comments replying to each other in a ring (the first replies to the last)."""
    return [(index - 1) % n for index in range(n)]


def dump(value: object) -> bytes:
    """JSON of any depth (json.dumps recurses and stops near 1,000 levels)."""
    out: list[str] = []
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            out.append(item.text)
        elif isinstance(item, dict):
            out.append("{")
            parts: list[object] = []
            for position, (key, child) in enumerate(item.items()):
                parts += [_Raw(("," if position else "") + json.dumps(key) + ":"), child]
            stack += [_Raw("}"), *reversed(parts)]
        elif isinstance(item, list):
            out.append("[")
            parts = []
            for position, child in enumerate(item):
                parts += [_Raw(",")] if position else []
                parts.append(child)
            stack += [_Raw("]"), *reversed(parts)]
        else:
            out.append(json.dumps(item))
    return "".join(out).encode()


class _Raw:
    """Text written as it is by `dump`."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _children(shape: Shape) -> list[list[int]]:
    """Each comment's replies, and at the end the post's (index -1)."""
    children: list[list[int]] = [[] for _ in range(len(shape) + 1)]
    for index, parent in enumerate(shape):
        children[parent].append(index)
    return children


def _nested(shape: Shape, node: Callable[[int], dict], key: str, wrap: Callable) -> list:  # type: ignore[type-arg]
    """The comments as nested JSON (no recursion): each under `key` of its parent's object."""
    children = _children(shape)
    made = {index: node(index) for index in range(len(shape))}
    for index in range(len(shape)):
        kids = [made[child] for child in children[index]]
        if kids:
            made[index][key] = wrap(kids)
    return [made[child] for child in children[-1]]


def hackernews(shape: Shape) -> bytes:
    """Algolia items: comments nested in `children` (a cycle cannot be nested: Firebase)."""

    def node(index: int) -> dict:  # type: ignore[type-arg]
        return {"id": index + 2, "type": "comment", "author": f"a{index % 7}", "text": f"c{index}"}

    top = _nested(shape, node, "children", lambda kids: kids)
    story = {"id": 1, "type": "story", "author": "op", "title": "Extreme", "children": top}
    return dump(story)


def hackernews_firebase(shape: Shape) -> bytes:
    """Firebase items, one object per item with its parent id: can hold a cycle."""
    items = [{"id": 1, "type": "story", "by": "op", "title": "Extreme", "time": 1}]
    for index, parent in enumerate(shape):
        comment = {"id": index + 2, "type": "comment", "by": "a", "text": f"c{index}"}
        items.append({**comment, "parent": parent + 2})
    return json.dumps(items).encode()


def reddit(shape: Shape) -> bytes:
    def listing(kids: list) -> dict:  # type: ignore[type-arg]
        return {"kind": "Listing", "data": {"children": kids}}

    def node(index: int) -> dict:  # type: ignore[type-arg]
        parent = shape[index]
        data = {
            "id": f"c{index}",
            "name": f"t1_c{index}",
            "parent_id": "t3_p" if parent < 0 else f"t1_c{parent}",
            "author": f"a{index % 7}",
            "body": f"c{index}",
            "created_utc": 1500000000 + index,
            "score": 1,
            "replies": "",
        }
        return {"kind": "t1", "data": data}

    def wrap(kids: list) -> dict:  # type: ignore[type-arg]
        return listing([{"kind": "t1", "data": data} for data in kids])

    top = _nested(shape, lambda index: node(index)["data"], "replies", wrap)
    things = [{"kind": "t1", "data": data} for data in top]
    post = {"kind": "t3", "data": {"id": "p", "name": "t3_p", "title": "Extreme", "author": "op"}}
    return dump([listing([post]), listing(things)])


def reddit_morechildren(shape: Shape) -> bytes:
    """A /api/morechildren answer: a flat list of comments with parent ids (can cycle)."""
    things = [
        {
            "kind": "t1",
            "data": {
                "id": f"c{index}",
                "name": f"t1_c{index}",
                "parent_id": "t3_p" if parent < 0 else f"t1_c{parent}",
                "link_id": "t3_p",
                "author": "a",
                "body": f"c{index}",
                "replies": "",
            },
        }
        for index, parent in enumerate(shape)
    ]
    return json.dumps({"json": {"errors": [], "data": {"things": things}}}).encode()


def native(shape: Shape) -> bytes:
    """thread-reader's own JSON: depths in pre-order (a cycle has no pre-order)."""
    children = _children(shape)
    comments = [{"id": "root", "depth": 0, "kind": "post", "author": "op", "body": "Extreme"}]
    stack = [(child, 1) for child in reversed(children[-1])]
    while stack:
        index, depth = stack.pop()
        comments.append({"id": f"c{index}", "depth": depth, "author": "a", "body": f"c{index}"})
        stack.extend((child, depth + 1) for child in reversed(children[index]))
    document = {"format": "thread-reader/1", "thread": {"title": "Extreme"}, "comments": comments}
    return json.dumps(document).encode()


def mastodon(shape: Shape) -> bytes:
    def status(index: int, parent: str | None) -> dict:  # type: ignore[type-arg]
        return {
            "id": str(index),
            "created_at": "2024-04-01T12:00:00.000Z",
            "in_reply_to_id": parent,
            "content": f"<p>c{index}</p>",
            "url": f"https://social.example/@a/{index}",
            "account": {"id": "1", "username": "a", "acct": "a", "display_name": "A"},
        }

    root = status(1, None)
    descendants = [
        status(index + 2, str(parent + 2) if parent >= 0 else "1")
        for index, parent in enumerate(shape)
    ]
    return json.dumps({"ancestors": [root], "descendants": descendants}).encode()


def discourse(shape: Shape) -> bytes:
    def post(number: int, reply_to: int | None) -> dict:  # type: ignore[type-arg]
        return {
            "id": 1000 + number,
            "post_number": number,
            "reply_to_post_number": reply_to,
            "username": "a",
            "created_at": "2024-01-15T18:00:00.000Z",
            "cooked": f"<p>c{number}</p>",
            "topic_id": 7,
        }

    posts = [post(1, None)] + [
        post(index + 2, parent + 2 if parent >= 0 else None) for index, parent in enumerate(shape)
    ]
    document = {"post_stream": {"posts": posts}, "id": 7, "title": "Extreme"}
    return json.dumps(document).encode()


def lobsters(shape: Shape) -> bytes:
    comments = [
        {
            "short_id": f"c{index}",
            "parent_comment": f"c{parent}" if parent >= 0 else None,
            "comment": f"<p>c{index}</p>",
            "comment_plain": f"c{index}",
            "commenting_user": "a",
            "created_at": "2025-01-10T09:00:00.000-06:00",
            "score": 1,
            "depth": 0,
        }
        for index, parent in enumerate(shape)
    ]
    story = {"short_id": "zz9zz9", "title": "Extreme", "submitter_user": "op"}
    return json.dumps({**story, "comments": comments}).encode()


def wxr(shape: Shape) -> bytes:
    comments = "".join(
        f"<wp:comment><wp:comment_id>{index + 1}</wp:comment_id>"
        f"<wp:comment_author>a</wp:comment_author>"
        f"<wp:comment_content>c{index}</wp:comment_content>"
        f"<wp:comment_parent>{parent + 1 if parent >= 0 else 0}</wp:comment_parent>"
        "</wp:comment>"
        for index, parent in enumerate(shape)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<title>Blog</title><item><title>Extreme</title><wp:post_id>5</wp:post_id>"
        f"<wp:post_type>post</wp:post_type>{comments}</item></channel></rss>\n"
    ).encode()


def mbox(shape: Shape) -> bytes:
    def message(index: int, parent: int | None) -> str:
        reply = f"In-Reply-To: <m{parent}@x>\n" if parent is not None else ""
        return (
            f"From a@x Mon Mar 04 09:12:00 2024\nFrom: A <a@x>\nSubject: Extreme\n"
            f"Date: Mon, 04 Mar 2024 09:12:00 +0000\nMessage-ID: <m{index}@x>\n{reply}\n"
            f"c{index}\n\n"
        )

    first = message(-1, None)
    rest = "".join(message(index, parent) for index, parent in enumerate(shape))
    return (first + rest).encode()


def text(shape: Shape) -> bytes:
    """The indented text archive: a reply is indented two more (a chain grows as n²)."""
    children = _children(shape)
    lines = ["Extreme", "", "The post.", "", ""]
    stack = [(child, 1) for child in reversed(children[-1])]
    while stack:
        index, depth = stack.pop()
        pad = "  " * depth
        lines += [f"{pad}{index + 1}. Author{index % 7} says:", f"{pad}  c{index}", ""]
        stack.extend((child, depth + 1) for child in reversed(children[index]))
    return "\n".join(lines).encode()


# Every format and its writer; cycles only in those whose comments name their parents.
WRITERS: dict[str, Callable[[Shape], bytes]] = {
    "hackernews": hackernews,
    "reddit": reddit,
    "native": native,
    "mastodon": mastodon,
    "discourse": discourse,
    "lobsters": lobsters,
    "wordpress": wxr,
    "mbox": mbox,
    "text": text,
}
CYCLIC: dict[str, tuple[str, Callable[[Shape], bytes]]] = {
    "hackernews firebase": ("hackernews", hackernews_firebase),
    "reddit morechildren": ("reddit", reddit_morechildren),
    "mastodon": ("mastodon", mastodon),
    "discourse": ("discourse", discourse),
    "lobsters": ("lobsters", lobsters),
    "wordpress": ("wordpress", wxr),
    "mbox": ("mbox", mbox),
}
