"""The palette's Screenshot saves where a folder exists, and a failure says where and why."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import reader.ui.app
from tests.conftest import FIXTURES
from tests.helpers import reader_app


async def _messages_after(app: object, pilot: object) -> list[str]:
    for _ in range(50):  # the file is written on a thread; its answer comes as a message
        await pilot.pause()  # type: ignore[attr-defined]
        messages = [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]
        if any("creenshot" in m for m in messages):
            return messages
        await asyncio.sleep(0.02)
    return []


async def test_without_a_downloads_folder_it_saves_in_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(reader.ui.app, "user_downloads_path", lambda: home / "Downloads")
    async with reader_app(FIXTURES / "thread_basic.txt") as (app, pilot):
        app.deliver_screenshot()
        messages = await _messages_after(app, pilot)
    saved = list(home.glob("*.svg"))
    assert len(saved) == 1 and not (home / "Downloads").exists()
    assert any("Saved screenshot" in m and str(saved[0]) in m for m in messages)


async def test_a_failure_names_the_folder_and_the_reason(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    async with reader_app(FIXTURES / "thread_basic.txt") as (app, pilot):
        app.deliver_screenshot(path=str(not_a_folder))
        messages = await _messages_after(app, pilot)
    assert f"Screenshot not saved in {not_a_folder}: Not a directory" in messages
    assert "Failed to save screenshot" not in messages
