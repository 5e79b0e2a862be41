"""Big and deep threads: the rows stay exactly right, and a 20,000-deep chain works.

Rows are compared with a naive recomputation (a comment shows when no ancestor is folded).
No timings here: the benchmark in benchmarks/ measures speed.

Sizes, and why each:
- 20,000 comments with a 10,000-reply subtree, in the view: folds and unfolds edit a slice of
  the rows, and only a subtree that big makes a wrongly edited slice show among the rest.
- A 20,000-deep chain, built from parent links in any order and walked in the view: every key
  is a step along a chain twenty times the recursion limit, so an ancestor walk that recurses,
  or one redone for each key (20,000² steps), shows here; benchmarks/extremes.py times
  100,000-deep chains in every format.
- The app on a 3,000-deep chain, three times the recursion limit as in tests/test_extremes.py:
  what only the screen does (drawing rows and the breadcrumb deep down, keys reaching the
  view) breaks past the recursion limit, not past 20,000; loading 20,000-deep files is
  tested per format (test_extremes.py, test_format_reddit.py, test_format_hackernews.py).
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
from reader.model import Comment, Thread, from_parent_links, from_preorder
from reader.ui.app import ReaderApp
from reader.ui.screens.thread import LoadingScreen
from reader.view import ThreadView
from tests.helpers import pane_of, reader_app, screen_text, tree_of

BIG = 20_000
CHAIN = 20_000
APP_CHAIN = 3_000


def naive_rows(thread: Thread, folded: set[int]) -> list[int]:
    """Every comment none of whose ancestors is folded, in thread order."""
    return [i for i in range(len(thread)) if not folded.intersection(thread.ancestors(i))]


def assert_rows(view: ThreadView) -> None:
    assert list(view.rows) == naive_rows(view.thread, set(view.folds))


@pytest.fixture(scope="module")
def big() -> Thread:
    """The benchmarks' bushy thread of BIG comments below a post (as gen_native writes it)."""
    comments = [Comment(id="c0", parent_id=None, body="The post.", kind="post")]
    for node in preorder(list(bushy(BIG))):
        body = "\n\n".join(node.paragraphs)
        comments.append(
            Comment(id=f"c{node.index + 1}", parent_id=None, body=body, depth=node.depth)
        )
    return from_preorder("Big", "test", "generated", comments)


def test_fold_and_unfold_a_big_subtree_gives_exact_rows(big: Thread) -> None:
    view = ThreadView(big)
    assert len(big) == BIG + 1 and big.max_depth() > 40
    assert list(view.rows) == list(range(BIG + 1))
    sizes = [big.comments[i].subtree_size for i in range(1, len(big))]
    assert max(sizes) == 10_001  # the generator's one big subtree, and no bigger one
    large = 1 + sizes.index(10_001)

    assert view.toggle(large)  # space
    assert view.folds == {large} and view.nearest_visible(large) == large
    assert_rows(view)
    assert len(view.rows) == BIG + 1 - 10_000

    # Folds inside and outside the big subtree, then the big one unfolds around them.
    rng = random.Random(3)
    parents = [i for i in range(1, len(big)) if big.comments[i].subtree_size > 1]
    inside = [i for i in parents if large < i < large + 10_001]
    for index in rng.sample(inside, 40) + rng.sample(parents, 40):
        view.fold(index)
    assert_rows(view)
    assert view.toggle(large)
    assert large not in view.folds and view.nearest_visible(large) == large
    assert_rows(view)

    view.show_depth(1)  # 1
    depth_one = {i for i in parents if big.comments[i].depth == 1}
    assert view.folds == depth_one
    assert list(view.rows) == [0, *big.by_depth[1]]
    assert view.nearest_visible(large) == big.top_level_of(large) == large

    assert view.unfold(large)  # l on a folded comment unfolds it only
    assert_rows(view)
    assert len(view.rows) == 1 + len(big.by_depth[1]) + 10_000

    view.show_depth(3)
    assert view.folds == {i for i in parents if big.comments[i].depth == 3}
    assert_rows(view)

    view.show_depth(0)
    assert view.folds == frozenset() and list(view.rows) == list(range(BIG + 1))


def test_moves_after_folds_land_where_the_model_says(big: Thread) -> None:
    view = ThreadView(big)
    view.show_depth(1)
    last_top = view.rows[-1]  # G
    assert last_top == big.by_depth[1][-1]
    assert view.previous_sibling(last_top) == big.by_depth[1][-2]  # K
    view.show_depth(0)
    assert view.rows[-1] == BIG
    top = big.top_level_of(BIG)
    assert view.previous_top(BIG) == (top if top != BIG else big.previous_sibling(top))  # [


