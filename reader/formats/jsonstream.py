"""A JSON document read a piece at a time: one object whose big array is taken an element at a
time, so the file's whole text never exists beside the model built from it.

`read_object` handles only what it expects (a plain file holding one object) and gives None,
having kept nothing the caller needs, for anything else: gzip, another shape, broken or too
deep JSON, or an element the caller refuses. The caller then reads the file whole, which says
what is wrong, exactly as before.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from reader.formats import ArchiveError, check_size, progress
from reader.formats.jsontext import Hook
from reader.model import needs_no_cleaning

CHUNK = 1024 * 1024  # bytes read at a time: the text held beside the model
# Characters of small elements parsed in one call: json's C parser holds the interpreter for
# about a quarter of a millisecond per 64 kB, and a call per element costs more than the parse.
BATCH = 64 * 1024
_WS = re.compile(r"[ \t\n\r]*")
# An escape that can make a character `clean_text` changes: any but \" \\ \/ \n \t (an escaped
# backslash before a letter matches too: a false alarm, never a miss).
_UNPLAIN_ESCAPE = re.compile(r'\\[^"\\/nt]')


Element = Callable[[Any, int, bool], Any]


def read_object(
    path: Path,
    array_key: str,
    element: Element,
    object_hook: Hook = None,
    next_element: Callable[[dict[str, Any]], tuple[bytes, ...]] = lambda found: (),
    *,
    check_plain: bool = False,
) -> Any:
    """The object in the file, with each element of its `array_key` array (at any place among
    its keys) given to `element` with its index as soon as it is parsed, and the list of what
    that returns in the array's place. `object_hook` is json's, the object itself included.

    With `check_plain`, `element` is also told whether every string of the element is clean
    text already (`clean_text` would give it back as it is: `plain_json`), else always False.

    `next_element` gives, from the keys read before the array, byte strings that only an
    element's own fields hold, near its start (Algolia: `"parent_id": STORY`): an element
    longer than what is read is then read on to where one of them comes next and parsed once.

    None when the file is anything else; `element` may raise ArchiveError or ValueError to
    refuse a record (the whole-file read then reports it).
    """
    check_size(path)
    with path.open("rb") as handle:
        try:
            stream = _Stream(handle, array_key, element, object_hook, next_element, check_plain)
            return stream.document()
        except (json.JSONDecodeError, RecursionError, ValueError, ArchiveError):
            return None


class _Stream:
    """The text read CHUNK bytes at a time (UTF-8, bad bytes replaced, as `decode` does)."""

    def __init__(
        self,
        handle: BinaryIO,
        array_key: str,
        element: Element,
        hook: Hook,
        next_element: Callable[[dict[str, Any]], tuple[bytes, ...]],
        check_plain: bool,
    ) -> None:
        self.handle = handle
        self.array_key = array_key
        self.next_element = next_element
        self.needles: tuple[bytes, ...] = ()
        self.marks: tuple[str, ...] = ()  # the needles as text
        self.element = element
        self.hook = hook
        self.size = max(os.fstat(handle.fileno()).st_size, 1)
        self.utf8 = codecs.getincrementaldecoder("utf-8")("replace")
        self.text = ""
        self.pos = 0
        self.decoder = json.JSONDecoder(object_hook=hook)
        self.batching = True  # until a guessed run of elements fails to parse
        self.ended = False  # whether the file is read to its end
        self.check_plain = check_plain
        self.plain = False  # whether the text read (when asked to check) is `plain_json`

    def document(self) -> Any:
        if self.handle.read(3) != b"\xef\xbb\xbf":  # a BOM is dropped, anything else read again
            self.handle.seek(0)
        if not self.take("{"):
            return None
        found: dict[str, Any] = {}
        if not self.take("}"):
            while True:
                key = self.key()
                if key is None:
                    return None
                if key == self.array_key and self.take("["):
                    self.needles = self.next_element(found)
                    self.marks = tuple(needle.decode("latin-1") for needle in self.needles)
                    found[key] = self.elements()
                    self.needles, self.marks = (), ()
                else:
                    found[key] = self.value()
                if self.take("}"):
                    break
                if not self.take(","):
                    return None
        if self.skip():  # anything but whitespace after the object
            return None
        return self.hook(found) if self.hook is not None else found

    def elements(self) -> list[Any]:
        """The array the text is inside, to its `]`, each element given to `element`."""
        values: list[Any] = []
        if self.take("]"):
            return values
        while True:
            self.whole_element()
            for value in self.run_of_elements() or [self.value()]:
                values.append(self.element(value, len(values), self.plain))
            if self.take("]"):
                return values
            if not self.take(","):
                raise ValueError("expected , or ] between elements")

    def whole_element(self) -> None:
        """Read on before parsing when the element at the position is not whole in the text:
        when it holds one of `needles` (its own) and no later one comes (the next element's).
        A parse that fails at the end of the text would have been wasted, hook calls and all.
        """
        if not self.marks or not self.skip():
            return
        text, pos = self.text, self.pos
        for mark in self.marks:
            own = text.find(mark, pos)
            if own >= 0:
                if text.find(mark, own + len(mark)) < 0:
                    self.more(max(CHUNK, self.to_next_element()))
                return

    def run_of_elements(self) -> list[Any]:
        """The elements from the position up to the last `},` in the next BATCH characters,
        parsed in one call as an array; empty when there is none to try or the guess fails.

        Such a `}` may be inside a string or a nested object, but then the guessed array is
        not JSON (an unclosed string or bracket): a parse that succeeds holds exactly the
        whole elements of the text. One that fails stops the guessing for the rest of the
        file, so text full of `},` is not parsed twice. Not for elements read to `needles`.
        Less than BATCH characters left, the text is read on first: the element cut where the
        text ends is not parsed in vain (its error alone counts the lines up to it).
        """
        if not self.batching or self.marks:
            return []
        if len(self.text) - self.pos < BATCH and not self.ended:
            self.more(CHUNK)
        text, pos = self.text, self.pos
        end = text.rfind("},", pos, pos + BATCH) + 1
        if end <= 0:
            return []
        try:
            values: list[Any] = self.decoder.decode(f"[{text[pos:end]}]")
        except json.JSONDecodeError:
            self.batching = False
            return []
        self.pos = end
        return values

    def key(self) -> str | None:
        """The next object key and its colon, or None if there is none."""
        if not self.skip() or self.text[self.pos] != '"':
            return None
        key = self.value()
        return key if self.take(":") else None

    def value(self) -> Any:
        """The JSON value at the position (after any whitespace), read on until it is whole."""
        self.skip()
        return whole_value(self, self.to_next_element, CHUNK)

    def to_next_element(self) -> int:
        """Bytes from the read position to just past the next of `needles` (to the end of the
        file if none comes; 0 without needles)."""
        if not self.needles:
            return 0
        slack = max(len(needle) for needle in self.needles)
        return bytes_to_next(self.handle, self.needles, self.size, slack)

    def take(self, char: str) -> bool:
        """Step over `char` (after any whitespace) if it comes next."""
        if self.skip() and self.text[self.pos] == char:
            self.pos += 1
            return True
        return False

    def skip(self) -> bool:
        """Step over whitespace; False at the end of the file."""
        while True:
            self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return True
            if not self.more(CHUNK):
                return False

    def more(self, size: int) -> bool:
        """Read `size` bytes more onto the text not yet parsed; False at the end."""
        data = self.handle.read(size)
        self.text = self.text[self.pos :] + self.utf8.decode(data, final=not data)
        self.pos = 0
        if self.check_plain:  # every element parsed before the next read is a part of it
            self.plain = plain_json(self.text)
        progress(self.handle.tell() / self.size)
        self.ended = not data
        return bool(data)


def plain_json(text: str) -> bool:
    """Whether every string json (strict, as here) parses from `text` is clean text already.

    Strict json refuses raw control characters inside strings: what `clean_text` changes can
    only be there as an escape, or raw as a character json lets through (DEL, C1 controls,
    bidi controls, combining marks ...). One scan for each, stopping at the first found: a
    megabyte of text is not cleaned to learn that it needs it.
    """
    if _UNPLAIN_ESCAPE.search(text) is not None:
        return False
    if text.isascii():  # DEL the one character left to look for (a quick find)
        return "\x7f" not in text
    return needs_no_cleaning(text)


class Reading(Protocol):
    """A JSON text read a piece at a time: what is read and not parsed yet, from `pos`."""

    text: str
    pos: int
    decoder: json.JSONDecoder

    def more(self, size: int) -> bool: ...


def whole_value(stream: Reading, to_next: Callable[[], int], chunk: int) -> Any:
    """The JSON value at `stream`'s position, reading on until it is whole (JSONDecodeError if
    the file ends first), `chunk` bytes at least at a time.

    A value longer than what is read is read on `to_next()` bytes (to where the next element is
    known to start), else tried again once as much more again is read: a huge one is parsed a
    few times at most, not once for every piece.
    """
    guessed = False
    while True:
        try:
            value, end = stream.decoder.raw_decode(stream.text, stream.pos)
        except json.JSONDecodeError:
            size = max(chunk, len(stream.text) - stream.pos)
            if not guessed:
                guessed, size = True, max(size, to_next())
            if not stream.more(size):
                raise
            continue
        if end == len(stream.text) and stream.more(chunk):  # a number may go on
            continue
        stream.pos = end
        return value


def bytes_to_next(
    handle: BinaryIO, needles: tuple[bytes, ...], size: int, slack: int, most: int | None = None
) -> int:
    """Bytes from `handle`'s read position to `slack` past the first of `needles` after it (to
    the end of the file, `size` bytes long, if none comes; `most` if none comes that soon),
    found without keeping what is read.
    """
    start = handle.tell()
    offset, overlap = start, max(len(needle) for needle in needles)
    window_size = 64 * 1024  # most elements end soon: look near first
    while True:
        window = os.pread(handle.fileno(), window_size, offset)
        found = [at for at in (window.find(needle) for needle in needles) if at >= 0]
        if found:
            return offset + min(found) + slack - start
        if len(window) < window_size:
            return size - start
        if most is not None and offset + window_size - start >= most:
            return most
        offset += window_size - overlap
        window_size = min(2 * window_size, CHUNK)
