"""JSON documents for the web-forum importers: JSON lines, key sniffing and JSON paths.

Parsing itself is `jsontext.parse_json` (stdlib `json`, with its way round the depth limit):
errors name the line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.formats import ArchiveError, decode, read_bytes
from reader.formats.jsontext import Hook, parse_json
from reader.model import Thread

_KEY = re.compile(rb'"([A-Za-z_][A-Za-z0-9_]{0,40})"\s*:')
# A run of bytes up to the next bracket that is not inside a string, and that bracket.
_TO_BRACKET = re.compile(rb'[^"\[\]{}]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"\[\]{}]*)*[\[\]{}]', re.S)


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


def json_loader(build: Callable[[Any, Path], Thread]) -> Callable[[Path], Thread]:
    """A format's `load`: the file read as one JSON document, which `build` makes a thread."""

    def load(path: Path) -> Thread:
        return build(read_json(path), path)

    return load


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


CUT = "\x00cut"  # the key close_head(mark=True) adds to every object it closes


# Brackets still open, innermost first, as (bracket, the ones outside it): kept at a cut
# without a copy.
_Open = tuple[int, "_Open"] | None
MAX_OPEN = 500  # a cut inside no more brackets: the closed head is parsed by json.loads alone


def close_head(head: bytes, *, mark: bool = False) -> bytes | None:
    """The first bytes of a JSON document made a whole one (see `cut_head`)."""
    closed = cut_head(head, mark=mark)
    return None if closed is None else closed[0]


def cut_head(head: bytes, *, mark: bool = False) -> tuple[bytes, int] | None:
    """The first bytes of a JSON document made a whole one: cut after the last object that
    ends an array element, or just inside the last array opened, inside at most MAX_OPEN
    brackets (a few hundred replies deep); the brackets still open then closed. None if
    there is no such place.

    Every object kept is whole except those the cut is inside, which lose the keys after the
    array it is in (for Algolia items, whose `children` come last, nothing that is shown).
    With `mark`, each of those gets the key CUT (true), so a reader can tell them apart.
    Returns the document and where the head was cut.
    """
    still_open: _Open = None
    depth = 0
    cut: tuple[int, _Open] | None = None
    position, match = 0, _TO_BRACKET.match
    while (found := match(head, position)) is not None:  # None: no bracket, or a cut string
        position = found.end()
        bracket = head[position - 1]
        if bracket in b"[{":
            still_open, depth = (bracket, still_open), depth + 1
            if bracket == 0x5B and depth <= MAX_OPEN:  # an array, empty so far
                cut = (position, still_open)
            continue
        if still_open is None:
            return None
        still_open, depth = still_open[1], depth - 1
        if bracket == 0x7D and depth <= MAX_OPEN and still_open and still_open[0] == 0x5B:
            cut = (position, still_open)  # an object that is an element of an array
    if cut is None:
        return None
    end, inside = cut
    close_object = b',"\\u0000cut":true}' if mark else b"}"
    closers = []
    while inside is not None:
        closers.append(b"]" if inside[0] == 0x5B else close_object)
        inside = inside[1]
    return head[:end] + b"".join(closers), end
