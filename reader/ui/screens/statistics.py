"""The statistics screen: the thread at a glance, in tables with bars and a plot over time.

The figures come from reader/statistics.py, computed in a worker (about 200 ms for 100,000
comments). Every row that names a comment goes there on enter; `j`/`k` run through the rows
of every table as one list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.geometry import Region, Spacing
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Sparkline, Static
from textual.worker import get_current_worker

from reader.model import Thread, one_line
from reader.statistics import Ranked, Statistics, Timeline, from_zero, thread_statistics
from reader.text_forms import number, plural
from reader.ui.keys import bindings
from reader.ui.messages import CommentChosen
from reader.ui.render import display_author

WIDE = 120  # from this many columns, the sections stand in two columns (statistics.tcss)
EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"
UNIT_FORMATS = {"hour": "%Y-%m-%d %H:00", "day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%b %Y"}
UNIT_WORDS = {"hour": "hour", "day": "day", "week": "week (from Monday)", "month": "month"}
BOLD = Style(bold=True)
DIM = Style(dim=True)


def bar(value: int, largest: int, width: int) -> str:
    """A bar of block characters, `width` long for `largest`; any value above 0 shows."""
    if value <= 0 or largest <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    return FULL * (eighths // 8) + EIGHTHS[eighths % 8].strip()


def percent(share: float) -> str:
    """A share as a percentage: one decimal below 10 %, "<0.1%" for a trace."""
    if 0 < share < 0.001:
        return "<0.1%"
    return f"{share * 100:.1f}%" if share < 0.1 else f"{share * 100:.0f}%"


def clipped(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


class StatsTable(DataTable[Text], inherit_bindings=False):
    """A table of the statistics screen: its keys are the screen's (j/k run across tables)."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)


