"""The Reddit importer: post JSON, stubs, deleted comments, permalink views, morechildren."""

from __future__ import annotations

import itertools
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks import gen_reddit
from reader.export import to_json
from reader.formats import ArchiveError, detect, load, set_progress
from reader.formats.reddit import load as load_reddit
from reader.formats.reddit import sniff
from reader.model import Comment, Thread
from tests.conftest import CORPUS, FIXTURES, examples

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "reddit-thread.json"

# corpus/README.md: t1 comments (deleted too), more stubs, hidden replies, max depth, deleted,
# continue-this-thread stubs.
CORPUS_COUNTS = {
    "go-reddit_post_small.json": (2, 0, 0, 2, 0, 0),
    "graw_thread_r-self_1cebxh.json": (199, 125, 1660, 10, 22, 3),
    "rtv_r-pics_571dw3.json": (198, 146, 1538, 10, 15, 1),
    # Flat things; chains reach 3 levels, so under the archive root the deepest t1 is at 3.
    "rtv_api_morechildren_for_cmwov.json": (96, 37, 340, 3, 15, 0),
}


def outline(thread: Thread) -> list[tuple[int, str, str]]:
    return [(c.depth, c.kind, c.id) for c in thread.comments]


def by_id(thread: Thread) -> dict[str, Comment]:
    return {c.id: c for c in thread.comments}


