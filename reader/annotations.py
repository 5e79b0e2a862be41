"""Notes, bookmarks and read state of one open thread, resolved to comment indices.

`locate` finds where saved anchors sit in a (possibly newer, moved or edited) copy of a thread:
by comment id first; for ids that are content hashes (text archives, whose ids change when the
text changes) by the saved excerpt's similarity, the author and the position. What cannot be
found is an orphan, kept and listed with its saved excerpt, never dropped.

`Annotations` is the session object the app holds: it records the visit, keeps notes, bookmarks,
read and new marks by index, writes each user action to the store, and undoes deletions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from contextlib import suppress
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cached_property
from typing import TypeVar

from reader.model import Thread, normalise
from reader.store import (
    READABLE_KINDS,
    Anchor,
    Bookmark,
    Note,
    Store,
    StoreError,
    is_content_id,
)

_Record = TypeVar("_Record", Note, Bookmark)

STORE_OPENING = "the store is still opening"

SAME_AUTHOR_SIMILARITY = 0.6
OTHER_AUTHOR_SIMILARITY = 0.85
# A candidate sharing fewer of the excerpt's words than this is not compared letter by letter.
WORD_OVERLAP = 0.4
# How many comments nearest the saved position are compared with an anchor's excerpt, and
# how many characters of each excerpt.
SEARCH_WINDOW = 2000
COMPARE_CHARS = 240
# A match this close, found nearest the saved position first, ends the search.
SURE_MATCH = 0.92


def locate(thread: Thread, anchors: Sequence[Anchor]) -> dict[str, int]:
    """Map each anchor's comment id to the index of its comment in `thread`, where found."""
    by_id = {comment.id: index for index, comment in enumerate(thread.comments)}
    found: dict[str, int] = {}
    pending: list[Anchor] = []
    for anchor in anchors:
        index = by_id.get(anchor.comment_id)
        if index is not None:
            found[anchor.comment_id] = index
        elif is_content_id(anchor.comment_id):
            pending.append(anchor)
    if not pending:
        return found
    taken = set(found.values())
    texts = _Texts(thread)
    offers: list[tuple[float, int, str]] = []
    for anchor in pending:
        for score, index in _candidates(thread, texts, anchor):
            offers.append((score, index, anchor.comment_id))
    offers.sort(key=lambda offer: -offer[0])
    for _score, index, comment_id in offers:
        if comment_id not in found and index not in taken:
            found[comment_id] = index
            taken.add(index)
    return found


class _Texts:
    """Normalised excerpts and their word sets, computed once per comment when first needed."""

    def __init__(self, thread: Thread) -> None:
        self.thread = thread
        self.cache: dict[int, tuple[str, frozenset[str]]] = {}

    def __getitem__(self, index: int) -> tuple[str, frozenset[str]]:
        entry = self.cache.get(index)
        if entry is None:
            entry = _comparable(self.thread.comments[index].body)
            self.cache[index] = entry
        return entry


def _comparable(text: str) -> tuple[str, frozenset[str]]:
    """The start of a body or excerpt as compared: normalised, and its set of words."""
    text = normalise(text[: COMPARE_CHARS * 2])[:COMPARE_CHARS]
    return text, frozenset(text.split())


def _nearest_first(centre: int, total: int, limit: int) -> Iterator[int]:
    """Indices from `centre` outwards (centre, +1, -1, +2, ...), at most `limit` of them."""
    yielded = 0
    for step in range(total):
        for index in (centre + step, centre - step) if step else (centre,):
            if 0 <= index < total:
                yield index
                yielded += 1
                if yielded >= limit:
                    return


