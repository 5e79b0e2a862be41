"""WordPress WXR exports: one post, a whole blog, and the odd comments WordPress keeps."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.formats import ArchiveError, detect, load
from tests.conftest import FIXTURES, assert_round_trip, corpus_file, info_counts

WORDPRESS = FIXTURES / "wordpress"


def test_one_post_with_comments_is_the_root() -> None:
    path = WORDPRESS / "single-post.xml"
    assert detect(path).name == "wordpress"
    thread = load(path)
    assert [(c.id, c.depth, c.kind, c.author) for c in thread.comments] == [
        ("wordpress:post-42", 0, "post", "Mara Lindqvist"),
        ("wordpress:comment-7", 1, "comment", "Jörg"),
        ("wordpress:comment-8", 2, "comment", "Mara Lindqvist"),
        ("wordpress:comment-11", 3, "comment", "Tom"),
        ("wordpress:comment-9", 1, "comment", "cheap-pills"),
        ("wordpress:comment-10", 1, "comment", "Ines"),
        ("wordpress:comment-12", 1, "pingback", "Garden Digest » Week 23"),
    ]
    assert thread.id == "wordpress:fieldnotes.example/?p=42"
    assert thread.title == "Bees, & why the lavender matters"
    assert thread.root.created == datetime(2021, 6, 12, 7, 30, tzinfo=timezone.utc)


def test_unapproved_spam_orphan_and_trackback_are_kept_and_marked() -> None:
    comments = {c.id: c for c in load(WORDPRESS / "single-post.xml").comments}
    assert comments["wordpress:comment-11"].extra["approved"] == "no (awaiting moderation)"
    assert comments["wordpress:comment-9"].extra["approved"] == "spam"
    assert comments["wordpress:comment-10"].extra["detached"] == (
        "parent comment 5 is not in this archive"
    )
    assert comments["wordpress:comment-12"].extra == {
        "type": "trackback",
        "website": "https://digest.example/week-23",
    }


def test_bodies_keep_wordpress_paragraphs_and_line_breaks() -> None:
    thread = load(WORDPRESS / "single-post.xml")
    assert thread.root.body == (
        "The lavender is humming again.\n\n"
        "Three kinds of bee this morning:\nbumble, honey, and one I could not name."
    )
    assert thread.comments[1].body == (
        "Probably a *wool carder*.\n\nSee this page (https://bees.example/wool-carder)."
    )
    assert thread.comments[2].body == (
        "> Probably a wool carder.\n\nYes! It was. [bold red]x[/] stays as typed."
    )
    assert thread.comments[6].body == "[…] Mara on bees and lavender […]"


def test_a_blog_of_several_commented_posts_is_an_archive() -> None:
    thread = load(WORDPRESS / "blog-two-posts.xml")
    assert thread.root.kind == "archive"
    assert thread.title == "blog-two-posts.xml"
    assert thread.id == "wordpress:https://fieldnotes.example"
    posts = [c for c in thread.comments if c.kind == "post"]
    assert [(p.id, p.depth, p.body.split("\n")[0]) for p in posts] == [
        ("wordpress:post-40", 1, "Frost in May"),  # date order, title first
        ("wordpress:post-42", 1, "Bees, & why the lavender matters"),
    ]
    assert thread.kind_counts() == {"archive": 1, "post": 2, "comment": 6, "pingback": 1}
    assert thread.max_depth() == 4


def test_entity_declarations_are_refused() -> None:
    with pytest.raises(ArchiveError) as caught:
        load(WORDPRESS / "entities.xml")
    assert "entity declarations are not allowed" in str(caught.value)


def test_truncated_xml_names_line_and_column() -> None:
    with pytest.raises(ArchiveError) as caught:
        load(WORDPRESS / "truncated.xml")
    assert caught.value.format == "wordpress"
    assert caught.value.where == "line 31 column 44"


def test_round_trip(tmp_path: Path) -> None:
    for name in ("single-post.xml", "blog-two-posts.xml"):
        assert_round_trip(load(WORDPRESS / name), tmp_path)


def test_corpus_theme_unit_test_export(tmp_path: Path) -> None:
    path = corpus_file("wordpress/wordpress-importer_theme-unit-test-data_wxr.xml")
    assert detect(path).name == "wordpress"
    thread = load(path)
    # 33 wp:comment (4 of them pingbacks/trackbacks) on 7 items; depth 10 from each post,
    # so 11 under the archive root.
    assert info_counts(thread) == ({"archive": 1, "post": 7, "comment": 29, "pingback": 4}, 22, 11)
    unapproved = [c for c in thread.comments if c.extra.get("approved")]
    assert len(unapproved) == 3
    deepest = max(thread.comments, key=lambda c: c.depth)
    assert deepest.body == "Comment Depth 10\n\nAlso an author comment."
    assert_round_trip(thread, tmp_path)


def test_control_characters_and_bad_bytes_do_not_stop_the_export() -> None:
    thread = load(WORDPRESS / "control-characters.xml")
    assert thread.warnings == ["removed 2 control characters that XML does not allow"]
    assert thread.comments[2].body == (
        "> Probably a wool carder.\n\n"
        "Yes! It was. [bold red]x[/] [2J[0m stays as typed. Caf\ufffd \ufffd"
    )
    assert len(thread) == 7