def write_json(tmp_path: Path, document: object, name: str = "thread.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def listing(children: list[object]) -> dict[str, object]:
    return {"kind": "Listing", "data": {"children": children}}


POST = {"kind": "t3", "data": {"id": "p", "title": "T", "author": "op", "selftext": "x"}}


# The real archives.


@pytest.mark.parametrize("name", sorted(CORPUS_COUNTS))
def test_corpus_counts_match_the_readme(name: str) -> None:
    path = CORPUS / "reddit" / name
    if not path.exists():
        pytest.skip(f"corpus not present at {CORPUS}")
    thread = load(path)
    comments, stubs, hidden, depth, deleted, continued = CORPUS_COUNTS[name]
    counts = thread.kind_counts()
    items = sum(1 for c in thread.comments[1:] if c.kind != "more")
    assert thread.format == "reddit"
    assert items == comments
    assert counts.get("deleted", 0) == deleted
    assert counts.get("more", 0) == stubs
    assert sum(int(c.extra.get("hidden replies", 0)) for c in thread.comments) == hidden
    assert sum("continue thread" in c.extra for c in thread.comments) == continued
    assert thread.max_depth() == depth
    assert thread.skipped == 0 and thread.warnings == []


def test_corpus_thread_identity_and_fields() -> None:
    path = CORPUS / "reddit" / "rtv_r-pics_571dw3.json"
    if not path.exists():
        pytest.skip(f"corpus not present at {CORPUS}")
    thread = load(path)
    assert thread.id == "reddit:t3_571dw3"
    assert thread.title.startswith("At DisneyLand all photos of Walt Disney")
    post = thread.root
    assert (post.kind, post.author, post.score) == ("post", "Canaris1", 43938)
    assert post.body == "https://i.redd.it/tq1b8hdtuxqx.jpg"  # a link post shows its link
    first = thread.comments[1]
    assert first.id == "t1_d8ofmx4" and first.author == "SirChurch" and first.score == 6537
    assert first.created == datetime(2016, 10, 12, 5, 26, 55, tzinfo=timezone.utc)
    assert first.extra["gilded"] == "2" and first.extra["edited"].startswith("2016-10-12T06:20")
    assert first.url == (
        "https://www.reddit.com/r/pics/comments/571dw3/"
        "at_disneyland_all_photos_of_walt_disney_have_his/d8ofmx4/"
    )
    quoted = by_id(thread)["t1_d8ohtzw"]
    assert quoted.body == "> Waltmart\n\nFTFY"


def test_corpus_2013_file_without_comment_permalinks_gets_addresses() -> None:
    path = CORPUS / "reddit" / "graw_thread_r-self_1cebxh.json"
    if not path.exists():
        pytest.skip(f"corpus not present at {CORPUS}")
    thread = load(path)
    comment = thread.comments[1]
    assert comment.url == (
        "https://www.reddit.com/r/self/comments/1cebxh/"
        "my_wife_passed_away_eight_months_ago_yesterday_i/c9ftsjg/"
    )
    removed = [c for c in thread.comments if c.extra.get("deleted") == "removed by a moderator"]
    assert len(removed) == 1 and removed[0].body == "[removed]"


# Our fixtures: each odd case.


def test_tree_shape_kinds_and_stubs() -> None:
    thread = load(FIXTURES / "reddit_thread_odd.json")
    assert thread.id == "reddit:t3_odd1"
    assert outline(thread) == [
        (0, "post", "t3_odd1"),
        (1, "comment", "t1_a1"),
        (2, "deleted", "t1_a2"),
        (3, "comment", "t1_a3"),
        (4, "comment", "t1_a4"),
        (5, "more", "more:t1_a4"),
        (2, "deleted", "t1_a5"),
        (2, "deleted", "t1_a6"),
        (2, "more", "more:t1_a1"),
        (1, "comment", "t1_b1"),
        (1, "comment", "t1_m1"),
        (1, "more", "more:t3_odd1"),
    ]
    assert [c.parent_id for c in thread.comments[2:6]] == ["t1_a1", "t1_a2", "t1_a3", "t1_a4"]
    assert thread.comments[1].subtree_size == 8


def test_more_stubs_say_what_is_missing() -> None:
    comments = by_id(load(FIXTURES / "reddit_thread_odd.json"))
    five = comments["more:t1_a1"]
    assert five.body == "5 more replies not in this archive"
    assert five.extra == {"hidden replies": "5"}
    cont = comments["more:t1_a4"]
    assert cont.body.startswith("Continue this thread")
    assert cont.extra == {"continue thread": "yes"}
    assert cont.url == "https://www.reddit.com/r/test/comments/odd1/odd_cases/a4/"


def test_deleted_and_removed_comments_keep_their_replies_and_words() -> None:
    comments = by_id(load(FIXTURES / "reddit_thread_odd.json"))
    gone = comments["t1_a2"]
    assert (gone.author, gone.body, gone.extra["deleted"]) == (
        None,
        "[deleted]",
        "deleted by its author",
    )
    assert comments["t1_a3"].parent_id == "t1_a2"
    removed = comments["t1_a5"]
    assert removed.extra["deleted"] == "removed by a moderator"
    account = comments["t1_a6"]
    assert account.author is None
    assert account.body == "The account is gone but the words stay."


def test_entities_are_decoded_once() -> None:
    thread = load(FIXTURES / "reddit_thread_odd.json")
    assert thread.title == "Odd cases & edge cases: <a thread>"
    assert thread.root.body == "Post body with > a quote\n\nand **bold** & more."
    first = thread.comments[1]
    assert first.body == "> quoted line\n\nFish & chips <3, and a literal &amp;lt; stays."
    assert first.extra["flair"] == "Flair & Co"
    assert first.body_format == "markdown"


def test_source_fields_land_in_extra() -> None:
    thread = load(FIXTURES / "reddit_thread_odd.json")
    assert thread.root.extra == {
        "gilded": "1",
        "edited": "2020-09-13T12:36:40+00:00",
        "subreddit": "r/test",
        "flair": "Discussion",
        "comments on reddit": "31",
    }
    mod = by_id(thread)["t1_m1"]
    assert mod.extra == {
        "stickied": "yes",
        "score hidden": "yes",
        "distinguished": "moderator",
    }


def test_hostile_text_is_kept_as_text_without_escape_codes() -> None:
    hostile = by_id(load(FIXTURES / "reddit_thread_odd.json"))["t1_b1"]
    body = hostile.body
    assert body.startswith("[bold red]x[/] and [link=https://evil.example]click[/link]")
    assert "\x1b" not in body and "\x07" not in body
    assert body.endswith(" end")
    assert hostile.score == -3


def test_times_are_aware_utc() -> None:
    thread = load(FIXTURES / "reddit_thread_odd.json")
    assert thread.root.created == datetime(2020, 9, 13, 12, 26, 40, tzinfo=timezone.utc)
    assert all(c.created is None or c.created.tzinfo is not None for c in thread.comments)


def test_old_more_stub_without_count_counts_its_children() -> None:
    thread = load(FIXTURES / "reddit_old_2012.json")
    assert outline(thread) == [
        (0, "post", "t3_old1"),
        (1, "comment", "t1_o1"),
        (2, "comment", "t1_o2"),
        (2, "more", "more:t1_o1"),
        (1, "more", "more:t3_old1"),
    ]
    comments = by_id(thread)
    assert comments["more:t1_o1"].body == "3 more replies not in this archive"
    assert comments["more:t3_old1"].body == "1 more reply not in this archive"
    assert thread.root.body == "http://example.com/article"
    assert comments["t1_o2"].url == (
        "https://www.reddit.com/r/old/comments/old1/an_old_thread_from_2012/o2/"
    )


def test_permalink_view_attaches_to_the_post_marked_detached() -> None:
    thread = load(FIXTURES / "reddit_permalink.json")
    assert outline(thread) == [
        (0, "post", "t3_lnk1"),
        (1, "comment", "t1_p1"),
        (2, "comment", "t1_p2"),
    ]
    top = thread.comments[1]
    assert top.parent_id == "t3_lnk1"
    assert top.extra["detached"] == "parent t1_gone is not in this archive"
    assert "detached" not in thread.comments[2].extra
    assert thread.root.body == "https://example.org/story?a=1&b=2"


def test_morechildren_opens_as_comments_of_one_thread_under_a_placeholder_post() -> None:
    thread = load(FIXTURES / "reddit_morechildren.json")
    assert thread.id == "reddit:morechildren:t3_mc1"
    assert thread.title == "Reddit thread t3_mc1 (comments only)"
    assert outline(thread) == [
        (0, "post", "t3_mc1"),
        (1, "comment", "t1_r2"),
        (2, "comment", "t1_r2a"),
        (1, "deleted", "t1_r1"),
        (2, "comment", "t1_r1a"),
        (3, "comment", "t1_r1b"),
        (4, "more", "more:t1_r1b"),
        (1, "comment", "t1_d1"),
        (2, "comment", "t1_d1a"),
        (1, "more", "more:t3_mc1"),
    ]
    comments = by_id(thread)
    assert comments["t3_mc1"].author is None
    assert "t3_mc1 is not in this file" in comments["t3_mc1"].body
    assert comments["t1_d1"].extra["detached"] == "parent t1_missing is not in this archive"
    assert "detached" not in comments["t1_r2"].extra
    assert comments["more:t3_mc1"].body == "9 more replies not in this archive"
    assert thread.original_poster is None
    assert not any(thread.is_by_original_poster(i) for i in range(len(thread)))
    assert thread.kind_counts().get("archive") is None  # the header counts comments


def test_a_morechildren_response_of_several_threads_opens_as_an_archive(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "reddit_morechildren.json").read_text(encoding="utf-8"))
    things = document["json"]["data"]["things"]
    things[0]["data"]["link_id"] = things[1]["data"]["link_id"] = "t3_other"
    thread = load(write_json(tmp_path, document))
    assert thread.root.kind == "archive"
    assert thread.id == "reddit:morechildren:t3_mc1+t3_other"
    assert [c.id for c in thread.comments if c.depth == 1 and c.kind == "post"][:1] == ["t1_d1"]


