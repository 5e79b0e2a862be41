"""The indented text archive: a web page with its comments rendered to plain text.

The first non-empty line is the title; the paragraphs after it are the post; indented list
items are comments, nested by the column of their marker (a number `1.` `2)` or a bullet such
as `•` `*` `-` `◦` `▪`, and the bullets `lynx -dump` and `w3m -dump` draw). A comment's text
continues on the lines indented past its marker. A numbered list that starts again at 1 after
the comments, or a list under a "Pingbacks" heading, holds pingbacks. The first line that is
not indented past the comments ends the thread: what follows is page furniture, counted but
kept out of the tree, as are a "12 thoughts on …" heading above the comments and a line such
as "Leave a Reply" that ends a post nobody has answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from reader.formats import Format, decode, read_bytes
from reader.model import Comment, Thread, content_comment_ids, from_preorder

_BULLETS = "•*\\-◦▪‣+o#@□☆○■★●◇◆▫▸►"
_MARKER = re.compile(rf"^( *)(?:(\d{{1,6}})[.)]|[{_BULLETS}])[ \u00a0]+(?=\S)")
_MARKER_START = frozenset("0123456789" + _BULLETS.replace("\\", ""))
_SAYS = re.compile(r"^(?P<name>\S.{0,79}?)\s+says:\s*$")
_COMMENTS_HEADING = re.compile(
    r"^(?:(?:\d+|no|one|two|three)\s+(?:thoughts?|comments?|responses?|replies|reactions?)\b"
    r"|(?:comments?|responses?|discussion|replies)(?:\s*\(\d+\))?:?$)",
    re.IGNORECASE,
)
_PINGBACK_HEADING = re.compile(r"ping\s*backs?|track\s*backs?", re.IGNORECASE)
_FURNITURE = {
    "leave a reply",
    "leave a comment",
    "post a comment",
    "comments are closed",
    "share this",
    "like this",
    "%d bloggers like this",
    "post navigation",
    "cancel reply",
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_AT = r"(?: at |, | )"
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s*(?P<half>[ap])\.?m\.?)?"
_DATES = (
    # March 3, 2024 at 10:15 am
    re.compile(rf"(?P<month>[a-z]+)\.? (?P<day>\d{{1,2}}), (?P<year>\d{{4}}){_AT}{_TIME}$"),
    # 3 March 2024 at 10:15
    re.compile(rf"(?P<day>\d{{1,2}}) (?P<month>[a-z]+)\.? (?P<year>\d{{4}}){_AT}{_TIME}$"),
    # 2024-03-03 10:15
    re.compile(rf"(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})[ t]{_TIME}$"),
)


@dataclass(slots=True)
class _Item:
    """A list item being read: where its marker and text sit, and the lines of its text."""

    column: int
    text_column: int
    number: int | None
    kind: str
    depth: int
    first: str
    rest: list[str] = field(default_factory=list)
    rest_indent: int = 1 << 30


def sniff(head: bytes, path: Path) -> int:
    text = decode(head).lstrip()
    if not text or re.match(r"[\[{]\s*[\"{\[\]}]", text) or text.startswith(("<", "From ")):
        return 0
    has_items = any(_MARKER.match(line) and line[0] == " " for line in text.splitlines()[:2000])
    return 20 if has_items else 5


def _lines(text: str) -> list[str]:
    """Lines with tabs expanded; only newlines split them (form feeds and U+2028 do not)."""
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.expandtabs(4)
    return text.split("\n")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _paragraphs(lines: list[str]) -> str:
    """Join lines into paragraphs: blank lines separate, line breaks inside are kept."""
    text = "\n".join([line.rstrip() for line in lines])
    if "\n\n\n" in text:
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


def _dedent(lines: list[str]) -> list[str]:
    """Remove the indentation all non-blank lines share."""
    common = min((_indent(line) for line in lines if line.strip()), default=0)
    return [line[common:] for line in lines] if common else lines


def _parse_date(line: str) -> datetime | None:
    """A comment's date line ("March 3, 2024 at 10:15 am" and the like) as a UTC datetime."""
    text = line.strip().casefold()
    for pattern in _DATES:
        found = pattern.match(text)
        if found is None:
            continue
        month = found["month"]
        month_number = int(month) if month.isdigit() else _MONTHS.get(month)
        hour = int(found["hour"])
        if found["half"]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if found["half"] == "p" else 0)
        try:
            return datetime(
                int(found["year"]),
                month_number or 0,
                int(found["day"]),
                hour,
                int(found["minute"]),
                tzinfo=timezone.utc,
            )
        except ValueError:
            return None
    return None


def _is_furniture(line: str) -> bool:
    return line.strip().rstrip(":.…").strip().casefold() in _FURNITURE


def _finish(item: _Item) -> Comment:
    """Turn an item's lines into a Comment, taking a `NAME says:` first line as author."""
    common = item.rest_indent
    lines = [line[common:].rstrip() for line in item.rest]
    author: str | None = None
    created: datetime | None = None
    first = item.first.rstrip()
    says = _SAYS.match(first) if first.endswith(":") else None
    if says is None:
        lines.insert(0, first)
    else:
        author = says["name"].strip()
        position = 0
        while position < len(lines) and not lines[position]:
            position += 1
        if position < len(lines) and len(lines[position]) < 60:
            created = _parse_date(lines[position])
            if created is not None:
                position += 1
        del lines[:position]
    body = "\n".join(lines)
    if "\n\n\n" in body:
        body = re.sub(r"\n{3,}", "\n\n", body)
    return Comment(
        id="",
        parent_id=None,
        author=author,
        created=created,
        body=body.strip("\n"),
        kind=item.kind,
        depth=item.depth,
    )


