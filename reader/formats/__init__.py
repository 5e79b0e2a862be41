"""Archive formats: the registry, content sniffing and the one entry point, `load`.

Each format is a module in this package exposing `FORMAT`, a `Format` whose `sniff` scores the
first bytes of a file (0 = not mine, 100 = certainly mine) and whose `load` builds a Thread.
"""

from __future__ import annotations

import gc
import gzip
import importlib
import io
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.model import Thread
from reader.text_forms import size

SNIFF_BYTES = 64 * 1024
PREVIEW_BYTES = 256 * 1024  # a few hundred comments: more than a screen of them
MEMORY_PER_BYTE = 3  # peak memory of a load per byte of archive (benchmarks/README.md)
GUNZIP_CHUNK = 1024 * 1024

_listeners = threading.local()  # each loading thread its own: an abandoned load tells nobody


def set_progress(callback: Callable[[float], None] | None) -> None:
    """Have `callback` told how far a load on this thread has got (None: nobody)."""
    _listeners.progress = callback


def progress(fraction: float) -> None:
    """Importers may call this now and then with the share of the file read so far (0..1).

    Cheap when nobody listens; a listener is called on the loading thread and must only store
    the value. Calling it every few thousand items is plenty.
    """
    listener = getattr(_listeners, "progress", None)
    if listener is not None:
        listener(min(max(fraction, 0.0), 1.0))


def _json(head: bytes, path: Path) -> bool:
    return head.lstrip()[:1] in (b"{", b"[")


def _keys(*names: str) -> Callable[[bytes, Path], bool]:
    """A JSON head with at least one of these object keys (a sniffer needs one of them)."""
    key = re.compile(rb'"(?:%s)"\s*:' % "|".join(names).encode())
    return lambda head, path: _json(head, path) and key.search(head) is not None


def _markup(head: bytes, path: Path) -> bool:
    start = head.lstrip()[:1024]
    return start[:1] == b"<" or b"<html" in start.lower()


def _mail(head: bytes, path: Path) -> bool:
    """An envelope line first (after a BOM and blank lines)."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n \t").startswith(b"From ")


def _folder(head: bytes, path: Path) -> bool:
    return path.is_dir()


_NOT_TEXT = re.compile(rb'[\[{]\s*["{\[\]}]|<|From ')  # a JSON document, markup or an mbox


def _text(head: bytes, path: Path) -> bool:
    start = head.lstrip()
    return bool(start) and not _NOT_TEXT.match(start)


# Modules in sniffing-priority order (a tie goes to the earlier one), each with what a head
# must look like for its sniffer to claim it (JSON, a JSON key the sniffer needs, markup, an
# envelope line, a folder, text): a cheap test, so that sniffing a file imports only the
# modules that may claim it (importing all of them cost the first frame some 20 ms). A
# module's test must pass wherever its sniffer scores above 0 (tests/test_sniffing.py).
_MODULES: dict[str, Callable[[bytes, Path], bool]] = {
    "saved": _json,
    "native": _json,
    "reddit": _json,
    "hackernews": _keys("created_at_i", "story_id", "points", "time", "text"),
    "lobsters": _keys("short_id"),
    "discourse": _keys("post_stream", "cooked"),
    "mastodon": _keys("ancestors", "descendants", "in_reply_to_id"),
    "wordpress_rest": _keys("post"),
    "wxr": _markup,
    "wordpress_html": _markup,
    "mbox": _mail,
    "maildir": _folder,
    "text": _text,
}


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while an archive is read.

    Parsed documents and the model hold no reference cycles, yet the collector re-scans the
    growing heap again and again while they are built: about a third of a large load.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ArchiveError(Exception):
    """A file that cannot be read as a thread: one line naming the file, format, place and fault."""

    def __init__(self, path: str | Path, what: str, *, format: str | None = None, where: str = ""):
        self.path = str(path)
        self.what = what
        self.format = format
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.path]
        if self.format:
            parts.append(f"as {self.format}")
        if self.where:
            parts.append(self.where)
        return ": ".join(parts) + f": {self.what}"


@dataclass(frozen=True)
class Format:
    """`preview`, where a format has one, builds a thread of the archive's first comments from
    its first bytes (`head`, cut anywhere): the same comments, with the same ids, that `load`
    puts first, as far as the format allows. The app shows it while `load` reads the rest.

    `build`, where a format has one, makes the thread of a document already parsed: the
    object (dict or list) a JSON format reads, or the text (str) a format of text reads, with
    `path` for messages and the thread's source. A file saved from the web
    (reader/formats/saved.py) hands it the site's document it keeps.
    """

    name: str
    description: str
    sniff: Callable[[bytes, Path], int]
    load: Callable[[Path], Thread]
    preview: Callable[[Path, bytes], Thread] | None = None
    build: Callable[[Any, Path], Thread] | None = None


def formats() -> list[Format]:
    """Every registered format, in sniffing-priority order."""
    return [importlib.import_module(f"reader.formats.{name}").FORMAT for name in _MODULES]


def get_format(name: str) -> Format:
    for fmt in formats():
        if fmt.name == name:
            return fmt
    names = ", ".join(f.name for f in formats())
    raise KeyError(f"unknown format {name!r} (known: {names})")


def read_head(path: Path) -> bytes:
    """The first bytes of a file (decompressed if gzip), for sniffing."""
    if path.is_dir():
        return b""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(path, "rb") as handle:
                head = handle.read(SNIFF_BYTES)
        except (OSError, EOFError) as error:
            raise ArchiveError(path, f"broken gzip data ({error})") from None
    return head


def available_memory() -> int | None:
    """Bytes of memory the machine can give without swapping (None if it cannot tell)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def largest_archive() -> int | None:
    """The most bytes of archive text read at once: a load peaks near 3 times the text."""
    memory = available_memory()
    return None if memory is None else memory // MEMORY_PER_BYTE


