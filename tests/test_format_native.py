"""thread-reader's own JSON read a comment at a time: the same thread as reading it whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import gen_native
from reader.export import to_json
from reader.formats import ArchiveError, jsonstream, native
from reader.formats.jsontext import identity_object, parse_json
from reader.model import Comment, Thread, clean_text, from_preorder


def whole(path: Path) -> Thread:
    """The thread as the whole-file load reads it (the way every file was read before)."""
    return native._build(parse_json(path.read_bytes(), path, identity_object), path)


def same(a: Thread, b: Thread) -> None:
    assert (a.id, a.title, a.format, a.skipped, a.furniture_lines) == (
        b.id,
        b.title,
        b.format,
        b.skipped,
        b.furniture_lines,
    )
    assert a.comments == b.comments
    assert a.parents == b.parents


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of a few bytes, so records, strings and UTF-8 characters are cut across them."""
    monkeypatch.setattr(jsonstream, "CHUNK", 7)


def wide_thread() -> Thread:
    bodies = ["The post.", "naïve — ü", "😀 emoji " * 3, 'quotes " and \\ back', "line\nbreak"]
    comments = [Comment(id="c0", parent_id=None, author="poster", body=bodies[0], kind="post")]
    for index, body in enumerate(bodies[1:], start=1):
        comments.append(
            Comment(
                id=f"c{index}",
                parent_id=None,
                author="Zoë" if index % 2 else None,
                body=body,
                score=-index,
                extra={"note": "ß"} if index == 2 else None,
                depth=1 if index % 2 else 2,
            )
        )
    return from_preorder("A “wide” thread", "reddit", "x", comments, skipped=3)


def test_streamed_load_equals_whole_load_across_chunk_cuts(
    tmp_path: Path, small_chunks: None
) -> None:
    path = tmp_path / "wide.json"
    path.write_text(to_json(wide_thread()), encoding="utf-8")
    assert jsonstream.read_object(path, "comments", lambda r, i, plain: r) is not None  # streamed
    streamed = native.load(path)
    same(streamed, whole(path))
    assert [c.body for c in streamed.comments[2:4]] == ["😀 emoji " * 3, 'quotes " and \\ back']
    assert streamed.comments[2].extra == {"note": "ß"}


def test_streamed_load_of_a_generated_thread(tmp_path: Path, small_chunks: None) -> None:
    path = tmp_path / "gen.json"
    gen_native.write(300, path)
    same(native.load(path), whole(path))


def test_other_key_orders_and_compact_json_still_load(tmp_path: Path) -> None:
    document = json.loads(to_json(wide_thread()))
    path = tmp_path / "reordered.json"
    reordered = {"comments": document["comments"], **document}
    path.write_text(json.dumps(reordered))
    same(native.load(path), whole(path))
    path.write_text(json.dumps(document, separators=(",", ":")))
    same(native.load(path), whole(path))


@pytest.mark.parametrize(
    ("change", "message", "where"),
    [
        (lambda d: d["comments"][2].update(depth="x"), "bad depth or kind", "$.comments[2]"),
        (
            lambda d: d["comments"][3].update(depth=5),
            "depth does not follow pre-order",
            "$.comments[3].depth",
        ),
        (
            lambda d: d["comments"][4].update(depth=0),
            "depth does not follow pre-order",
            "$.comments[4].depth",
        ),
        (
            lambda d: d["comments"][0].update(depth=1),
            "the first comment must be at depth 0",
            "$.comments[0]",
        ),
        (lambda d: d["comments"].clear(), "non-empty comments list", "$"),
    ],
)
def test_a_bad_record_is_reported_as_before(
    tmp_path: Path, change: object, message: str, where: str
) -> None:
    document = json.loads(to_json(wide_thread()))
    change(document)  # type: ignore[operator]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, indent=1))
    with pytest.raises(ArchiveError) as error:
        native.load(path)
    assert message in str(error.value)
    assert error.value.where == where


def test_broken_json_after_the_comments_is_an_error_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text(to_json(wide_thread())[:-5])
    with pytest.raises(ArchiveError) as error:
        native.load(path)
    assert "line" in error.value.where


@pytest.mark.parametrize("batch", [40, 300, 2000, 1 << 20])
def test_records_parsed_in_runs_are_the_records_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """Runs end at a guessed `},`: one inside a body or an extra must not cut a record."""
    monkeypatch.setattr(jsonstream, "BATCH", batch)
    comments = [Comment(id="c0", parent_id=None, body='{"a": 1},', kind="post")]
    for index in range(1, 40):
        comments.append(
            Comment(
                id=f"c{index}",
                parent_id=None,
                body=["}, {", 'x"},', "plain", "end},"][index % 4] * index,
                extra={"k": "v},"} if index % 3 else None,
                depth=1 if index % 2 else 2,
            )
        )
    path = tmp_path / "runs.json"
    path.write_text(to_json(from_preorder("t", "native", "x", comments)), encoding="utf-8")
    assert jsonstream.read_object(path, "comments", lambda r, i, plain: r) is not None  # streamed
    streamed = native.load(path)
    same(streamed, whole(path))
    assert [c.body for c in streamed.comments[:3]] == ['{"a": 1},', 'x"},', "plain" * 2]


HOSTILE = [
    "\x1b[2Jcleared",
    "del\x7fete",
    "bidi \u202eevil",
    "cr\r\nlf",
    "storm a\u0301\u0301\u0301\u0301\u0301\u0301",
    "zero\u200bwidth",
    "c1 \x9b31m",
    "back\bspace\fform",
]


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_bodies_are_clean_whether_read_from_plain_text_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ensure_ascii: bool
) -> None:
    monkeypatch.setattr(jsonstream, "CHUNK", 4096)  # some pieces plain, some not
    source = tmp_path / "gen.json"
    gen_native.write(200, source)
    document = json.loads(source.read_text())
    records = document["comments"]
    for position, body in enumerate(HOSTILE):
        records[20 * position + 7]["body"] = body
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=ensure_ascii), encoding="utf-8")
    streamed = native.load(path)
    same(streamed, whole(path))
    assert [c.body for c in streamed.comments] == [clean_text(r["body"]) for r in records]
    assert streamed.comments[7].body == "cleared"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ('{"a": "x\\ny\\t\\"q\\" \\\\n \\/ naïve 😀"}', True),
        ('"\\u001b[2J"', False),
        ('"\\u00e9"', False),  # any \u: it might make a character clean_text removes
        ('"\\r\\n"', False),
        ('"\\b"', False),
        ('"del\x7f"', False),
        ('"bidi \u202e"', False),
        ('"a\u0301\u0301\u0301\u0301\u0301"', False),
        ('"a\u0301"', False),  # combining marks that make no storm: a false alarm
        ('"\\\\u"', False),  # an escaped backslash before a u: a false alarm, never a miss
    ],
)
def test_plain_json_is_text_clean_text_leaves_alone(text: str, plain: bool) -> None:
    assert jsonstream.plain_json(text) is plain
    if plain:
        assert all(clean_text(value) == value for value in json.loads(text).values())
