"""Property tests for the web-forum importers: any input gives a sound tree or a clean error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.formats import ArchiveError, discourse, hackernews, lobsters, mastodon
from reader.model import Thread
from tests.conftest import examples

PATH = Path("generated.json")
ids = st.integers(min_value=1, max_value=12)
maybe_id = st.one_of(st.none(), ids, ids.map(str), st.just("x"), st.just(True))
text = st.one_of(st.none(), st.text(max_size=30), st.just("<p>a<b>b</p>\x1b[2J"))
junk = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.lists(st.integers(), max_size=2))


def assert_sound(thread: Thread) -> None:
    """Pre-order invariants: one root, depths step by one, sizes and parents agree."""
    comments = thread.comments
    assert comments and comments[0].depth == 0 and comments[0].parent_id is None
    assert comments[0].subtree_size == len(comments)
    for index, comment in enumerate(comments[1:], start=1):
        parent = comments[thread.parents[index]]
        assert comment.depth == parent.depth + 1
        assert comment.parent_id == parent.id
        assert index + comment.subtree_size <= thread.parents[index] + parent.subtree_size
        assert "\x1b" not in comment.body
    assert len({c.id for c in comments}) == len(comments)


def check(build: Any, document: Any) -> None:
    try:
        thread = build(document, PATH)
    except ArchiveError as error:
        assert str(error).startswith(str(PATH))
        return
    assert_sound(thread)


hn_item = st.fixed_dictionaries(
    {"id": maybe_id},
    optional={
        "by": text, "text": text, "parent": maybe_id, "kids": st.lists(maybe_id, max_size=4),
        "type": st.sampled_from(["story", "comment", "job", "pollopt"]), "time": junk,
        "deleted": st.booleans(), "dead": st.booleans(), "title": text, "children": st.just([]),
    },
)  # fmt: skip


@settings(max_examples=examples(50))
@given(
    st.one_of(
        hn_item,
        st.lists(hn_item, max_size=12),
        st.dictionaries(st.text(max_size=3), hn_item, max_size=8),
    )
)
def test_hackernews_any_items(document: Any) -> None:
    check(hackernews.build, document)


lobsters_comment = st.fixed_dictionaries(
    {"short_id": st.one_of(st.sampled_from(["a", "b", "c", "d", "e"]), junk)},
    optional={
        "parent_comment": st.one_of(st.none(), st.sampled_from(["a", "b", "c", "zz"])),
        "depth": junk, "indent_level": st.one_of(st.integers(-2, 6), junk),
        "comment": text,
        "commenting_user": st.one_of(text, st.fixed_dictionaries({"username": text})),
        "is_deleted": st.booleans(), "created_at": junk,
    },
)  # fmt: skip


@settings(max_examples=examples(50))
@given(st.lists(lobsters_comment, max_size=10))
def test_lobsters_any_comments(comments: list[Any]) -> None:
    check(lobsters.build, {"short_id": "s", "title": "t", "comments": comments})


discourse_post = st.fixed_dictionaries(
    {"post_number": st.one_of(st.integers(-1, 8), junk)},
    optional={
        "reply_to_post_number": st.one_of(st.integers(-1, 9), junk), "cooked": text,
        "username": text, "post_type": junk, "deleted_at": junk, "action_code": text,
    },
)  # fmt: skip


@settings(max_examples=examples(50))
@given(st.lists(discourse_post, max_size=10))
def test_discourse_any_posts(posts: list[Any]) -> None:
    check(discourse.build, {"id": 9, "post_stream": {"posts": posts}})


status = st.fixed_dictionaries(
    {"id": maybe_id, "content": text},
    optional={"in_reply_to_id": maybe_id, "spoiler_text": text, "account": junk, "mentions": junk},
)


@settings(max_examples=examples(50))
@given(st.lists(status, max_size=5), st.one_of(st.none(), status), st.lists(status, max_size=10))
def test_mastodon_any_context(ancestors: list[Any], focal: Any, descendants: list[Any]) -> None:
    document: dict[str, Any] = {"ancestors": ancestors, "descendants": descendants}
    if focal is not None:
        document["status"] = focal
    check(mastodon.build, document)
