"""The model's navigation and the excerpts tree rows show."""

from __future__ import annotations

from reader.formats import load
from reader.model import excerpt_of
from tests.conftest import FIXTURES

POST, ALICE, BOB, CAROL, DAVE, ERIN, BOB2, ALICE2, FRANK = range(9)


def test_excerpt_skips_quotes_and_attribution() -> None:
    body = "On Tue, Bob wrote:\n> quoted\n> more\nMy reply\nhere."
    assert excerpt_of(body) == "My reply here."
    assert excerpt_of("> only a quote") == "> only a quote"
    assert excerpt_of("plain   text\n\nwith\u00a0spaces") == "plain text with spaces"


def test_navigation_by_index() -> None:
    thread = load(FIXTURES / "thread_basic.txt")
    assert thread.children(POST) == [ALICE, BOB2, FRANK]
    assert thread.children(ALICE) == [BOB, ERIN]
    assert thread.ancestors(DAVE) == [POST, ALICE, BOB, CAROL]
    assert thread.next_sibling(BOB) == ERIN and thread.next_sibling(ERIN) is None
    assert thread.previous_sibling(FRANK) == BOB2 and thread.previous_sibling(ALICE) is None
    assert thread.parent(POST) is None and thread.parent(ALICE2) == BOB2
    assert [c.subtree_size for c in thread.comments] == [9, 5, 3, 2, 1, 1, 2, 1, 1]
