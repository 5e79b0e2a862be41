"""Saving a Hacker News thread from its address: Algolia's tree, the Firebase fallback.

Recordings of the real APIs come from the shared corpus (Algolia item 17, a comment; the
Firebase chain 21500569 -> 21500829 -> 21500985 -> 21501055, the last one deleted). Those no
recording exists for were written by the APIs' documented shapes, in tests/fixtures/http/
hackernews/: Algolia's tree of story 1 (around the corpus's item 17 subtree, the rest
invented), Firebase item 1, Algolia 404s (`{"status":404,"error":"Not Found"}`), Firebase's
`null` for an id it does not have, and an Algolia tree of 21500569 that lags behind Firebase.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.formats import detect, hackernews
from reader.model import Thread
from reader.sites.base import FetchError, FetchOptions, Saved
from reader.sites.hackernews import ALGOLIA, FIREBASE, SITE
from tests.conftest import corpus_file
from tests.recorded import FIXTURES_HTTP, RecordedClient

FIXTURES = FIXTURES_HTTP / "hackernews"
CHAIN = (21500569, 21500829, 21500985, 21501055)


def _corpus(*names: str) -> list[Path]:
    return [corpus_file(f"http/hackernews/{name}.json") for name in names]


def _firebase_chain() -> list[Path]:
    return _corpus(*(f"firebase_item_{item}" for item in CHAIN))


def _thread(saved: Saved) -> Thread:
    return hackernews.build(saved.document, Path("t.json"))


def _shape(thread: Thread) -> list[tuple[str, int, str, str | None]]:
    return [(c.id, c.depth, c.kind, c.author) for c in thread.comments]


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://news.ycombinator.com/item?id=21500569", "21500569"),
        ("http://news.ycombinator.com/item?id=17", "17"),
        ("news.ycombinator.com/item?id=17", "17"),
        ("https://www.news.ycombinator.com/item?id=17", "17"),
        ("https://news.ycombinator.com/item?id=17&p=2", "17"),
        ("https://news.ycombinator.com/item?p=2&id=17#18", "17"),
        ("  https://NEWS.ycombinator.com/item?id=017 ", "17"),
        ("https://hn.algolia.com/api/v1/items/17", "17"),
        ("https://hacker-news.firebaseio.com/v0/item/17.json", "17"),
    ],
)
def test_item_addresses_are_recognised(url: str, canonical: str) -> None:
    assert SITE.match(url) == f"https://news.ycombinator.com/item?id={canonical}"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.ycombinator.com/",
        "https://news.ycombinator.com/news?p=2",
        "https://news.ycombinator.com/user?id=pg",
        "https://news.ycombinator.com/item",
        "https://news.ycombinator.com/item?id=",
        "https://news.ycombinator.com/item?id=abc",
        "https://news.ycombinator.com/item?id=0",
        "https://news.ycombinator.com/item?id=1&id=2",
        "https://news.ycombinator.com/reply?id=17",
        "https://news.ycombinator.com.example.com/item?id=17",
        "https://ycombinator.com/item?id=17",
        "ftp://news.ycombinator.com/item?id=17",
        "https://hn.algolia.com/?query=rust",
        "https://hn.algolia.com/api/v1/search?query=rust",
        "https://lobste.rs/s/d9ucpe",
    ],
)
def test_other_addresses_are_refused(url: str) -> None:
    assert SITE.match(url) is None


def test_a_comment_address_saves_its_whole_story_from_algolia() -> None:
    """Algolia item 17 is recorded; story 1 and its Firebase count are written fixtures."""
    client = RecordedClient(
        [
            *_corpus("algolia_items_17"),
            FIXTURES / "algolia_items_1.json",
            FIXTURES / "firebase_item_1.json",
        ]
    )
    progress: list[int] = []
    saved = SITE.fetch(
        SITE.match("news.ycombinator.com/item?id=17") or "",
        client,
        FetchOptions(report=progress.append),
    )
    assert [url for _, url in client.requests] == [
        "https://hn.algolia.com/api/v1/items/17",
        "https://hn.algolia.com/api/v1/items/1",
        "https://hacker-news.firebaseio.com/v0/item/1.json",
    ]
    assert (saved.format, saved.thread_id, saved.title) == ("hackernews", "1", "Y Combinator")
    assert saved.url == "https://news.ycombinator.com/item?id=1"
    assert (saved.comments, saved.complete, progress) == (5, True, [5])
    assert saved.document["id"] == 1 and saved.document["children"][0]["id"] == 15  # unchanged
    thread = _thread(saved)
    assert (thread.id, thread.title) == ("hn:1", "Y Combinator")
    assert _shape(thread) == [
        ("hn:1", 0, "post", "pg"),
        ("hn:15", 1, "comment", "sama"),
        ("hn:17", 2, "comment", "pg"),
        ("hn:1079", 3, "comment", "dmon"),
        ("hn:454426", 3, "comment", "Arrington"),
        ("hn:234509", 1, "deleted", None),
    ]


def test_algolia_404_falls_back_to_a_firebase_walk_from_the_story() -> None:
    """The Firebase items are recorded; the Algolia 404s are written by its documented answer."""
    client = RecordedClient([*_firebase_chain(), FIXTURES / "algolia_items_21500985_404.json"])
    progress: list[int] = []
    saved = SITE.fetch(
        SITE.match("https://news.ycombinator.com/item?id=21500985") or "",
        client,
        FetchOptions(report=progress.append),
    )
    asked = [url.rsplit("/", 1)[1] for _, url in client.requests]
    # Up from the comment to the story, then down: items had on the way up are not asked again.
    assert asked == ["21500985", "21500985.json", "21500829.json", "21500569.json", "21501055.json"]
    assert (saved.thread_id, saved.url) == (
        "21500569",
        "https://news.ycombinator.com/item?id=21500569",
    )
    assert saved.title.startswith("‘It’s Mutilation’")
    assert (saved.comments, saved.complete, progress) == (3, True, [1, 2, 3])
    assert [item["id"] for item in saved.document] == list(CHAIN)  # Firebase items, story first
    thread = _thread(saved)
    assert _shape(thread) == [
        ("hn:21500569", 0, "post", "xaro"),
        ("hn:21500829", 1, "comment", "vanniv"),
        ("hn:21500985", 2, "comment", "vanniv"),
        ("hn:21501055", 3, "deleted", None),
    ]
    assert thread.comments[3].body == "[deleted]"


def test_items_algolia_leaves_out_are_added_from_firebase() -> None:
    """Algolia's tree of 21500569 (a written fixture) holds 1 of the 3 replies Firebase counts."""
    client = RecordedClient([*_firebase_chain(), FIXTURES / "algolia_items_21500569_lagging.json"])
    saved = SITE.fetch("https://news.ycombinator.com/item?id=21500569", client, FetchOptions())
    assert len(client.requests) == 5  # Algolia, then the story and its 3 replies on Firebase
    assert (saved.comments, saved.complete) == (3, True)
    tree, *added = saved.document
    assert tree["children"][0]["id"] == 21500829  # Algolia's own tree, unchanged
    assert [item["id"] for item in added] == [21500985, 21501055]
    assert [(c.depth, c.kind, c.author) for c in _thread(saved).comments] == [
        (0, "post", "xaro"),
        (1, "comment", "vanniv"),
        (2, "comment", "vanniv"),
        (3, "deleted", None),
    ]


