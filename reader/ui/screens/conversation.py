"""The conversation view: the post, then each comment down to the selected one, in one column."""

from __future__ import annotations

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Footer, Static

from reader.model import Thread
from reader.text_forms import plural
from reader.ui.keys import bindings, key_hint
from reader.ui.palette import Palette
from reader.ui.render import DateStyle, body_text, display_author, format_date, parent_name
from reader.ui.widgets.scrolling import LinesView

# Ancestors shown at most: the post, then the nearest ones (a 100,000-deep chain stays quick).
CHAIN_LIMIT = 200


def conversation(thread: Thread, index: int, limit: int = CHAIN_LIMIT) -> tuple[list[int], int]:
    """The comments from the root down to `index`, and how many were left out between the
    root and the nearest `limit - 1` ancestors."""
    chain = [*thread.ancestors(index, limit=limit - 1), index]
    if chain[0] == 0:
        return chain, 0
    return [0, *chain], thread.comments[index].depth - len(chain)


class ConversationColumn(LinesView, can_focus=True):
    """The chain of comments drawn with the line API: rendered once, painted as scrolled."""

    BINDINGS = bindings("conversation")

    def __init__(self, thread: Thread, index: int, dates: DateStyle, wrap: int | None) -> None:
        super().__init__(id="conversation")
        self.thread = thread
        self.index = index
        self.dates = dates
        self.wrap = wrap
        self._lines: list[Strip] = []
        self.selected_line = 0  # where the selected comment begins
        self.text = ""

    def on_resize(self) -> None:
        self._draw()
        self.scroll_to(y=self.selected_line, animate=False, immediate=True)

    def _draw(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        monochrome = bool(getattr(self.app, "no_color", False))
        palette = Palette.from_variables(self.app.theme_variables, monochrome=monochrome)
        narrow = min(width, self.wrap or width)
        chain, skipped = conversation(self.thread, self.index)
        console = self.app.console
        style = self.rich_style
        lines: list[Strip] = []

        def add(renderable: RenderableType, part_width: int) -> None:
            options = console.options.update(width=part_width, height=None, highlight=False)
            for segments in console.render_lines(renderable, options, style=style, pad=False):
                lines.append(Strip(segments).extend_cell_length(width, style))

        for position, index in enumerate(chain):
            if position == 1 and skipped > 0:
                add(Text(f"⋮ {plural(skipped, 'comment')} between ⋮", palette.dim), width)
                add(Text(), width)
            if index == self.index:
                self.selected_line = len(lines)
            add(self._heading(index, palette), width)
            add(body_text(self.thread.comments[index], palette, width=narrow), narrow)
            add(Text(), width)
        self.show_lines(lines, style)
        self.text = "\n".join(line.text.rstrip() for line in lines)
        self.virtual_size = Size(width, len(lines))

    def _heading(self, index: int, palette: Palette) -> Text:
        """The rule above a comment: its author, whom it answers, its date and score."""
        comment = self.thread.comments[index]
        depth_style = palette.depth(max(comment.depth, 1))
        selected = index == self.index
        heading = Text(no_wrap=True, overflow="ellipsis", end="")
        heading.append("▶ " if selected else "─ ", depth_style + Style(bold=True))
        if comment.depth == 0 and not comment.author:
            heading.append(self.thread.title or "post", Style(bold=True))
        else:
            is_op = self.thread.is_by_original_poster(index)
            heading.append(display_author(comment), palette.op if is_op else palette.author)
        answered = parent_name(self.thread, index)
        if answered is not None:
            heading.append(" to ", palette.dim)
            heading.append(answered, palette.author)
        if comment.created is not None:
            heading.append(f"  {format_date(comment.created, self.dates)}", palette.dim)
        if comment.score is not None:
            heading.append(f"  {plural(comment.score, 'point')}", palette.dim)
        if selected:
            heading.append("  (selected)", Style(bold=True))
        return heading

    def action_dismiss(self, result: None = None) -> None:
        """Back to the tree, where it was."""
        self.screen.dismiss(result)


class ConversationScreen(Screen[None]):
    """The ancestor chain of one comment as one scrollable column; back to the tree after."""

    def __init__(
        self, thread: Thread, index: int, *, dates: DateStyle, wrap: int | None = None
    ) -> None:
        super().__init__()
        self.thread = thread
        self.index = index
        self.column = ConversationColumn(thread, index, dates, wrap)

    def compose(self) -> ComposeResult:
        depth = self.thread.comments[self.index].depth
        back = key_hint(self.app, "conversation.close")
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(self.thread.title or "(untitled)", Style(bold=True))
        title.append(f"  conversation: {plural(depth, 'level')} down ({back} goes back)", "dim")
        yield Static(title, id="conversation-title")
        yield self.column
        yield Footer()

    def on_mount(self) -> None:
        self.column.focus()
