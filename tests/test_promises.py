"""What thread-reader promises about an archive (README: "What thread-reader promises").

It never runs code from an archive, never touches the network, and writes nothing outside its
store and the paths named on the command line.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from reader.export import to_json, to_markdown
from reader.formats import ArchiveError, load
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ARCHIVES = sorted(SAMPLES.iterdir()) + sorted(
    p for p in FIXTURES.rglob("*") if p.is_file() and not p.name.startswith("theme")
)

# Ways Python runs code or a shell: none may appear in the package.
RUNS_CODE = re.compile(
    r"(?<![.\w])(?:eval|exec|compile)\(|\bpickle\b|\bmarshal\b|\bshelve\b|yaml\.load\b|os\.system\("
    r"|os\.popen\(|shell=True|__import__\(|importlib\.import_module\((?!f\"reader\.(?:formats|sites)\.)"
)


def test_no_code_runs_from_an_archive() -> None:
    """The package holds no eval, exec, pickle, shell or dynamic import of a name it reads."""
    offending = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "reader").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RUNS_CODE.search(line)
    ]
    assert offending == []


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Any attempt to resolve a name or open a connection is recorded and refused."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network use in a test of the no-network promise")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_reading_every_sample_and_fixture_touches_no_network(no_network: list[object]) -> None:
    read = 0
    for path in ARCHIVES:
        try:
            thread = load(path)
        except ArchiveError:
            continue
        for comment in thread.comments:
            assert isinstance(comment.body, str)  # HTML bodies converted: no image, no DTD
        to_json(thread)
        to_markdown(thread)
        read += 1
    assert read >= len(list(SAMPLES.iterdir()))
    assert no_network == []


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_command_line_writes_only_its_store_and_the_paths_named(tmp_path: Path) -> None:
    """info, export -o, notes: the archive untouched, nothing in the working folder or home."""
    archive = tmp_path / "archive" / "thread.json"
    archive.parent.mkdir()
    archive.write_bytes((SAMPLES / "reddit-thread.json").read_bytes())
    for folder in ("home", "work", "store", "out"):
        (tmp_path / folder).mkdir()
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "home" / ".config"),
        "XDG_DATA_HOME": str(tmp_path / "home" / ".local" / "share"),
        "XDG_CACHE_HOME": str(tmp_path / "home" / ".cache"),
        "THREAD_READER_HOME": str(tmp_path / "store"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(ROOT),
    }
    before = _files(tmp_path)
    output = tmp_path / "out" / "thread.md"
    for args in (
        ["info", str(archive)],
        ["export", str(archive), "--to", "markdown", "-o", str(output)],
        ["notes", str(archive), "--to", "json"],
        ["notes", "--to", "markdown"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "reader", *args],
            cwd=tmp_path / "work",
            env=env,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    changed = {p for p, data in _files(tmp_path).items() if before.get(p) != data}
    outside = {p for p in changed if p != output and (tmp_path / "store") not in p.parents}
    assert outside == set()
    assert output in changed
    assert archive.read_bytes() == (SAMPLES / "reddit-thread.json").read_bytes()
