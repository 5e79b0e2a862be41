"""WordPress blog posts on any host: the post and every comment through the REST API, or the
page's own HTML when the API is closed.

Which addresses: WordPress is tried after every other site, so any http(s) address whose path
looks like a post's permalink is taken (`/2024/01/31/slug/`, `/slug/`, `/news/slug/`,
`/archives/123`, `?p=123`); archive and system paths (tags, categories, authors, feeds, dates,
`wp-admin`, files with an extension) are not. A blog cannot be told from its address, so
`fetch` checks what answers: a post from `/wp-json/wp/v2/posts`, or else a page carrying
WordPress's marks (its generator tag, wp-content or wp-includes files). Anything else is "not a
thread of a known site", after two requests to the host the user named.

REST: `/wp-json/wp/v2/posts?slug=SLUG&_embed=author` (or `/posts/ID` for `?p=ID`), then
`/wp-json/wp/v2/comments?post=ID&per_page=100&order=asc` page after page (oldest first, so a
comment posted meanwhile lands on the last page instead of pushing others onto the next),
until X-WP-TotalPages or a short page says it was the last. The document is
`{"post": ..., "comments": [...]}` with the API's items unchanged (format "wordpress-rest").

HTML: when the API answers 401, 403 or 404, something that is not JSON, or no post for the
address (a page, or a blog installed in a subfolder), the post's page itself is saved as text
(format "wordpress-html"), if it holds a WordPress comment list.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from reader.formats import ArchiveError, wordpress_html, wordpress_rest
from reader.model import Thread
from reader.sites.base import Client, FetchError, FetchOptions, Response, Saved

PER_PAGE = 100  # the most the API gives in one page
CLOSED = (401, 403, 404)  # what a blog whose API is switched off or hidden answers
_SLUG = re.compile(r"[A-Za-z0-9_%-]*[A-Za-z_%-][A-Za-z0-9_%-]*")  # not digits alone: dates
_NOT_POSTS = {
    "wp-admin", "wp-content", "wp-includes", "wp-json", "feed", "tag", "category", "author",
    "search", "page", "comments", "attachment", "trackback",
}  # fmt: skip
_VIEW = re.compile(r"comment-page-[0-9]+|amp|embed")  # other views of the same post


def match(url: str) -> str | None:
    """The post's address without query, fragment or comment page; None for non-post paths."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.netloc.rpartition("@")[2].lower()  # no user name or password kept
    number = parse_qs(parts.query).get("p", [""])[0]
    if number.isascii() and number.isdigit():
        return f"https://{host}{parts.path or '/'}?p={number}"
    segments = [s for s in quote(parts.path, safe="/%").split("/") if s]  # an IRI's path too
    if segments and _VIEW.fullmatch(segments[-1]):
        segments.pop()
    if len(segments) == 2 and segments[0] == "archives" and segments[1].isdigit():
        return f"https://{host}/archives/{segments[1]}"
    if not segments or _NOT_POSTS & {s.lower() for s in segments}:
        return None
    if not _SLUG.fullmatch(segments[-1]):
        return None
    return f"https://{host}/{'/'.join(segments)}/"


def _post_request(url: str) -> tuple[str, list[tuple[str, str]], str]:
    """The REST address and parameters of the post at `url`, and its name for the file."""
    parts = urlsplit(url)
    api = f"https://{parts.netloc}/wp-json/wp/v2/posts"
    number = parse_qs(parts.query).get("p", [""])[0]
    segments = [s for s in parts.path.split("/") if s]
    if not number and segments[:1] == ["archives"]:
        number = segments[-1]
    if number:
        return f"{api}/{number}", [("_embed", "author")], number
    slug = unquote(segments[-1])
    return api, [("slug", slug), ("_embed", "author")], slug


def _json(answer: Response) -> Any:
    """The answer's JSON, or None when it is not JSON (a blog whose API is hidden)."""
    try:
        return answer.json()
    except FetchError:
        return None


def _post(answer: Response) -> dict[str, Any] | None:
    """The post in a posts answer (a list for ?slug=, an object for /ID), or None."""
    if answer.status in CLOSED:
        return None
    found = _json(answer)
    if isinstance(found, list):
        found = found[0] if found else None
    is_post = isinstance(found, dict) and isinstance(found.get("id"), int)
    return found if is_post and isinstance(found.get("content"), dict) else None


