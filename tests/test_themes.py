"""Theme files: the bundled set, the user's folder, broken files, and the colours reaching CSS."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color, ColorParseError
from textual.theme import Theme
from textual.widgets import Static

from reader.colours import (
    COLOUR_NAMES,
    STYLE_FLAGS,
    TEXTUAL_THEMES,
    TEXTUAL_VARIABLES,
    colour_fault,
)
from reader.themes import (
    ANSI_THEME,
    BASE_COLOURS,
    DEFAULT_THEME,
    READER_TEXT_COLOURS,
    READER_VARIABLES,
    bundled_themes_dir,
    load_themes,
    parse_theme,
    user_themes_dir,
)
from reader.ui.theming import build_theme, textual_themes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

BUNDLED = sorted(bundled_themes_dir().glob("*.toml"))
REQUIRED = {
    DEFAULT_THEME,
    "reader-light",
    "reader-high-contrast",
    ANSI_THEME,
    "reader-phosphor",
    "reader-sepia",
}


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = Color.parse(colour).rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def raw(name: str) -> dict:
    return tomllib.loads((bundled_themes_dir() / f"{name}.toml").read_text(encoding="utf-8"))


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_set_loads_cleanly_default_first() -> None:
    loaded = load_themes()
    assert loaded.problems == []
    assert set(loaded.themes) == REQUIRED == {path.stem for path in BUNDLED}
    assert loaded.names()[0] == DEFAULT_THEME
    assert loaded.names()[1:] == sorted(loaded.names()[1:])


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_each_bundled_file_sets_every_base_colour_and_reader_variable(name: str) -> None:
    data = raw(name)
    assert data["name"] == name
    assert isinstance(data["dark"], bool)
    assert set(BASE_COLOURS) - {"boost"} <= set(data)
    assert set(READER_VARIABLES) <= set(data["variables"])
    theme, problems = parse_theme(bundled_themes_dir() / f"{name}.toml")
    assert problems == []
    assert {key: theme.variables[key] for key in READER_VARIABLES} == {
        key: data["variables"][key] for key in READER_VARIABLES
    }


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_depth_guides_differ_and_the_original_poster_stands_out(name: str) -> None:
    variables = raw(name)["variables"]
    depth = [variables[f"reader-depth-{level}"] for level in range(1, 9)]
    assert len(set(depth)) == 8
    assert variables["reader-op"] != variables["reader-author"]


@pytest.mark.parametrize("name", sorted(REQUIRED - {ANSI_THEME}))
def test_reader_colours_are_readable_on_the_background(name: str) -> None:
    data = raw(name)
    background = data["background"]
    assert contrast(data["foreground"], background) >= 7
    weak = {
        key: round(contrast(value, background), 2)
        for key, value in data["variables"].items()
        if key in READER_TEXT_COLOURS and contrast(value, background) < 4.5
    }
    assert weak == {}


@pytest.mark.parametrize("name", sorted(REQUIRED - {ANSI_THEME}))
def test_the_row_under_the_cursor_stays_readable_and_the_cursor_visible(name: str) -> None:
    data = raw(name)
    variables = data["variables"]
    least = 4.5 if name == "reader-high-contrast" else 3.0
    for cursor in ("block-cursor-background", "block-cursor-blurred-background"):
        assert contrast(variables[cursor], data["background"]) >= 1.1, cursor
        weak = {
            key: round(contrast(value, variables[cursor]), 2)
            for key, value in variables.items()
            if key in READER_TEXT_COLOURS and contrast(value, variables[cursor]) < least
        }
        assert weak == {}, cursor
    if name == "reader-high-contrast":
        assert contrast(variables["block-cursor-background"], data["background"]) >= 2


@pytest.mark.parametrize("name", sorted(REQUIRED - {ANSI_THEME}))
def test_search_matches_stand_out_and_their_text_reads(name: str) -> None:
    data = raw(name)
    match = data["variables"]["reader-match"]
    assert contrast(match, data["background"]) >= 1.3
    assert max(contrast(match, "#000000"), contrast(match, "#ffffff")) >= 7


def test_high_contrast_theme_meets_wcag_aaa_everywhere() -> None:
    data = raw("reader-high-contrast")
    for ground in (data["background"], data["surface"], data["panel"]):
        weak = {
            key: round(contrast(value, ground), 2)
            for key, value in data["variables"].items()
            if key in READER_TEXT_COLOURS and contrast(value, ground) < 7
        }
        assert weak == {}, ground
    assert data["text_alpha"] == 1.0


def test_ansi_theme_uses_only_the_terminals_sixteen_colours() -> None:
    data = raw(ANSI_THEME)
    assert data["ansi"] is True
    colours = [data[key] for key in BASE_COLOURS] + [
        value for key, value in data["variables"].items() if not key.endswith("-style")
    ]
    assert all(value.startswith("ansi_") for value in colours)
    assert load_themes().themes[ANSI_THEME].ansi


def test_user_theme_is_added_and_a_bundled_name_is_overridden(private_home: Path) -> None:
    folder = user_themes_dir()
    assert folder == private_home / "themes"
    write(folder, "mine.toml", 'primary = "#123456"\nbackground = "#000000"\n')
    write(folder, "dark-tweak.toml", 'name = "reader-dark"\nprimary = "#ff0000"\n')
    loaded = load_themes()
    assert loaded.problems == []
    assert loaded.themes["reader-dark"].primary == "#ff0000"
    assert loaded.sources["reader-dark"] == folder / "dark-tweak.toml"
    mine = loaded.themes["mine"]  # named after its file
    assert mine.primary == "#123456"
    # A theme naming none of the reader's variables still gets every one of them in the app.
    mine = build_theme(mine)
    assert set(READER_VARIABLES) <= set(mine.variables)
    assert mine.variables["reader-author"] == "#123456"
    assert set(REQUIRED) <= set(loaded.themes)


def test_broken_theme_files_are_reported_and_the_rest_still_load() -> None:
    folder = user_themes_dir()
    write(folder, "bad-toml.toml", 'primary = "#123456\n')
    write(folder, "bad-colour.toml", 'primary = "#123456"\n[variables]\nreader-op = "yelow"\n')
    write(folder, "no-primary.toml", 'background = "#000000"\n')
    write(folder, "bad-style.toml", 'primary = "#000"\n[variables]\nlink-style = "loud"\n')
    typo = 'primary = "#abcdef"\nbackgound = "#000000"\n[variables]\nreader-opp = "#fff"\n'
    write(folder, "typo.toml", typo)
    loaded = load_themes()
    messages = sorted(str(problem).removeprefix(f"{folder}/") for problem in loaded.problems)
    assert len(messages) == 6
    assert messages[0].startswith("bad-colour.toml: variables.reader-op: not a colour")
    assert "did you mean 'yellow'?" in messages[0] and messages[0].endswith("; theme not loaded")
    assert messages[1].startswith("bad-style.toml: variables.link-style: expected text style")
    assert messages[2].startswith("bad-toml.toml: not valid TOML")
    assert messages[3] == (
        "no-primary.toml: primary: missing: every theme needs a primary colour; theme not loaded"
    )
    assert messages[4] == "typo.toml: backgound: unknown key; it is ignored"
    assert messages[5] == "typo.toml: variables.reader-opp: unknown variable; it is ignored"
    # Unknown keys do not stop a theme; unusable values do.
    assert set(loaded.themes) == REQUIRED | {"typo"}


def test_bad_name_and_flag_values_are_refused() -> None:
    folder = user_themes_dir()
    write(folder, "x.toml", 'name = "has space"\nprimary = "#000"\ndark = "yes"\ntext_alpha = 3\n')
    loaded = load_themes()
    assert sorted(problem.key for problem in loaded.problems) == ["dark", "name", "text_alpha"]
    assert set(loaded.themes) == REQUIRED


class SwatchApp(App[None]):
    """Colours one widget per reader variable from the theme, as the reader's CSS does."""

    CSS = "\n".join(f"#{name} {{ color: ${name}; }}" for name in READER_VARIABLES)

    def __init__(self, themes: dict[str, Theme], name: str) -> None:
        super().__init__()
        for theme in themes.values():
            self.register_theme(theme)
        self.theme = name

    def compose(self) -> ComposeResult:
        for name in READER_VARIABLES:
            yield Static(name, id=name)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_every_theme_feeds_the_reader_variables_to_css(name: str) -> None:
    loaded = load_themes()
    theme = loaded.themes[name]

    async def shown_colours() -> dict[str, Color]:
        app = SwatchApp(textual_themes(loaded), name)
        async with app.run_test():
            return {v: app.query_one(f"#{v}", Static).styles.color for v in READER_VARIABLES}

    shown = asyncio.run(shown_colours())
    for variable in READER_VARIABLES:
        expected = Color.parse(theme.variables[variable])
        assert (shown[variable].rgb, shown[variable].ansi) == (expected.rgb, expected.ansi)


