"""config.toml: where it lives, what it may say, and what a user gets told when it is wrong.

The file is read with tomllib (tomli before Python 3.11). A bad file never stops the app: every
setting that cannot be used falls back to its default, and each problem is reported with the
line it is on, the key, and what the key accepts. Nothing here imports textual.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import platformdirs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

APP_NAME = "thread-reader"
HOME_ENV = "THREAD_READER_HOME"
CONFIG_ENV = "THREAD_READER_CONFIG"
CONFIG_FILE = "config.toml"

DATE_STYLES = ("relative", "absolute")
_SAMPLE_DATE = datetime(2024, 2, 29, 13, 5, 9, tzinfo=timezone.utc)
_KEY_NAME = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[a-z][a-z0-9_]*|[^\s,+])$")


@dataclass(frozen=True)
class Config:
    """The settings the app runs with. `None` means "leave the app's own default"."""

    theme: str | None = None
    mouse: bool = True
    tree_width: str = "45%"
    fold_depth: int = 0
    show_pingbacks: bool = True
    show_deleted: bool = True
    show_stubs: bool = True
    wrap_width: int = 100
    date_style: str = "relative"
    date_format: str = "%Y-%m-%d %H:%M"
    keys: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong in a config file; `line` is 1-based, None when it has no one line."""

    key: str
    message: str
    line: int | None = None

    def describe(self, path: Path | str) -> str:
        """`path:line: key: message`, the form `config --check` prints."""
        place = f"{path}:{self.line}" if self.line is not None else str(path)
        return f"{place}: {self.key}: {self.message}" if self.key else f"{place}: {self.message}"


@dataclass
class LoadedConfig:
    """A config file as read: the settings to use, what was wrong, and where keys sit."""

    path: Path
    config: Config
    problems: list[ConfigProblem]
    exists: bool
    lines: dict[str, int] = field(default_factory=dict)

    def describe_problems(self) -> list[str]:
        return [problem.describe(self.path) for problem in self.problems]


class BadValue(ValueError):
    """A value a setting does not accept; the message says what it accepts."""


# ---------------------------------------------------------------------------- where it lives


def config_dir() -> Path:
    """The folder holding config.toml and the user's themes/ (THREAD_READER_HOME if set)."""
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home).expanduser()
    return platformdirs.user_config_path(APP_NAME)


def config_path(explicit: Path | None = None) -> Path:
    """The config file to read: --config PATH, else THREAD_READER_CONFIG, else the default."""
    if explicit is not None:
        return explicit.expanduser()
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return config_dir() / CONFIG_FILE


# ---------------------------------------------------------------------------- value parsers


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise BadValue(f"accepts true or false, got {_describe(value)}")
    return value


def _whole_number(low: int, high: int, note: str = "") -> Callable[[object], int]:
    def parse(value: object) -> int:
        if _is_int(value) and low <= value <= high:  # type: ignore[operator]
            return value  # type: ignore[return-value]
        accepts = f"accepts a whole number from {low} to {high}{note}"
        raise BadValue(f"{accepts}, got {_describe(value)}")

    return parse


def _theme_name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadValue(f"accepts the name of a theme, got {_describe(value)}")
    return value.strip()


def _tree_width(value: object) -> str:
    accepts = 'accepts columns from 10 to 500, or a percentage from 10% to 90% like "35%"'
    if _is_int(value) and 10 <= value <= 500:  # type: ignore[operator]
        return str(value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,3})\s*%\s*", value)
        if match and 10 <= int(match.group(1)) <= 90:
            return f"{int(match.group(1))}%"
    raise BadValue(f"{accepts}, got {_describe(value)}")


def _wrap_width(value: object) -> int:
    accepts = "accepts 0 (wrap at the pane's width) or a number of columns from 20 to 500"
    if _is_int(value) and (value == 0 or 20 <= value <= 500):  # type: ignore[operator]
        return value  # type: ignore[return-value]
    raise BadValue(f"{accepts}, got {_describe(value)}")


def _date_style(value: object) -> str:
    if value not in DATE_STYLES:
        raise BadValue(f'accepts "relative" or "absolute", got {_describe(value)}')
    return str(value)


def _date_format(value: object) -> str:
    accepts = 'accepts a strftime format such as "%Y-%m-%d %H:%M"'
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        raise BadValue(f"{accepts}, got {_describe(value)}")
    try:
        _SAMPLE_DATE.strftime(value)
    except ValueError as error:
        raise BadValue(f"{accepts}, got {_describe(value)} ({error})") from None
    return value


