"""Rich Text for tree rows and comment bodies. Archive text only ever enters as plain text."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from rich.console import Console
from rich.style import Style
from rich.text import Text

from reader.bodies import Line, Span, body_lines, skip_mentions
from reader.model import PENDING, Comment, Thread
from reader.search import Query
from reader.text_forms import plural
from reader.ui.palette import Palette

URL = re.compile(r"(?:https?|ftp)://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}]|mailto:[^\s<>\"']+")
FOLD_OPEN, FOLD_CLOSED, LEAF = "▾", "▸", "·"
MARK_GLYPHS = {"bookmark": "★", "note": "✎", "new": "✦"}


def relative_age(moment: datetime, now: datetime | None = None) -> str | None:
    """A short age ("5m", "3h", "12d") within the last month, else None."""
    seconds = ((now or datetime.now(timezone.utc)) - moment).total_seconds()
    if seconds < 0 or seconds >= 30 * 86400:
        return None
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return "now"


@dataclass(frozen=True)
class DateStyle:
    """How dates show (config.toml [dates]): ages in the tree, or dates in `format` throughout."""

    relative: bool = True
    format: str = "%Y-%m-%d %H:%M"


def format_age(
    moment: datetime | None, now: datetime | None = None, dates: DateStyle = DateStyle()
) -> str:
    """For a tree row: the age within the last month, else the local date; "" when unknown.

    With absolute dates, the local date and time in the configured format.
    """
    if moment is None:
        return ""
    if not dates.relative:
        return moment.astimezone().strftime(dates.format)
    return relative_age(moment, now) or moment.astimezone().strftime("%Y-%m-%d")


def format_date(moment: datetime | None, dates: DateStyle = DateStyle()) -> str:
    """The full local date and time, for the reading pane."""
    return moment.astimezone().strftime(dates.format) if moment is not None else ""


STILL_READ = "comment still being read"  # a preview's name for a comment not read yet


def display_author(comment: Comment) -> str:
    """The name a person is shown by: their display name where the source has one."""
    if comment.kind == "archive":
        return "archive"
    if comment.kind == PENDING:
        return STILL_READ
    shown = comment.extra.get("display name")
    if shown and comment.author:
        return shown
    return comment.author or ("[deleted]" if comment.kind == "deleted" else "anonymous")


def account_beside(comment: Comment) -> str | None:
    """The account shown beside a display name (`@user@host`), None when the name is it."""
    shown = comment.extra.get("display name")
    if not shown or not comment.author or shown == comment.author:
        return None
    return "@" + comment.author.lstrip("@")


def row_flag(comment: Comment) -> str | None:
    """What a tree row says of a comment held back on its site: unapproved, spam, hidden…"""
    approval = comment.extra.get("approved")
    if approval:
        return _APPROVAL_FLAGS.get(approval, "unapproved")
    if "hidden" in comment.extra:
        return "hidden"
    if "whisper" in comment.extra.get("role", ""):
        return "whisper"
    return None


_APPROVAL_FLAGS = {"spam": "spam", "in the trash": "trashed"}


def guide_room(width: int) -> int:
    """How many depth guides fit in a row of `width` cells."""
    return max(1, (width - 30) // 2)


def guide_width(depth: int, room: int) -> int:
    """Cells the guides of a comment at `depth` take (see `guides`)."""
    levels = max(depth - 1, 0)
    return levels * 2 if levels <= room else 1 + 2 * (room - 1)


SCORE_CELLS = 6  # the score column of a tree row: a space, four cells right-aligned, a space


def short_score(score: int | None) -> str:
    """A score in at most four cells, mostly ("873", "12k", "-40", "2M"); "" for none."""
    if score is None:
        return ""
    if -999 <= score <= 9999:
        return str(score)
    if abs(score) < 999_500:
        return f"{round(score / 1000)}k"
    return f"{round(score / 1_000_000)}M"


def parent_name(thread: Thread, index: int) -> str | None:
    """Who comment `index` answers: its parent's name, "the post", or None for the root."""
    parent = thread.parent(index)
    if parent is None or thread.comments[parent].kind == "archive":
        return None
    comment = thread.comments[parent]
    if comment.depth == 0 and not comment.author:
        return "the post"
    return display_author(comment)


def guides(depth: int, palette: Palette, room: int) -> Text:
    """Depth guides for a row: one coloured bar per ancestor level, elided past `room` levels."""
    text = Text()
    levels = range(1, depth)
    if len(levels) > room:
        text.append("⋯", palette.dim)
        levels = range(depth - room + 1, depth)
    for level in levels:
        text.append("│ ", palette.depth(level))
    return text


