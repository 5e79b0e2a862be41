"""Reddit: which addresses are posts, and how a thread's stubs are expanded into its own shape.

The merge is checked on interactions written by Reddit's documented shapes
(tests/fixtures/http/reddit, see its README) through RecordedClient; the corpus's recordings
of the real site are replayed by a local server in test_save_cli.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.formats import load
from reader.formats.reddit import build
from reader.sites import site_for
from reader.sites.base import FetchError, FetchOptions
from reader.sites.reddit import SITE, match
from tests.recorded import FIXTURES_HTTP, RecordedClient

OURS = FIXTURES_HTTP / "reddit"
POST = "https://www.reddit.com/comments/abc123/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.reddit.com/r/books/comments/abc123/a_reading_list/", POST),
        ("https://old.reddit.com/r/books/comments/abc123/a_reading_list/", POST),
        ("https://new.reddit.com/r/books/comments/abc123/", POST),
        ("https://np.reddit.com/r/books/comments/abc123/a_reading_list/c0ffee/", POST),
        ("https://m.reddit.com/r/books/comments/abc123/a_reading_list/?context=3", POST),
        ("https://reddit.com/comments/abc123", POST),
        ("http://www.reddit.com/r/Books/comments/ABC123/x/y/?utm_source=share#frag", POST),
        ("www.reddit.com/r/books/comments/abc123/", POST),
        ("https://redd.it/abc123", POST),
        ("https://www.reddit.com/r/books/comments/abc123.json?sort=top", POST),
        ("https://oauth.reddit.com//r/LifeProTips/comments/abc123//czmp112.json", None),
        ("https://www.reddit.com//r/books/comments/abc123//czmp112/", POST),
        ("https://www.reddit.com/gallery/abc123", POST),
        ("https://www.reddit.com/user/someone/comments/abc123/title/", POST),
        (
            "https://www.reddit.com/r/redditdev/s/nGnQE1QkLC",
            "https://www.reddit.com/r/redditdev/s/nGnQE1QkLC",
        ),
        ("https://www.reddit.com/r/books/", None),
        ("https://www.reddit.com/r/books/comments/", None),
        ("https://www.reddit.com/user/someone/", None),
        ("https://notreddit.com/r/books/comments/abc123/", None),
        ("https://reddit.com.evil.example/r/books/comments/abc123/", None),
        ("ftp://www.reddit.com/comments/abc123/", None),
        ("https://news.ycombinator.com/item?id=1", None),
    ],
)
def test_match_knows_every_form_of_a_post_address(url: str, expected: str | None) -> None:
    assert match(url) == expected


def test_an_address_of_no_known_site_names_the_sites() -> None:
    with pytest.raises(FetchError) as raised:
        site_for("https://example.org/some/page")
    message = str(raised.value)
    assert "https://example.org/some/page" in message and "reddit (Reddit posts" in message
    assert "\n" not in message


def ours(*names: str) -> RecordedClient:
    return RecordedClient([OURS / name for name in names])


ALL = (
    "thread_abc123_v1.json",
    "morechildren_abc123_1-100.json",
    "morechildren_abc123_101-150.json",
    "morechildren_abc123_m152.json",
    "continue_abc123_c2.json",
)


def walk(listing: dict[str, Any], parent: str, depth: int = 0) -> list[tuple[str, str, int]]:
    """(thing name, the parent it sits under, depth) for every thing, in document order."""
    out: list[tuple[str, str, int]] = []
    stack = [(listing["data"]["children"], parent, depth, 0)]
    while stack:
        things, above, level, start = stack.pop()
        for index in range(start, len(things)):
            data = things[index]["data"]
            out.append((f"{things[index]['kind']}:{data['id']}", above, level))
            replies = data.get("replies")
            if things[index]["kind"] == "t1" and replies:
                stack.append((things, above, level, index + 1))
                stack.append((replies["data"]["children"], f"t1_{data['id']}", level + 1, 0))
                break
    return out


def test_stubs_are_expanded_in_place_until_none_is_left() -> None:
    client = ours(*ALL)
    seen: list[int] = []
    saved = SITE.fetch(POST, client, FetchOptions(report=seen.append))
    assert saved.complete and saved.thread_id == "abc123"
    assert saved.title == "A reading list for a long flight"
    assert saved.url == "https://www.reddit.com/r/books/comments/abc123/a_reading_list/"
    # One GET, morechildren batches of 100 then 50, the stub found in an answer, the continuation.
    # One GET, morechildren batches of 100 then 50, the stub found in an answer, the continuation.
    posts = [url for method, url in client.requests if method == "POST"]
    assert len(client.requests) == 5 and len(posts) == 3
    things = walk(saved.document[1], "t3_abc123")
    assert not [name for name, _, _ in things if name.startswith("more:")]
    placed = {name: (parent, depth) for name, parent, depth in things}
    # Each thing under the parent it names: the stub's own children where the stub was.
    assert [name for name, parent, _ in things if parent == "t3_abc123"][:4] == [
        "t1:c1",
        "t1:c3",
        "t1:m001",
        "t1:m002",
    ]
    assert placed["t1:m151"] == ("t1_m005", 1) and placed["t1:m152"] == ("t1_m151", 2)
    assert placed["t1:c4"] == ("t1_c2", 2) and placed["t1:c5"] == ("t1_c4", 3)
    c1 = saved.document[1]["data"]["children"][0]["data"]
    c2 = c1["replies"]["data"]["children"][0]["data"]
    assert c2["replies"]["data"]["children"][0]["data"]["depth"] == 2  # made whole, was 1
    assert saved.comments == 2 + 150 + 2 + 2 + 1 and seen[-1] == saved.comments
    thread = build(saved.document, Path("abc123.json"))
    assert thread.id == "reddit:t3_abc123"
    assert {c.kind for c in thread.comments} == {"post", "comment"}
    assert len(thread) == 1 + saved.comments


def test_max_requests_leaves_the_stubs_not_expanded_for_the_reader() -> None:
    saved = SITE.fetch(POST, ours(*ALL), FetchOptions(max_requests=2))
    assert not saved.complete
    thread = build(saved.document, Path("abc123.json"))
    stubs = [c for c in thread.comments if c.kind == "more"]
    # The first batch came in; the rest of the big stub (50), m152's and the continuation stay.
    assert sorted(c.extra.get("hidden replies", "continue") for c in stubs) == [
        "1",
        "50",
        "continue",
    ]


def test_a_continued_thread_that_is_gone_stays_a_stub_and_the_save_says_incomplete() -> None:
    names = [name for name in ALL if not name.startswith("continue")]
    client = ours(*names)
    client.add(
        {
            "request": {"method": "GET", "url": f"{POST[:-1]}/_/c2.json?raw_json=1&limit=500"},
            "response": {"status": 404, "headers": {}, "body": '{"error": 404}'},
        }
    )
    saved = SITE.fetch(POST, client, FetchOptions())
    assert not saved.complete
    kinds = [name for name, _, _ in walk(saved.document[1], "t3_abc123")]
    assert "more:_" in kinds


def test_an_answer_that_is_not_a_thread_is_one_clear_error() -> None:
    client = RecordedClient([])
    client.add(
        {
            "request": {"method": "GET", "url": f"{POST[:-1]}.json?raw_json=1&limit=500"},
            "response": {"status": 200, "headers": {}, "body": '{"kind": "Listing"}'},
        }
    )
    with pytest.raises(FetchError, match="not a Reddit thread"):
        SITE.fetch(POST, client, FetchOptions())


def test_saved_file_opens_with_the_same_thread_as_the_sites_json(tmp_path: Path) -> None:
    """The envelope changes nothing the importer sees: same id, comments and bodies."""
    saved = SITE.fetch(POST, ours(*ALL), FetchOptions())
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(saved.document))
    from reader.sites.saving import store

    wrapped = store(saved, tmp_path / "saved.json")
    direct = load(plain)
    assert wrapped.id == direct.id and wrapped.title == direct.title
    assert [(c.id, c.body, c.depth) for c in wrapped.comments] == [
        (c.id, c.body, c.depth) for c in direct.comments
    ]
    assert load(tmp_path / "saved.json").format == "reddit"
