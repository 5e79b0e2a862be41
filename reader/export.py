"""Whole-thread exports: our loss-free JSON (`thread-reader/1`) and a readable Markdown."""

from __future__ import annotations

import json
from typing import Any

from reader.model import Comment, Thread, iso, one_line
from reader.text_forms import plural

JSON_FORMAT = "thread-reader/1"


def comment_record(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "depth": comment.depth,
        "kind": comment.kind,
        "author": comment.author,
        "created": iso(comment.created),
        "score": comment.score,
        "url": comment.url,
        "body": comment.body,
        "body_format": comment.body_format,
        "extra": dict(comment.extra),
    }


def to_json(thread: Thread) -> str:
    document = {
        "format": JSON_FORMAT,
        "thread": {
            "id": thread.id,
            "title": thread.title,
            "source_format": thread.format,
            "source": thread.source,
            "skipped": thread.skipped,
            "furniture_lines": thread.furniture_lines,
        },
        "comments": [comment_record(c) for c in thread.comments],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _heading(comment: Comment) -> str:
    who = comment.author or "anonymous"
    parts = [f"**{_md_escape(who)}**"]
    if comment.kind not in ("comment", "post"):
        parts.append(f"({comment.kind})")
    if comment.created is not None:
        parts.append(comment.created.strftime("%Y-%m-%d %H:%M"))
    if comment.score is not None:
        parts.append(plural(comment.score, "point"))
    return " · ".join(parts)


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#" else ch for ch in one_line(text))


def to_markdown(thread: Thread) -> str:
    """The thread as a Markdown document: replies as nested block quotes by depth."""
    lines = [f"# {_md_escape(thread.title)}", ""]
    for comment in thread.comments:
        prefix = "> " * max(comment.depth - 1, 0) if comment.depth else ""
        if comment.depth == 0:
            if comment.author or comment.created:
                lines += [_heading(comment), ""]
            lines += [*comment.body.splitlines(), "", "---", ""]
            continue
        lines.append(f"{prefix}{_heading(comment)}")
        lines.append(prefix.rstrip() if prefix else "")
        for line in comment.body.splitlines():
            lines.append(f"{prefix}{line}".rstrip())
        lines += [prefix.rstrip() if prefix else "", ""]
    return "\n".join(lines).rstrip() + "\n"
