"""The library (a folder's archives beside the threads read) and the comments index (FTS5)."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from reader import library
from reader import store as store_module
from reader.annotations import Annotations
from reader.formats import load
from reader.library import Entry, Known
from reader.store import NO_FTS5, Anchor, BadQuery, SearchUnavailable, Store
from tests.conftest import FIXTURES
from tests.indexing import rows_meeting_a_write

GARDEN = FIXTURES / "garden-v1.txt"
EDITORS = FIXTURES / "editors-v1.json"
MBOX = FIXTURES / "mail_subject_threading.mbox"


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    """A folder of archives in three formats (one in a subfolder), and files that are not."""
    folder = tmp_path / "shelf"
    (folder / "mail").mkdir(parents=True)
    shutil.copy(GARDEN, folder / "garden.txt")
    shutil.copy(EDITORS, folder / "editors.json")
    shutil.copy(MBOX, folder / "mail" / "list.mbox")
    (folder / "README.md").write_text("# My saved threads\n\nKept for later.\n")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 20)
    (folder / "empty.txt").write_text("")
    (folder / ".hidden.json").write_bytes(EDITORS.read_bytes())
    return folder


def scanned(folder: Path, known: Known | None = None) -> tuple[list[Entry], list[tuple[int, int]]]:
    entries: list[Entry] = []
    progress: list[tuple[int, int]] = []

    def report(batch: list[Entry], done: int, total: int) -> None:
        entries.extend(batch)
        progress.append((done, total))

    library.scan(folder, known or Known({}, {}), report)
    return entries, progress


def test_scan_lists_each_archive_once_with_its_title_format_and_comment_count(
    shelf: Path,
) -> None:
    entries, progress = scanned(shelf)
    described = sorted((e.title, e.format, e.comments, e.name) for e in entries)
    assert described == [
        ("Editors for writing", "forum", 3, "editors.json"),  # the source format it holds
        ("Notes from a small vegetable garden", "text", 6, "garden.txt"),
        ("list.mbox", "mbox", library.readable_count(load(MBOX)), "list.mbox"),
    ]
    # Every candidate file counted (the hidden one is not), the last report at the end.
    assert progress[0] == (0, 6) and progress[-1] == (6, 6)


def test_scan_hands_over_batches_and_stops_when_cancelled(shelf: Path) -> None:
    batches: list[int] = []
    library.scan(shelf, Known({}, {}), lambda b, d, t: batches.append(len(b)), every=0.0)
    assert sum(batches) == 3 and len(batches) == 7  # the start, then one per file
    calls: list[int] = []
    library.scan(
        shelf, Known({}, {}), lambda b, d, t: calls.append(d), cancelled=lambda: bool(calls)
    )
    assert calls == [0]


def test_a_large_file_is_described_from_its_head(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    lines = ["A long thread", "", "The post.", "", "Comments", ""]
    for n in range(6000):
        lines += [f" {n + 1}. Person {n} says:", "", f"    Comment number {n} with some words.", ""]
    big.write_text("\n".join(lines))
    assert big.stat().st_size > library.FULL_LOAD_BYTES
    entry = library.describe(big, Known({}, {}))
    assert entry is not None and entry.title == "A long thread" and entry.at_least
    assert entry.comments is not None and 0 < entry.comments < 6000


def test_threads_opened_before_come_from_the_store(shelf: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        garden = Annotations.open(store, load(shelf / "garden.txt"))
        garden.save_note(2, "the tomato remark")
        garden.toggle_bookmark(4)
        known = Known.of(store)
    entries, _ = scanned(shelf, known)
    (row,) = [e for e in entries if e.name == "garden.txt"]
    assert (row.key, row.notes, row.bookmarks, row.unread) == (garden.key, 1, 1, 7)
    assert row.opened_at is not None
    # The store's rows and the scan's merge into one row per thread.
    rows: dict[str, Entry] = {}
    library.merge(rows, known.entries())
    library.merge(rows, entries)
    assert sorted(e.name for e in rows.values()) == ["editors.json", "garden.txt", "list.mbox"]


def test_a_thread_whose_file_is_gone_is_still_listed(tmp_path: Path) -> None:
    copy = tmp_path / "gone.txt"
    shutil.copy(GARDEN, copy)
    with Store.open(tmp_path / "data") as store:
        Annotations.open(store, load(copy))
        copy.unlink()
        (row,) = Known.of(store).entries()
    assert row.missing and row.title == "Notes from a small vegetable garden"


def entry(title: str, **fields: object) -> Entry:
    return Entry(title, str(fields.pop("format", "text")), f"/x/{title}", **fields)  # type: ignore[arg-type]


def test_sorting_by_each_column() -> None:
    rows = [
        entry("beta", comments=5, unread=1, opened_at="2026-01-02", format="mbox"),
        entry("Alpha", comments=50, unread=None, opened_at=None),
        entry("gamma", comments=None, unread=9, opened_at="2026-03-01", notes=2),
    ]

    def titles(column: str, reverse: bool = False) -> list[str]:
        return [e.title for e in library.sort_entries(rows, column, reverse)]

    assert titles("opened") == ["gamma", "beta", "Alpha"]  # latest first, never opened last
    assert titles("title") == ["Alpha", "beta", "gamma"]
    assert titles("title", reverse=True) == ["gamma", "beta", "Alpha"]
    assert titles("comments") == ["Alpha", "beta", "gamma"]  # most first, unknown last
    assert titles("unread") == ["gamma", "beta", "Alpha"]
    assert titles("notes") == ["gamma", "Alpha", "beta"]
    assert titles("format") == ["beta", "Alpha", "gamma"]


def test_fuzzy_filter_matches_letters_in_order_closest_first() -> None:
    rows = [
        entry("Notes from a small vegetable garden"),
        entry("Editors for writing", format="native"),
        entry("Gardening tools", format="mbox"),
    ]
    assert [e.title for e in library.filter_entries(rows, "garden")] == [
        "Gardening tools",
        "Notes from a small vegetable garden",
    ]
    assert [e.title for e in library.filter_entries(rows, "edwr")] == ["Editors for writing"]
    assert [e.title for e in library.filter_entries(rows, "native")] == ["Editors for writing"]
    assert library.filter_entries(rows, "zzz") == []
    assert library.filter_entries(rows, "  ") == rows
    assert library.fuzzy_score("gdn", "garden") == 3
    assert library.fuzzy_score("GAR", "garden") == 0


# The comments index.


def assert_index_matches_comments(store: Store) -> None:
    """FTS5's own check that its index holds exactly the rows of `comments` (raises if not)."""
    store._read("INSERT INTO comments_fts (comments_fts, rank) VALUES ('integrity-check', 1)")


