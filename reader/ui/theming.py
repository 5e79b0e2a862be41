"""Textual themes from the theme files (reader.themes), each given every reader variable."""

from __future__ import annotations

from dataclasses import asdict

from textual.color import Color
from textual.theme import Theme

from reader.themes import READER_VARIABLES, ThemeSet, ThemeSpec

# Hues for the depth guides of a theme that names none: around the wheel, so neighbours differ.
_FALLBACK_DEPTH_HUES = (210, 120, 45, 285, 180, 20, 75, 330)

_ANSI_DEFAULTS = {
    **{
        f"reader-depth-{level}": f"ansi_{name}"
        for level, name in enumerate(
            ("blue", "green", "yellow", "magenta", "cyan", "red", "bright_blue", "bright_green"),
            start=1,
        )
    },
    "reader-author": "ansi_cyan",
    "reader-op": "ansi_yellow",
    "reader-unread": "ansi_blue",
    "reader-new": "ansi_green",
    "reader-bookmark": "ansi_red",
    "reader-note": "ansi_magenta",
    "reader-quote": "ansi_bright_black",
    "reader-link": "ansi_blue",
    "reader-deleted": "ansi_bright_black",
    "reader-dim": "ansi_bright_black",
    "reader-match": "ansi_yellow",
}


def reader_variable_defaults(theme: Theme) -> dict[str, str]:
    """Reader variables derived from a theme's base colours, for themes that leave them out."""
    if theme.ansi:
        return dict(_ANSI_DEFAULTS)
    generated = theme.to_color_system().generate()

    def colour(name: str) -> Color:
        return Color.parse(generated[name])

    background, foreground = colour("background"), colour("foreground")
    muted = foreground.blend(background, 0.35).hex
    lightness = 0.68 if theme.dark else 0.36
    defaults = {
        f"reader-depth-{level}": Color.from_hsl(hue / 360, 0.55, lightness).hex
        for level, hue in enumerate(_FALLBACK_DEPTH_HUES, start=1)
    }
    defaults.update(
        {
            "reader-author": colour("primary").hex,
            "reader-op": colour("accent").hex,
            "reader-unread": colour("primary").hex,
            "reader-new": colour("success").hex,
            "reader-bookmark": colour("warning").hex,
            "reader-note": colour("secondary").hex,
            "reader-quote": muted,
            "reader-link": colour("primary").hex,
            "reader-deleted": foreground.blend(background, 0.45).hex,
            "reader-dim": muted,
            "reader-match": colour("warning").hex,
        }
    )
    return defaults


def with_reader_variables(theme: Theme) -> Theme:
    """The theme with every reader variable set (derived values fill what it does not name)."""
    missing = [name for name in READER_VARIABLES if name not in theme.variables]
    if not missing:
        return theme
    defaults = reader_variable_defaults(theme)
    variables = {**{name: defaults[name] for name in missing}, **theme.variables}
    return Theme(
        name=theme.name,
        primary=theme.primary,
        secondary=theme.secondary,
        warning=theme.warning,
        error=theme.error,
        success=theme.success,
        accent=theme.accent,
        foreground=theme.foreground,
        background=theme.background,
        surface=theme.surface,
        panel=theme.panel,
        boost=theme.boost,
        dark=theme.dark,
        luminosity_spread=theme.luminosity_spread,
        text_alpha=theme.text_alpha,
        variables=variables,
        ansi=theme.ansi,
    )


def build_theme(spec: ThemeSpec) -> Theme:
    """The Textual theme of a theme file, with every reader variable set."""
    return with_reader_variables(Theme(**asdict(spec)))


def textual_themes(themes: ThemeSet) -> dict[str, Theme]:
    """Every theme that loaded, as Textual themes, in the order `t` cycles through."""
    return {name: build_theme(spec) for name, spec in themes.themes.items()}