def test_a_removed_post_stays_the_root_and_says_so(tmp_path: Path) -> None:
    post = {
        "kind": "t3",
        "data": {
            "id": "gone",
            "title": "Was here",
            "author": "[deleted]",
            "selftext": "[removed]",
            "is_self": True,
            "permalink": "/r/t/comments/gone/was_here/",
            "url": "https://www.reddit.com/r/t/comments/gone/was_here/",
        },
    }
    reply = {"kind": "t1", "data": {"id": "c", "author": "a", "body": "b", "replies": ""}}
    thread = load(write_json(tmp_path, [listing([post]), listing([reply])]))
    root = thread.root
    assert (root.kind, root.author, root.body) == ("post", None, "[removed]")
    assert root.extra["deleted"] == "removed by a moderator"
    assert outline(thread) == [(0, "post", "t3_gone"), (1, "comment", "t1_c")]


def test_a_file_with_some_bad_items_loads_the_rest() -> None:
    thread = load(FIXTURES / "reddit_bad_items.json")
    assert outline(thread) == [
        (0, "post", "t3_bad1"),
        (1, "comment", "t1_g1"),
        (1, "comment", "t1_g2"),
    ]
    assert thread.skipped == 4
    assert thread.warnings == [
        "skipped 4 unreadable items; the first at "
        "$[1].data.children[0].data.replies: replies is neither a listing nor empty"
    ]
    second = thread.comments[2]
    assert second.created is None and second.score is None


