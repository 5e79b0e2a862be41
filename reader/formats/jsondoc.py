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
