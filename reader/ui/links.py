"""Opening a link without ever taking the terminal from under the app.

The rule: a graphical browser (or `$BROWSER`) started detached when there is a display to
show it on; otherwise a console browser run while the app is suspended, the screen redrawn
when it exits; otherwise the URL is shown and copied to the clipboard. The notification says
which of these happened. `choose` decides from the environment alone, so it is tested
without starting anything; `open_link` carries the choice out in the app.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from textual.app import App, SuspendNotSupported

# Browsers that draw in the terminal they are started from.
CONSOLE_BROWSERS = ("w3m", "lynx", "elinks", "links2", "links", "browsh", "carbonyl")
# Tried in this order when there is a display and no $BROWSER.
GRAPHICAL_OPENERS = ("xdg-open", "firefox", "chromium", "google-chrome", "epiphany")

# Only these are handed to a program: nothing an archive holds becomes an option or a file.
OPENABLE = re.compile(r"(?:https?|ftp)://[^\s]+|mailto:[^\s]+", re.IGNORECASE)

How = Literal["graphical", "console", "copy"]
Which = Callable[[str], str | None]


@dataclass(frozen=True)
class Choice:
    """How to open a link: `command` to run (empty when the URL is only copied)."""

    how: How
    command: tuple[str, ...] = ()

    @property
    def program(self) -> str:
        return Path(self.command[0]).name if self.command else ""


def has_display(environ: Mapping[str, str], platform: str) -> bool:
    """Whether a graphical window can be shown: macOS and Windows always, X11 or Wayland."""
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def _with_url(entry: str, url: str) -> tuple[str, ...]:
    """A $BROWSER entry as a command: its `%s` replaced by the URL, or the URL added."""
    words = shlex.split(entry)
    if any("%s" in word for word in words):
        return tuple(word.replace("%s", url) for word in words)
    return (*words, url)


def choose(url: str, environ: Mapping[str, str], platform: str, which: Which) -> Choice:
    """The way to open `url` here, decided from the environment and the programs on PATH."""
    display = has_display(environ, platform)
    for entry in environ.get("BROWSER", "").split(os.pathsep):
        if not entry.strip():
            continue
        command = _with_url(entry, url)
        if not command or which(command[0]) is None:
            continue
        console = Path(command[0]).name in CONSOLE_BROWSERS or not display
        return Choice("console" if console else "graphical", command)
    if platform == "darwin":
        return Choice("graphical", ("open", url))
    if platform.startswith("win"):
        return Choice("graphical", ("explorer", url))
    if display:
        for opener in GRAPHICAL_OPENERS:
            if which(opener) is not None:
                return Choice(
                    "graphical", ("gio", "open", url) if opener == "gio" else (opener, url)
                )
    for browser in CONSOLE_BROWSERS:
        if which(browser) is not None:
            return Choice("console", (browser, url))
    return Choice("copy")


def open_link(app: App[Any], url: str) -> How:
    """Open `url` as `choose` decides for this process, tell the reader how; the way taken."""
    if OPENABLE.fullmatch(url) is None:
        return _copy(app, url, "not opened: only web and mail links are (this one may be unsafe)")
    choice = choose(url, os.environ, sys.platform, shutil.which)
    if choice.how == "graphical":
        try:
            subprocess.Popen(  # detached: its own session, no share of the app's terminal
                choice.command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as error:
            return _copy(app, url, f"{choice.program} did not start ({error.strerror or error})")
        app.notify(f"Opened in {choice.program}, in its own window: {url}", markup=False)
        return "graphical"
    if choice.how == "console":
        try:
            with app.suspend():
                subprocess.run(choice.command, check=False)
        except SuspendNotSupported:
            return _copy(app, url, f"this terminal cannot hand itself to {choice.program}")
        except OSError as error:
            return _copy(app, url, f"{choice.program} did not start ({error.strerror or error})")
        app.refresh(repaint=True, layout=True)
        app.notify(
            f"Back from {choice.program} (the app was paused meanwhile): {url}", markup=False
        )
        return "console"
    return _copy(app, url, "no browser found (no display, no $BROWSER, no console browser)")


def _copy(app: App[Any], url: str, why: str) -> How:
    app.copy_to_clipboard(url)
    app.notify(f"{why}: the link is copied to the clipboard: {url}", markup=False, timeout=10)
    return "copy"
