"""Saving a Discourse topic from its address: `/t/ID.json`, then the rest of its post stream.

Recordings: `/t/ID.json` of two real topics from ../shared/corpus/http/discourse (perceval's
topic 1148, 22 posts of which the file holds 20; try.discourse.org's topic 57). Written by us,
in tests/fixtures/http/discourse, by Discourse's documented shape (no recording of these
exists): the `/t/1148/posts.json?post_ids[]=` answer with posts 21 and 22, a 404 and an HTML
answer; the topics of hundreds of posts used for batching are built below, in the same shape.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from reader.formats import discourse as discourse_format
from reader.model import Thread
from reader.sites.base import FetchError, FetchOptions, Saved
from reader.sites.discourse import BATCH, SITE
from tests.recorded import CORPUS_HTTP, FIXTURES_HTTP, RecordedClient

PERCEVAL = CORPUS_HTTP / "discourse" / "perceval_t_1148_support-ublock-origin.json"
TRY_DISCOURSE = CORPUS_HTTP / "discourse" / "discourse_api_t_57_try-discourse_2013.json"
WRITTEN = FIXTURES_HTTP / "discourse"


def recorded(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"corpus recording {path.name} not present (needs {CORPUS_HTTP})")
    return path


def thread_of(saved: Saved) -> Thread:
    """The thread a reader opens from the saved document (kept as JSON in the saved file)."""
    assert saved.format == "discourse"
    return discourse_format.build(json.loads(json.dumps(saved.document)), Path("saved.json"))


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://meta.discourse.org/t/how-to-x/12345", "https://meta.discourse.org/t/how-to-x/12345"),
        ("https://meta.discourse.org/t/12345", "https://meta.discourse.org/t/12345"),
        ("https://meta.discourse.org/t/how-to-x/12345/7", "https://meta.discourse.org/t/how-to-x/12345"),
        ("https://Meta.Discourse.org/t/how-to-x/12345/7?u=bob#post_7", "https://meta.discourse.org/t/how-to-x/12345"),
        ("https://forum.example/t/how-to-x/12345/", "https://forum.example/t/how-to-x/12345"),
        ("http://forum.example/t/12345?page=2", "https://forum.example/t/12345"),
        ("https://us.forums.blizzard.com/en/wow/t/slug/1234", "https://us.forums.blizzard.com/en/wow/t/slug/1234"),
        ("https://forum.example:8443/t/x/5", "https://forum.example:8443/t/x/5"),
        ("https://me:secret@forum.example/t/x/5", "https://forum.example/t/x/5"),
    ],
)  # fmt: skip
def test_topic_addresses_on_any_host(url: str, canonical: str) -> None:
    assert SITE.match(url) == canonical


@pytest.mark.parametrize(
    "url",
    [
        "https://meta.discourse.org/",
        "https://meta.discourse.org/t/",
        "https://meta.discourse.org/t/how-to-x",  # no id
        "https://meta.discourse.org/t/how-to-x/abc",
        "https://meta.discourse.org/t/1/2/3",
        "https://meta.discourse.org/c/support/5",  # a category
        "https://meta.discourse.org/u/bob",
        "https://lobste.rs/t/python",
        "https://www.reddit.com/r/python/comments/abc/title/",
        "https://blog.example/2024/01/31/t/",
        "ftp://forum.example/t/x/5",
        "not a url",
    ],
)
def test_other_addresses_are_not_topics(url: str) -> None:
    assert SITE.match(url) is None


def _perceval_client() -> RecordedClient:
    """perceval's topic with its stream made the ids a real `/t/ID.json` lists.

    perceval reads `stream` by position (`stream[chunk_size:]`), so its fixture lists 1..22;
    Discourse lists post ids, the first 20 being those of the posts the topic holds. The
    stream is rewritten so: the 20 ids the file holds, then 20601 and 20733 (posts 21, 22).
    """
    interaction = json.loads(recorded(PERCEVAL).read_text(encoding="utf-8"))
    topic = json.loads(interaction["response"]["body"])
    held = [post["id"] for post in topic["post_stream"]["posts"]]
    topic["post_stream"]["stream"] = [*held, 20601, 20733]
    interaction["response"]["body"] = json.dumps(topic)
    client = RecordedClient(sorted(WRITTEN.glob("*.json")))
    client.add(interaction)
    return client


def test_the_posts_the_topic_lacks_come_from_posts_json() -> None:
    client = _perceval_client()
    heard: list[int] = []
    saved = SITE.fetch(
        "https://example.com/t/support-ublock-origin/1148",
        client,
        FetchOptions(report=heard.append),
    )
    assert client.requests == [
        ("GET", "https://example.com/t/1148.json"),
        ("GET", "https://example.com/t/1148/posts.json"),
    ]
    assert (saved.site, saved.format, saved.title) == (
        "discourse",
        "discourse",
        "[Support] uBlock Origin",
    )
    assert (saved.thread_id, saved.comments, saved.complete) == ("example.com-1148", 21, True)
    assert heard == [19, 21]
    thread = thread_of(saved)
    assert len(thread) == 22
    assert "posts in topic" not in thread.root.extra  # the 22 of posts_count, all there
    posts = {c.id: c for c in thread.comments}
    chain = ["discourse:1148/" + n for n in ("14", "18", "19", "20", "21", "22")]
    assert [(posts[i].author, posts[i].depth) for i in chain[-3:]] == [
        ("Keith14", 4),
        ("gorhill", 5),  # post 21, a reply to 20, under 19, 18 and 14
        ("Keith14", 6),
    ]
    assert [posts[i].parent_id for i in chain[1:]] == chain[:-1]
    assert posts[chain[-1]].body == "Understood, and **thank you** again."


def test_a_topic_whose_posts_are_all_there_takes_one_request() -> None:
    client = RecordedClient([recorded(TRY_DISCOURSE)])
    saved = SITE.fetch("https://localhost:3000/t/57", client, FetchOptions())
    assert len(client.requests) == 1
    thread = thread_of(saved)
    assert [c.id for c in thread.comments] == [
        "discourse:57/1", "discourse:57/2", "discourse:57/3", "discourse:57/14"
    ]  # fmt: skip
    assert saved.comments == 3 and saved.complete
    assert thread.title == "THIS SITE IS A SANDBOX -- it is reset every day"


def _post(number: int) -> dict[str, Any]:
    reply_to = number - 1 if number % 3 == 0 else None
    return {
        "id": 5000 + number, "post_number": number, "username": f"user{number % 7}",
        "cooked": f"<p>Post {number}</p>", "created_at": f"2024-01-01T10:{number % 60:02}:00Z",
        "reply_to_post_number": reply_to, "post_type": 1, "topic_id": 77,
    }  # fmt: skip


def _big_topic(posts: int) -> RecordedClient:
    """Topic 77 of `posts` posts, as Discourse answers: the first 20, every id in the stream,
    and a posts.json answer for each batch the module asks for."""
    stream = [5000 + n for n in range(1, posts + 1)]
    topic = {"id": 77, "title": "A long topic", "posts_count": posts, "chunk_size": 20}
    topic["post_stream"] = {"posts": [_post(n) for n in range(1, 21)], "stream": stream}
    client = RecordedClient([])
    answer = {"status": 200, "headers": {"Content-Type": "application/json"}}
    client.add({"request": {"method": "GET", "url": "https://forum.example/t/77.json"},
                "response": {**answer, "body": json.dumps(topic)}})  # fmt: skip
    for start in range(20, posts, BATCH):
        ids = stream[start : start + BATCH]
        query = urlencode([("post_ids[]", str(i)) for i in ids])
        batch = {"post_stream": {"posts": [_post(i - 5000) for i in reversed(ids)]}, "id": 77}
        client.add({"request": {"method": "GET", "url": f"https://forum.example/t/77/posts.json?{query}"},
                    "response": {**answer, "body": json.dumps(batch)}})  # fmt: skip
    return client


def test_posts_come_in_batches_and_are_merged_in_stream_order() -> None:
    client = _big_topic(130)
    heard: list[int] = []
    saved = SITE.fetch("https://forum.example/t/long/77", client, FetchOptions(report=heard.append))
    assert len(client.requests) == 1 + 3  # 110 posts missing: 50 + 50 + 10
    assert heard == [19, 69, 119, 129]
    numbers = [post["post_number"] for post in saved.document["post_stream"]["posts"]]
    assert numbers == list(range(1, 131))  # each batch came newest first: put in order
    thread = thread_of(saved)
    assert len(thread) == 130 and saved.complete
    third = next(c for c in thread.comments if c.id == "discourse:77/129")
    assert (third.parent_id, third.depth) == ("discourse:77/128", 2)


def test_max_requests_stops_early_and_keeps_a_readable_topic() -> None:
    client = _big_topic(130)
    saved = SITE.fetch("https://forum.example/t/77", client, FetchOptions(max_requests=2))
    assert len(client.requests) == 2
    assert (saved.complete, saved.comments) == (False, 69)
    thread = thread_of(saved)
    assert len(thread) == 70
    assert thread.root.extra["posts in topic"] == "130 (70 in this archive)"


def _mega_topic(posts: int) -> RecordedClient:
    """A mega topic as Discourse serves one (no stream; isMegaTopic and lastId instead), with
    the `post_number=N&asc=true` pages, 20 posts each, that its own client reads on with."""
    topic = {"id": 77, "title": "A mega topic", "posts_count": posts, "chunk_size": 20}
    first = [_post(n) for n in range(1, 21)]
    topic["post_stream"] = {"posts": first, "isMegaTopic": True, "lastId": 5000 + posts}
    client = RecordedClient([])
    answer = {"status": 200, "headers": {"Content-Type": "application/json"}}
    client.add({"request": {"method": "GET", "url": "https://forum.example/t/77.json"},
                "response": {**answer, "body": json.dumps(topic)}})  # fmt: skip
    for after in range(20, posts, 20):
        page = [_post(n) for n in range(after + 1, min(after + 20, posts) + 1)]
        url = f"https://forum.example/t/77/posts.json?post_number={after}&asc=true"
        body = json.dumps({"post_stream": {"posts": page}, "id": 77})
        client.add({"request": {"method": "GET", "url": url}, "response": {**answer, "body": body}})
    return client


def test_a_mega_topic_is_read_on_page_by_page_until_its_last_post() -> None:
    client = _mega_topic(65)
    heard: list[int] = []
    saved = SITE.fetch("https://forum.example/t/77", client, FetchOptions(report=heard.append))
    assert len(client.requests) == 1 + 3  # posts 21-40, 41-60, 61-65: the last is lastId
    assert (heard, saved.complete) == ([19, 39, 59, 64], True)
    assert len(thread_of(saved)) == 65
    short = SITE.fetch("https://forum.example/t/77", _mega_topic(65), FetchOptions(max_requests=3))
    assert (short.comments, short.complete) == (59, False)


def test_a_missing_topic_is_one_clear_error() -> None:
    client = RecordedClient([WRITTEN / "forum.example_t_404.json"])
    with pytest.raises(FetchError) as caught:
        SITE.fetch("https://forum.example/t/gone/999999", client, FetchOptions())
    assert str(caught.value) == (
        "https://forum.example/t/gone/999999: no such topic on this forum (HTTP 404)"
    )


def test_a_site_that_is_not_discourse_is_refused_after_one_request() -> None:
    client = RecordedClient([WRITTEN / "shop.example_t_42_html.json"])
    with pytest.raises(FetchError) as caught:
        SITE.fetch("https://shop.example/t/shirts/42", client, FetchOptions())
    message = str(caught.value)
    assert message.startswith("https://shop.example/t/shirts/42 is not a thread of a known site:")
    assert "not JSON" in message
    assert len(client.requests) == 1
