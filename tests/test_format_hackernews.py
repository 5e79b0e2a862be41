"""Hacker News: Algolia trees and Firebase items, as files a person saves them."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.formats import ArchiveError, detect, load
from reader.formats.hackernews import build
from reader.formats.jsondoc import read_json
from tests.conftest import FIXTURES, assert_round_trip, corpus_file, examples, info_counts

HN = FIXTURES / "hackernews"


def shape(path: Path) -> list[tuple[str, int, str, str | None]]:
    return [(c.id, c.depth, c.kind, c.author) for c in load(path).comments]


DROPBOX = [
    ("hn:8863", 0, "post", "dhouston"),
    ("hn:9224", 1, "deleted", None),
    ("hn:9300", 2, "comment", "pg"),
    ("hn:8917", 1, "comment", "BrandonM"),
    ("hn:8934", 2, "comment", "dhouston"),
    ("hn:8952", 1, "deleted", "spammer"),
]


@pytest.mark.parametrize(
    "name", ["firebase-dict.json", "firebase-array.json", "firebase-lines.jsonl"]
)
def test_firebase_dict_array_and_lines_give_the_same_tree(name: str) -> None:
    path = HN / name
    assert detect(path).name == "hackernews"
    assert shape(path) == DROPBOX  # siblings in the order of the story's `kids`


def test_firebase_story_fields() -> None:
    thread = load(HN / "firebase-dict.json")
    post = thread.root
    assert thread.id == "hn:8863"
    assert thread.title == "My YC app: Dropbox - Throw away your USB drive"
    assert post.score == 111
    assert post.created == datetime(2007, 4, 4, 19, 16, 40, tzinfo=timezone.utc)
    assert post.extra["link"] == "http://www.getdropbox.com/u/2/screencast.html"
    reply = thread.comments[4]
    assert reply.body == (
        "that's a good point. but it doesn't work on windows\n\n"
        "also, *most* people aren't linux users"
    )
    assert reply.url == "https://news.ycombinator.com/item?id=8934"


def test_deleted_keeps_its_replies_and_dead_keeps_its_text() -> None:
    thread = load(HN / "firebase-dict.json")
    deleted, dead = thread.comments[1], thread.comments[5]
    assert (deleted.body, deleted.subtree_size) == ("[deleted]", 2)
    assert dead.body == "Buy cheap watches at spam.example (http://spam.example)"
    assert dead.extra["status"].startswith("dead")


def test_a_lone_comment_is_the_root() -> None:
    thread = load(HN / "firebase-single.json")
    assert [(c.id, c.kind) for c in thread.comments] == [("hn:8934", "post")]
    assert thread.root.extra["reply to"] == "hn:8917 (not in this archive)"


def test_algolia_story_deleted_skipped_and_hostile_text() -> None:
    thread = load(HN / "algolia-story.json")
    assert [(c.id, c.depth, c.kind) for c in thread.comments] == [
        ("hn:1000", 0, "post"),
        ("hn:1001", 1, "comment"),
        ("hn:1002", 2, "deleted"),
        ("hn:1003", 3, "comment"),
        ("hn:1004", 1, "comment"),
    ]
    assert thread.skipped == 1
    assert thread.warnings == ["$.children[1]: no numeric id"]
    assert thread.comments[1].body == "Nice. Does it handle `[bold red]x[/]`?\n\nAnd  too?"
    assert "\x1b" not in thread.comments[1].body
    assert thread.comments[3].body == "Replying to a deleted comment: > quoted"
    assert thread.comments[4].body == "```\n  indented\n  code\n```"
    assert thread.root.body == "https://example.org/reader"


def test_truncated_json_names_line_and_column() -> None:
    with pytest.raises(ArchiveError) as caught:
        load(HN / "truncated.json")
    assert str(caught.value) == (
        f"{HN / 'truncated.json'}: as hackernews: line 4 column 18: the file ends in the middle"
        " of the JSON document (cut short?)"
    )


def test_wrong_shape_names_the_json_path() -> None:
    with pytest.raises(ArchiveError) as caught:
        load(HN / "wrong-shape.json")
    assert caught.value.where == "$.children[2]"
    assert caught.value.format == "hackernews"


def test_a_chain_20000_deep_loads(tmp_path: Path) -> None:
    """Twenty times the recursion limit; benchmarks/extremes.py times 100,000."""
    depth = 20_000
    opening = '{"id": %d, "author": "u", "text": "x", "children": ['
    text = "".join(opening % n for n in range(1, depth + 1)) + "]}" * depth
    target = tmp_path / "deep.json"
    target.write_text(text)
    thread = load(target)
    assert len(thread) == depth
    assert thread.max_depth() == depth - 1
    assert thread.comments[-1].id == f"hn:{depth}"


def test_round_trip_through_our_json(tmp_path: Path) -> None:
    for name in ("firebase-dict.json", "algolia-story.json"):
        assert_round_trip(load(HN / name), tmp_path)


CORPUS_COUNTS = {
    "algolia_item_17_from_node-hacker-news-api_fixtures.json": ({"post": 1, "comment": 2}, 3, 1),
    "inkfeed_hn_algolia_items.json": ({"archive": 1, "post": 3, "comment": 11}, 12, 4),
    "inkfeed_hn_comments.json": ({"archive": 1, "post": 3, "comment": 11}, 9, 4),
    "inkfeed_hn_stories.json": ({"archive": 1, "post": 3}, 3, 1),
}


@pytest.mark.parametrize("name", sorted(CORPUS_COUNTS))
def test_corpus_counts_agree_with_the_readme(name: str, tmp_path: Path) -> None:
    path = corpus_file(f"hackernews/{name}")
    assert detect(path).name == "hackernews"
    thread = load(path)
    assert info_counts(thread) == CORPUS_COUNTS[name]
    assert_round_trip(thread, tmp_path)


def test_corpus_comment_root_keeps_its_story_id() -> None:
    thread = load(corpus_file("hackernews/algolia_item_17_from_node-hacker-news-api_fixtures.json"))
    assert thread.id == "hn:1"
    assert thread.root.id == "hn:17"


def test_corpus_comments_without_stories_are_grouped_under_placeholders() -> None:
    thread = load(corpus_file("hackernews/inkfeed_hn_comments.json"))
    posts = [c for c in thread.comments if c.kind == "post"]
    assert [p.id for p in posts] == ["hn:47031580", "hn:47033328", "hn:47032876"]  # date order
    assert all("missing" in p.extra and p.author is None for p in posts)
    assert {p.body for p in posts} == {"[not in this archive]"}
    assert [thread.comments[i].subtree_size for i in thread.children(0)] == [3, 9, 2]


def test_corpus_stories_say_their_replies_are_missing() -> None:
    thread = load(corpus_file("hackernews/inkfeed_hn_stories.json"))
    story = next(c for c in thread.comments if c.id == "hn:47033328")
    assert story.extra["missing replies"] == "3 of 3 not in this archive"
    assert story.extra["descendants"] == "37"
    assert story.body == (  # in an archive each story's title heads its body
        "MessageFormat: Unicode standard for localizable message strings\n\n"
        "https://github.com/unicode-org/message-format-wg"
    )
    assert json.loads(json.dumps(story.extra)) == story.extra


def test_bodies_wait_in_html_until_read_and_then_read_as_converted(tmp_path: Path) -> None:
    html = (
        "It&#x27;s &quot;fine&quot; &amp; fast.<p>See "
        '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow">https://example.com/a?b=1&amp;c=2</a>'
        "<p><i>quoted\x1b[2J</i>"
    )
    story = {"id": 1, "type": "story", "author": "op", "title": "T", "created_at_i": 1700000000}
    story["children"] = [
        {"id": 2, "type": "comment", "author": "a", "text": html, "parent_id": 1, "children": []}
    ]
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(story))
    reply = load(path).comments[1]
    assert not reply.body_is_read  # nothing converted at load
    assert reply.body == ('It\'s "fine" & fast.\n\nSee https://example.com/a?b=1&c=2\n\n*quoted*')
    assert reply.body_is_read


def _tree(draw: st.DrawFn, ids: st.SearchStrategy[int], depth: int) -> dict[str, object]:
    """An Algolia item with random fields, and replies nested below it."""
    if draw(st.booleans()):
        return _full_item(draw, ids, depth)
    item: dict[str, object] = {
        "id": draw(ids),
        "type": draw(st.sampled_from(["comment", "story", "job"])),
        "author": draw(st.sampled_from(["a", "b", None])),
        "text": draw(st.sampled_from(["<p>x &amp; y", "plain", None, ""])),
        "created_at_i": 1_700_000_000 + draw(st.integers(0, 9)),
        "parent_id": draw(st.sampled_from([None, 1, 2, 99])),
    }
    for key, values in (
        ("title", ["T", "", None]),
        ("url", ["https://example.com/x", ""]),
        ("deleted", [True, False]),
        ("dead", [True]),
        ("kids", [[3], []]),
        ("story_id", [1, "7"]),
    ):
        if draw(st.booleans()):
            item[key] = draw(st.sampled_from(values))
    item.update(_children(draw, ids, depth))
    return item


def _full_item(draw: st.DrawFn, ids: st.SearchStrategy[int], depth: int) -> dict[str, object]:
    """An item as Algolia's API gives it: all thirteen fields, null where they do not apply."""
    seconds = draw(
        st.sampled_from([1_700_003_599, 1_700_003_600, -86_401, 10**13, 1.5e9, None, "1"])
    )
    item: dict[str, object] = {
        "author": draw(st.sampled_from(["a", " spaced  name ", "\x1b[2Jb\x07", "", None, 7])),
        "created_at": "2023-11-14T22:13:20.000Z",
        "created_at_i": seconds,
        "id": draw(st.one_of(ids, st.sampled_from(["5", True]))),
        "options": [],
        "parent_id": draw(st.sampled_from([None, 1, 2, 99])),
        "points": draw(st.sampled_from([None, 3, "4"])),
        "story_id": draw(st.sampled_from([1, None, "7"])),
        "text": draw(st.sampled_from(["<p>x &amp; y\x1b[2J", "", None])),
        "title": draw(st.sampled_from([None, "T\u202e"])),
        "type": draw(st.sampled_from(["comment", "comment", "story", "pollopt"])),
        "url": draw(st.sampled_from([None, "", "https://example.com/x"])),
        "children": [],
    }
    item.update(_children(draw, ids, depth))
    return item


