"""How the main screen looks in each bundled theme (SVGs reviewed by eye before committing).

The showcase thread has what themes colour: the original poster replying, a 13-level chain
(depth guides past the eighth colour and elided), a deleted comment with a reply, quotes,
pingbacks.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from reader.ui.app import ReaderApp
from tests.conftest import FIXTURES
from tests.helpers import wait_loaded

SHOWCASE = FIXTURES / "theme_showcase.json"
THEMES = [
    "reader-dark",
    "reader-light",
    "reader-high-contrast",
    "reader-ansi",
    "reader-phosphor",
    "reader-sepia",
]


@pytest.mark.usefixtures("utc")
@pytest.mark.parametrize("theme", THEMES)
def test_main_screen_in_theme(snap_compare, theme: str) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("j", "j", "j")
        await pilot.pause()

    app = ReaderApp(SHOWCASE, theme=theme)
    assert snap_compare(app, terminal_size=(120, 30), run_before=before)