def test_truncated_json_names_line_and_column() -> None:
    path = FIXTURES / "reddit_truncated.json"
    with pytest.raises(ArchiveError) as caught:
        load(path)
    assert caught.value.format == "reddit"
    assert str(caught.value) == (
        f"{path}: as reddit: line 126 column 11: the file ends in the middle of the JSON"
        " document (cut short?)"
    )


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"kind": "Listing"}, "$"),
        ([listing([POST])], "$"),
        (["nope", listing([])], "$[0]"),
        ([listing([]), listing([])], "$[0].data.children[0]"),
        ([listing([{"kind": "t3", "data": {}}]), listing([])], "$[0].data.children[0].data"),
        ([listing([POST]), {"kind": "Listing", "data": {"children": "x"}}], "$[1].data.children"),
        ({"json": {"errors": [["RATELIMIT", "try again"]]}}, "$.json.data.things"),
    ],
)
def test_wrong_shape_names_the_json_path(tmp_path: Path, document: object, where: str) -> None:
    path = write_json(tmp_path, document)
    with pytest.raises(ArchiveError) as caught:
        load(path, format="reddit")
    assert caught.value.where == where
    assert caught.value.format == "reddit"


def test_only_unreadable_comments_is_an_error_at_the_first(tmp_path: Path) -> None:
    path = write_json(tmp_path, [listing([POST]), listing([{"kind": "t1", "data": {}}, 3])])
    with pytest.raises(ArchiveError, match=r"\$\[1\]\.data\.children\[0\]: the item has no id"):
        load(path, format="reddit")


def test_a_20000_deep_reply_chain_loads(tmp_path: Path) -> None:
    """Twenty times the recursion limit; benchmarks/extremes.py times 100,000."""
    depth = 20_000
    opening = (
        '{"kind":"t1","data":{"id":"c%d","author":"a","body":"reply %d","replies":'
        '{"kind":"Listing","data":{"children":['
    )
    text = (
        f"[{json.dumps(listing([POST]))},"
        + '{"kind":"Listing","data":{"children":['
        + "".join(opening % (i, i) for i in range(depth))
        + "]}}}}" * depth
        + "]}}]"
    )
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    thread = load(path)
    assert len(thread) == depth + 1
    assert thread.max_depth() == depth
    last = thread.comments[-1]
    assert (last.id, last.parent_id, last.body) == ("t1_c19999", "t1_c19998", "reply 19999")
    assert thread.comments[1].subtree_size == depth


def test_sniffing_picks_reddit_and_only_for_reddit(tmp_path: Path) -> None:
    for name in ("reddit_thread_odd.json", "reddit_morechildren.json", "reddit_old_2012.json"):
        assert detect(FIXTURES / name).name == "reddit"
    hacker_news = json.dumps({"id": 1, "type": "story", "children": [{"id": 2}]}).encode()
    assert sniff(hacker_news, Path("thread.json")) == 0
    assert sniff(b"A title\n\n 1. a comment\n", Path("page.json")) == 0
    exported = tmp_path / "export.json"
    exported.write_text(to_json(load(FIXTURES / "reddit_thread_odd.json")), encoding="utf-8")
    assert detect(exported).name == "native"


