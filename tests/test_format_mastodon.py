"""Mastodon status contexts, with or without the focal status."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.formats import ArchiveError, detect, load
from tests.conftest import FIXTURES, assert_round_trip, corpus_file, info_counts, tree

MASTODON = FIXTURES / "mastodon"

WITH_FOCAL = [
    ("mastodon:100", 0, "post", "ana@social.example"),
    ("mastodon:200", 1, "comment", "ben@fosstodon.org"),
    ("mastodon:300", 2, "comment", "cat@social.example"),
    ("mastodon:301", 3, "comment", "dev@hachyderm.io"),
    ("mastodon:302", 2, "comment", "ana@social.example"),
]


def shape(path: Path) -> list[tuple[str, int, str, str | None]]:
    return [(c.id, c.depth, c.kind, c.author) for c in load(path).comments]


def test_three_key_object_with_numbers_and_strings_as_reply_ids() -> None:
    path = MASTODON / "context-with-focal.json"
    assert detect(path).name == "mastodon"
    assert shape(path) == WITH_FOCAL  # 200 answers 100 (a number), 300 answers "200", 301 300
    thread = load(path)
    assert (thread.id, thread.title) == (
        "mastodon:100",
        "@ana@social.example: Does anyone still read #mbox files?",
    )
    assert (thread.skipped, thread.warnings) == (1, ["$.descendants[2]: no status id"])


def test_status_and_context_in_one_array_give_the_same_tree() -> None:
    assert shape(MASTODON / "status-and-context-array.json") == WITH_FOCAL


def test_content_warning_mentions_hashtags_media_and_polls() -> None:
    comments = {c.id: c for c in load(MASTODON / "context-with-focal.json").comments}
    mention = comments["mastodon:200"]
    assert not mention.body_is_read  # HTML kept until shown, its mention labels with it
    assert mention.body == "@ana@social.example every day, with mutt."
    warned = comments["mastodon:300"]
    assert warned.extra["content warning"] == "mutt config (long)"
    assert warned.extra["sensitive"] == "yes"
    assert warned.excerpt == "⚠ mutt config (long)"  # tree rows and lists show the warning
    assert warned.body == (
        "@ben@fosstodon.org spoilers for the mutt config below\n\n```\nset sort=threads\n```\n\n"
        "[image: A screenshot of mutt's index] (https://files.social.example/a.png)"
    )
    assert comments["mastodon:200"].body == "@ana@social.example every day, with mutt."
    assert comments["mastodon:100"].body == "Does anyone still read #mbox files?"
    assert comments["mastodon:302"].body == "Which is better?\n\n- mutt (3 votes)\n- aerc (5 votes)"
    assert comments["mastodon:301"].body == (
        "@cat@social.example [bold red]x[/]  is just text. Zürich “quotes”."
    )


def test_missing_focal_status_gets_a_placeholder_between_ancestors_and_replies() -> None:
    thread = load(MASTODON / "context-without-focal.json")
    assert [(c.id, c.depth, c.kind, c.author) for c in thread.comments] == [
        ("mastodon:100", 0, "post", "ana@social.example"),
        ("mastodon:200", 1, "comment", "ben@fosstodon.org"),
        ("mastodon:300", 2, "comment", "cat@social.example"),
        ("mastodon:301", 3, "comment", "dev@hachyderm.io"),
        ("mastodon:302", 2, "comment", "ana@social.example"),
    ]
    assert thread.comments[1].extra == {
        "missing": "the status these replies answer is not in this archive"
    }
    assert thread.comments[1].body == "[not in this archive]"


def test_bad_files() -> None:
    with pytest.raises(ArchiveError) as caught:
        load(MASTODON / "wrong-shape.json")
    assert (caught.value.format, caught.value.where) == ("mastodon", "$.descendants")
    with pytest.raises(ArchiveError) as caught:
        load(MASTODON / "truncated.json")
    assert caught.value.where.startswith("line ")


def test_round_trip(tmp_path: Path) -> None:
    for name in ("context-with-focal.json", "context-without-focal.json"):
        assert_round_trip(load(MASTODON / name), tmp_path)


def test_corpus_mastodon_social_context(tmp_path: Path) -> None:
    path = corpus_file("mastodon/rtoot_mastodon.social_109294719267373593_context.json")
    assert detect(path).name == "mastodon"
    thread = load(path)
    # 59 descendants under a placeholder for the focal status (not in the file).
    assert info_counts(thread) == ({"post": 1, "comment": 59}, 50, 7)
    assert thread.root.id == "mastodon:109294719267373593"
    assert thread.root.author == "austinkocher@mastodon.social"
    assert thread.title == "Replies to a status by @austinkocher@mastodon.social"
    assert all("<span" not in c.body and "<p>" not in c.body for c in thread.comments)
    assert_round_trip(thread, tmp_path)


def test_corpus_fosstodon_context(tmp_path: Path) -> None:
    path = corpus_file("mastodon/rtoot_fosstodon_114026814291152535_context.json")
    thread = load(path)
    assert info_counts(thread) == ({"post": 1, "comment": 3}, 3, 2)
    assert tree(thread)[1][7].startswith("@schochastics@fosstodon.org In the readme")
    assert_round_trip(thread, tmp_path)


def test_a_single_status_is_its_own_thread() -> None:
    path = MASTODON / "single-status.json"
    assert detect(path).name == "mastodon"
    thread = load(path)
    assert [(c.id, c.kind, c.author, c.body) for c in thread.comments] == [
        ("mastodon:555", "post", "ana@social.example", "A lone reply, saved on its own.")
    ]
    assert thread.root.extra["reply to"] == "mastodon:554 (not in this archive)"
