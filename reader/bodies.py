"""Comment bodies as styled lines: Markdown parsed (markdown-it-py), plain text read as written.

A body becomes a list of `Line`s, each a run of `Span`s that carry style names ("em", "strong",
"code", "strike", "heading", "marker", "signature") and a link target. Nothing here knows how a
style looks: the UI turns these lines into its own text objects.

Three body formats:
- "markdown": written in Markdown by its author (Reddit, Discourse `raw`, GitHub-style sources);
- "html": text made from HTML by `reader.formats.html` (light Markdown: `*em*`, `**strong**`,
  `` `code` ``, `~~struck~~`, `> ` quotes, lists, fences; every line break kept; entities
  already decoded, so they are not decoded again);
- "text": plain text: `>` quotes, fenced code and a `-- ` signature, nothing else interpreted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # markdown-it is imported when a body is first parsed: 40 ms at start-up saved
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Bracketed notes a site writes into a body itself (Hacker News: `<i>[dead]</i>`).
MARKERS = frozenset({"[dead]", "[flagged]", "[deleted]", "[removed]"})
NO_STYLE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with the same styles and link."""

    text: str
    styles: frozenset[str] = NO_STYLE
    link: str | None = None


@dataclass(slots=True)
class Line:
    """One line of a body as written (the UI wraps it): quote depth, list lead, spans.

    `lead` starts the line (a list bullet, or the indent of a list item's later paragraph);
    `hang` starts every wrapped continuation of it. `kind` is "text", "code", "rule", "fence"
    or "table".
    """

    spans: list[Span] = field(default_factory=list)
    quote: int = 0
    lead: str = ""
    hang: str = ""
    kind: str = "text"

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


_NOT_IN_HTML_TEXT = [
    *("entity", "escape", "link", "image", "autolink", "reference", "heading", "lheading"),
    *("code", "table", "hr", "html_block", "html_inline"),
]


@lru_cache(maxsize=2)
def _parser(hard_breaks: bool) -> MarkdownIt:
    """The Markdown parser: CommonMark with tables and ~~strikethrough~~, raw HTML shown as text.

    For text made from HTML (`hard_breaks`), only what `reader.formats.html` writes is read:
    entities and backslash escapes were dealt with already, and links are written out.
    """
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    if hard_breaks:
        parser.disable(_NOT_IN_HTML_TEXT)
    return parser


def body_lines(body: str, body_format: str) -> list[Line]:
    """The lines of a body in the given format ("markdown", "html" or "text")."""
    if body_format in ("markdown", "html"):
        return markdown_lines(body, hard_breaks=body_format == "html")
    return text_lines(body)


def markdown_lines(source: str, *, hard_breaks: bool = False) -> list[Line]:
    """Markdown as lines: blocks separated by blank lines, inline styles as spans."""
    if _NEEDS_PARSER.search(source) is None:
        return _paragraph_lines(source, hard_breaks)
    return _parsed_lines(source, hard_breaks)


def _parsed_lines(source: str, hard_breaks: bool) -> list[Line]:
    builder = _Builder(hard_breaks)
    builder.walk(_parser(hard_breaks).parse(source))
    return builder.lines


# What markdown-it reads as more than paragraphs of words: its marks, whitespace other than
# spaces and newlines, a line that starts a block (or an indented one) and a line ending in a
# space (a hard break). Text without any is read here as markdown-it would read it: the body
# shown first seldom has any, and markdown-it takes some 25 ms to import and build.
_NEEDS_PARSER = re.compile(r"[\\`*_~\[\]<&|\x00]|[^\S \n]|^[ #>+=-]|^\d{1,9}[.)]| $", re.MULTILINE)


def _paragraph_lines(source: str, hard_breaks: bool) -> list[Line]:
    """Paragraphs of words as markdown-it reads them: a paragraph's lines joined by a space
    (each a line of its own with `hard_breaks`), an empty line between paragraphs."""
    lines: list[Line] = []
    for paragraph in source.split("\n\n"):
        rows = [row for row in paragraph.split("\n") if row]
        if not rows:
            continue
        if lines:
            lines.append(Line())
        if hard_breaks:
            lines += [Line([Span(row)]) for row in rows]
            continue
        spans = [Span(rows[0])]
        for row in rows[1:]:
            spans += [Span(" "), Span(row)]
        lines.append(Line(spans))
    return lines


