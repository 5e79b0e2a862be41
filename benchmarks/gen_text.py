"""Write a large indented text archive: `python benchmarks/gen_text.py N OUT [--chain]`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from shapes import bushy, chain, preorder


def write(count: int, out: Path, *, deep_chain: bool = False) -> None:
    nodes = list(chain(count) if deep_chain else bushy(count))
    with out.open("w", encoding="utf-8") as handle:
        handle.write(f"A generated thread of {count} comments\n\nThe post.\n\n")
        numbers: dict[int, int] = {}
        for node in preorder(nodes):
            indent = " " * (2 * node.depth)
            if node.depth == 1:
                numbers[1] = numbers.get(1, 0) + 1
                marker = f"{numbers[1]}."
            else:
                marker = "•"
            handle.write(f"{indent}{marker} {node.author} says:\n\n")
            for text in node.paragraphs:
                handle.write(f"{indent}  {text}\n\n")


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]), deep_chain="--chain" in sys.argv)
