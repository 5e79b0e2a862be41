"""The actions registry as Textual bindings, and hints that name the key the user has."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from reader.actions import BY_ID, PARTS, Action, actions_of


def binding(action: Action) -> Binding:
    """The Textual binding of one registered action, with its id (so config.toml can rebind it)."""
    return Binding(
        action.keys,
        action.action,
        action.description,
        show=action.show,
        priority=action.priority,
        id=action.id,
    )


def bindings(part: str) -> list[BindingType]:
    """The bindings of one part of the app ("tree", "screen", "notes", ...): its BINDINGS."""
    return [binding(action) for action in actions_of(part)]


def user_keys(app: App[object], action_id: str) -> list[str]:
    """The keys of an action as the user has them: config.toml's [keys], else the defaults."""
    keymap: dict[str, str] = getattr(app, "keymap", None) or {}
    keys = keymap.get(action_id) or BY_ID[action_id].keys
    return [key.strip() for key in keys.split(",")]


def key_hint(app: App[object], action_id: str) -> str:
    """The key to name in a hint on screen ("ctrl+z", "/"): the user's first key for it."""
    return app.get_key_display(Binding(user_keys(app, action_id)[0], ""))


def with_user_keys(bindings: Iterable[BindingType], keymap: dict[str, str]) -> list[Binding]:
    """The bindings as the user has them: keys from `keymap` replace the defaults by id."""
    return [
        binding.with_key(keymap[binding.id]) if binding.id in keymap else binding
        for binding in Binding.make_bindings(bindings)
    ]


def parts_shown(screen: Screen[object]) -> list[str]:
    """The parts whose keys work on `screen`: its own, its shown widgets', then the app's."""
    found: set[str] = set()
    for node in (screen, *screen.walk_children()):
        if not node.display:
            continue
        for item in getattr(type(node), "BINDINGS", ()):
            if isinstance(item, Binding) and item.id in BY_ID:
                found.add(BY_ID[item.id].part)
    return [part for part in PARTS if part in found and part != "app"] + ["app"]


def help_sections(
    screen: Screen[object], keymap: dict[str, str]
) -> list[tuple[str, list[Binding]]]:
    """What the help screen lists over `screen`: (section title, bindings with the user's keys)."""
    return [(PARTS[part], with_user_keys(bindings(part), keymap)) for part in parts_shown(screen)]