ROUND_TRIP = [
    FIXTURES / "reddit_thread_odd.json",
    FIXTURES / "reddit_old_2012.json",
    FIXTURES / "reddit_permalink.json",
    FIXTURES / "reddit_morechildren.json",
    FIXTURES / "reddit_bad_items.json",
    *(CORPUS / "reddit" / name for name in sorted(CORPUS_COUNTS)),
    SAMPLE,
]


@pytest.mark.parametrize("path", ROUND_TRIP, ids=lambda p: p.name)
def test_export_to_our_json_and_back_gives_the_same_tree(tmp_path: Path, path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} not present")
    original = load(path)
    exported = tmp_path / "export.json"
    exported.write_text(to_json(original), encoding="utf-8")
    again = load(exported)
    assert (again.id, again.title, again.format, again.skipped) == (
        original.id,
        original.title,
        "reddit",
        original.skipped,
    )
    fields = ("id", "parent_id", "depth", "kind", "author", "created", "body", "score", "url")
    for before, after in zip(original.comments, again.comments, strict=True):
        assert [getattr(after, f) for f in fields] == [getattr(before, f) for f in fields]
        assert after.extra == before.extra and after.subtree_size == before.subtree_size


def test_the_bundled_sample_is_a_rich_thread() -> None:
    thread = load(SAMPLE)
    counts = thread.kind_counts()
    assert thread.format == "reddit"
    assert counts["comment"] + counts["deleted"] >= 60
    assert counts["more"] >= 3 and counts["deleted"] >= 2
    assert thread.max_depth() >= 6
    assert len(thread.authors()) >= 15
    assert any(c.body.startswith(">") for c in thread.comments)
    assert any("https://" in c.body for c in thread.comments[1:])
    assert any(not c.body.isascii() for c in thread.comments)
    assert thread.skipped == 0


# Any JSON at all: a Thread or a clean ArchiveError, never a crash.

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["kind", "data", "children", "replies", "id", "body", "count", "x"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=10,  # wrong shapes, not big ones: six comments of five such fields are plenty
)
THING = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["t1", "more", "t3", "Listing"]),
        "data": st.fixed_dictionaries(
            {},
            optional={
                "id": st.text(max_size=4) | st.integers(),
                "author": st.sampled_from(["a", "[deleted]", None, 1]),
                "body": st.text(max_size=20) | st.sampled_from(["[removed]", None]),
                "created_utc": JSON_VALUES,
                "score": JSON_VALUES,
                "edited": JSON_VALUES,
                "count": JSON_VALUES,
                "children": JSON_VALUES,
                "parent_id": st.sampled_from(["t3_p", "t1_x", "t1_1", 5]),
                "replies": st.just("") | JSON_VALUES,
            },
        ),
    }
)


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(comments=st.lists(THING | JSON_VALUES, max_size=6), flat=st.booleans())
def test_any_shaped_input_gives_a_thread_or_a_clean_error(
    tmp_path: Path, comments: list[object], flat: bool
) -> None:
    document: object = (
        {"json": {"data": {"things": comments}}} if flat else [listing([POST]), listing(comments)]
    )
    path = write_json(tmp_path, document)
    try:
        thread = load_reddit(path)
    except ArchiveError as error:
        assert error.where or "no comment could be read" in error.what
        return
    depths = [c.depth for c in thread.comments]
    assert depths[0] == 0 and all(d >= 1 for d in depths[1:])
    assert all(b <= a + 1 for a, b in itertools.pairwise(depths))
    assert len({c.id for c in thread.comments}) == len(thread.comments)
    assert thread.comments[0].subtree_size == len(thread.comments)


