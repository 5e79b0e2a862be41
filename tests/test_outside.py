"""The from-outside driver's reading of screens (benchmarks/outside.py); no tmux needed."""

from __future__ import annotations

from pathlib import Path

from benchmarks import outside

# Lines as `tmux capture-pane -p -e` gives them (cut short), from a run on a Reddit file.
HEADER_READING = (
    "\x1b[48;5;235m \x1b[1m\x1b[38;5;188mA generated thread\x1b[0m  \x1b[38;5;247m"
    "reading the file 37%… · the first 241 comments shown\x1b[39m"
)
HEADER_WHOLE = (
    "\x1b[48;5;235m \x1b[1m\x1b[38;5;188mA generated thread\x1b[0m  \x1b[38;5;247m"
    "983 comments · 17 deleted · depth 31 · 1,000 unread\x1b[39m  1/1,004"
)
POST_ROW = (
    "\x1b[38;5;74m\x1b[48;5;23m \x1b[38;5;246m  25k \x1b[1m\x1b[38;5;74m▾ \x1b[38;5;215m"
    "bench_op\x1b[0m 2023-11-14  The post.   \x1b[38;5;237m▏\x1b[39m  A generated thread"
)
REPLY_ROW = (
    "\x1b[38;5;74m●\x1b[38;5;246m   -1 \x1b[38;5;74m│ \x1b[1m\x1b[38;5;108m· \x1b[38;5;153m"
    "user48\x1b[0m 2023-11-14  More not an it…\x1b[38;5;237m▏\x1b[39m  bench_op · 25,000 points"
)


def screen(*lines: str) -> str:
    return "\n".join(lines)


def test_tree_rows_are_found_left_of_the_pane_border_only() -> None:
    rows = outside.plain(screen(HEADER_WHOLE, POST_ROW, REPLY_ROW))
    assert rows[1].startswith("   25k ▾ bench_op")
    assert outside.tree_rows(rows) == 2
    assert outside.reader_shows(rows)
    # The header's " · " separators and a pane line with "· " are not rows.
    pane_only = "                 ▏  quoted · text after the border"
    assert outside.tree_rows(outside.plain(screen(HEADER_WHOLE, pane_only, POST_ROW))) == 1
    loading = outside.plain(screen("", "  Reading /tmp/big.json …", ""))
    assert not outside.reader_shows(loading)


def test_the_whole_thread_is_told_by_the_header() -> None:
    assert not outside.reader_whole(outside.plain(screen(HEADER_READING, POST_ROW)))
    assert outside.reader_whole(outside.plain(screen(HEADER_WHOLE, POST_ROW)))
    assert not outside.reader_whole([])


def test_the_reading_percentage_is_no_change_but_the_cursor_is() -> None:
    later = HEADER_READING.replace("37%", "52%")
    assert outside.settled_form(later) == outside.settled_form(HEADER_READING)
    moved = screen(HEADER_WHOLE.replace("1/1,004", "2/1,004"), POST_ROW)
    assert outside.settled_form(moved) != outside.settled_form(screen(HEADER_WHOLE, POST_ROW))


def test_neomutt_index_lines_and_less_first_line(tmp_path: Path) -> None:
    index = [
        "q:Quit  d:Del  u:Undel  s:Save  m:Mail  r:Reply  g:Group  ?:Help",
        "   1 N   Jan 04 Greta Dubois    (  24) release 2.18 planning",
        "   2 N   Jan 04 Lena Hansen     (  32) ├─>",
        "   3     Jan 14 Farid Müller    (  28) ├─>",
    ]
    assert outside.neomutt_shows(index)
    assert not outside.neomutt_shows([*index[:2], "Reading big.mbox... 73840 (73%)"])
    text = tmp_path / "thread.txt"
    text.write_text("\n\tA title with a tab\n\nThe post.\n")
    shows = outside.less_shows(outside.first_line(text))
    assert shows(["        A title with a tab", ""])
    assert not shows(["big.txt lines 1-48", ""])
    assert outside.sniff(text) == "text"


def test_summary_and_roots() -> None:
    assert outside.summary([]) == "–"
    times = [0.001 * each for each in range(1, 101)]
    assert outside.summary(times) == "50.5 / 95.0 / 100.0 (100)"
    root = outside.parse_root("fast=/tmp/checkout,THREAD_READER_SWITCH_MS=5")
    assert (root.label, root.folder, root.env) == (
        "fast",
        Path("/tmp/checkout"),
        {"THREAD_READER_SWITCH_MS": "5"},
    )
    assert outside.parse_root("/tmp/checkout").label == "thread-reader"


def test_a_key_is_answered_in_the_tree_and_a_line_caught_blank_is_no_change() -> None:
    before = screen(HEADER_WHOLE, POST_ROW, REPLY_ROW)
    pane_later = screen(HEADER_WHOLE, POST_ROW, REPLY_ROW.replace("25,000 points", "a reply"))
    assert outside.differs(before, pane_later)
    assert not outside.differs(outside.tree_part(before), outside.tree_part(pane_later))
    cursor_moved = screen(HEADER_WHOLE, POST_ROW.replace("48;5;23m", "48;5;233m"), REPLY_ROW)
    assert outside.differs(outside.tree_part(before), outside.tree_part(cursor_moved))
    header_redrawn = screen("", POST_ROW, REPLY_ROW)
    assert not outside.differs(before, header_redrawn)
    cut_short = screen(HEADER_WHOLE, POST_ROW)  # a capture can end before its blank lines
    assert not outside.differs(before, cut_short)
    assert outside.differs(cut_short, before)