def row_text(
    thread: Thread,
    index: int,
    *,
    palette: Palette,
    width: int,
    folded: bool,
    marks: frozenset[str] = frozenset(),
    now: datetime | None = None,
    highlight: Query | None = None,
    dates: DateStyle = DateStyle(),
    scores: bool = False,
    flat: bool = False,
    depth_from: int = 0,
) -> Text:
    """One line of the comment tree for the comment at `index`, `highlight` marked in it.

    `scores`: a score column after the unread mark. `flat`: a row of the flat view (no
    guides or folds; whom the comment answers after its author). `depth_from`: the depth of
    the comment zoomed into, drawn as the root.
    """
    comment = thread.comments[index]
    depth = comment.depth - depth_from
    row = Text(no_wrap=True, overflow="ellipsis", end="")
    row.append("●" if "unread" in marks else " ", palette.unread)
    if scores:
        row.append(f" {short_score(comment.score):>{SCORE_CELLS - 2}} ", palette.dim)
        width -= SCORE_CELLS
    if flat:
        row.append(LEAF + " ", palette.depth(max(comment.depth, 1)) + Style(bold=True))
    else:
        row.append_text(guides(depth, palette, guide_room(width)))
        marker = (FOLD_CLOSED if folded else FOLD_OPEN) if comment.subtree_size > 1 else LEAF
        row.append(marker + " ", palette.depth(max(depth, 1)) + Style(bold=True))
    row = _row_content(
        row, thread, index, palette, width, folded and not flat, marks, now, dates, flat=flat
    )
    if highlight is not None:
        mark_matches(row, highlight, palette)
    return row


def _row_content(
    row: Text,
    thread: Thread,
    index: int,
    palette: Palette,
    width: int,
    folded: bool,
    marks: frozenset[str],
    now: datetime | None,
    dates: DateStyle,
    *,
    flat: bool = False,
) -> Text:
    """A tree row after its guides and marker: author, age, flags, marks, excerpt."""
    comment = thread.comments[index]
    has_children = comment.subtree_size > 1
    if comment.kind == "archive":
        row.append(thread.title, Style(bold=True))
        return row
    if comment.kind == "more":
        row.append(comment.body or "more replies not in this archive", palette.deleted)
        return row
    if comment.kind == PENDING:  # a preview's: its author and text come later in the file
        row.append(f"{STILL_READ}…", palette.dim)
        if folded and has_children:
            row.append(f" +{comment.subtree_size - 1}", palette.unread + Style(bold=True))
        return row
    if comment.depth == 0 and not comment.author:
        row.append(thread.title or "post", Style(bold=True))
        row.append("  ")
        row.append(comment.excerpt, palette.dim)
        return row
    author = display_author(comment)
    is_op = thread.is_by_original_poster(index)
    row.append(author, palette.op if is_op else palette.author)
    account = account_beside(comment)
    if account:
        row.append(f" {account}", palette.dim)
    if is_op and comment.kind != "post":
        row.append(" OP", palette.op)
    age = format_age(comment.created, now, dates)
    if age:
        row.append(f" {age}", palette.dim)
    if comment.kind in ("pingback", "deleted"):
        row.append(f" {comment.kind}", palette.deleted)
    flag = row_flag(comment)
    if flag:
        row.append(f" {flag}", palette.deleted)
    for mark, glyph in MARK_GLYPHS.items():
        if mark in marks:
            style = palette.new if mark == "new" else getattr(palette, mark)
            row.append(f" {glyph}", style)
    if folded and has_children:
        row.append(f" +{comment.subtree_size - 1}", palette.unread + Style(bold=True))
    answered = parent_name(thread, index) if flat else None
    if answered is not None:
        row.append(" in reply to " if width >= FLAT_WORDS_FROM else " ↪ ", palette.dim)
        row.append(answered, palette.author)
    excerpt_style = palette.deleted if comment.kind == "deleted" else Style()
    row.append("  ")
    subject = comment.extra.get("subject") if comment.kind == "post" else None
    if subject:
        row.append(subject, Style(bold=True))
        row.append(" ")
    excerpt = comment.excerpt
    if thread.format == "mastodon" and comment.depth > 0:
        excerpt = skip_mentions(excerpt)  # a reply starts with whom it answers: not news
    row.append(excerpt or "(no text)", excerpt_style)
    return row


FLAT_WORDS_FROM = 50  # flat rows at least this wide say "in reply to", narrower ones "↪"


def mark_matches(text: Text, query: Query, palette: Palette) -> None:
    """Style every match of a search query in `text` (spans over its plain text)."""
    for start, end in query.spans(text.plain):
        text.stylize(palette.match, start, end)


def _append_with_links(text: Text, line: str, style: Style, palette: Palette) -> None:
    """Append `line`, with every URL in it styled as a link."""
    position = 0
    for match in URL.finditer(line):
        text.append(line[position : match.start()], style)
        url = match.group()
        text.append(url, style + palette.link + Style(link=url))
        position = match.end()
    text.append(line[position:], style)


QUOTE_PREVIEW = 2  # quoted lines kept visible when a long quote is folded
QUOTE_BAR = "▎ "


