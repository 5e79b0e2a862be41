"""Which theme the app starts with and which comes next on `t`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

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
