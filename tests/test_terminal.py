"""Hostile text and hostile terminals: rows keep their width and their guides line up at 40,
80 and 200 columns, and nothing that reorders or smears a terminal's lines reaches it.
"""

from __future__ import annotations

import os
import re
import select
import signal
import struct
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot

from reader.formats import load
from reader.model import MAX_COMBINING, clean_text
from reader.ui.render import FOLD_CLOSED, FOLD_OPEN, LEAF, guide_room, guide_width
from reader.ui.widgets.pane import ReadingPane
from tests.conftest import FIXTURES
from tests.helpers import pane_of, reader_app, screen_text, tree_of

HOSTILE = FIXTURES / "terminal_hostile.json"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLE = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\ufff9\ufffa\ufffb"
COMBINING_RUN = re.compile(f"[\u0300-\u036f]{{{MAX_COMBINING + 1}}}")


def harmful(text: str, allowed: str = "\n") -> list[str]:
    """Characters of `text` that a terminal would reorder, hide, obey or pile up."""
    found = [
        f"U+{ord(char):04X}"
        for char in text
        if char in BIDI + INVISIBLE or (unicodedata.category(char) == "Cc" and char not in allowed)
    ]
    return found + [f"storm at {m.start()}" for m in COMBINING_RUN.finditer(text)]


def test_the_model_keeps_the_words_and_drops_what_breaks_terminals() -> None:
    thread = load(HOSTILE)
    texts = [thread.title] + [
        text for comment in thread.comments for text in (comment.author or "", comment.body)
    ]
    assert {text: harmful(text, "\n\t") for text in texts if harmful(text, "\n\t")} == {}
    authors = [comment.author for comment in thread.comments]
    # Tab and line breaks among the controls become one space in a name.
    assert authors[:4] == ["opresu", "ctl name", "evilgnp.exe", "zero\u200c\u200d\xadwidth"]
    assert authors[5] == "山田太郎の討論スレッド"  # wide characters stay
    assert authors[6] == "🙂👍🏽👨\u200d👩\u200d👧❤\ufe0f🇯🇵"  # emoji, joiners and selectors stay
    assert authors[4] is not None and authors[4].startswith("Z\u0301\u0316\u0334\u0355algo")
    assert "spills past here? and isolate." in thread.comments[2].body
    assert "\t" in thread.comments[7].body  # tabs and line breaks are text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\u202eb\u2066c\u2069", "abc"),
        ("ze\u200bro\ufeff", "zero"),
        ("e" + "\u0301" * 9 + "x", "e" + "\u0301" * MAX_COMBINING + "x"),
        ("Vi\u1ec7t \u05e9\u05c1\u05b8", "Vi\u1ec7t \u05e9\u05c1\u05b8"),  # real marks stay
        ("\u0627\u200f\u200e", "\u0627\u200f\u200e"),  # direction marks stay
    ],
)
def test_clean_text_removes_bidi_controls_invisibles_and_storms(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


async def until_shown(pilot: Pilot, pane: ReadingPane, index: int) -> None:
    """Wait for the pane to show comment `index` (it follows the tree a frame later)."""
    for _ in range(500):
        if pane.index == index:
            break
        await pilot.pause(0.01)
    await pilot.pause()
    assert pane.index == index


@pytest.mark.parametrize("width", [40, 80, 200])
async def test_tree_rows_and_pane_lines_keep_their_width_and_nothing_harmful_shows(
    width: int,
) -> None:
    """Every tree row is the tree's width with its guides in line; every pane line is the
    pane's width; nothing that reorders or smears a line reaches the screen.
    """
    async with reader_app(HOSTILE, size=(width, 16)) as (app, pilot):
        tree, pane = tree_of(app), pane_of(app)
        thread = tree.thread
        if width < 80:  # the tree alone: check it, then the pane alone
            assert tree.size.width == width
        row_width = tree.scrollable_content_region.width
        room = guide_room(row_width)
        assert len(tree.rows) == len(thread.comments)
        for row, index in enumerate(tree.rows):
            tree.move_to_row(row)
            await pilot.pause()
            strip = tree.render_line(row - tree.scroll_offset.y)
            text = strip.text
            assert strip.cell_length == cell_len(text) == row_width, (row, text)
            assert harmful(text) == [], (row, text)
            marker = min(
                text.find(glyph) for glyph in (FOLD_OPEN, FOLD_CLOSED, LEAF) if glyph in text
            )
            depth = thread.comments[index].depth
            assert cell_len(text[:marker]) == 1 + guide_width(depth, room), (row, text)
        shown = screen_text(app)
        assert harmful(shown) == []
        lines = shown.split("\n")
        assert len(lines) == 16 and all(cell_len(line) == width for line in lines)

        if width < 80:
            await pilot.press("tab")
        for row, index in enumerate(tree.rows):
            tree.move_to_row(row)
            await until_shown(pilot, pane, index)
            strips = [pane.render_line(y) for y in range(pane.size.height)]
            widths = {cell_len(strip.text) for strip in strips}
            assert widths == {strips[0].cell_length}, row  # every line as wide as the pane
            assert all(harmful(strip.text) == [] for strip in strips), row
            lines = screen_text(app).split("\n")
            assert all(cell_len(line) == width for line in lines), row


# Real terminals: the app in a pseudo-terminal, as a user starts it, under each environment.

SGR = re.compile(rb"\x1b\[([0-9;]*)m")
MOUSE_ON = b"\x1b[?1000h"


def run_in_terminal(env: dict[str, str], tmp_path: Path) -> bytes:
    """Start thread-reader on a fixture in an 80x24 pty, wait for the tree, press q; its output."""
    pty = pytest.importorskip("pty")
    import fcntl
    import termios

    environment = {
        key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "COLORTERM")
    }
    environment |= {"PYTHONPATH": str(Path.cwd()), "THREAD_READER_HOME": str(tmp_path), **env}
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover (the child)
        os.execvpe(sys.executable, [sys.executable, "-m", "reader", str(BASIC)], environment)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    output, quit_sent = b"", False
    deadline = time.monotonic() + 60  # only a guard against a hang, not a measure
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the app exited and closed the terminal
                break
            if not chunk:
                break
            output += chunk
        if not quit_sent and b"alice" in output:
            time.sleep(0.3)
            os.write(fd, b"q")
            quit_sent = True
    if not quit_sent:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert quit_sent, output[-2000:]
    assert os.waitstatus_to_exitcode(status) == 0, output[-2000:]
    return output