def _last_page(answer: Response, page: int, items: list[Any]) -> bool:
    total = answer.headers.get("x-wp-totalpages", "")
    if total.isdigit():
        return page >= int(total)
    return len(items) < PER_PAGE


class _Budget:
    """Requests made so far against --max-requests."""

    def __init__(self, options: FetchOptions) -> None:
        self.options = options
        self.made = 0

    def left(self) -> bool:
        return self.made < self.options.max_requests

    def get(self, client: Client, url: str, **arguments: Any) -> Response:
        self.made += 1
        return client.get(url, **arguments)


def _comments(
    origin: str, post: int, client: Client, budget: _Budget
) -> tuple[list[Any] | None, bool]:
    """Every comment of the post, page by page, and whether all pages were read.

    None when the comments API is closed though the posts API was not.
    """
    comments: list[Any] = []
    seen: set[Any] = set()
    page = 1
    while budget.left():
        params = [("post", str(post)), ("per_page", str(PER_PAGE)), ("order", "asc")]
        params += [("page", str(page))] if page > 1 else []
        answer = budget.get(
            client, f"{origin}/wp-json/wp/v2/comments", params=params, accept=(400, *CLOSED)
        )
        if answer.status == 400 and page > 1:  # asked past the last page
            return comments, True
        items = _json(answer) if answer.status < 400 else None
        if not isinstance(items, list):
            return None, False
        fresh = [i for i in items if not (isinstance(i, dict) and i.get("id") in seen)]
        seen.update(i.get("id") for i in fresh if isinstance(i, dict))
        comments.extend(fresh)
        budget.options.report(len(comments))
        if _last_page(answer, page, items) or not fresh:
            return comments, True
        page += 1
    return comments, False


def _from_page(url: str, name: str, client: Client, budget: _Budget) -> Saved:
    """The post's page itself, when the REST API gives no post or no comments."""
    if not budget.left():
        raise FetchError(
            f"{url}: the blog's REST API gives no such post, and --max-requests leaves no request "
            "for its page"
        )
    answer = budget.get(client, url, accept=(404, 410))
    if answer.status in (404, 410):
        raise FetchError(f"{url}: no such page (HTTP {answer.status})")
    if not wordpress_html.looks_like_wordpress(answer.body):
        why = "no WordPress post from its /wp-json/ API, no WordPress marks in its page"
        raise FetchError(f"{url} is not a thread of a known site: {why}")
    text = wordpress_html.page_text(answer.body)
    try:
        thread = wordpress_html.build(text, Path(url))
    except ArchiveError:
        why = "the blog's REST API gives no such post, and its page holds no comment list"
        raise FetchError(f"{url}: {why}") from None
    budget.options.report(len(thread) - 1)
    return _saved(url, "wordpress-html", name, text, thread, complete=True)


def _saved(
    url: str, format: str, name: str, document: Any, thread: Thread, complete: bool
) -> Saved:
    """What was downloaded, with the title and comment count a reader will see."""
    return Saved(
        site=SITE.name,
        format=format,
        thread_id=f"{urlsplit(url).hostname}-{name}",
        title=thread.title,
        url=url,
        document=document,
        comments=len(thread) - 1,
        complete=complete,
    )


def fetch(url: str, client: Client, options: FetchOptions) -> Saved:
    """The post and all its comments: from the REST API, or from its page when that is closed."""
    budget = _Budget(options)
    api, params, name = _post_request(url)
    post = _post(budget.get(client, api, params=params, accept=CLOSED))
    if post is None:
        return _from_page(url, name, client, budget)
    origin = f"https://{urlsplit(url).netloc}"
    comments, complete = _comments(origin, post["id"], client, budget)
    if comments is None:
        return _from_page(url, name, client, budget)
    document = {"post": post, "comments": comments}
    thread = wordpress_rest.build(document, Path(url))
    return _saved(url, "wordpress-rest", str(post["id"]), document, thread, complete)


class _WordPress:
    name = "wordpress"
    description = "WordPress blog posts on any host (https://HOST/2024/01/31/SLUG/, ?p=ID)"

    def match(self, url: str) -> str | None:
        return match(url)

    def fetch(self, url: str, client: Client, options: FetchOptions) -> Saved:
        return fetch(url, client, options)


SITE = _WordPress()
