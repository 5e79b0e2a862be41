"""The comments index filled by a child process (reader.indexer, `thread-reader index-one`)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from reader import indexer, library
from reader import store as store_module
from reader.annotations import Annotations
from reader.formats import load
from reader.indexer import WAIT, BackgroundIndexer, Job
from reader.store import Store
from tests.conftest import FIXTURES
from tests.helpers import reader_app
from tests.indexing import rows_meeting_a_write

GARDEN = FIXTURES / "garden-v1.txt"
WAIT_AT_MOST = 120  # seconds: only so a broken child cannot hang the suite


def write_long_thread(path: Path, comments: int) -> None:
    """A text archive of `comments` replies to one post, each with its own word."""
    lines = ["A long thread", "", "The post of a long thread.", ""]
    for number in range(1, comments + 1):
        lines += [f"   {number}. user{number % 7} says:", "", f"      reply word{number} here", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def positions(store: Store, query: str) -> list[int]:
    return sorted(match.position for match in store.search(query, limit=1000))


async def test_the_app_has_a_child_index_a_thread_it_read(
    tmp_path: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "garden.txt"
    shutil.copy(GARDEN, copy)
    monkeypatch.setattr(indexer, "IN_PROCESS_AT_MOST", 0)  # every thread is "large"

    def not_here(*args: object) -> None:
        raise AssertionError("indexed in the app's process")

    monkeypatch.setattr(library, "index_thread", not_here)
    async with reader_app(copy) as (app, _pilot):
        assert app.indexer is not None  # a child indexes (index_thread here would fail)
        assert await asyncio.to_thread(app.indexer.wait, WAIT_AT_MOST)
        with Store.open(private_home) as store:
            (match,) = store.search("trellis")
            assert (match.path, match.position) == (str(copy.resolve()), 1)


def test_a_note_saved_while_a_child_indexes_is_on_disk_at_once_and_found(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "long.txt"
    write_long_thread(archive, 3000)
    thread = load(archive)
    saved: list[int] = []
    with Store.open(tmp_path / "data") as store:
        annotations = Annotations.open(store, thread)
        children = BackgroundIndexer(store)
        children.add(archive, annotations.key)
        index = 1
        while children.busy and index < len(thread.comments):
            annotations.save_note(index, f"kept{index} while indexing")
            with Store.open(tmp_path / "data") as other:  # on disk when save_note returns
                assert other.note(annotations.key, thread.comments[index].id) is not None
            saved.append(index)
            index += 97
        assert children.wait(WAIT_AT_MOST)
        assert saved  # the child was still at work when the first note was saved
        assert sorted(n.anchor.position for n in store.notes(annotations.key)) == saved
        assert positions(store, "note:while") == saved
        assert positions(store, "word2999") == [2999]
        store._read("INSERT INTO comments_fts (comments_fts, rank) VALUES ('integrity-check', 1)")


def test_the_apps_write_waits_for_one_step_of_an_indexer_in_another_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two connections that share no write turns, as two processes: the app's side tells the
    indexer's side of its write over a pipe, and the indexer ends its transaction at the next
    step (without that, it would hold the file until its transaction of 5,000 rows ended)."""
    monkeypatch.setattr(store_module, "INDEX_STEP", 2)
    thread = load(GARDEN)
    saved_before_third_row: list[bool] = []
    reading, writing = os.pipe()
    with Store.open(tmp_path / "data") as store:
        monkeypatch.setattr(store_module, "_TURNS", {})  # the indexer's turns are its own
        with store.companion() as child:
            assert child._turns is not store._turns
            pipe = os.fdopen(writing, "wb", buffering=0)
            tell = lambda waiting: pipe.write(WAIT if waiting else indexer.DONE)  # noqa: E731
            store.tell_writes(tell)
            assert store._read("PRAGMA wal_autocheckpoint") == [(0,)]  # the indexer's job now
            commands = os.fdopen(reading, "rb")
            follower = threading.Thread(target=indexer.follow, args=(commands, child), daemon=True)
            follower.start()
            garden = Annotations.open(store, thread)
            saving = threading.Thread(target=lambda: garden.save_note(5, "pest netting"))

            monkeypatch.setattr(
                library,
                "index_rows",
                rows_meeting_a_write(saving, lambda: child._turns.waiting, saved_before_third_row),
            )
            assert library.index_thread(child, thread, GARDEN, garden.key) == 7
            saving.join()
            pipe.close()  # the app gone: the follower reads the end and stops
            follower.join(WAIT_AT_MOST)
            commands.close()
            store.stop_telling(tell)
            assert store._read("PRAGMA wal_autocheckpoint") == [(1000,)]
            pipe.close()
        assert saved_before_third_row == [True]
        assert positions(store, "note:netting") == [5]


