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

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from reader.formats import Format, decode, progress, read_bytes, textdump
from reader.formats.textauthors import author_line
from reader.model import Comment, Thread, content_comment_ids, from_preorder

_BULLETS = "•*\\-◦▪‣+o#@□☆○■★●◇◆▫▸►"
_MARKER = re.compile(rf"^( *)(?:(\d{{1,6}})[.)]|[{_BULLETS}])[ \u00a0]+(?=\S)")
_MARKER_START = frozenset("0123456789" + _BULLETS.replace("\\", ""))
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
# An indented list item's line and the lines of its text that follow it, at one go: blank lines,
# then a line indented past the marker, then lines indented at least as deep as that one. None
# of them may be a list item itself. A line the pattern stops at is read on its own.
_NOT_ITEM = rf"(?! |(?:[0-9]\d{{0,5}}[.)]|[{_BULLETS}])[ \u00a0]+\S)"  # after all the spaces
_BLANK_LINE = r"\n(?![^\n]*\S)[^\n]*"  # no backtracking over a deep indent
_ITEM = re.compile(
    rf"\n(?P<indent> +)(?:(?P<number>[0-9]\d{{0,5}})[.)]|[{_BULLETS}])[ \u00a0]+(?=\S)"
    r"(?P<first>[^\n]*)"
    rf"(?P<body>(?:{_BLANK_LINE})*"
    rf"(?:\n(?P<text_indent>(?P=indent) +){_NOT_ITEM}[^\n]*"
    rf"(?:\n(?P=text_indent) *{_NOT_ITEM}[^\n]*|{_BLANK_LINE})*)?)"
)
_ITEM_PARTS = ("indent", "number", "first", "body", "text_indent")
_CHUNK = 1 << 20
_PAGE_HEAD = 1 << 16  # how much of a file tells a whole page's dump from an archive
_NO_TEXT = 1 << 30  # the indentation of an item with no lines of text after its first


@dataclass(slots=True)
class _Item:
    """A list item being read: where its marker and text sit, and the lines of its text.

    `rest` holds the lines after the first one, each with the newline that starts it.
    """

    column: int
    text_column: int
    number: int | None
    comment: Comment
    first: str
    rest: list[str] = field(default_factory=list)
    rest_indent: int = _NO_TEXT


def sniff(head: bytes, path: Path) -> int:
    text = decode(head).lstrip()
    if not text or re.match(r"[\[{]\s*[\"{\[\]}]", text) or text.startswith(("<", "From ")):
        return 0
    has_items = any(_MARKER.match(line) and line[0] == " " for line in text.splitlines()[:2000])
    return 20 if has_items else 5


def _file_pieces(path: Path) -> Iterator[str]:
    """A file's text in pieces that end with a newline, then what follows the last newline."""
    with path.open("rb") as handle:
        if handle.read(2) == b"\x1f\x8b":
            yield decode(read_bytes(path))
            return
        handle.seek(0)
        size = max(os.fstat(handle.fileno()).st_size, 1)
        pending = bytearray()
        first = True
        while chunk := handle.read(_CHUNK):
            pending += chunk
            cut = pending.rfind(b"\n") + 1
            if cut:  # a newline byte never sits inside a UTF-8 sequence
                piece = bytes(pending[:cut])
                del pending[:cut]
                yield decode(piece) if first else piece.decode("utf-8", errors="replace")
                first = False
                progress(handle.tell() / size)
        tail = bytes(pending)
        yield decode(tail) if first else tail.decode("utf-8", errors="replace")


def _blocks(pieces: Iterable[str]) -> Iterator[str]:
    """Each piece's lines as one string, every line after a newline ("\\nA\\nB" for A and B).

    Lines are as `str.split("\\n")` gives them from the whole text once a byte order mark is
    dropped, line ends are made newlines and tabs expanded (form feeds and U+2028 split nothing).
    """
    previous: str | None = None
    for piece in pieces:
        if previous is None:
            piece = piece.lstrip("\ufeff")
        else:
            yield "\n" + previous[:-1]  # drop the newline that ends it: the next line starts there
        if "\r" in piece:
            piece = piece.replace("\r\n", "\n").replace("\r", "\n")
        if "\t" in piece:
            piece = piece.expandtabs(4)
        previous = piece
    yield "\n" + (previous or "")


