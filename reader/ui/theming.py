"""Textual themes from the theme files (reader.themes), each given every reader variable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from functools import cache

from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

from reader.themes import READER_VARIABLES, ThemeSet, ThemeSpec
from reader.ui.palette import contrast

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


# What the derived colours of a theme that names none of its own are held to, as the bundled
# themes are (tests/test_themes.py): text on the background, text on either cursor bar, and
# how far each cursor bar stands out from the background.
_TEXT_ON_BACKGROUND = 4.6
_TEXT_ON_CURSOR = 3.1
_CURSOR_ON_BACKGROUND = 1.3
_BLURRED_ON_BACKGROUND = 1.15
_MATCH_ON_BACKGROUND = 1.35
_MATCH_TEXT = 7.2
# The cursor bars of a 16-colour theme: reverse video and an underline, as reader-ansi has.
_ANSI_CURSOR = {
    "block-cursor-background": "ansi_bright_black",
    "block-cursor-foreground": "ansi_bright_white",
    "block-cursor-text-style": "reverse",
    "block-cursor-blurred-background": "ansi_bright_black",
    "block-cursor-blurred-foreground": "ansi_white",
    "block-cursor-blurred-text-style": "underline",
}


def _away(colour: Color, grounds: Sequence[Color], least: float, *, dark: bool) -> Color:
    """`colour`, lightened (dark themes) or darkened until it has `least` contrast with every
    ground; its hue and saturation are kept.
    """
    hue, saturation, lightness = colour.hsl
    step = 0.01 if dark else -0.01
    while min(contrast(colour, ground) for ground in grounds) < least and 0 < lightness < 1:
        lightness = min(1.0, max(0.0, lightness + step))
        colour = Color.from_hsl(hue, saturation, lightness)
    return colour


def _cursor_bars(background: Color, primary: Color, foreground: Color) -> tuple[Color, Color]:
    """A quiet focused cursor bar tinted with the primary colour, and a quieter blurred one."""

    def bar(towards: Color, least: float) -> Color:
        amount = 0.1
        colour = background.blend(towards, amount)
        while contrast(colour, background) < least and amount < 0.6:
            amount += 0.02
            colour = background.blend(towards, amount)
        return colour

    return bar(primary, _CURSOR_ON_BACKGROUND), bar(foreground, _BLURRED_ON_BACKGROUND)


def reader_variable_defaults(theme: Theme) -> dict[str, str]:
    """Reader variables derived from a theme's base colours, for themes that leave them out.

    Every text colour reads on the background and on both cursor bars (which are derived too:
    a theme's own bright cursor bar, such as nord's, would hide text of its own hue).
    """
    if theme.ansi:
        return {**_ANSI_DEFAULTS, **_ANSI_CURSOR}
    generated = theme.to_color_system().generate()

    def colour(name: str) -> Color:
        return Color.parse(generated[name])

    background, foreground = colour("background"), colour("foreground")
    cursor, blurred = _cursor_bars(background, colour("primary"), foreground)
    grounds = (background, cursor, blurred)

    def readable(text: Color) -> str:
        text = _away(text, (background,), _TEXT_ON_BACKGROUND, dark=theme.dark)
        return _away(text, grounds, _TEXT_ON_CURSOR, dark=theme.dark).hex

    muted = foreground.blend(background, 0.35)
    lightness = 0.68 if theme.dark else 0.36
    depths = {
        f"reader-depth-{level}": Color.from_hsl(hue / 360, 0.55, lightness)
        for level, hue in enumerate(_FALLBACK_DEPTH_HUES, start=1)
    }
    texts = {
        **depths,
        "reader-author": colour("primary"),
        "reader-op": colour("accent"),
        "reader-unread": colour("primary"),
        "reader-new": colour("success"),
        "reader-bookmark": colour("warning"),
        "reader-note": colour("secondary"),
        "reader-quote": muted,
        "reader-link": colour("primary"),
        "reader-deleted": foreground.blend(background, 0.45),
        "reader-dim": muted,
    }
    match = _away(colour("warning"), (background,), _MATCH_ON_BACKGROUND, dark=theme.dark)
    match = _away(match, (Color(0, 0, 0),), _MATCH_TEXT, dark=True)  # dark text on it reads
    return {
        **{name: readable(text) for name, text in texts.items()},
        "reader-match": match.hex,
        "block-cursor-background": cursor.hex,
        "block-cursor-foreground": foreground.hex,
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": blurred.hex,
        "block-cursor-blurred-foreground": foreground.hex,
        "block-cursor-blurred-text-style": "none",
    }


@cache
def builtin_with_reader_variables(name: str) -> Theme:
    """Textual's built-in theme `name` with every reader variable, worked out once a process."""
    return with_reader_variables(BUILTIN_THEMES[name])


def with_reader_variables(theme: Theme) -> Theme:
    """The theme with every reader variable set (derived values fill what it does not name).

    A theme naming none of the reader's colours (Textual's own) gets the derived cursor bars
    too, over its own: the derived colours are made to read on those bars.
    """
    missing = [name for name in READER_VARIABLES if name not in theme.variables]
    if not missing:
        return theme
    defaults = reader_variable_defaults(theme)
    cursor = {name: value for name, value in defaults.items() if name not in READER_VARIABLES}
    if len(missing) < len(READER_VARIABLES):
        cursor = {name: value for name, value in cursor.items() if name not in theme.variables}
    variables = {**{name: defaults[name] for name in missing}, **theme.variables, **cursor}
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