@dataclass(frozen=True)
class Setting:
    """One key of config.toml: where it sits, the Config field it sets, and its documentation."""

    path: tuple[str, ...]
    attribute: str
    parse: Callable[[object], Any]
    example: str
    doc: str

    @property
    def name(self) -> str:
        return ".".join(self.path)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        ("theme",),
        "theme",
        _theme_name,
        '"reader-dark"',
        "Theme to start with. `t` in the app cycles themes and the app remembers your\n"
        "pick until you change this line; `thread-reader --theme NAME` sets one for a\n"
        "single run. Your own theme files go in themes/ beside this file.",
    ),
    Setting(
        ("mouse",),
        "mouse",
        _boolean,
        "true",
        "Mouse support: false leaves the mouse to the terminal (select text natively).",
    ),
    Setting(
        ("tree", "width"),
        "tree_width",
        _tree_width,
        '"45%"',
        'Width of the comment tree: columns (48) or a share of the window ("40%").',
    ),
    Setting(
        ("tree", "fold_depth"),
        "fold_depth",
        _whole_number(0, 99, " (0 shows every level)"),
        "0",
        "Show replies down to this depth when a thread opens; 0 shows every level.",
    ),
    Setting(
        ("tree", "show_pingbacks"),
        "show_pingbacks",
        _boolean,
        "true",
        "Show pingbacks and trackbacks in the tree.",
    ),
    Setting(
        ("tree", "show_deleted"),
        "show_deleted",
        _boolean,
        "true",
        "Show deleted and removed comments (as placeholders) in the tree.",
    ),
    Setting(
        ("tree", "show_stubs"),
        "show_stubs",
        _boolean,
        "true",
        'Show "N more replies not in this archive" stubs in the tree (`H` toggles them and\n'
        "deleted comments without replies while reading).",
    ),
    Setting(
        ("pane", "wrap_width"),
        "wrap_width",
        _wrap_width,
        "100",
        "Wrap comment text at this many columns; 0 wraps at the pane's width.",
    ),
    Setting(
        ("dates", "style"),
        "date_style",
        _date_style,
        '"relative"',
        '"relative" (3 days ago) or "absolute" (using format below).',
    ),
    Setting(
        ("dates", "format"),
        "date_format",
        _date_format,
        '"%Y-%m-%d %H:%M"',
        "strftime format for absolute dates (and for the full date in the reading pane).",
    ),
)
_BY_PATH = {setting.path: setting for setting in SETTINGS}
_TABLES = {setting.path[0] for setting in SETTINGS if len(setting.path) > 1} | {"keys"}
_TABLE_DOCS = {
    "tree": "The comment tree.",
    "pane": "The reading pane.",
    "dates": "How dates are shown.",
}


# ---------------------------------------------------------------------------- line numbers

_BARE_OR_QUOTED = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_DOTTED = rf"{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*"
_TABLE_LINE = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_BARE_OR_QUOTED)


def _key_parts(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in _PART.findall(dotted)]


def key_lines(text: str) -> dict[str, int]:
    """Map each dotted key (and table) to the 1-based line it is first written on."""
    lines: dict[str, int] = {}
    table: list[str] = []
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline is not None:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        if match := _TABLE_LINE.match(line):
            table = _key_parts(match.group(1))
            lines.setdefault(".".join(table), number)
        elif match := _KEY_LINE.match(line):
            lines.setdefault(".".join([*table, *_key_parts(match.group(1))]), number)
        for quotes in ('"""', "'''"):
            if line.count(quotes) % 2 == 1:
                in_multiline = quotes
                break
    return lines


def _toml_error_line(message: str) -> int | None:
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------------------- reading


def _unknown(name: str, known: Collection[str], what: str) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {what}{hint}; it is ignored"


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, object]:
    """{"tree": {"next": "j"}} -> {"tree.next": "j"}: `tree.next = "j"` is a dotted TOML key."""
    flat: dict[str, object] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


def _read_keys(
    table: object,
    lines: Mapping[str, int],
    actions: Collection[str] | None,
    problems: list[ConfigProblem],
) -> dict[str, str]:
    """[keys]: action = "key1,key2" (or a list of keys). Bad entries are reported and skipped.

    Two actions of one part of the app (`tree.next`, `tree.previous`) may not share a key.
    """
    if not isinstance(table, dict):
        message = 'accepts a table of action = "key1,key2" lines'
        problems.append(ConfigProblem("keys", message, lines.get("keys")))
        return {}
    keys: dict[str, str] = {}
    owner: dict[tuple[str, str], str] = {}
    for action, value in _flatten(table).items():
        name = f"keys.{action}"
        line = lines.get(name)
        if actions is not None and action not in actions:
            problems.append(ConfigProblem(name, _unknown(action, actions, "action"), line))
            continue
        try:
            bound = parse_key_list(value)
        except BadValue as error:
            problems.append(ConfigProblem(name, str(error), line))
            continue
        part = action.rpartition(".")[0]
        for key in bound:
            if (part, key) in owner:
                message = f"{key!r} is also given to {owner[part, key]!r}; one key, one action"
                problems.append(ConfigProblem(name, message, line))
            owner.setdefault((part, key), action)
        keys[action] = ",".join(bound)
    return keys


