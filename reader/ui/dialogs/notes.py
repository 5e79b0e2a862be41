"""Dialogs for notes and bookmarks: the note editor, the notes list and the bookmarks list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from reader.annotations import Annotations
from reader.model import one_line
from reader.store import Anchor, Bookmark, Note, Store, StoreError
from reader.ui.dialogs.filters import move_in
from reader.ui.keys import bindings, key_hint
from reader.ui.render import MARK_GLYPHS

EXCERPT_WIDTH = 90


def _excerpt(text: str, width: int = EXCERPT_WIDTH) -> str:
    line = one_line(text)
    return line if len(line) <= width else line[: width - 1] + "…"


@dataclass(frozen=True)
class Target:
    """A place to jump to: a comment of some thread, as the store remembers it."""

    thread_id: str
    thread_title: str
    path: str | None
    anchor: Anchor


class ConfirmDiscard(ModalScreen[bool]):
    """Ask before throwing away an edited note."""

    BINDINGS = bindings("discard")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-discard", classes="dialog"):
            yield Static("Discard the changes to this note?")
            with Horizontal(classes="dialog-buttons"):
                discard = f"Discard ({key_hint(self.app, 'discard.yes')})"
                yield Button(discard, id="discard", variant="error")
                keep = f"Keep editing ({key_hint(self.app, 'discard.no')})"
                yield Button(keep, id="keep", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")


class NoteEditor(ModalScreen[str | None]):
    """Edit the note on one comment. Dismisses with "saved", "deleted" or None (cancelled).

    `save` and `delete` write to the store and may raise StoreError: the editor then shows
    why and keeps the text, so nothing typed is lost.
    """

    BINDINGS = bindings("note")

    def __init__(
        self,
        heading: Text,
        text: str,
        save: Callable[[str], None],
        delete: Callable[[], None] | None,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.initial = text
        self.save = save
        self.delete = delete

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor", classes="dialog"):
            yield Static(self.heading, id="note-heading")
            yield TextArea(self.initial, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(id="note-error")
            with Horizontal(classes="dialog-buttons"):
                save = f"Save ({key_hint(self.app, 'note.save')})"
                yield Button(save, id="save", variant="primary")
                if self.delete is not None:
                    yield Button("Delete note", id="delete", variant="error")
                yield Button(f"Cancel ({key_hint(self.app, 'note.cancel')})", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def _failed(self, error: StoreError) -> None:
        message = Text(f"Not saved: {error}\n", Style(bold=True))
        message.append("Your text is still here: select it (ctrl+a) and copy it (ctrl+c).")
        self.query_one("#note-error", Static).update(message)
        self.add_class("-failed")

    def action_save(self) -> None:
        try:
            self.save(self.text)
        except StoreError as error:
            self._failed(error)
            return
        self.dismiss("saved" if self.text.strip() else "deleted")

    def action_delete(self) -> None:
        if self.delete is None:
            return
        try:
            self.delete()
        except StoreError as error:
            self._failed(error)
            return
        self.dismiss("deleted")

    def action_cancel(self) -> None:
        if self.text == self.initial:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), decided)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"save": self.action_save, "delete": self.action_delete, "cancel": self.action_cancel}[
            event.button.id or "cancel"
        ]()


def _note_option(number: int, note: Note, place: str, show_thread: bool) -> Option:
    label = Text(no_wrap=False)
    if show_thread:
        label.append(note.thread_title or note.thread_id, Style(bold=True))
        label.append("  ")
    label.append(place, Style(dim=True))
    label.append(f"  {note.anchor.author or 'anonymous'}", Style(bold=True))
    label.append(f"  {_excerpt(note.anchor.excerpt, 60)}", Style(dim=True))
    label.append(f"\n  {MARK_GLYPHS['note']} {_excerpt(note.text)}")
    return Option(label, id=str(number))


class NotesList(ModalScreen[Target | None]):
    """The notes of this thread (or, toggled, of every thread); enter jumps to one."""

    BINDINGS = bindings("notes")

    def __init__(self, annotations: Annotations, store: Store) -> None:
        super().__init__()
        self.annotations = annotations
        self.store = store
        self.all_threads = False
        self.entries: list[Note] = []
        self._orphans: dict[str, set[str]] = {}  # thread id -> comment ids its copy lacked

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-list", classes="dialog"):
            yield OptionList(id="notes-options")
            scope, delete = key_hint(self.app, "notes.scope"), key_hint(self.app, "notes.delete")
            hint = f"enter: go to the comment · {scope}: this thread / all threads"
            hint += f" · {delete}: delete"
            yield Static(Text(hint), classes="dialog-hint")

    def on_mount(self) -> None:
        self.fill()

    def fill(self) -> None:
        """List the notes in scope, in thread order; orphans (not in this copy) last."""
        options = self.query_one(OptionList)
        options.clear_options()
        if self.all_threads:
            self.entries = self.store.notes()
            self._orphans = {}
            places = [self._place_in_store(note) for note in self.entries]
        else:
            placed = sorted(self.annotations.notes.items())
            self.entries = [n for _, n in placed] + list(self.annotations.orphan_notes)
            places = [f"#{i}" for i, _ in placed]
            places += ["not in this copy"] * len(self.annotations.orphan_notes)
        for number, (note, place) in enumerate(zip(self.entries, places, strict=True)):
            options.add_option(_note_option(number, note, place, self.all_threads))
        scope = "all threads" if self.all_threads else "this thread"
        self.query_one("#notes-list").border_title = f"Notes: {scope} ({len(self.entries)})"
        if not self.entries:
            empty = f"No notes yet: press {key_hint(self.app, 'screen.note')} on a comment."
            options.add_option(Option(Text(empty), disabled=True))
        else:
            options.highlighted = 0
        options.focus()

    def _place_in_store(self, note: Note) -> str:
        """A note's position, or that the copy of its thread last opened lacked its comment."""
        if note.thread_id not in self._orphans:
            self._orphans[note.thread_id] = self.store.orphans(note.thread_id)
        if note.anchor.comment_id in self._orphans[note.thread_id]:
            return "not found in the copy last opened"
        return f"#{note.anchor.position}"

    def action_toggle_scope(self) -> None:
        self.all_threads = not self.all_threads
        self.fill()

    def action_move(self, step: int) -> None:
        move_in(self.query_one(OptionList), step)

    def _chosen(self) -> Note | None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None or highlighted >= len(self.entries):
            return None
        return self.entries[highlighted]

    def action_delete(self) -> None:
        note = self._chosen()
        if note is None:
            return
        try:
            self.annotations.delete_saved_note(note)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        undo = key_hint(self.app, "screen.undo")
        self.notify(f"Note deleted: {undo} in the thread puts it back.", markup=False)
        self.fill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        note = self._chosen()
        if note is not None:
            self.dismiss(Target(note.thread_id, note.thread_title, note.thread_path, note.anchor))


