"""Pieces the web-forum importers share: times, the root of a several-thread file, bad items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.model import Comment, LazyText, short_hash

MISSING = "[not in this archive]"  # the body of a placeholder for an item the file lacks


def text_now(body: str | LazyText) -> str:
    """A body as text now: for the few items whose body is added to or replaced at load."""
    return body if isinstance(body, str) else body.convert(body.source)


def as_list(value: Any) -> list[Any]:
    """The value if it is a list, else an empty one (for optional arrays of untrusted JSON)."""
    return value if isinstance(value, list) else []


def from_epoch(value: Any) -> datetime | None:
    """An aware UTC datetime from Unix seconds; None when absent or not a sane number."""
    if type(value) is not int and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return None
    try:  # the zone given by position: by keyword the call takes twice as long
        return datetime.fromtimestamp(value, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def from_iso(value: Any) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 string (`Z` allowed; naive taken as UTC)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def wordpress_post_id(site_url: str, post_number: str) -> str | None:
    """`wordpress:HOST/?p=N`, a post's id that its WXR export and its saved page share."""
    host = urlsplit(site_url.strip()).hostname if site_url.strip() else None
    number = post_number.strip()
    if not (host and number.isascii() and number.isdigit()):
        return None
    return f"wordpress:{host}/?p={number}"


def archive_root(prefix: str, path: Path, thread_ids: list[str]) -> tuple[Comment, str]:
    """The `archive` root for a file of several threads, and a thread id that is not the path."""
    thread_id = f"{prefix}:archive:" + short_hash(*sorted(thread_ids))
    root = Comment(id=thread_id, parent_id=None, kind="archive", body="")
    root.add_extra("threads", str(len(thread_ids)))
    return root, thread_id


def date_key(moment: datetime | None) -> tuple[int, datetime]:
    """A sort key putting dated items in date order and undated ones last."""
    if moment is None:
        return (1, datetime.min.replace(tzinfo=timezone.utc))
    return (0, moment)


@dataclass
class Skips:
    """Items left out because they were unreadable: how many, and where the first few were."""

    count: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, where: str, why: str) -> None:
        self.count += 1
        if len(self.notes) < 20:
            self.notes.append(f"{where}: {why}")