def _next_text(lines: list[str], position: int) -> int:
    """The index of the first non-blank line at or after `position` (len(lines) if none)."""
    while position < len(lines) and not lines[position].strip():
        position += 1
    return position


class _Reader:
    """Reads the lists after the post: comments, then perhaps a section of pingbacks."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.items: list[_Item] = []
        self.stack: list[_Item] = []
        self.kind = "comment"
        self.seen_number = False
        self.sections = 0
        self.furniture = 0

    def read(self, position: int) -> None:
        lines = self.lines
        stack = self.stack
        match = _MARKER.match
        top: _Item | None = None
        resume = position
        for index in range(position, len(lines)):
            if index < resume:
                continue
            line = lines[index]
            if not line or line.isspace():
                if top is not None:
                    top.rest.append("")
                continue
            stripped = line.lstrip(" ")
            indent = len(line) - len(stripped)
            if stripped[0] in _MARKER_START:
                marker = match(line)
                if marker is not None and (indent or self._continues_numbering(marker)):
                    top = self._start_item(line, marker)
                    continue
            if top is not None and top.column >= indent:
                while stack and stack[-1].column >= indent:
                    stack.pop()
                top = stack[-1] if stack else None
            if top is not None:
                top.rest.append(line)
                if indent < top.rest_indent:
                    top.rest_indent = indent
                continue
            resume = self._after_list(index)
            if resume >= len(lines):
                break

    def _continues_numbering(self, marker: re.Match[str]) -> bool:
        """A number at column 0 that follows on from an open numbered item (w3m's "10.")."""
        if marker[2] is None:
            return False
        number = int(marker[2])
        return any(item.number == number - 1 for item in self.stack)

    def _start_item(self, line: str, marker: re.Match[str]) -> _Item:
        stack = self.stack
        column = len(marker[1])
        text_column = marker.end()
        number = int(marker[2]) if marker[2] else None
        sibling = None
        if number is not None and number > 1:
            for item in reversed(stack):
                if item.number == number - 1 and (
                    item.column == column or item.text_column == text_column
                ):
                    sibling = item
                    break
        if sibling is not None:
            while stack.pop() is not sibling:
                pass
        else:
            while stack and stack[-1].column >= column:
                stack.pop()
        if not stack:
            self._top_level(number)
        item = _Item(column, text_column, number, self.kind, len(stack) + 1, line[text_column:])
        self.items.append(item)
        stack.append(item)
        return item

    def _top_level(self, number: int | None) -> None:
        """Note a top-level item; a numbered list starting again at 1 begins the pingbacks."""
        if number == 1 and self.seen_number and self.sections == 0:
            self.kind = "pingback"
            self.sections = 1
        self.seen_number = self.seen_number or number is not None

    def _after_list(self, position: int) -> int:
        """At a line outside every list: a heading that opens the pingbacks, or furniture."""
        lines = self.lines
        end = position + 1
        while end < len(lines) and lines[end].strip() and not _MARKER.match(lines[end]):
            end += 1
        following = _next_text(lines, end)
        marker = _MARKER.match(lines[following]) if following < len(lines) else None
        heading = " ".join(line.strip() for line in lines[position:end])
        opens_section = (
            self.sections == 0
            and marker is not None
            and end - position <= 2
            and not _is_furniture(heading)
            and (_PINGBACK_HEADING.search(heading) is not None or marker[2] == "1")
        )
        if opens_section:
            self.furniture += end - position
            self.kind = "pingback"
            self.sections = 1
            return following
        self.furniture += sum(1 for rest in lines[position:] if rest.strip())
        return len(lines)


def _post_end(lines: list[str], position: int) -> int:
    """Where the post stops: the first indented list item, or a line of page furniture."""
    while position < len(lines):
        line = lines[position]
        if (line[:1] == " " and _MARKER.match(line)) or _is_furniture(line):
            return position
        position += 1
    return position


def _comments_heading(post_lines: list[str]) -> int:
    """How many trailing lines of the post are a heading like "5 thoughts on …" (0 if none)."""
    end = len(post_lines)
    while end and not post_lines[end - 1].strip():
        end -= 1
    start = end
    while start and post_lines[start - 1].strip():
        start -= 1
    if start == end or end - start > 2:
        return 0
    heading = " ".join(line.strip() for line in post_lines[start:end])
    return len(post_lines) - start if _COMMENTS_HEADING.match(heading) else 0


def parse(text: str, source: str) -> Thread:
    """Build a thread from the text of an archive."""
    lines = _lines(text)
    position = _next_text(lines, 0)
    title = lines[position].strip() if position < len(lines) else ""
    position += 1

    end = _post_end(lines, position)
    post_lines = lines[position:end]
    reader = _Reader(lines)
    if end < len(lines) and not _is_furniture(lines[end]):
        heading = _comments_heading(post_lines)
        if heading:
            reader.furniture += sum(1 for line in post_lines[-heading:] if line.strip())
            del post_lines[-heading:]
    reader.read(end)

    root = Comment(id="", parent_id=None, body=_paragraphs(_dedent(post_lines)), kind="post")
    comments = [root, *(_finish(item) for item in reader.items)]
    content_comment_ids(comments)
    return from_preorder(title, "text", source, comments, furniture_lines=reader.furniture)


def load(path: Path) -> Thread:
    return parse(decode(read_bytes(path)), str(path))


FORMAT = Format(
    "text", "indented text archive (a web page with comments, as plain text)", sniff, load
)