class BookmarksList(ModalScreen[Target | None]):
    """Every bookmark, newest first, with its thread, author and excerpt; enter jumps there."""

    BINDINGS = bindings("bookmarks")

    def __init__(self, bookmarks: list[Bookmark]) -> None:
        super().__init__()
        self.bookmarks = bookmarks

    def compose(self) -> ComposeResult:
        with Vertical(id="bookmarks-list", classes="dialog"):
            yield OptionList(id="bookmark-options")
            hint = f"enter: go to the comment · {key_hint(self.app, 'bookmarks.close')}: close"
            yield Static(Text(hint), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for number, bookmark in enumerate(self.bookmarks):
            label = Text()
            label.append(f"{MARK_GLYPHS['bookmark']} ", Style(bold=True))
            label.append(bookmark.thread_title or bookmark.thread_id, Style(bold=True))
            label.append(f"  #{bookmark.anchor.position}", Style(dim=True))
            label.append(f"\n  {bookmark.anchor.author or 'anonymous'}", Style(bold=True))
            label.append(f"  {_excerpt(bookmark.anchor.excerpt)}")
            options.add_option(Option(label, id=str(number)))
        if not self.bookmarks:
            empty = Text(
                f"No bookmarks yet: press {key_hint(self.app, 'screen.bookmark')} on a comment."
            )
            options.add_option(Option(empty, disabled=True))
        else:
            options.highlighted = 0
        title = f"Bookmarks ({len(self.bookmarks)}), newest first"
        self.query_one("#bookmarks-list").border_title = title
        options.focus()

    def action_move(self, step: int) -> None:
        move_in(self.query_one(OptionList), step)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        bookmark = self.bookmarks[int(event.option.id)]
        self.dismiss(
            Target(bookmark.thread_id, bookmark.thread_title, bookmark.thread_path, bookmark.anchor)
        )
