"""Saving a WordPress post from its address: REST API first, the page's HTML when it is closed.

Recordings: the comment lists of two real msdos.club posts from
../shared/corpus/http/wordpress (`/wp-json/wp/v2/comments?post=ID&per_page=100&order=asc`).
Written by us, in tests/fixtures/http/wordpress, by the REST API's documented shape (no
recording of these exists): the two posts' `/wp-json/wp/v2/posts` answers, a 401 from a blog
whose API needs a login, a 404 from a site that is not WordPress and its page, an empty answer
and a 404 page for a post that is gone; the page behind the 401 is our saved-page fixture
tests/fixtures/wordpress/page-comment-list.html; the posts of hundreds of comments used for
paging are built below, in the same shape.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from reader.formats import wordpress_html, wordpress_rest
from reader.model import Thread
from reader.sites.base import FetchError, FetchOptions, Saved
from reader.sites.wordpress import SITE
from tests.conftest import FIXTURES
from tests.recorded import CORPUS_HTTP, FIXTURES_HTTP, RecordedClient

WRITTEN = FIXTURES_HTTP / "wordpress"
MSDOS_730 = CORPUS_HTTP / "wordpress" / "msdos.club_comments_post-730_nested.json"
MSDOS_1501 = CORPUS_HTTP / "wordpress" / "msdos.club_comments_post-1501_single.json"


def recorded(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"corpus recording {path.name} not present (needs {CORPUS_HTTP})")
    return path


def thread_of(saved: Saved) -> Thread:
    """The thread a reader opens from the saved document (JSON, or the page's text)."""
    document = json.loads(json.dumps(saved.document))
    if saved.format == "wordpress-html":
        assert isinstance(document, str)
        return wordpress_html.build(document, Path("saved.json"))
    assert saved.format == "wordpress-rest"
    return wordpress_rest.build(document, Path("saved.json"))


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://blog.example/2024/01/31/hello-world/", "https://blog.example/2024/01/31/hello-world/"),
        ("https://blog.example/2024/01/hello-world/", "https://blog.example/2024/01/hello-world/"),
        ("https://blog.example/hello-world", "https://blog.example/hello-world/"),
        ("https://blog.example/news/hello-world/", "https://blog.example/news/hello-world/"),
        ("https://Blog.Example/hello-world/?utm_source=x&replytocom=4#respond", "https://blog.example/hello-world/"),
        ("https://blog.example/hello-world/comment-page-2/#comments", "https://blog.example/hello-world/"),
        ("https://blog.example/hello-world/amp/", "https://blog.example/hello-world/"),
        ("https://blog.example/?p=123", "https://blog.example/?p=123"),
        ("http://blog.example/?p=123&preview=true", "https://blog.example/?p=123"),
        ("https://blog.example/archives/123", "https://blog.example/archives/123"),
        ("https://blog.example/café-au-lait/", "https://blog.example/caf%C3%A9-au-lait/"),
        ("https://blog.example/caf%c3%a9-au-lait/", "https://blog.example/caf%c3%a9-au-lait/"),
    ],
)  # fmt: skip
def test_post_permalinks_on_any_host(url: str, canonical: str) -> None:
    assert SITE.match(url) == canonical


@pytest.mark.parametrize(
    "url",
    [
        "https://blog.example/",
        "https://blog.example/2024/",
        "https://blog.example/2024/01/",
        "https://blog.example/tag/python/",
        "https://blog.example/category/news/",
        "https://blog.example/author/ines/",
        "https://blog.example/page/2/",
        "https://blog.example/feed/",
        "https://blog.example/hello-world/feed/",
        "https://blog.example/wp-admin/post.php",
        "https://blog.example/wp-json/wp/v2/posts",
        "https://blog.example/about.html",
        "https://blog.example/?s=ivy",
        "ftp://blog.example/hello-world/",
        "not a url",
    ],
)
def test_archive_system_and_file_paths_are_not_posts(url: str) -> None:
    assert SITE.match(url) is None