def test_what_the_theme_reader_knows_of_textual_is_what_textual_has() -> None:
    from textual._color_constants import COLOR_NAME_TO_RGB
    from textual.css.constants import VALID_STYLE_FLAGS
    from textual.design import ColorSystem
    from textual.theme import BUILTIN_THEMES

    assert ("ansi_default", *COLOR_NAME_TO_RGB) == COLOUR_NAMES
    assert set(ColorSystem(primary="#000000").generate()) == TEXTUAL_VARIABLES
    assert STYLE_FLAGS == VALID_STYLE_FLAGS
    assert tuple(BUILTIN_THEMES) == TEXTUAL_THEMES


@pytest.mark.parametrize(
    "text",
    [
        *("#abc", "#abcd", "#a1b2c3", "#a1b2c3d4", "#12345", "#ggg", "#"),
        *("rgb(1,2,3)", "rgb( 10 , 20 , 30 )", "rgba(1,2,3,0.5)", "rgb(1,2)", "rgb(1,2,3"),
        *("hsl(120, 50%, 50%)", "hsla(120,50%,50%,0.2)", "hsl(120,50,50)", "rgb(1.5,2,-3)"),
        *("yellow", "yelow", "ansi_red", "ansi_default", "ansi_nope", "transparent", "Red", ""),
    ],
)
def test_colours_are_judged_as_textual_parses_them(text: str) -> None:
    try:
        Color.parse(text)
    except ColorParseError as error:
        assert colour_fault(text) == str(error)
    else:
        assert colour_fault(text) is None
