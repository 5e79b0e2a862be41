"""Every action of the app: its id, default keys, description, and the part it belongs to.

The one list the footer, the help screen, `config --check`, `config --default` and the hints
on screen read. No Textual import: the command line lists and checks actions without the UI.
An action's id is `part.name`: the part (`tree`, `screen`, `app`, ...) is the widget, screen
or dialog whose keys it is. Keys are Textual key names, comma-separated ("j,down").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    """One thing a key does. `action` is the Textual action string ("depth(3)")."""

    id: str
    keys: str
    description: str
    action: str
    where: str
    show: bool = False
    priority: bool = False

    @property
    def part(self) -> str:
        """The widget, screen or dialog the action belongs to: "tree" for "tree.next"."""
        return self.id.partition(".")[0]

    @property
    def key_list(self) -> list[str]:
        return [key.strip() for key in self.keys.split(",")]


# Section titles of the help screen, one per part, in the order help lists them.
PARTS: dict[str, str] = {
    "tree": "Comment tree",
    "pane": "Reading pane",
    "screen": "Thread screen",
    "search": "Search bar",
    "library": "Library",
    "found": "Search all threads",
    "app": "Everywhere",
    "help": "Help",
    "links": "Link picker",
    "note": "Note editor",
    "discard": "Discard changes",
    "notes": "Notes list",
    "bookmarks": "Bookmarks list",
    "open": "Open a file",
    "filters": "Filter menu",
    "participants": "Participants",
    "ask": "Date and score filters",
    "url": "Save from a URL",
    "download": "Downloading",
    "stats": "Statistics",
    "conversation": "Conversation view",
}

# Parts whose keys work at the same moment besides the app-wide ones: the thread screen's keys
# also work while the tree, the reading pane or the search bar has the focus.
ACTIVE_TOGETHER: frozenset[frozenset[str]] = frozenset(
    {frozenset({"tree", "screen"}), frozenset({"pane", "screen"})}
)


def _make(
    id: str, keys: str, description: str, action: str, *, show: bool = False, priority: bool = False
) -> Action:
    part = id.partition(".")[0]
    return Action(id, keys, description, action, PARTS[part], show=show, priority=priority)


ACTIONS: tuple[Action, ...] = (
    # The comment tree.
    _make("tree.next", "j", "Next", "cursor_down", show=True),
    _make("tree.previous", "k", "Prev", "cursor_up", show=True),
    _make("tree.next_arrow", "down", "Next", "cursor_down"),
    _make("tree.previous_arrow", "up", "Prev", "cursor_up"),
    _make("tree.next_sibling", "J", "Next sibling", "next_sibling"),
    _make("tree.previous_sibling", "K", "Prev sibling", "previous_sibling"),
    _make("tree.collapse", "h", "Fold", "collapse_or_parent", show=True),
    _make("tree.expand", "l", "Unfold", "expand_or_child", show=True),
    _make("tree.collapse_arrow", "left", "Fold", "collapse_or_parent"),
    _make("tree.expand_arrow", "right", "Unfold", "expand_or_child"),
    _make("tree.toggle", "space,enter", "Toggle", "toggle_fold"),
    _make("tree.parent", "p", "Parent", "parent"),
    _make("tree.root", "r", "Post", "root"),
    _make("tree.prev_top", "left_square_bracket", "Prev top", "previous_top"),
    _make("tree.next_top", "right_square_bracket", "Next top", "next_top"),
    _make("tree.first", "g,home", "First", "first"),
    _make("tree.last", "G,end", "Last", "last"),
    _make("tree.page_up", "pageup", "Page up", "page_up"),
    _make("tree.page_down", "pagedown", "Page down", "page_down"),
    *(_make(f"tree.depth_{n}", str(n), f"Depth {n}", f"depth({n})") for n in range(1, 10)),
    _make("tree.unfold_all", "0", "Unfold all", "depth(0)"),
    _make("tree.next_match", "n", "Next match", "next_match"),
    _make("tree.previous_match", "N", "Prev match", "previous_match"),
    _make("tree.filter_author", "a", "Author filter", "filter_author"),
    _make("tree.step_all", "i", "Step: every row / matches", "toggle_step_all"),
    _make("tree.open_link", "o", "Open link", "open_link", show=True),
    _make("tree.copy", "y", "Copy", "copy"),
    # The reading pane.
    _make("pane.down", "j,down", "Down", "scroll_down", show=True),
    _make("pane.up", "k,up", "Up", "scroll_up", show=True),
    _make("pane.page_down", "space", "Page", "page_down"),
    _make("pane.top", "g,home", "Top", "scroll_home"),
    _make("pane.bottom", "G,end", "Bottom", "scroll_end"),
    # The thread screen (whichever of tree and pane has the focus).
    _make("screen.search", "slash", "Search", "search", show=True),
    _make("screen.toggle_revealed", "z", "Quotes/CW", "toggle_revealed"),
    _make("screen.bookmark", "b", "Bookmark", "toggle_bookmark"),
    _make("screen.note", "e", "Note", "edit_note"),
    _make("screen.notes", "E", "Notes list", "list_notes"),
    _make("screen.next_unread", "u", "Next unread", "next_unread"),
    _make("screen.undo", "ctrl+z", "Undo delete", "undo"),
    _make("screen.filter_menu", "f", "Filters", "filter_menu"),
    _make("screen.clear_filters", "F", "Clear all filters", "clear_filters"),
    _make("screen.filter_participants", "A", "Filter: pick an author", "filter_participants"),
    _make("screen.filter_op", "P", "Filter: original poster only", "filter_op"),
    _make("screen.filter_unread", "U", "Filter: unread only", "filter_unread"),
    _make("screen.filter_new", "W", "Filter: new since last visit", "filter_new"),
    _make("screen.filter_annotated", "M", "Filter: with a note or bookmark", "filter_annotated"),
    _make("screen.filter_dates", "D", "Filter: date range", "filter_dates"),
    _make("screen.filter_score", "greater_than_sign", "Filter: minimum score", "filter_score"),
    _make("screen.refresh_thread", "R", "Refresh from the web", "refresh_thread"),
    _make("screen.statistics", "S", "Statistics", "statistics"),
    _make("screen.conversation", "c", "Conversation", "conversation"),
    _make("screen.flat", "v", "Flat/tree view", "toggle_flat"),
    _make("screen.sort", "s", "Sort replies", "cycle_order"),
    _make("screen.zoom_in", "Z", "Zoom in", "zoom_in"),
    _make("screen.zoom_out", "X", "Zoom out", "zoom_out"),
    _make("screen.stubs", "H", "Hide/show stubs", "toggle_stubs"),
    # The search bar.
    _make("search.find", "enter", "Find", "submit"),
    _make("search.close", "escape", "Close", "close", show=True),
    _make("search.regex", "ctrl+r", "Regex on/off", "toggle_regex", show=True),
    # The library (the start screen).
    _make("library.filter", "f", "Filter", "filter", show=True),
    _make("library.search", "slash,ctrl+f", "Search all threads", "search", show=True),
    _make("library.sort", "s", "Sort", "next_sort", show=True),
    _make("library.reverse", "S", "Reverse order", "reverse_sort"),
    _make("library.down", "j", "Down", "cursor('down')"),
    _make("library.up", "k", "Up", "cursor('up')"),
    _make("library.clear", "escape", "Clear filter", "clear_filter"),
    # Everywhere.
    _make("app.help", "question_mark", "Help", "help", show=True),
    _make("app.next_theme", "t", "Next theme", "next_theme"),
    _make("app.quit", "q", "Quit", "quit", show=True),
    _make("app.bookmarks", "B", "Bookmarks list", "bookmarks"),
    _make("app.open_file", "O", "Open a file", "open_file"),
    _make("app.save_url", "ctrl+o", "Save a thread from its URL", "save_url"),
    _make("app.back", "backspace", "Back to the previous thread", "previous_thread"),
    _make("app.focus_next", "tab", "Tree/pane", "focus_next"),
    _make("app.focus_previous", "shift+tab", "Pane/tree", "focus_previous"),
    _make("app.command_palette", "ctrl+p", "Commands", "command_palette", priority=True),
    # Dialogs.
    _make("help.close", "escape,q,question_mark", "Close", "dismiss", show=True),
    _make("help.down", "j,down", "Down", "scroll('down')"),
    _make("help.up", "k,up", "Up", "scroll('up')"),
    _make("links.cancel", "escape", "Cancel", "dismiss(None)", show=True),
    _make("note.save", "ctrl+s", "Save", "save", show=True, priority=True),
    _make("note.cancel", "escape", "Cancel", "cancel", show=True, priority=True),
    _make("discard.yes", "y", "Discard", "dismiss(True)", show=True),
    _make("discard.no", "n,escape", "Keep editing", "dismiss(False)", show=True),
    _make("notes.close", "escape,q", "Close", "dismiss(None)", show=True),
    _make("notes.scope", "a", "This thread / all", "toggle_scope", show=True),
    _make("notes.delete", "d", "Delete note", "delete", show=True),
    _make("notes.down", "j", "Down", "move(1)"),
    _make("notes.up", "k", "Up", "move(-1)"),
    _make("bookmarks.close", "escape,q", "Close", "dismiss(None)", show=True),
    _make("bookmarks.down", "j", "Down", "move(1)"),
    _make("bookmarks.up", "k", "Up", "move(-1)"),
    _make("found.close", "escape", "Close", "dismiss(None)", show=True),
    _make("found.query", "ctrl+f", "Edit the query", "edit_query", show=True),
    _make("open.cancel", "escape", "Cancel", "cancel", show=True),
    _make("open.complete", "tab", "Complete", "complete", show=True),
    _make("open.switch", "ctrl+t", "Path / tree", "switch", show=True),
    _make("open.tree", "down", "To the tree", "tree"),
    _make("filters.close", "escape,q", "Close", "dismiss(None)", show=True),
    _make("filters.down", "j", "Down", "move(1)"),
    _make("filters.up", "k", "Up", "move(-1)"),
    _make("participants.cancel", "escape", "Cancel", "dismiss(None)", show=True),
    _make("participants.down", "down", "Down", "move(1)"),
    _make("participants.up", "up", "Up", "move(-1)"),
    _make("ask.cancel", "escape", "Cancel", "dismiss(None)", show=True),
    _make("url.cancel", "escape", "Cancel", "cancel", show=True),
    _make("download.cancel", "escape", "Cancel", "cancel", show=True),
    _make("stats.next", "j,down", "Next row", "next_row", show=True),
    _make("stats.previous", "k,up", "Prev row", "previous_row", show=True),
    _make("stats.jump", "enter", "Go to comment", "jump", show=True),
    _make("stats.close", "escape,q", "Close", "close", show=True),
    _make("conversation.close", "escape,c", "Back to the tree", "dismiss(None)", show=True),
    _make("conversation.down", "j,down", "Down", "scroll_down"),
    _make("conversation.up", "k,up", "Up", "scroll_up"),
    _make("conversation.page_down", "space,pagedown", "Page down", "page_down"),
    _make("conversation.page_up", "pageup", "Page up", "page_up"),
    _make("conversation.top", "g,home", "Top", "scroll_home"),
    _make("conversation.bottom", "G,end", "Bottom", "scroll_end"),
)

BY_ID: dict[str, Action] = {action.id: action for action in ACTIONS}


def actions_of(part: str) -> list[Action]:
    """The actions of one part ("tree", "screen", ...), in the registry's order."""
    if part not in PARTS:
        raise KeyError(f"no part named {part!r} (parts: {', '.join(PARTS)})")
    return [action for action in ACTIONS if action.part == part]


