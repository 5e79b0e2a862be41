"""The code stays lint-clean, formatted and type-checked (the same checks a developer runs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

ROOT = Path(__file__).resolve().parents[1]
# mypy's cache kept beside the user's other caches, not in the checkout: a fresh clone then
# reuses what it learnt of the standard library, textual and rich (9 of its 10 cold seconds).
# The cache checks each module's hash, so a stale entry is re-read, never trusted.
MYPY_CACHE = platformdirs.user_cache_path("thread-reader") / "mypy"


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy", "--cache-dir", str(MYPY_CACHE), "reader"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_passes(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stdout + result.stderr
