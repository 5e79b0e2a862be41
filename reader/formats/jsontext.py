"""JSON for importers: stdlib `json` first, and a way round its depth limit.

`json.loads` recurses in C and stops at the interpreter's recursion limit (about 1,000 levels),
which a Reddit or Hacker News thread a few hundred replies deep already reaches. When it gives
up, `loads_skeletons` still lets it do the parsing: a scan for brackets (outside strings) finds
the containers nested too deeply, and each of those is parsed by `json.loads` with its deep
children cut out and handed back in, so every character is parsed once, in C. Should that
fail, `loads_deep` (an exact parser with its own stack) gives the result or json's own error.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Callable
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


Hook = Callable[[dict[str, Any]], Any] | None


def parse_json(data: bytes, path: Path, object_hook: Hook = None) -> Any:
    """The document in `data`; an ArchiveError naming the line and column if it is not JSON.

    `object_hook` is called on each object once it is read (innermost first), as `json` does.
    """
    text = decode(data)
    del data  # the caller's bytes go as soon as the text exists (a big file is held once)
    return parse_text(text, path, object_hook)


def parse_text(
    text: str, path: Path, object_hook: Hook = None, real: Callable[[str], str] | None = None
) -> Any:
    """The document in `text` (from decode, or narrow_decode which gives `real`)."""
    try:
        try:
            return json.loads(text, object_hook=object_hook)
        except RecursionError:
            pass
        try:
            return loads_skeletons(text, object_hook)
        except (ValueError, IndexError, RecursionError):
            return loads_deep(text, object_hook)
    except JSONDecodeError as error:
        if real is from_latin1:  # columns count characters: say where from the real text
            return parse_json(text.encode("latin-1"), path, object_hook)
        what, where = describe(error, text)
        raise ArchiveError(path, what, where=where) from None
    except ValueError:  # int() reads at most 4,300 digits
        raise ArchiveError(path, "a number of more than 4,300 digits") from None


def describe(error: JSONDecodeError, text: str) -> tuple[str, str]:
    """What is wrong and where, said as a cut-off file when the document stops at the end."""
    where = f"line {error.lineno} column {error.colno}"
    if not text.strip(" \t\r\n"):
        return "the file is empty", ""
    if error.msg.startswith("Unterminated string"):  # json reads to the end for the quote
        return "the file ends in the middle of the string that starts here (cut short?)", where
    if error.msg.startswith("Expecting") and not text[error.pos :].strip(" \t\r\n"):
        return "the file ends in the middle of the JSON document (cut short?)", where
    return error.msg, where


# A \u escape of a character past ASCII (or of a backslash then "u": a harmless false alarm).
_WIDE_ESCAPE = re.compile(rb"\\u(?!00[0-7])")


def narrow_decode(data: bytes) -> tuple[str, Callable[[str], str]]:
    """The text of `data` for parse_text, one byte a character where that is safe, and the
    function that gives the real text of any string parsed from it.

    Decoded as UTF-8, one emoji makes a whole text four bytes a character: a 110 MB file took
    440 MB. When non-ASCII characters come only as raw UTF-8 (no `\\u` escapes past ASCII),
    the bytes are read as Latin-1 instead, which JSON's syntax cannot tell apart; each string
    that is not ASCII is then decoded again (`from_latin1`) when it is used.
    """
    if data.isascii() or _WIDE_ESCAPE.search(data) is not None:
        return decode(data), identity
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    return codecs.latin_1_decode(memoryview(data)[start:])[0], from_latin1


def identity(text: str) -> str:
    return text


def from_latin1(text: str) -> str:
    """The real text of a string parsed from UTF-8 bytes decoded as Latin-1."""
    return text if text.isascii() else text.encode("latin-1").decode("utf-8", "replace")


# A run of text up to the next bracket that is not inside a string, and that bracket.
_TO_BRACKET = re.compile(r'[^"\[\]{}]*(?:"[^"\\]*(?:\\.[^"\\]*)*"[^"\[\]{}]*)*([\[\]{}])', re.S)
SHALLOW = 200  # a piece holds two bands of this many levels: well inside the recursion limit


def loads_skeletons(text: str, object_hook: Hook = None) -> Any:
    """Parse JSON of any depth with json.loads on pieces no deeper than SHALLOW.

    A deep child is cut out of its parent's text and replaced by a constant the text never
    holds (`NaN` or `Infinity`); json calls `parse_constant` for it, in document order, and
    gets the child's value back. Raises ValueError, IndexError (or JSONDecodeError) on
    anything it cannot vouch for.
    """
    stand_in = next((word for word in ("NaN", "Infinity") if word not in text), None)
    if stand_in is None:
        raise ValueError("the text holds both NaN and Infinity: no stand-in is free")
    starts, ends, cuts = _deep_containers(text)
    queue: list[Any] = []
    constants = dict(_CONSTANTS)

    def constant(word: str) -> Any:
        return queue.pop() if word == stand_in else constants[word]

    decoder = json.JSONDecoder(parse_constant=constant, object_hook=object_hook)
    values: dict[int, Any] = {}
    for index in reversed(cuts):  # the pieces inside a piece come after it
        start, end = (0, len(text)) if index == 0 else (starts[index], ends[index] + 1)
        pieces, position = [], start
        for child in cuts[index]:
            pieces += [text[position : starts[child]], stand_in]
            position = ends[child] + 1
        pieces.append(text[position:end])
        queue[:] = [values.pop(child) for child in reversed(cuts[index])]
        values[index] = decoder.decode("".join(pieces))
        if queue:
            raise ValueError("a deep child was not put back")
    return values[0]


def _deep_containers(text: str) -> tuple[list[int], list[int], dict[int, list[int]]]:
    """Where each container starts and ends, and the containers to parse apart: the document,
    and each container more than SHALLOW high whose height (levels below it, itself included)
    falls in a lower band of SHALLOW levels than its parent's, with the ones each holds.

    Along any path heights fall by at least one a level, so a piece keeps under SHALLOW levels
    of its own band plus the at most SHALLOW levels of the shallow containers it keeps whole.
    """
    starts: list[int] = []
    ends: list[int] = []
    parents: list[int] = []
    heights: list[int] = []
    open_: list[int] = []
    match = _TO_BRACKET.match
    position = 0
    while (found := match(text, position)) is not None:
        position = found.end()
        bracket = text[position - 1]
        if bracket in "[{":
            parents.append(open_[-1] if open_ else -1)
            open_.append(len(starts))
            starts.append(position - 1)
            ends.append(-1)
            heights.append(0)
            continue
        if not open_:
            raise ValueError("a closing bracket without an opening one")
        index = open_.pop()
        if text[starts[index]] != ("[" if bracket == "]" else "{"):
            raise ValueError("brackets do not match")
        ends[index] = position - 1
        heights[index] += 1
        parent = parents[index]
        if parent >= 0 and heights[parent] < heights[index]:
            heights[parent] = heights[index]
    if open_ or not starts or parents.count(-1) != 1:
        raise ValueError("not one whole container")
    cuts: dict[int, list[int]] = {0: []}
    for index in range(1, len(starts)):
        height, parent = heights[index], parents[index]
        if height > SHALLOW and height // SHALLOW != heights[parent] // SHALLOW:
            while parent not in cuts:
                parent = parents[parent]
            cuts[index] = []
            cuts[parent].append(index)
    return starts, ends, cuts


def loads_deep(text: str, object_hook: Hook = None) -> Any:
    """Parse JSON with an explicit stack (no recursion), raising JSONDecodeError like `json`."""
    hook = object_hook or identity_object
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
                value: Any = hook({})
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
                if isinstance(value, dict):
                    value = hook(value)
                keys.pop()
                pos += 1
                continue
            raise JSONDecodeError("Expecting ',' delimiter", text, pos)


def identity_object(value: dict[str, Any]) -> Any:
    return value


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