def chain_items(count: int) -> tuple[Comment, list[Comment]]:
    root = Comment(id="c0", parent_id=None, author="op", body="post", kind="post")
    items = [
        Comment(id=f"c{i}", parent_id=f"c{i - 1}", author=f"u{i % 7}", body=f"reply {i}")
        for i in range(1, count + 1)
    ]
    random.Random(1).shuffle(items)  # any order: parents are found by id
    return root, items


@pytest.fixture(scope="module")
def chain() -> Thread:
    root, items = chain_items(CHAIN)
    return from_parent_links("chain", "test", "-", root, items)


def test_a_20000_deep_chain_builds_from_parent_links(chain: Thread) -> None:
    assert len(chain) == CHAIN + 1
    assert [c.id for c in chain.comments[:3]] == ["c0", "c1", "c2"]
    assert chain.comments[-1].depth == chain.max_depth() == CHAIN
    assert chain.comments[-1].body == f"reply {CHAIN}"
    assert chain.root.subtree_size == CHAIN + 1 and chain.comments[1].subtree_size == CHAIN
    assert chain.parent(CHAIN) == CHAIN - 1
    assert len(chain.ancestors(CHAIN)) == CHAIN
    assert chain.ancestors(CHAIN, limit=3) == [CHAIN - 3, CHAIN - 2, CHAIN - 1]
    assert chain.top_level_of(CHAIN) == 1
    assert chain.previous_sibling(CHAIN) is None and chain.next_sibling(CHAIN) is None


def test_the_view_walks_a_20000_deep_chain(chain: Thread) -> None:
    """The keys of the app test below, as the view answers them at 20,000 levels."""
    view = ThreadView(chain)
    assert view.rows[-1] == CHAIN  # G
    assert not view.has_replies_shown(CHAIN) and view.parent(CHAIN) == CHAIN - 1  # h on a leaf
    assert view.has_replies_shown(CHAIN - 1) and view.fold(CHAIN - 1)  # h folds it
    assert view.folds == {CHAIN - 1} and len(view.rows) == CHAIN
    assert view.unfold(CHAIN - 1)  # l
    assert view.first_reply(CHAIN - 1) == CHAIN and len(view.rows) == CHAIN + 1  # l
    assert view.parent(view.parent(CHAIN) or 0) == CHAIN - 2  # p p
    view.show_depth(5)
    assert list(view.rows) == list(range(6)) and view.folds == {5}
    assert view.nearest_visible(CHAIN - 2) == 5
    assert view.top_of(CHAIN - 2) == 1 and view.next_top(5) is None
    assert view.reveal(CHAIN)  # a jump to the deepest comment unfolds its way there
    assert view.folds == frozenset() and view.row_of(CHAIN) == CHAIN
    view.show_depth(0)
    assert list(view.rows) == list(range(CHAIN + 1))


@pytest.fixture(scope="module")
def chain_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("chain") / "chain.json"
    gen_native.write(APP_CHAIN, path, deep_chain=True)
    return path


def test_a_deep_chain_loads_from_the_text_format(tmp_path: Path) -> None:
    """The text archive indents each level, so its chain is kept to 1,500 levels (3 MB)."""
    path = tmp_path / "chain.txt"
    gen_text.write(1_500, path, deep_chain=True)
    thread = load(path)
    assert len(thread) == 1_501
    assert [c.depth for c in thread.comments] == list(range(1_501))
    assert thread.comments[-1].body == "Reply number 1499."


async def test_the_app_navigates_a_chain_past_the_recursion_limit(chain_file: Path) -> None:
    deepest = APP_CHAIN
    async with reader_app(chain_file) as (app, pilot):
        tree = tree_of(app)
        assert len(tree.thread) == deepest + 1 and tree.thread.comments[-1].depth == deepest
        await pilot.press("G")
        assert tree.cursor == deepest
        await pilot.press("h")  # a leaf: to its parent
        assert tree.cursor == deepest - 1
        await pilot.press("h")  # folds it
        assert tree.view.folds == {deepest - 1} and len(tree.rows) == deepest
        await pilot.press("l")  # unfolds it
        await pilot.press("l")  # to its reply
        assert tree.cursor == deepest and len(tree.rows) == deepest + 1
        await pilot.press("p", "p")
        assert tree.cursor == deepest - 2
        await pilot.press("5", "g")
        assert len(tree.rows) == 6 and tree.view.folds == {5}
        await pilot.press("G")
        assert tree.cursor == 5
        await pilot.press("0", "G")
        assert tree.cursor == deepest
        await pilot.pause(0.1)
        assert pane_of(app).index == deepest
        # The breadcrumb names the post and the 5 nearest ancestors, and counts the rest.
        shown = screen_text(app)
        assert f"post › … {deepest - 6:,} levels … › " in shown
        assert "Reply number 2999." in shown  # the deepest row is drawn, its guides elided


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
        assert not screen.query("#loading-progress")  # no bar without a fraction
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
