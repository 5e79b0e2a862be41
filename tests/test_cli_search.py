"""`thread-reader search`: matches as text or JSON, a folder indexed first, bad queries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader import store as store_module
from reader.cli import main
from reader.store import NO_FTS5
from tests.conftest import FIXTURES


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shelf = tmp_path / "shelf"
    (shelf / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "garden-v1.txt", shelf / "garden.txt")
    shutil.copy(FIXTURES / "editors-v1.json", shelf / "sub" / "editors.json")
    return shelf


def search(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["search", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_in_a_folder_never_opened_prints_thread_author_date_and_marked_excerpt(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    code, out, err = search(capsys, "vim", "--in", str(folder), "--data-dir", data)
    assert code == 0
    assert err == "indexed 2 archives (11 comments)\n"
    lines = out.splitlines()
    assert lines[0] == f"Editors for writing ({folder.resolve() / 'sub' / 'editors.json'})"
    assert lines[1].startswith("  bram · 2024-03-01 · #1")
    assert "**vim**" in lines[2].lower()
    # Indexed now: the same store answers without --in, and a second --in indexes nothing.
    code, again, err = search(capsys, "vim", "--in", str(folder), "--data-dir", data)
    assert (code, again, err) == (0, out, "")


def test_search_json_is_one_document_of_matches(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    arguments = ("tomato*", "--in", str(folder), "--data-dir", data, "--json")
    code, out, _ = search(capsys, *arguments)
    document = json.loads(out)
    assert code == 0 and document["query"] == "tomato*"
    matches = document["matches"]
    assert matches and {m["thread"] for m in matches} == {"Notes from a small vegetable garden"}
    first = matches[0]
    assert set(first) == {
        "path", "thread", "thread_id", "comment_id", "position", "author", "date", "excerpt"
    }  # fmt: skip
    assert first["path"] == str((folder / "garden.txt").resolve())
    assert "**tomato" in first["excerpt"].lower()
    authors = json.loads(search(capsys, 'author:"Tom Hale"', "--data-dir", data, "--json")[1])
    assert {m["author"] for m in authors["matches"]} == {"Tom Hale"}


def test_no_match_says_so_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = search(capsys, "nothing", "--data-dir", str(tmp_path))
    assert (code, out, err) == (0, "", "No match for 'nothing'.\n")


@pytest.mark.parametrize(
    ("query", "words"),
    [('"open phrase', "unterminated string"), ("OR", "syntax error"), ("mood:happy", "'mood'")],
)
def test_bad_query_syntax_is_one_line_and_exit_code_2(
    query: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = search(capsys, query, "--data-dir", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith("thread-reader: bad search query") and words in err
    assert err.count("\n") == 1


def test_in_needs_a_folder_and_search_needs_fts5(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = search(capsys, "x", "--in", str(tmp_path / "nope"), "--data-dir", str(tmp_path))
    assert code == 2 and "not a folder" in err
    monkeypatch.setattr(store_module, "_make_search_index", lambda connection: NO_FTS5)
    code, _, err = search(capsys, "x", "--data-dir", str(tmp_path))
    assert (code, err) == (2, f"thread-reader: search: {NO_FTS5}\n")