def test_max_requests_stops_the_walk_and_keeps_a_readable_thread() -> None:
    client = RecordedClient([*_firebase_chain(), FIXTURES / "algolia_items_21500569_404.json"])
    options = FetchOptions(max_requests=3)
    saved = SITE.fetch("https://news.ycombinator.com/item?id=21500569", client, options)
    assert len(client.requests) == 3
    assert (saved.comments, saved.complete) == (1, False)
    thread = _thread(saved)
    assert _shape(thread) == [
        ("hn:21500569", 0, "post", "xaro"),
        ("hn:21500829", 1, "comment", "vanniv"),
    ]
    assert thread.comments[1].extra["missing replies"] == "1 of 1 not in this archive"


def test_a_thread_neither_api_has_is_a_clear_error() -> None:
    """Both answers are written fixtures: Algolia's 404 and Firebase's `null`."""
    client = RecordedClient(
        [
            FIXTURES / "algolia_items_99999999_404.json",
            FIXTURES / "firebase_item_99999999_null.json",
        ]
    )
    with pytest.raises(FetchError, match=r"item\?id=99999999: no such item on Hacker News"):
        SITE.fetch("https://news.ycombinator.com/item?id=99999999", client, FetchOptions())


def test_a_saved_document_is_sniffed_as_hacker_news(tmp_path: Path) -> None:
    """What `save` writes from either API is read back by the hackernews importer."""
    for recordings in (
        [*_firebase_chain(), FIXTURES / "algolia_items_21500569_404.json"],
        [*_firebase_chain(), FIXTURES / "algolia_items_21500569_lagging.json"],
    ):
        client = RecordedClient(recordings)
        saved = SITE.fetch("https://news.ycombinator.com/item?id=21500569", client, FetchOptions())
        path = tmp_path / "saved.json"
        path.write_text(json.dumps(saved.document), encoding="utf-8")
        assert detect(path).name == saved.format
        assert len(hackernews.load(path).comments) == 4


def _interaction(url: str, status: int, body: object) -> dict[str, object]:
    response = {"status": status, "headers": {}, "body": json.dumps(body)}
    return {"request": {"method": "GET", "url": url}, "response": response}


def test_a_reply_loop_on_firebase_is_walked_once() -> None:
    """Written items: story 5 lists its reply 6 twice, and 6 lists the story as its reply."""
    client = RecordedClient([])
    client.add(_interaction(f"{ALGOLIA}5", 404, {"status": 404, "error": "Not Found"}))
    story = {"id": 5, "type": "story", "by": "a", "time": 1, "title": "Loop", "kids": [6, 6]}
    client.add(_interaction(f"{FIREBASE}5.json", 200, story))
    reply = {"id": 6, "type": "comment", "by": "b", "time": 2, "parent": 5, "kids": [5]}
    client.add(_interaction(f"{FIREBASE}6.json", 200, reply))
    saved = SITE.fetch("https://news.ycombinator.com/item?id=5", client, FetchOptions())
    assert len(client.requests) == 3
    assert _shape(_thread(saved)) == [("hn:5", 0, "post", "a"), ("hn:6", 1, "comment", "b")]
