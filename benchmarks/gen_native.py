"""Write a large thread in our own JSON: `python benchmarks/gen_native.py N OUT [--SHAPE]`.

SHAPE is one of shapes.SHAPES (bushy by default, biggest-first, one-giant, chain).

The loss-free export format (`thread-reader/1`) holds depths, not nesting, so it carries any
shape, a reply chain 1,000,000 deep included: the benchmark uses it for the deep chain while
the text archive (whose indentation grows with depth) cannot hold one.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).parent))
from shapes import preorder, shape_of, shaped

from reader.export import to_json
from reader.model import Comment, from_preorder

START = datetime(2024, 3, 1, tzinfo=timezone.utc)


def write(count: int, out: Path, *, deep_chain: bool = False, shape: str = "bushy") -> None:
    nodes = preorder(shaped(count, "chain" if deep_chain else shape))
    comments = [Comment(id="c0", parent_id=None, author="poster", body="The post.", kind="post")]
    for node in nodes:
        comments.append(
            Comment(
                id=f"c{node.index + 1}",
                parent_id=None,
                author=node.author,
                created=START + timedelta(minutes=node.index),
                body="\n\n".join(node.paragraphs),
                depth=node.depth,
            )
        )
    title = f"A generated thread of {count} comments"
    thread = from_preorder(title, "native", str(out), comments, thread_id=f"bench:{count}")
    out.write_text(to_json(thread), encoding="utf-8")


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]), shape=shape_of(sys.argv))