def catalog() -> dict[str, tuple[str, str]]:
    """Every action config.toml [keys] can rebind: id -> (default keys, description)."""
    return {action.id: (action.keys, action.description) for action in ACTIONS}


def active_together(part: str, other: str) -> bool:
    """Whether keys of the two parts can work at the same moment (so one would hide the other)."""
    return part == other or "app" in (part, other) or {part, other} in ACTIVE_TOGETHER


# Textual spells some keys by name; a character's long name is its Unicode name, so "?" is
# "question_mark" and "/" is "slash" (as Textual's `_character_to_key` does).
_KEY_NAME_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def long_key(key: str) -> str:
    """One key as Textual's bindings spell it ("?" -> "question_mark", "j" -> "j")."""
    if len(key) != 1 or key.isalnum():
        return key
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return key
    return _KEY_NAME_REPLACEMENTS.get(name, name)


def long_keys(keys: str) -> str:
    """A comma-separated key list as Textual's bindings spell it ("?,h" -> "question_mark,h")."""
    return ",".join(long_key(key.strip()) for key in keys.split(","))


def taken_keys(
    catalog: dict[str, tuple[str, str]], keymap: dict[str, str]
) -> list[tuple[str, str]]:
    """(action, message) for each key the user's [keys] took from an action still expecting it.

    Two actions clash when their keys work at the same moment (`active_together`): the focused
    part's binding would silently win. Keys are compared in Textual's long form
    ("question_mark", not "?"), as both maps should give them.
    """
    taken: list[tuple[str, str]] = []
    for action, keys in keymap.items():
        if action not in catalog:
            continue
        own = catalog[action][0].split(",")
        for key in keys.split(","):
            if key in own:  # a key the action had already clashes with nothing new
                continue
            for other, (defaults, description) in catalog.items():
                if other == action or other in keymap or key not in defaults.split(","):
                    continue
                if active_together(_part(other), _part(action)):
                    message = f"{key!r} now does {catalog[action][1]!r}, no longer {description!r}"
                    taken.append((action, message))
    return taken


def _part(action_id: str) -> str:
    return action_id.partition(".")[0]
