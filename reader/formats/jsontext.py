"""JSON for importers: stdlib `json` first, an iterative parser when nesting is too deep for it.

`json.loads` recurses in C and stops at the interpreter's recursion limit (about 1,000 levels),
which a Reddit or Hacker News thread a few hundred replies deep already reaches. The fallback
below keeps its own stack, so any depth parses; it runs only after `json.loads` gave up.
"""

from __future__ import annotations

import gc
import json
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from json.decoder import JSONDecodeError
from pathlib import Path
from typing import Any

from reader.formats import ArchiveError, decode

# The C string scanner `json` itself uses (not in the type stubs).
scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_CONSTANTS: tuple[tuple[str, Any], ...] = (
    ("true", True),
    ("false", False),
    ("null", None),
    ("NaN", math.nan),
    ("Infinity", math.inf),
    ("-Infinity", -math.inf),
)


def parse_json(data: bytes, path: Path) -> Any:
    """The document in `data`; an ArchiveError naming the line and column if it is not JSON."""
    text = decode(data)
    try:
        with collector_paused():
            try:
                return json.loads(text)
            except RecursionError:
                return loads_deep(text)
    except JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise ArchiveError(path, error.msg, where=where) from None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while parsing.

    Parsed JSON holds no reference cycles, yet the collector re-scans the growing document
    again and again while it is built: about half of json.loads's time on a 100 MB thread.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def loads_deep(text: str) -> Any:
    """Parse JSON with an explicit stack (no recursion), raising JSONDecodeError like `json`."""
    containers: list[Any] = []
    keys: list[str] = []
    end = len(text)
    pos = _skip(text, 0)
    while True:
        # Read one value at `pos`: an opening bracket pushes a container and reads on.
        char = text[pos : pos + 1]
        if char == "{":
            pos = _skip(text, pos + 1)
            if text.startswith("}", pos):
                value: Any = {}
                pos += 1
            else:
                containers.append({})
                key, pos = _key(text, pos)
                keys.append(key)
                continue
        elif char == "[":
            pos = _skip(text, pos + 1)
            if text.startswith("]", pos):
                value = []
                pos += 1
            else:
                containers.append([])
                keys.append("")
                continue
        else:
            value, pos = _scalar(text, pos)
        # Store the value in its container; close every container that ends here.
        while True:
            if not containers:
                pos = _skip(text, pos)
                if pos != end:
                    raise JSONDecodeError("Extra data", text, pos)
                return value
            top = containers[-1]
            if isinstance(top, list):
                top.append(value)
            else:
                top[keys[-1]] = value
            pos = _skip(text, pos)
            char = text[pos : pos + 1]
            if char == ",":
                pos = _skip(text, pos + 1)
                if isinstance(top, dict):
                    keys[-1], pos = _key(text, pos)
                break
            if char == ("]" if isinstance(top, list) else "}"):
                value = containers.pop()
                keys.pop()
                pos += 1
                continue
            raise JSONDecodeError("Expecting ',' delimiter", text, pos)


def _skip(text: str, pos: int) -> int:
    match = _WHITESPACE.match(text, pos)
    return match.end() if match else pos


def _key(text: str, pos: int) -> tuple[str, int]:
    """An object key and the position of the value after its colon."""
    if not text.startswith('"', pos):
        raise JSONDecodeError("Expecting property name enclosed in double quotes", text, pos)
    key, pos = scanstring(text, pos + 1)
    pos = _skip(text, pos)
    if not text.startswith(":", pos):
        raise JSONDecodeError("Expecting ':' delimiter", text, pos)
    return key, _skip(text, pos + 1)


def _scalar(text: str, pos: int) -> tuple[Any, int]:
    """A string, number or constant at `pos`, and the position after it."""
    if text.startswith('"', pos):
        return scanstring(text, pos + 1)
    for word, value in _CONSTANTS:
        if text.startswith(word, pos):
            return value, pos + len(word)
    match = _NUMBER.match(text, pos)
    if match is None:
        raise JSONDecodeError("Expecting value", text, pos)
    number = match.group()
    if match.group(1) or match.group(2):
        return float(number), match.end()
    return int(number), match.end()
