"""Big and deep threads: the tree's rows stay exactly right, and a 100,000-deep chain works.

Rows are compared with a naive recomputation (a comment shows when no ancestor is folded).
No timings here: the benchmark in benchmarks/ measures speed.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from benchmarks import gen_native, gen_text
from benchmarks.shapes import bushy, preorder
from reader import formats
from reader.formats import load
from reader.model import Comment, Thread, from_parent_links
from reader.ui.app import ReaderApp
from reader.ui.screens.thread import LoadingScreen
from reader.ui.widgets.tree import CommentTree
from tests.helpers import pane_of, reader_app, screen_text, tree_of

BIG = 20_000
CHAIN = 100_000


def naive_rows(thread: Thread, folded: set[int]) -> list[int]:
    """Every comment none of whose ancestors is folded, in thread order."""
    return [i for i in range(len(thread)) if not folded.intersection(thread.ancestors(i))]


def assert_rows(tree: CommentTree) -> None:
    assert list(tree.rows) == naive_rows(tree.thread, set(tree.view.folds))


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.json"
    gen_native.write(BIG, path)
    return path


@pytest.fixture(scope="module")
def chain_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("chain") / "chain.json"
    gen_native.write(CHAIN, path, deep_chain=True)
    return path


def test_generated_thread_has_a_10000_reply_subtree() -> None:
    generated = list(bushy(BIG))
    nodes = preorder(generated)
    replies = [0] * BIG
    for node in reversed(generated):
        if node.parent >= 0:
            replies[node.parent] += replies[node.index] + 1
    assert max(replies) == 10_000
    assert len(nodes) == BIG and max(n.depth for n in nodes) > 40


async def test_fold_and_unfold_a_big_subtree_gives_exact_rows(big_file: Path) -> None:
    async with reader_app(big_file, size=(120, 40)) as (app, pilot):
        tree = tree_of(app)
        thread = tree.thread
        assert list(tree.rows) == list(range(BIG + 1))
        big = max(range(1, len(thread)), key=lambda i: thread.comments[i].subtree_size)
        assert thread.comments[big].subtree_size == 10_001

        tree.select(big)
        await pilot.press("space")
        assert tree.view.folds == {big} and tree.cursor == big
        assert_rows(tree)
        assert len(tree.rows) == BIG + 1 - 10_000

        # Folds inside and outside the big subtree, then the big one unfolds around them.
        rng = random.Random(3)
        parents = [i for i in range(1, len(thread)) if thread.comments[i].subtree_size > 1]
        inside = [i for i in parents if big < i < big + 10_001]
        for index in rng.sample(inside, 40) + rng.sample(parents, 40):
            tree.fold(index)
        assert_rows(tree)
        await pilot.press("space")
        assert big not in tree.view.folds and tree.cursor == big
        assert_rows(tree)

        await pilot.press("1")
        depth_one = {i for i in parents if thread.comments[i].depth == 1}
        assert tree.view.folds == depth_one
        assert list(tree.rows) == [0, *thread.by_depth[1]]
        assert tree.cursor == thread.top_level_of(big) == big

        await pilot.press("l")  # unfolds the big one only
        assert_rows(tree)
        assert len(tree.rows) == 1 + len(thread.by_depth[1]) + 10_000

        await pilot.press("3")
        assert tree.view.folds == {i for i in parents if thread.comments[i].depth == 3}
        assert_rows(tree)

        await pilot.press("0")
        assert tree.view.folds == frozenset() and list(tree.rows) == list(range(BIG + 1))


async def test_keys_after_folds_land_where_the_model_says(big_file: Path) -> None:
    async with reader_app(big_file) as (app, pilot):
        tree = tree_of(app)
        thread = tree.thread
        await pilot.press("1", "G")
        last_top = thread.by_depth[1][-1]
        assert tree.cursor == last_top
        await pilot.press("K")
        assert tree.cursor == thread.by_depth[1][-2]
        await pilot.press("0", "G", "left_square_bracket")
        top = thread.top_level_of(BIG)
        assert tree.cursor == (top if top != BIG else thread.previous_sibling(top))


def chain_items(count: int) -> tuple[Comment, list[Comment]]:
    root = Comment(id="c0", parent_id=None, author="op", body="post", kind="post")
    items = [
        Comment(id=f"c{i}", parent_id=f"c{i - 1}", author=f"u{i % 7}", body=f"reply {i}")
        for i in range(1, count + 1)
    ]
    random.Random(1).shuffle(items)  # any order: parents are found by id
    return root, items


def test_a_100000_deep_chain_builds_from_parent_links() -> None:
    root, items = chain_items(CHAIN)
    thread = from_parent_links("chain", "test", "-", root, items)
    assert len(thread) == CHAIN + 1
    assert [c.id for c in thread.comments[:3]] == ["c0", "c1", "c2"]
    assert thread.comments[-1].depth == CHAIN
    assert thread.root.subtree_size == CHAIN + 1
    assert thread.parent(CHAIN) == CHAIN - 1
    assert len(thread.ancestors(CHAIN)) == CHAIN
    assert thread.ancestors(CHAIN, limit=3) == [CHAIN - 3, CHAIN - 2, CHAIN - 1]
    assert thread.top_level_of(CHAIN) == 1
    assert thread.previous_sibling(CHAIN) is None and thread.next_sibling(CHAIN) is None


def test_a_deep_chain_loads_from_the_text_format(tmp_path: Path) -> None:
    """The text archive indents each level, so its chain is kept to 1,500 levels (3 MB)."""
    path = tmp_path / "chain.txt"
    gen_text.write(1_500, path, deep_chain=True)
    thread = load(path)
    assert len(thread) == 1_501
    assert [c.depth for c in thread.comments] == list(range(1_501))
    assert thread.comments[-1].body == "Reply number 1499."


async def test_the_app_navigates_a_100000_deep_chain(chain_file: Path) -> None:
    async with reader_app(chain_file) as (app, pilot):
        tree = tree_of(app)
        assert len(tree.thread) == CHAIN + 1 and tree.thread.comments[-1].depth == CHAIN
        await pilot.press("G")
        assert tree.cursor == CHAIN
        await pilot.press("h")  # a leaf: to its parent
        assert tree.cursor == CHAIN - 1
        await pilot.press("h")  # folds it
        assert tree.view.folds == {CHAIN - 1} and len(tree.rows) == CHAIN
        await pilot.press("l")  # unfolds it
        await pilot.press("l")  # to its reply
        assert tree.cursor == CHAIN and len(tree.rows) == CHAIN + 1
        await pilot.press("p", "p")
        assert tree.cursor == CHAIN - 2
        await pilot.press("5", "g")
        assert len(tree.rows) == 6 and tree.view.folds == {5}
        await pilot.press("G")
        assert tree.cursor == 5
        await pilot.press("0", "G")
        assert tree.cursor == CHAIN
        await pilot.pause(0.1)
        assert pane_of(app).index == CHAIN
        # The breadcrumb names the post and the 5 nearest ancestors, and counts the rest.
        assert f"post › … {CHAIN - 6:,} levels … › " in screen_text(app)


async def test_the_loading_screen_shows_progress_the_importer_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "thread.txt"
    gen_text.write(10, path)
    release = threading.Event()
    real_load = load

    def slow_load(target: Path, format: str | None = None) -> Thread:
        formats.progress(0.4)
        release.wait(10)
        return real_load(target, format)

    monkeypatch.setattr("reader.session.load", slow_load)
    monkeypatch.setattr(LoadingScreen, "SHOW_PROGRESS_AFTER", 0.05)
    app = ReaderApp(path)
    async with app.run_test() as pilot:
        await pilot.pause(0.4)
        screen = app.screen
        assert isinstance(screen, LoadingScreen)
        bar = screen.query_one("#loading-progress")
        assert bar.display and bar.progress == 40  # type: ignore[attr-defined]
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(tree_of(app).thread) == 11


async def test_loading_without_a_fraction_shows_the_seconds_spent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.txt"
    gen_text.write(10, path)
    release = threading.Event()
    real_load = load

    def slow_load(target: Path, format: str | None = None) -> Thread:
        release.wait(10)
        return real_load(target, format)

    monkeypatch.setattr("reader.session.load", slow_load)
    monkeypatch.setattr(LoadingScreen, "SHOW_PROGRESS_AFTER", 0.05)
    app = ReaderApp(path)
    async with app.run_test() as pilot:
        await pilot.pause(0.4)
        screen = app.screen
        assert isinstance(screen, LoadingScreen)
        assert not screen.query_one("#loading-progress").display
        shown = str(screen.query_one("#loading-time", Static).render())
        assert shown.endswith(" s") and float(shown[:-2]) >= 0.3
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(tree_of(app).thread) == 11


QUIT_WHILE_READING = """
import asyncio, sys, threading
from pathlib import Path
import reader.ui.app
never = threading.Event()
reader.session.load = lambda target, format=None: never.wait(600)  # a read that never ends
async def main():
    app = reader.ui.app.ReaderApp(Path(sys.argv[1]))
    async with app.run_test() as pilot:
        await pilot.pause(0.3)
        await pilot.press("q")
asyncio.run(main())
"""


def test_quitting_while_a_file_is_read_does_not_wait_for_the_read(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    gen_text.write(10, path)
    environment = {**os.environ, "THREAD_READER_HOME": str(tmp_path / "home")}
    script = [sys.executable, "-c", QUIT_WHILE_READING, str(path)]
    result = subprocess.run(script, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