class StatisticsScreen(Screen[None]):
    """Participants, depths, comments over time, longest subthreads, most replied, top scored."""

    CSS_PATH = "statistics.tcss"
    BINDINGS = bindings("stats")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(self, thread: Thread) -> None:
        super().__init__()
        self.thread = thread

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="stats-header")
        with VerticalScroll(id="stats-body"):
            yield Static(Text("Counting…"), id="stats-counting")
            with Horizontal(id="stats-columns"):
                yield Vertical(id="stats-left", classes="stats-column")
                yield Vertical(id="stats-right", classes="stats-column")
        yield Footer()

    def _title(self, figures: str = "") -> Text:
        """The header: the figures first, so a narrow screen cuts the thread's title."""
        title = Text("Statistics", BOLD)
        title.append(figures, DIM)
        title.append(f" · {one_line(self.thread.title) or 'untitled'}")
        return title

    def on_mount(self) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="statistics")
    def compute(self) -> None:
        """Count in a thread: a big thread takes a fifth of a second and more."""
        statistics = thread_statistics(self.thread)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, statistics)

    def show(self, statistics: Statistics) -> None:
        """Fill the screen with the figures (unless it was closed while they were counted)."""
        if not self.is_attached:
            return
        self.query_one("#stats-counting").remove()
        figures = f" · {plural(statistics.comments, 'comment')}"
        figures += f" · {plural(statistics.people, 'participant')}"
        self.query_one("#stats-header", Static).update(self._title(figures))
        bars = 20 if self.size.width >= WIDE else 12
        left, right = self.query_one("#stats-left"), self.query_one("#stats-right")
        left.mount_all([*self._participants(statistics, bars), *self._depths(statistics, bars)])
        right.mount_all(
            [
                *self._over_time(statistics),
                *self._subthreads(statistics),
                *self._most_replied(statistics),
                *self._top_scored(statistics),
            ]
        )
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        tables = self._tables()
        if tables:
            tables[0].focus()

    # The sections.

    def _heading(self, text: str) -> Static:
        return Static(Text(text, BOLD), classes="stats-heading")

    def _note(self, text: str) -> Static:
        return Static(Text(text), classes="stats-note")

    def _participants(self, statistics: Statistics, width: int) -> list[Widget]:
        table = StatsTable(id="stats-participants")
        table.add_columns("#", "participant", "comments", "share", "")
        largest = statistics.participants[0].comments if statistics.participants else 0
        for rank, person in enumerate(statistics.participants, 1):
            table.add_row(
                Text(str(rank), DIM),
                Text(clipped(display_author(self.thread.comments[person.first]), 28)),
                Text(number(person.comments), justify="right"),
                Text(percent(person.share), justify="right"),
                Text(bar(person.comments, largest, width)),
                key=str(person.first),
            )
        others = statistics.others
        if others is not None:
            table.add_row(
                Text(""),
                Text(f"the other {number(others.people)}", DIM),
                Text(number(others.comments), justify="right"),
                Text(percent(others.share), justify="right"),
                Text(""),
            )
        if statistics.unnamed:
            table.add_row(
                Text(""),
                Text("no name (anonymous, deleted)", DIM),
                Text(number(statistics.unnamed), justify="right"),
                Text(percent(statistics.unnamed / statistics.comments), justify="right"),
                Text(""),
            )
        heading = "Participants"
        if statistics.others is not None:
            heading += f": the {len(statistics.participants)} who wrote most"
        return [self._heading(heading), table]

    def _depths(self, statistics: Statistics, width: int) -> list[Widget]:
        if not statistics.depths:
            return [self._heading("Depth"), self._note("No replies below the post.")]
        table = StatsTable(id="stats-depths")
        table.add_columns("depth", "comments", "")
        largest = max(row.comments for row in statistics.depths)
        for row in statistics.depths:
            label = str(row.low) if row.low == row.high else f"{row.low}-{row.high}"
            table.add_row(
                Text(label, justify="right"),
                Text(number(row.comments), justify="right"),
                Text(bar(row.comments, largest, width)),
                key=str(row.first),
            )
        return [self._heading("Depth: comments at each level of replies"), table]

    def _over_time(self, statistics: Statistics) -> list[Widget]:
        heading = self._heading("Over time")
        if statistics.timeline is None:
            return [heading, self._note("This archive gives no dates: nothing to plot.")]
        timeline = from_zero(statistics.timeline)
        widgets: list[Widget] = [
            heading,
            self._note(timeline_caption(statistics.timeline)),
            Sparkline(timeline.counts, id="stats-sparkline"),
            Horizontal(
                Static(Text(bucket_label(timeline, timeline.starts[0])), id="stats-first-date"),
                Static(Text(bucket_label(timeline, timeline.starts[-1])), id="stats-last-date"),
                id="stats-dates",
            ),
        ]
        if statistics.undated:
            widgets.append(self._note(f"{plural(statistics.undated, 'comment')} without a date."))
        return widgets

    def _subthreads(self, statistics: Statistics) -> list[Widget]:
        heading = self._heading("Longest subthreads (a top-level comment and its replies)")
        if not statistics.subthreads:
            return [heading, self._note("No comments below the post.")]
        table = StatsTable(id="stats-subthreads")
        table.add_columns("comments", "people", "levels", "started by", "")
        for sub in statistics.subthreads:
            table.add_row(
                Text(number(sub.comments), justify="right"),
                Text(number(sub.people), justify="right"),
                Text(number(sub.depth), justify="right"),
                *self._comment_cells(sub.index, used=50),
                key=str(sub.index),
            )
        return [heading, table]

    def _most_replied(self, statistics: Statistics) -> list[Widget]:
        heading = self._heading("Most replied (direct replies)")
        if not statistics.most_replied:
            return [heading, self._note("No comment has replies.")]
        return [heading, self._ranking("stats-replied", "replies", statistics.most_replied)]

    def _top_scored(self, statistics: Statistics) -> list[Widget]:
        heading = self._heading("Top scored")
        if statistics.top_scored is None:
            return [heading, self._note("This archive has no scores.")]
        return [heading, self._ranking("stats-scored", "score", statistics.top_scored)]

    def _ranking(self, table_id: str, measure: str, ranked: Sequence[Ranked]) -> StatsTable:
        """A table of comments ranked by `measure`, each row naming its comment."""
        table = StatsTable(id=table_id)
        table.add_columns(measure, "author", "")
        for each in ranked:
            table.add_row(
                Text(number(each.value), justify="right"),
                *self._comment_cells(each.index, used=34),
                key=str(each.index),
            )
        return table

    def _comment_cells(self, index: int, used: int) -> tuple[Text, Text]:
        """The author and the start of a comment, for a row that names it; `used` is how wide
        the table's other columns are."""
        comment = self.thread.comments[index]
        width = self.size.width
        column = width // 2 - 4 if width >= WIDE else width - 4
        room = max(16, column - used)
        return Text(clipped(display_author(comment), 20)), Text(clipped(comment.excerpt, room), DIM)

    # Moving and choosing.

    def _tables(self) -> list[StatsTable]:
        return list(self.query(StatsTable))

    def _focused_table(self) -> StatsTable | None:
        focused = self.focused
        return focused if isinstance(focused, StatsTable) else None

    def action_next_row(self) -> None:
        """Down a row; from a table's last row, to the first row of the next table."""
        self._step(1)

    def action_previous_row(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        tables = self._tables()
        table = self._focused_table()
        if table is None:
            if tables:
                tables[0].focus()
            return
        row = table.cursor_row + step
        if 0 <= row < table.row_count:
            table.move_cursor(row=row)
            return
        position = tables.index(table) + step
        if 0 <= position < len(tables):
            following = tables[position]
            following.move_cursor(row=0 if step > 0 else following.row_count - 1)
            following.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Keep the row in view: the tables do not scroll, the screen does."""
        if event.data_table is self.focused:
            self.call_after_refresh(self._show_row, event.data_table, event.cursor_row)

    def _show_row(self, table: DataTable[Text], row: int) -> None:
        body = self.query_one("#stats-body", VerticalScroll)
        top = table.region.y - body.region.y + int(body.scroll_y)
        line = top + table.header_height + row
        above = table.header_height + 1 if row == 0 else 1  # the heading shows with the first row
        spacing = Spacing(above, 0, 1, 0)
        body.scroll_to_region(Region(0, line, 1, 1), animate=False, spacing=spacing)

    def on_descendant_focus(self) -> None:
        table = self._focused_table()
        if table is not None:
            self.call_after_refresh(self._show_row, table, table.cursor_row)

    def action_jump(self) -> None:
        table = self._focused_table()
        if table is not None and table.row_count:
            self._choose(table, table.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A click on a row (enter is the screen's jump)."""
        self._choose(event.data_table, event.cursor_row)

    def _choose(self, table: DataTable[Text], row: int) -> None:
        key = table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        if key is None:
            self.notify("This row names no comment.", timeout=3)
            return
        self.dismiss()
        self.app.post_message(CommentChosen(self.thread, int(key)))

    def action_close(self) -> None:
        self.dismiss()


def timeline_caption(timeline: Timeline) -> str:
    """What the plot shows: the bucket, how many, and the busiest one."""
    busiest = bucket_label(timeline, timeline.peak_start)
    count = len(timeline.counts)
    unit = UNIT_WORDS[timeline.unit]
    return (
        f"Comments per {unit}, {plural(count, timeline.unit)} · "
        f"busiest: {busiest}, {plural(timeline.peak, 'comment')}"
    )


def bucket_label(timeline: Timeline, start: datetime) -> str:
    """The start of a bucket as its unit names it ("2024-03-04", "Mar 2024", "… 14:00")."""
    return start.strftime(UNIT_FORMATS[timeline.unit])
