"""The command palette offers every action of the screen, with the keys the user has."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from reader.config import Config
from reader.ui.app import ReaderApp
from tests.conftest import FIXTURES
from tests.helpers import wait_loaded

GARDEN = FIXTURES / "garden-v1.txt"
ANA, MEI = 1, 4


async def test_the_palette_runs_an_action_and_names_the_users_key() -> None:
    app = ReaderApp(GARDEN, config=Config(keys={"tree.next_sibling": "ctrl+j"}))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_loaded(pilot)
        tree = app.screen.comment_tree
        tree.select(ANA)
        await pilot.press("ctrl+p", *"next sibling")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        hits = app.screen.query_one(CommandList)
        shown = [str(hits.get_option_at_index(n).prompt) for n in range(hits.option_count)]
        assert any("Next sibling" in hit and "^j" in hit for hit in shown), shown
        await pilot.press("enter")
        await pilot.pause()
        assert tree.cursor == MEI