def test_post_by_slug_and_its_nested_comments() -> None:
    client = RecordedClient([recorded(MSDOS_730), *WRITTEN.glob("msdos.club_*.json")])
    heard: list[int] = []
    saved = SITE.fetch(
        "https://msdos.club/el-bug-del-pentium/", client, FetchOptions(report=heard.append)
    )
    assert client.requests == [
        ("GET", "https://msdos.club/wp-json/wp/v2/posts"),
        ("GET", "https://msdos.club/wp-json/wp/v2/comments"),
    ]
    assert (saved.site, saved.format, saved.thread_id) == (
        "wordpress",
        "wordpress-rest",
        "msdos.club-730",
    )
    assert (saved.comments, saved.complete, heard) == (6, True, [6])
    thread = thread_of(saved)
    assert thread.id == "wordpress:msdos.club/?p=730"
    assert thread.title == saved.title == "El bug del Pentium: cuando 4195835 ÷ 3145727 falló"
    assert [(c.id, c.depth, c.author) for c in thread.comments] == [
        ("wordpress:post-730", 0, "Vampirro"),
        ("wordpress:comment-98", 1, "Ezequiel Merino Cabrera"),
        ("wordpress:comment-102", 2, "Vampirro"),
        ("wordpress:comment-99", 1, "Antonio Lozano (Logaran)"),
        ("wordpress:comment-100", 2, "Vampirro"),
        ("wordpress:comment-190", 1, "olisseh"),
        ("wordpress:comment-191", 2, "Vampirro"),
    ]
    assert thread.comments[3].body.startswith("¡Me ha encantado!\nNo solo el tema")


def test_post_by_number() -> None:
    client = RecordedClient([recorded(MSDOS_1501), *WRITTEN.glob("msdos.club_*.json")])
    saved = SITE.fetch("https://msdos.club/?p=1501", client, FetchOptions())
    assert client.requests[0] == ("GET", "https://msdos.club/wp-json/wp/v2/posts/1501")
    thread = thread_of(saved)
    post, comment = thread.comments
    assert post.url == (
        "https://msdos.club/ms-dos-club-vol-22-juegos-amorosos-spacewar-y-que-paso-con-nintendo/"
    )
    assert comment.author == "Museo de la Informática"
    assert "«I Love You»" in comment.body


def interaction(url: str, status: int, body: str, headers: dict[str, str] | None = None) -> Any:
    """One GET and its answer, in the corpus's file format."""
    response = {"status": status, "headers": headers or {}, "body": body}
    return {"request": {"method": "GET", "url": url}, "response": response}


def _comment(number: int) -> dict[str, Any]:
    parent = 1 if number % 50 == 0 else 0  # every fiftieth answers the first, pages away
    return {
        "id": number, "post": 42, "parent": parent, "author": 0, "author_name": f"reader{number}",
        "date_gmt": (datetime(2024, 1, 1) + timedelta(minutes=number)).isoformat(),
        "content": {"rendered": f"<p>Comment {number}</p>"}, "status": "approved",
    }  # fmt: skip