def _children(draw: st.DrawFn, ids: st.SearchStrategy[int], depth: int) -> dict[str, object]:
    if depth < 3:
        return {"children": [_tree(draw, ids, depth + 1) for _ in range(draw(st.integers(0, 3)))]}
    if draw(st.booleans()):
        return {"children": draw(st.sampled_from([[{"id": "x"}], "nope", [5], None]))}
    return {}


@st.composite
def algolia_trees(draw: st.DrawFn) -> dict[str, object]:
    return _tree(draw, st.integers(1, 12), 0)


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=algolia_trees())
def test_a_nested_tree_reads_as_threading_its_items_would(
    tmp_path: Path, tree: dict[str, object]
) -> None:
    path = tmp_path / "tree.json"
    path.write_text(json.dumps(tree))
    try:
        threaded = build(read_json(path), path)  # every item threaded by its parent
    except ArchiveError as error:
        with pytest.raises(ArchiveError) as caught:
            load(path)
        assert (caught.value.where, caught.value.what) == (error.where, error.what)
        return
    thread = load(path)
    assert (thread.id, thread.title) == (threaded.id, threaded.title)
    assert (thread.skipped, thread.warnings) == (threaded.skipped, threaded.warnings)
    assert thread.comments == threaded.comments
    assert thread.parents == threaded.parents


