"""The import contract of DESIGN.md: the core imports neither textual nor rich nor reader.ui.

Each module is imported as in a fresh interpreter (one probe process forgets every
non-standard module between them), so what another test imported cannot hide a module that
pulls in the UI. reader.cli may import the UI only when it runs the app; the app imports
nothing at start that only a key, a dialog or another screen needs (the first frame waits
for every import).
"""

from __future__ import annotations

import importlib.util
import json
import pkgutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

import reader.formats
import reader.sites

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("textual", "rich", "reader.ui")
# Imported where first used, not by `reader.ui.app`: each costs the first frame milliseconds.
NOT_AT_START = (
    "reader.ui.dialogs",
    "reader.ui.screens.start",
    "reader.ui.screens.statistics",
    "reader.ui.screens.conversation",
    "reader.ui.screens.download",
    "reader.statistics",
    "reader.ftsquery",
    "reader.sites.saving",
    "reader.indexer",
    "reader.library",
    "textual.widgets._text_area",
    "textual.widgets._data_table",
    "textual.widgets._progress_bar",
)
CORE = [
    "reader.model",
    "reader.formats",
    *(f"reader.formats.{info.name}" for info in pkgutil.iter_modules(reader.formats.__path__)),
    "reader.sites",
    *(f"reader.sites.{info.name}" for info in pkgutil.iter_modules(reader.sites.__path__)),
    "reader.store",
    "reader.indexer",
    "reader.annotations",
    "reader.search",
    "reader.statistics",
    "reader.export",
    "reader.notes",
    "reader.config",
    "reader.actions",
    "reader.colours",
    "reader.themes",
    "reader.cli",
    # Modules still to come: checked once they exist.
    *(name for name in ("reader.view", "reader.session") if importlib.util.find_spec(name)),
]

# One interpreter for all the modules: before each, it forgets every module outside the
# standard library (ours, textual, rich and every other package), so each import starts as it
# would in a fresh interpreter and what one module loaded cannot hide what the next pulls in.
PROBE = """
import importlib, json, sys
forbidden = sys.argv[1].split(",")
kept = sys.stdlib_module_names | set(sys.builtin_module_names)
found = {}
for module in sys.argv[2:]:
    for name in [name for name in sys.modules if name.partition(".")[0] not in kept]:
        del sys.modules[name]
    importlib.import_module(module)
    found[module] = sorted(
        name for name in sys.modules
        if any(name == top or name.startswith(top + ".") for top in forbidden)
    )
print(json.dumps(found))
"""


@cache
def imported_by_module(
    forbidden: tuple[str, ...], modules: tuple[str, ...]
) -> dict[str, list[str]]:
    """The `forbidden` modules (and their submodules) each of `modules` loads on its own."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(forbidden), *modules],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    found: dict[str, list[str]] = json.loads(result.stdout)
    return found


def imported_ui_by_module(modules: tuple[str, ...]) -> dict[str, list[str]]:
    """The forbidden modules each of `modules` loads when imported on its own."""
    found = imported_by_module(FORBIDDEN, modules)
    return {module: [n for n in names if n.count(".") < 2] for module, names in found.items()}


def imported_ui(module: str) -> list[str]:
    """The forbidden modules loaded by importing `module` alone."""
    return imported_ui_by_module((*CORE, "reader.ui.keys"))[module]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui(module: str) -> None:
    assert imported_ui(module) == []


def test_the_probe_sees_a_module_that_imports_the_ui() -> None:
    assert "textual" in imported_ui("reader.ui.keys")


def test_the_app_starts_without_what_only_a_key_or_another_screen_needs() -> None:
    found = imported_by_module(NOT_AT_START, ("reader.ui.app", "reader.ui.dialogs.notes"))
    assert found["reader.ui.app"] == []
    # The probe sees them where they are imported: the note editor is a TextArea.
    assert "textual.widgets._text_area" in found["reader.ui.dialogs.notes"]


# Opening a file imports the format modules that may claim it, no other (reader.formats); the
# app imports reader.formats.saved whatever it opens.
OPENING_PROBE = """
import importlib, json, sys
from pathlib import Path
kept = sys.stdlib_module_names | set(sys.builtin_module_names)
found = {}
for file in sys.argv[1:]:
    for name in [name for name in sys.modules if name.partition(".")[0] not in kept]:
        del sys.modules[name]
    cli = importlib.import_module("reader.cli")
    cli._reader_app(cli._open_parser().parse_args([file]), Path(file), None)
    found[file] = sorted(name for name in sys.modules if name.startswith("reader.formats."))
print(json.dumps(found))
"""
JSON_FORMATS = ("native", "reddit")
WEB_FORMATS = ("hackernews", "lobsters", "discourse", "mastodon", "wordpress_rest")
MARKUP = ("wxr", "wordpress_html", "html")
MAIL_FORMATS = ("mbox", "maildir", "mail", "mailthread")
TEXT_FORMATS = ("text", "textdump", "textauthors")


def test_opening_a_file_imports_only_the_formats_that_may_claim_it(tmp_path: Path) -> None:
    files = ["samples/reddit-thread.json", "samples/welcome-to-the-commons.txt"]
    result = subprocess.run(
        [sys.executable, "-c", OPENING_PROBE, *files],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "THREAD_READER_HOME": str(tmp_path)},
        check=True,
    )
    found = {
        file: {name.removeprefix("reader.formats.") for name in names}
        for file, names in json.loads(result.stdout).items()
    }
    reddit, text = found[files[0]], found[files[1]]
    assert "reddit" in reddit and "text" in text  # the probe sees what the sniffing imports
    assert not reddit & {*TEXT_FORMATS, *MAIL_FORMATS, *WEB_FORMATS, *MARKUP}
    assert not text & {*JSON_FORMATS, *WEB_FORMATS, *MAIL_FORMATS, *MARKUP, "jsontext"}


@pytest.mark.parametrize("option", ["--check", "--default"])
def test_config_commands_run_without_the_ui(option: str, tmp_path: Path) -> None:
    theme = tmp_path / "config" / "thread-reader" / "themes" / "broken.toml"
    theme.parent.mkdir(parents=True)
    theme.write_text('primary = "yelow"\n')
    script = (
        "import sys\nfrom reader.cli import main\ncode = main(['config', sys.argv[1]])\n"
        "print(sorted(m for m in ('textual', 'rich', 'reader.ui') if m in sys.modules), code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, option],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": str(tmp_path / "config")},
    )
    last = result.stdout.splitlines()[-1]
    assert last == ("[] 2" if option == "--check" else "[] 0"), result.stdout + result.stderr
    if option == "--check":
        assert "broken.toml: primary: not a colour" in result.stdout
