"""Shared fixtures: paths to our archives, the real corpus, a private home, round-trip helpers."""

from __future__ import annotations

import compileall
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from reader.export import to_json
from reader.formats import load
from reader.model import Thread

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEED = CORPUS / "text" / "post-industrial-production-economy.txt"

# Property tests run the examples their decorators ask for (`examples(n)`: n) on every run;
# `python -m pytest --hypothesis-profile thorough` runs ten times as many, for a longer look
# before a release or after changing an importer or the model (README, "Set up").
# No per-example deadline: on a loaded two-core machine an example that writes a file may take
# a second, and a deadline then fails a correct test (speed is measured in benchmarks/).
settings.register_profile("suite", deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile("suite")


def examples(count: int) -> int:
    """How many examples a property test runs: `count`, ten times that when thorough."""
    return count * settings().max_examples // 100


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data and config folders, never the user's."""
    home = tmp_path / "home"
    monkeypatch.setenv("THREAD_READER_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLORTERM", "truecolor")  # a 24-bit terminal unless a test says not
    monkeypatch.delenv("THREAD_READER_CONFIG", raising=False)
    return home


@pytest.fixture
def seed() -> Path:
    if not SEED.exists():
        pytest.skip(f"corpus not present at {CORPUS}")
    return SEED


@pytest.fixture
def utc() -> Iterator[None]:
    """Local time is UTC during the test: dates show in local time, pictures must not vary."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def corpus_file(relative: str) -> Path:
    """A file of the shared corpus; the test is skipped when the corpus is absent."""
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"corpus file {relative} not present (needs {CORPUS})")
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


@pytest.fixture
def replay_server() -> Iterator[object]:
    """A local HTTP server on 127.0.0.1 replaying recorded answers (see tests/replay.py)."""
    from tests.replay import serving

    with serving() as server:
        yield server


def pytest_configure(config: pytest.Config) -> None:
    """Compile reader/ once, before the workers start. The suite runs some 80 Python
    processes (4 workers, the CLI, the terminal, the index child); under PYTHONDONTWRITEBYTECODE,
    as on the CI machines, each compiled reader/ from source again: about 20 s of its CPU."""
    if not hasattr(config, "workerinput"):  # the controller, or a run without workers
        compileall.compile_dir(Path(__file__).parents[1] / "reader", quiet=1)
