"""Rich Text for tree rows and comment bodies. Archive text only ever enters as plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from rich.style import Style
from rich.text import Text

from reader.model import Comment, Thread
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


def display_author(comment: Comment) -> str:
    if comment.kind == "archive":
        return "archive"
    return comment.author or ("[deleted]" if comment.kind == "deleted" else "anonymous")


def guide_room(width: int) -> int:
    """How many depth guides fit in a row of `width` cells."""
    return max(1, (width - 30) // 2)


def guide_width(depth: int, room: int) -> int:
    """Cells the guides of a comment at `depth` take (see `guides`)."""
    levels = max(depth - 1, 0)
    return levels * 2 if levels <= room else 1 + 2 * (room - 1)


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
    highlight: str | None = None,
    dates: DateStyle = DateStyle(),
) -> Text:
    """One line of the comment tree for the comment at `index`, `highlight` marked in it."""
    comment = thread.comments[index]
    row = Text(no_wrap=True, overflow="ellipsis", end="")
    row.append("●" if "unread" in marks else " ", palette.unread)
    row.append_text(guides(comment.depth, palette, guide_room(width)))
    has_children = comment.subtree_size > 1
    marker = (FOLD_CLOSED if folded else FOLD_OPEN) if has_children else LEAF
    row.append(marker + " ", palette.depth(max(comment.depth, 1)) + Style(bold=True))
    if comment.kind == "archive":
        row.append(thread.title, Style(bold=True))
        return row
    if comment.kind == "more":
        row.append(comment.body or "more replies not in this archive", palette.deleted)
        return row
    if comment.depth == 0 and not comment.author:
        row.append(thread.title or "post", Style(bold=True))
        row.append("  ")
        row.append(comment.excerpt, palette.dim)
        return row
    author = display_author(comment)
    is_op = thread.is_by_original_poster(index)
    row.append(author, palette.op if is_op else palette.author)
    if is_op and comment.kind != "post":
        row.append(" OP", palette.op)
    age = format_age(comment.created, now, dates)
    if age:
        row.append(f" {age}", palette.dim)
    if comment.kind in ("pingback", "deleted"):
        row.append(f" {comment.kind}", palette.deleted)
    for mark, glyph in MARK_GLYPHS.items():
        if mark in marks:
            style = palette.new if mark == "new" else getattr(palette, mark)
            row.append(f" {glyph}", style)
    if folded and has_children:
        row.append(f" +{comment.subtree_size - 1}", palette.unread + Style(bold=True))
    excerpt_style = palette.deleted if comment.kind == "deleted" else Style()
    row.append("  ")
    subject = comment.extra.get("subject") if comment.kind == "post" else None
    if subject:
        row.append(subject, Style(bold=True))
        row.append(" ")
    row.append(comment.excerpt or "(no text)", excerpt_style)
    if highlight:
        mark_matches(row, highlight, palette)
    return row


def mark_matches(text: Text, query: str, palette: Palette) -> None:
    """Style every occurrence of a search query (smart case) in `text`."""
    text.highlight_words([query.strip()], palette.match, case_sensitive=query != query.casefold())


def _append_with_links(text: Text, line: str, style: Style, palette: Palette) -> None:
    """Append `line`, with every URL in it styled as a link."""
    position = 0
    for match in URL.finditer(line):
        text.append(line[position : match.start()], style)
        url = match.group()
        text.append(url, style + palette.link + Style(link=url))
        position = match.end()
    text.append(line[position:], style)


def _quote_depth(line: str) -> int:
    depth = 0
    for char in line:
        if char == ">":
            depth += 1
        elif char not in " \u00a0":
            break
    return depth


QUOTE_PREVIEW = 2  # quoted lines kept visible when a long quote is folded


def _quote_run_end(lines: list[str], start: int) -> int:
    """The index after the run of quoted lines that begins at `start`."""
    end = start
    while end < len(lines) and _quote_depth(lines[end]):
        end += 1
    return end


def body_text(
    comment: Comment,
    palette: Palette,
    *,
    fold_quotes_for: str | None = None,
    highlight: str | None = None,
) -> Text:
    """A comment's whole body: paragraphs, `>` quotes as bars, links, code, a dimmed signature.

    With `fold_quotes_for` (the key that shows them), a quote longer than QUOTE_PREVIEW + 1
    lines shows its first lines and how many more are hidden.
    """
    text = Text(end="")
    in_code = in_signature = False
    lines = comment.body.split("\n") if comment.body else ["(no text)"]
    skip_until = 0
    for number, line in enumerate(lines):
        if number < skip_until:
            continue
        if number:
            text.append("\n")
        if line.startswith("```"):
            in_code = not in_code
            text.append(line, palette.dim)
        elif in_code:
            text.append(line, palette.dim + Style(bold=True))
        elif in_signature or line == "-- ":
            in_signature = True
            _append_with_links(text, line, palette.dim, palette)
        elif depth := _quote_depth(line):
            text.append("▎ " * depth, palette.quote)
            _append_with_links(text, line.lstrip("> \u00a0"), palette.quote, palette)
            run_end = _quote_run_end(lines, number)
            if (
                fold_quotes_for
                and run_end - number > QUOTE_PREVIEW + 1
                and (number == 0 or not _quote_depth(lines[number - 1]))
            ):
                for kept in lines[number + 1 : number + QUOTE_PREVIEW]:
                    text.append("\n" + "▎ " * _quote_depth(kept), palette.quote)
                    _append_with_links(text, kept.lstrip("> \u00a0"), palette.quote, palette)
                hidden = run_end - number - QUOTE_PREVIEW
                shown = plural(hidden, "more quoted line")
                text.append(f"\n▎ … {shown} ({fold_quotes_for} shows them)", palette.dim)
                skip_until = run_end
        else:
            _append_with_links(text, line, Style(), palette)
    if comment.kind == "deleted":
        text.stylize(palette.deleted)
    if highlight:
        mark_matches(text, highlight, palette)
    return text


def links_of(comment: Comment) -> list[str]:
    """Every distinct URL in a comment (its own address first), in order."""
    found = [comment.url] if comment.url else []
    for match in URL.finditer(comment.body):
        if match.group() not in found:
            found.append(match.group())
    return found