def parse_key_list(value: object) -> list[str]:
    """ "j,down" or ["j", "down"] -> ["j", "down"]; BadValue naming what is accepted."""
    accepts = 'accepts keys separated by commas, like "j,down" or "ctrl+n"'
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [str(item) for item in value]
    elif isinstance(value, str):
        items = value.split(",")
    else:
        raise BadValue(f"{accepts}, got {_describe(value)}")
    keys = [item.strip() for item in items]
    bad = [key for key in keys if not _KEY_NAME.match(key)]
    if not keys or bad:
        shown = ", ".join(repr(key) for key in bad) if bad else "nothing"
        raise BadValue(f"{accepts}; {shown} is not a key name")
    return keys


def parse_config(
    text: str, actions: Collection[str] | None = None
) -> tuple[Config, list[ConfigProblem], dict[str, int]]:
    """Read config text: the Config to use, its problems, and the line of each key.

    `actions` are the binding ids the app knows; with it, [keys] entries naming no action warn.
    """
    lines = key_lines(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = f"not valid TOML ({error}); using the defaults"
        return Config(), [ConfigProblem("", message, _toml_error_line(str(error)))], lines
    problems: list[ConfigProblem] = []
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name == "keys":
            values["keys"] = _read_keys(value, lines, actions, problems)
        elif name in _TABLES:
            if not isinstance(value, dict):
                message = f"should be a table, [{name}]"
                problems.append(ConfigProblem(name, message, lines.get(name)))
                continue
            for sub, item in value.items():
                _read_setting((name, sub), item, lines, values, problems)
        else:
            _read_setting((name,), value, lines, values, problems)
    return replace(Config(), **values), problems, lines


def _read_setting(
    path: tuple[str, ...],
    value: object,
    lines: Mapping[str, int],
    values: dict[str, Any],
    problems: list[ConfigProblem],
) -> None:
    name = ".".join(path)
    setting = _BY_PATH.get(path)
    if setting is None:
        known = [s.name for s in SETTINGS] + sorted(_TABLES)
        what = "section" if isinstance(value, dict) else "setting"
        problems.append(ConfigProblem(name, _unknown(name, known, what), lines.get(name)))
        return
    try:
        values[setting.attribute] = setting.parse(value)
    except BadValue as error:
        problems.append(ConfigProblem(name, f"{error}; using the default", lines.get(name)))


def load_config(path: Path | None = None, actions: Collection[str] | None = None) -> LoadedConfig:
    """Read the config file (see config_path); a missing default file is no problem."""
    explicit = path is not None or bool(os.environ.get(CONFIG_ENV))
    target = config_path(path)
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        problems = [ConfigProblem("", "no such file; using the defaults")] if explicit else []
        return LoadedConfig(target, Config(), problems, exists=False)
    except OSError as error:
        problem = ConfigProblem("", f"cannot read: {error.strerror or error}; using the defaults")
        return LoadedConfig(target, Config(), [problem], exists=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problem = ConfigProblem("", "not UTF-8 text; using the defaults", line)
        return LoadedConfig(target, Config(), [problem], exists=True)
    config, problems, lines = parse_config(text, actions)
    return LoadedConfig(target, config, problems, exists=True, lines=lines)


# ---------------------------------------------------------------------------- the default file


def _comment(text: str) -> list[str]:
    return [f"# {line}" if line else "#" for line in text.splitlines()]


def render_default_config(
    actions: Mapping[str, tuple[str, str]] | None = None, location: Path | None = None
) -> str:
    """A commented config.toml holding every default; `actions` maps id -> (keys, description)."""
    out = [
        "# thread-reader configuration.",
        f"# Read from {location or config_path()} (another file: --config PATH).",
        "# Every line below is the default; uncomment one to change it.",
        "# Check your edits with: thread-reader config --check",
        "",
    ]
    table: str | None = None
    for setting in SETTINGS:
        section = setting.path[0] if len(setting.path) > 1 else None
        if section != table:
            table = section
            out += ["", *_comment(_TABLE_DOCS[section]), f"[{section}]"] if section else []
        out += [*_comment(setting.doc), f"# {setting.path[-1]} = {setting.example}", ""]
    out += [
        "",
        '# Key bindings: action = "key1,key2" replaces the keys of that action. Keys are',
        '# Textual key names: letters, "ctrl+n", "shift+tab", "pagedown", "f1", "question_mark".',
        "[keys]",
    ]
    for action, (keys, description) in sorted((actions or {}).items()):
        out.append(f"# {action} = {_toml_string(keys)}".ljust(36) + f"  # {description}")
    if not actions:
        out.append('# quit = "q"')
    return "\n".join(out).rstrip("\n") + "\n"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
