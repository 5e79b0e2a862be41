"""The reading pane: where the selected comment is shown whole, with who it answers."""

from __future__ import annotations

from datetime import datetime

from rich.box import ROUNDED
from rich.console import RenderableType
from rich.panel import Panel
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip

from reader.annotations import Annotations
from reader.model import PENDING, Thread
from reader.search import Query
from reader.text_forms import plural
from reader.ui.keys import bindings, key_hint
from reader.ui.palette import Palette
from reader.ui.render import (
    MARK_GLYPHS,
    DateStyle,
    account_beside,
    body_text,
    display_author,
    format_date,
    parent_name,
    relative_age,
)
from reader.ui.widgets.scrolling import LinesView

_HIDDEN_EXTRA = {"detached", "content warning", "display name"}
_CRUMBS = 6  # ancestors the breadcrumb lists by name; deeper ones are counted
WRAP_WIDTH = 100  # columns a body is wrapped at unless the config says otherwise


class ReadingPane(LinesView, can_focus=True):
    """The whole of one comment: breadcrumb, author line, body, the reader's note.

    Drawn with the line API: a new comment is rendered once into strips and only the rows on
    screen are painted, so showing one never reflows the screen's layout.
    """

    BINDINGS = bindings("pane")

    def __init__(self, thread: Thread, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.thread = thread
        self.index = 0
        self.annotations: Annotations | None = None
        self.revealed = False
        self.highlight: Query | None = None
        self.dates = DateStyle()
        self.wrap_width: int | None = WRAP_WIDTH
        self.partial = False  # the thread is the preview of a file still being read
        self._cached_palette: Palette | None = None
        self._lines: list[Strip] = []
        self._text = ""

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())

    def _restyle(self) -> None:
        """The theme changed: rebuild the styles and redraw the comment in them."""
        self._cached_palette = None
        self._draw()

    def _palette(self) -> Palette:
        """The styles of the current theme, built once per theme."""
        if self._cached_palette is None:
            monochrome = bool(getattr(self.app, "no_color", False))
            self._cached_palette = Palette.from_variables(
                self.app.theme_variables, monochrome=monochrome
            )
        return self._cached_palette

    def show(self, index: int) -> None:
        """Show comment `index`, long quotes and content warnings folded, from its top."""
        self.index = index
        self.revealed = False
        self._draw()
        self.scroll_home(animate=False)

    def toggle_revealed(self) -> None:
        """Show or fold again the long quotes and the text behind a content warning."""
        self.revealed = not self.revealed
        self._draw()

    def refresh_comment(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def on_focus(self) -> None:
        self._draw()  # the background changes with focus

    def on_blur(self) -> None:
        self._draw()

    @property
    def text(self) -> str:
        """What the pane shows, as plain text (all of it, not only the rows on screen)."""
        return self._text

    def _draw(self) -> None:
        """Render the comment into strips at the pane's width; paint the rows on screen."""
        width = self.scrollable_content_region.width
        if not self.is_mounted or width <= 0:
            return
        palette = self._palette()
        narrow = min(width, self.wrap_width or width)
        parts: list[tuple[RenderableType, int]] = [(self._breadcrumb(self.index, palette), width)]
        answered = self._in_reply_to(self.index, palette)
        if answered is not None:
            parts.append((answered, width))
        parts += [
            (Text(), width),
            (self._meta(self.index, palette), width),
            (Text(), width),
            (self._body(palette, narrow), narrow),
        ]
        note = self._note(self.index, palette)
        if note is not None:
            parts += [(Text(), width), (note, narrow)]
        console = self.app.console
        style = self.rich_style
        lines: list[Strip] = []
        for renderable, part_width in parts:
            options = console.options.update(width=part_width, height=None, highlight=False)
            for segments in console.render_lines(renderable, options, style=style, pad=False):
                lines.append(Strip(segments).extend_cell_length(width, style))
        self.show_lines(lines, style)
        self._text = "\n".join(line.text.rstrip() for line in lines)
        self.virtual_size = Size(width, len(lines))

    def _note(self, index: int, palette: Palette) -> Panel | None:
        """The reader's note on this comment, in its own box under the body."""
        note = self.annotations.note(index) if self.annotations else None
        if note is None:
            return None
        return Panel(
            Text(note.text, palette.note),
            box=ROUNDED,
            title=Text(f"{MARK_GLYPHS['note']} your note", palette.note),
            title_align="left",
            subtitle=Text(f"edited {format_date(_parse(note.updated_at))}", palette.dim),
            subtitle_align="right",
            border_style=palette.note,
            padding=(0, 1),
        )

    def _body(self, palette: Palette, width: int) -> Text:
        comment = self.thread.comments[self.index]
        warning = comment.extra.get("content warning")
        reveal = key_hint(self.app, "screen.toggle_revealed")
        if warning and not self.revealed:
            hidden = Text()
            hidden.append("⚠ Content warning: ", palette.op)
            hidden.append(warning)
            hidden.append(f"\n\n{reveal} shows the text", palette.dim)
            return hidden
        folded = None if self.revealed else reveal
        return body_text(
            comment, palette, fold_quotes_for=folded, highlight=self.highlight, width=width
        )

    def _breadcrumb(self, index: int, palette: Palette) -> Text:
        """The post, then the nearest ancestors (`… N levels …` for the rest), then this one."""
        crumbs = Text(no_wrap=True, overflow="ellipsis")
        chain = self.thread.ancestors(index, limit=_CRUMBS)
        if not chain:
            crumbs.append(self.thread.title, Style(bold=True))
            return crumbs
        skipped = self.thread.comments[index].depth - len(chain)
        if skipped > 0:  # a deep reply: the root, then how many levels are not listed
            chain[0] = 0
        for number, ancestor in enumerate(chain):
            comment = self.thread.comments[ancestor]
            if number:
                crumbs.append(" › ", palette.dim)
            label = "post" if comment.depth == 0 else display_author(comment)
            crumbs.append(label, palette.depth(max(comment.depth, 1)))
            if number == 0 and skipped > 0:
                crumbs.append(f" › … {plural(skipped, 'level')} …", palette.dim)
        crumbs.append(" › ", palette.dim)
        crumbs.append(display_author(self.thread.comments[index]), Style(bold=True))
        return crumbs

    def _in_reply_to(self, index: int, palette: Palette) -> Text | None:
        """One line: whom the comment answers and how that begins ("in reply to Bo: …")."""
        name = parent_name(self.thread, index)
        if name is None:
            return None
        parent = self.thread.comments[self.thread.parents[index]]
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append("in reply to ", palette.dim)
        line.append(name, palette.author)
        if parent.kind in ("more", PENDING):
            return line
        first = parent.excerpt or (self.thread.title if parent.depth == 0 else "")
        if first:
            line.append(": ", palette.dim)
            line.append(first, palette.quote)
        return line

    def _meta(self, index: int, palette: Palette) -> Text:
        comment = self.thread.comments[index]
        meta = Text()
        is_op = self.thread.is_by_original_poster(index)
        meta.append(display_author(comment), palette.op if is_op else palette.author)
        account = account_beside(comment)
        if account:
            meta.append(f" {account}", palette.dim)
        if is_op:
            meta.append(" (original poster)", palette.op)
        if comment.created is not None:
            meta.append(f"  {format_date(comment.created, self.dates)}", palette.dim)
            age = relative_age(comment.created) if self.dates.relative else None
            if age is not None:
                meta.append(f" ({age} ago)", palette.dim)
        if comment.score is not None:
            meta.append(f"  {plural(comment.score, 'point')}", palette.dim)
        if comment.kind not in ("comment", "post", PENDING):
            meta.append(f"  [{comment.kind}]", palette.deleted)
        if self.annotations is not None:
            marks = self.annotations.marks_of(index)
            for mark, label in (("bookmark", "bookmarked"), ("new", "new"), ("note", "note below")):
                if mark in marks:
                    style = palette.new if mark == "new" else getattr(palette, mark)
                    meta.append(f"  {MARK_GLYPHS[mark]} {label}", style)
        if comment.subtree_size > 1:
            replies = comment.subtree_size - 1
            so_far = " so far" if self.partial else ""
            label = f"  {plural(replies, 'reply', 'replies')} below{so_far}"
            meta.append(label, palette.dim)
        for key, value in comment.extra.items():
            if key not in _HIDDEN_EXTRA:
                meta.append(f"\n{key}: ", palette.dim)
                meta.append(value)
        if "detached" in comment.extra:
            meta.append("\n(shown under the post: ", palette.dim)
            meta.append(comment.extra["detached"], palette.dim)
            meta.append(")", palette.dim)
        if comment.url:
            meta.append("\n")
            meta.append(comment.url, palette.link + Style(link=comment.url))
        return meta


def _parse(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None
