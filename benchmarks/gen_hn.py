"""Write a large Hacker News thread as Algolia `items` JSON (nested `children`).

`python benchmarks/gen_hn.py N OUT [--SHAPE]`: N comments under one story, bushy (with one
10,000-reply subtree when N >= 20,000), or with --biggest-first the busiest top-level comment
first, --one-giant one top-level comment holding 90% of them, --chain a single reply chain N
deep. The JSON
is written iteratively, so a chain 1,000,000 deep needs no recursion to produce.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).parent))
from shapes import Node, preorder, shape_of, shaped

STORY_ID = 40_000_000
START = 1_700_000_000  # 2023-11-14, seconds since the epoch


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def comment_html(paragraphs: list[str], rng: random.Random) -> str:
    """HN's comment HTML: paragraphs joined by <p>, entities escaped, now and then a link."""
    parts = []
    for text in paragraphs:
        text = text.replace("'", "&#x27;").replace('"', "&quot;")
        roll = rng.random()
        if roll < 0.08:
            url = f"https://example.com/{rng.randint(1, 99999)}"
            text += f' <a href="{url}" rel="nofollow">{url}</a>'
        elif roll < 0.15:
            text = f"<i>{text}</i>"
        parts.append(text)
    return "<p>".join(parts)


def _fields(node: Node, rng: random.Random) -> dict[str, object]:
    item_id = STORY_ID + 1 + node.index
    created = START + 60 + node.index * 7
    deleted = rng.random() < 0.01
    return {
        "id": item_id,
        "created_at": _iso(created),
        "created_at_i": created,
        "type": "comment",
        "author": None if deleted else node.author,
        "title": None,
        "url": None,
        "text": None if deleted else comment_html(node.paragraphs, rng),
        "points": None,
        "parent_id": STORY_ID if node.parent < 0 else STORY_ID + 1 + node.parent,
        "story_id": STORY_ID,
        "options": [],
    }


def _story(count: int) -> dict[str, object]:
    return {
        "id": STORY_ID,
        "created_at": _iso(START),
        "created_at_i": START,
        "type": "story",
        "author": "poster",
        "title": f"A generated Hacker News thread of {count} comments",
        "url": "https://example.com/story",
        "text": None,
        "points": 1234,
        "parent_id": None,
        "story_id": STORY_ID,
        "options": [],
    }


def _open(fields: dict[str, object]) -> str:
    """An item's JSON up to the opening of its `children` list."""
    return json.dumps(fields, ensure_ascii=False)[:-1] + ', "children": ['


def write_items(handle: TextIO, story: dict[str, object], nodes: Iterable[Node]) -> None:
    """The story with its comments nested by depth; pre-order `nodes`, written iteratively."""
    rng = random.Random(7)
    handle.write(_open(story))
    open_depth = 0  # depth of the innermost item whose children list is open
    first = True  # no sibling written yet in the innermost open list
    for node in nodes:
        while open_depth >= node.depth:
            handle.write("]}")
            open_depth -= 1
            first = False
        if not first:
            handle.write(", ")
        handle.write(_open(_fields(node, rng)))
        open_depth = node.depth
        first = True
    handle.write("]}" * (open_depth + 1))
    handle.write("\n")


def write(count: int, out: Path, *, deep_chain: bool = False, shape: str = "bushy") -> None:
    nodes = preorder(shaped(count, "chain" if deep_chain else shape))
    with out.open("w", encoding="utf-8") as handle:
        write_items(handle, _story(count), nodes)


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]), shape=shape_of(sys.argv))
