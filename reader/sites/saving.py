"""Saving a thread from its URL into a file, and refreshing a saved file from its URL.

The file is the site's document inside a small envelope (see reader/formats/saved.py), written
to a temporary file beside its place and renamed over it only when whole: an interrupted save
leaves nothing half-written and never harms the copy already there.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from reader.formats import ArchiveError, load
from reader.formats.saved import MARK, VERSION, read_thread, saved_url
from reader.model import Thread
from reader.sites import site_for
from reader.sites.base import Client, FetchError, FetchOptions, Saved
from reader.store import data_dir
from reader.text_forms import number, plural

COUNTED = frozenset({"post", "archive", "more"})  # not comments: the post, roots and stubs


def library_folder(explicit: str | Path | None = None) -> Path:
    """Where saved threads go: `threads/` in the data folder (--data-dir, THREAD_READER_HOME)."""
    return data_dir(explicit) / "threads"


def slug(title: str, most: int = 60) -> str:
    """A title as a file-name part: lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:most].rstrip("-") or "thread"


def file_name(saved: Saved) -> str:
    ident = re.sub(r"[^A-Za-z0-9_.-]+", "_", saved.thread_id)[:80]
    return f"{saved.site}-{ident}-{slug(saved.title)}.json"


def envelope(saved: Saved, moment: datetime | None = None) -> dict[str, object]:
    """The saved file's content: what it is and where from first, the document last."""
    when = (moment or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    return {
        MARK: VERSION,
        "site": saved.site,
        "format": saved.format,
        "url": saved.url,
        "saved": when,
        "complete": saved.complete,
        "document": saved.document,
    }


def write_whole(path: Path, data: bytes, check: Callable[[Path], None] | None = None) -> None:
    """Write `data` at `path` through a temporary file renamed when whole (never half a file);
    `check` may look at the temporary file first, and raise to keep the old copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        if check is not None:
            check(Path(temporary))
        os.replace(temporary, path)
    except BaseException:  # ctrl+c too: the temporary file goes, the old copy stays
        Path(temporary).unlink(missing_ok=True)
        raise


def _default_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@dataclass(frozen=True)
class Result:
    """A thread saved: where, how many comments, how many of them new (refresh), complete."""

    path: Path
    saved: Saved
    comments: int
    new: int | None = None
    gone: int | None = None


def download(
    url: str, client: Client, options: FetchOptions, site_name: str | None = None
) -> Saved:
    """The whole thread behind `url` (the site found from it, or named)."""
    site, canonical = site_for(url, site_name)
    return site.fetch(canonical, client, options)


def store(saved: Saved, path: Path) -> Thread:
    """Write `saved` at `path`, once its importer has read it whole; the thread read."""
    data = json.dumps(envelope(saved), ensure_ascii=False).encode("utf-8")
    read_back: list[Thread] = []

    def check(temporary: Path) -> None:
        try:
            read_back.append(load(temporary))
        except ArchiveError as error:
            what = f"{saved.url}: the thread downloaded cannot be read: {error.what}"
            raise FetchError(what) from None

    write_whole(path, data, check)
    thread = read_back[0]
    thread.source = str(path)
    return thread


def save(
    url: str,
    client: Client,
    options: FetchOptions,
    *,
    output: Path | None = None,
    folder: Path | None = None,
    site_name: str | None = None,
) -> Result:
    """Download the thread at `url` and write it (at `output`, else in `folder`)."""
    saved = download(url, client, options, site_name)
    if output is not None and output.is_dir():
        folder, output = output, None
    path = output if output is not None else (folder or library_folder()) / file_name(saved)
    thread = store(saved, path)
    return Result(path, saved, comment_count(thread))


def refresh(path: Path, client: Client, options: FetchOptions) -> Result:
    """Download again the thread `path` was saved from and replace it once the new one is whole;
    how many comments the old copy did not hold, and how many of its are gone."""
    if saved_url(path) is None:
        what = "no such file" if not path.exists() else "not a thread saved from the web"
        raise FetchError(f"{path}: {what} (`thread-reader save URL` saves one refresh can update)")
    try:
        kept, old = read_thread(path)
    except ArchiveError as error:
        raise FetchError(str(error)) from None
    saved = download(kept.url, client, options, kept.site)
    thread = store(saved, path)
    before = comment_ids(old)
    after = comment_ids(thread)
    return Result(
        path, saved, comment_count(thread), new=len(after - before), gone=len(before - after)
    )


def refresh_summary(result: Result) -> str:
    """`3 new comments (120 comments in all, 1 gone)`."""
    parts = [f"{plural(result.comments, 'comment')} in all"]
    if result.gone:
        parts.append(f"{number(result.gone)} gone")
    if not result.saved.complete:
        parts.append("some replies not fetched")
    return f"{plural(result.new or 0, 'new comment')} ({', '.join(parts)})"


def comment_ids(thread: Thread) -> set[str]:
    return {c.id for c in thread.comments if c.kind not in COUNTED}


def comment_count(thread: Thread) -> int:
    return sum(1 for c in thread.comments if c.kind not in COUNTED)
