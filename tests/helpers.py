"""Helpers for app tests: start the app on a file and wait until its thread is shown."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from textual.pilot import Pilot

from reader.ui.app import ReaderApp
from reader.ui.widgets.pane import ReadingPane
from reader.ui.widgets.tree import CommentTree


async def wait_loaded(pilot: Pilot) -> None:
    """Let the loading worker finish and the thread screen settle."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


@asynccontextmanager
async def reader_app(
    path: Path, size: tuple[int, int] = (120, 40)
) -> AsyncIterator[tuple[ReaderApp, Pilot]]:
    app = ReaderApp(path)
    async with app.run_test(size=size) as pilot:
        await wait_loaded(pilot)
        yield app, pilot


def tree_of(app: ReaderApp) -> CommentTree:
    return app.screen.query_one(CommentTree)


def pane_of(app: ReaderApp) -> ReadingPane:
    return app.screen.query_one(ReadingPane)


def screen_text(app: ReaderApp) -> str:
    """What the terminal shows, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
