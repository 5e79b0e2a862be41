"""The store against a model: random notes, bookmarks, read marks and imports, with the store
closed and reopened, abandoned unclosed (as by a killed process) and written by a second
connection (another app process) between them. Nothing committed is ever lost, and every
connection sees the same thing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from reader.store import Anchor, Note, Store

THREADS = st.sampled_from(["reddit:t3_a", "hn:1", "text:x"])
COMMENTS = st.sampled_from(["c1", "c2", "c3", "0123456789abcdef"])
TEXTS = st.text(max_size=30)
PAST, FUTURE = "2000-01-01T00:00:00+00:00", "2999-01-01T00:00:00+00:00"


def anchor(comment_id: str) -> Anchor:
    return Anchor(
        comment_id, int(comment_id[1:]) if comment_id[1:].isdigit() else 9, "ann", None, "x"
    )


class StoreModel(RuleBasedStateMachine):
    """`store` and `other` are two connections to one file; the model is what was committed."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.store = Store.open(self.folder)
        self.other: Store | None = None
        self.abandoned: list[Store] = []
        self.notes: dict[tuple[str, str], str] = {}
        self.edited: dict[tuple[str, str], int] = {}  # when: 0 past, 1 now, 2 future
        self.bookmarks: set[tuple[str, str]] = set()
        self.read: dict[str, set[str]] = {}

    def _writer(self, second: bool) -> Store:
        return self.other if second and self.other is not None else self.store

    @rule(thread=THREADS, comment=COMMENTS, text=TEXTS, second=st.booleans())
    def save_note(self, thread: str, comment: str, text: str, second: bool) -> None:
        self._writer(second).save_note(thread, anchor(comment), text)
        self.notes[(thread, comment)] = text
        self.edited[(thread, comment)] = 1

    @rule(thread=THREADS, comment=COMMENTS, second=st.booleans())
    def delete_note(self, thread: str, comment: str, second: bool) -> None:
        gone = self._writer(second).delete_note(thread, comment)
        assert (gone is not None) == ((thread, comment) in self.notes)
        self.notes.pop((thread, comment), None)

    @rule(thread=THREADS, comment=COMMENTS, second=st.booleans())
    def toggle_bookmark(self, thread: str, comment: str, second: bool) -> None:
        store = self._writer(second)
        if (thread, comment) in self.bookmarks:
            assert store.remove_bookmark(thread, comment) is not None
            self.bookmarks.remove((thread, comment))
        else:
            store.add_bookmark(thread, anchor(comment))
            self.bookmarks.add((thread, comment))

    @rule(thread=THREADS, comments=st.sets(COMMENTS), read=st.booleans(), second=st.booleans())
    def mark_read(self, thread: str, comments: set[str], read: bool, second: bool) -> None:
        self._writer(second).mark_read(thread, comments, read, unread=0)
        marked = self.read.setdefault(thread, set())
        if read:
            marked |= comments
        else:
            marked -= comments

    @rule(thread=THREADS, comment=COMMENTS, text=TEXTS, newer=st.booleans())
    def import_note(self, thread: str, comment: str, text: str, newer: bool) -> None:
        """A notes export merged in: new notes added, a newer text wins, an older one not."""
        stamp = FUTURE if newer else PAST
        note = Note(thread, anchor(comment), text, PAST, stamp)
        counts = self.store.merge([(thread, "T", "text", None)], [note], [])
        key, when = (thread, comment), 2 if newer else 0
        if key not in self.notes:
            assert counts["notes added"] == 1
            self.notes[key], self.edited[key] = text, when
        elif self.notes[key] != text and when > self.edited[key]:
            assert counts["notes updated"] == 1
            self.notes[key], self.edited[key] = text, when
        else:
            assert counts["notes unchanged"] == 1

    @rule()
    def reopen(self) -> None:
        """The app quits and starts again."""
        self.store.close()
        self.store = Store.open(self.folder)

    @rule()
    def killed(self) -> None:
        """The app is killed: its connection never closed, a new process opens the store."""
        self.abandoned.append(self.store)
        self.store = Store.open(self.folder)

    @precondition(lambda self: self.other is None)
    @rule()
    def second_process(self) -> None:
        self.other = Store.open(self.folder)

    @invariant()
    def every_connection_sees_what_was_committed(self) -> None:
        for store in (self.store, self.other):
            if store is None:
                continue
            notes = {(n.thread_id, n.anchor.comment_id): n.text for n in store.notes()}
            assert notes == self.notes
            assert {(b.thread_id, b.anchor.comment_id) for b in store.bookmarks()} == (
                self.bookmarks
            )
            for thread, marked in self.read.items():
                assert store.read_ids(thread) == marked

    def teardown(self) -> None:
        for store in (self.store, self.other, *self.abandoned):
            if store is not None:
                store.close()


StoreModel.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)
test_store_matches_its_model = StoreModel.TestCase
