"""Discourse topics and post pages, threaded by reply_to_post_number."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.formats import ArchiveError, detect, load
from tests.conftest import FIXTURES, assert_round_trip, corpus_file, info_counts

DISCOURSE = FIXTURES / "discourse"


def test_topic_with_a_gap_a_missing_parent_and_special_posts() -> None:
    path = DISCOURSE / "topic-gap.json"
    assert detect(path).name == "discourse"
    thread = load(path)
    assert [(c.id, c.depth, c.kind, c.author) for c in thread.comments] == [
        ("discourse:77/1", 0, "post", "ada"),
        ("discourse:77/2", 1, "comment", "bert"),
        ("discourse:77/3", 2, "comment", "cleo"),
        ("discourse:77/7", 3, "comment", "ada"),
        ("discourse:77/8", 3, "deleted", "emile"),
        ("discourse:77/4", 1, "comment", "system"),
        ("discourse:77/6", 1, "comment", "dov"),
        ("discourse:77/9", 1, "comment", "mod"),
    ]
    assert (thread.id, thread.title) == ("discourse:77", "Backups you trust — what do you use?")
    assert thread.skipped == 1
    assert thread.warnings == ["$.post_stream.posts[8]: no post_number"]


def test_marks_and_bodies() -> None:
    comments = {c.id: c for c in load(DISCOURSE / "topic-gap.json").comments}
    assert comments["discourse:77/6"].extra["detached"] == (
        "parent discourse:77/5 is not in this archive"
    )
    assert comments["discourse:77/6"].body == (
        "Replying to post 5, which was moved to another topic. [bold red]x[/] "
    )
    assert comments["discourse:77/4"].extra == {
        "role": "system, small action",
        "action": "pinned.enabled",
    }
    assert comments["discourse:77/4"].body == "(pinned: enabled)"
    assert comments["discourse:77/7"].extra["role"] == "whisper"
    assert comments["discourse:77/9"].extra["role"] == "moderator action"
    assert comments["discourse:77/8"].body == "(post deleted by author)"
    assert comments["discourse:77/3"].body == (
        "bert:\n\n> Snapshots are cheap\n\nUntil the repository index grows to 4 GB :sweat_smile:"
    )
    assert comments["discourse:77/2"].body == (
        "Restic. Snapshots are cheap and restic.net (https://restic.net) has good docs."
    )
    assert (comments["discourse:77/1"].score, comments["discourse:77/1"].extra) == (
        4,
        {"name": "Ada Quill", "posts in topic": "9 (8 in this archive)"},
    )


def test_posts_page_without_the_first_post_gets_a_placeholder_topic() -> None:
    thread = load(DISCOURSE / "posts-page-without-first.json")
    assert [(c.id, c.depth, c.author) for c in thread.comments] == [
        ("discourse:300/1", 0, None),
        ("discourse:300/21", 1, "fern"),
        ("discourse:300/22", 2, "gus"),
        ("discourse:300/23", 1, "hal"),
    ]
    assert thread.root.extra["missing"] == "post #1 is not in this archive"
    assert thread.title == "Page two of a long topic"
    assert thread.comments[2].body == "- one\n- two"


def test_bad_files() -> None:
    with pytest.raises(ArchiveError) as caught:
        load(DISCOURSE / "wrong-shape.json")
    assert (caught.value.format, caught.value.where) == ("discourse", "$.post_stream.posts[1]")
    with pytest.raises(ArchiveError) as caught:
        load(DISCOURSE / "truncated.json")
    assert caught.value.where.startswith("line ")


def test_round_trip(tmp_path: Path) -> None:
    for name in ("topic-gap.json", "posts-page-without-first.json"):
        assert_round_trip(load(DISCOURSE / name), tmp_path)


def test_corpus_posts_page(tmp_path: Path) -> None:
    # corpus/README.md gives max depth 4 for this file, but its own rule (a top-level reply is
    # depth 1) makes the chain #4 <- #15 <- #18 <- #19 <- #20 five deep: the README counted
    # reply_to links (4), not levels. We follow the rule.
    path = corpus_file("discourse/criticalfallibilism_t_2144_posts.json")
    assert detect(path).name == "discourse"
    thread = load(path)
    assert info_counts(thread) == ({"post": 1, "comment": 19}, 6, 5)
    deepest = max(thread.comments, key=lambda c: c.depth)
    assert deepest.id == "discourse:2144/20"
    assert thread.root.extra["posts in topic"] == "30 (20 in this archive)"
    assert_round_trip(thread, tmp_path)


def test_corpus_2014_topic(tmp_path: Path) -> None:
    path = corpus_file("discourse/discourse_api_spec_topic_try-discourse-2014.json")
    thread = load(path)
    assert info_counts(thread) == ({"post": 1, "comment": 3}, 3, 1)
    assert thread.comments[1].extra["role"] == "moderator action"
    assert [c.id for c in thread.comments] == [
        "discourse:57/1", "discourse:57/2", "discourse:57/3", "discourse:57/14"
    ]  # fmt: skip
    assert_round_trip(thread, tmp_path)
