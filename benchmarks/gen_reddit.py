"""Write a large Reddit thread JSON: `python benchmarks/gen_reddit.py N OUT [--SHAPE]
[--as-reddit]`.

The `.json` of a post URL: the post listing, then the comments nested through `replies`, shaped
by shapes.bushy (most replies to recent comments, depth up to about 40, N/20 authors), or with
`--biggest-first` the same with the busiest top-level comment first, `--one-giant` one
top-level comment holding 90% of the thread, `--chain` one reply chain N deep. Each comment's
`replies` come last in its data, or with `--as-reddit` where reddit puts them: before the
comment's id, author and body, so a reader meets a comment's fields only after its replies.
Bodies are 1-5 paragraphs escaped the way reddit stores them (`&gt;` quotes, `&amp;`), with
links and some non-ASCII text. Each comment carries the fields of a 2013-2016 reddit comment
except `body_html` (a second copy of the body, which would double the size): 100,000 comments
make about 110 MB. Busy comments get `more` stubs. The text is written without recursion, so
any depth works.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any, TextIO

sys.path.insert(0, str(Path(__file__).parent))
from shapes import Node, shape_of, shaped

LINK = "t3_bench1"
PERMALINK = "/r/AskReddit/comments/bench1/a_generated_thread/"
EXTRAS = (
    " [source](https://en.wikipedia.org/wiki/Thread_(online_communication))",
    " Fish &amp; chips &lt;3",
    " Straße, café, naïve, 東京 😄 — …",
    " https://example.org/search?q=terminal&amp;page=2",
)


def reddit_body(node: Node, rng: random.Random) -> str:
    """1-5 of the node's paragraphs (mostly one, as on reddit), escaped as reddit stores them."""
    count = rng.choices((1, 2, 3, 4, 5), weights=(55, 22, 12, 7, 4))[0]
    paragraphs = []
    for text in node.paragraphs[:count]:
        roll = rng.random()
        if roll < 0.12:
            text = "&gt; " + text
        elif roll < 0.4:
            text += rng.choice(EXTRAS)
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def comment_data(node: Node, rng: random.Random) -> dict[str, Any]:
    """One t1's data (without `replies`) with the fields a 2013-2016 reddit comment has."""
    cid = f"k{node.index:07x}"
    deleted = rng.random() < 0.02
    text = "[deleted]" if deleted and rng.random() < 0.7 else reddit_body(node, rng)
    score = int(rng.paretovariate(1.2)) - rng.randint(0, 2)
    created = float(1_700_000_000 + node.index * 7)
    return {
        "subreddit_id": "t5_2qh1i",
        "banned_by": None,
        "removal_reason": None,
        "link_id": LINK,
        "likes": None,
        "user_reports": [],
        "saved": False,
        "id": cid,
        "gilded": 1 if rng.random() < 0.005 else 0,
        "archived": False,
        "report_reasons": None,
        "author": "[deleted]" if deleted else node.author,
        "parent_id": f"t1_k{node.parent:07x}" if node.parent >= 0 else LINK,
        "score": score,
        "approved_by": None,
        "controversiality": 0,
        "body": text,
        "edited": created + 600 if rng.random() < 0.05 else False,
        "author_flair_css_class": None,
        "downs": 0,
        "stickied": False,
        "subreddit": "AskReddit",
        "score_hidden": False,
        "name": f"t1_{cid}",
        "created": created,
        "author_flair_text": None,
        "created_utc": created,
        "distinguished": None,
        "depth": node.depth - 1,
        "mod_reports": [],
        "num_reports": None,
        "ups": score,
        "permalink": f"{PERMALINK}{cid}/",
    }


def more_stub(parent: str, depth: int, count: int) -> str:
    first = f"z{abs(hash((parent, count))) % 36**6:x}"
    data = {
        "count": count,
        "name": f"t1_{first}",
        "id": first,
        "parent_id": parent,
        "depth": depth,
        "children": [first],
    }
    return json.dumps({"kind": "more", "data": data})


def post_listing(count: int) -> str:
    post = {
        "id": "bench1",
        "name": LINK,
        "title": "A generated thread of many comments &amp; replies",
        "author": "bench_op",
        "selftext": "The post.\n\n&gt; With a quote.",
        "is_self": True,
        "permalink": PERMALINK,
        "url": f"https://www.reddit.com{PERMALINK}",
        "created_utc": 1_700_000_000.0,
        "score": 25_000,
        "num_comments": count,
        "subreddit": "AskReddit",
    }
    return json.dumps({"kind": "Listing", "data": {"children": [{"kind": "t3", "data": post}]}})


OPEN_LISTING = '{"kind":"Listing","data":{"after":null,"modhash":"","children":['


def split_at_replies(data: str, replies_first: bool) -> tuple[str, str]:
    """A t1's data JSON (without `replies`) in two, where its replies go: last, or where
    reddit puts them (after `likes`, before `user_reports`, `id`, `author` and `body`)."""
    if not replies_first:
        return data[:-1] + ',"replies":', "}"
    cut = data.index('"user_reports"')
    return data[:cut] + '"replies":', "," + data[cut:]


def write_comments(
    nodes: list[Node], out: TextIO, rng: random.Random, replies_first: bool = False
) -> None:
    """The comment listing, nested through `replies`, written with an explicit stack."""
    children: dict[int, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent, []).append(node)
    out.write(OPEN_LISTING)
    # Work items: a node to write, or a string to write as is (closings, stubs, commas).
    stack: list[Node | str] = ["]}}", more_stub(LINK, 0, 500), ","]
    stack.extend(interleave(children.get(-1, [])))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.write(item)
            continue
        data = json.dumps(comment_data(item, rng), ensure_ascii=False)
        before, after = split_at_replies(data, replies_first)
        kids = children.get(item.index)
        if not kids:
            out.write('{"kind":"t1","data":' + before + '""' + after + "}")
            continue
        out.write('{"kind":"t1","data":' + before + OPEN_LISTING)
        stack.append("]}}" + after + "}")
        if len(kids) >= 4 and rng.random() < 0.3:
            stack.extend((more_stub(f"t1_k{item.index:07x}", item.depth, rng.randint(1, 40)), ","))
        stack.extend(interleave(kids))


def interleave(nodes: list[Node]) -> list[Node | str]:
    """`nodes` separated by commas, reversed for a stack so the first is popped first."""
    items: list[Node | str] = []
    for position, node in enumerate(nodes):
        if position:
            items.append(",")
        items.append(node)
    items.reverse()
    return items


def write(
    count: int,
    out: Path,
    *,
    deep_chain: bool = False,
    seed: int = 1,
    shape: str = "bushy",
    replies_first: bool = False,
) -> int:
    """Write the thread to `out` (`deep_chain`: shape "chain"); returns its size in bytes."""
    nodes = shaped(count, "chain" if deep_chain else shape, seed=seed, max_depth=40)
    rng = random.Random(seed)
    with out.open("w", encoding="utf-8") as handle:
        handle.write("[" + post_listing(count) + ",")
        write_comments(nodes, handle, rng, replies_first)
        handle.write("]")
    return out.stat().st_size


if __name__ == "__main__":
    target = Path(sys.argv[2])
    size = write(
        int(sys.argv[1]), target, shape=shape_of(sys.argv), replies_first="--as-reddit" in sys.argv
    )
    print(f"{target}: {sys.argv[1]} comments, {size / 1e6:.1f} MB")