def _algolia(item_id: int, parent: int, children: list[dict[str, object]], **fields: object):
    """An Algolia API comment: all thirteen fields, null where they do not apply."""
    item: dict[str, object] = {
        "author": "someone", "created_at": "2023-11-14T22:13:20.000Z",
        "created_at_i": 1_700_000_000 + item_id, "id": item_id, "options": [],
        "parent_id": parent, "points": None, "story_id": 1, "text": f"<p>reply {item_id}",
        "title": None, "type": "comment", "url": None, "children": children,
    }  # fmt: skip
    item.update(fields)
    return item


def test_api_items_read_as_threading_their_items_would(tmp_path: Path) -> None:
    odd = [
        _algolia(3, 2, [], author="  spaced   name "),
        _algolia(4, 2, [], author="\x1b[31mred\x07", text="<p>\x1b[2Jcleared"),
        _algolia(5, 2, [], author=None, text=None),  # deleted
        _algolia(6, 2, [], url="https://example.com/x", text="<p>\x1b[2Jlinked"),
        _algolia(7, 2, [], created_at_i=10**13),  # out of range: created_at is read
        _algolia(8, 2, [], created_at_i=1_700_003_599, points=4),  # an hour's last second
        _algolia(9, 2, [], created_at_i=1_700_003_600, points="5"),  # and the next hour's first
        _algolia(10, 2, [], created_at_i=-86_401),  # before 1970
        _algolia(11, 2, [], author=7, story_id="1"),
        _algolia(12, 2, [], type="pollopt"),
    ]
    story = _algolia(1, 0, [_algolia(2, 1, odd)], type="story", title="T", parent_id=None)
    story["url"] = "https://example.com/story"
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(story))
    thread = load(path)
    threaded = build(read_json(path), path)  # every item read by `_comment`
    assert (thread.id, thread.title) == (threaded.id, threaded.title)
    assert thread.comments == threaded.comments
    assert thread.parents == threaded.parents
    assert thread.comments[2].author == "spaced name"
    assert (thread.comments[3].author, thread.comments[3].body) == ("red", "cleared")
    assert thread.comments[5].body == "linked\n\nhttps://example.com/x"
    assert thread.comments[7].created == datetime(2023, 11, 14, 23, 13, 19, tzinfo=timezone.utc)
    assert thread.comments[9].created == datetime(1969, 12, 30, 23, 59, 59, tzinfo=timezone.utc)


