"""Export notes and bookmarks (Markdown for people, JSON that round-trips) and import them back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.annotations import locate
from reader.export import _md_escape
from reader.model import Thread, one_line
from reader.store import Anchor, Bookmark, Note, Store

NOTES_FORMAT = "thread-reader-notes/1"


class NotesFileError(Exception):
    """An import file that is not a notes export; `str()` is one line naming file and place."""

    def __init__(self, path: str | Path, what: str, where: str = "$"):
        self.path = str(path)
        super().__init__(f"{self.path}: {where}: {what}")


@dataclass
class ThreadNotes:
    """The notes and bookmarks of one thread, as exported."""

    id: str
    title: str
    format: str
    path: str | None
    notes: list[Note] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    orphans: set[str] = field(default_factory=set)  # comment ids not found in the given copy
    copy: str = "this copy of the thread"  # the copy `orphans` were looked for in


def collect(store: Store, thread: Thread | None = None) -> list[ThreadNotes]:
    """Everything to export: all threads, or the one `thread` (placed on that copy of it)."""
    key = None
    if thread is not None:
        key = store.find_key(thread)
        if key is None:
            return [ThreadNotes(thread.id, thread.title, thread.format, thread.source)]
    groups: dict[str, ThreadNotes] = {}

    def group(thread_id: str, title: str, path: str | None) -> ThreadNotes:
        if thread_id not in groups:
            record = store.thread(thread_id)
            fmt = record.format if record else ""
            groups[thread_id] = ThreadNotes(thread_id, title, fmt, path)
        return groups[thread_id]

    for note in store.notes(key):
        group(note.thread_id, note.thread_title, note.thread_path).notes.append(note)
    for bookmark in sorted(store.bookmarks(key), key=lambda b: b.anchor.position):
        group(bookmark.thread_id, bookmark.thread_title, bookmark.thread_path).bookmarks.append(
            bookmark
        )
    result = list(groups.values())
    if thread is None:  # marked as the copy of each thread last opened found them
        for entry in result:
            entry.orphans = store.orphans(entry.id)
            entry.copy = "the copy of the thread last opened"
    elif not result:
        return [ThreadNotes(key or thread.id, thread.title, thread.format, thread.source)]
    else:
        _place(result[0], thread)
    return result


def _place(entry: ThreadNotes, thread: Thread) -> None:
    """Bring positions up to the given copy of the thread; remember what it does not hold."""
    anchors = [n.anchor for n in entry.notes] + [b.anchor for b in entry.bookmarks]
    found = locate(thread, anchors)
    entry.orphans = {a.comment_id for a in anchors if a.comment_id not in found}

    def moved(anchor: Anchor) -> Anchor:
        index = found.get(anchor.comment_id)
        return anchor if index is None else replace(anchor, position=index)

    entry.notes = sorted(
        (replace(n, anchor=moved(n.anchor)) for n in entry.notes), key=lambda n: n.anchor.position
    )
    entry.bookmarks = [replace(b, anchor=moved(b.anchor)) for b in entry.bookmarks]


# JSON.


def _anchor_json(anchor: Anchor) -> dict[str, Any]:
    return {
        "comment_id": anchor.comment_id,
        "position": anchor.position,
        "author": anchor.author,
        "date": anchor.comment_date,
        "excerpt": anchor.excerpt,
    }


def to_json(groups: list[ThreadNotes]) -> str:
    threads = []
    for entry in groups:
        notes = [
            {
                **_anchor_json(n.anchor),
                "text": n.text,
                "created": n.created_at,
                "updated": n.updated_at,
                **({"orphaned": True} if n.anchor.comment_id in entry.orphans else {}),
            }
            for n in entry.notes
        ]
        bookmarks = [
            {
                **_anchor_json(b.anchor),
                "created": b.created_at,
                **({"orphaned": True} if b.anchor.comment_id in entry.orphans else {}),
            }
            for b in entry.bookmarks
        ]
        threads.append(
            {
                "id": entry.id,
                "title": entry.title,
                "format": entry.format,
                "path": entry.path,
                "notes": notes,
                "bookmarks": bookmarks,
            }
        )
    document = {"format": NOTES_FORMAT, "threads": threads}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _text(record: dict[str, Any], name: str, where: str, path: Path, optional: bool = False) -> Any:
    value = record.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise NotesFileError(path, f"{name!r} should be a string", f"{where}.{name}")
    return value


def _read_anchor(record: Any, where: str, path: Path) -> Anchor:
    if not isinstance(record, dict):
        raise NotesFileError(path, "expected an object", where)
    position = record.get("position")
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise NotesFileError(path, "'position' should be a whole number", f"{where}.position")
    return Anchor(
        _text(record, "comment_id", where, path),
        position,
        _text(record, "author", where, path, optional=True),
        _text(record, "date", where, path, optional=True),
        _text(record, "excerpt", where, path),
    )


def _stamp(record: dict[str, Any], name: str, where: str, path: Path) -> str:
    value = _text(record, name, where, path)
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise NotesFileError(path, f"bad date {value!r}", f"{where}.{name}") from None
    return str(value)


def parse_json(text: str, path: Path) -> list[ThreadNotes]:
    """Read a notes export; NotesFileError names the place of the first fault."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise NotesFileError(path, error.msg, where) from None
    if not isinstance(document, dict) or document.get("format") != NOTES_FORMAT:
        raise NotesFileError(path, f'"format" is not "{NOTES_FORMAT}"', "$.format")
    threads = document.get("threads")
    if not isinstance(threads, list):
        raise NotesFileError(path, "'threads' should be a list", "$.threads")
    groups = []
    for number, record in enumerate(threads):
        where = f"$.threads[{number}]"
        if not isinstance(record, dict):
            raise NotesFileError(path, "expected an object", where)
        thread_id = _text(record, "id", where, path)
        entry = ThreadNotes(
            thread_id,
            _text(record, "title", where, path),
            _text(record, "format", where, path),
            _text(record, "path", where, path, optional=True),
        )
        for kind in ("notes", "bookmarks"):
            if not isinstance(record.get(kind, []), list):
                raise NotesFileError(path, f"{kind!r} should be a list", f"{where}.{kind}")
        for index, item in enumerate(record.get("notes", [])):
            at = f"{where}.notes[{index}]"
            anchor = _read_anchor(item, at, path)
            entry.notes.append(
                Note(
                    thread_id,
                    anchor,
                    _text(item, "text", at, path),
                    _stamp(item, "created", at, path),
                    _stamp(item, "updated", at, path),
                )
            )
        for index, item in enumerate(record.get("bookmarks", [])):
            at = f"{where}.bookmarks[{index}]"
            anchor = _read_anchor(item, at, path)
            entry.bookmarks.append(Bookmark(thread_id, anchor, _stamp(item, "created", at, path)))
        groups.append(entry)
    return groups


