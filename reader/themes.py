"""Theme files (TOML) read and checked: the bundled themes/ plus the user's own folder.

A theme file sets Textual's base colours at the top level and, under [variables], the reader's
own colours (`reader-depth-1` .. `reader-depth-8`, `reader-author`, `reader-op`, ...) and any of
Textual's theme variables. A file that cannot be used is reported (file and key) and skipped;
the other themes still load. A user file whose theme has a bundled name replaces the bundled one.
No Textual here: a theme is plain data (ThemeSpec); reader.ui.theming builds Textual's Theme.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reader.colours import STYLE_FLAGS, TEXTUAL_THEMES, TEXTUAL_VARIABLES, colour_fault
from reader.config import config_dir
from reader.resources import bundled_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_THEME = "reader-dark"
ANSI_THEME = "reader-ansi"

DEPTH_LEVELS = 8
READER_VARIABLES: tuple[str, ...] = (
    *(f"reader-depth-{level}" for level in range(1, DEPTH_LEVELS + 1)),
    "reader-author",
    "reader-op",
    "reader-unread",
    "reader-new",
    "reader-bookmark",
    "reader-note",
    "reader-quote",
    "reader-link",
    "reader-deleted",
    "reader-dim",
    "reader-match",
)
# Colours text is drawn in; reader-match is a background (search matches are highlighted).
READER_TEXT_COLOURS = tuple(name for name in READER_VARIABLES if name != "reader-match")
BASE_COLOURS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
_NUMBERS = {"luminosity_spread": (0.0, 1.0), "text_alpha": (0.0, 1.0)}
_FLAGS = ("dark", "ansi")
_TOP_LEVEL = {"name", "variables", *BASE_COLOURS, *_NUMBERS, *_FLAGS}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_ALPHA = re.compile(r"^(?P<colour>\S+?)(?:\s+(?P<percent>\d{1,3})%)?$")


@dataclass(frozen=True)
class ThemeSpec:
    """One theme as its file gives it: the fields of textual.theme.Theme, as plain data."""

    name: str
    primary: str
    secondary: str | None = None
    warning: str | None = None
    error: str | None = None
    success: str | None = None
    accent: str | None = None
    foreground: str | None = None
    background: str | None = None
    surface: str | None = None
    panel: str | None = None
    boost: str | None = None
    dark: bool = True
    luminosity_spread: float = 0.15
    text_alpha: float = 0.95
    variables: dict[str, str] = field(default_factory=dict)
    ansi: bool = False


@dataclass(frozen=True)
class ThemeProblem:
    """Something wrong in a theme file. `skipped`: the whole theme could not be used."""

    path: Path
    key: str
    message: str
    skipped: bool = False

    def __str__(self) -> str:
        place = f"{self.path}: {self.key}" if self.key else str(self.path)
        outcome = "; theme not loaded" if self.skipped else ""
        return f"{place}: {self.message}{outcome}"


@dataclass
class ThemeSet:
    """Every theme that loaded, by name, with the file each came from and what went wrong."""

    themes: dict[str, ThemeSpec] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[ThemeProblem] = field(default_factory=list)

    def names(self) -> list[str]:
        return list(self.themes)

    def every_name(self) -> list[str]:
        """Every theme a user can name: ours (bundled and their own), then Textual's."""
        ours = self.names()
        return ours + sorted(name for name in TEXTUAL_THEMES if name not in ours)


class ThemeFileError(Exception):
    """A theme file that cannot be used; `problems` says why."""

    def __init__(self, problems: list[ThemeProblem]):
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


# ---------------------------------------------------------------------------- folders


def bundled_themes_dir() -> Path:
    """themes/ inside the wheel (reader/_data/themes), else the checkout's top-level themes/."""
    return bundled_dir("themes")


def user_themes_dir() -> Path:
    """The user's own theme files: themes/ beside config.toml."""
    return config_dir() / "themes"


# ---------------------------------------------------------------------------- validation


def _check_colour(value: object) -> str | None:
    """None if `value` is a colour Textual parses, else what is wrong with it."""
    if not isinstance(value, str):
        return f'expected a colour string such as "#1e90ff", got {value!r}'
    fault = colour_fault(value.strip())
    return None if fault is None else f"not a colour: {fault}"


def _check_variable(name: str, value: object) -> str | None:
    """None if a Textual variable's value is usable: a colour (with an optional alpha%) or style."""
    if not isinstance(value, str):
        return f"expected a string, got {value!r}"
    if name.endswith("-style"):
        words = value.split()
        if words and all(word in STYLE_FLAGS for word in words):
            return None
        return f"expected text style words ({', '.join(sorted(STYLE_FLAGS))}), got {value!r}"
    match = _ALPHA.match(value.strip())
    if match is None or (match["percent"] is not None and int(match["percent"]) > 100):
        return f'expected a colour, optionally with an opacity like "#1e90ff 40%", got {value!r}'
    return _check_colour(match["colour"])


