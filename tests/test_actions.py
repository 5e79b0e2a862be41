"""The actions registry: every action once, the keys config.toml may take, clashes told."""

from __future__ import annotations

import string

import pytest
from textual.app import App
from textual.binding import Binding

from reader.actions import (
    ACTIONS,
    BY_ID,
    PARTS,
    actions_of,
    catalog,
    long_keys,
    taken_keys,
)
from reader.ui.app import ReaderApp
from reader.ui.dialogs.filters import AskDialog, FilterMenu, ParticipantPicker
from reader.ui.dialogs.help import HelpScreen
from reader.ui.dialogs.links import LinkPicker
from reader.ui.dialogs.notes import BookmarksList, ConfirmDiscard, NoteEditor, NotesList
from reader.ui.dialogs.open_file import OpenFileDialog
from reader.ui.dialogs.save_url import SaveUrlDialog
from reader.ui.dialogs.search import SearchScreen
from reader.ui.screens.conversation import ConversationColumn
from reader.ui.screens.download import DownloadScreen
from reader.ui.screens.start import StartScreen
from reader.ui.screens.statistics import StatisticsScreen
from reader.ui.screens.thread import ThreadScreen
from reader.ui.widgets.pane import ReadingPane
from reader.ui.widgets.searchbar import SearchBar
from reader.ui.widgets.tree import CommentTree

EVERY_BINDING_HOLDER = (
    ReaderApp,
    CommentTree,
    ReadingPane,
    ThreadScreen,
    SearchBar,
    StartScreen,
    HelpScreen,
    LinkPicker,
    NoteEditor,
    ConfirmDiscard,
    NotesList,
    BookmarksList,
    OpenFileDialog,
    FilterMenu,
    ParticipantPicker,
    AskDialog,
    SaveUrlDialog,
    DownloadScreen,
    StatisticsScreen,
    ConversationColumn,
    SearchScreen,
)


def test_every_binding_of_the_app_is_a_registered_action_and_every_action_is_bound() -> None:
    bound = {
        binding.id: binding
        for holder in EVERY_BINDING_HOLDER
        for binding in holder.BINDINGS
        if isinstance(binding, Binding)
    }
    assert set(bound) == set(BY_ID)
    for action in ACTIONS:
        binding = bound[action.id]
        assert (binding.key, binding.action, binding.description, binding.show) == (
            action.keys,
            action.action,
            action.description,
            action.show,
        )


def test_ids_are_unique_and_name_their_part() -> None:
    assert len(BY_ID) == len(ACTIONS)
    for action in ACTIONS:
        assert action.part in PARTS and action.where == PARTS[action.part]
        assert action in actions_of(action.part)
    with pytest.raises(KeyError, match="no part named 'nope'"):
        actions_of("nope")


def test_the_catalog_holds_the_actions_config_check_used_to_refuse() -> None:
    refused_before = {"note.save", "note.cancel", "notes.scope", "notes.delete", "notes.close"}
    refused_before |= {"bookmarks.close", "discard.yes"}
    refused_before |= {"discard.no", "app.open_file", "app.back", "app.command_palette"}
    assert refused_before <= set(catalog())
    assert catalog()["app.open_file"] == ("O", "Open a file")
    assert catalog()["app.back"] == ("backspace", "Back to the previous thread")


@pytest.mark.parametrize("keys", [*string.printable.strip(), "?,h", "ctrl+z", "f1,question_mark"])
def test_long_keys_spells_keys_as_textual_does(keys: str) -> None:
    assert long_keys(keys) == App._normalize_keymap({"": keys})[""]


def test_taken_keys_within_a_part_and_against_app_wide_keys() -> None:
    actions = catalog()
    assert taken_keys(actions, {"tree.next": "t"}) == [
        ("tree.next", "'t' now does 'Next', no longer 'Next theme'")
    ]
    # Swapping two keys takes nothing from anyone; another part may reuse a key.
    assert taken_keys(actions, {"tree.next": "k", "tree.previous": "j"}) == []
    assert taken_keys(actions, {"pane.down": "o"}) == []
    assert taken_keys(actions, {"library.filter": "x"}) == []
    assert taken_keys(actions, {"library.filter": "j"}) == [
        ("library.filter", "'j' now does 'Filter', no longer 'Down'")
    ]
    assert taken_keys(actions, {"app.help": "h"}) == [
        ("app.help", "'h' now does 'Help', no longer 'Fold'"),
    ]


def test_thread_screen_keys_clash_with_the_tree_and_the_pane_they_work_beside() -> None:
    assert taken_keys(catalog(), {"screen.search": "j"}) == [
        ("screen.search", "'j' now does 'Search', no longer 'Next'"),
        ("screen.search", "'j' now does 'Search', no longer 'Down'"),
    ]
    assert taken_keys(catalog(), {"tree.next": "slash"}) == [
        ("tree.next", "'slash' now does 'Next', no longer 'Search'")
    ]


@pytest.mark.parametrize("parts", [("tree", "screen", "app"), ("pane", "screen", "app")])
def test_no_default_key_does_two_things_on_the_thread_screen(parts: tuple[str, ...]) -> None:
    owners: dict[str, list[str]] = {}
    for part in parts:
        for action in actions_of(part):
            for key in long_keys(action.keys).split(","):
                owners.setdefault(key, []).append(action.id)
    assert {key: ids for key, ids in owners.items() if len(ids) > 1} == {}
