"""Sniffing imports only the format modules that may claim a file, and finds the same format
as asking every one of them would."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.formats import candidates, formats, read_head, sniff_format
from tests.conftest import CORPUS, FIXTURES

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# Heads at the edges of the cheap tests: what leads the first bytes, and where.
HEADS = {
    "mbox after blank lines": b"\n \t\n" * 300 + b"From a@b Mon Jan  1 00:00:00 2024\nSubject: x\n",
    "mbox crlf with a bom": b"\xef\xbb\xbf\r\n\r\nFrom a@b Mon Jan  1 00:00:00 2024\r\n",
    "json after blank lines": b"\n" * 2000 + b'[{"kind": "Listing", "data": {"children": []}}]',
    "json with a bom": b'\xef\xbb\xbf{"post_stream": {}}',
    "html late in a page": b"  \n" * 200 + b"<!-- a comment --> <HTML><body class='comment-list'>",
    "html after text": b"a note first\n<html><body class='commentlist'>wp-content</body></html>",
    "a bracket of prose": b"[citation needed] the first line\n  1. an item\n",
    "a brace of prose": b"{curly} prose\n",
    "unicode spaces first": '\u00a0\u2003{"a": 1}\n'.encode(),
    "from in prose": b"From the editors: a letter\n",
    "plain text": b"Alice says:\nhello\n",
    "hn item, spaced keys": b'{"by" : "a", "id": 1, "kids" :[2], "time": 1, "type" : "story"}',
    "hn deleted item": b'[{"deleted": true, "id": 2, "parent": 1, "time": 1}]',
    "algolia item": b'{"id": 1, "author": "a", "text": "t", "children": []}',
    "mastodon context": b'{"ancestors" : [], "descendants": []}',
    "discourse posts": b'[{"cooked": "<p>x</p>", "post_number": 1}]',
    "lobsters story": b'{"short_id": "abc", "comments": []}',
    "wordpress rest": b'  { "post" : {"date_gmt": "x", "title": {"rendered": "t"}}}',
}


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.exists() else []


def every_file() -> list[Path]:
    found = [p for p in [*SAMPLES.iterdir(), *FIXTURES.rglob("*")] if p.is_file()]
    return sorted(found) + corpus_files()


def claims(head: bytes, path: Path) -> set[str]:
    """The formats whose sniffers score the head above 0, every one of them asked."""
    return {fmt.name for fmt in formats() if fmt.sniff(head, path) > 0}


def may_claim(head: bytes, path: Path) -> set[str]:
    return {fmt.name for fmt in candidates(head, path)}


def test_the_cheap_tests_pass_every_format_that_claims_a_real_file() -> None:
    checked = 0
    for path in every_file():
        head = read_head(path)
        assert claims(head, path) <= may_claim(head, path), path
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("name", HEADS)
def test_the_cheap_tests_pass_every_format_that_claims_an_edge_case(
    name: str, tmp_path: Path
) -> None:
    head = HEADS[name]
    path = tmp_path / "file"
    path.write_bytes(head)
    assert claims(head, path) <= may_claim(head, path)


def test_each_kind_of_file_is_sniffed_among_its_own_formats_only(tmp_path: Path) -> None:
    reddit = SAMPLES / "reddit-thread.json"
    text = SAMPLES / "welcome-to-the-commons.txt"
    mbox = SAMPLES / "mailing-list.mbox"
    maildir = FIXTURES / "mail_maildir"
    hacker_news = SAMPLES / "hn-thread.json"
    assert may_claim(read_head(reddit), reddit) == {"saved", "native", "reddit"}
    assert "hackernews" in may_claim(read_head(hacker_news), hacker_news)
    assert may_claim(read_head(text), text) == {"text"}
    assert may_claim(read_head(mbox), mbox) == {"mbox"}
    assert may_claim(b"", maildir) == {"maildir"}
    found = sniff_format(read_head(reddit), reddit)
    assert found is not None and found[1].name == "reddit"
