"""Which theme the app starts with and which comes next on `t`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from reader.themes import ANSI_THEME, DEFAULT_THEME

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
    fallback: str = DEFAULT_THEME,
) -> tuple[str, list[str]]:
    """The theme to start with and what to tell the user about names that do not exist.

    --theme for this run beats the theme last picked in the app, which beats config.toml,
    which beats `fallback` (the default theme, or the one that fits the terminal's colours).
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
    return (fallback if fallback in names else DEFAULT_THEME), messages


def fitting_default(color_system: str | None) -> str:
    """The theme for a terminal of this colour system (Rich's name for it): on 16 colours
    (TERM=linux, plain xterm) or none, reader-ansi, which uses the terminal's own palette;
    elsewhere reader-dark (its 24-bit colours would collapse into a few greys on 16).
    """
    return DEFAULT_THEME if color_system in ("256", "truecolor") else ANSI_THEME


def next_theme(cycle: Sequence[str], current: str) -> str:
    """The theme after `current` in `cycle` (the first one if `current` is not in it)."""
    if current not in cycle:
        return cycle[0]
    return cycle[(cycle.index(current) + 1) % len(cycle)]