def import_json(store: Store, path: Path) -> dict[str, int]:
    """Merge a JSON export into the store without duplicates (one transaction); the counts."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise NotesFileError(path, error.strerror or str(error)) from None
    groups = parse_json(text, path)
    return store.merge(
        [(g.id, g.title, g.format, g.path) for g in groups],
        [n for g in groups for n in g.notes],
        [b for g in groups for b in g.bookmarks],
    )


# Markdown.


def _when(stamp: str | None) -> str:
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _heading(kind: str, anchor: Anchor, orphaned_in: str | None) -> str:
    parts = [kind, f"comment #{anchor.position}", f"**{_md_escape(anchor.author or 'anonymous')}**"]
    if anchor.comment_date:
        parts.append(_when(anchor.comment_date))
    if orphaned_in:
        parts.append(f"(not found in {orphaned_in})")
    return "### " + " · ".join(parts)


def _quote(excerpt: str) -> str:
    return "> " + one_line(excerpt) if excerpt.strip() else "> (empty comment)"


def to_markdown(groups: list[ThreadNotes]) -> str:
    lines = ["# Notes and bookmarks", ""]
    if not any(g.notes or g.bookmarks for g in groups):
        lines += ["No notes or bookmarks yet.", ""]
    for entry in groups:
        if not (entry.notes or entry.bookmarks):
            continue
        lines += [f"## {_md_escape(entry.title or entry.id)}", ""]
        if entry.path:
            lines += [f"File: `{entry.path}`", ""]
        for note in entry.notes:
            lost = entry.copy if note.anchor.comment_id in entry.orphans else None
            lines += [_heading("Note", note.anchor, lost), "", _quote(note.anchor.excerpt), ""]
            lines += [*note.text.rstrip().splitlines(), ""]
            lines += [f"*noted {_when(note.created_at)}, edited {_when(note.updated_at)}*", ""]
        for bookmark in entry.bookmarks:
            lost = entry.copy if bookmark.anchor.comment_id in entry.orphans else None
            lines += [_heading("Bookmark", bookmark.anchor, lost), ""]
            lines += [_quote(bookmark.anchor.excerpt), ""]
    return "\n".join(lines).rstrip() + "\n"