def titles_found(store: Store, query: str) -> list[tuple[str, str | None]]:
    return [(m.thread_title, m.author) for m in store.search(query)]


def test_index_a_folder_once_and_search_every_archive_of_it(shelf: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        report = library.index_folder(store, shelf)
        assert (report.indexed, report.unchanged, report.failed) == (3, 0, [])
        again = library.index_folder(store, shelf)
        assert (again.indexed, again.unchanged) == (0, 3)
        assert {m.thread_title for m in store.search("vim")} == {"Editors for writing"}
        mail = store.search("author:" + str(load(MBOX).comments[1].author).split()[0])
        assert {Path(m.path).name for m in mail} == {"list.mbox"}
        assert store.search("Kept") == []  # the README is not an archive: not indexed


def test_search_finds_the_comment_and_marks_the_match(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        thread = load(GARDEN)
        assert library.index_thread(store, thread, GARDEN) == 7  # the post and 6 replies
        matches = store.search("tomato*")
        assert matches and all("omato" in m.excerpt for m in matches)
        first = matches[0]
        assert first.path == str(GARDEN.resolve()) and first.thread_title == thread.title
        assert thread.comments[first.position].id == first.comment_id
        assert any(hit and text.lower().startswith("tomato") for text, hit in first.excerpt_parts())
        authors = {m.author for m in store.search('author:"Tom Hale"')}
        assert authors == {"Tom Hale"}
        assert store.search("author:Tom AND author:Hale")
        assert titles_found(store, "title:vegetable")[0][0] == thread.title
        assert not store.search("tomato NOT tomato")
        both = store.search("tomato OR squash")
        assert len(both) >= len(store.search("tomato"))


def test_a_bad_query_is_one_clear_line(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        for query, words in [
            ('"unterminated', "unterminated string"),
            ("AND", 'syntax error near "AND"'),
            ("colour:red", "no field 'colour'"),
        ]:
            with pytest.raises(BadQuery) as caught:
                store.search(query)
            assert words in str(caught.value) and "\n" not in str(caught.value)


def test_notes_are_searchable_and_follow_edits(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        thread = load(GARDEN)
        garden = Annotations.open(store, thread)
        garden.save_note(2, "ask about the heirloom seeds")
        library.index_thread(store, thread, GARDEN, garden.key)
        (match,) = store.search("note:heirloom")
        assert match.comment_id == thread.comments[2].id
        garden.save_note(4, "compost question")
        assert [m.position for m in store.search("compost")] == [4]
        garden.delete_note(2)
        assert store.search("heirloom") == []
        assert_index_matches_comments(store)


def test_a_note_saved_while_indexing_runs_is_saved_at_once_and_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's writes go before the indexer's: a note saved while a thread is being
    indexed waits for one step of indexing, not for the whole thread."""
    monkeypatch.setattr(store_module, "INDEX_STEP", 2)
    thread = load(GARDEN)
    saved_before_third_row: list[bool] = []
    with Store.open(tmp_path / "data") as store, store.companion() as indexer:
        garden = Annotations.open(store, thread)
        saving = threading.Thread(target=lambda: garden.save_note(5, "pest netting"))

        monkeypatch.setattr(
            library,
            "index_rows",
            rows_meeting_a_write(saving, lambda: store._turns.waiting, saved_before_third_row),
        )
        assert library.index_thread(indexer, thread, GARDEN, garden.key) == 7
        saving.join()
        assert saved_before_third_row == [True]
        assert [m.position for m in store.search("note:netting")] == [5]
        assert_index_matches_comments(store)


def test_a_changed_file_is_indexed_again_and_an_unchanged_one_is_not(tmp_path: Path) -> None:
    copy = tmp_path / "garden.txt"
    shutil.copy(GARDEN, copy)
    with Store.open(tmp_path / "data") as store:
        assert library.index_thread(store, load(copy), copy) == 7
        assert library.index_thread(store, load(copy), copy) is None  # same size and time
        stamp = copy.stat().st_mtime_ns + 5_000_000_000
        os.utime(copy, ns=(stamp, stamp))  # touched: the hash says it is the same
        assert library.index_thread(store, load(copy), copy) is None
        assert store.indexed_file(str(copy.resolve())).mtime_ns == stamp  # type: ignore[union-attr]
        assert store.search("Fortex") == []
        shutil.copy(FIXTURES / "garden-v2.txt", copy)
        report = library.index_folder(store, tmp_path)
        assert (report.indexed, report.comments) == (1, 10)
        assert [m.author for m in store.search("Fortex")] == ["Priya Nair"]
        assert len(store.search("tomato*", limit=100)) == len(
            {m.comment_id for m in store.search("tomato*", limit=100)}
        )  # the old copy's rows are gone, not doubled
        assert_index_matches_comments(store)


def test_a_version_2_store_gains_the_index_and_keeps_its_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:2])
    thread = load(GARDEN)
    with Store.open(tmp_path) as store:
        assert store.version == 2 and store.search_problem is not None
        store.merge([(thread.id, thread.title, thread.format, str(GARDEN))], [], [])
        store.save_note(thread.id, Anchor.of(thread, 3), "from version 2: beans")
    monkeypatch.undo()
    with Store.open(tmp_path) as store:
        assert store.version == store_module.SCHEMA_VERSION == 3
        assert store.search_problem is None
        (record,) = store.all_threads()
        assert (record.notes, record.new) == (1, 0)
        library.index_thread(store, thread, GARDEN)
        assert [m.position for m in store.search("note:beans")] == [3]


def test_without_fts5_the_store_works_and_search_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_make_search_index", lambda connection: NO_FTS5)
    with Store.open(tmp_path) as store:
        assert store.search_problem == NO_FTS5
        Annotations.open(store, load(GARDEN)).save_note(1, "still saved")
        with pytest.raises(SearchUnavailable) as caught:
            store.search("tomato")
        assert "FTS5" in str(caught.value)
        assert Known.of(store).indexed == {}


def test_many_matches_come_latest_indexed_first_without_ranking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path / "data") as store:
        library.index_thread(store, load(GARDEN), GARDEN)
        library.index_thread(store, load(EDITORS), EDITORS)
        ranked = store.search("the OR you OR for", limit=100)
        monkeypatch.setattr(store_module, "RANKED_AT_MOST", 2)
        latest_first = store.search("the OR you OR for", limit=100)
    assert sorted(m.comment_id for m in ranked) == sorted(m.comment_id for m in latest_first)
    assert latest_first[0].thread_title == "Editors for writing"  # indexed last
    positions = [m.position for m in latest_first if m.thread_title == "Editors for writing"]
    assert positions == sorted(positions, reverse=True)
