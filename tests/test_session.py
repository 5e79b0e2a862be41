"""Opening a thread and reading it, without the App: the reading session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import gen_hn
from reader.annotations import Annotations
from reader.formats import ArchiveError
from reader.session import (
    LOADING_SWITCH_SECONDS,
    Opening,
    ReadingSession,
    open_thread,
    quick_switches,
)
from reader.store import Anchor, Store
from reader.view import Filter
from tests.conftest import FIXTURES

GARDEN = FIXTURES / "garden-v1.txt"
GARDEN_V2 = FIXTURES / "garden-v2.txt"
POST, ANA, TOM, ANA2, MEI, JONAS, MEI2 = range(7)


class Steps:
    """Records what `open_thread` hands over, in order."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.preview: ReadingSession | None = None
        self.whole: ReadingSession | None = None
        self.annotations: Annotations | None = None
        self.cancel = False

    def run(self, opening: Opening) -> ReadingSession | None:
        return open_thread(
            opening,
            cancelled=lambda: self.cancel,
            show_preview=self.on_preview,
            show_whole=self.on_whole,
            attach=self.on_attach,
            report=lambda _fraction: None,
        )

    def on_preview(self, session: ReadingSession) -> None:
        self.seen.append("preview")
        self.preview = session

    def on_whole(self, session: ReadingSession) -> None:
        self.seen.append("whole")
        self.whole = session

    def on_attach(self, annotations: Annotations) -> None:
        self.seen.append("annotations")
        self.annotations = annotations


def test_a_small_file_opens_whole_then_gets_its_annotations(tmp_path: Path) -> None:
    steps = Steps()
    with Store.open(tmp_path) as store:
        session = steps.run(Opening(GARDEN, store=store, preview_from=1 << 24))
    assert steps.seen == ["whole", "annotations"]
    assert session is steps.whole and session is not None
    assert not session.partial and session.waits_for_whole("Search works") is None
    assert steps.annotations is not None and steps.annotations.writable


def test_a_large_file_shows_a_preview_that_waits_for_the_whole(tmp_path: Path) -> None:
    path = tmp_path / "hn.json"
    gen_hn.write(1500, path)
    steps = Steps()
    steps.run(Opening(path, preview_from=0))
    assert steps.seen == ["preview", "whole", "annotations"]
    preview, whole = steps.preview, steps.whole
    assert preview is not None and whole is not None
    assert preview.partial and preview.waits_for_whole("Search works") == (
        "Search works once the whole file is read."
    )
    last = preview.view.rows[-1]
    preview.view.fold(1)  # folded on the preview: folded again on the whole thread
    preview.annotations.read.add(last)
    place = preview.complete(whole)
    assert not preview.partial and preview.thread is whole.thread
    assert preview.view.is_folded(place(1) or -1)
    assert place(last) in preview.annotations.read


def test_a_cancelled_open_gives_nothing_more(tmp_path: Path) -> None:
    steps = Steps()
    steps.cancel = True
    assert steps.run(Opening(GARDEN)) is None
    assert steps.seen == []


def test_a_broken_file_raises_one_clean_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"hits": [')
    with pytest.raises(ArchiveError):
        Steps().run(Opening(broken, format="hackernews"))


def test_a_jump_opens_at_the_comment_found_by_its_anchor(tmp_path: Path) -> None:
    steps = Steps()
    with Store.open(tmp_path) as store:
        first = steps.run(Opening(GARDEN, store=store))
        assert first is not None
        anchor = Anchor.of(first.thread, MEI)
        session = Steps().run(Opening(GARDEN_V2, store=store, jump=anchor))
    assert session is not None and session.start is not None
    assert session.thread.comments[session.start].author == "Mei Chen"


def reopened(store: Store, path: Path = GARDEN) -> ReadingSession:
    steps = Steps()
    session = steps.run(Opening(path, store=store))
    assert session is not None and steps.annotations is not None
    session.attach(steps.annotations)
    return session


def test_a_thread_reopens_at_its_comment_with_its_folds_and_filters(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        session = reopened(store)
        assert session.restore_position() is None  # the first visit starts at the post
        session.view.fold(ANA)
        session.view.set_filter(Filter("author", "Mei Chen"))
        session.save_position(MEI2)
        again = reopened(store)
        assert again.restore_position() == MEI2
        assert again.view.filter_value("author") == "Mei Chen"
        assert again.view.is_folded(ANA)


def test_the_position_follows_the_thread_into_a_newer_copy(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        session = reopened(store)
        session.save_position(MEI)
        newer = reopened(store, GARDEN_V2)
        cursor = newer.restore_position()
    assert cursor is not None and newer.thread.comments[cursor].author == "Mei Chen"


def test_going_to_a_comment_the_filters_hide_drops_them_and_says_which() -> None:
    session = Steps().run(Opening(GARDEN))
    assert session is not None
    session.set_author_filter("Mei Chen")
    assert not session.view.in_base(TOM)
    assert session.go_to(TOM) == ["author"]
    assert session.view.row_of(TOM) is not None
    session.set_author_filter("Mei Chen")
    assert session.go_to(MEI) == []  # kept by the filter: it stays
    assert session.view.filter_value("author") == "Mei Chen"


def test_threads_switch_quickly_only_while_a_file_loads() -> None:
    before = sys.getswitchinterval()
    with quick_switches():
        assert sys.getswitchinterval() == LOADING_SWITCH_SECONDS
        with quick_switches():  # a load given up, and the next one begun meanwhile
            assert sys.getswitchinterval() == LOADING_SWITCH_SECONDS
        assert sys.getswitchinterval() == LOADING_SWITCH_SECONDS
    assert sys.getswitchinterval() == before
