"""Exporting notes and bookmarks (Markdown, JSON) and importing a JSON export back."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from reader.annotations import Annotations
from reader.formats import load
from reader.notes import NotesFileError, collect, import_json, parse_json, to_json, to_markdown
from reader.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


def annotate(folder: Path) -> None:
    """Two threads with notes and bookmarks, as a reader would leave them."""
    editors = load(FIXTURES / "editors-v1.json")
    garden = load(FIXTURES / "garden-v1.txt")
    with Store.open(folder) as store:
        annotations = Annotations.open(store, editors)
        annotations.save_note(2, "ask which plugins\nand whether they work with markdown")
        annotations.toggle_bookmark(3)
        annotations = Annotations.open(store, garden)
        annotations.save_note(5, "containers split in rain")


def test_markdown_export_names_thread_author_date_excerpt_position(tmp_path: Path) -> None:
    annotate(tmp_path)
    with Store.open(tmp_path) as store:
        text = to_markdown(collect(store))
    assert "## Editors for writing" in text
    assert "## Notes from a small vegetable garden" in text
    assert "### Note · comment #2 · **olga** · 2024-03-01 09:45" in text
    assert "> Do you use any plugins for prose?" in text
    assert "ask which plugins\nand whether they work with markdown" in text
    assert "### Bookmark · comment #3 · **cleo** · 2024-03-01 10:05" in text
    assert "### Note · comment #5 · **Jonas Berg**" in text


def test_export_of_one_file_uses_that_copy(tmp_path: Path) -> None:
    annotate(tmp_path)
    with Store.open(tmp_path) as store:
        groups = collect(store, load(FIXTURES / "garden-v3.txt"))
        text = to_markdown(groups)
        document = json.loads(to_json(groups))
        other = collect(store, load(FIXTURES / "editors-v2.json"))
    assert [g.title for g in groups] == ["Notes from a small vegetable garden"]
    assert "(not found in this copy of the thread)" in text
    assert document["threads"][0]["notes"][0]["orphaned"] is True
    # editors-v2 has a comment inserted before: positions follow the copy given.
    assert [n.anchor.position for n in other[0].notes] == [3]
    assert [b.anchor.position for b in other[0].bookmarks] == [4]


def test_export_of_every_thread_marks_notes_the_last_opened_copy_lacked(tmp_path: Path) -> None:
    annotate(tmp_path)
    with Store.open(tmp_path) as store:
        Annotations.open(store, load(FIXTURES / "garden-v3.txt"))  # Jonas's comment rewritten
        groups = collect(store)
        text = to_markdown(groups)
        document = json.loads(to_json(groups))
    assert "### Note · comment #5 · **Jonas Berg**" in text
    assert text.count("(not found in the copy of the thread last opened)") == 1
    garden = next(t for t in document["threads"] if t["title"].startswith("Notes from"))
    assert garden["notes"][0]["orphaned"] is True
    with Store.open(tmp_path) as store:
        Annotations.open(store, load(FIXTURES / "garden-v1.txt"))  # found again
        assert "not found" not in to_markdown(collect(store))


def test_export_of_a_thread_never_annotated(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        groups = collect(store, load(FIXTURES / "editors-v1.json"))
    assert "No notes or bookmarks yet." in to_markdown(groups)
    assert json.loads(to_json(groups))["threads"][0]["notes"] == []


def test_json_round_trip_into_a_fresh_store_and_no_duplicates(tmp_path: Path) -> None:
    annotate(tmp_path / "home")
    with Store.open(tmp_path / "home") as store:
        exported = to_json(collect(store))
        before_notes = {(n.thread_id, n.anchor, n.text, n.created_at) for n in store.notes()}
        before_marks = {(b.thread_id, b.anchor, b.created_at) for b in store.bookmarks()}
    export = tmp_path / "notes.json"
    export.write_text(exported, encoding="utf-8")
    with Store.open(tmp_path / "laptop") as store:
        counts = import_json(store, export)
        assert counts == {
            "notes added": 2,
            "notes updated": 0,
            "notes unchanged": 0,
            "bookmarks added": 1,
        }
        assert import_json(store, export)["notes unchanged"] == 2
        after_notes = {(n.thread_id, n.anchor, n.text, n.created_at) for n in store.notes()}
        after_marks = {(b.thread_id, b.anchor, b.created_at) for b in store.bookmarks()}
        titles = {r.title for r in store.recent_threads()}
    assert after_notes == before_notes
    assert after_marks == before_marks
    assert titles == {"Editors for writing", "Notes from a small vegetable garden"}
    # The imported notes attach when the thread is opened on the other machine.
    garden = load(FIXTURES / "garden-v2.txt")
    with Store.open(tmp_path / "laptop") as store:
        annotations = Annotations.open(store, garden)
    assert [n.text for n in annotations.notes.values()] == ["containers split in rain"]


def test_import_newer_text_wins_older_is_kept_out(tmp_path: Path) -> None:
    annotate(tmp_path)
    with Store.open(tmp_path) as store:
        groups = collect(store)
    edited = [
        replace(
            groups[0],
            notes=[
                replace(n, text="newer text", updated_at="2999-01-01T00:00:00")
                for n in groups[0].notes
            ],
        ),
        replace(
            groups[1],
            notes=[
                replace(n, text="older text", updated_at="2000-01-01T00:00:00")
                for n in groups[1].notes
            ],
        ),
    ]
    export = tmp_path / "edited.json"
    export.write_text(to_json(edited), encoding="utf-8")
    with Store.open(tmp_path) as store:
        counts = import_json(store, export)
        texts = sorted(n.text for n in store.notes())
    assert counts["notes updated"] == 1 and counts["notes unchanged"] == 1
    assert "newer text" in texts and "older text" not in texts


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "line 1 column 2"),
        ('{"format": "thread-reader/1"}', '$.format: "format" is not "thread-reader-notes/1"'),
        ('{"format": "thread-reader-notes/1", "threads": {}}', "$.threads: 'threads' should be"),
        (
            '{"format": "thread-reader-notes/1", "threads": [{"id": "t", "title": "T",'
            ' "format": "text", "notes": [{"comment_id": "c", "position": -1}]}]}',
            "$.threads[0].notes[0].position",
        ),
    ],
)
def test_bad_import_file_is_one_line_naming_the_place(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    with pytest.raises(NotesFileError) as caught:
        parse_json(content, path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
