"""The command line: info, export, formats, and one-line errors with exit code 2."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main
from reader.formats import load
from tests.conftest import FIXTURES

BASIC = FIXTURES / "thread_basic.txt"
Runner = Callable[..., subprocess.CompletedProcess[str]]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def run_here(capsys: pytest.CaptureFixture[str]) -> Runner:
    """The command's `main` in this process: its exit code and output as `run` gives them.

    Errors found before the app starts are tested this way (0.4 s of CPU less each); `run`
    keeps what needs the real process: the entry point, and the app's start and teardown.
    """

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out, err)

    return call


def test_info_json_on_the_seed(seed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(seed), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["format"] == "text"
    assert record["title"] == "The Post-Industrial Production Economy"
    assert record["kinds"] == {"post": 1, "comment": 17, "pingback": 6}
    assert record["max_depth"] == 3
    assert record["authors"] == 1
    assert record["furniture_lines"] == 11


def test_info_text_names_format_counts_and_furniture(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(BASIC)]) == 0
    out = capsys.readouterr().out
    assert "format:     text" in out
    assert "title:      Folding test thread" in out
    assert "8 comments, 1 post" in out
    assert "authors:    6" in out
    assert "max depth:  4" in out


def test_export_json_is_preorder_with_every_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(BASIC), "--to", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "thread-reader/1"
    assert document["thread"]["title"] == "Folding test thread"
    assert document["thread"]["source_format"] == "text"
    comments = document["comments"]
    assert [c["depth"] for c in comments] == [0, 1, 2, 3, 4, 2, 1, 2, 1]
    assert [c["author"] for c in comments[:3]] == [None, "alice", "bob"]
    assert comments[0]["kind"] == "post" and comments[0]["parent_id"] is None
    assert comments[2]["parent_id"] == comments[1]["id"]
    for key in ("id", "parent_id", "depth", "kind", "author", "created", "score", "url"):
        assert key in comments[3]
    assert comments[3]["body_format"] == "text"


def test_export_ids_are_stable(capsys: pytest.CaptureFixture[str]) -> None:
    main(["export", str(BASIC), "--to", "json"])
    first = [c["id"] for c in json.loads(capsys.readouterr().out)["comments"]]
    main(["export", str(BASIC), "--to", "json"])
    second = [c["id"] for c in json.loads(capsys.readouterr().out)["comments"]]
    assert first == second
    assert len(set(first)) == len(first)


def test_export_json_reads_back_as_the_same_tree(tmp_path: Path) -> None:
    out = tmp_path / "thread.json"
    assert main(["export", str(BASIC), "--to", "json", "-o", str(out)]) == 0
    original, again = load(BASIC), load(out)
    assert again.id == original.id and again.title == original.title
    assert [(c.id, c.depth, c.kind, c.author, c.body) for c in again.comments] == [
        (c.id, c.depth, c.kind, c.author, c.body) for c in original.comments
    ]


def test_export_markdown_indents_replies_by_depth(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(BASIC), "--to", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Folding test thread\n")
    assert "**alice**\n\nFirst top-level comment." in markdown
    assert "> > **dave**" in markdown
    assert "> > Deepest." in markdown


def test_formats_lists_text(run_here: Runner) -> None:
    result = run_here("formats")
    assert result.returncode == 0
    assert any(line.startswith("text ") for line in result.stdout.splitlines())


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("thread-reader ")
    help_text = run("--help").stdout
    assert "examples:" in help_text and "thread-reader info" in help_text


def _one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize("command", [[], ["info"], ["export", "--to", "json"]])
def test_missing_file(tmp_path: Path, command: list[str], run_here: Runner) -> None:
    missing = tmp_path / "nope.txt"
    args = [*command[:1], str(missing), *command[1:]]
    _one_line_error((run_here if command else run)(*args), str(missing), "no such file")


def test_empty_file(tmp_path: Path, run_here: Runner) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    _one_line_error(run_here("info", str(empty)), str(empty), "empty")
    _one_line_error(run(str(empty)), str(empty), "empty")


def test_binary_file(tmp_path: Path, run_here: Runner) -> None:
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    _one_line_error(run_here("info", str(binary)), str(binary), "binary")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path, run_here: Runner) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Title\n\nBody\n")
    locked.chmod(0)
    _one_line_error(run_here("info", str(locked)), str(locked), "permission denied")


def test_a_folder_is_not_an_archive(tmp_path: Path, run_here: Runner) -> None:
    _one_line_error(run_here("info", str(tmp_path)), str(tmp_path), "a folder without cur/, new/")
    (tmp_path / "new").mkdir()
    _one_line_error(run_here("info", str(tmp_path)), str(tmp_path), "a folder without cur/")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"kind": "Listing", "data": {"children": [{"body": "cut he', "line 1 column 52"),
        ('[{"kind": "Listing",\n  "data": {"children": [', "line 2 column 25"),
    ],
)
def test_a_truncated_json_file_reads_as_cut_short(
    tmp_path: Path, text: str, said: str, run_here: Runner
) -> None:
    cut = tmp_path / "cut.json"
    cut.write_text(text)
    result = run_here("info", str(cut), "--format", "reddit")
    _one_line_error(result, str(cut), said, "the file ends in the middle of", "(cut short?)")
    assert "Unterminated" not in result.stderr and "Expecting" not in result.stderr


def test_unknown_format_name(run_here: Runner) -> None:
    _one_line_error(run_here("info", str(BASIC), "--format", "nosuch"), "unknown format 'nosuch'")


def test_unparseable_native_json(tmp_path: Path, run_here: Runner) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "thread-reader/1", "thread": {"title": "x"}, "comments": [')
    _one_line_error(run_here("info", str(broken)), str(broken), "native", "line 1")


def test_export_to_unwritable_path(tmp_path: Path, run_here: Runner) -> None:
    target = tmp_path / "no" / "such" / "dir.json"
    _one_line_error(run_here("export", str(BASIC), "--to", "json", "-o", str(target)), str(target))


def test_open_error_found_by_the_app_exits_2_with_the_message_last(tmp_path: Path) -> None:
    """The file sniffs as ours but does not parse: the app has started, so the screen it drew
    is torn down first (terminal codes on a non-terminal stderr), then the one-line error."""
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "thread-reader/1", "thread": {}, "comments": []}')
    result = run(str(broken))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    escapes = r"\x1b(\[[0-9;?<>=$]*[a-zA-Z~]|\][^\x07\x1b]*(\x07|\x1b\\))"
    visible = re.sub(escapes, "", result.stderr)
    # The terminal's own screen is restored on exit, so there the message stands on its line;
    # here the drawn screen's text (cursor moves stripped) may run into it.
    assert visible.count("thread-reader: ") == 1, visible
    message = visible[visible.index("thread-reader: ") :].splitlines()[0]
    assert message.startswith(f"thread-reader: {broken}") and "comments" in message