def prepare_markdown() -> None:
    """Import markdown-it and build its parser now (a quiet moment), not for the first body
    that needs it."""
    _parser(False)


class _Builder:
    """Turns markdown-it's block tokens into Lines."""

    def __init__(self, hard_breaks: bool) -> None:
        self.hard_breaks = hard_breaks
        self.lines: list[Line] = []
        self.quote = 0
        self.lists: list[list[int]] = []  # per open list: [next number, or 0 for bullets]
        self.lead: str | None = None  # a list item's marker, waiting for its first line
        self.table: list[tuple[bool, list[list[Span]]]] = []  # rows: (header, cells)
        self.in_table = False

    def indent(self) -> str:
        return "  " * len(self.lists)

    def blank(self) -> None:
        """A blank line before a block (none first, none doubled, none in a tight list)."""
        if self.lines and self.lines[-1].spans and self.lead is None:
            self.lines.append(Line(quote=self.quote))

    def add(self, spans: list[Span], kind: str = "text", styles: frozenset[str] = NO_STYLE) -> None:
        if styles:
            spans = [Span(s.text, s.styles | styles, s.link) for s in spans]
        lead = hang = self.indent()
        if self.lead is not None:
            lead, hang = self.lead, " " * len(self.lead)
        self.lead = None
        self.lines.append(Line(spans, self.quote, lead, hang, kind))

    def walk(self, tokens: list[Token]) -> None:
        heading: frozenset[str] = NO_STYLE
        for token in tokens:
            kind = token.type
            if kind == "inline":
                if self.in_table:
                    self.table[-1][1].append(inline_spans(token, self.hard_breaks)[0])
                    continue
                for spans in inline_spans(token, self.hard_breaks):
                    self.add(spans, styles=heading)
            elif kind in ("paragraph_open", "heading_open") and not token.hidden:
                self.blank()
                heading = frozenset({"heading"}) if kind == "heading_open" else NO_STYLE
            elif kind == "heading_close":
                heading = NO_STYLE
            elif kind == "blockquote_open":
                self.blank()
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind in ("bullet_list_open", "ordered_list_open"):
                if not self.lists:
                    self.blank()
                start = int(token.attrs.get("start", 1) or 1) if kind == "ordered_list_open" else 0
                self.lists.append([start])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                counter = self.lists[-1]
                marker = f"{counter[0]}. " if counter[0] else "• "
                if counter[0]:
                    counter[0] += 1
                self.lead = "  " * (len(self.lists) - 1) + marker
            elif kind in ("fence", "code_block"):
                self.code(token)
            elif kind == "hr":
                self.blank()
                self.add([Span("───")], kind="rule")
            elif kind == "table_open":
                self.blank()
                self.in_table = True
                self.table = []
            elif kind == "tr_open":
                self.table.append((False, []))
            elif kind == "th_open" and self.table:
                self.table[-1] = (True, self.table[-1][1])
            elif kind == "table_close":
                self.in_table = False
                self.flush_table()

    def code(self, token: Token) -> None:
        self.blank()
        for text in token.content.rstrip("\n").split("\n"):
            self.add([Span(text, frozenset({"code"}))], kind="code")

    def flush_table(self) -> None:
        """The rows of a table with its columns padded to the widest cell, `│` between."""
        widths: list[int] = []
        for _header, cells in self.table:
            for column, cell in enumerate(cells):
                size = sum(len(span.text) for span in cell)
                if column == len(widths):
                    widths.append(size)
                widths[column] = max(widths[column], size)
        for header, cells in self.table:
            spans: list[Span] = []
            for column, cell in enumerate(cells):
                if column:
                    spans.append(Span(" │ ", frozenset({"rule"})))
                styles = frozenset({"strong"}) if header else NO_STYLE
                spans.extend(Span(s.text, s.styles | styles, s.link) for s in cell)
                padding = widths[column] - sum(len(span.text) for span in cell)
                if padding and column < len(cells) - 1:
                    spans.append(Span(" " * padding))
            self.add(spans, kind="table")
            if header:
                rule = "─┼─".join("─" * width for width in widths)
                self.add([Span(rule, frozenset({"rule"}))], kind="table")
        self.table = []


