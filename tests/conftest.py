"""Shared fixtures: paths to our archives, the real corpus, and a loaded app."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEED = CORPUS / "text" / "post-industrial-production-economy.txt"


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data and config folders, never the user's."""
    home = tmp_path / "home"
    monkeypatch.setenv("THREAD_READER_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NO_COLOR", raising=False)
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