def _span_style(styles: frozenset[str], base: Style, palette: Palette) -> Style:
    """The look of a span's style names (see reader.bodies), over the line's `base` style."""
    style = base
    for name in styles:
        style += _STYLE_OF.get(name) or getattr(palette, _PALETTE_STYLE.get(name, "dim"))
    return style


_STYLE_OF = {
    "em": Style(italic=True),
    "strong": Style(bold=True),
    "strike": Style(strike=True),
    "heading": Style(bold=True, underline=True),
}
_PALETTE_STYLE = {"marker": "dim", "signature": "dim", "fence": "dim", "rule": "dim", "code": "dim"}


def _line_text(line: Line, palette: Palette) -> Text:
    """One body line's styled spans as Text (its quote bars and list lead are added apart)."""
    base = palette.quote if line.quote else Style()
    text = Text(end="")
    if line.kind == "rule":
        text.append("─" * 24, palette.dim)
        return text
    for span in line.spans:
        style = _span_style(span.styles, base, palette) if span.styles else base
        if "code" in span.styles:
            style += Style(bold=True)
        if span.link:
            text.append(span.text, style + palette.link + Style(link=span.link))
        elif "code" in span.styles:
            text.append(span.text, style)
        else:
            _append_with_links(text, span.text, style, palette)
    return text


_wrap_console: Console | None = None


def _wrapped(line: Text, width: int) -> list[Text]:
    """`line` wrapped at `width` cells (no spaces left at the ends of the lines)."""
    global _wrap_console
    if line.cell_len <= width:
        return [line]
    if _wrap_console is None:
        _wrap_console = Console(file=io.StringIO(), color_system=None)
    pieces = list(line.wrap(_wrap_console, max(width, 8)))
    for piece in pieces:
        piece.rstrip()
    return pieces


def _quote_run_end(lines: list[Line], start: int) -> int:
    """The index after the run of quoted lines that begins at `start`."""
    end = start
    while end < len(lines) and lines[end].quote:
        end += 1
    return end


def body_text(
    comment: Comment,
    palette: Palette,
    *,
    fold_quotes_for: str | None = None,
    highlight: Query | None = None,
    width: int | None = None,
) -> Text:
    """A comment's whole body: Markdown styled, `>` quotes as bars, links, code, a signature.

    With `fold_quotes_for` (the key that shows them), a quote longer than QUOTE_PREVIEW + 1
    lines shows its first lines and how many more are hidden. With `width`, quoted lines and
    list items are wrapped here, so that each wrapped line keeps its quote bars and its indent.
    """
    text = Text(end="")
    lines = body_lines(comment.body, comment.body_format) if comment.body else []
    if not lines:
        lines = [Line([Span("(no text)")])]
    skip_until = 0
    for number, line in enumerate(lines):
        if number < skip_until:
            continue
        if number:
            text.append("\n")
        _append_line(text, line, palette, width)
        if not line.quote or not fold_quotes_for or (number and lines[number - 1].quote):
            continue
        run_end = _quote_run_end(lines, number)
        if run_end - number > QUOTE_PREVIEW + 1:
            for kept in lines[number + 1 : number + QUOTE_PREVIEW]:
                text.append("\n")
                _append_line(text, kept, palette, width)
            shown = plural(run_end - number - QUOTE_PREVIEW, "more quoted line")
            text.append(f"\n{QUOTE_BAR}… {shown} ({fold_quotes_for} shows them)", palette.dim)
            skip_until = run_end
    if comment.kind == "deleted":
        text.stylize(palette.deleted)
    if highlight is not None:
        mark_matches(text, highlight, palette)
    return text


def _append_line(text: Text, line: Line, palette: Palette, width: int | None) -> None:
    """Append one body line: its quote bars (again on every wrapped line), then its text."""
    bars = QUOTE_BAR * line.quote
    body = _line_text(line, palette)
    base = palette.quote if line.quote else Style()
    if width is None or not (bars or line.hang):
        text.append(bars, palette.quote)
        text.append(line.lead, base)
        text.append_text(body)
        return
    for number, piece in enumerate(_wrapped(body, width - len(bars) - len(line.hang))):
        if number:
            text.append("\n")
        text.append(bars, palette.quote)
        text.append(line.hang if number else line.lead, base)
        text.append_text(piece)


def links_of(comment: Comment) -> list[str]:
    """Every distinct URL in a comment (its own address first, then Markdown links and bare
    addresses in the order they come)."""
    found = [comment.url] if comment.url else []
    if comment.body_format == "markdown":
        for line in body_lines(comment.body, comment.body_format):
            for span in line.spans:
                if span.link and URL.match(span.link) and span.link not in found:
                    found.append(span.link)
    for match in URL.finditer(comment.body):
        if match.group() not in found:
            found.append(match.group())
    return found