_INLINE_STYLE = {"em": "em", "strong": "strong", "s": "strike"}


def inline_spans(token: Token, hard_breaks: bool) -> list[list[Span]]:
    """The spans of an inline token, one list per line (hard breaks start a new line)."""
    lines: list[list[Span]] = [[]]
    styles: list[str] = []
    links: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind == "text":
            _append(lines[-1], child.content, styles, links)
        elif kind == "code_inline":
            _append(lines[-1], child.content, [*styles, "code"], links)
        elif kind == "softbreak":
            if hard_breaks:
                lines.append([])
            else:
                _append(lines[-1], " ", styles, links)
        elif kind == "hardbreak":
            lines.append([])
        elif kind.endswith("_open") and kind[:-5] in _INLINE_STYLE:
            styles.append(_INLINE_STYLE[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _INLINE_STYLE and styles:
            styles.pop()
        elif kind == "link_open":
            links.append(str(child.attrs.get("href") or ""))
        elif kind == "link_close" and links:
            links.pop()
        elif kind == "image":
            alt = child.content or "image"
            _append(lines[-1], f"[{alt}]", styles, [str(child.attrs.get("src") or "")])
    return [_marked(spans) for spans in lines]


def _append(spans: list[Span], text: str, styles: list[str], links: list[str]) -> None:
    if text:
        spans.append(Span(text, frozenset(styles), links[-1] if links and links[-1] else None))


def _marked(spans: list[Span]) -> list[Span]:
    """An emphasised site note such as `[dead]` shown as a marker, not as emphasis."""
    return [
        Span(span.text, frozenset({"marker"}), span.link)
        if span.styles and span.text.strip() in MARKERS
        else span
        for span in spans
    ]


def _quote_depth(line: str) -> int:
    depth = 0
    for char in line:
        if char == ">":
            depth += 1
        elif char not in " \u00a0":
            break
    return depth


def text_lines(body: str) -> list[Line]:
    """Plain text as lines: `>` quotes, ``` fences (code between), a `-- ` signature."""
    lines: list[Line] = []
    in_code = in_signature = False
    for line in body.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
            lines.append(Line([Span(line, frozenset({"fence"}))], kind="fence"))
        elif in_code:
            lines.append(Line([Span(line, frozenset({"code"}))], kind="code"))
        elif in_signature or line == "-- ":
            in_signature = True
            lines.append(Line([Span(line, frozenset({"signature"}))]))
        elif depth := _quote_depth(line):
            lines.append(Line([Span(line.lstrip("> \u00a0"))], quote=depth))
        else:
            lines.append(Line([Span(line)]))
    return lines


# Excerpts: Markdown made plain cheaply, for tree rows (one per visible row, so no parsing).
_MARKUP_CHARS = re.compile(r"[*_`~\[#&\\|]")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})[^\n]*$", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|~~|\*|`+)(?=\S)(.+?)(?<=\S)\1")
_LINE_MARK = re.compile(r"^ {0,3}(?:#{1,6} +|[*+-] +(?=\S)|\d{1,9}[.)] +(?=\S))", re.MULTILINE)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.MULTILINE)
_MENTIONS = re.compile(r"^(?:@[\w.+-]+(?:@[\w.-]+)?[\s,:]*)+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def plain_markdown(source: str, *, decode: bool = True) -> str:
    """Markdown's text without its marks (emphasis, code, links, headings, bullets), cheaply.

    `decode`: entities are decoded too (not for text made from HTML, decoded already).
    """
    if _MARKUP_CHARS.search(source) is None:
        return source
    text = _FENCE.sub("", source) if "```" in source or "~~~" in source else source
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)  # emphasis inside emphasis
    text = _LINE_MARK.sub("", text)
    if "|" in text:
        text = _TABLE_RULE.sub("", text).replace("|", " ")
    if decode:
        text = _ESCAPE.sub(r"\1", text)
        if "&" in text:
            text = unescape(text)
    return text


def skip_mentions(excerpt: str) -> str:
    """An excerpt without the `@someone` mentions a reply starts with (unless that is all)."""
    rest = _MENTIONS.sub("", excerpt, count=1)
    return rest or excerpt
