"""thread-reader touches the network only to save or refresh: everything else runs without it.

The `no_network` fixture makes every internet connection (and every host name lookup) fail;
with it the importers read every bundled sample and a file saved from the web, the command
line describes them, and the app starts and shows a saved thread.
"""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.formats import load
from reader.resources import samples
from reader.sites.base import FetchError, FetchOptions
from reader.sites.http import HttpClient
from reader.sites.reddit import SITE
from reader.sites.saving import store
from tests.helpers import wait_loaded
from tests.recorded import FIXTURES_HTTP, RecordedClient

INTERNET = (socket.AF_INET, socket.AF_INET6)


class NetworkUsed(OSError):
    """Raised by any attempt to reach the network while it is disabled."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Internet sockets cannot connect or send, names cannot be looked up; attempts are listed.

    Local socket pairs (the event loop's self-pipe) still work.
    """
    attempts: list[str] = []

    def refuse(what: str) -> Any:
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(what)
            raise NetworkUsed(f"the network was used: {what}{args[1:] if args else ''}")

        return refused

    original_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in INTERNET:
            refuse("connect")(self, address)
        original_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield attempts


def saved_thread(folder: Path) -> Path:
    """A thread saved from the web (answered from recordings, not the network)."""
    names = [
        "thread_abc123_v1.json",
        "morechildren_abc123_1-100.json",
        "morechildren_abc123_101-150.json",
        "morechildren_abc123_m152.json",
        "continue_abc123_c2.json",
    ]
    client = RecordedClient([FIXTURES_HTTP / "reddit" / name for name in names])
    saved = SITE.fetch("https://www.reddit.com/comments/abc123/", client, FetchOptions())
    path = folder / "saved.json"
    store(saved, path)
    return path


def test_the_fixture_really_cuts_the_network(no_network: list[str]) -> None:
    with pytest.raises(OSError):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    with pytest.raises(FetchError, match="network error: the network was used"):
        HttpClient(api_base="http://127.0.0.1:9", retries=0).get("https://www.reddit.com/x")
    assert no_network


def test_importers_and_the_command_line_run_without_network(
    no_network: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [*samples(), saved_thread(tmp_path)]
    assert len(paths) >= 8
    for path in paths:
        assert len(load(path)) > 1
        assert main(["info", str(path)]) == 0
        assert main(["export", str(path), "--to", "json", "-o", str(tmp_path / "x.json")]) == 0
    assert "format:     reddit" in capsys.readouterr().out
    assert no_network == []


async def test_the_app_runs_without_network(no_network: list[str], tmp_path: Path) -> None:
    from reader.ui.app import ReaderApp
    from reader.ui.screens.thread import ThreadScreen

    path = saved_thread(tmp_path)
    app = ReaderApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot)
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.thread.title == "A reading list for a long flight"
        await pilot.press("j", "j", "l")
    assert no_network == []
