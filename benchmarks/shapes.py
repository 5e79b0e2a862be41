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


BIG_SUBTREE = 10_000


def big_subtree_size(count: int) -> int:
    """Replies under the one big top-level comment `bushy` makes by default (0: none)."""
    return BIG_SUBTREE if count >= 2 * BIG_SUBTREE else 0


def bushy(
    count: int,
    *,
    seed: int = 1,
    max_depth: int = 45,
    big: int | None = None,
    big_at: int | None = None,
) -> Iterator[Node]:
    """Comments where most replies go to recent comments, so depth grows in bursts.

    The top-level comment at index `big_at` (by default `count // 3`) gets exactly `big` replies
    below it (by default `big_subtree_size(count)`), so benchmarks always find a 10,000-reply
    subtree to fold.
    """
    rng = random.Random(seed)
    authors = [f"user{n}" for n in range(max(10, count // 20))]
    start = count // 3 if big_at is None else big_at
    big = big_subtree_size(count) if big is None else min(big, count - start - 1)
    big_root, big_end = (start, start + big) if big > 0 else (-1, -1)
    recent: list[Node] = []
    for index in range(count):
        if index in (big_root, big_end + 1):
            recent.clear()  # the big subtree's replies stay inside it, and nothing joins it
        inside = big_root < index <= big_end
        if index == big_root:
            parent, depth = -1, 1
        elif inside and (len(recent) == 1 or rng.random() < 0.12):
            parent, depth = big_root, 2
        elif not inside and (not recent or rng.random() < 0.12):
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


def one_giant(count: int, *, seed: int = 1, max_depth: int = 45) -> list[Node]:
    """Bushy comments whose first top-level comment holds 90% of the thread below it."""
    return list(bushy(count, seed=seed, max_depth=max_depth, big=count * 9 // 10, big_at=0))


def biggest_first(nodes: list[Node]) -> list[Node]:
    """The same comments with the top-level subtrees ordered largest first (reddit's "best"
    sort puts the busiest comment on top); each subtree keeps its order inside."""
    top_of: dict[int, int] = {}
    groups: dict[int, list[Node]] = {}
    for node in nodes:  # a parent always comes before its replies
        top = node.index if node.parent < 0 else top_of[node.parent]
        top_of[node.index] = top
        groups.setdefault(top, []).append(node)
    ordered = sorted(groups.values(), key=len, reverse=True)  # stable: ties keep their order
    return [node for group in ordered for node in group]


SHAPES = ("bushy", "biggest-first", "one-giant", "chain")


def shaped(count: int, shape: str, *, seed: int = 1, max_depth: int = 45) -> list[Node]:
    """`count` comments of one of SHAPES (generation order: parents before their replies)."""
    if shape == "chain":
        return list(chain(count))
    if shape == "one-giant":
        return one_giant(count, seed=seed, max_depth=max_depth)
    nodes = list(bushy(count, seed=seed, max_depth=max_depth))
    return biggest_first(nodes) if shape == "biggest-first" else nodes


def shape_of(argv: list[str]) -> str:
    """The shape a generator's command line asks for: `--chain`, `--biggest-first`, ..."""
    return next((shape for shape in SHAPES if f"--{shape}" in argv), "bushy")


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