def _read_variables(path: Path, table: object, problems: list[ThemeProblem]) -> dict[str, str]:
    if not isinstance(table, dict):
        problems.append(ThemeProblem(path, "variables", "expected a table", skipped=True))
        return {}
    variables: dict[str, str] = {}
    for name, value in table.items():
        key = f"variables.{name}"
        if name in READER_VARIABLES:
            fault = _check_colour(value)
        elif name in TEXTUAL_VARIABLES:
            fault = _check_variable(name, value)
        else:
            problems.append(ThemeProblem(path, key, "unknown variable; it is ignored"))
            continue
        if fault:
            problems.append(ThemeProblem(path, key, fault, skipped=True))
        else:
            variables[name] = str(value).strip()
    return variables


def _top_level_fault(key: str, value: object) -> str | None:
    """None if `value` suits top-level key `key`, else what is wrong with it."""
    if key == "name":
        if isinstance(value, str) and _NAME.match(value):
            return None
        return f"expected letters, digits, '-' and '_' (up to 64), got {value!r}"
    if key in _FLAGS:
        return None if isinstance(value, bool) else f"expected true or false, got {value!r}"
    if key in _NUMBERS:
        low, high = _NUMBERS[key]
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if number and low <= value <= high:  # type: ignore[operator]
            return None
        return f"expected a number from {low} to {high}, got {value!r}"
    return _check_colour(value)


def _read_top_level(path: Path, data: dict, problems: list[ThemeProblem]) -> dict[str, object]:
    fields: dict[str, object] = {}
    for key, value in data.items():
        if key == "variables":
            continue
        if key not in _TOP_LEVEL:
            problems.append(ThemeProblem(path, key, "unknown key; it is ignored"))
        elif fault := _top_level_fault(key, value):
            problems.append(ThemeProblem(path, key, fault, skipped=True))
        elif key in _NUMBERS:
            fields[key] = float(value)
        else:
            fields[key] = value.strip() if isinstance(value, str) else value
    return fields


def _unusable(path: Path, message: str) -> ThemeFileError:
    return ThemeFileError([ThemeProblem(path, "", message, skipped=True)])


def parse_theme(path: Path) -> tuple[ThemeSpec, list[ThemeProblem]]:
    """Read one theme file: the theme and its warnings, or ThemeFileError if it is unusable."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise _unusable(path, "not UTF-8 text") from None
    except OSError as error:
        raise _unusable(path, f"cannot read: {error.strerror or error}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _unusable(path, f"not valid TOML ({error})") from None
    problems: list[ThemeProblem] = []
    fields = _read_top_level(path, data, problems)
    variables = _read_variables(path, data.get("variables", {}), problems)
    if "primary" not in fields and not any(p.key == "primary" for p in problems):
        message = "missing: every theme needs a primary colour"
        problems.append(ThemeProblem(path, "primary", message, skipped=True))
    if any(problem.skipped for problem in problems):
        raise ThemeFileError(problems)
    fields.setdefault("name", path.stem)
    return ThemeSpec(variables=variables, **fields), problems  # type: ignore[arg-type]


# ---------------------------------------------------------------------------- loading


def _theme_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.toml") if p.is_file() and not p.name.startswith("."))


def load_themes(user_dir: Path | None = None, bundled_dir: Path | None = None) -> ThemeSet:
    """Bundled themes, then the user's (same name replaces); broken files reported and skipped.

    The default theme comes first, then the others by name: the order `t` cycles through.
    """
    loaded = ThemeSet()
    for folder in (bundled_dir or bundled_themes_dir(), user_dir or user_themes_dir()):
        seen_here: dict[str, Path] = {}
        for path in _theme_files(folder):
            try:
                theme, problems = parse_theme(path)
            except ThemeFileError as error:
                loaded.problems.extend(error.problems)
                continue
            loaded.problems.extend(problems)
            if theme.name in seen_here:
                earlier = seen_here[theme.name].name
                message = f"theme {theme.name!r} is also defined in {earlier}; this file wins"
                loaded.problems.append(ThemeProblem(path, "name", message))
            seen_here[theme.name] = path
            loaded.themes[theme.name] = theme
            loaded.sources[theme.name] = path
    ordered = sorted(loaded.themes, key=lambda name: (name != DEFAULT_THEME, name))
    loaded.themes = {name: loaded.themes[name] for name in ordered}
    return loaded
