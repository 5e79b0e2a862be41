"""JSON documents for the web-forum importers: JSON lines, key sniffing and JSON paths.

Parsing itself is `jsontext.parse_json` (stdlib `json`, with its way round the depth limit):
errors name the line and column.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reader.formats import ArchiveError, decode, read_bytes
from reader.formats.jsontext import Hook, parse_json

_KEY = re.compile(rb'"([A-Za-z_][A-Za-z0-9_]{0,40})"\s*:')
# A whole string, a bracket, or the quote of a string the bytes end inside.
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|"', re.DOTALL)


def read_json(path: Path, *, lines: bool = False, object_hook: Hook = None) -> Any:
    """The JSON document in the file; with `lines`, a file of one JSON value per line is a list.

    `object_hook` is json's: called on each object once read, innermost first.
    """
    try:  # the bytes are not kept while parsing: a JSON-lines file is read again
        return parse_json(read_bytes(path), path, object_hook)
    except ArchiveError as error:
        if lines and error.what == "Extra data":
            return _json_lines(decode(read_bytes(path)), path, object_hook)
        raise


def _json_lines(text: str, path: Path, object_hook: Hook) -> list[Any]:
    """Every non-blank line parsed as one JSON value."""
    values = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values.append(parse_json(line.encode("utf-8", "surrogatepass"), path, object_hook))
        except ArchiveError as error:
            error.where = error.where.replace("line 1 ", f"line {number} ", 1)
            raise
    return values


Place = Any  # a JSON path kept cheaply: "$..." or (parent place, key or index)


def render(place: Place) -> str:
    """The JSON path text of a place, like `$.children[2]` (built without recursion)."""
    parts: list[str] = []
    while isinstance(place, tuple):
        place, key = place
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
    return str(place) + "".join(reversed(parts))


def keys_in(head: bytes) -> set[str]:
    """The object keys that appear in the first bytes of a JSON file (for sniffing)."""
    return {match.decode() for match in _KEY.findall(head)}


def starts_json(head: bytes) -> bool:
    return head.lstrip()[:1] in (b"{", b"[")


def close_head(head: bytes, max_open: int | None = None) -> bytes | None:
    """The first bytes of a JSON document made a whole one: cut after the last object that
    ends an array element, the brackets still open then closed. None if no element ends.

    Every object kept is whole except those the cut is inside, which lose the keys after the
    array it is in (for Algolia items, whose `children` come last, nothing that is shown).
    `max_open` cuts only where at most that many brackets are open, so that no object is cut
    (Reddit's top-level comments, whose fields follow their replies, are 4 brackets in).
    """
    stack: list[int] = []
    cut: tuple[int, list[int]] | None = None
    for match in _TOKEN.finditer(head):
        token = match.group()
        if token[0] == 0x22:  # '"'
            if len(token) == 1:  # a string cut off: the head ends inside it
                break
            continue
        if token in (b"[", b"{"):
            stack.append(token[0])
            continue
        if not stack:
            return None
        stack.pop()
        if (
            token == b"}"
            and stack
            and stack[-1] == 0x5B  # an object that is an element of [
            and (max_open is None or len(stack) <= max_open)
        ):
            cut = (match.end(), stack.copy())
    if cut is None:
        return None
    end, still_open = cut
    return head[:end] + bytes(0x5D if c == 0x5B else 0x7D for c in reversed(still_open))
