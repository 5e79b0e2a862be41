"""Which theme the app starts with, which comes next on `t`, and the keys the user gave."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from textual.binding import Binding, BindingType

from reader.themes import DEFAULT_THEME

THEME_SETTING = "theme"
# config.toml's theme when the user last picked one in the app: if config.toml names another
# theme now, it was edited since, and it wins over the remembered pick.
THEME_BASIS_SETTING = "theme.config"


class SettingStore(Protocol):
    """Where the app remembers choices between runs (reader.store.Store fits)."""

    def get_setting(self, key: str, default: str | None = None) -> str | None: ...

    def set_setting(self, key: str, value: str) -> None: ...


def remembered_theme(settings: SettingStore | None, configured: str | None) -> str | None:
    """The theme picked in the app last time, unless config.toml changed its theme since."""
    if settings is None:
        return None
    remembered = settings.get_setting(THEME_SETTING)
    basis = settings.get_setting(THEME_BASIS_SETTING)
    if basis is not None and basis != (configured or ""):
        return None
    return remembered


def remember_theme(settings: SettingStore, name: str, configured: str | None) -> None:
    """Keep `name` for the next run, with the config.toml theme it was picked over."""
    settings.set_setting(THEME_SETTING, name)
    settings.set_setting(THEME_BASIS_SETTING, configured or "")


def starting_theme(
    available: Iterable[str],
    *,
    requested: str | None = None,
    remembered: str | None = None,
    configured: str | None = None,
) -> tuple[str, list[str]]:
    """The theme to start with and what to tell the user about names that do not exist.

    --theme for this run beats the theme last picked in the app, which beats config.toml.
    """
    names = set(available)
    messages: list[str] = []
    for source, name in (
        ("--theme", requested),
        ("the theme picked last time", remembered),
        ("config.toml", configured),
    ):
        if name is None:
            continue
        if name in names:
            return name, messages
        messages.append(f"{source} names {name!r}, which is not a theme here")
    return DEFAULT_THEME, messages


def next_theme(cycle: Sequence[str], current: str) -> str:
    """The theme after `current` in `cycle` (the first one if `current` is not in it)."""
    if current not in cycle:
        return cycle[0]
    return cycle[(cycle.index(current) + 1) % len(cycle)]


def binding_catalog(groups: Iterable[Iterable[BindingType]]) -> dict[str, tuple[str, str]]:
    """Binding id -> (default keys, description): the actions config.toml [keys] may rebind."""
    catalog: dict[str, tuple[str, str]] = {}
    for bindings in groups:
        for binding in bindings:  # a tuple binding has no id, so no user can rebind it
            if isinstance(binding, Binding) and binding.id and binding.id not in catalog:
                catalog[binding.id] = (binding.key, binding.description or binding.action)
    return catalog


def with_user_keys(bindings: Iterable[BindingType], keymap: dict[str, str]) -> list[Binding]:
    """The bindings as the user has them: keys from `keymap` replace the defaults by id."""
    return [
        binding.with_key(keymap[binding.id]) if binding.id in keymap else binding
        for binding in Binding.make_bindings(bindings)
    ]


def _part(action: str) -> str:
    return action.rpartition(".")[0]


def taken_keys(
    catalog: dict[str, tuple[str, str]], keymap: dict[str, str]
) -> list[tuple[str, str]]:
    """(action, message) for each key the user's [keys] took from an action still expecting it.

    Two actions clash when they belong to one part of the app (`tree.*`), or when one of them
    is app-wide (`app.*`): the focused part's binding would silently win. Keys are compared in
    Textual's long form ("question_mark", not "?"), as both maps should give them.
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
                if _part(other) == _part(action) or "app" in (_part(other), _part(action)):
                    message = f"{key!r} now does {catalog[action][1]!r}, no longer {description!r}"
                    taken.append((action, message))
    return taken
