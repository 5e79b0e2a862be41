"""Themes and config.toml in the running app: picking, cycling, remembering, keys, layout."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Static

from reader.config import Config
from reader.store import Store
from reader.themes import DEFAULT_THEME, READER_VARIABLES, load_themes
from reader.ui.app import ReaderApp
from reader.ui.appearance import (
    THEME_BASIS_SETTING,
    THEME_SETTING,
    next_theme,
    starting_theme,
)
from reader.ui.dialogs.help import HelpScreen
from reader.ui.widgets.pane import ReadingPane
from tests.conftest import FIXTURES
from tests.helpers import screen_text, tree_of, wait_loaded

BASIC = FIXTURES / "thread_basic.txt"
SHOWCASE = FIXTURES / "theme_showcase.json"
# Pre-order of BASIC: 0 post, 1 alice, 2 bob, 3 carol, 4 dave, 5 erin, 6 bob, 7 alice, 8 frank
POST, ALICE, BOB, CAROL, DAVE, ERIN, BOB2, ALICE2, FRANK = range(9)
BUNDLED_CYCLE = [
    "reader-dark",
    "reader-ansi",
    "reader-high-contrast",
    "reader-light",
    "reader-phosphor",
    "reader-sepia",
]


class MemorySettings:
    """Stands in for the store's settings table (get_setting / set_setting)."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        return self.values.get(key, default)

    def set_setting(self, key: str, value: str) -> None:
        self.values[key] = value


@asynccontextmanager
async def running(
    size: tuple[int, int] = (120, 30), **options: Any
) -> AsyncIterator[tuple[ReaderApp, Pilot]]:
    app = ReaderApp(BASIC, **options)
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        yield app, pilot


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