def check_size(path: Path) -> None:
    """Refuse, naming its size, a file too large to read without swapping the machine."""
    limit = largest_archive()
    if limit is None or not path.is_file():
        return
    file_size = path.stat().st_size
    if file_size > limit:
        raise ArchiveError(path, f"the file is {size(file_size)}, {_too_much(limit)}")


def _too_much(limit: int) -> str:
    return f"more than the {size(limit)} this machine's free memory can read at once"


def read_bytes(path: Path) -> bytes:
    """The whole file, decompressed if it is gzip (at most `largest_archive` bytes of it)."""
    check_size(path)
    data = path.read_bytes()
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data, path)
    return data


def _gunzip(data: bytes, path: Path) -> bytes:
    """The decompressed data, refused once it grows past what can be read (a gzip bomb)."""
    limit = largest_archive()
    pieces: list[bytes] = []
    total = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
            while piece := unpacked.read(GUNZIP_CHUNK):
                total += len(piece)
                if limit is not None and total > limit:
                    what = f"decompresses to {_too_much(limit)} (from {size(len(data))} of gzip)"
                    raise ArchiveError(path, what)
                pieces.append(piece)
    except (OSError, EOFError) as error:
        raise ArchiveError(path, f"broken gzip data ({error})") from None
    return b"".join(pieces)


def decode(data: bytes) -> str:
    """UTF-8 text with a BOM dropped; invalid bytes become U+FFFD, never an error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="replace")


def looks_binary(head: bytes) -> bool:
    return b"\x00" in head[:8192]


def detect(path: Path) -> Format:
    """The format whose sniffer scores the file highest; an ArchiveError if none claims it."""
    head = read_head(path)
    if not path.is_dir():
        if not head.strip():
            raise ArchiveError(path, "the file is empty")
        if looks_binary(head):
            raise ArchiveError(path, "this is a binary file, not a thread archive")
    best = sniff_format(head, path)
    if best is None and path.is_dir():
        from reader.formats.maildir import not_a_maildir

        raise ArchiveError(path, not_a_maildir(path))
    if best is None:
        raise ArchiveError(path, "not a thread archive in any known format (see `formats`)")
    return best[1]


def candidates(head: bytes, path: Path) -> Iterator[Format]:
    """The formats that may claim these first bytes, in sniffing-priority order: only their
    modules are imported."""
    for name, may_claim in _MODULES.items():
        if may_claim(head, path):
            yield importlib.import_module(f"reader.formats.{name}").FORMAT


def sniff_format(head: bytes, path: Path) -> tuple[int, Format] | None:
    """The format whose sniffer scores these first bytes highest, with its score (None: no
    format claims them)."""
    best: tuple[int, Format] | None = None
    for fmt in candidates(head, path):
        score = fmt.sniff(head, path)
        if score > 0 and (best is None or score > best[0]):
            best = (score, fmt)
    return best


def load(path: str | Path, format: str | None = None) -> Thread:
    """Read the archive at `path` as `format` (sniffed from its content when None)."""
    path = Path(path)
    if not path.exists():
        raise ArchiveError(path, "no such file")
    try:
        check_size(path)
        fmt = get_format(format) if format else detect(path)
    except KeyError as error:
        raise ArchiveError(path, str(error.args[0])) from None
    except PermissionError:
        raise ArchiveError(path, "permission denied") from None
    except IsADirectoryError:
        raise ArchiveError(path, "is a folder, not a thread archive") from None
    try:
        with collector_paused():
            return fmt.load(path)
    except ArchiveError as error:
        if error.format is None:
            error.format = fmt.name
        raise
    except PermissionError:
        raise ArchiveError(path, "permission denied", format=fmt.name) from None
    except IsADirectoryError:
        raise ArchiveError(path, "is a folder", format=fmt.name) from None
    except OSError as error:
        raise ArchiveError(path, error.strerror or str(error), format=fmt.name) from None
    except RecursionError:
        raise ArchiveError(path, "nesting too deep to read", format=fmt.name) from None


PREVIEW_MIN_BYTES = 16 * 1024 * 1024  # below this the whole file is read in a few tenths


def load_preview(
    path: Path, format: str | None = None, min_bytes: int = PREVIEW_MIN_BYTES
) -> Thread | None:
    """The thread of the first comments of a large plain archive, or None.

    Built from the first PREVIEW_BYTES, cut wherever they end (inside a first reply with
    thousands below it too), or 16 times as many when those hold no comment (a long post).
    None for small, compressed or unreadable files,
    for formats without a preview and for a head that makes no thread: a preview never fails,
    `load` reports what is wrong.
    """
    try:
        if not path.is_file() or path.stat().st_size < min_bytes:
            return None
        fmt = get_format(format) if format else detect(path)
        if fmt.preview is None:
            return None
        for size in (PREVIEW_BYTES, 16 * PREVIEW_BYTES):
            thread = _preview_from(path, fmt.preview, size)
            if thread is not None:
                return thread
    except Exception:  # whatever a cut-off head does, the full load says it better
        return None
    return None


def _preview_from(path: Path, preview: Callable[[Path, bytes], Thread], size: int) -> Thread | None:
    with path.open("rb") as handle:
        head = handle.read(size)
    if head.startswith(b"\x1f\x8b"):
        return None
    try:
        with collector_paused():
            thread = preview(path, head)
    except (ArchiveError, ValueError):
        return None
    return thread if len(thread) > 1 else None
