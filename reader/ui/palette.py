"""The reader's own theme variables, their defaults, and the Rich styles built from them."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from rich.style import Style
from textual.color import Color, ColorParseError

DEPTH_LEVELS = 8

DEFAULTS: dict[str, str] = {
    "reader-depth-1": "#5f87d7",
    "reader-depth-2": "#5faf87",
    "reader-depth-3": "#d7af5f",
    "reader-depth-4": "#af87d7",
    "reader-depth-5": "#5fafaf",
    "reader-depth-6": "#d7875f",
    "reader-depth-7": "#87af5f",
    "reader-depth-8": "#d75f87",
    "reader-author": "#87afd7",
    "reader-op": "#ffaf00",
    "reader-unread": "#5fd7ff",
    "reader-new": "#87d75f",
    "reader-bookmark": "#ffd75f",
    "reader-note": "#d787ff",
    "reader-quote": "#8a8a8a",
    "reader-link": "#5fafff",
    "reader-deleted": "#808080",
    "reader-dim": "#808080",
    "reader-match": "#d7af00",
}


def contrast(one: Color, other: Color) -> float:
    """WCAG contrast ratio of two opaque colours."""

    def luminance(colour: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = colour.rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def contrast_text(ground: Color) -> Color:
    """Black or white, whichever reads better on `ground`."""
    black, white = Color(0, 0, 0), Color(255, 255, 255)
    return black if contrast(black, ground) >= contrast(white, ground) else white


def _colour(variables: dict[str, str], name: str) -> Style:
    value = variables.get(name) or DEFAULTS[name]
    try:
        return Style(color=Color.parse(value).rich_color)
    except ColorParseError:
        return Style(color=Color.parse(DEFAULTS[name]).rich_color)


@dataclass(frozen=True)
class Palette:
    """Styles for tree rows and the reading pane, resolved from the current theme."""

    depths: tuple[Style, ...]
    author: Style
    op: Style
    unread: Style
    new: Style
    bookmark: Style
    note: Style
    quote: Style
    link: Style
    deleted: Style
    dim: Style
    cursor: Style
    cursor_blurred: Style
    match: Style

    def depth(self, level: int) -> Style:
        return self.depths[(level - 1) % len(self.depths)]

    @classmethod
    def from_variables(cls, variables: dict[str, str], *, monochrome: bool = False) -> Palette:
        """Build the palette; `monochrome` (NO_COLOR) keeps only bold, dim and reverse."""
        if monochrome:
            plain = Style()
            return cls(
                depths=(Style(dim=True),),
                author=Style(bold=True),
                op=Style(bold=True, underline=True),
                unread=Style(bold=True),
                new=Style(bold=True),
                bookmark=plain,
                note=plain,
                quote=Style(italic=True),
                link=Style(underline=True),
                deleted=Style(dim=True, italic=True),
                dim=Style(dim=True),
                cursor=Style(reverse=True),
                cursor_blurred=Style(underline=True),
                match=Style(reverse=True, bold=True),
            )

        def colour(name: str) -> Style:
            return _colour(variables, name)

        cursor_bg = variables.get("block-cursor-background") or variables.get("primary", "#0178d4")
        blurred_bg = variables.get("block-cursor-blurred-background") or variables.get(
            "panel", "#333333"
        )
        return cls(
            depths=tuple(colour(f"reader-depth-{n}") for n in range(1, DEPTH_LEVELS + 1)),
            author=colour("reader-author") + Style(bold=True),
            op=colour("reader-op") + Style(bold=True),
            unread=colour("reader-unread"),
            new=colour("reader-new") + Style(bold=True),
            bookmark=colour("reader-bookmark"),
            note=colour("reader-note"),
            quote=colour("reader-quote") + Style(italic=True),
            link=colour("reader-link") + Style(underline=True),
            deleted=colour("reader-deleted") + Style(italic=True),
            dim=colour("reader-dim"),
            cursor=_cursor(variables, "block-cursor", cursor_bg, "#0178d4"),
            cursor_blurred=_cursor(variables, "block-cursor-blurred", blurred_bg, "#333333"),
            match=_background(
                variables.get("reader-match") or DEFAULTS["reader-match"], "#d7af00", None
            )
            + Style(bold=True),
        )


def _cursor(variables: dict[str, str], prefix: str, value: str, fallback: str) -> Style:
    """The cursor row: reverse video if the theme asks (16-colour themes), else a background."""
    if "reverse" in variables.get(f"{prefix}-text-style", "").split():
        return Style(reverse=True)
    return _background(value, fallback, variables.get("background"))


def _background(value: str, fallback: str, base: str | None) -> Style:
    """A cursor style: `value` (which may be translucent) over the theme's background."""
    try:
        colour = Color.parse(value)
    except ColorParseError:
        colour = Color.parse(fallback)
    with contextlib.suppress(ColorParseError):
        colour = Color.parse(base or "#000000") + colour
    return Style(bgcolor=colour.rich_color, color=contrast_text(colour).rich_color)
