"""Our own loss-free JSON (`thread-reader export --to json`): reads back exactly what it wrote."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from reader.export import JSON_FORMAT
from reader.formats import ArchiveError, Format, read_bytes
from reader.formats.jsondoc import close_head
from reader.formats.jsonstream import read_object
from reader.formats.jsontext import identity_object, parse_json
from reader.model import (
    KINDS,
    Comment,
    PreorderError,
    Thread,
    clean_text,
    from_preorder,
)


def sniff(head: bytes, path: Path) -> int:
    start = head.lstrip()[:300]
    return 100 if start.startswith(b"{") and JSON_FORMAT.encode() in start else 0


# The fields of a comment as `export` writes them, every one of them always.
_KEYS = (
    "id parent_id depth kind author created score url body body_format extra"
).split()  # fmt: skip
_FIELDS = itemgetter(*_KEYS)
# Kinds and body formats as one string each: json makes every "comment" and "text" its own
# (about 110 bytes a comment).
_SHARED = {name: name for name in (*KINDS, "text", "markdown", "html")}


def _fields(record: Any) -> tuple[Any, ...] | None:
    """A record's `_KEYS` one at a time, None for a missing one ("comment" for its kind); None
    if it is not an object."""
    if not isinstance(record, dict):
        return None
    get = record.get
    return tuple(get(key, "comment" if key == "kind" else None) for key in _KEYS)


def _comment(path: Path, record: Any, index: int, plain: bool = False) -> Comment:
    """The Comment of `$.comments[index]`, its body cleaned unless it was read from plain text
    (`plain_json`). Its parent id is left for `from_preorder` to set from the depths."""
    try:  # the hot path: every field in one call
        fields = _FIELDS(record)
    except (KeyError, TypeError):  # a field missing, or not an object
        fields = _fields(record)
    if fields is None or not isinstance(fields[0], str):
        raise ArchiveError(path, "expected an object with a string id", where=_where(index))
    comment_id, _, depth, kind, author, created, score, url, body, body_format, extra = fields
    if not isinstance(depth, int) or depth < 0 or kind not in KINDS:
        raise ArchiveError(path, "bad depth or kind", where=_where(index))
    try:
        moment = datetime.fromisoformat(created) if isinstance(created, str) else None
    except ValueError:
        where = f"{_where(index)}.created"
        raise ArchiveError(path, f"bad date {created!r}", where=where) from None
    if type(body) is not str:
        body = str(body or "")
    if type(body_format) is not str:
        body_format = str(body_format or "text")
    return Comment(
        comment_id,
        None,
        author if isinstance(author, str) else None,
        moment,
        body if plain else clean_text(body),
        _SHARED.get(body_format, body_format),
        _SHARED[kind],
        score if isinstance(score, int) else None,
        url if isinstance(url, str) else None,
        {str(k): str(v) for k, v in extra.items()} if extra and isinstance(extra, dict) else None,
        depth,
    )


def _where(index: int) -> str:
    return f"$.comments[{index}]"


def _count(value: Any) -> int:
    """A count field: a non-negative int, anything else read as 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def load(path: Path) -> Thread:
    """The file read a comment at a time, each record made its Comment as soon as it is
    parsed (the text and the records of a big file never exist whole beside the model), or
    whole when that cannot be (`read_object` says which)."""

    streamed = read_object(path, "comments", partial(_comment, path), check_plain=True)
    if streamed is not None:
        return _thread(*_parts(streamed, path), path)
    # A hook, even one that changes nothing, lets json hand the interpreter to the app's
    # thread between objects: without one the app stands still while a big file is parsed
    # (4 s at a million comments), with one it answers keys on the preview (no slower).
    return _build(parse_json(read_bytes(path), path, identity_object), path)


def preview(path: Path, head: bytes) -> Thread:
    """The first comments, from the file's first bytes (the comments list comes last)."""
    closed = close_head(head)
    if closed is None:
        raise ArchiveError(path, "no whole comment in the first bytes")
    return _build(parse_json(closed, path), path)


def _build(document: Any, path: Path) -> Thread:
    meta, records = _parts(document, path)
    comments = [_comment(path, record, index) for index, record in enumerate(records)]
    return _thread(meta, comments, path)


def _parts(document: Any, path: Path) -> tuple[dict[str, Any], list[Any]]:
    """The thread object and the comments list of a document, checked."""
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        raise ArchiveError(path, f'"format" is not "{JSON_FORMAT}"', where="$.format")
    meta = document.get("thread")
    records = document.get("comments")
    if not isinstance(meta, dict) or not isinstance(records, list) or not records:
        raise ArchiveError(path, "needs a thread object and a non-empty comments list", where="$")
    return meta, records


def _thread(meta: dict[str, Any], comments: list[Comment], path: Path) -> Thread:
    """The Thread of the comments in file order, whose depths must follow pre-order (the
    bodies left as `_comment` cleaned them)."""
    try:
        return from_preorder(
            str(meta.get("title") or ""),
            str(meta.get("source_format") or "native"),
            str(path),
            comments,
            thread_id=str(meta.get("id") or "") or None,
            clean="fields",
            strict=True,
            skipped=_count(meta.get("skipped")),
            furniture_lines=_count(meta.get("furniture_lines")),
        )
    except PreorderError as error:
        if error.index == 0:
            where = "$.comments[0]"
            raise ArchiveError(path, "the first comment must be at depth 0", where=where) from None
        where = f"$.comments[{error.index}].depth"
        raise ArchiveError(path, "depth does not follow pre-order", where=where) from None


FORMAT = Format("native", "thread-reader's own JSON export (thread-reader/1)", sniff, load, preview)
