"""Lobsters story JSON (`/s/ID.json`): the story and its flat `comments` list in display order.

Two schemas: the current one names each comment's parent (`parent_comment`, a short id, with a
0-based `depth`), the older one only gives `indent_level` (1-based), so the parent is the
nearest earlier comment one level up. `commenting_user` / `submitter_user` are a name or an
object with a `username`. Deleted and moderated comments are kind "deleted".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.formats import ArchiveError, Format
from reader.formats.building import Skips, from_iso, text_now
from reader.formats.html import html_to_text
from reader.formats.jsondoc import json_loader, keys_in, starts_json
from reader.model import Comment, LazyText, Thread, from_parent_links


def sniff(head: bytes, path: Path) -> int:
    if not starts_json(head):
        return 0
    keys = keys_in(head)
    if "short_id" in keys and keys & {"comments", "commenting_user", "submitter_user"}:
        return 90
    return 0


def _user(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("username")
    return value if isinstance(value, str) and value else None


def _score(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _body(record: dict[str, Any], html_key: str, plain_key: str) -> str | LazyText:
    """The HTML (converted when first shown), or else the plain text."""
    html = record.get(html_key)
    if isinstance(html, str) and html.strip():
        return LazyText(html, html_to_text)
    plain = record.get(plain_key)
    return plain if isinstance(plain, str) else ""


def _format(record: dict[str, Any], html_key: str) -> str:
    """ "html" for a body made from the HTML; the plain form is the author's Markdown."""
    html = record.get(html_key)
    return "html" if isinstance(html, str) and html.strip() else "markdown"


def _story(document: dict[str, Any]) -> Comment:
    short_id = str(document["short_id"])
    body = _body(document, "description", "description_plain")
    link = document.get("url")
    extra: dict[str, str] = {}
    if isinstance(link, str) and link:
        extra["link"] = link
        shown = text_now(body)
        body = f"{shown}\n\n{link}" if shown else link
    tags = document.get("tags")
    if isinstance(tags, list) and tags:
        extra["tags"] = ", ".join(str(tag) for tag in tags)
    url = document.get("short_id_url") or document.get("comments_url")
    return Comment(
        id=f"lobsters:{short_id}",
        parent_id=None,
        author=_user(document.get("submitter_user")),
        created=from_iso(document.get("created_at")),
        body=body,
        body_format=_format(document, "description"),
        kind="post",
        score=_score(document.get("score")),
        url=url if isinstance(url, str) else None,
        extra=extra,
    )


def _comment(record: dict[str, Any], short_id: str) -> Comment:
    body = _body(record, "comment", "comment_plain")
    kind = "comment"
    extra: dict[str, str] = {}
    if record.get("is_moderated"):
        kind, extra["status"] = "deleted", "removed by a moderator"
    elif record.get("is_deleted"):
        kind, extra["status"] = "deleted", "deleted by its author"
    if kind == "deleted" and not text_now(body):
        body = "[deleted]"
    flags = _score(record.get("flags"))
    if flags:
        extra["flags"] = str(flags)
    url = record.get("short_id_url") or record.get("url")
    return Comment(
        id=f"lobsters:{short_id}",
        parent_id=None,
        author=_user(record.get("commenting_user")),
        created=from_iso(record.get("created_at")),
        body=body,
        body_format=_format(record, "comment"),
        kind=kind,
        score=_score(record.get("score")),
        url=url if isinstance(url, str) else None,
        extra=extra,
    )


def _level(record: dict[str, Any]) -> int | None:
    """A comment's level below the story, 1 for top-level, from either schema."""
    depth = record.get("depth")
    if isinstance(depth, int) and not isinstance(depth, bool):
        return depth + 1
    indent = record.get("indent_level")
    if isinstance(indent, int) and not isinstance(indent, bool):
        return indent
    return None


def _comments(records: list[Any], root_id: str, path: Path, skips: Skips) -> list[Comment]:
    """Comments with their parents set, by `parent_comment` where given, else by level."""
    comments: list[Comment] = []
    seen = {root_id}
    open_levels: list[str] = []  # ids of the latest comment at each level, for indent schemas
    for index, record in enumerate(records):
        where = f"$.comments[{index}]"
        if not isinstance(record, dict):
            raise ArchiveError(path, "expected a comment object", where=where)
        short_id = record.get("short_id")
        if not isinstance(short_id, str) or not short_id:
            skips.add(where, "no short_id")
            continue
        comment = _comment(record, short_id)
        if comment.id in seen:
            skips.add(where, f"repeats short_id {short_id}")
            continue
        seen.add(comment.id)
        level = _level(record) or 1
        del open_levels[max(level - 1, 0) :]
        if "parent_comment" in record:
            parent = record["parent_comment"]
            comment.parent_id = f"lobsters:{parent}" if isinstance(parent, str) else root_id
        else:
            comment.parent_id = open_levels[-1] if open_levels else root_id
        open_levels.append(comment.id)
        comments.append(comment)
    return comments


def build(document: Any, path: Path) -> Thread:
    if not isinstance(document, dict) or not isinstance(document.get("short_id"), str):
        raise ArchiveError(path, "expected a Lobsters story object with a short_id", where="$")
    records = document.get("comments", [])
    if not isinstance(records, list):
        raise ArchiveError(path, "expected a list of comments", where="$.comments")
    skips = Skips()
    root = _story(document)
    comments = _comments(records, root.id, path, skips)
    title = document.get("title")
    return from_parent_links(
        title if isinstance(title, str) else "",
        FORMAT.name,
        str(path),
        root,
        comments,
        thread_id=root.id,
        skipped=skips.count,
        warnings=skips.notes,
    )


load = json_loader(build)


FORMAT = Format("lobsters", "Lobsters story JSON (/s/ID.json)", sniff, load, build=build)
