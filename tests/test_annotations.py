"""Notes, bookmarks and read marks find their comments in newer, moved and edited copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.annotations import Annotations, locate
from reader.formats import load
from reader.model import Thread
from reader.store import Anchor, Note, Store, StoreError

FIXTURES = Path(__file__).parent / "fixtures"


def by_author(thread: Thread, author: str, nth: int = 0) -> int:
    return [i for i, c in enumerate(thread.comments) if c.author == author][nth]


def reopen(folder: Path, path: Path) -> tuple[Thread, Annotations]:
    thread = load(path)
    with Store.open(folder) as store:
        return thread, Annotations.open(store, thread)


def test_newer_copy_keeps_notes_and_marks_added_comments_new(tmp_path: Path) -> None:
    first = load(FIXTURES / "garden-v1.txt")
    with Store.open(tmp_path) as store:
        annotations = Annotations.open(store, first)
        annotations.save_note(by_author(first, "Mei Chen", 1), "soaker hose: buy one")
        assert annotations.toggle_bookmark(by_author(first, "Jonas Berg"))
        for index in range(3):
            annotations.shown(index)
        annotations.flush()

    newer, annotations = reopen(tmp_path, FIXTURES / "garden-v2.txt")
    mei = by_author(newer, "Mei Chen", 1)
    jonas = by_author(newer, "Jonas Berg")
    assert (mei, jonas) == (8, 7)
    assert annotations.notes[mei].text == "soaker hose: buy one"
    assert annotations.notes[mei].anchor.position == 8
    assert set(annotations.bookmarks) == {jonas}
    new_authors = {newer.comments[i].author for i in annotations.new}
    assert new_authors == {"Priya Nair", "Sam Okoro", "Lena Vogel"}
    assert annotations.read == {0, 1, 2}
    assert annotations.unread_count() == 7
    assert annotations.orphan_notes == []

    with Store.open(tmp_path) as store:
        (note,) = store.notes()
        assert note.anchor.position == 8  # re-filed at its new place


def test_moved_and_renamed_file_is_the_same_thread(tmp_path: Path) -> None:
    original = tmp_path / "downloads" / "editors.json"
    original.parent.mkdir()
    shutil.copy(FIXTURES / "editors-v1.json", original)
    thread = load(original)
    with Store.open(tmp_path / "data") as store:
        annotations = Annotations.open(store, thread)
        annotations.save_note(thread.index_of("c2"), "try Goyo")
        annotations.toggle_bookmark(thread.index_of("c3"))

    moved = tmp_path / "archive" / "2024" / "writing-tools.json"
    moved.parent.mkdir(parents=True)
    shutil.move(original, moved)
    thread, annotations = reopen(tmp_path / "data", moved)
    assert {thread.comments[i].id: n.text for i, n in annotations.notes.items()} == {
        "c2": "try Goyo"
    }
    assert [thread.comments[i].id for i in annotations.bookmarks] == ["c3"]
    assert annotations.new == set()
    with Store.open(tmp_path / "data") as store:
        (record,) = store.recent_threads()
        (bookmark,) = store.bookmarks()
    assert record.path == str(moved.resolve())
    assert bookmark.thread_path == str(moved.resolve())


def test_edited_text_archive_reattaches_by_excerpt_and_keeps_orphans(tmp_path: Path) -> None:
    first = load(FIXTURES / "garden-v1.txt")
    ana, tom, jonas = (by_author(first, name) for name in ("Ana Ribeiro", "Tom Hale", "Jonas Berg"))
    with Store.open(tmp_path) as store:
        annotations = Annotations.open(store, first)
        annotations.save_note(ana, "trellis: build before May")
        annotations.save_note(jonas, "containers split in rain")
        annotations.toggle_bookmark(tom)
        annotations.toggle_bookmark(by_author(first, "Mei Chen"))

    edited, annotations = reopen(tmp_path, FIXTURES / "garden-v3.txt")
    assert edited.id != first.id  # the post changed, so did the content-hash id
    assert annotations.key == first.id
    assert edited.comments[ana].id != first.comments[ana].id
    assert annotations.notes[ana].text == "trellis: build before May"
    assert set(annotations.bookmarks) == {tom, by_author(edited, "Mei Chen")}
    (orphan,) = annotations.orphan_notes
    assert orphan.text == "containers split in rain"
    assert orphan.anchor.excerpt.startswith("Tomatoes in containers split after heavy rain")
    assert orphan.anchor.author == "Jonas Berg"

    # Re-filed under the new ids: found directly the next time, the orphan still kept.
    with Store.open(tmp_path) as store:
        found = {n.text: n.anchor.comment_id for n in store.notes(first.id)}
    assert found["trellis: build before May"] == edited.comments[ana].id
    _again, annotations = reopen(tmp_path, FIXTURES / "garden-v3.txt")
    assert annotations.notes[ana].text == "trellis: build before May"
    assert [n.text for n in annotations.orphan_notes] == ["containers split in rain"]


def test_locate_prefers_the_closest_text_and_never_reuses_a_comment() -> None:
    thread = load(FIXTURES / "garden-v3.txt")
    mei = by_author(thread, "Mei Chen")
    saved = Anchor(
        "0123456789abcdef",
        4,
        "Mei Chen",
        None,
        "Squash vine borers took every plant we had in July. Wrapping the stems in foil helped.",
    )
    twin = Anchor("0123456789abcdee", 4, "Mei Chen", None, saved.excerpt + " Really.")
    stranger = Anchor("fedcba9876543210", 4, "Someone Else", None, "Squash vine borers, ugh")
    found = locate(thread, [saved, twin, stranger])
    assert list(found.values()).count(mei) == 1
    assert "fedcba9876543210" not in found
    # A source id that is gone is never guessed by text.
    assert locate(thread, [Anchor("t1_gone", 4, "Mei Chen", None, saved.excerpt)]) == {}


def test_delete_is_undoable_and_survives_restart(tmp_path: Path) -> None:
    thread = load(FIXTURES / "editors-v1.json")
    with Store.open(tmp_path) as store:
        annotations = Annotations.open(store, thread)
        annotations.save_note(1, "vim: look at ledger plugin")
        annotations.toggle_bookmark(2)
        annotations.delete_note(1)
        assert annotations.toggle_bookmark(2) is False
        assert annotations.notes == {} and annotations.bookmarks == {}
        restored = annotations.undo()
        assert restored is not None and not isinstance(restored, Note)
        restored = annotations.undo()
        assert isinstance(restored, Note) and restored.text == "vim: look at ledger plugin"
        assert annotations.undo() is None
    _thread, annotations = reopen(tmp_path, FIXTURES / "editors-v1.json")
    assert {i: n.text for i, n in annotations.notes.items()} == {1: "vim: look at ledger plugin"}
    assert set(annotations.bookmarks) == {2}


def test_empty_note_deletes_and_can_be_undone(tmp_path: Path) -> None:
    thread = load(FIXTURES / "editors-v1.json")
    with Store.open(tmp_path) as store:
        annotations = Annotations.open(store, thread)
        annotations.save_note(3, "first")
        assert annotations.save_note(3, "  \n") is None
        assert store.notes() == []
        annotations.undo()
        assert [n.text for n in store.notes()] == ["first"]


def test_marking_subtree_read_and_unread_and_next_unread(tmp_path: Path) -> None:
    thread = load(FIXTURES / "editors-v2.json")
    with Store.open(tmp_path) as store:
        annotations = Annotations.open(store, thread)
        c1 = thread.index_of("c1")
        assert c1 is not None
        annotations.mark(range(c1, c1 + thread.comments[c1].subtree_size), read=True)
        annotations.mark([0], read=True)
        assert annotations.next_unread(0) == thread.index_of("c0")
        assert annotations.next_unread(thread.index_of("c0") or 0) == thread.index_of("c3")
        assert store.read_ids(annotations.key) == {"p1", "c1", "c2"}
        annotations.mark([0], read=False)
    with Store.open(tmp_path) as store:
        annotations = Annotations.open(store, load(FIXTURES / "editors-v2.json"))
        assert {thread.comments[i].id for i in annotations.read} == {"c1", "c2"}
        assert annotations.unread_count() == 4
        annotations.mark(range(len(thread)), read=True)
        assert annotations.next_unread(3) is None
        assert store.recent_threads()[0].unread == 0


def test_unavailable_store_still_reads_and_refuses_notes_clearly(tmp_path: Path) -> None:
    thread = load(FIXTURES / "editors-v1.json")
    annotations = Annotations.open(None, thread, unavailable="store.sqlite3: damaged")
    assert not annotations.writable
    assert annotations.shown(1) is True
    annotations.flush()
    assert annotations.is_unread(1) is False
    with pytest.raises(StoreError, match=r"read-only: store\.sqlite3: damaged"):
        annotations.save_note(1, "cannot keep this")