def messages(app: ReaderApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def footer_keys(app: ReaderApp) -> dict[str, str]:
    """What the footer shows: description -> key, as drawn."""
    shown: dict[str, str] = {}
    for item in app.screen.query_one(Footer).query("FooterKey"):
        text = item.render().plain if hasattr(item.render(), "plain") else str(item.render())
        key, _, description = text.strip().partition(" ")
        shown[description.strip()] = key
    return shown


# Choosing the theme to start with (pure logic).


def test_starting_theme_order_of_precedence() -> None:
    names = ["reader-dark", "reader-light", "reader-sepia"]
    pick = starting_theme
    assert pick(names) == (DEFAULT_THEME, [])
    assert pick(names, configured="reader-light") == ("reader-light", [])
    assert pick(names, remembered="reader-sepia", configured="reader-light")[0] == "reader-sepia"
    assert pick(names, requested="reader-light", remembered="reader-sepia")[0] == "reader-light"
    name, told = pick(names, remembered="gone-theme", configured="reader-light")
    assert name == "reader-light"
    assert told == ["the theme picked last time names 'gone-theme', which is not a theme here"]


def test_next_theme_wraps_and_starts_over_from_a_foreign_theme() -> None:
    cycle = ["a", "b", "c"]
    assert [next_theme(cycle, name) for name in ("a", "b", "c", "nord")] == ["b", "c", "a", "a"]


# Themes in the app. The theme to start in is chosen when the App is made: a new ReaderApp on
# the same settings is the next run, without running it.


def test_starts_in_reader_dark_with_every_theme_registered() -> None:
    app = ReaderApp(BASIC)
    assert app.theme == DEFAULT_THEME
    assert set(BUNDLED_CYCLE) <= set(app.available_themes)
    assert app.theme_cycle == BUNDLED_CYCLE
    # Textual's own themes stay available, each given the reader's colours.
    assert "nord" in app.available_themes
    app.theme = "nord"
    assert set(READER_VARIABLES) <= set(app.current_theme.variables)


async def test_t_and_the_palette_pick_a_theme_kept_in_the_store(tmp_path: Path) -> None:
    """t goes all the way round, the colours and the pane follow, the command palette picks
    one, and the next run starts in the theme picked last.
    """
    data = tmp_path / "data"
    async with running(data_dir=data) as (app, pilot):
        assert app.theme == DEFAULT_THEME
        default_op = load_themes().themes[DEFAULT_THEME].variables["reader-op"]
        assert app.theme_variables["reader-op"] == default_op
        pane = app.screen.query_one(ReadingPane)

        def meta_styles() -> list[str]:
            return [str(segment.style) for segment in pane.render_line(2)]  # the meta line

        before = meta_styles()
        seen = []
        for _ in BUNDLED_CYCLE:
            await press(pilot, "t")
            seen.append(app.theme)
            if app.theme == "reader-ansi":
                assert meta_styles() != before  # the reading pane redraws in the new theme
            if app.theme == "reader-light":
                assert app.theme_variables["reader-op"] == "#a34c00"  # its colours apply
                assert "Theme: reader-light" in messages(app)
        assert seen == [*BUNDLED_CYCLE[1:], BUNDLED_CYCLE[0]]
        await press(pilot, "ctrl+p")
        await press(pilot, *"theme")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        await press(pilot, *"sepia")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        assert app.theme == "reader-sepia"
    with Store.open(data) as store:
        assert store.get_setting(THEME_SETTING) == "reader-sepia"
        assert store.get_setting(THEME_BASIS_SETTING) == ""
    assert ReaderApp(BASIC, data_dir=data).theme == "reader-sepia"


async def test_config_theme_until_one_is_picked_in_the_app_then_again_once_edited() -> None:
    settings = MemorySettings()
    config = Config(theme="reader-phosphor")
    async with running(settings=settings, config=config) as (app, pilot):
        assert app.theme == "reader-phosphor"
        await press(pilot, "t")  # phosphor -> sepia
    assert settings.values == {
        THEME_SETTING: "reader-sepia",
        THEME_BASIS_SETTING: "reader-phosphor",
    }
    # The pick beats the config it was made over; config.toml edited since wins.
    assert ReaderApp(BASIC, settings=settings, config=config).theme == "reader-sepia"
    assert ReaderApp(BASIC, settings=settings, config=Config(theme="reader-light")).theme == (
        "reader-light"
    )


async def test_what_the_command_line_gives_holds_for_this_run() -> None:
    """--theme is for this run only; the command line's warnings and a key taken from another
    action in config.toml are told on screen.
    """
    settings = MemorySettings()
    settings.set_setting(THEME_SETTING, "reader-sepia")
    warning = "/x/config.toml:3: tree.width: accepts columns ...; using the default"
    options: dict[str, Any] = {"theme": "reader-high-contrast", "warnings": [warning]}
    config = Config(keys={"tree.next": "k"})
    async with running(settings=settings, config=config, **options) as (app, pilot):
        assert app.theme == "reader-high-contrast"
        told = "\n".join(messages(app))
        assert warning in told
        assert "config.toml [keys] tree.next: 'k' now does 'Next', no longer 'Prev'" in told
        await press(pilot, "k")
        assert tree_of(app).cursor == ALICE
    assert settings.values[THEME_SETTING] == "reader-sepia"


def test_unknown_theme_in_config_is_told_and_the_default_used() -> None:
    app = ReaderApp(BASIC, config=Config(theme="no-such"))
    assert app.theme == DEFAULT_THEME
    assert any("config.toml names 'no-such'" in warning for warning in app.warnings)


def test_user_theme_files_reach_the_app_and_broken_ones_are_told(private_home: Path) -> None:
    folder = private_home / "themes"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('primary = "#ff00ff"\n', encoding="utf-8")
    (folder / "broken.toml").write_text('primary = "nope"\n', encoding="utf-8")
    app = ReaderApp(BASIC, config=Config(theme="mine"))
    assert app.theme == "mine"
    assert app.theme_cycle == [DEFAULT_THEME, "mine", *BUNDLED_CYCLE[1:]]
    assert "broken.toml: primary: not a colour" in "\n".join(app.warnings)


async def test_a_failing_store_does_not_stop_the_reader() -> None:
    class Broken(MemorySettings):
        def set_setting(self, key: str, value: str) -> None:
            raise OSError("database is locked")

    async with running(settings=Broken()) as (app, pilot):
        await press(pilot, "t")
        assert app.theme == "reader-ansi"
        assert any("Could not remember the theme" in message for message in messages(app))


async def test_no_color_leaves_only_greys_on_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    config = Config(tree_width="60%")  # and the tree takes that share of the window
    async with running(size=(100, 30), theme="reader-sepia", config=config) as (app, pilot):
        assert tree_of(app).outer_size.width == 60
        await press(pilot, "j", "j")
        svg = app.export_screenshot()
    window_buttons = {"#ff5f57", "#febc2e", "#28c840"}  # the screenshot's window frame
    colours = set(re.findall(r"fill: ?\"?(#[0-9a-f]{6})", svg)) - window_buttons
    colours |= set(re.findall(r'fill="(#[0-9a-f]{6})"', svg)) - window_buttons
    assert len(colours) > 3

    def spread(colour: str) -> int:
        channels = [int(colour[n : n + 2], 16) for n in (1, 3, 5)]
        return max(channels) - min(channels)

    assert {colour for colour in colours if spread(colour) > 4} == set()


# Keys from config.toml [keys].


async def test_rebound_keys_work_and_the_footer_and_help_show_them() -> None:
    keys = {"tree.next": "x", "tree.previous": "j", "app.next_theme": "f5", "app.help": "f1"}
    async with running(config=Config(keys=keys)) as (app, pilot):
        shown = footer_keys(app)
        assert shown["Next"] == "x"
        assert shown["Help"] == "f1"
        tree = tree_of(app)
        await press(pilot, "j")  # the old key no longer goes down
        assert tree.cursor == POST
        await press(pilot, "x", "x")
        assert tree.cursor == BOB
        await press(pilot, "k")  # nor the old key up: j took its place
        assert tree.cursor == BOB
        await press(pilot, "j")
        assert tree.cursor == ALICE
        await press(pilot, "t")
        assert app.theme == DEFAULT_THEME
        await press(pilot, "f5")
        assert app.theme == "reader-ansi"
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.query_one("#help-keys", Static).render()
        lines = str(help_text).splitlines()
        assert any(re.match(r"\s+x / ↓\s+Next$", line) for line in lines), lines
        assert any(re.match(r"\s+f1\s+Help$", line) for line in lines), lines


# Layout settings.


async def test_fold_depth_tree_width_and_wrap_width_apply() -> None:
    config = Config(fold_depth=1, tree_width="40", wrap_width=20)
    async with running(config=config) as (app, pilot):
        tree = tree_of(app)
        assert list(tree.rows) == [POST, ALICE, BOB2, FRANK]
        assert tree.outer_size.width == 40
        await press(pilot, "j", "j", "j")
        lines = app.screen.query_one(ReadingPane).text.splitlines()
        body = lines[lines.index("", 3) + 1 :]  # after the breadcrumb, in reply to, the meta
        assert body == ["Third top-level, no", "replies."]  # wrapped at 20, not the pane's 70


# Pre-order of SHOWCASE: 0 post, 1-13 a reply chain, 14 deleted (with reply 15), 16 hannah,
# 17 her reply, 18 deleted leaf under her, 19 and 20 pingbacks.
DELETED_WITH_REPLY, HANNAH, DELETED_LEAF, PINGBACKS = 14, 16, 18, [19, 20]


async def test_by_default_everything_shows_with_relative_dates() -> None:
    app = ReaderApp(SHOWCASE)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_loaded(pilot)
        tree = tree_of(app)
        assert list(tree.rows) == list(range(21))
        tree.now = datetime(2023, 3, 1, 16, 0, tzinfo=timezone.utc)
        tree.restyle()
        await pilot.pause()
        assert "marguerite OP 3h  Yes: groundwood" in screen_text(app)


@pytest.mark.usefixtures("utc")
async def test_absolute_dates_and_hidden_pingbacks_and_deleted_leaves() -> None:
    config = Config(
        date_style="absolute",
        date_format="%d %b %Y, %H.%M",
        show_pingbacks=False,
        show_deleted=False,
    )
    app = ReaderApp(SHOWCASE, config=config)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_loaded(pilot)
        tree = tree_of(app)
        assert list(tree.rows) == [n for n in range(21) if n not in (DELETED_LEAF, *PINGBACKS)]
        text = screen_text(app)
        assert "paperlab.example" not in text and "[removed]" not in text
        assert (
            "3 hidden: pingbacks, deleted (H toggles) · 16 comments" in text and "depth 13" in text
        )
        await press(pilot, "j", "j")
        text = screen_text(app)
        assert "marguerite OP 01 Mar 2023, 13.00  Yes: groundwood" in text
        meta = app.screen.query_one(ReadingPane).text.splitlines()[3]  # after "in reply to"
        assert meta.startswith("marguerite (original poster)  01 Mar 2023, 13.00  ")
        assert "ago" not in meta
        tree.select(HANNAH)
        await press(pilot, "J")  # the next siblings are hidden pingbacks: nowhere to go
        assert tree.cursor == HANNAH
        await press(pilot, "K")
        assert tree.cursor == DELETED_WITH_REPLY  # kept: its reply is still there
        tree.select(HANNAH)
        await press(pilot, "h", "l")  # fold and unfold: the deleted leaf stays out
        assert tree.rows[-2:] == [HANNAH, HANNAH + 1]
        await press(pilot, "1", "0")
        assert DELETED_LEAF not in tree.rows and PINGBACKS[0] not in tree.rows
        assert tree.search("primer") == 0  # text only a pingback holds


@pytest.mark.parametrize(
    ("term", "colorterm", "theme"),
    [
        ("linux", None, "reader-ansi"),  # the Linux console: 16 colours
        ("xterm", None, "reader-ansi"),
        ("dumb", None, "reader-ansi"),
        ("xterm-256color", None, DEFAULT_THEME),
        ("xterm", "truecolor", DEFAULT_THEME),
    ],
)
def test_a_terminal_of_sixteen_colours_starts_in_the_theme_made_for_it(
    monkeypatch: pytest.MonkeyPatch, term: str, colorterm: str | None, theme: str
) -> None:
    monkeypatch.setenv("TERM", term)
    if colorterm is None:
        monkeypatch.delenv("COLORTERM", raising=False)
    else:
        monkeypatch.setenv("COLORTERM", colorterm)
    assert ReaderApp().theme == theme
    # A theme the user chose still wins.
    assert ReaderApp(config=Config(theme="reader-light")).theme == "reader-light"
