"""A thread saved from the web (`thread-reader save URL`): the site's document in an envelope.

`{"thread-reader-saved": 1, "site", "format", "url", "saved", "complete", "document"}`: the
document is the site's own JSON (or page text) in the shape the importer named by `format`
reads, and that importer's `build` makes the thread. The envelope keeps the thread's URL, so
`refresh` can download it again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.formats import ArchiveError, Format, decode, get_format, read_bytes
from reader.model import Thread

MARK = "thread-reader-saved"
VERSION = 1
_HEAD = re.compile(rb'^\s*\{\s*"thread-reader-saved"\s*:')


def sniff(head: bytes, path: Path) -> int:
    return 100 if _HEAD.match(head) else 0


@dataclass(frozen=True)
class Envelope:
    """What a saved file says about itself, besides the document."""

    site: str
    format: str
    url: str
    saved: str
    complete: bool


def envelope_of(record: Any, path: Path) -> Envelope:
    """The envelope's fields, checked; an ArchiveError naming the first one amiss."""
    if not isinstance(record, dict) or record.get(MARK) != VERSION:
        raise ArchiveError(path, f'expected "{MARK}": {VERSION}', where=f"$.{MARK}")
    for key in ("site", "format", "url", "saved"):
        if not isinstance(record.get(key), str):
            raise ArchiveError(path, f"{key} should be a string", where=f"$.{key}")
    if "document" not in record:
        raise ArchiveError(path, "the saved document is missing", where="$.document")
    complete = record.get("complete") is True
    return Envelope(record["site"], record["format"], record["url"], record["saved"], complete)


def read(path: Path) -> tuple[Envelope, Any]:
    """The envelope and the document of a saved file."""
    try:
        record = json.loads(decode(read_bytes(path)))
    except ValueError as error:
        raise ArchiveError(path, f"not valid JSON ({error})") from None
    return envelope_of(record, path), record["document"]


def builder(name: str, path: Path) -> Format:
    try:
        fmt = get_format(name)
    except KeyError as error:
        raise ArchiveError(path, str(error.args[0]), where="$.format") from None
    if fmt.build is None or name == "saved":
        raise ArchiveError(path, f"format {name!r} cannot read a saved document", where="$.format")
    return fmt


def load(path: Path) -> Thread:
    return read_thread(path)[1]


def read_thread(path: Path) -> tuple[Envelope, Thread]:
    """The envelope of a saved file and the thread of its document."""
    envelope, document = read(path)
    fmt = builder(envelope.format, path)
    try:
        thread = fmt.build(document, path)  # type: ignore[misc]  # checked by `builder`
    except ArchiveError as error:
        if error.format is None:
            error.format = fmt.name
        if error.where.startswith("$"):
            error.where = "$.document" + error.where[1:]
        raise
    if not envelope.complete:
        thread.warnings.append(
            f"saved from {envelope.url} on {envelope.saved} before every reply was fetched:"
            " the rest show as stubs (`thread-reader refresh` may fetch them)"
        )
    return envelope, thread


FORMAT = Format(
    "saved",
    "a thread saved from the web by `thread-reader save URL` (the site's own JSON inside)",
    sniff,
    load,
)


def saved_url(path: Path) -> str | None:
    """The URL a file was saved from, or None when it was not saved from the web."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    if not sniff(head, path):
        return None
    found = re.search(rb'"url"\s*:\s*("(?:[^"\\]|\\.)*")', head)
    return json.loads(found.group(1)) if found else None
