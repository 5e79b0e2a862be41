"""Maildir folders: a folder with cur/ and new/ (and tmp/), one message per file."""

from __future__ import annotations

from pathlib import Path

from reader.formats import ArchiveError, Format, read_bytes
from reader.formats.mail import BrokenMessage, Message, parse_message
from reader.formats.mailthread import build_thread
from reader.model import Thread

WARNINGS_KEPT = 20


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def not_a_maildir(path: Path) -> str:
    """Why the folder at `path` is not a Maildir, naming the sub-folders it lacks."""
    missing = [f"{name}/" for name in ("cur", "new") if not (path / name).is_dir()]
    if len(missing) == 2:
        return "a folder without cur/, new/ or tmp/ inside: not a Maildir, nor any archive"
    return f"a folder without {missing[0]}: a Maildir holds cur/, new/ and tmp/"


def sniff(head: bytes, path: Path) -> int:
    return 100 if is_maildir(path) else 0


def message_files(path: Path) -> list[Path]:
    """The message files of new/ and cur/, in name order (delivery order for most writers)."""
    files = [
        entry
        for folder in ("new", "cur")
        for entry in (path / folder).iterdir()
        if entry.is_file() and not entry.name.startswith(".")
    ]
    return sorted(files, key=lambda entry: entry.name)


def _read_file(entry: Path, index: int) -> Message:
    data = read_bytes(entry)
    if b"\r\n" in data:
        data = data.replace(b"\r\n", b"\n")
    envelope = ""
    if data.startswith(b"From "):  # some tools keep the mbox envelope line
        line, _, data = data.partition(b"\n")
        envelope = line.decode("latin-1")
    data = b"\n" + data
    return parse_message(data, 1, len(data), index, envelope=envelope, mboxrd=False)


def read_messages(path: Path) -> tuple[list[Message], list[str], int]:
    """Parse every message file; broken ones are counted, and the first few named."""
    messages: list[Message] = []
    warnings: list[str] = []
    skipped = 0
    for entry in message_files(path):
        try:
            messages.append(_read_file(entry, len(messages)))
        except BrokenMessage as error:
            skipped += 1
            if len(warnings) < WARNINGS_KEPT:
                warnings.append(f"{entry.parent.name}/{entry.name} skipped: {error}")
    if skipped > len(warnings):
        warnings.append(f"... {skipped - len(warnings)} more broken messages skipped")
    return messages, warnings, skipped


def load(path: Path) -> Thread:
    if not is_maildir(path):
        raise ArchiveError(path, not_a_maildir(path) if path.is_dir() else "not a folder")
    messages, warnings, skipped = read_messages(path)
    if not messages:
        what = "no readable message in cur/ or new/"
        raise ArchiveError(path, what if skipped else "the Maildir holds no messages")
    return build_thread(
        messages, name=path.resolve().name, format="maildir", source=str(path),
        skipped=skipped, warnings=warnings,
    )  # fmt: skip


FORMAT = Format("maildir", "Maildir folder (cur/ new/ tmp/), threaded by references", sniff, load)
