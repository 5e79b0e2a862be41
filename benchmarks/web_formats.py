"""Time loading 100,000-comment threads in each web-forum format, and stdlib json alone.

Usage: python benchmarks/web_formats.py [COUNT]   (from the checkout root)

Writes one generated archive per format into a temporary folder (a bushy tree from shapes.py,
HTML bodies), then prints the machine, each file's size, the best of three `load` CPU times, and
how much of a JSON file's time is `json.loads` itself.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from shapes import Node, bushy

from reader.formats import load

EPOCH = 1_700_000_000


def html(node: Node) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in node.paragraphs)


def hn_algolia(nodes: list[Node]) -> str:
    story = {
        "id": 1,
        "type": "story",
        "author": "op",
        "title": "Benchmark",
        "children": [],
        "created_at_i": EPOCH,
    }
    items = {-1: story}
    for n in nodes:
        item = {
            "id": n.index + 2,
            "type": "comment",
            "author": n.author,
            "text": html(n),
            "created_at_i": EPOCH + n.index,
            "parent_id": 0,
            "story_id": 1,
            "children": [],
        }
        items[n.parent]["children"].append(item)
        items[n.index] = item
    return json.dumps(story)


def hn_firebase(nodes: list[Node]) -> str:
    items = {
        "1": {"id": 1, "type": "story", "by": "op", "title": "Benchmark", "time": EPOCH, "kids": []}
    }
    for n in nodes:
        parent = items[str(n.parent + 2 if n.parent >= 0 else 1)]
        parent.setdefault("kids", []).append(n.index + 2)
        items[str(n.index + 2)] = {
            "id": n.index + 2,
            "type": "comment",
            "by": n.author,
            "text": html(n),
            "time": EPOCH + n.index,
            "parent": n.parent + 2 if n.parent >= 0 else 1,
        }
    return json.dumps(items)


def discourse(nodes: list[Node]) -> str:
    posts = [
        {
            "post_number": 1,
            "username": "op",
            "cooked": "<p>Topic</p>",
            "post_type": 1,
            "reply_to_post_number": None,
            "created_at": "2024-01-01T00:00:00.000Z",
        }
    ]
    for n in nodes:
        posts.append(
            {
                "post_number": n.index + 2,
                "username": n.author,
                "cooked": html(n),
                "post_type": 1,
                "created_at": "2024-01-01T00:00:00.000Z",
                "reply_to_post_number": n.parent + 2 if n.parent >= 0 else None,
            }
        )
    return json.dumps({"id": 1, "title": "Benchmark", "post_stream": {"posts": posts}})


def mastodon(nodes: list[Node]) -> str:
    def status(sid: int, parent: int | None, user: str, content: str) -> dict[str, object]:
        return {
            "id": str(sid),
            "in_reply_to_id": None if parent is None else str(parent),
            "content": content,
            "created_at": "2024-01-01T00:00:00.000Z",
            "account": {"id": user, "acct": user, "url": f"https://example.social/@{user}"},
            "mentions": [],
            "spoiler_text": "",
        }

    root = status(1, None, "op", "<p>Focal</p>")
    descendants = [
        status(n.index + 2, n.parent + 2 if n.parent >= 0 else 1, n.author, html(n)) for n in nodes
    ]
    return json.dumps({"ancestors": [], "status": root, "descendants": descendants})


def lobsters(nodes: list[Node]) -> str:
    comments = [
        {
            "short_id": f"c{n.index}",
            "commenting_user": n.author,
            "comment": html(n),
            "depth": n.depth - 1,
            "created_at": "2024-01-01T00:00:00.000-05:00",
            "parent_comment": f"c{n.parent}" if n.parent >= 0 else None,
        }
        for n in nodes
    ]
    return json.dumps({"short_id": "bench", "title": "Benchmark", "comments": comments})


def wxr(nodes: list[Node]) -> str:
    comments = "".join(
        f"<wp:comment><wp:comment_id>{n.index + 1}</wp:comment_id>"
        f"<wp:comment_author>{n.author}</wp:comment_author>"
        f"<wp:comment_date_gmt>2024-01-01 00:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{chr(10).join(n.paragraphs)}]]></wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{n.parent + 1 if n.parent >= 0 else 0}</wp:comment_parent>"
        "</wp:comment>"
        for n in nodes
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>B</title><item>'
        "<title>Benchmark</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type>"
        f"{comments}</item></channel></rss>"
    )


FORMATS: dict[str, tuple[str, Callable[[list[Node]], str]]] = {
    "hackernews (Algolia)": ("hn-algolia.json", hn_algolia),
    "hackernews (Firebase)": ("hn-firebase.json", hn_firebase),
    "discourse": ("discourse.json", discourse),
    "mastodon": ("mastodon.json", mastodon),
    "lobsters": ("lobsters.json", lobsters),
    "wordpress (WXR)": ("export.xml", wxr),
}


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The least CPU time of `runs` runs (CPU, not wall clock: other work on the machine
    inflates wall-clock figures several times over)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    nodes = list(bushy(count))
    python = sys.version.split()[0]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {python}")
    print(f"comments per file: {count:,} (bushy shape, deepest {max(n.depth for n in nodes)})")
    with tempfile.TemporaryDirectory() as folder:
        for label, (name, write) in FORMATS.items():
            path = Path(folder) / name
            path.write_text(write(nodes), encoding="utf-8")
            seconds = best_of(3, lambda path=path: load(path))
            size = path.stat().st_size / 1e6
            line = f"{label:24} {size:7.1f} MB  load {seconds:6.2f} s CPU"
            if name.endswith(".json"):
                text = path.read_text(encoding="utf-8")
                parse = best_of(3, lambda text=text: json.loads(text))
                line += f"  (json.loads {parse:5.2f} s)"
            print(line)


if __name__ == "__main__":
    main()