def colours(output: bytes) -> set[tuple[int, ...]]:
    """The 256-colour (one number) and 24-bit (three) colours the app wrote."""
    found = set()
    for match in SGR.finditer(output):
        parts = [int(part) for part in match.group(1).split(b";") if part]
        at = 0
        while at < len(parts):
            if parts[at] in (38, 48) and at + 1 < len(parts):
                size = 3 if parts[at + 1] == 2 else 1
                found.add(tuple(parts[at + 2 : at + 2 + size]))
                at += 2 + size
            else:
                at += 1
    return found


BASIC = FIXTURES / "thread_basic.txt"


TRUECOLOR = {"TERM": "xterm-256color", "COLORTERM": "truecolor"}


@pytest.mark.parametrize(
    ("env", "shown", "mouse"),
    [
        (TRUECOLOR, "colours", True),
        ({"TERM": "dumb"}, "16 colours", True),
        ({"TERM": "linux"}, "16 colours", True),  # reader-ansi: the terminal's own palette
        # The same terminal as the first, with config.toml's mouse = false as well.
        ({**TRUECOLOR, "NO_COLOR": "1"}, "greys", False),
    ],
    ids=["truecolor", "dumb", "linux", "no-color-and-mouse-off"],
)
def test_the_app_starts_shows_the_thread_and_quits_in_each_terminal(
    env: dict[str, str], shown: str, mouse: bool, tmp_path: Path
) -> None:
    if not mouse:
        config = tmp_path / "config.toml"
        config.write_text("mouse = false\n", encoding="utf-8")
        env = {**env, "THREAD_READER_CONFIG": str(config)}
    output = run_in_terminal(env, tmp_path)
    assert b"Folding test thread" in output
    written = colours(output)
    if shown == "16 colours":
        assert written == set()  # only the codes of the terminal's 16 (30-37, 90-97, ...)
    elif shown == "greys":
        assert written and all(len(set(colour)) == 1 for colour in written), written
    else:
        assert any(len(set(colour)) > 1 for colour in written)
    if mouse and env["TERM"] != "dumb":
        assert MOUSE_ON in output
    elif not mouse:  # with the mouse off, the terminal keeps the mouse
        assert MOUSE_ON not in output and b"\x1b[?1003h" not in output
