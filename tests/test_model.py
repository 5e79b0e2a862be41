"""The model's navigation and the excerpts tree rows show."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.formats import load
from reader.model import (
    Address,
    BodySource,
    Cleaning,
    Comment,
    LazyText,
    clean_text,
    excerpt_of,
    from_parent_links,
    from_preorder,
    one_line,
)
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


def test_original_poster_per_thread_of_an_archive() -> None:
    from reader.model import Comment, from_parent_links

    root = Comment(id="box", parent_id=None, kind="archive")
    items = [
        Comment(id="a", parent_id=None, author="ann", kind="post"),
        Comment(id="a1", parent_id="a", author="bob"),
        Comment(id="a2", parent_id="a1", author="ann"),
        Comment(id="b", parent_id=None, author="bob", kind="post"),
        Comment(id="b1", parent_id="b", author="ann"),
    ]
    thread = from_parent_links("box", "mbox", "x", root, items)
    by_id = {c.id: n for n, c in enumerate(thread.comments)}
    assert [thread.is_by_original_poster(by_id[i]) for i in ("a", "a1", "a2", "b", "b1")] == [
        True,
        False,
        True,
        True,
        False,
    ]
    assert not thread.is_by_original_poster(0)


def test_lazy_body_is_converted_once_on_first_read_and_cleaned() -> None:
    calls: list[str] = []

    def convert(source: str) -> str:
        calls.append(source)
        return source.upper() + "\x1b[31m"

    comment = Comment(id="a", parent_id=None, body=LazyText("<p>hi</p>", convert))
    thread = from_preorder("t", "test", "t", [comment])
    assert calls == ["<p>hi</p>"]  # the root's body names the thread: read at load
    assert thread.root.body == "<P>HI</P>"  # the escape sequence is gone, all of it
    assert thread.root.body == "<P>HI</P>"
    assert calls == ["<p>hi</p>"]


def test_lazy_bodies_below_the_root_wait_until_read() -> None:
    seen: list[str] = []
    root = Comment(id="r", parent_id=None, body="post", kind="post")
    reply = Comment(id="c", parent_id="r", body=LazyText("later", lambda s: seen.append(s) or s))
    thread = from_parent_links("t", "test", "t", root, [reply])
    assert seen == [] and not thread.comments[1].body_is_read
    assert thread.comments[1].excerpt == "later" and seen == ["later"]


def test_bodies_in_their_source_form_are_converted_once_when_read_and_keep_their_format() -> None:
    calls: list[str] = []
    html = BodySource("html", lambda source: calls.append(source) or source.upper() + "\x07")
    root = Comment(id="r", parent_id=None, body="post", kind="post")
    replies = [Comment(id=n, parent_id="r", body=f"<i>{n}</i>", body_format=html) for n in "ab"]
    thread = from_preorder("t", "test", "t", [root, *replies])
    first, second = thread.comments[1:]
    assert calls == [] and first.body_format == "html" and not first.body_is_read
    assert first.body == "<I>A</I>" and first.body == "<I>A</I>"  # cleaned, converted once
    assert calls == ["<i>a</i>"] and first.body_is_read and first.body_format == "html"
    assert not second.body_is_read
    second.body_format = "text"  # converted as written first
    assert second.body == "<I>B</I>" and second.body_format == "text"
    other = Comment(id="c", parent_id=None, body="<i>c</i>", body_format=html)
    other.body = "replaced"
    assert other.body == "replaced" and other.body_format == "html" and calls[-1] == "<i>b</i>"


def test_an_address_gives_each_comment_its_url_from_its_id() -> None:
    page = Address("https://example.org/item?id=", len("hn:"), "#c")
    first, second = (Comment(id=f"hn:{n}", parent_id=None, url=page) for n in (12, 345))
    assert (first.url, second.url) == (
        "https://example.org/item?id=12#c",
        "https://example.org/item?id=345#c",
    )
    assert first == Comment(id="hn:12", parent_id=None, url="https://example.org/item?id=12#c")
    second.url = None
    assert second.url is None and "url=None" in repr(second)


def test_comments_without_extras_share_one_mapping_and_adding_one_touches_only_its_own() -> None:
    first, second = Comment(id="a", parent_id=None), Comment(id="b", parent_id="a", extra={})
    assert first.extra is second.extra and not first.extra
    first.add_extra("detached", "parent x is not in this archive")
    assert first.extra == {"detached": "parent x is not in this archive"}
    assert second.extra == {} and Comment(id="c", parent_id=None).extra == {}


# one_line and clean_text take shortcuts on plain text; they must agree with the plain rules,
# since comment ids (what notes are stored under) hash one_line's output.

_PIECES = ("a", "Z", "é", "東", " ", "  ", "\n", "\n\n", "\t", "\r", "\x0b", "\x0c", "\x1c")
_CONTROLS = ("\x1f", "\x00", "\x1b", "\x7f", "\x85", "\x9f", "\xa0", "\u2028", "\u3000", "\ud800")
_AWKWARD = st.lists(st.sampled_from(_PIECES + _CONTROLS)).map("".join)


@given(st.one_of(_AWKWARD, st.text()))
def test_one_line_is_split_and_join(text: str) -> None:
    assert one_line(text) == " ".join(text.split())


@given(st.one_of(_AWKWARD, st.text()))
def test_clean_text_drops_exactly_the_control_characters(text: str) -> None:
    cleaned = clean_text(text)
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", cleaned) is None
    if re.search(r"[\x1b\x90\x98\x9b\x9d\x9e\x9f]", text) is None:  # no escape sequence
        expected = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", re.sub(r"\r\n?", "\n", text))
        assert cleaned == expected


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[1;31mred\x1b[0m text", "red text"),  # CSI colour codes
        ("a\x1b[2Jb\x1b[?25lc", "abc"),  # clear screen, hide cursor
        ("\x1b]0;new window title\x07Title", "Title"),  # OSC ended by BEL
        ("\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\ end", "link end"),  # OSC, ST
        ("\x9b31mC1 CSI", "C1 CSI"),
        ("\x1b(Bcharset", "charset"),
        ("an escape at the end\x1b", "an escape at the end"),  # not a sequence
    ],
)
def test_terminal_escape_sequences_are_removed_whole(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    thread = from_preorder(raw, "test", "t", [Comment("a", None, author=raw, body=raw)])
    assert (thread.title, thread.root.author, thread.root.body) == (clean, clean, clean)


@pytest.mark.parametrize("clean", ["all", "fields", "authors"])
def test_from_preorder_cleans_the_fields_it_is_told_to(clean: Cleaning) -> None:
    raw = "\x1b[2Jbad\u202e text\x07"
    comment = Comment(
        "a", None, author=f"  {raw} ", body=raw, url=f"https://x.example/{raw}", extra={"k": raw}
    )
    thread = from_preorder(raw, "test", "t", [comment], clean=clean)
    assert thread.title == thread.root.author == "bad text"
    fields = clean != "authors"
    assert thread.root.url == (
        "https://x.example/bad text" if fields else f"https://x.example/{raw}"
    )
    assert thread.root.extra == {"k": "bad text" if fields else raw}
    assert thread.root.body == ("bad text" if clean == "all" else raw)


def test_text_comment_ids_do_not_change() -> None:
    """Notes hang on these ids: a change here orphans every note users have kept."""
    thread = load(FIXTURES / "text_seed_library.txt")
    assert thread.id == "hash:d07fc9ad67528b19"
    assert [c.id for c in thread.comments[:4]] == [
        "9f7528ca01071862",
        "55b1f40a365ab171",
        "6106e6866c83c18e",
        "37e2d5cda5058783",
    ]
    hostile = load(FIXTURES / "text_hostile.txt")
    assert [c.id for c in hostile.comments] == ["16798da2b5b52091", "78991bcbc2af5091"]
