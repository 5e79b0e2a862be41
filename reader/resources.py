"""Where the bundled themes and samples live: in the wheel, or beside the package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str) -> Path:
    """The bundled folder `name` ("themes" or "samples")."""
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


FIRST_SAMPLE = "welcome-to-the-commons.txt"  # the richest one: offered first


def samples() -> list[Path]:
    """Every bundled sample thread: the welcome thread first, then by name."""
    folder = bundled_dir("samples")
    found = [p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")]
    return sorted(found, key=lambda p: (p.name != FIRST_SAMPLE, p.name))
