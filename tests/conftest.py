"""Shared test helpers: the corpus location and a loss-free round trip through our JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.export import to_json
from reader.formats import load
from reader.model import Thread

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_file(relative: str) -> Path:
    """A file of the shared corpus; the test is skipped when the corpus is absent."""
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"corpus file {relative} not present (needs /work/shared/corpus)")
    return path


def tree(thread: Thread) -> list[tuple[object, ...]]:
    """Everything a comment holds, in pre-order: what a round trip must keep."""
    return [
        (c.id, c.parent_id, c.depth, c.subtree_size, c.kind, c.author, c.created, c.body,
         c.body_format, c.score, c.url, c.extra)
        for c in thread.comments
    ]  # fmt: skip


def round_trip(thread: Thread, folder: Path) -> Thread:
    """The thread exported to our JSON and loaded back (sniffed, not named)."""
    target = folder / "exported.json"
    target.write_text(to_json(thread), encoding="utf-8")
    return load(target)


def assert_round_trip(thread: Thread, folder: Path) -> None:
    again = round_trip(thread, folder)
    assert (again.id, again.title, again.skipped) == (thread.id, thread.title, thread.skipped)
    assert tree(again) == tree(thread)


def info_counts(thread: Thread) -> tuple[dict[str, int], int, int]:
    """The figures `info --json` reports: kinds, how many authors, deepest level."""
    return thread.kind_counts(), len(thread.authors()), thread.max_depth()
