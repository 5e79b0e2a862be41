"""A WordPress post with its comments as the REST API gives them (what `save` writes)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.formats import ArchiveError, detect, formats, get_format, load, read_head
from reader.formats.wordpress_rest import build
from tests.conftest import CORPUS, FIXTURES, assert_round_trip

REST = FIXTURES / "wordpress" / "rest-post-comments.json"


def test_post_is_the_root_and_comments_nest_by_parent_in_date_order() -> None:
    assert detect(REST).name == "wordpress-rest"
    thread = load(REST)
    assert thread.id == "wordpress:fieldnotes.example/?p=42"  # as its WXR export and saved page
    assert thread.title == "Bees & the ivy’s flowers"
    assert [(c.id, c.depth, c.kind, c.author) for c in thread.comments] == [
        ("wordpress:post-42", 0, "post", "Ines Vogel"),
        ("wordpress:comment-7", 1, "comment", "Tom"),
        ("wordpress:comment-8", 2, "comment", "Ines Vogel"),
        ("wordpress:comment-10", 3, "comment", "Tom"),
        ("wordpress:comment-9", 1, "comment", "[bold red]Mallory[/]"),
        ("wordpress:comment-11", 1, "pingback", "Weekly links"),
        ("wordpress:comment-12", 1, "comment", "Ann"),
    ]  # comment 8 is in the file twice (pages that overlapped): shown once


def test_bodies_dates_and_extras_a_reader_sees() -> None:
    post, tom, ines, thanks, mallory, pingback, ann = load(REST).comments
    assert post.body == "The ivy flowers in *September*.\n\n> Late food for bees."
    assert post.created == datetime(2021, 6, 2, 6, 30, tzinfo=timezone.utc)  # date_gmt
    assert post.url == "https://fieldnotes.example/2021/06/bees/"
    assert ines.body == "Common ivy, **Hedera helix**."
    assert thanks.body == "Thanks!\nI will look."
    assert tom.extra == {"website": "https://tom.example"}
    assert tom.url == "https://fieldnotes.example/2021/06/bees/#comment-7"
    assert mallory.body.startswith("[link=https://evil.example]click[/link]")  # text, not markup
    assert "\x1b" not in mallory.body
    assert (pingback.body, pingback.extra) == ("[…] bees and ivy […]", {"type": "pingback"})
    assert ann.extra["detached"] == "parent wordpress:comment-99 is not in this archive"


def test_a_post_without_comments_or_author_embed() -> None:
    post = {"id": 5, "date_gmt": "2020-01-01T00:00:00", "link": "https://b.example/p/"}
    post |= {"title": {"rendered": ""}, "content": {"rendered": "<p>Alone.</p>"}}
    thread = build({"post": post, "comments": []}, Path("doc"))
    assert [(c.id, c.author, c.body) for c in thread.comments] == [
        ("wordpress:post-5", None, "Alone.")
    ]
    assert thread.title == "Alone."  # no title: the start of the post


@pytest.mark.parametrize(
    ("document", "where"),
    [([1, 2], "$.post"), ({"post": "x"}, "$.post"), ({"post": {"id": "x"}}, "$.post.id")],
)
def test_a_document_that_is_not_a_post_is_an_error(document: object, where: str) -> None:
    with pytest.raises(ArchiveError) as caught:
        build(document, Path("doc.json"))
    assert caught.value.where == where


def test_unreadable_comments_are_counted_not_fatal(tmp_path: Path) -> None:
    document = json.loads(REST.read_text(encoding="utf-8"))
    document["comments"][1:1] = ["not a comment", {"id": None}]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    thread = load(path)
    assert len(thread) == 7
    assert thread.skipped == 2


def test_sniffed_as_its_own_and_no_other_file_as_it() -> None:
    """The sniffer claims this shape only: no fixture or corpus file of another format."""
    others = [name for f in formats() if (name := f.name) != "wordpress-rest"]
    head = read_head(REST)
    assert [n for n in others if get_format(n).sniff(head, REST) > 0] == []
    sniff = get_format("wordpress-rest").sniff
    files = [*FIXTURES.rglob("*"), *(CORPUS.rglob("*") if CORPUS.exists() else [])]
    claimed = [p.name for p in files if p.is_file() and p != REST and sniff(read_head(p), p)]
    assert claimed == []


def test_round_trip(tmp_path: Path) -> None:
    assert_round_trip(load(REST), tmp_path)
