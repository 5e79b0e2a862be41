"""`o` opens a link without taking the terminal from under the app, and says how it did.

The decision is tested from the environment alone; the app tests replace the programs that
would start (subprocess, the suspend of the terminal), so no browser is ever run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.ui import links
from reader.ui.links import Choice, choose
from tests.conftest import FIXTURES
from tests.helpers import reader_app

URL = "https://example.org/post"


def which_of(*present: str) -> links.Which:
    return lambda name: f"/usr/bin/{name}" if name in present else None


# environment (NAME=value;...), platform, programs on PATH, the choice (how: command).
CASES = [
    ("DISPLAY=:0", "linux", "xdg-open lynx", "graphical: xdg-open URL"),
    ("WAYLAND_DISPLAY=wayland-0", "linux", "firefox", "graphical: firefox URL"),
    ("", "linux", "xdg-open firefox lynx w3m", "console: w3m URL"),  # SSH: no display
    ("", "linux", "lynx", "console: lynx URL"),
    ("", "linux", "xdg-open firefox", "copy: "),
    ("DISPLAY=:0", "linux", "", "copy: "),
    ("", "darwin", "", "graphical: open URL"),
    ("BROWSER=lynx", "linux", "lynx", "console: lynx URL"),
    ("BROWSER=lynx;DISPLAY=:0", "linux", "lynx xdg-open", "console: lynx URL"),
    (
        "BROWSER=firefox -new-tab %s;DISPLAY=:0",
        "linux",
        "firefox",
        "graphical: firefox -new-tab URL",
    ),
    ("BROWSER=viewer", "linux", "viewer", "console: viewer URL"),  # no display: not detached
    ("BROWSER=gone:w3m;DISPLAY=:0", "linux", "w3m xdg-open", "console: w3m URL"),
    ("BROWSER=gone", "linux", "xdg-open", "copy: "),
]


@pytest.mark.parametrize(("environ", "platform", "present", "expected"), CASES)
def test_the_choice_follows_the_environment(
    environ: str, platform: str, present: str, expected: str
) -> None:
    variables = dict(item.split("=", 1) for item in environ.split(";") if item)
    how, command = expected.split(": ")
    wanted = Choice(how, tuple(word.replace("URL", URL) for word in command.split()))  # type: ignore[arg-type]
    assert choose(URL, variables, platform, which_of(*present.split())) == wanted


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[object]]]:
    """A machine whose programs are recorded, never run; set `present` and the environment."""
    started: dict[str, list[object]] = {"popen": [], "run": [], "copied": []}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(links.sys, "platform", "linux")
    monkeypatch.setattr(links.shutil, "which", which_of())

    def popen(command: tuple[str, ...], **options: object) -> None:
        started["popen"].append((command, options))

    monkeypatch.setattr(links.subprocess, "Popen", popen)
    monkeypatch.setattr(
        links.subprocess, "run", lambda command, **o: started["run"].append(command)
    )
    yield started


def _messages(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_a_graphical_browser_is_started_detached(
    machine: dict[str, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(links.shutil, "which", which_of("xdg-open"))
    async with reader_app(FIXTURES / "thread_basic.txt") as (app, pilot):
        await pilot.press("o")
        await pilot.pause()
        ((command, options),) = machine["popen"]
        assert command == ("xdg-open", URL)
        assert options["start_new_session"] is True and options["stdin"] is not None
        assert f"Opened in xdg-open, in its own window: {URL}" in _messages(app)


async def test_a_console_browser_runs_while_the_app_is_suspended(
    machine: dict[str, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(links.shutil, "which", which_of("lynx"))
    async with reader_app(FIXTURES / "thread_basic.txt") as (app, pilot):
        suspended: list[bool] = []

        @contextmanager
        def suspend() -> Iterator[None]:
            suspended.append(True)
            yield
            suspended.append(False)

        monkeypatch.setattr(app, "suspend", suspend)
        await pilot.press("o")
        await pilot.pause()
        assert machine["run"] == [("lynx", URL)] and suspended == [True, False]
        assert any(m.startswith("Back from lynx") for m in _messages(app))


async def test_a_terminal_that_cannot_suspend_gets_the_url_copied(
    machine: dict[str, list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test driver cannot hand the terminal over, like Textual's web driver."""
    monkeypatch.setattr(links.shutil, "which", which_of("lynx"))
    async with reader_app(FIXTURES / "thread_basic.txt") as (app, pilot):
        monkeypatch.setattr(app, "copy_to_clipboard", machine["copied"].append)
        await pilot.press("o")
        await pilot.pause()
        assert machine["run"] == [] and machine["copied"] == [URL]
        assert any("cannot hand itself to lynx" in m and URL in m for m in _messages(app))


async def test_no_browser_at_all_shows_and_copies_the_url(
    machine: dict[str, list[object]], tmp_path: Path
) -> None:
    async with reader_app(FIXTURES / "thread_basic.txt") as (app, pilot):
        app.copy_to_clipboard = machine["copied"].append  # type: ignore[method-assign]
        await pilot.press("o")
        await pilot.pause()
        assert machine["popen"] == [] and machine["run"] == []
        assert machine["copied"] == [URL]
        assert any(m.startswith("no browser found") and URL in m for m in _messages(app))


@pytest.mark.parametrize(
    "link", ["--remote-debugging-port=9222", "file:///etc/passwd", "javascript:alert(1)"]
)
async def test_a_link_that_is_not_web_or_mail_is_never_handed_to_a_program(
    machine: dict[str, list[object]], monkeypatch: pytest.MonkeyPatch, link: str
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(links.shutil, "which", which_of("xdg-open", "lynx"))
    async with reader_app(FIXTURES / "thread_basic.txt") as (app, pilot):
        monkeypatch.setattr(app, "copy_to_clipboard", machine["copied"].append)
        assert links.open_link(app, link) == "copy"
        await pilot.pause()
        assert machine["popen"] == [] and machine["run"] == [] and machine["copied"] == [link]
        assert any(m.startswith("not opened: only web and mail") for m in _messages(app))
