"""`thread-reader notes`: export all notes or one thread's, import an export back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.annotations import Annotations
from reader.cli import main
from reader.formats import load
from reader.store import STORE_FILE, Store
from tests.conftest import FIXTURES

EDITORS = FIXTURES / "editors-v1.json"
GARDEN = FIXTURES / "garden-v1.txt"


@pytest.fixture
def annotated(private_home: Path) -> Path:
    """The default store (THREAD_READER_HOME) with a note and a bookmark on two threads."""
    with Store.open() as store:
        editors = Annotations.open(store, load(EDITORS))
        editors.save_note(1, "vim, as expected")
        garden = Annotations.open(store, load(GARDEN))
        garden.toggle_bookmark(4)
    return private_home


def test_markdown_of_all_threads(annotated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Notes and bookmarks\n")
    assert "## Editors for writing" in out and "vim, as expected" in out
    assert "### Bookmark · comment #4 · **Mei Chen**" in out


def test_json_of_one_file(annotated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notes", str(EDITORS), "--to", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    (thread,) = document["threads"]
    assert thread["title"] == "Editors for writing"
    assert [(n["author"], n["position"], n["text"]) for n in thread["notes"]] == [
        ("bram", 1, "vim, as expected")
    ]
    assert thread["notes"][0]["excerpt"] == "Vim, because my hands already know it."
    assert thread["notes"][0]["date"] == "2024-03-01T09:30:00+00:00"


def test_export_then_import_into_another_data_dir(
    annotated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "all.json"
    assert main(["notes", "--to", "json", "-o", str(export)]) == 0
    other = tmp_path / "other"
    assert main(["notes", "--import", str(export), "--data-dir", str(other)]) == 0
    assert "1 note added, 0 notes updated" in capsys.readouterr().out
    assert main(["notes", "--import", str(export), "--data-dir", str(other)]) == 0
    assert "0 notes added, 0 notes updated, 1 note unchanged, 0 bookmarks added" in (
        capsys.readouterr().out
    )
    assert main(["notes", "--to", "json", "--data-dir", str(other)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert json.loads(export.read_text())["threads"] == again["threads"]


def _one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=60
    )


def test_bad_import_file_and_damaged_store_are_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "thread-reader-notes/1", "threads": [{"id": 3}]}')
    _one_line_error(
        run("notes", "--import", str(bad), "--data-dir", str(tmp_path)), str(bad), "$.threads[0].id"
    )
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / STORE_FILE).write_bytes(b"not a database at all" * 100)
    _one_line_error(run("notes", "--data-dir", str(damaged)), str(damaged / STORE_FILE), "damaged")
    _one_line_error(run("notes", "--import", str(bad), str(EDITORS)), "--import takes no FILE")