@pytest.mark.parametrize("shape_name", ["bushy", "biggest-first", "one-giant"])
def test_a_tree_read_a_reply_at_a_time_is_the_tree_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape_name: str
) -> None:
    from benchmarks import gen_hn
    from reader.formats import hackernews, jsonstream

    path = tmp_path / "tree.json"
    gen_hn.write(150, path, shape=shape_name)
    whole = hackernews._threaded(read_json(path, object_hook=hackernews._hook()), path)
    reads: list[int] = []
    read = jsonstream._Stream.more

    def counted(stream: jsonstream._Stream, size: int) -> bool:
        reads.append(size)
        return read(stream, size)

    monkeypatch.setattr(jsonstream, "CHUNK", 4096)  # replies cut across many pieces
    monkeypatch.setattr(jsonstream._Stream, "more", counted)
    streamed = load(path)
    assert len(reads) > 3  # read a piece at a time, not whole
    assert streamed.comments == whole.comments
    assert (streamed.id, streamed.title) == (whole.id, whole.title)
    compact = tmp_path / "compact.json"  # no `"parent_id": N,` to find: read on by doubling
    compact.write_text(json.dumps(json.loads(path.read_text()), separators=(",", ":")))
    assert [c.body for c in load(compact).comments] == [c.body for c in whole.comments]
