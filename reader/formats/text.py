"""The indented text archive: a web page with its comments rendered to plain text.

The first non-empty line is the title; column-0 paragraphs after it are the post; indented list
items (`1.`, `2)`, `•`, `*`, `-`, `◦`, `▪`) are comments, nested by the column of their marker.
A numbered list that starts again at 1 begins a section of pingbacks. The first column-0 line
after the comments ends the thread: what follows is page furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from reader.formats import Format, decode, read_bytes
from reader.model import Comment, Thread, content_comment_ids, from_preorder

_MARKER = re.compile(r"^( +)(?:(\d{1,4})[.)]|[•*\-◦▪‣])[ \u00a0]+(?=\S)")
_SAYS = re.compile(r"^(?P<name>\S.{0,79}?)\s+says:\s*$")
_DATE_FORMATS = (
    "%B %d, %Y at %I:%M %p",
    "%B %d, %Y at %H:%M",
    "%Y-%m-%d %H:%M",
    "%d %B %Y at %H:%M",
)


@dataclass
class _Item:
    """A list item being read: its marker column and the lines of its text."""

    column: int
    number: int | None
    kind: str
    depth: int
    lines: list[str] = field(default_factory=list)
    body_column: int | None = None


def sniff(head: bytes, path: Path) -> int:
    text = decode(head).lstrip()
    if not text or re.match(r"[\[{]\s*[\"{\[\]}]", text) or text.startswith(("<", "From ")):
        return 0
    has_items = any(_MARKER.match(line) for line in text.splitlines()[:2000])
    return 20 if has_items else 5


def _paragraphs(lines: list[str]) -> str:
    """Join lines into paragraphs: blank lines separate, line breaks inside are kept."""
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _parse_date(line: str) -> datetime | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(line.strip(), pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def _finish(item: _Item) -> Comment:
    """Turn an item's lines into a Comment, taking a `NAME says:` first paragraph as author."""
    body = _paragraphs(item.lines)
    author: str | None = None
    created: datetime | None = None
    first, _, rest = body.partition("\n\n")
    first_lines = first.split("\n")
    says = _SAYS.match(first_lines[0])
    if says and len(first_lines) <= 2:
        moment = _parse_date(first_lines[1]) if len(first_lines) == 2 else None
        if len(first_lines) == 1 or moment is not None:
            author, created, body = says["name"].strip(), moment, rest
    return Comment(
        id="",
        parent_id=None,
        author=author,
        created=created,
        body=body,
        kind=item.kind,
        depth=item.depth,
    )


def _strip_continuation(item: _Item, line: str) -> str:
    indent = len(line) - len(line.lstrip(" "))
    if item.body_column is None:
        item.body_column = indent
    return line[min(indent, item.body_column) :]


def parse(text: str, source: str) -> Thread:
    """Build a thread from the text of an archive."""
    lines = [line.expandtabs(4) for line in text.splitlines()]
    position = 0
    while position < len(lines) and not lines[position].strip():
        position += 1
    title = lines[position].strip() if position < len(lines) else ""
    position += 1

    post_lines: list[str] = []
    while position < len(lines) and not _MARKER.match(lines[position]):
        post_lines.append(lines[position])
        position += 1

    items: list[_Item] = []
    stack: list[_Item] = []
    section_kind = "comment"
    top_column: int | None = None
    seen_top_number = False
    furniture = 0
    for index in range(position, len(lines)):
        line = lines[index]
        if not line.strip():
            if stack:
                stack[-1].lines.append("")
            continue
        marker = _MARKER.match(line)
        if marker is None:
            if not line[0].isspace() or not stack:
                furniture = sum(1 for rest in lines[index:] if rest.strip())
                break
            stack[-1].lines.append(_strip_continuation(stack[-1], line))
            continue
        column = len(marker[1])
        number = int(marker[2]) if marker[2] else None
        if top_column is None or column <= top_column:
            top_column = column
            if number == 1 and seen_top_number:
                section_kind = "pingback"
            seen_top_number = seen_top_number or number is not None
        while stack and stack[-1].column >= column:
            stack.pop()
        item = _Item(column, number, section_kind, len(stack) + 1)
        item.lines.append(line[marker.end() :])
        items.append(item)
        stack.append(item)

    root = Comment(id="", parent_id=None, body=_paragraphs(post_lines), kind="post")
    comments = [root, *(_finish(item) for item in items)]
    content_comment_ids(comments)
    return from_preorder(title, "text", source, comments, furniture_lines=furniture)


def load(path: Path) -> Thread:
    return parse(decode(read_bytes(path)), str(path))


FORMAT = Format(
    "text", "indented text archive (a web page with comments, as plain text)", sniff, load
)
