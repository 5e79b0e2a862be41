"""The wheel carries the bundled samples and themes, so an installed copy finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_samples_and_themes(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    (wheel,) = tmp_path.glob("thread_reader-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for sample in (ROOT / "samples").iterdir():
        assert f"reader/_data/samples/{sample.name}" in names
    for theme in (ROOT / "themes").glob("*.toml"):
        assert f"reader/_data/themes/{theme.name}" in names
    assert "reader/ui/reader.tcss" in names
    assert "reader/cli.py" in names