def _paragraphs(lines: list[str]) -> str:
    """Join lines into paragraphs: blank lines separate, line breaks inside are kept."""
    text = "\n".join([line.rstrip() for line in lines])
    if "\n\n\n" in text:
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _dedent(lines: list[str]) -> list[str]:
    """Remove the indentation all non-blank lines share."""
    common = min((_indent(line) for line in lines if line.strip()), default=0)
    return [line[common:] for line in lines] if common else lines


def _is_furniture(line: str) -> bool:
    return line.strip().rstrip(":.…").strip().casefold() in _FURNITURE


def _finish(item: _Item) -> int:
    """Give an item's comment its text and byline; return how many furniture lines it had.

    A first line such as `NAME says:` (with perhaps a date line under it) is the byline, and
    the "Reply" and "Liked by 3 people" lines that end a comment on a web page are left out.
    """
    common = item.rest_indent
    # The first entry stands for the item's first line ("".join(rest) starts with a newline).
    lines = [line[common:].rstrip() for line in "".join(item.rest).split("\n")]
    first = item.first.rstrip()
    lines[0] = first
    position = 1
    while position < len(lines) and not lines[position]:
        position += 1
    following = lines[position] if position < len(lines) else ""
    byline = author_line(first, following.strip())
    comment = item.comment
    if byline is not None:
        comment.author = byline.author
        comment.created = byline.created
        del lines[: position + 1 if byline.date_line else 1]
    left_out = 0
    while lines and (not lines[-1] or (len(lines[-1]) <= 60 and textdump.is_reply_line(lines[-1]))):
        left_out += 1 if lines.pop() else 0
    body = "\n".join(lines)
    if "\n\n\n" in body:
        body = re.sub(r"\n{3,}", "\n\n", body)
    comment.body = body.strip("\n")
    return left_out


def _next_text(lines: list[str], position: int) -> int:
    """The index of the first non-blank line at or after `position` (len(lines) if none)."""
    while position < len(lines) and not lines[position].strip():
        position += 1
    return position


class _Reader:
    """Reads the lists after the post: comments, then perhaps a section of pingbacks.

    Blocks of text are read an item at a time; a line that closes items without starting one
    is read on its own, and from a line outside every list the rest is read line by line.
    """

    def __init__(self) -> None:
        self.comments: list[Comment] = []
        self.stack: list[_Item] = []
        self.kind = "comment"
        self.seen_number = False
        self.sections = 0
        self.furniture = 0
        self.lines: list[str] = []

    def read_blocks(self, block: str, blocks: Iterator[str]) -> None:
        """Read from the first line of `block` to the end of the last of `blocks`."""
        while True:
            position = self._read_block(block)
            if position is not None:
                lines = (block[position:] + "".join(blocks))[1:].split("\n")
                self.read_lines(lines, 0)
                return
            following = next(blocks, None)
            if following is None:
                return
            block = following

    def _read_block(self, block: str) -> int | None:
        """Read a block; stop at a line outside every list and return where it starts."""
        position = 0
        end = len(block)
        item_at = _ITEM.match
        while position < end:
            found = item_at(block, position)
            if found is None:
                following = block.find("\n", position + 1)
                if following < 0:
                    following = end
                if not self._line(block[position + 1 : following]):
                    return position
                position = following
                continue
            indent, number, first, body, text_indent = found.group(*_ITEM_PARTS)
            text_column = found.start("first") - position - 1
            item = self._start_item(
                len(indent), text_column, int(number) if number else None, first
            )
            if body:
                item.rest.append(body)
                if text_indent is not None:
                    item.rest_indent = len(text_indent)
            position = found.end()
        return None

    def read_lines(self, lines: list[str], position: int) -> None:
        """Read line by line from `position`."""
        self.lines = lines
        while position < len(lines):
            if self._line(lines[position]):
                position += 1
            else:
                position = self._after_list(position)

    def _line(self, line: str) -> bool:
        """Read one line; False (and nothing done) for a line outside every list."""
        stack = self.stack
        if not line or line.isspace():
            if stack:
                stack[-1].rest.append("\n")
            return True
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped[0] in _MARKER_START:
            marker = _MARKER.match(line)
            if marker is not None and (indent or self._continues_numbering(marker)):
                number = int(marker[2]) if marker[2] else None
                self._start_item(len(marker[1]), marker.end(), number, line[marker.end() :])
                return True
        while stack and stack[-1].column >= indent:
            self.furniture += _finish(stack.pop())
        if not stack:
            return False
        top = stack[-1]
        top.rest.append("\n" + line)
        if indent < top.rest_indent:
            top.rest_indent = indent
        return True

    def finish(self) -> None:
        """Give the items still open their text."""
        for item in self.stack:
            self.furniture += _finish(item)
        self.stack.clear()

    def _continues_numbering(self, marker: re.Match[str]) -> bool:
        """A number at column 0 that follows on from an open numbered item (w3m's "10.")."""
        if marker[2] is None:
            return False
        number = int(marker[2])
        return any(item.number == number - 1 for item in self.stack)

    def _start_item(self, column: int, text_column: int, number: int | None, first: str) -> _Item:
        stack = self.stack
        sibling = None
        if number is not None and number > 1:
            for item in reversed(stack):
                if item.number == number - 1 and (
                    item.column == column or item.text_column == text_column
                ):
                    sibling = item
                    break
        if sibling is not None:
            while True:
                done = stack.pop()
                self.furniture += _finish(done)
                if done is sibling:
                    break
        else:
            while stack and stack[-1].column >= column:
                self.furniture += _finish(stack.pop())
        if not stack:
            self._top_level(number)
        comment = Comment(id="", parent_id=None, kind=self.kind, depth=len(stack) + 1)
        self.comments.append(comment)
        item = _Item(column, text_column, number, comment, first)
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


