"""One mail message from its raw bytes: the few headers threading needs and a readable body.

Fast on purpose (a mailbox may hold 100,000 messages): the headers that matter are picked from
the header block with one regular expression instead of a full RFC 5322 parse, dates are read
with another (falling back to `email.utils`), and MIME is walked here on bytes: text/plain parts
preferred, text/html converted, quoted-printable and base64 decoded, charsets honoured, invalid
bytes replaced. Encoded words (RFC 2047) in headers and RFC 2231 file names are decoded too.
"""

from __future__ import annotations

import binascii
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_tz
from functools import lru_cache, partial
from sys import intern
from urllib.parse import unquote_to_bytes

from reader.formats.html import html_to_text
from reader.model import BodySource

# Only the names ignore case: a case-insensitive value pattern would be twice as slow.
_CONTENT_HEADER = re.compile(
    rb"\n((?i:content-type|content-transfer-encoding|content-disposition))[ \t]*:[ \t]*"
    rb"([^\n]*(?:\n[ \t][^\n]*)*)"
)
_THREAD_HEADER = re.compile(
    rb"\n((?i:message-id|in-reply-to|references|subject|from|date))[ \t]*:[ \t]*"
    rb"([^\n]*(?:\n[ \t][^\n]*)*)"
)
FIELD = re.compile(rb"[!-9;-~]+[ \t]*:")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?)")
_MSGID = re.compile(r"<([^<>\s]+)>")
_BARE_ID = re.compile(r"[^<>\s@]+@[^<>\s@]+")
_PARAM = re.compile(r';\s*([\w*.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))', re.ASCII)
_MBOXRD_QUOTE = re.compile(rb"^>(>*From )", re.M)
_DATE = re.compile(
    r"(?:[A-Za-z]{3},?\s*)?(\d{1,2})[\s-]+([A-Za-z]{3})[a-z]*[\s-]+(\d{2,4})\s+"
    r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:([+-])(\d\d):?(\d\d)|\(?([A-Za-z]{1,5})\)?)?"
)
_USUAL_DATE = re.compile(
    rb"(?:[A-Z][a-z]{2}, )?(\d\d?) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d) ([+-]\d{4})[ \t]*\Z"
)
_ASCTIME = re.compile(
    r"[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(?:\S+\s+)?(\d{4})"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MONTH_BYTES = {name.title().encode(): number for name, number in _MONTHS.items()}
_NUMBERS = {b"%d" % n: n for n in range(60)} | {b"%02d" % n: n for n in range(60)}
_ZONES = {
    "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "met": 60, "cet": 60,
    "mest": 120, "cest": 120, "eet": 120, "est": -300, "edt": -240, "cst": -360, "cdt": -300,
    "mst": -420, "mdt": -360, "pst": -480, "pdt": -420, "jst": 540,
}  # fmt: skip
_LATIN1 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1"}
_UTC = timezone.utc
_SIGNATURES = {
    "application/pgp-signature", "application/pkcs7-signature", "application/x-pkcs7-signature"
}  # fmt: skip


@dataclass(slots=True)
class Message:
    """What threading and the reader need from one message."""

    index: int
    message_id: str | None
    references: list[str]
    subject: str
    author: str | None
    created: datetime | None
    body: int  # where the message is in its mailbox's bytes, read by `bodies` (`body_at`)
    bodies: BodySource
    digest: str
    extra: dict[str, str] = field(default_factory=dict)


class BrokenMessage(ValueError):
    """A chunk of a mailbox that is not a message (no header fields where they must be)."""


# Headers.


def header_fields(data: bytes, newline: int, end: int) -> dict[bytes, bytes]:
    """The first occurrence of each Content- header decoding needs, as raw bytes.

    The header block is `data[newline + 1 : end]`; `data[newline]` is the newline before it.
    Values may still be folded (hold `\\n` + blank): every reader of them treats that as space.
    """
    found = _CONTENT_HEADER.findall(data, newline, end)
    return {name.lower(): value for name, value in reversed(found)}


def header_text(raw: bytes) -> str:
    """A header value as text: 8-bit bytes as UTF-8 (else Windows-1252), encoded words decoded."""
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        text = _decode_8bit(raw)
    return decode_words(text) if "=?" in text else text


def decode_words(text: str) -> str:
    """Text with its RFC 2047 encoded words (`=?charset?B|Q?...?=`) decoded."""
    return _ENCODED_WORD.sub(_decode_word, _BETWEEN_WORDS.sub(r"\1", text))


def _decode_word(match: re.Match[str]) -> str:
    charset, encoding, payload = match.groups()
    raw = payload.encode("ascii", errors="replace")
    if encoding in "bB":
        data = transfer_decode(raw, b"base64")
    else:
        data = binascii.a2b_qp(raw, header=True)
    return decode_text(data, charset.split("*", 1)[0])


def _decode_8bit(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def message_ids(text: str) -> list[str]:
    """The `<id>`s of a References or In-Reply-To value, without brackets, in order."""
    found = _MSGID.findall(text)
    if not found and text and "<" not in text:
        found = _BARE_ID.findall(text)
    return found


def author_of(raw: bytes) -> tuple[str | None, str | None]:
    """Display name and address of a From value (`Name <addr>`, `addr (Name)` or `addr`)."""
    text = " ".join(header_text(raw).split())
    if not text:
        return None, None
    if "<" in text:
        name, _, rest = text.rpartition("<")
        address = rest.split(">", 1)[0].strip() or None
        name = name.strip().strip('"').replace('\\"', '"').strip()
        return name or address, address
    if "(" in text and text.endswith(")"):
        address, _, name = text[:-1].partition("(")
        address = address.strip()
        return name.strip().strip('"') or address or None, address or None
    return text, text


# Dates.


def parse_date(text: str) -> datetime | None:
    """An RFC 5322 date (and common deviations) as an aware UTC datetime, or None."""
    match = _DATE.search(text)
    if match is None:
        return _parse_date_slowly(text)
    day, month_name, year, hour, minute, second, sign, zh, zm, zone = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return _parse_date_slowly(text)
    number = int(year)
    if len(year) == 2:
        number += 2000 if number < 50 else 1900
    if sign:
        offset = (int(zh) * 60 + int(zm)) * (1 if sign == "+" else -1)
    else:
        offset = _ZONES.get(zone.lower(), 0) if zone else 0
    try:
        moment = datetime(
            number, month, int(day), int(hour), int(minute), int(second or 0), tzinfo=_UTC
        )
    except ValueError:
        return None
    return moment - timedelta(minutes=offset) if offset else moment


def _parse_date_slowly(text: str) -> datetime | None:
    parts = parsedate_tz(text)
    if parts is None:
        return None
    try:
        moment = datetime(*parts[:6])  # type: ignore[misc]
    except (TypeError, ValueError):
        return None
    return (moment - timedelta(seconds=parts[9] or 0)).replace(tzinfo=_UTC)


def parse_envelope_date(line: str) -> datetime | None:
    """The date of an mbox `From ` line (asctime, taken as UTC)."""
    match = _ASCTIME.search(line)
    if match is None:
        return None
    month_name, day, hour, minute, second, year = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    try:
        moment = datetime(int(year), month, int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    return moment.replace(tzinfo=_UTC)


# Bodies.


@lru_cache(maxsize=1024)
def content_type(raw: bytes | None) -> tuple[str, dict[str, str]]:
    """Media type (lower case, `text/plain` when absent or malformed) and its parameters.

    Cached (a mailbox repeats a few values); callers must not change the parameters.
    """
    if not raw:
        return "text/plain", {}
    text = raw.decode("latin-1")
    media = text.split(";", 1)[0].strip().lower()
    if "/" not in media:
        media = "text/plain" if media in ("", "text") else media + "/unknown"
    return media, _parameters(text)


def _parameters(text: str) -> dict[str, str]:
    """The `; key=value` parameters of a Content-Type or Content-Disposition value."""
    return {key.lower(): quoted or unquoted for key, quoted, unquoted in _PARAM.findall(text)}


def decode_text(data: bytes, charset: str | None) -> str:
    """Bytes in a declared charset as text; unknown charsets and invalid bytes never fail."""
    name = (charset or "").strip().strip("\"'").lower()
    if name in ("utf-8", "utf8"):
        return data.decode("utf-8", errors="replace")
    if not name or name in _LATIN1:
        # Undeclared or ASCII/Latin-1 labels: UTF-8 when it is valid, else Windows-1252
        # (what mislabelled Latin-1 mail nearly always is).
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            if name and name not in ("us-ascii", "ascii"):
                return data.decode("cp1252", errors="replace")
            return data.decode("utf-8", errors="replace")
    try:
        return data.decode(name, errors="replace")
    except (LookupError, UnicodeError, ValueError):  # unknown, or not a text codec ("base64")
        return data.decode("utf-8", errors="replace")


def transfer_decode(data: bytes, encoding: bytes | None) -> bytes:
    """Undo quoted-printable or base64; anything else is taken as it is."""
    name = (encoding or b"").strip().lower()
    if name == b"quoted-printable":
        return binascii.a2b_qp(data)
    if name == b"base64":
        for padding in (b"", b"==", b"="):
            try:
                return binascii.a2b_base64(data + padding)
            except binascii.Error:
                continue
        return b""
    return data


@dataclass(slots=True)
class _Part:
    fields: dict[bytes, bytes]
    body: bytes


def _part(raw: bytes) -> _Part:
    """A MIME part (or an enclosed message) from its bytes: header fields and body."""
    data = b"\n" + raw
    end = data.find(b"\n\n")
    if end < 0:
        return _Part(header_fields(data, 0, len(data)), b"")
    return _Part(header_fields(data, 0, end), data[end + 2 :])


def _subparts(body: bytes, boundary: str) -> list[bytes]:
    """The parts of a multipart body, between `--boundary` lines (preamble dropped)."""
    delimiter = b"\n--" + boundary.encode("latin-1", errors="replace")
    pieces = (b"\n" + body).split(delimiter)
    parts = []
    for piece in pieces[1:]:
        if piece.startswith(b"--"):
            break
        newline = piece.find(b"\n")
        parts.append(piece[newline + 1 :] if newline >= 0 else b"")
    return parts


def body_text(fields: dict[bytes, bytes], body: bytes) -> str:
    """The readable text of a message: plain parts, else converted HTML, plus attachment names."""
    plain: list[str] = []
    html: list[str] = []
    attachments: list[str] = []
    stack = [_Part(fields, body)]
    while stack:
        part = stack.pop()
        media, params = content_type(part.fields.get(b"content-type"))
        disposition = part.fields.get(b"content-disposition") or b""
        if media.startswith("multipart/") and params.get("boundary"):
            children = [_part(raw) for raw in _subparts(part.body, params["boundary"])]
            if media == "multipart/alternative":
                children = _best_alternative(children)
            stack.extend(reversed(children))
            continue
        if media == "message/rfc822":
            encoding = part.fields.get(b"content-transfer-encoding")
            stack.append(_part(transfer_decode(part.body, encoding)))
            continue
        name = params.get("name") or _file_name(disposition)
        is_attachment = disposition.lower().startswith(b"attachment")
        if media in ("text/plain", "text/html") and not is_attachment:
            data = transfer_decode(part.body, part.fields.get(b"content-transfer-encoding"))
            text = decode_text(data, params.get("charset"))
            (plain if media == "text/plain" else html).append(text)
        elif media not in _SIGNATURES:
            attachments.append(f"[attachment: {name or 'unnamed'} ({media})]")
    texts = plain or [html_to_text(text) for text in html]
    blocks = [text.strip("\n") for text in texts if text.strip()]
    if attachments:
        blocks.append("\n".join(attachments))
    return "\n\n".join(blocks)


def _best_alternative(children: list[_Part]) -> list[_Part]:
    """Of multipart/alternative parts, the plain text one if any, else the last (richest)."""
    for child in children:
        if content_type(child.fields.get(b"content-type"))[0] == "text/plain":
            return [child]
    return children[-1:]


def _file_name(disposition: bytes) -> str | None:
    """The file name of a Content-Disposition, RFC 2231 form (`filename*=utf-8''...`) too."""
    params = _parameters(disposition.decode("latin-1"))
    encoded = params.get("filename*")
    if encoded and encoded.count("'") >= 2:
        charset, _, value = encoded.split("'", 2)
        return decode_text(unquote_to_bytes(value), charset)
    return params.get("filename")


def _simple_body(fields: dict[bytes, bytes], body: bytes) -> str | None:
    """The body of a single-part text/plain message, without the MIME walk (the common case)."""
    raw_type = fields.get(b"content-type")
    charset = None
    if raw_type is not None:
        media, params = content_type(raw_type)
        if media != "text/plain":
            return None
        charset = params.get("charset")
    encoding = fields.get(b"content-transfer-encoding")
    return decode_text(body if encoding is None else transfer_decode(body, encoding), charset)


# The message.


def parse_message(
    data: bytes,
    start: int,
    end: int,
    index: int,
    *,
    envelope: str = "",
    mboxrd: bool = True,
    bodies: BodySource | None = None,
) -> Message:
    """A Message from `data[start:end]`, the bytes after an mbox `From ` line or a Maildir file.

    Line ends must be `\\n`, and `data[start - 1]` a newline (the end of the `From ` line).
    Only what threading and the tree need is read here: the body stays raw until first read
    (see `message_body`). `bodies`: `mailbox_bodies(data, mboxrd)`, made once a mailbox.
    """
    if start >= end or FIELD.match(data, start) is None:
        raise BrokenMessage("no header fields where the message should start")
    head_end = data.find(b"\n\n", start, end)
    if head_end < 0:
        head_end = end
    get = _thread_fields(_THREAD_HEADER.findall(data, start - 1, head_end)).get
    raw_from = get(b"From")
    author = _author_name(raw_from) if raw_from else None
    if author is None and envelope:
        sender = envelope.split(None, 2)
        author = sender[1] if len(sender) > 1 else None
    raw_id = get(b"Message-ID")
    ids = _message_ids(raw_id) if raw_id else []
    raw_references = get(b"References")
    references = _message_ids(raw_references) if raw_references else []
    raw_reply = get(b"In-Reply-To")
    if raw_reply and not (references and raw_reply == f"<{references[-1]}>".encode("latin-1")):
        reply_to = _message_ids(raw_reply)
        if reply_to and (not references or references[-1] != reply_to[0]):
            references.append(reply_to[0])
    raw_date = get(b"Date")
    created = _header_date(raw_date) if raw_date else None
    if created is None and envelope:
        created = parse_envelope_date(envelope)
    raw_subject = get(b"Subject")
    return Message(
        index,
        ids[0] if ids else None,
        references,
        _subject(raw_subject) if raw_subject else "",
        author,
        created,
        start << _SHIFT | end,  # one int: a tuple of three and its object took 220 bytes
        bodies or mailbox_bodies(data, mboxrd),
        "" if ids else hashlib.sha256(data[start:end]).hexdigest()[:16],
    )


_SPELLING = {
    name.lower(): name
    for name in (b"Message-ID", b"In-Reply-To", b"References", b"Subject", b"From", b"Date")
}
_USUAL_NAMES = frozenset((*_SPELLING.values(), b"Message-Id"))


def _thread_fields(found: list[tuple[bytes, bytes]]) -> dict[bytes, bytes]:
    """The first value of each threading header, keyed by its usual spelling (`Message-ID`)."""
    fields = dict(reversed(found))
    if fields.keys() <= _USUAL_NAMES:  # the common case, without a loop in Python
        if b"Message-Id" not in fields:
            return fields
        if b"Message-ID" not in fields:
            fields[b"Message-ID"] = fields.pop(b"Message-Id")
            return fields
    return {_SPELLING[name.lower()]: value for name, value in reversed(found)}


def _message_ids(raw: bytes) -> list[str]:
    """message_ids of a raw header value (ids are compared, not shown: Latin-1 keeps any byte).

    Interned: a reply's References repeat the ids of every message above it, and 100,000
    messages held 60 MB of copies of them.
    """
    text = raw.decode("latin-1")
    return list(map(intern, _MSGID.findall(text) or message_ids(text)))


@lru_cache(maxsize=1 << 15)
def _author_name(raw: bytes) -> str | None:
    """The display name of a From value (cached: a mailbox repeats a few thousand senders)."""
    return author_of(raw)[0]


@lru_cache(maxsize=1 << 15)
def _subject(raw: bytes) -> str:
    """A Subject value decoded, on one line (cached: a thread repeats its subject)."""
    return " ".join(header_text(raw).split())


def _header_date(raw: bytes) -> datetime | None:
    """A Date value: the usual `Mon, 04 Jan 2021 09:00:12 +0000` shape read directly."""
    match = _USUAL_DATE.match(raw)
    if match is None:
        return parse_date(raw.decode("latin-1"))
    day, month, year, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(
            int(year), _MONTH_BYTES[month], _NUMBERS[day], _NUMBERS[hour], _NUMBERS[minute],
            _NUMBERS[second], tzinfo=_UTC,
        )  # fmt: skip
    except (KeyError, ValueError):
        return parse_date(raw.decode("latin-1"))
    if zone == b"+0000" or zone == b"-0000":
        return moment
    offset = int(zone[1:3]) * 60 + int(zone[3:])
    return moment - timedelta(minutes=offset if zone[:1] == b"+" else -offset)


RawMessage = tuple[bytes, int, int, int, bool]
"""Where a message lies: the buffer, header start, header end, message end, mboxrd quoting."""


_SHIFT = 64  # a message's start and end in one int: start << _SHIFT | end


def mailbox_bodies(data: bytes, mboxrd: bool) -> BodySource:
    """The bodies of the messages of `data`, each read from its bytes when first shown."""
    return BodySource("text", partial(body_at, data, mboxrd))


def body_at(data: bytes, mboxrd: bool, where: int) -> str:
    """The readable body of the message `where` says (see parse_message) in `data`."""
    start, end = where >> _SHIFT, where & ((1 << _SHIFT) - 1)
    head_end = data.find(b"\n\n", start, end)
    return message_body((data, start, end if head_end < 0 else head_end, end, mboxrd))


def message_body(raw: RawMessage) -> str:
    """The readable body of a message (MIME walked, transfer encodings and charsets undone)."""
    data, start, head_end, end, mboxrd = raw
    fields = header_fields(data, start - 1, head_end)
    body = data[head_end + 2 : end]
    if mboxrd and b">From " in body:
        body = _MBOXRD_QUOTE.sub(rb"\1", body)
    text = _simple_body(fields, body)
    if text is None:
        text = body_text(fields, body)
    return _tidy_body(text)


def _tidy_body(text: str) -> str:
    """Line ends made `\\n`; blank lines at either end dropped; every other line kept as it is."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\n").rstrip()
