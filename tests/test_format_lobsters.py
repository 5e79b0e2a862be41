"""Lobsters story JSON, current (`parent_comment`, `depth`) and older (`indent_level`) schema."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.formats import ArchiveError, detect, load
from tests.conftest import FIXTURES, assert_round_trip, corpus_file, info_counts

LOBSTERS = FIXTURES / "lobsters"


def test_indent_level_schema_builds_the_tree() -> None:
    path = LOBSTERS / "story-indent-level.json"
    assert detect(path).name == "lobsters"
    thread = load(path)
    assert [(c.id, c.depth, c.kind, c.author) for c in thread.comments] == [
        ("lobsters:a1b2c3", 0, "post", "ansel"),
        ("lobsters:c00001", 1, "comment", "brigid"),
        ("lobsters:c00002", 2, "comment", "ansel"),
        ("lobsters:c00003", 3, "deleted", "ciaran"),
        ("lobsters:c00004", 4, "comment", "brigid"),
        ("lobsters:c00005", 1, "deleted", "troll"),
        ("lobsters:c00006", 2, "comment", "dörte"),
    ]
    assert (thread.id, thread.title) == ("lobsters:a1b2c3", "Plain text is the universal interface")
    assert thread.skipped == 1 and thread.warnings == ["$.comments[4]: no short_id"]


def test_bodies_times_and_marks() -> None:
    thread = load(LOBSTERS / "story-indent-level.json")
    post, first, quote, deleted, hostile, removed, unicode = thread.comments
    assert post.body == "https://example.net/plain-text"
    assert post.extra == {"link": "https://example.net/plain-text", "tags": "practices, unix"}
    assert post.created == datetime(2016, 5, 2, 14, 15, tzinfo=timezone.utc)
    assert (
        first.body
        == "Until you need a table. Then it is *CSV*, and CSV is not one format (https://example.net/csv)."
    )
    assert quote.body == "> CSV is not one format\n\nRFC 4180 exists, nobody reads it."
    assert (deleted.body, deleted.extra["status"]) == ("[deleted]", "deleted by its author")
    assert hostile.body == "Replying to the deleted one: [bold red]x[/]  stays text."
    assert removed.extra["status"] == "removed by a moderator"
    assert unicode.body == "Greetings from Zürich — “plain” text, with ünïcödé."


def test_parent_comment_schema_with_a_missing_parent() -> None:
    thread = load(LOBSTERS / "story-missing-parent.json")
    assert [(c.id, c.depth) for c in thread.comments] == [
        ("lobsters:zz9zz9", 0),
        ("lobsters:k1", 1),
        ("lobsters:k3", 2),
        ("lobsters:k2", 1),
    ]
    orphan = thread.comments[3]
    assert orphan.extra["detached"] == "parent lobsters:gone00 is not in this archive"
    assert orphan.extra["flags"] == "2"
    assert thread.comments[2].body == "WARC *and* a text dump."  # comment_plain when no HTML
    assert thread.root.author == "emma" and thread.root.body == "Ask: what do you archive?"


def test_bad_files() -> None:
    with pytest.raises(ArchiveError) as caught:
        load(LOBSTERS / "wrong-shape.json")
    assert (caught.value.format, caught.value.where) == ("lobsters", "$.comments")
    with pytest.raises(ArchiveError) as caught:
        load(LOBSTERS / "truncated.json")
    assert caught.value.where.startswith("line ")


def test_round_trip(tmp_path: Path) -> None:
    for name in ("story-indent-level.json", "story-missing-parent.json"):
        assert_round_trip(load(LOBSTERS / name), tmp_path)


def test_corpus_story_agrees_with_the_readme(tmp_path: Path) -> None:
    path = corpus_file("lobsters/compose-lobsters_post_details_tdfoqh_2025.json")
    assert detect(path).name == "lobsters"
    thread = load(path)
    assert info_counts(thread) == ({"post": 1, "comment": 10}, 8, 3)
    assert thread.comments[-1].body.startswith("I’ve moved most of the vote (https://github.com/")
    assert_round_trip(thread, tmp_path)