def _candidates(thread: Thread, texts: _Texts, anchor: Anchor) -> list[tuple[float, int]]:
    """Comments near the saved position whose text is like the saved excerpt, with a score."""
    wanted, wanted_words = _comparable(anchor.excerpt)
    total = len(thread.comments)
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    results: list[tuple[float, int]] = []
    for index in _nearest_first(min(max(anchor.position, 0), total - 1), total, SEARCH_WINDOW):
        comment = thread.comments[index]
        if comment.kind not in READABLE_KINDS:
            continue
        text, words = texts[index]
        union = len(words | wanted_words)
        if union and len(words & wanted_words) / union < WORD_OVERLAP:
            continue
        same_author = anchor.author is None or comment.author == anchor.author
        needed = SAME_AUTHOR_SIMILARITY if same_author else OTHER_AUTHOR_SIMILARITY
        matcher.set_seq1(text)
        if matcher.quick_ratio() < needed:
            continue
        similarity = 1.0 if text == wanted else matcher.ratio()
        if similarity < needed:
            continue
        nearness = 1 - abs(index - anchor.position) / max(total, 1)
        results.append((similarity + (0.05 if same_author else 0) + 0.05 * nearness, index))
        if similarity >= SURE_MATCH and same_author:
            break
    return results


@dataclass
class Annotations:
    """What the reader has added to one open thread, by comment index, kept in the store.

    `store` is None when the store is unavailable (`unavailable` says why): the thread still
    opens, read marks live for the session only, and saving a note raises StoreError.
    """

    thread: Thread
    store: Store | None
    key: str
    unavailable: str | None = None
    notes: dict[int, Note] = field(default_factory=dict)
    bookmarks: dict[int, Bookmark] = field(default_factory=dict)
    orphan_notes: list[Note] = field(default_factory=list)
    orphan_bookmarks: list[Bookmark] = field(default_factory=list)
    read: set[int] = field(default_factory=set)
    new: set[int] = field(default_factory=set)
    first_visit: bool = True
    _pending_read: set[int] = field(default_factory=set, repr=False)
    _undo: list[Note | Bookmark] = field(default_factory=list, repr=False)

    @classmethod
    def open(
        cls, store: Store | None, thread: Thread, unavailable: str | None = None
    ) -> Annotations:
        """Record the visit in the store and place its notes and bookmarks on `thread`.

        A StoreError while recording (a locked or read-only store) leaves the thread readable:
        the annotations come back read-only with the reason in `unavailable`.
        """
        if store is None:
            return cls(thread, None, thread.id, unavailable or "the store is not available")
        try:
            visit = store.record_open(thread)
            notes, bookmarks = store.notes(visit.key), store.bookmarks(visit.key)
        except StoreError as error:
            return cls(thread, None, thread.id, str(error))
        annotations = cls(thread, store, visit.key, first_visit=visit.first_visit)
        annotations.read = _indices(thread, visit.read_ids)
        annotations.new = _indices(thread, visit.new_ids)
        annotations._place(notes, bookmarks)
        return annotations

    @classmethod
    def opening(cls, thread: Thread) -> Annotations:
        """Stand-in annotations for the moments between showing a thread and its store answering.

        Nothing is saved through them; `adopt` carries what the reader did meanwhile over.
        """
        return cls(thread, None, thread.id, STORE_OPENING)

    @property
    def is_opening(self) -> bool:
        return self.store is None and self.unavailable == STORE_OPENING

    def adopt(self, earlier: Annotations) -> None:
        """Keep the read marks gathered by the stand-in `earlier` (saved at the next flush)."""
        gained = earlier.read - self.read
        self.read |= gained
        self._pending_read |= gained

    @property
    def writable(self) -> bool:
        return self.store is not None

    def _place(self, notes: list[Note], bookmarks: list[Bookmark]) -> None:
        """Resolve saved anchors to indices; re-file those found under a new comment id."""
        anchors = [n.anchor for n in notes] + [b.anchor for b in bookmarks]
        found = locate(self.thread, anchors)
        moves: dict[str, Anchor] = {}
        for note in notes:
            index = found.get(note.anchor.comment_id)
            if index is None:
                self.orphan_notes.append(note)
                continue
            self.notes[index] = _settle(self.thread, note, index)
            if self.notes[index] is not note:
                moves[note.anchor.comment_id] = self.notes[index].anchor
        for bookmark in bookmarks:
            index = found.get(bookmark.anchor.comment_id)
            if index is None:
                self.orphan_bookmarks.append(bookmark)
                continue
            self.bookmarks[index] = _settle(self.thread, bookmark, index)
            if self.bookmarks[index] is not bookmark:
                moves[bookmark.anchor.comment_id] = self.bookmarks[index].anchor
        if self.store is None:
            return
        # On failure they are found again next time; this session shows them in place.
        with suppress(StoreError):
            if moves:
                self.store.reanchor(self.key, moves.items())
            lost = self.orphan_notes + self.orphan_bookmarks
            self.store.set_orphans(self.key, (item.anchor.comment_id for item in lost))

    def _store(self) -> Store:
        if self.store is None:
            raise StoreError("(no store)", f"notes are read-only: {self.unavailable}")
        return self.store

    # Bookmarks.

    def toggle_bookmark(self, index: int) -> bool:
        """Bookmark the comment at `index`, or remove its bookmark (undoable); True if now set."""
        store = self._store()
        if index in self.bookmarks:
            removed = store.remove_bookmark(self.key, self.bookmarks[index].anchor.comment_id)
            del self.bookmarks[index]
            if removed is not None:
                self._undo.append(removed)
            return False
        self.bookmarks[index] = store.add_bookmark(self.key, Anchor.of(self.thread, index))
        return True

    # Notes.

    def note(self, index: int) -> Note | None:
        return self.notes.get(index)

    def save_note(self, index: int, text: str) -> Note | None:
        """Save the note on a comment; empty text deletes it (undoably). Raises StoreError."""
        if not text.strip():
            self.delete_note(index)
            return None
        note = self._store().save_note(self.key, Anchor.of(self.thread, index), text)
        self.notes[index] = note
        return note

    def delete_note(self, index: int) -> Note | None:
        """Delete the note on a comment; `undo` puts it back."""
        note = self.notes.get(index)
        if note is None:
            return None
        removed = self._store().delete_note(self.key, note.anchor.comment_id)
        del self.notes[index]
        if removed is not None:
            self._undo.append(removed)
        return removed

    def delete_saved_note(self, note: Note) -> None:
        """Delete a note as listed (placed here, orphaned, or of another thread); undoable."""
        removed = self._store().delete_note(note.thread_id, note.anchor.comment_id)
        if note.thread_id == self.key:
            gone = note.anchor.comment_id
            self.notes = {i: n for i, n in self.notes.items() if n.anchor.comment_id != gone}
            self.orphan_notes = [n for n in self.orphan_notes if n.anchor.comment_id != gone]
        if removed is not None:
            self._undo.append(removed)

    def undo(self) -> Note | Bookmark | None:
        """Put back the last deleted note or removed bookmark; returns it (None if nothing)."""
        if not self._undo:
            return None
        record = self._undo[-1]
        store = self._store()
        if isinstance(record, Note):
            store.restore_note(record)
        else:
            store.restore_bookmark(record)
        self._undo.pop()
        self._replace(record)
        return record

    def _replace(self, record: Note | Bookmark) -> None:
        if record.thread_id != self.key:
            return
        found = locate(self.thread, [record.anchor]).get(record.anchor.comment_id)
        if isinstance(record, Note):
            if found is None:
                self.orphan_notes.append(record)
            else:
                self.notes[found] = record
        elif found is None:
            self.orphan_bookmarks.append(record)
        else:
            self.bookmarks[found] = record

    # Read state.

    def readable(self, index: int) -> bool:
        return self.thread.comments[index].kind in READABLE_KINDS

    def shown(self, index: int) -> bool:
        """The comment was shown in the reading pane: read from now on (saved by `flush`).

        Returns True if it was unread.
        """
        if index in self.read or not self.readable(index):
            return False
        self.read.add(index)
        self._pending_read.add(index)
        return True

    def flush(self) -> None:
        """Save read marks gathered by `shown`, in one transaction (kept for later on failure)."""
        if not self._pending_read or self.store is None:
            return
        pending = sorted(self._pending_read)
        self.store.mark_read(
            self.key,
            (self.thread.comments[i].id for i in pending),
            unread=self.unread_count(),
        )
        self._pending_read.difference_update(pending)

    def mark(self, indices: Iterable[int], read: bool) -> None:
        """Mark comments read or unread (a user command): one transaction."""
        chosen = [i for i in indices if self.readable(i)]
        after = set(self.read)
        if read:
            after.update(chosen)
        else:
            after.difference_update(chosen)
        unread = self.readable_total - len(after)
        if self.store is not None:
            ids = (self.thread.comments[i].id for i in chosen)
            self.store.mark_read(self.key, ids, read, unread=unread)
        self.read = after
        if not read:
            self._pending_read.difference_update(chosen)

    def mark_all(self, read: bool) -> None:
        """Mark the whole thread read or unread (a user command): one transaction."""
        if self.store is not None:
            unread = 0 if read else self.readable_total
            self.store.mark_thread(self.key, read, unread=unread)  # every comment has a row
        self.read = {i for i in range(len(self.thread)) if self.readable(i)} if read else set()
        self._pending_read.clear()

    @cached_property
    def readable_total(self) -> int:
        counts = self.thread.kind_counts()
        return sum(counts.get(kind, 0) for kind in READABLE_KINDS)

    def unread_count(self) -> int:
        return self.readable_total - len(self.read)

    def is_unread(self, index: int) -> bool:
        return index not in self.read and self.readable(index)

    def is_new(self, index: int) -> bool:
        """Whether the comment was not in the thread when it was last opened."""
        return index in self.new

    def is_annotated(self, index: int) -> bool:
        """Whether the comment has a note or a bookmark."""
        return index in self.notes or index in self.bookmarks

    def marks_of(self, index: int) -> frozenset[str]:
        """The tree marks of a comment: unread, new, bookmark, note."""
        key = (
            self.is_unread(index),
            index in self.new,
            index in self.bookmarks,
            index in self.notes,
        )
        marks = _MARK_SETS.get(key)
        if marks is None:
            names = ("unread", "new", "bookmark", "note")
            marks = _MARK_SETS[key] = frozenset(n for n, on in zip(names, key, strict=True) if on)
        return marks

    @property
    def marks(self) -> Marks:
        return Marks(self)

    def next_unread(self, after: int) -> int | None:
        """The first unread comment after `after` in thread order, wrapping around."""
        total = len(self.thread.comments)
        for step in range(1, total + 1):
            index = (after + step) % total
            if self.is_unread(index):
                return index
        return None


