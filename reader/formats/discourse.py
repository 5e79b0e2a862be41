"""Discourse topic JSON (`/t/ID.json`) and post pages (`/t/ID/posts.json`).

Posts are threaded by `reply_to_post_number`; a post replying to #1, or to nothing, is a reply
to the topic. A post whose parent is not in the file hangs under the topic, marked "detached".
Post #1 is the root (kind "post"); when the file lacks it, a placeholder post stands in.
Moderator actions, small actions, whispers and posts by the `system` user keep kind "comment"
with extra["role"] naming what they are; deleted posts are kind "deleted". `cooked` HTML is
converted to text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.formats import ArchiveError, Format
from reader.formats.building import MISSING, Skips, as_list, from_iso, text_now
from reader.formats.html import html_to_text
from reader.formats.jsondoc import json_loader, keys_in, starts_json
from reader.model import Comment, LazyText, Thread, from_parent_links

POST_ROLES = {2: "moderator action", 3: "small action", 4: "whisper"}


def sniff(head: bytes, path: Path) -> int:
    if not starts_json(head):
        return 0
    keys = keys_in(head)
    if "post_stream" in keys:
        return 95
    if {"cooked", "post_number"} <= keys:
        return 80
    return 0


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def _likes(post: dict[str, Any]) -> int | None:
    for action in as_list(post.get("actions_summary")):
        if isinstance(action, dict) and action.get("id") == 2:
            count = _number(action.get("count"))
            return count
    return None


def _role(post: dict[str, Any]) -> str | None:
    role = POST_ROLES.get(_number(post.get("post_type")) or 1)
    if post.get("username") == "system" or _number(post.get("user_id")) == -1:
        return f"system, {role}" if role else "system"
    return role


def _post(post: dict[str, Any], topic: int, number: int) -> Comment:
    cooked = post.get("cooked")
    # Converted when first shown: most posts of a big topic never are.
    body: str | LazyText = LazyText(cooked, html_to_text) if isinstance(cooked, str) else ""
    extra: dict[str, str] = {}
    role = _role(post)
    if role:
        extra["role"] = role
    action = post.get("action_code")
    if isinstance(action, str) and action:
        extra["action"] = action
        body = text_now(body) or f"({action.replace('_', ' ').replace('.', ': ')})"
    name = post.get("name")
    username = post.get("username")
    if isinstance(name, str) and name.strip() and name != username:
        extra["name"] = name.strip()
    kind = "post" if number == 1 else "comment"
    if post.get("deleted_at") or post.get("user_deleted"):
        kind = "deleted"
        body = text_now(body) or "[deleted]"
    if post.get("hidden"):
        extra["hidden"] = "hidden after flags"
    url = post.get("post_url")
    return Comment(
        id=f"discourse:{topic}/{number}",
        parent_id=None,
        author=username if isinstance(username, str) else None,
        created=from_iso(post.get("created_at")),
        body=body,
        body_format="html",
        kind=kind,
        score=_likes(post),
        url=url if isinstance(url, str) and url.startswith("http") else None,
        extra=extra,
    )


def _topic_id(document: dict[str, Any], posts: list[Any]) -> int | None:
    topic = _number(document.get("id"))
    if topic is not None:
        return topic
    for post in posts:
        if isinstance(post, dict) and _number(post.get("topic_id")) is not None:
            return _number(post.get("topic_id"))
    return None


def _title(document: dict[str, Any], posts: list[Any], topic: int) -> str:
    title = document.get("title")
    if isinstance(title, str) and title.strip():
        return title
    for post in posts:
        slug = post.get("topic_slug") if isinstance(post, dict) else None
        if isinstance(slug, str) and slug:
            words = slug.replace("-", " ")
            return words[:1].upper() + words[1:]
    return f"Discourse topic {topic}"


def _placeholder(document: dict[str, Any], topic: int) -> Comment:
    """The topic post, when the file holds only later posts."""
    details = document.get("details")
    creator = details.get("created_by") if isinstance(details, dict) else None
    author = creator.get("username") if isinstance(creator, dict) else None
    root = Comment(id=f"discourse:{topic}/1", parent_id=None, body=MISSING, kind="post")
    root.author = author if isinstance(author, str) else None
    root.created = from_iso(document.get("created_at"))
    root.add_extra("missing", "post #1 is not in this archive")
    return root


def build(document: Any, path: Path) -> Thread:
    stream = document.get("post_stream") if isinstance(document, dict) else None
    posts = stream.get("posts") if isinstance(stream, dict) else None
    if not isinstance(posts, list):
        raise ArchiveError(path, "expected a topic with a post_stream.posts list", where="$")
    topic = _topic_id(document, posts)
    if topic is None:
        raise ArchiveError(path, "no topic id", where="$.id")
    skips = Skips()
    posts_count = _number(document.get("posts_count"))
    root: Comment | None = None
    replies: list[Comment] = []
    numbers: dict[str, int] = {}
    for index, post in enumerate(posts):
        where = f"$.post_stream.posts[{index}]"
        if not isinstance(post, dict):
            raise ArchiveError(path, "expected a post object", where=where)
        number = _number(post.get("post_number"))
        if number is None or number < 1:
            skips.add(where, "no post_number")
            continue
        comment = _post(post, topic, number)
        if comment.id in numbers:
            skips.add(where, f"repeats post_number {number}")
            continue
        numbers[comment.id] = number
        if number == 1:
            root = comment
            posts_count = posts_count or _number(post.get("posts_count"))
            continue
        parent = _number(post.get("reply_to_post_number"))
        comment.parent_id = f"discourse:{topic}/{parent or 1}"
        replies.append(comment)
    if root is None:
        root = _placeholder(document, topic)
    if posts_count and posts_count != len(numbers):
        root.add_extra("posts in topic", f"{posts_count} ({len(numbers)} in this archive)")
    return from_parent_links(
        _title(document, posts, topic),
        FORMAT.name,
        str(path),
        root,
        replies,
        thread_id=f"discourse:{topic}",
        sort_key=lambda comment: numbers.get(comment.id, 0),
        skipped=skips.count,
        warnings=skips.notes,
    )


load = json_loader(build)


FORMAT = Format(
    "discourse",
    "Discourse topic JSON (/t/ID.json, /t/ID/posts.json)",
    sniff,
    load,
    build=build,
)