def test_a_stale_index_is_refreshed_by_the_child_and_a_current_one_is_not_read(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "garden.txt"
    shutil.copy(GARDEN, copy)
    with Store.open(tmp_path / "data") as store:
        children = BackgroundIndexer(store)
        children.add(copy)
        assert children.wait(WAIT_AT_MOST) and library.indexed_as_is(store, copy)
        assert store.search("Fortex") == []
        stamp = copy.stat().st_mtime_ns + 5_000_000_000
        os.utime(copy, ns=(stamp, stamp))  # touched, not changed: the hash says so
        assert not library.indexed_as_is(store, copy)
        children.add(copy)
        assert children.wait(WAIT_AT_MOST) and library.indexed_as_is(store, copy)
        shutil.copy(FIXTURES / "garden-v2.txt", copy)  # changed: indexed again
        children.add(copy)
        assert children.wait(WAIT_AT_MOST) and library.indexed_as_is(store, copy)
        assert [m.author for m in store.search("Fortex")] == ["Priya Nair"]
        assert store.indexed_file(str(copy.resolve())).comment_count == 9  # type: ignore[union-attr]
        children.close()
        children.add(copy)
        assert not children.busy  # closed: no more children


def test_a_child_exits_cleanly_while_its_app_is_still_there(tmp_path: Path) -> None:
    """The usual end: the file indexed while the app keeps the pipe open (the child's reader
    of it still waiting for a line), and the child exits with 0, not an abort at exit."""
    data = tmp_path / "data"
    Store.open(data).close()
    with subprocess.Popen(
        indexer.command(Job(GARDEN), data),
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=indexer.child_environment(),
    ) as child:
        assert child.wait(WAIT_AT_MOST) == 0
        assert child.stderr is not None and child.stderr.read() == b""
        assert child.stdin is not None
    with Store.open(data) as store:
        assert library.indexed_as_is(store, GARDEN)


def test_a_child_whose_app_is_gone_finishes_its_file_and_exits(tmp_path: Path) -> None:
    """The app killed while its write waited: the pipe closes, the child indexes the whole
    file and exits rather than waiting for ever."""
    data = tmp_path / "data"
    Store.open(data).close()
    child = subprocess.Popen(
        indexer.command(Job(GARDEN), data),
        stdin=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=indexer.child_environment(),
    )
    assert child.stdin is not None
    child.stdin.write(WAIT)
    child.stdin.close()
    assert child.wait(WAIT_AT_MOST) == 0
    with Store.open(data) as store:
        assert library.indexed_as_is(store, GARDEN)
        assert positions(store, "trellis") == [1]
    missing = subprocess.run(
        indexer.command(Job(tmp_path / "gone.txt"), data),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=indexer.child_environment(),
    )
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "gone.txt" in missing.stderr


def test_a_file_taken_over_by_another_indexer_midway_is_indexed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two indexers of one file (two apps, or an app and `search --in`): the one that started
    first stops when the other replaces the file's rows, and leaves no rows of its own."""
    monkeypatch.setattr(store_module, "CHECKPOINT_ROWS", 1)  # between each two transactions
    thread = load(GARDEN)
    with Store.open(tmp_path / "data") as store, store.companion() as first:
        taken_over: list[int | None] = []

        def between_transactions() -> None:
            if not taken_over:
                with store.companion() as second:
                    taken_over.append(library.index_thread(second, thread, GARDEN))

        monkeypatch.setattr(first, "_checkpoint", between_transactions)
        file = store_module.IndexedFile(str(GARDEN.resolve()), thread.id, "", "text", 1, 1, "", 0)
        first.replace_index(file, library.index_rows(thread), chunk=2)
        assert taken_over == [7]
        assert positions(store, "trellis") == [1]
        (count,) = store._read("SELECT count(*) FROM comments")[0]
        assert count == 7
        assert library.indexed_as_is(store, GARDEN)
