"""Saved WordPress pages: the comment list read from the HTML."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.formats import ArchiveError, detect, load
from tests.conftest import FIXTURES, assert_round_trip, corpus_file, info_counts

WORDPRESS = FIXTURES / "wordpress"


def test_comment_list_with_ol_children_pingback_and_moderation() -> None:
    path = WORDPRESS / "page-comment-list.html"
    assert detect(path).name == "wordpress-html"
    thread = load(path)
    assert [(c.id, c.depth, c.kind, c.author) for c in thread.comments] == [
        ("wordpress:https://slowreading.example/2020/02/commonplace/", 0, "post", "Rosa Brandt"),
        ("wordpress:comment-101", 1, "comment", "Leo Ørsted"),
        ("wordpress:comment-102", 2, "comment", "Rosa Brandt"),
        ("wordpress:comment-103", 3, "comment", "[bold red]Mallory[/]"),
        ("wordpress:comment-104", 1, "comment", "Anonymous"),
        ("wordpress:comment-105", 1, "pingback", "Weekly links, week 6 – Links"),
    ]
    assert thread.title == "On keeping a commonplace book"
    assert thread.root.created == datetime(2020, 2, 3, 8, 0, tzinfo=timezone.utc)


def test_bodies_leave_out_page_furniture() -> None:
    post, first, second, hostile, listed, pingback = load(
        WORDPRESS / "page-comment-list.html"
    ).comments
    assert post.body == "I copy out *one* passage a day.\n\n> Reading maketh a full man."
    assert first.body == (
        "Do you index it?\n\n"
        "I never find anything in mine & that is the whole problem (https://leo.example/index)."
    )
    assert (
        second.body == "By date only:\n\n```\n2020-02-03  Bacon, essays\n2020-02-04  Montaigne\n```"
    )
    assert second.created == datetime(2020, 2, 3, 10, 0, tzinfo=timezone.utc)
    assert hostile.body == "Nice [2J try."  # the escape character is gone, the script too
    assert hostile.extra == {"approved": "no (awaiting moderation)"}
    assert listed.body == "- paper\n- pencil"
    assert pingback.body == "Weekly links, week 6 – Links (https://links.example/week-6)"


def test_classic_markup_with_children_after_the_closing_li() -> None:
    thread = load(WORDPRESS / "page-commentlist-classic.html")
    assert [(c.id, c.depth, c.kind, c.author) for c in thread.comments] == [
        ("wordpress:post-9", 0, "post", None),
        ("wordpress:comment-1", 1, "comment", "Hanna"),
        ("wordpress:comment-2", 2, "comment", "Piet"),
        ("wordpress:comment-3", 3, "comment", "Hanna"),
        ("wordpress:comment-4", 1, "comment", "Jo"),
        ("wordpress:comment-5", 1, "pingback", "Bird roundup"),
    ]
    assert thread.id.startswith("hash:")  # no canonical URL: a hash of title and post
    assert thread.title == "A nest in the ivy"
    hanna, piet = thread.comments[1], thread.comments[2]
    assert hanna.created == datetime(2012, 3, 3, 10, 15, tzinfo=timezone.utc)
    assert (piet.created, piet.extra["date"]) == (None, "Mar 3rd at 11:00 am")
    assert piet.body == "Five,\nall speckled."
    assert thread.comments[5].extra["type"] == "trackback"


def test_a_page_without_a_comment_list_is_an_error() -> None:
    with pytest.raises(ArchiveError) as caught:
        load(WORDPRESS / "page-without-comments.html")
    assert caught.value.format == "wordpress-html"
    assert "no WordPress comment list" in str(caught.value)


def test_round_trip(tmp_path: Path) -> None:
    for name in ("page-comment-list.html", "page-commentlist-classic.html"):
        assert_round_trip(load(WORDPRESS / name), tmp_path)


@pytest.mark.parametrize(
    ("name", "counts"),
    [
        ("trafilatura_cache_blog.wordpress.com.diverse.html", ({"post": 1, "comment": 13}, 12, 3)),
        ("trafilatura_cache_lemire.me.json.html", ({"post": 1, "comment": 5}, 3, 2)),
    ],
)
def test_corpus_pages(name: str, counts: tuple[object, ...], tmp_path: Path) -> None:
    path = corpus_file(f"wordpress/{name}")
    assert detect(path).name == "wordpress-html"
    thread = load(path)
    assert info_counts(thread) == counts
    assert all(c.body and "Reply" not in c.body.split("\n")[-1] for c in thread.comments[1:])
    assert all("Like" not in c.body for c in thread.comments[1:])
    assert_round_trip(thread, tmp_path)


def test_corpus_lemire_names_authors_and_times() -> None:
    thread = load(corpus_file("wordpress/trafilatura_cache_lemire.me.json.html"))
    assert thread.root.author == "Daniel Lemire"
    assert [c.author for c in thread.comments[1:]] == [
        "degski", "degski", "Daniel Lemire", "wmu", "Daniel Lemire"
    ]  # fmt: skip
    assert thread.comments[1].created == datetime(2019, 8, 3, 4, 11, 57, tzinfo=timezone.utc)


def test_a_page_in_a_declared_legacy_charset() -> None:
    thread = load(WORDPRESS / "page-latin1.html")
    assert thread.comments[4].body == "Ours left in April. Très tôt, ½ the eggs."


def test_a_saved_page_and_the_export_of_the_same_post_share_their_ids() -> None:
    page = load(WORDPRESS / "single-post-saved-page.html")
    export = load(WORDPRESS / "single-post.xml")
    assert page.id == export.id == "wordpress:fieldnotes.example/?p=42"
    assert page.root.id == export.root.id == "wordpress:post-42"
    exported = {c.id: c for c in export.comments}
    for comment in page.comments[1:]:
        assert comment.body == exported[comment.id].body
        assert comment.created == exported[comment.id].created
        assert comment.parent_id == exported[comment.id].parent_id


def test_comments_nested_10000_deep_and_stray_tags_load(tmp_path: Path) -> None:
    depth = 10_000
    opening = '<li class="comment" id="comment-{}"><p>reply</p><div><ol class="children">'
    page = (
        '<html><head><meta name="generator" content="WordPress"></head><body>'
        '<ol class="commentlist">' + "".join(opening.format(n) for n in range(depth))
        + "</span>" * depth + "</ol></div></li>" * depth + "</ol></body></html>"
    )  # fmt: skip
    target = tmp_path / "deep.html"
    target.write_text(page)
    thread = load(target)
    assert len(thread) == depth + 1
    assert thread.max_depth() == depth
    assert thread.comments[-1].id == f"wordpress:comment-{depth - 1}"
