"""JSON documents for the web-forum importers: located errors, any nesting depth, JSON lines.

`json.loads` recurses in C and gives up near the interpreter's recursion limit, so a Hacker
News thread nested a few thousand replies deep would not load. `loads_deep` parses with its own
stack and runs only when `json.loads` raised RecursionError. Errors name the line and column.
"""

from __future__ import annotations

import json
import re
from json.decoder import JSONDecodeError, scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from reader.formats import ArchiveError, decode, read_bytes

_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None}
_KEY = re.compile(rb'"([A-Za-z_][A-Za-z0-9_]{0,40})"\s*:')


def read_json(path: Path, *, lines: bool = False) -> Any:
    """The JSON document in the file; with `lines`, a file of one JSON value per line is a list."""
    text = decode(read_bytes(path))
    try:
        return _loads(text)
    except JSONDecodeError as error:
        if lines and error.msg == "Extra data":
            return _json_lines(text, path)
        raise ArchiveError(path, error.msg, where=_place(error)) from None


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        return loads_deep(text)


def _place(error: JSONDecodeError) -> str:
    return f"line {error.lineno} column {error.colno}"


def _json_lines(text: str, path: Path) -> list[Any]:
    """Every non-blank line parsed as one JSON value."""
    values = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values.append(_loads(line))
        except JSONDecodeError as error:
            where = f"line {number} column {error.colno}"
            raise ArchiveError(path, error.msg, where=where) from None
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


def loads_deep(text: str) -> Any:
    """Parse JSON keeping an explicit stack, so nesting depth is unlimited."""
    stack: list[tuple[Any, str | None]] = []  # open containers, with the key being filled
    pos = _skip(text, 0)
    while True:
        char = text[pos : pos + 1]
        value: Any
        if char in ("{", "["):
            pos = _skip(text, pos + 1)
            closing = "}" if char == "{" else "]"
            if text.startswith(closing, pos):
                value, pos = ({} if char == "{" else []), pos + 1
            elif char == "{":
                first, pos = _key(text, pos)
                stack.append(({}, first))
                continue
            else:
                stack.append(([], None))
                continue
        else:
            value, pos = _scalar(text, pos)
        while True:  # put the value in its container, closing every container that ends
            if not stack:
                if _skip(text, pos) != len(text):
                    raise JSONDecodeError("Extra data", text, _skip(text, pos))
                return value
            container, key = stack[-1]
            if key is None:
                container.append(value)
            else:
                container[key] = value
            pos = _skip(text, pos)
            char = text[pos : pos + 1]
            if char == ",":
                pos = _skip(text, pos + 1)
                if key is not None:
                    following, pos = _key(text, pos)
                    stack[-1] = (container, following)
                break
            if char == ("]" if key is None else "}"):
                stack.pop()
                value, pos = container, pos + 1
                continue
            raise JSONDecodeError("Expecting ',' delimiter", text, pos)


def _skip(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _key(text: str, pos: int) -> tuple[str, int]:
    """The key at `pos` and the position of its value."""
    if not text.startswith('"', pos):
        raise JSONDecodeError("Expecting property name enclosed in double quotes", text, pos)
    key, pos = scanstring(text, pos + 1)
    pos = _skip(text, pos)
    if not text.startswith(":", pos):
        raise JSONDecodeError("Expecting ':' delimiter", text, pos)
    return key, _skip(text, pos + 1)


def _scalar(text: str, pos: int) -> tuple[Any, int]:
    if text.startswith('"', pos):
        return scanstring(text, pos + 1)
    for word, value in _WORDS.items():
        if text.startswith(word, pos):
            return value, pos + len(word)
    match = _NUMBER.match(text, pos)
    if match is None:
        raise JSONDecodeError("Expecting value", text, pos)
    if match.group(1) or match.group(2):
        return float(match.group()), match.end()
    return int(match.group()), match.end()
