"""Search (/, n, N) and the author filter (a), from the keyboard."""

from __future__ import annotations

import threading

import pytest

from reader.formats import load
from reader.search import SearchIndex
from reader.ui.widgets.header import ThreadHeader
from tests.conftest import FIXTURES
from tests.helpers import pane_of, reader_app, screen_text, tree_of

BASIC = FIXTURES / "thread_basic.txt"
POST, ALICE, BOB, CAROL, DAVE, ERIN, BOB2, ALICE2, FRANK = range(9)


def test_smart_case_search_over_authors_and_bodies() -> None:
    index = SearchIndex(load(BASIC))
    assert index.find("reply") == [BOB, CAROL, ERIN]
    assert index.find("Reply") == [BOB]
    assert index.find("bob") == [BOB, BOB2]
    assert index.find("   ") == []


async def test_slash_searches_and_n_N_cycle_through_matches() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await pilot.press("slash", *"reply", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        tree = tree_of(app)
        assert tree.view.matches == [BOB, CAROL, ERIN]
        assert tree.cursor == BOB
        assert app.focused is tree
        assert "search 'reply' 1/3" in str(app.screen.query_one(ThreadHeader).render())
        await pilot.press("n")
        await pilot.pause()
        assert tree.cursor == CAROL
        await pilot.press("n", "n")
        await pilot.pause()
        assert tree.cursor == BOB  # wraps around
        await pilot.press("N")
        await pilot.pause()
        assert tree.cursor == ERIN
        highlight = pane_of(app).highlight
        assert highlight is not None and highlight.text == "reply"


async def test_search_reveals_a_match_inside_a_folded_subtree() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await pilot.press("1", "slash", *"deepest", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        tree = tree_of(app)
        assert tree.cursor == DAVE
        assert tree.row_of(DAVE) is not None


async def test_escape_cancels_the_search() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await pilot.press("slash", *"reply", "escape")
        await pilot.pause()
        tree = tree_of(app)
        assert tree.view.matches == [] and tree.cursor == POST
        assert app.focused is tree


async def test_no_match_says_so() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await pilot.press("slash", *"zebra", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert tree_of(app).view.matches == []
        assert any("zebra" in str(n.message) for n in app._notifications)


async def test_a_filters_to_one_author_with_context_and_again_clears() -> None:
    async with reader_app(BASIC) as (app, pilot):
        await pilot.press("j", "a")
        await pilot.pause()
        tree = tree_of(app)
        assert tree.view.filter_value("author") == "alice"
        assert list(tree.rows) == [POST, ALICE, BOB2, ALICE2]
        assert "only alice (a shows all) · 2 comments match" in screen_text(app)
        await pilot.press("G")
        await pilot.pause()
        assert tree.cursor == ALICE2
        await pilot.press("r", "space")  # folding works under the filter
        await pilot.pause()
        assert tree.view.folds == {POST} and list(tree.rows) == [POST]
        await pilot.press("space", "G", "a")
        await pilot.pause()
        assert tree.view.filter_value("author") is None
        assert list(tree.rows) == list(range(9))
        assert tree.cursor == ALICE2


async def test_keys_answer_while_a_slow_search_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = threading.Event()
    find = SearchIndex.find

    def slow_find(self: SearchIndex, query: str) -> list[int]:
        answer.wait(10)
        return find(self, query)

    monkeypatch.setattr(SearchIndex, "find", slow_find)
    async with reader_app(BASIC) as (app, pilot):
        await pilot.press("slash", *"reply", "enter")
        await pilot.pause()
        header = str(app.screen.query_one(ThreadHeader).render())
        assert "searching for 'reply'…" in header
        await pilot.press("j", "j")
        await pilot.pause()
        tree = tree_of(app)
        assert tree.cursor == BOB and tree.view.matches == []
        answer.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert tree.view.matches == [BOB, CAROL, ERIN] and tree.cursor == CAROL  # first after it
        assert "search 'reply' 2/3" in str(app.screen.query_one(ThreadHeader).render())