def _paged_blog(comments: int, *, headers: bool = True) -> RecordedClient:
    """Post 42 of paging.example with `comments` comments, answered 100 a page as WordPress
    does: with X-WP-Total and X-WP-TotalPages (or without, as some caches strip them), and a
    400 for a page past the last."""
    client = RecordedClient([])
    base = "https://paging.example/wp-json/wp/v2"
    post = {"id": 42, "link": "https://paging.example/long-thread/", "title": {"rendered": "Long"}}
    post |= {"date_gmt": "2024-01-01T00:00:00", "content": {"rendered": "<p>Hi</p>"}}

    def add(url: str, status: int, body: object, extra: dict[str, str] | None = None) -> None:
        headers = {"Content-Type": "application/json; charset=UTF-8", **(extra or {})}
        client.add(interaction(url, status, json.dumps(body), headers))

    add(f"{base}/posts?slug=long-thread&_embed=author", 200, [post])
    pages = max(1, -(-comments // 100))
    totals = {"X-WP-Total": str(comments), "X-WP-TotalPages": str(pages)} if headers else {}
    for page in range(1, pages + 2):
        query = [("post", "42"), ("per_page", "100"), ("order", "asc")]
        query += [("page", str(page))] if page > 1 else []
        url = f"{base}/comments?{urlencode(query)}"
        if page > pages:
            error = {"code": "rest_comment_invalid_page_number", "data": {"status": 400}}
            add(url, 400, error)
        else:
            numbers = range(100 * page - 99, min(100 * page, comments) + 1)
            add(url, 200, [_comment(n) for n in numbers], totals)
    return client


def test_every_page_of_comments_is_read() -> None:
    client = _paged_blog(237)
    heard: list[int] = []
    saved = SITE.fetch(
        "https://paging.example/long-thread/", client, FetchOptions(report=heard.append)
    )
    assert len(client.requests) == 1 + 3  # X-WP-TotalPages: 3, so no fourth page is asked for
    assert (heard, saved.comments, saved.complete) == ([100, 200, 237], 237, True)
    thread = thread_of(saved)
    first = thread.comments[1]
    assert first.id == "wordpress:comment-1"
    assert first.subtree_size == 1 + 4  # comments 50, 100, 150 and 200, from pages 1 and 2
    assert [c.depth for c in thread.comments[2:6]] == [2, 2, 2, 2]


def test_without_page_headers_reading_stops_at_a_short_page_or_past_the_last() -> None:
    client = _paged_blog(237, headers=False)
    saved = SITE.fetch("https://paging.example/long-thread/", client, FetchOptions())
    assert (len(client.requests), saved.comments) == (4, 237)  # page 3 was short
    client = _paged_blog(200, headers=False)
    saved = SITE.fetch("https://paging.example/long-thread/", client, FetchOptions())
    assert (len(client.requests), saved.comments, saved.complete) == (4, 200, True)  # 400 on 3


def test_max_requests_stops_early_and_keeps_a_readable_post() -> None:
    client = _paged_blog(237)
    saved = SITE.fetch("https://paging.example/long-thread/", client, FetchOptions(max_requests=2))
    assert len(client.requests) == 2
    assert (saved.comments, saved.complete) == (100, False)
    assert len(thread_of(saved)) == 101


def test_a_closed_api_falls_back_to_the_page() -> None:
    client = RecordedClient([WRITTEN / "slowreading.example_posts_slug_commonplace_401.json"])
    page = (FIXTURES / "wordpress" / "page-comment-list.html").read_text(encoding="utf-8")
    client.add(interaction("https://slowreading.example/2020/02/commonplace/", 200, page))
    saved = SITE.fetch("https://slowreading.example/2020/02/commonplace/", client, FetchOptions())
    assert [url for _, url in client.requests] == [
        "https://slowreading.example/wp-json/wp/v2/posts",
        "https://slowreading.example/2020/02/commonplace/",
    ]
    assert (saved.format, saved.document, saved.comments) == ("wordpress-html", page, 5)
    thread = thread_of(saved)
    assert thread.title == saved.title == "On keeping a commonplace book"
    assert [(c.depth, c.author) for c in thread.comments[1:4]] == [
        (1, "Leo Ørsted"),
        (2, "Rosa Brandt"),
        (3, "[bold red]Mallory[/]"),
    ]


def test_a_closed_api_and_a_page_without_comments_is_one_clear_error() -> None:
    client = RecordedClient([WRITTEN / "slowreading.example_posts_slug_commonplace_401.json"])
    page = (FIXTURES / "wordpress" / "page-without-comments.html").read_text(encoding="utf-8")
    client.add(interaction("https://slowreading.example/2020/02/commonplace/", 200, page))
    with pytest.raises(FetchError) as caught:
        SITE.fetch("https://slowreading.example/2020/02/commonplace/", client, FetchOptions())
    assert str(caught.value) == (
        "https://slowreading.example/2020/02/commonplace/: the blog's REST API gives no such "
        "post, and its page holds no comment list"
    )


def test_closed_comments_fall_back_to_the_page_too() -> None:
    client = _paged_blog(5)  # its posts API answers; its comment list now answers 403
    comments = "https://paging.example/wp-json/wp/v2/comments?post=42&per_page=100&order=asc"
    closed = {"code": "rest_forbidden", "data": {"status": 403}}
    client.add(interaction(comments, 403, json.dumps(closed)))
    page = (FIXTURES / "wordpress" / "page-commentlist-classic.html").read_text(encoding="utf-8")
    client.add(interaction("https://paging.example/long-thread/", 200, page))
    saved = SITE.fetch("https://paging.example/long-thread/", client, FetchOptions())
    assert (saved.format, saved.comments, len(client.requests)) == ("wordpress-html", 5, 3)


def test_a_site_that_is_not_wordpress_is_refused() -> None:
    client = RecordedClient(sorted(WRITTEN.glob("notes.example_*.json")))
    with pytest.raises(FetchError) as caught:
        SITE.fetch("https://notes.example/essays/on-reading/", client, FetchOptions())
    assert str(caught.value).startswith(
        "https://notes.example/essays/on-reading/ is not a thread of a known site: "
    )
    assert len(client.requests) == 2


def test_a_post_that_is_gone_is_one_clear_error() -> None:
    client = RecordedClient(sorted(WRITTEN.glob("blog.example_*.json")))
    with pytest.raises(FetchError) as caught:
        SITE.fetch("https://blog.example/2019/05/gone/", client, FetchOptions())
    assert str(caught.value) == "https://blog.example/2019/05/gone/: no such page (HTTP 404)"
