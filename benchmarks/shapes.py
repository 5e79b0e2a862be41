"""Realistic thread shapes for benchmarks: bushy trees, long chains, varied bodies."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

WORDS = (
    "the of and to in is that it for on with as was this be are by not but at from have or an "
    "they which one you were all we there can has more if will their what so about when up out "
    "thread reply comment argument source evidence think point agree disagree actually really "
    "data example history design reason question answer problem idea people time work code"
).split()


@dataclass(slots=True)
class Node:
    """One generated comment: its index, parent index (-1 for top level) and depth (1-based)."""

    index: int
    parent: int
    depth: int
    author: str
    paragraphs: list[str]


def paragraph(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 60))
    return " ".join(words).capitalize() + "."


def bushy(count: int, *, seed: int = 1, max_depth: int = 45) -> Iterator[Node]:
    """Comments where most replies go to recent comments, so depth grows in bursts."""
    rng = random.Random(seed)
    authors = [f"user{n}" for n in range(max(10, count // 20))]
    recent: list[Node] = []
    for index in range(count):
        if not recent or rng.random() < 0.12:
            parent, depth = -1, 1
        else:
            choice = recent[-1 - min(int(rng.expovariate(0.5)), len(recent) - 1)]
            if choice.depth >= max_depth:
                choice = recent[0]
            parent, depth = choice.index, choice.depth + 1
        node = Node(
            index,
            parent,
            depth,
            rng.choice(authors),
            [paragraph(rng) for _ in range(rng.randint(1, 5))],
        )
        recent.append(node)
        if len(recent) > 30:
            recent.pop(0)
        yield node


def chain(count: int) -> Iterator[Node]:
    """A single reply chain `count` deep."""
    for index in range(count):
        yield Node(index, index - 1, index + 1, f"user{index % 7}", [f"Reply number {index}."])


def preorder(nodes: list[Node]) -> list[Node]:
    """The nodes in pre-order (parents are generated before children)."""
    children: dict[int, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent, []).append(node)
    ordered: list[Node] = []
    stack = list(reversed(children.get(-1, [])))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(children.get(node.index, [])))
    return ordered
