"""Property tests: any text gives a well-formed Thread or a clean error; the pre-order model's
invariants hold for the text importer and for from_parent_links, however tangled the input."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.formats import ArchiveError, load
from reader.formats.text import parse
from reader.model import Comment, PreorderError, Thread, from_parent_links, from_preorder
from tests.conftest import examples


def assert_preorder_invariants(thread: Thread) -> None:
    """Depths, parents, subtree sizes and ids of a thread agree with each other."""
    comments = thread.comments
    assert comments, "a thread always has its root"
    assert comments[0].depth == 0
    assert comments[0].parent_id is None
    for previous, comment in pairwise(comments):
        assert 1 <= comment.depth <= previous.depth + 1
    for index, comment in enumerate(comments):
        parent = thread.parent(index)
        if index == 0:
            assert parent is None
        else:
            assert parent is not None and parent < index
            assert comments[parent].id == comment.parent_id
            assert comments[parent].depth == comment.depth - 1
        kids = thread.children(index)
        assert comment.subtree_size == 1 + sum(comments[k].subtree_size for k in kids)
        assert all(thread.parent(k) == index for k in kids)
    ids = [c.id for c in comments]
    assert len(set(ids)) == len(ids)


def parse_or_clean_error(text: str) -> Thread | None:
    try:
        thread = parse(text, "generated.txt")
    except ArchiveError as error:
        assert "\n" not in str(error)
        return None
    assert_preorder_invariants(thread)
    for comment in thread.comments:
        assert "\x1b" not in comment.body and "\r" not in comment.body
    return thread


# Any text at all.


@settings(max_examples=examples(300), deadline=None)
@given(st.text())
def test_any_text_gives_a_thread_or_a_clean_error(text: str) -> None:
    parse_or_clean_error(text)


_LINEISH = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=12),
        st.sampled_from(["1. ", "2) ", "10. ", "• ", "* ", "- ", "◦ ", "o ", "", "", "> "]),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    ),
    max_size=40,
)


@settings(max_examples=examples(150), deadline=None)
@given(_LINEISH, st.sampled_from(["\n", "\r\n", "\r"]))
def test_text_made_of_list_like_lines(lines: list[tuple[int, str, str]], newline: str) -> None:
    text = newline.join(" " * indent + marker + rest for indent, marker, rest in lines)
    parse_or_clean_error(text)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_any_bytes_through_load(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive.txt"
        path.write_bytes(data)
        for format in (None, "text"):
            try:
                thread = load(path, format=format)
            except ArchiveError as error:
                assert str(error).startswith(str(path))
                continue
            assert_preorder_invariants(thread)


# Plausible indented archives, generated with the tree they should give.


@dataclass
class Planned:
    depth: int
    author: str | None
    paragraphs: list[list[str]]


_WORD = st.text(alphabet="abcdefghijkLMNOPQRSéü東京", min_size=2, max_size=9)
_LINE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
_PARAGRAPH = st.lists(_LINE, min_size=1, max_size=3)
_AUTHOR = st.one_of(st.none(), st.sampled_from(["Ana Lima", "Kenji", "Chloé Martin", "李文"]))


@st.composite
def planned_threads(draw: st.DrawFn) -> list[Planned]:
    count = draw(st.integers(min_value=0, max_value=16))
    plan: list[Planned] = []
    depth = 0
    for _ in range(count):
        depth = draw(st.integers(min_value=1, max_value=depth + 1))
        paragraphs = draw(st.lists(_PARAGRAPH, min_size=1, max_size=3))
        plan.append(Planned(depth, draw(_AUTHOR), paragraphs))
    return plan


@st.composite
def archives(draw: st.DrawFn) -> tuple[str, list[Planned], int]:
    """An archive's text, the comments it holds, and how many pingbacks follow them."""
    plan = draw(planned_threads())
    step = draw(st.integers(min_value=1, max_value=4))
    base = draw(st.integers(min_value=1, max_value=4))
    numbered = draw(st.booleans())
    bullet = draw(st.sampled_from("•*-◦▪"))
    pingbacks = draw(st.integers(min_value=0, max_value=3)) if numbered and plan else 0
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    out = ["The Title", "", "The post.", ""]
    top = 0
    for item in plan:
        column = base + step * (item.depth - 1)
        if item.depth == 1:
            top += 1
            marker = f"{top}. " if numbered else f"{bullet} "
        else:
            marker = f"{bullet} "
        pad = " " * (column + 2)
        first = [f"{item.author} says:", ""] if item.author else []
        lines = first + [line for p in item.paragraphs for line in [*p, ""]]
        out.append(" " * column + marker + lines[0])
        out.extend(pad + line if line else "" for line in lines[1:])
    for number in range(1, pingbacks + 1):
        out += [" " * base + f"{number}. […] a pingback […]", ""]
    out += ["Leave a Reply", "", "Logged in as nobody."]
    return newline.join(out), plan, pingbacks


