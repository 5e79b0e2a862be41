"""Discourse topics on any Discourse forum: `/t/ID.json`, then the rest of its post stream.

`/t/ID.json` holds the topic with its first posts (`post_stream.posts`, a chunk of 20) and the
ids of every post (`post_stream.stream`). The posts not yet held are asked for through
`/t/ID/posts.json?post_ids[]=...`, BATCH ids at a time, and merged into the topic's
`post_stream.posts` in stream order: the saved document is the topic as `/t/ID.json` would give
it if it held every post, which reader.formats.discourse reads. A mega topic (10,000 posts
or more) lists no stream: it is read on through `/t/ID/posts.json?post_number=N&asc=true`,
20 posts a request, until its `lastId` has come.

BATCH is 50, not the 20 of Discourse's own web client: the server reads any number of ids in
one query (TopicView#filter_posts_by_ids has no limit), 50 ids keep the address near 1.3 KB,
and a 1,000-post topic takes 21 requests instead of 51, which keeps a save well inside
Discourse's default per-address rate limits (50 requests per 10 seconds, 200 a minute).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from reader.sites.base import Client, FetchError, FetchOptions, Saved

BATCH = 50
Posts = list[dict[str, Any]]
# An optional subfolder (a forum installed under /forum or /en/wow), `/t/`, an optional slug,
# the topic id, an optional post number: nothing else, so other sites' addresses are not taken.
_TOPIC = re.compile(
    r"(?P<base>(?:/[^/]+){0,3}?)/t/(?:(?P<slug>[^/]*[^/0-9][^/]*)/)?(?P<id>[0-9]{1,12})"
    r"(?:/[0-9]{1,9})?/?"
)


def match(url: str) -> str | None:
    """`https://HOST[/FOLDER]/t/SLUG/ID` (or `/t/ID`) for a topic's address, else None."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    found = _TOPIC.fullmatch(parts.path)
    if found is None:
        return None
    slug = f"{found['slug']}/" if found["slug"] else ""
    host = parts.netloc.rpartition("@")[2].lower()  # no user name or password kept
    return f"https://{host}{found['base']}/t/{slug}{found['id']}"


def _topic_address(url: str) -> tuple[str, str]:
    """The forum's root (with its subfolder) and the topic id of a canonical address."""
    parts = urlsplit(url)
    found = _TOPIC.fullmatch(parts.path)
    if found is None:
        raise FetchError(f"{url} is not the address of a Discourse topic")
    return f"https://{parts.netloc}{found['base']}", found["id"]


def _posts(document: Any, url: str) -> Posts:
    """The posts list of a topic or posts.json answer; a FetchError naming `url` otherwise."""
    stream = document.get("post_stream") if isinstance(document, dict) else None
    posts = stream.get("posts") if isinstance(stream, dict) else None
    if not isinstance(posts, list):
        raise FetchError(f"{url}: the answer is not a Discourse topic (no post_stream.posts)")
    return [post for post in posts if isinstance(post, dict)]


def _replies(posts: Posts) -> int:
    """The posts after the first: what a reader counts as the topic's comments."""
    return sum(1 for post in posts if post.get("post_number") != 1)


def _topic(root: str, topic: str, client: Client, canonical: str) -> dict[str, Any]:
    url = f"{root}/t/{topic}.json"
    answer = client.get(url, accept=(403, 404))
    if answer.status == 404:
        raise FetchError(f"{canonical}: no such topic on this forum (HTTP 404)")
    if answer.status == 403:
        raise FetchError(f"{canonical}: the topic is private or the forum needs a login (HTTP 403)")
    try:
        document = answer.json()
        _posts(document, url)
    except FetchError as error:
        raise FetchError(f"{canonical} is not a thread of a known site: {error}") from None
    return document


def _missing(stream: Any, posts: Posts) -> list[int]:
    """The ids of the stream whose posts the topic does not hold yet, in stream order."""
    if not isinstance(stream, list):
        return []
    held = {post.get("id") for post in posts}
    return list(dict.fromkeys(i for i in stream if isinstance(i, int) and i not in held))


def _merged(stream: Any, posts: Posts) -> Posts:
    """Each post once, in stream order; posts the stream does not name keep their place after."""
    unique = list({post.get("id"): post for post in posts}.values())
    order = {post_id: n for n, post_id in enumerate(stream)} if isinstance(stream, list) else {}
    return sorted(unique, key=lambda post: order.get(post.get("id"), len(order)))


def _by_ids(
    page_url: str, stream: dict[str, Any], posts: Posts, client: Client, options: FetchOptions
) -> bool:
    """Add the stream's posts the topic lacks, BATCH ids a request; True when none is left."""
    missing = _missing(stream.get("stream"), posts)
    for _ in range(options.max_requests - 1):  # the topic itself was the first request
        if not missing:
            break
        batch, missing = missing[:BATCH], missing[BATCH:]
        answer = client.get(page_url, params=[("post_ids[]", str(i)) for i in batch])
        posts.extend(_posts(answer.json(), page_url))
        options.report(_replies(posts))
    return not missing


def _by_number(
    page_url: str, stream: dict[str, Any], posts: Posts, client: Client, options: FetchOptions
) -> bool:
    """A mega topic (10,000 posts or more) lists no stream: page on after the last post held,
    as Discourse's own client does, until its last post (`lastId`) or an empty page comes."""
    held = {post.get("id") for post in posts}
    for _ in range(options.max_requests - 1):
        if stream.get("lastId") in held:
            return True
        after = max((n for p in posts if isinstance(n := p.get("post_number"), int)), default=0)
        answer = client.get(page_url, params=[("post_number", str(after)), ("asc", "true")])
        fresh = [post for post in _posts(answer.json(), page_url) if post.get("id") not in held]
        if not fresh:  # nothing after it: the last post is one this reader may not see
            return True
        posts.extend(fresh)
        held.update(post.get("id") for post in fresh)
        options.report(_replies(posts))
    return stream.get("lastId") in held


def fetch(url: str, client: Client, options: FetchOptions) -> Saved:
    """The whole topic: `/t/ID.json`, then every post of its stream not yet held."""
    root, topic = _topic_address(url)
    document = _topic(root, topic, client, url)
    posts = _posts(document, url)
    options.report(_replies(posts))
    stream = document["post_stream"]
    more = _by_number if stream.get("isMegaTopic") is True else _by_ids
    complete = more(f"{root}/t/{topic}/posts.json", stream, posts, client, options)
    stream["posts"] = posts = _merged(stream.get("stream"), posts)
    title = document.get("title") or document.get("fancy_title") or f"Discourse topic {topic}"
    return Saved(
        site=SITE.name,
        format="discourse",
        thread_id=f"{urlsplit(url).hostname}-{topic}",
        title=str(title),
        url=url,
        document=document,
        comments=_replies(posts),
        complete=complete,
    )


class _Discourse:
    name = "discourse"
    description = "Discourse topics on any forum (https://HOST/t/SLUG/ID)"

    def match(self, url: str) -> str | None:
        return match(url)

    def fetch(self, url: str, client: Client, options: FetchOptions) -> Saved:
        return fetch(url, client, options)


SITE = _Discourse()
