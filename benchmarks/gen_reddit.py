"""Generate a realistic Reddit thread JSON (a post URL's `.json`) of N comments.

Bushy like a popular thread: many top-level comments, most replies near the top, a few long
back-and-forth chains down to depth 40, `more` stubs under busy comments. Bodies are 1-5
paragraphs of Markdown, escaped the way reddit escapes them (`&gt;` quotes, `&amp;`), with
links and some non-ASCII text. Each comment carries reddit's full field set, so the file is
about as large per comment as a real download (100,000 comments is about 120 MB).

    python -m benchmarks.gen_reddit --comments 100000 --out /tmp/reddit-100k.json
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

MAX_DEPTH = 40
WORD_TEXT = (
    "the of and to a in is it you that he was for on are with as I his they be at one have "
    "this from or had by not word but what some we can out other were all there when up use "
    "your how said an each she which do their time if will way about many then them write "
    "would like so these her long make thing see him two has look more day could go come did "
    "number sound no most people my over know water than call first who may down side been "
    "now find any new work part take get place made live where after back little only round "
    "man year came show every good me give our under name very through just form sentence "
    "great think say help low line differ turn cause much mean before move right boy old too "
    "same tell does set three want air well also play small end put home read hand port large "
    "spell add even land here must big high such follow act why ask men change went light "
    "kind off need house picture try us again animal point mother world near build self earth "
    "café naïve résumé über Zürich straße 東京 café 😄 — …"
)
WORDS = WORD_TEXT.split()
LINKS = (
    "https://en.wikipedia.org/wiki/Thread_(online_communication)",
    "https://github.com/BurntSushi/ripgrep",
    "https://i.imgur.com/a3YI7RM.png",
    "https://www.reddit.com/r/AskReddit/wiki/index",
    "https://example.org/search?q=terminal&amp;page=2",
)


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(3, 16))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....!?")


def paragraph(rng: random.Random) -> str:
    text = " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))
    roll = rng.random()
    if roll < 0.12:
        return "&gt; " + text  # a quote, escaped as reddit stores it
    if roll < 0.2:
        return f"{text} [source]({rng.choice(LINKS)})"
    if roll < 0.25:
        return f"{text} Fish &amp; chips &lt;3"
    return text


def body(rng: random.Random) -> str:
    count = rng.choices((1, 2, 3, 4, 5), weights=(55, 22, 12, 7, 4))[0]
    return "\n\n".join(paragraph(rng) for _ in range(count))


def shape(count: int, rng: random.Random) -> tuple[list[int], list[int]]:
    """Parent index (-1 for top level) and depth (0 for top level) of each comment."""
    parents: list[int] = []
    depths: list[int] = []
    for index in range(count):
        roll = rng.random()
        if index == 0 or roll < 0.1:
            parent = -1
        elif roll < 0.45:
            parent = index - 1  # a back-and-forth chain
        elif roll < 0.75:
            parent = rng.randrange(max(0, index - 50), index)  # a recent comment
        else:
            parent = rng.randrange(index)  # anywhere in the thread
        while parent >= 0 and depths[parent] >= MAX_DEPTH - 1:
            parent = parents[parent]
        parents.append(parent)
        depths.append(depths[parent] + 1 if parent >= 0 else 0)
    return parents, depths


def comment_data(index: int, parent: str, depth: int, rng: random.Random) -> dict[str, Any]:
    """One t1's data with the fields a reddit comment of 2013-2016 has."""
    cid = f"k{index:07x}"
    author = f"user_{rng.randrange(20_000)}" if rng.random() > 0.02 else "[deleted]"
    score = int(rng.paretovariate(1.2)) - rng.randint(0, 2)
    created = 1_700_000_000 + index * 7 + rng.randint(0, 6)
    text = "[deleted]" if author == "[deleted]" and rng.random() < 0.7 else body(rng)
    return {
        "subreddit_id": "t5_2qh1i",
        "banned_by": None,
        "removal_reason": None,
        "link_id": "t3_bench1",
        "likes": None,
        "replies": "",
        "user_reports": [],
        "saved": False,
        "id": cid,
        "gilded": 1 if rng.random() < 0.005 else 0,
        "archived": False,
        "report_reasons": None,
        "author": author,
        "parent_id": parent,
        "score": score,
        "approved_by": None,
        "controversiality": 0,
        "body": text,
        "edited": float(created + 600) if rng.random() < 0.05 else False,
        "author_flair_css_class": None,
        "downs": 0,
        "body_html": body_html(text),
        "stickied": False,
        "subreddit": "AskReddit",
        "score_hidden": False,
        "name": f"t1_{cid}",
        "created": float(created),
        "author_flair_text": None,
        "created_utc": float(created),
        "distinguished": None,
        "depth": depth,
        "mod_reports": [],
        "num_reports": None,
        "ups": score,
    }