def test_raw_utf8_and_escaped_files_read_the_same(tmp_path: Path) -> None:
    post = {
        "kind": "t3",
        "data": {
            "id": "p",
            "title": "Caf\u00e9 &amp; \U0001f604",
            "author": "\u00f8le",
            "selftext": "Stra\u00dfe &gt; road",
            "permalink": "/r/t\u00e9st/comments/p/caf\u00e9/",
            "link_flair_text": "\u6771\u4eac &amp; co",
            "created_utc": "1600000000",
        },
    }
    reply = {
        "kind": "t1",
        "data": {
            "id": "c2",
            "author": "na\u00efve",
            "body": "&gt; quoted \u2014 \U0001f604\n\nFish &amp; chips\u2026",
            "created_utc": 1600000100.0,
            "edited": "1600000200",
            "author_flair_text": "\u00dcber &amp; alles",
            "distinguished": "m\u00f6d",
            "permalink": "/r/t\u00e9st/comments/p/caf\u00e9/c2/",
            "replies": "",
        },
    }
    top = {
        "kind": "t1",
        "data": {
            "id": "c1",
            "author": "\u00f8le",
            "body": "\u6771\u4eac",
            "created_utc": 1600000050,
            "replies": listing([reply, {"kind": "t\u00e9", "data": {"id": "x"}}]),
        },
    }
    document = [listing([post]), listing([top])]
    raw = tmp_path / "raw.json"
    raw.write_bytes(json.dumps(document, ensure_ascii=False).encode())
    escaped = write_json(tmp_path, document, "escaped.json")  # \u escapes: plain UTF-8 reading
    threads = [load(raw), load(escaped)]
    assert threads[0].comments == threads[1].comments
    thread = threads[0]
    assert thread.title == "Caf\u00e9 & \U0001f604"
    assert thread.root.extra["flair"] == "\u6771\u4eac & co"
    assert thread.root.url == "https://www.reddit.com/r/t\u00e9st/comments/p/caf\u00e9/"
    first, second = thread.comments[1], thread.comments[2]
    assert (first.author, first.body, first.url) == (
        "\u00f8le",
        "\u6771\u4eac",
        "https://www.reddit.com/r/t\u00e9st/comments/p/caf\u00e9/c1/",
    )
    assert second.body == "> quoted \u2014 \U0001f604\n\nFish & chips\u2026"
    assert second.author == "na\u00efve"
    assert second.extra == {
        "flair": "\u00dcber & alles",
        "edited": "2020-09-13T12:30:00+00:00",
        "distinguished": "m\u00f6d",
    }
    assert thread.warnings == [
        "skipped 1 unreadable item; the first at $[1].data.children[0].data.replies.data"
        ".children[1]: expected a t1 comment or a more stub, found 't\u00e9'"
    ]


# Large files are read a piece at a time; what they give is what reading them whole gives.


def _whole_and_streamed(path: Path) -> tuple[Thread, Thread]:
    from reader.formats import read_bytes
    from reader.formats.reddit import _thread_of

    return _thread_of(read_bytes(path), path), load_reddit(path)


def _same(first: Thread, second: Thread) -> None:
    assert (first.id, first.title, first.warnings) == (second.id, second.title, second.warnings)
    assert [
        (c.id, c.parent_id, c.depth, c.author, c.created, c.body, c.score, c.url, c.extra)
        for c in first.comments
    ] == [
        (c.id, c.parent_id, c.depth, c.author, c.created, c.body, c.score, c.url, c.extra)
        for c in second.comments
    ]


@pytest.mark.parametrize(
    ("shape", "as_reddit", "reports"), [("bushy", True, 6), ("one-giant", False, 2)]
)
def test_a_file_read_in_pieces_smaller_than_its_comments_reads_as_a_whole_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str, as_reddit: bool, reports: int
) -> None:
    monkeypatch.setattr("reader.formats.reddit.CHUNK", 4096)
    path = tmp_path / "thread.json"
    gen_reddit.write(400, path, shape=shape, replies_first=as_reddit)
    seen: list[float] = []
    set_progress(seen.append)
    try:
        whole, streamed = _whole_and_streamed(path)
    finally:
        set_progress(None)
    assert len(streamed) > 400
    _same(whole, streamed)
    assert (
        seen == sorted(seen) and len(seen) >= reports and seen[-1] == 1.0
    )  # one giant: read whole


