"""Archive text with Rich markup or terminal escapes is shown as literal, harmless text."""

from __future__ import annotations

import json

from reader.cli import main
from reader.formats import load
from reader.ui.widgets.header import ThreadHeader
from tests.conftest import FIXTURES
from tests.helpers import reader_app, screen_text, tree_of

HOSTILE = FIXTURES / "hostile.txt"


def test_the_model_holds_markup_literally_and_no_control_characters() -> None:
    thread = load(HOSTILE)
    assert thread.title == "Title [bold red]T[/] cleared"
    assert "[link=file:///etc/passwd]click[/]" in thread.root.body
    assert thread.comments[1].author == "[bold]mallory[/bold]"
    for comment in thread.comments:
        assert "\x1b" not in comment.body and "\x07" not in comment.body


async def test_tree_rows_pane_and_header_show_markup_as_text() -> None:
    async with reader_app(HOSTILE) as (app, pilot):
        header = app.screen.query_one(ThreadHeader)
        assert "[bold red]T[/]" in str(header.render())
        row = tree_of(app).render_line(1)
        assert "[bold]mallory[/bold]" in row.text
        await pilot.press("j")
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold]mallory[/bold]" in shown
        assert "Body [red]red[/red] and escape and [/] stray." in shown
        assert "\x1b" not in shown
        for segment in row:
            assert segment.style is None or segment.style.link is None


def test_exports_carry_markup_as_text_and_no_escapes(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["export", str(HOSTILE), "--to", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["thread"]["title"] == "Title [bold red]T[/] cleared"
    assert main(["export", str(HOSTILE), "--to", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "\x1b" not in markdown and "\x07" not in markdown
    assert "\\[bold\\]mallory\\[/bold\\]" in markdown


async def test_notifications_that_quote_archive_text_are_not_markup(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    async with reader_app(HOSTILE) as (app, pilot):
        monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
        await pilot.press("j", "y")
        await pilot.pause()
        quoting = [n for n in app._notifications if "mallory" in n.message]
        assert quoting and all(n.markup is False for n in quoting)
        assert "[bold]mallory[/bold]" in quoting[0].message
