"""The store: permissions, migrations, refusing bad files, failures, concurrency, kills."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader import store as store_module
from reader.formats import load
from reader.store import STORE_FILE, Anchor, Store, StoreError, StoreUnavailable, data_dir

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]


def anchor(comment_id: str, position: int = 1) -> Anchor:
    return Anchor(comment_id, position, "ana", None, f"the text of {comment_id}")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_store_is_private_and_current(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "thread-reader"
    with Store.open(folder) as store:
        store.save_note("t", anchor("c1"), "remember this")
        assert store.version == store_module.SCHEMA_VERSION
        sidecars = sorted(p.name for p in folder.glob(STORE_FILE + "-*"))
        assert sidecars == [f"{STORE_FILE}-shm", f"{STORE_FILE}-wal"]
        assert {mode(folder / name) for name in sidecars} == {0o600}
    assert mode(folder) == 0o700
    assert mode(folder / STORE_FILE) == 0o600


def test_data_dir_from_argument_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THREAD_READER_HOME", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert data_dir(tmp_path / "arg") == tmp_path / "arg"
    with Store.open() as store:
        store.set_setting("theme", "paper")
    with Store.open(tmp_path / "env") as store:
        assert store.get_setting("theme") == "paper"
        assert store.get_setting("missing", "fallback") == "fallback"


def test_settings_survive_reopen(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.set_setting("theme", "dracula")
        store.set_setting("theme", "nord")
    with Store.open(tmp_path) as store:
        assert store.get_setting("theme") == "nord"


def test_migration_steps_run_in_order_and_keep_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path) as store:
        store.save_note("t", anchor("c1"), "written under version 1")
    step = ("ALTER TABLE notes ADD COLUMN colour TEXT DEFAULT 'yellow'",)
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, step])
    with Store.open(tmp_path) as store:
        assert store.version == store_module.SCHEMA_VERSION + 1
        assert [n.text for n in store.notes("t")] == ["written under version 1"]
        assert store._read("SELECT colour FROM notes") == [("yellow",)]


def test_a_version_1_store_gains_orphans_and_keeps_its_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:1])
    with Store.open(tmp_path) as store:
        store.save_note("t", anchor("c1"), "from version 1")
    monkeypatch.undo()
    with Store.open(tmp_path) as store:
        assert store.version == store_module.SCHEMA_VERSION
        assert store.orphans("t") == set()
        store.set_orphans("t", ["c1"])
        assert [n.text for n in store.notes("t")] == ["from version 1"]
    with Store.open(tmp_path) as store:
        assert store.orphans("t") == {"c1"}


def test_failed_migration_leaves_the_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path) as store:
        store.save_note("t", anchor("c1"), "keep me")
    broken = ("ALTER TABLE notes ADD COLUMN fine TEXT", "THIS IS NOT SQL")
    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, broken])
    with pytest.raises(StoreUnavailable):
        Store.open(tmp_path)
    monkeypatch.undo()
    with Store.open(tmp_path) as store:
        assert store.version == store_module.SCHEMA_VERSION
        assert [n.text for n in store.notes("t")] == ["keep me"]
        assert "fine" not in {row[1] for row in store._read("PRAGMA table_info(notes)")}


def test_a_version_1_store_gains_positions_and_keeps_its_notes(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / STORE_FILE)
    for statement in store_module.MIGRATIONS[0]:
        connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 1")
    connection.execute(
        "INSERT INTO notes (thread_id, comment_id, position, excerpt, text, created_at,"
        " updated_at) VALUES ('t', 'c1', 0, 'x', 'from version 1', 'then', 'then')"
    )
    connection.commit()
    connection.close()
    with Store.open(tmp_path) as store:
        assert store.version == store_module.SCHEMA_VERSION
        store.save_position("t", "c1", '{"folds": []}')
        assert store.position("t") == ("c1", '{"folds": []}')
        assert store.position("other") is None
        assert [n.text for n in store.notes("t")] == ["from version 1"]


def test_garbage_file_is_reported_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    garbage = b"this is not a database, it is my shopping list\n" * 200
    path.write_bytes(garbage)
    with pytest.raises(StoreUnavailable) as caught:
        Store.open(tmp_path)
    assert caught.value.path == str(path)
    assert "damaged" in str(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == [STORE_FILE]


def test_damaged_pages_are_reported_and_untouched(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        for number in range(300):
            store.save_note("t", anchor(f"c{number}", number), "a note " * 20)
    path = tmp_path / STORE_FILE
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[3 * page : 6 * page] = b"\xa5" * (3 * page)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreUnavailable, match="damaged"):
        Store.open(tmp_path)
    assert path.read_bytes() == bytes(data)


def test_newer_version_is_reported_and_untouched(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.save_note("t", anchor("c1"), "from the future")
    path = tmp_path / STORE_FILE
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreUnavailable, match="newer thread-reader") as caught:
        Store.open(tmp_path)
    assert caught.value.path == str(path)
    assert path.read_bytes() == before


def test_someone_elses_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreUnavailable, match="not a thread-reader store"):
        Store.open(tmp_path)
    assert path.read_bytes() == before


def test_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    with pytest.raises(StoreUnavailable, match="cannot create the store"):
        Store.open(blocker / "data")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        store.save_note("t", anchor("c1"), "saved before")
    (tmp_path / "data").chmod(0o500)
    (tmp_path / "data" / STORE_FILE).chmod(0o400)
    try:
        with (
            pytest.raises(StoreError, match=r"read-only|cannot open"),
            Store.open(tmp_path / "data") as store,
        ):
            store.save_note("t", anchor("c2"), "not saved")
    finally:
        (tmp_path / "data").chmod(0o700)
        (tmp_path / "data" / STORE_FILE).chmod(0o600)


def test_locked_store_is_a_clear_error_then_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 50)
    with Store.open(tmp_path) as store:
        other = sqlite3.connect(tmp_path / STORE_FILE, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError, match="locked") as caught:
            store.save_note("t", anchor("c1"), "first try")
        assert str(tmp_path / STORE_FILE) in str(caught.value)
        other.execute("ROLLBACK")
        other.close()
        store.save_note("t", anchor("c1"), "second try")
        assert [n.text for n in store.notes("t")] == ["second try"]


def test_full_disk_is_a_clear_error_and_keeps_saved_notes(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.save_note("t", anchor("c1"), "small and safe")
        pages = store._read("PRAGMA page_count")[0][0]
        store._db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreError, match="disk is full"):
            store.save_note("t", anchor("c2"), "x" * 200_000)
        assert [n.text for n in store.notes("t")] == ["small and safe"]


def test_visits_mark_new_comments_and_keep_read_state(tmp_path: Path) -> None:
    first = load(FIXTURES / "editors-v1.json")
    newer = load(FIXTURES / "editors-v2.json")
    with Store.open(tmp_path) as store:
        visit = store.record_open(first)
        assert visit.first_visit and visit.new_ids == frozenset() and visit.read_ids == set()
        store.mark_read(visit.key, ["p1", "c1"], unread=2)
    with Store.open(tmp_path) as store:
        visit = store.record_open(newer)
        assert not visit.first_visit
        assert visit.new_ids == {"c0", "c4"}
        assert visit.read_ids == {"p1", "c1"}
        (record,) = store.recent_threads()
        # five comments under the post; four not read (the post itself counts as read)
        assert (record.title, record.comment_count, record.unread) == ("Editors for writing", 5, 4)
        assert record.path == str((FIXTURES / "editors-v2.json").resolve())


def test_same_title_is_the_same_thread_only_with_shared_comments_or_path(
    tmp_path: Path,
) -> None:
    garden = load(FIXTURES / "garden-v1.txt")
    edited = load(FIXTURES / "garden-v3.txt")  # post edited: another content hash
    stranger_file = tmp_path / "other.txt"
    stranger_file.write_text(
        "Notes from a small vegetable garden\n\nA different blog, a different post.\n\n"
        "   1. Someone says:\n\n      Nothing like the other page.\n",
        encoding="utf-8",
    )
    stranger = load(stranger_file)
    assert len({garden.id, edited.id, stranger.id}) == 3
    with Store.open(tmp_path / "data") as store:
        key = store.record_open(garden).key
        assert store.record_open(edited).key == key
        assert store.record_open(stranger).key == stranger.id
        edited_stranger = load(stranger_file)
        edited_stranger.id = "hash:0000000000000000"  # its post edited in place
        assert store.record_open(edited_stranger).key == stranger.id


def test_recent_threads_newest_first_with_counts(tmp_path: Path) -> None:
    editors = load(FIXTURES / "editors-v1.json")
    garden = load(FIXTURES / "garden-v1.txt")
    with Store.open(tmp_path) as store:
        store.record_open(editors)
        key = store.record_open(garden).key
        store.save_note(key, Anchor.of(garden, 2), "ask about rust")
        store.add_bookmark(key, Anchor.of(garden, 3))
        store.add_bookmark(key, Anchor.of(garden, 4))
        store.mark_read(key, [garden.comments[0].id], unread=6)
    with Store.open(tmp_path) as store:
        titles = [(r.title, r.unread, r.notes, r.bookmarks) for r in store.recent_threads()]
    assert titles == [
        ("Notes from a small vegetable garden", 6, 1, 2),
        ("Editors for writing", 4, 0, 0),
    ]


def test_bookmarks_across_threads_newest_first(tmp_path: Path) -> None:
    editors = load(FIXTURES / "editors-v1.json")
    garden = load(FIXTURES / "garden-v1.txt")
    with Store.open(tmp_path) as store:
        store.record_open(editors)
        store.record_open(garden)
        store.add_bookmark(editors.id, Anchor.of(editors, 2))
        store.add_bookmark(garden.id, Anchor.of(garden, 5))
        store.add_bookmark(editors.id, Anchor.of(editors, 3))
        assert store.remove_bookmark(editors.id, "c2") is not None
    with Store.open(tmp_path) as store:
        found = [(b.thread_title, b.anchor.author, b.anchor.position) for b in store.bookmarks()]
    assert found == [
        ("Editors for writing", "cleo", 3),
        ("Notes from a small vegetable garden", "Jonas Berg", 5),
    ]


def test_deleted_note_and_bookmark_come_back(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        saved = store.save_note("t", anchor("c1"), "do not lose me")
        mark = store.add_bookmark("t", anchor("c2", 2))
        removed_note = store.delete_note("t", "c1")
        removed_mark = store.remove_bookmark("t", "c2")
        assert store.notes("t") == [] and store.bookmarks("t") == []
        assert removed_note is not None and removed_mark is not None
        store.restore_note(removed_note)
        store.restore_bookmark(removed_mark)
    with Store.open(tmp_path) as store:
        (note,) = store.notes("t")
        (bookmark,) = store.bookmarks("t")
    assert (note.text, note.created_at, note.anchor) == (saved.text, saved.created_at, saved.anchor)
    assert bookmark.created_at == mark.created_at


_WRITER = textwrap.dedent(
    """
    import sys
    from reader.store import Anchor, Store
    folder, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Store.open(folder) as store:
        for number in range(count):
            anchor = Anchor(f"{name}-{number}", number, name, None, "excerpt")
            store.save_note("shared", anchor, f"note {number} from {name}")
            print(number, flush=True)
    """
)


def _writer(folder: Path, name: str, count: int) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(folder), name, str(count)],
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    )


def test_processes_writing_at_once_keep_every_note(tmp_path: Path) -> None:
    # They also race to create and migrate the store: each must wait for, not refuse, the other.
    names = ("left", "right", "third")
    writers = [_writer(tmp_path / "new", name, 100) for name in names]
    for writer in writers:
        assert writer.wait(timeout=60) == 0
    with Store.open(tmp_path / "new") as store:
        texts = {n.text for n in store.notes("shared")}
    assert len(texts) == 300
    assert {f"note 99 from {name}" for name in names} <= texts


def test_killed_writer_never_loses_a_committed_note(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    committed: set[str] = set()
    for round_number, stop_after in enumerate((1, 7, 23, 40, 3, 61, 15, 90)):
        name = f"round{round_number}"
        writer = _writer(tmp_path, name, 10_000)
        assert writer.stdout is not None
        for _ in range(stop_after):
            committed.add(f"note {int(writer.stdout.readline())} from {name}")
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        with Store.open(tmp_path) as store:
            assert store._read("PRAGMA integrity_check") == [("ok",)]
            texts = {n.text for n in store.notes("shared")}
        assert committed <= texts