def test_an_escape_past_ascii_late_in_the_file_reads_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.formats.reddit.CHUNK", 4096)
    path = tmp_path / "thread.json"
    gen_reddit.write(200, path)
    text = path.read_text(encoding="utf-8")
    late = text.index('"body": "', len(text) // 2) + len('"body": "')
    path.write_text(text[:late] + "caf\\u00e9 \\ud83d\\ude04 " + text[late:], encoding="utf-8")
    whole, streamed = _whole_and_streamed(path)
    _same(whole, streamed)
    assert any(c.body.startswith("caf\u00e9 \U0001f604 ") for c in streamed.comments)


def _read_in_pieces(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Thread, Thread, int]:
    """The thread read whole and read 4 kB at a time, a reply longer than 8 kB opened rather
    than parsed in one call; and the most text the piecewise read held at once."""
    from reader.formats import reddit

    monkeypatch.setattr(reddit, "CHUNK", 4096)
    monkeypatch.setattr(reddit, "NEAR", 8192)
    monkeypatch.setattr(reddit, "PIECE", 4096)
    held = [0]
    read = reddit._Stream.read

    def measured(stream: reddit._Stream, more: bool) -> bool:
        held[0] = max(held[0], len(stream.text))
        return read(stream, more)

    monkeypatch.setattr(reddit._Stream, "read", measured)
    whole, streamed = _whole_and_streamed(path)
    return whole, streamed, held[0]


@pytest.mark.parametrize("shape", ["one-giant", "chain", "biggest-first"])
@pytest.mark.parametrize("as_reddit", [True, False])
def test_a_comment_far_longer_than_a_piece_is_read_reply_by_reply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str, as_reddit: bool
) -> None:
    path = tmp_path / "thread.json"
    gen_reddit.write(1200, path, shape=shape, replies_first=as_reddit)  # chain: past json's depth
    whole, streamed, held = _read_in_pieces(path, monkeypatch)
    _same(whole, streamed)
    assert held < 64 * 1024 < path.stat().st_size // 10  # never the first comment's whole text


@pytest.mark.parametrize("as_reddit", [True, False])
def test_an_escape_past_ascii_read_while_comments_are_open_reads_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_reddit: bool
) -> None:
    path = tmp_path / "thread.json"  # the giant's fields before its replies are not ASCII
    gen_reddit.write(300, path, shape="one-giant", replies_first=as_reddit)
    text = path.read_text(encoding="utf-8")
    late = text.index('"body": "', len(text) // 2) + len('"body": "')
    path.write_text(text[:late] + "caf\\u00e9 \\ud83d\\ude04 " + text[late:], encoding="utf-8")
    whole, streamed, _ = _read_in_pieces(path, monkeypatch)
    _same(whole, streamed)
    assert any(c.body.startswith("caf\u00e9 \U0001f604 ") for c in streamed.comments)


def test_comment_pages_follow_their_permalinks_and_ids_made_unique(tmp_path: Path) -> None:
    base = "/r/t/comments/p/title/"

    def comment(item_id: str, permalink: str, replies: object = "") -> dict[str, object]:
        data = {"id": item_id, "body": item_id, "permalink": permalink, "replies": replies}
        return {"kind": "t1", "data": {**data, "parent_id": "t3_p", "link_id": "t3_p"}}

    post = {"kind": "t3", "data": {**POST["data"], "permalink": base}}
    reply = comment("c3", base + "c3/")
    top = [
        comment("c1", base + "c1/", listing([reply])),
        comment("c1", base + "c1/"),  # the same id again: made c1~2, its page still c1's
        comment("c2", "/r/t/comments/other/x/c2/"),
        comment("c4", base + "elsewhere/"),
    ]
    thread = load(write_json(tmp_path, [listing([post]), listing(top)]))
    pages = {c.id: c.url for c in thread.comments[1:]}
    assert pages == {
        "t1_c1": "https://www.reddit.com/r/t/comments/p/title/c1/",
        "t1_c3": "https://www.reddit.com/r/t/comments/p/title/c3/",
        "t1_c1~2": "https://www.reddit.com/r/t/comments/p/title/c1/",
        "t1_c2": "https://www.reddit.com/r/t/comments/other/x/c2/",
        "t1_c4": "https://www.reddit.com/r/t/comments/p/title/elsewhere/",
    }
    assert [c.id for c in thread.comments[1:]] == list(pages)
