"""The wheel carries the bundled samples and themes, so an installed copy finds them."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BACKEND = "hatchling.build"
BUILD = "import importlib, sys; importlib.import_module(sys.argv[1]).build_wheel(sys.argv[2])"


def build_wheel(out: Path) -> None:
    """Build the wheel with the backend pyproject.toml names, as pip does (PEP 517).

    With the backend installed (the test extra), its hook runs here in 0.3 s; without it,
    pip's isolated build installs it first (3 s of CPU).
    """
    assert f'build-backend = "{BACKEND}"' in (ROOT / "pyproject.toml").read_text()
    if importlib.util.find_spec("hatchling") is not None:
        command = [sys.executable, "-c", BUILD, BACKEND, str(out)]
    else:
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), "."]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=240)


def test_wheel_ships_samples_and_themes(tmp_path: Path) -> None:
    build_wheel(tmp_path)
    (wheel,) = tmp_path.glob("thread_reader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for sample in (ROOT / "samples").iterdir():
        assert f"reader/_data/samples/{sample.name}" in names
    for theme in (ROOT / "themes").glob("*.toml"):
        assert f"reader/_data/themes/{theme.name}" in names
    assert "reader/ui/reader.tcss" in names
    assert "reader/cli.py" in names