def _read(blocks: Iterator[str], source: str, *, whole: bool = True) -> Thread:
    """Build a thread from an archive's text given as blocks of lines (see `_blocks`).

    A whole web page as a text browser dumped it is first rewritten as an archive (textdump).
    Not `whole`: the text is the start of an archive, and its last comment may be cut off.
    """
    head: list[str] = []
    size = 0
    for block in blocks:  # the first 64 KB at least, however the file was cut into pieces
        head.append(block)
        size += len(block)
        if size >= _PAGE_HEAD:
            break
    first = "".join(head) or "\n"
    if not textdump.is_page(first[1:]):
        return _read_archive(chain([first], blocks), source, whole=whole)
    page = textdump.page((first + "".join(blocks))[1:])
    return _read_archive(_blocks([page.text]), source, whole=whole, furniture=page.furniture)


def _read_archive(blocks: Iterator[str], source: str, *, whole: bool, furniture: int = 0) -> Thread:
    """Build a thread from the blocks of an indented text archive."""
    lines: list[str] = []  # the lines up to the end of the post and the rest of its block
    position = end = 0
    for block in blocks:
        lines += block[1:].split("\n")
        position = _next_text(lines, 0)
        if position < len(lines):
            end = _post_end(lines, max(end, position + 1))
            if end < len(lines):
                break
    else:
        end = _post_end(lines, position + 1)
    title = lines[position].strip() if position < len(lines) else ""
    post_lines = lines[position + 1 : end]
    reader = _Reader()
    reader.furniture = furniture
    if end < len(lines) and not _is_furniture(lines[end]):
        heading = _comments_heading(post_lines)
        if heading:
            reader.furniture += sum(1 for line in post_lines[-heading:] if line.strip())
            del post_lines[-heading:]
        reader.read_blocks("\n" + "\n".join(lines[end:]), blocks)
    else:
        rest = lines[end:]
        for block in blocks:
            rest += block[1:].split("\n")
        reader.read_lines(rest, 0)
    reader.finish()
    if not whole:
        if not reader.comments:  # the cut may be inside the post
            raise ValueError("no whole comment in the text")
        del reader.comments[-1]

    root = Comment(id="", parent_id=None, body=_paragraphs(_dedent(post_lines)), kind="post")
    comments = [root, *reader.comments]
    content_comment_ids(comments)
    return from_preorder(title, "text", source, comments, furniture_lines=reader.furniture)


def parse(text: str, source: str) -> Thread:
    """Build a thread from the text of an archive."""
    return _read(_blocks([text]), source)


def load(path: Path) -> Thread:
    return _read(_blocks(_file_pieces(path)), str(path))


def preview(path: Path, head: bytes) -> Thread:
    """The first comments, from the file's first bytes."""
    return _read(_blocks([decode(head[: head.rfind(b"\n") + 1])]), str(path), whole=False)


FORMAT = Format(
    "text", "indented text archive (a web page with comments, as plain text)", sniff, load, preview
)