def body_html(text: str) -> str:
    """The rendered body as reddit stores it beside the Markdown: escaped HTML."""
    paragraphs = "".join(f"&lt;p&gt;{p}&lt;/p&gt;\n\n" for p in text.split("\n\n"))
    return f"&lt;div class=&quot;md&quot;&gt;{paragraphs}&lt;/div&gt;"


def listing(children: list[Any]) -> dict[str, Any]:
    return {
        "kind": "Listing",
        "data": {"after": None, "dist": None, "modhash": "", "children": children},
    }


def generate(count: int, seed: int = 1) -> list[Any]:
    """The two-listing document of a post with `count` comments (plus some `more` stubs)."""
    rng = random.Random(seed)
    parents, depths = shape(count, rng)
    things: list[dict[str, Any]] = []
    for index in range(count):
        parent = f"t1_k{parents[index]:07x}" if parents[index] >= 0 else "t3_bench1"
        things.append({"kind": "t1", "data": comment_data(index, parent, depths[index], rng)})
    replies: list[list[Any]] = [[] for _ in range(count)]
    top: list[Any] = []
    for index in range(count):  # children come after parents, so order is kept
        (replies[parents[index]] if parents[index] >= 0 else top).append(things[index])
    for index in range(count):
        kids = replies[index]
        if len(kids) >= 4 and rng.random() < 0.3:
            hidden = rng.randint(1, 40)
            kids.append(more_stub(things[index]["data"]["name"], depths[index] + 1, hidden))
        if kids:
            things[index]["data"]["replies"] = listing(kids)
    post = {
        "kind": "t3",
        "data": {
            "id": "bench1",
            "name": "t3_bench1",
            "title": "A generated thread of many comments &amp; replies",
            "author": "bench_op",
            "selftext": body(rng),
            "is_self": True,
            "permalink": "/r/AskReddit/comments/bench1/a_generated_thread/",
            "url": "https://www.reddit.com/r/AskReddit/comments/bench1/a_generated_thread/",
            "created_utc": 1_700_000_000.0,
            "score": 25_000,
            "num_comments": count,
            "subreddit": "AskReddit",
            "subreddit_name_prefixed": "r/AskReddit",
        },
    }
    top.append(more_stub("t3_bench1", 0, 500))
    return [listing([post]), listing(top)]


def more_stub(parent: str, depth: int, count: int) -> dict[str, Any]:
    first = f"z{abs(hash((parent, count))) % 36**6:x}"
    return {
        "kind": "more",
        "data": {
            "count": count,
            "name": f"t1_{first}",
            "id": first,
            "parent_id": parent,
            "depth": depth,
            "children": [first],
        },
    }


def write(path: Path, count: int, seed: int = 1) -> int:
    """Write the generated thread to `path`; returns its size in bytes."""
    data = json.dumps(generate(count, seed), ensure_ascii=False).encode("utf-8")
    path.write_bytes(data)
    return len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    size = write(args.out, args.comments, args.seed)
    print(f"{args.out}: {args.comments} comments, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
