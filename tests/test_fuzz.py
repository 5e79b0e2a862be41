"""Fuzzed archives: every importer returns a Thread or raises ArchiveError, never anything else.

A bounded run (a few seconds); `python benchmarks/fuzz.py --examples N` is the long one.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fuzzing

BOUNDED = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


def _check(data: bytes, names: list[str] | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "archive"
        path.write_bytes(data)
        fuzzing.check(path, names)


@pytest.mark.parametrize("name", list(fuzzing.JSON_SAMPLES))
def test_json_of_the_wrong_shape(name: str) -> None:
    @BOUNDED
    @given(fuzzing.mutated_json(fuzzing.json_base(name)))
    def run(data: bytes) -> None:
        _check(data, fuzzing.FILE_FORMATS)

    run()


@pytest.mark.parametrize("name", list(fuzzing.TEXT_SAMPLES))
def test_text_with_hostile_lines(name: str) -> None:
    @BOUNDED
    @given(fuzzing.mutated_text(fuzzing.TEXT_SAMPLES[name].read_bytes()))
    def run(data: bytes) -> None:
        _check(data)

    run()


@BOUNDED
@given(fuzzing.textual_lines())
def test_random_lines_alone(data: bytes) -> None:
    _check(data)


@BOUNDED
@given(st.lists(fuzzing.textual_lines(), min_size=1, max_size=3))
def test_maildir_of_hostile_messages(messages: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for sub in ("cur", "new", "tmp"):
            (root / sub).mkdir()
        for index, data in enumerate(messages):
            (root / "cur" / f"{index}.host:2,S").write_bytes(data)
        fuzzing.check(root, ["maildir"])


CORPUS_FILES = fuzzing.corpus_files()


@pytest.mark.skipif(not CORPUS_FILES, reason=f"corpus not present at {fuzzing.corpus_root()}")
@settings(BOUNDED, max_examples=16)
@given(st.data())
def test_byte_mutations_of_the_corpus(data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(CORPUS_FILES))
    _check(data.draw(fuzzing.mutated_bytes(source.read_bytes())))


def test_the_fixes_the_fuzzing_found(tmp_path: Path) -> None:
    """Native JSON with a list for an author, a 5,000-digit number and a stray `<![` in HTML
    were tracebacks."""
    native = fuzzing.json_base("native")
    native["comments"][1]["author"] = ["not", "a", "name"]
    native["thread"]["skipped"] = "many"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(native))
    thread = fuzzing.load(path)
    assert thread.comments[1].author is None
    path.write_text('{"a": ' + "9" * 5000 + "}")
    with pytest.raises(fuzzing.ArchiveError, match="a number of more than 4,300 digits"):
        fuzzing.load(path, "reddit")
    page = (fuzzing.TEXT_SAMPLES["wordpress-html"]).read_text(encoding="utf-8")
    path.write_text(page.replace("</ol>", "<p>odd <![ markup</p></ol>", 1))
    assert len(fuzzing.load(path, "wordpress-html")) > 1
    hn = fuzzing.json_base("hackernews")
    hn["children"][0]["text"] = "<p>see <![ this</p>"
    path.write_text(json.dumps(hn))
    assert fuzzing.load(path, "hackernews").comments[1].body == "see <![ this"