@settings(max_examples=examples(100), deadline=None)
@given(archives())
def test_generated_archives_give_the_planned_tree(case: tuple[str, list[Planned], int]) -> None:
    text, plan, pingbacks = case
    thread = parse_or_clean_error(text)
    assert thread is not None
    assert thread.title == "The Title"
    assert thread.root.body == "The post."
    got = [(c.kind, c.depth, c.author, c.body.count("\n\n") + 1) for c in thread.comments[1:]]
    want = [("comment", p.depth, p.author, len(p.paragraphs)) for p in plan]
    want += [("pingback", 1, None, 1)] * pingbacks
    assert got == want
    for comment, item in zip(thread.comments[1 : len(plan) + 1], plan, strict=True):
        assert comment.body == "\n\n".join("\n".join(p) for p in item.paragraphs)
    assert thread.furniture_lines == 2


# from_parent_links: random parent graphs, with missing parents, self-replies and loops.


@st.composite
def parent_graphs(draw: st.DrawFn) -> list[tuple[str, str | None]]:
    count = draw(st.integers(min_value=0, max_value=40))
    ids = [f"c{i}" for i in range(count)]
    choices = [*ids, "root", "missing-1", "missing-2", None]
    return [(item, draw(st.sampled_from(choices))) for item in ids]


@settings(max_examples=examples(150), deadline=None)
@given(parent_graphs(), st.booleans())
def test_from_parent_links_keeps_every_item_once(
    graph: list[tuple[str, str | None]], sort: bool
) -> None:
    root = Comment(id="root", parent_id=None, body="post", kind="post")
    items = [Comment(id=i, parent_id=p, body=f"body of {i}") for i, p in graph]
    thread = from_parent_links(
        "t", "test", "x", root, items, sort_key=(lambda c: c.id) if sort else None
    )
    assert_preorder_invariants(thread)
    assert thread.root.id == "root"
    assert sorted(c.id for c in thread.comments[1:]) == sorted(i for i, _ in graph)
    wanted = dict(graph)
    for comment in thread.comments[1:]:
        asked = wanted[comment.id]
        if comment.parent_id != asked:
            # Re-attached to the root: the parent was missing, itself, or on a loop.
            assert comment.parent_id == "root"
            assert asked is None or "detached" in comment.extra


# from_preorder on any depths, skipped levels and depths back to 0 included.


def _expected_links(depths: list[int]) -> tuple[list[int], list[int]]:
    """The rule, written plainly: a parent is the nearest earlier entry of smaller depth, a
    subtree the entry and the run after it of larger depth."""
    parents, sizes = [], []
    for index, depth in enumerate(depths):
        earlier = [i for i in range(index) if depths[i] < depth]
        parents.append(earlier[-1] if earlier else -1)
        end = index + 1
        while end < len(depths) and depths[end] > depth:
            end += 1
        sizes.append(end - index)
    return parents, sizes


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=30))
def test_parents_and_subtrees_agree_on_any_depths(depths: list[int]) -> None:
    comments = [Comment(f"c{i}", "stale", depth=depth) for i, depth in enumerate(depths)]
    thread = from_preorder("t", "test", "x", comments)
    parents, sizes = _expected_links(depths)
    assert thread.parents == parents
    assert [c.subtree_size for c in comments] == sizes
    assert [c.parent_id for c in comments] == [comments[p].id if p >= 0 else None for p in parents]
    for index, comment in enumerate(comments):
        kids = thread.children(index)
        assert kids == [k for k, parent in enumerate(parents) if parent == index]
        assert comment.subtree_size == 1 + sum(comments[k].subtree_size for k in kids)
    roots = [index for index, parent in enumerate(parents) if parent < 0]
    assert sum(comments[index].subtree_size for index in roots) == len(comments)