_MARK_SETS: dict[tuple[bool, ...], frozenset[str]] = {}


class Marks(Mapping[int, frozenset[str]]):
    """The marks of every comment, computed when a row is drawn (no per-comment storage)."""

    def __init__(self, annotations: Annotations) -> None:
        self.annotations = annotations

    def __getitem__(self, index: int) -> frozenset[str]:
        if not 0 <= index < len(self.annotations.thread.comments):
            raise KeyError(index)
        return self.annotations.marks_of(index)

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.annotations.thread.comments)))

    def __len__(self) -> int:
        return len(self.annotations.thread.comments)


def _indices(thread: Thread, ids: Set[str]) -> set[int]:
    """The indices of the comments with these ids (no map of every id: on a first visit of a
    100,000-comment thread that map alone was 5 MB of the app's peak, for no id)."""
    if not ids:
        return set()
    return {index for index, comment in enumerate(thread.comments) if comment.id in ids}


def _settle(thread: Thread, record: _Record, index: int) -> _Record:
    """The record anchored where it was found: a new id and excerpt if it was found by its
    text; otherwise only the position is brought up to date (the saved excerpt is kept, so a
    comment deleted in a newer copy still shows what the note was about)."""
    if thread.comments[index].id == record.anchor.comment_id:
        anchor = replace(record.anchor, position=index)
    else:
        anchor = Anchor.of(thread, index)
    return record if anchor == record.anchor else replace(record, anchor=anchor)
