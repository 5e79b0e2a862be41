"""mbox mailboxes (mboxo and mboxrd, LF or CRLF line ends, gzip-compressed or not).

Message boundaries are found on the bytes: a line starting with `From ` that looks exactly
like an asctime envelope begins a message, and so does a looser `From ` line with a time that
follows a blank line and precedes a header field. Each
message is then read by `reader.formats.mail` and the whole mailbox threaded by
`reader.formats.mailthread`. A chunk that is not a message is skipped and counted.
Bodies stay in the file's bytes until first read, so the buffer lives as long as an unread body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reader.formats import ArchiveError, Format, looks_binary, progress, read_bytes
from reader.formats.mail import FIELD, BrokenMessage, Message, mailbox_bodies, parse_message
from reader.formats.mailthread import build_thread
from reader.model import Thread

_ENVELOPE = re.compile(rb"From [^\n]*\d:\d\d")
_STRICT_REST = rb"\S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d(?::\d\d)? (?:\S+ )?\d{4}"
# A `From ` line that may begin a message: group 1 is set when it is a strict asctime envelope.
_CANDIDATE = re.compile(rb"\nFrom (?:(" + _STRICT_REST + rb"[ \t\r\f\v]*(?=\n|\Z))|[^\n]*\d:\d\d)")
WARNINGS_KEPT = 20


def _start(data: bytes) -> int:
    """Where the first envelope line begins (blank lines and a BOM before it are allowed)."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while data[start : start + 1] in (b"\n", b" ", b"\t"):
        start += 1
    return start


def sniff(head: bytes, path: Path) -> int:
    head = head.replace(b"\r\n", b"\n")
    start = _start(head)
    return 95 if _ENVELOPE.match(head, start) else 0


def split_mbox(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """(envelope line, start, end) of each message of LF-ended mbox data (after its envelope).

    A classic asctime envelope always begins a message; a looser `From ` line with a time only
    after a blank line and before a header field, so an unquoted body line rarely splits.
    """
    start = _start(data)
    line_end = data.find(b"\n", start)
    if line_end < 0:
        line_end = len(data)
    envelope, body_start = data[start:line_end], line_end + 1
    for match in _CANDIDATE.finditer(data, body_start):
        found = match.start()
        if match.group(1) is not None:  # strict: the match ends where the line does
            line_end = match.end()
        else:
            line_end = data.find(b"\n", match.end())
            if line_end < 0:
                line_end = len(data)
            if data[found - 1 : found] != b"\n" or FIELD.match(data, line_end + 1) is None:
                continue
        yield envelope, body_start, found
        envelope, body_start = data[found + 1 : line_end], line_end + 1
    yield envelope, body_start, len(data)


PROGRESS_EVERY = 2000  # messages between reports to the loading screen
READING_SHARE = 0.75  # of a load, reading the messages; threading and the tree are the rest


def read_messages(data: bytes) -> tuple[list[Message], list[str], int]:
    """Parse every message; broken ones are counted, and the first few described."""
    messages: list[Message] = []
    warnings: list[str] = []
    skipped = 0
    bodies = mailbox_bodies(data, mboxrd=True)
    for number, (envelope, start, end) in enumerate(split_mbox(data), 1):
        if number % PROGRESS_EVERY == 0:
            progress(READING_SHARE * end / len(data))
        try:
            message = parse_message(
                data, start, end, len(messages), envelope=envelope.decode("latin-1"), bodies=bodies
            )
        except BrokenMessage as error:
            skipped += 1
            if len(warnings) < WARNINGS_KEPT:
                line = data.count(b"\n", 0, start)
                warnings.append(f"message {number} (line {line}) skipped: {error}")
            continue
        messages.append(message)
    if skipped > len(warnings):
        warnings.append(f"... {skipped - len(warnings)} more broken messages skipped")
    return messages, warnings, skipped


def load(path: Path) -> Thread:
    return _thread_of(_mailbox_bytes(read_bytes(path), path), path)


def preview(path: Path, head: bytes) -> Thread:
    """The messages wholly inside the file's first bytes, threaded among themselves."""
    head = _mailbox_bytes(head, path)
    *whole, _cut_off = split_mbox(head)
    if not whole:
        raise ArchiveError(path, "no whole message in the first bytes")
    thread = _thread_of(head[: whole[-1][2]], path)
    root = thread.comments[0]
    if root.kind == "archive":  # its summary counts the messages read so far
        root.body = f"So far {root.body[0].lower()}{root.body[1:]} Reading the rest…"
    return thread


def _mailbox_bytes(data: bytes, path: Path) -> bytes:
    """The mailbox's bytes with LF line ends; an ArchiveError if they are not a mailbox."""
    if b"\r" in data and b"\r\n" in data:  # one byte is found many times faster than two
        data = data.replace(b"\r\n", b"\n")
    start = _start(data)
    if start >= len(data):
        raise ArchiveError(path, "the file is empty")
    if not _ENVELOPE.match(data, start):
        what = "binary data, not a mailbox" if looks_binary(data[:8192]) else None
        raise ArchiveError(
            path, what or "a mailbox starts with a 'From ' line with a date", where="line 1"
        )
    return data


def _thread_of(data: bytes, path: Path) -> Thread:
    """The messages of mailbox bytes (from `_mailbox_bytes`), threaded."""
    messages, warnings, skipped = read_messages(data)
    if not messages:
        raise ArchiveError(path, "no readable message in the mailbox", where="line 1")
    return build_thread(
        messages, name=path.name, format="mbox", source=str(path), skipped=skipped,
        warnings=warnings,
    )  # fmt: skip


FORMAT = Format(
    "mbox", "mbox mailbox (mboxo/mboxrd, .gz too), threaded by references", sniff, load, preview
)