def test_a_skipped_level_gives_the_reply_to_the_nearest_shallower_entry() -> None:
    comments = [Comment(f"c{i}", None, depth=d) for i, d in enumerate([0, 2, 2, 1, 3, 1])]
    thread = from_preorder("t", "test", "x", comments)
    assert thread.parents == [-1, 0, 0, 0, 3, 0]
    assert [c.subtree_size for c in comments] == [6, 1, 1, 2, 1, 1]
    assert thread.children(0) == [1, 2, 3, 5]


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=12))
def test_strict_refuses_the_first_depth_that_is_not_pre_order(depths: list[int]) -> None:
    comments = [Comment(f"c{i}", None, depth=depth) for i, depth in enumerate(depths)]
    bad = [
        index
        for index, depth in enumerate(depths)
        if (depth != 0 if index == 0 else not 1 <= depth <= depths[index - 1] + 1)
    ]
    if not bad:
        assert_preorder_invariants(from_preorder("t", "test", "x", comments, strict=True))
        return
    with pytest.raises(PreorderError) as error:
        from_preorder("t", "test", "x", comments, strict=True)
    assert error.value.index == bad[0]


# Reply chains far deeper than Python's recursion limit.


def test_deep_chain_from_a_text_archive(tmp_path: Path) -> None:
    # Nesting is by column, so a chain N deep needs about N*N/2 bytes of indentation: 5,000
    # levels (12.5 MB) is five times the recursion limit. A 100,000-deep chain goes through
    # from_parent_links in test_big_threads.py; a text archive of many comments is below.
    depth = 5_000
    lines = ["Deep", "", "The post.", ""]
    for level in range(depth):
        lines.append(" " * (level + 1) + f"• Reply {level}")
    path = tmp_path / "deep.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    thread = load(path)
    assert len(thread) == depth + 1
    assert thread.max_depth() == depth
    assert thread.comments[-1].body == f"Reply {depth - 1}"
    assert thread.comments[1].subtree_size == depth
    assert len(thread.ancestors(depth)) == depth


def test_a_100000_deep_chain_from_preorder() -> None:
    depth = 100_000
    comments = [Comment(f"c{i}", None, depth=i) for i in range(depth + 1)]
    thread = from_preorder("chain", "test", "x", comments)
    assert [c.subtree_size for c in comments[::25_000]] == [100_001, 75_001, 50_001, 25_001, 1]
    assert thread.parents[-1] == depth - 1 and comments[-1].parent_id == f"c{depth - 1}"
    assert len(thread.ancestors(depth)) == depth


def test_twenty_thousand_comments_from_a_text_archive(tmp_path: Path) -> None:
    # 1.2 MB: past every head the importers read on their own (the 2,000 lines sniffed, the
    # 256 KB of a preview), so the whole file goes the one way a larger one does.
    # benchmarks/ loads 100,000 comments.
    count = 20_000
    lines = ["Wide", "", "The post.", ""]
    for index in range(count):
        indent = 2 + 2 * (index % 8)
        lines += [" " * indent + f"• User{index % 13} says:", "", " " * indent + f"  Body {index}"]
    path = tmp_path / "wide.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    thread = load(path)
    assert len(thread) == count + 1
    assert thread.max_depth() == 8
    assert len(thread.authors()) == 13
    assert [c.depth for c in thread.comments[1:10]] == [1, 2, 3, 4, 5, 6, 7, 8, 1]
    assert_preorder_invariants(thread)
