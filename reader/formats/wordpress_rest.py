"""A WordPress post and its comments as the REST API gives them: `{"post", "comments"}`.

`post` is one item of `/wp-json/wp/v2/posts` (with `_embedded.author` when asked with
`_embed=author`), `comments` the items of every page of `/wp-json/wp/v2/comments?post=ID`, both
unchanged. The post is the root; comments nest by `parent` (0: a reply to the post) in date
order, and one whose parent is not in the file hangs under the post, marked "detached". Authors
are `author_name`, dates `date_gmt`, bodies `content.rendered` converted from HTML to text.
Ids match the WXR and saved-page importers' (`wordpress:HOST/?p=N` for the thread,
`wordpress:post-N`, `wordpress:comment-N`), so notes carry over between the three.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from reader.formats import ArchiveError, Format
from reader.formats.building import Skips, as_list, date_key, from_iso, wordpress_post_id
from reader.formats.html import html_to_text
from reader.formats.jsondoc import json_loader, keys_in, starts_json
from reader.model import Comment, LazyText, Thread, from_parent_links, one_line

_POST_FIRST = re.compile(rb'\s*\{\s*"post"\s*:\s*\{')
_STATUS = {"hold": "no (awaiting moderation)", "spam": "spam", "trash": "in the trash"}


def sniff(head: bytes, path: Path) -> int:
    if not starts_json(head) or not _POST_FIRST.match(head):
        return 0
    return 90 if {"date_gmt", "rendered"} <= keys_in(head) else 0


def _number(value: Any) -> str | None:
    """An id as text: WordPress ids are numbers (strings of digits accepted too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return value
    return None


def _rendered(item: dict[str, Any], key: str) -> str:
    """The `rendered` HTML of a field such as `content` or `title` ("" when absent)."""
    field = item.get(key)
    value = field.get("rendered") if isinstance(field, dict) else field
    return value if isinstance(value, str) else ""


def _text(value: Any) -> str | None:
    return one_line(html.unescape(value)) or None if isinstance(value, str) else None


def _post_author(post: dict[str, Any]) -> str | None:
    """The display name of `_embedded.author` (present when the post was asked with _embed)."""
    embedded = post.get("_embedded")
    authors = as_list(embedded.get("author")) if isinstance(embedded, dict) else []
    first = authors[0] if authors and isinstance(authors[0], dict) else {}
    return _text(first.get("name"))


def _root(post: dict[str, Any], number: str) -> Comment:
    extra: dict[str, str] = {}
    content = post.get("content")
    if isinstance(content, dict) and content.get("protected") is True:
        extra["password protected"] = "yes"
    kind_name = post.get("type")
    if isinstance(kind_name, str) and kind_name not in ("", "post"):
        extra["type"] = kind_name
    link = post.get("link")
    return Comment(
        id=f"wordpress:post-{number}",
        parent_id=None,
        author=_post_author(post),
        created=from_iso(post.get("date_gmt")) or from_iso(post.get("date")),
        body=html_to_text(_rendered(post, "content")),
        body_format="html",
        kind="post",
        url=link if isinstance(link, str) and link.startswith("http") else None,
        extra=extra,
    )


def _comment(item: dict[str, Any], number: str, post_id: str) -> Comment:
    parent = _number(item.get("parent"))
    extra: dict[str, str] = {}
    kind = "comment"
    kind_name = item.get("type")
    if kind_name in ("pingback", "trackback"):
        kind, extra["type"] = "pingback", kind_name
    status = item.get("status")
    if isinstance(status, str) and status in _STATUS:
        extra["approved"] = _STATUS[status]
    website = item.get("author_url")
    if isinstance(website, str) and website.strip():
        extra["website"] = website.strip()
    link = item.get("link")
    return Comment(
        id=f"wordpress:comment-{number}",
        parent_id=f"wordpress:comment-{parent}" if parent not in (None, "0") else post_id,
        author=_text(item.get("author_name")),
        created=from_iso(item.get("date_gmt")) or from_iso(item.get("date")),
        # Converted when first shown: most comments of a big post never are.
        body=LazyText(_rendered(item, "content"), html_to_text),
        body_format="html",
        kind=kind,
        url=link if isinstance(link, str) and link.startswith("http") else None,
        extra=extra,
    )


def build(document: Any, path: Path) -> Thread:
    post = document.get("post") if isinstance(document, dict) else None
    if not isinstance(post, dict):
        raise ArchiveError(path, "expected an object with a WordPress post", where="$.post")
    number = _number(post.get("id"))
    if number is None:
        raise ArchiveError(path, "the post has no id", where="$.post.id")
    root = _root(post, number)
    skips = Skips()
    comments: dict[str, Comment] = {}
    for index, item in enumerate(as_list(document.get("comments"))):
        comment_number = _number(item.get("id")) if isinstance(item, dict) else None
        if comment_number is None:
            skips.add(f"$.comments[{index}]", "not a comment with an id")
        elif f"wordpress:comment-{comment_number}" not in comments:  # pages may overlap
            comments[f"wordpress:comment-{comment_number}"] = _comment(
                item, comment_number, root.id
            )
    title = html_to_text(_rendered(post, "title")).replace("\n", " ").strip()
    return from_parent_links(
        title or one_line(root.body)[:80] or f"WordPress post {number}",
        FORMAT.name,
        str(path),
        root,
        comments.values(),
        thread_id=wordpress_post_id(root.url or "", number) or root.id,
        sort_key=lambda comment: date_key(comment.created),
        skipped=skips.count,
        warnings=skips.notes,
    )


load = json_loader(build)


FORMAT = Format(
    "wordpress-rest",
    "a WordPress post with its comments from the REST API (JSON)",
    sniff,
    load,
    build=build,
)
