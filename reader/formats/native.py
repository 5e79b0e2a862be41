"""Our own loss-free JSON (`thread-reader export --to json`): reads back exactly what it wrote."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from reader.export import JSON_FORMAT
from reader.formats import ArchiveError, Format, read_bytes
from reader.formats.jsondoc import close_head
from reader.formats.jsonstream import read_object
from reader.formats.jsontext import identity_object, parse_json
from reader.model import KINDS, Comment, Thread, from_preorder


def sniff(head: bytes, path: Path) -> int:
    start = head.lstrip()[:300]
    return 100 if start.startswith(b"{") and JSON_FORMAT.encode() in start else 0


def _comment(record: Any, index: int, path: Path) -> Comment:
    """The Comment of `$.comments[index]` (the hot path: one lookup per field)."""
    get = record.get if isinstance(record, dict) else None
    if get is None or not isinstance(get("id"), str):
        raise ArchiveError(path, "expected an object with a string id", where=_where(index))
    depth, kind, created = get("depth"), get("kind", "comment"), get("created")
    if not isinstance(depth, int) or depth < 0 or kind not in KINDS:
        raise ArchiveError(path, "bad depth or kind", where=_where(index))
    try:
        moment = datetime.fromisoformat(created) if isinstance(created, str) else None
    except ValueError:
        where = f"{_where(index)}.created"
        raise ArchiveError(path, f"bad date {created!r}", where=where) from None
    body, body_format, score, url, extra = (
        get("body"), get("body_format"), get("score"), get("url"), get("extra")
    )  # fmt: skip
    return Comment(
        record["id"],
        _text_or_none(get("parent_id")),
        _text_or_none(get("author")),
        moment,
        body if type(body) is str else str(body or ""),
        body_format if type(body_format) is str else str(body_format or "text"),
        kind,
        score if isinstance(score, int) else None,
        url if isinstance(url, str) else None,
        {str(k): str(v) for k, v in extra.items()} if extra and isinstance(extra, dict) else None,
        depth,
    )


def _where(index: int) -> str:
    return f"$.comments[{index}]"


def _text_or_none(value: Any) -> str | None:
    """A string field as written; anything else (a list, a number) read as missing."""
    return value if isinstance(value, str) else None


def _count(value: Any) -> int:
    """A count field: a non-negative int, anything else read as 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def load(path: Path) -> Thread:
    """The file read a comment at a time, each record made its Comment as soon as it is
    parsed (the text and the records of a big file never exist whole beside the model), or
    whole when that cannot be (`read_object` says which)."""

    def comment(record: Any, index: int) -> Comment:
        return _comment(record, index, path)

    streamed = read_object(path, "comments", comment)
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
    comments = [_comment(record, index, path) for index, record in enumerate(records)]
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
    if comments[0].depth != 0:
        raise ArchiveError(path, "the first comment must be at depth 0", where="$.comments[0]")
    for index in range(1, len(comments)):
        depth = comments[index].depth
        if depth == 0 or depth > comments[index - 1].depth + 1:
            where = f"$.comments[{index}].depth"
            raise ArchiveError(path, "depth does not follow pre-order", where=where)
    return from_preorder(
        str(meta.get("title") or ""),
        str(meta.get("source_format") or "native"),
        str(path),
        comments,
        thread_id=str(meta.get("id") or "") or None,
        skipped=_count(meta.get("skipped")),
        furniture_lines=_count(meta.get("furniture_lines")),
    )


FORMAT = Format("native", "thread-reader's own JSON export (thread-reader/1)", sniff, load, preview)
