"""One HTML-to-text converter for every format whose bodies are HTML (stdlib html.parser).

The output is plain text with light Markdown conventions a reader recognises: paragraphs
separated by blank lines, `> ` block quotes, `- ` and `1. ` list items, fenced code blocks,
`*emphasis*`, `**strong**`, `~~struck~~`, and links written as `text (target)`. Tags never
reach the screen: the reading pane styles these marks (body format "html", see reader.bodies).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import unescape
from html.parser import HTMLParser

_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "aside", "figure", "figcaption",
    "table", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "details",
    "summary", "nav", "main", "center",
}  # fmt: skip
_SKIP = {"script", "style", "head", "title", "template", "noscript", "svg"}
_STRUCK = {"s", "del", "strike"}
_SOCIAL = {"mention", "hashtag", "u-url"}
_SPACES = re.compile(r"[ \t\r\n\f]{2,}|[\t\r\n\f]")


def _collapse_spaces(text: str) -> str:
    """Each run of HTML white space made one space (other spaces, like U+00A0, kept)."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        return _SPACES.sub(" ", text)
    return text  # the usual case, found by the fast `in` rather than the regex


class TolerantParser(HTMLParser):
    """An HTMLParser that reads a stray `<![` (no CDATA after it) as text, as browsers do.

    The standard library's raises AssertionError on it (`<![ x`, `<![foo[`): a comment
    holding those three characters would have stopped the whole load.
    """

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.handle_data(self.rawdata[i : i + 3])
            return i + 3


class _Converter(TolerantParser):
    """Builds lines of text from HTML events."""

    def __init__(self, labels: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.labels = labels
        self.lines: list[str] = []
        self.inline: list[str] = []
        self.quote = 0
        self.lists: list[list[int]] = []  # per open list: [next number or 0 for bullets]
        self.bullet: str | None = None
        self.indent = 0
        self.pre = 0
        self.skip = 0
        self.links: list[tuple[str, int, bool]] = []  # href, first piece, is a mention or tag

    # Line assembly.

    def _prefix(self) -> str:
        return "> " * self.quote

    def _flush(self) -> None:
        text = "".join(self.inline)
        self.inline = []
        text = text.strip("\n") if self.pre else _collapse_spaces(text).strip()
        if not text and self.bullet is None:
            return
        lead = " " * self.indent
        if self.bullet is not None:
            lead = " " * (self.indent - len(self.bullet)) + self.bullet
            self.bullet = None
        for line in text.split("\n") if self.pre else [text]:
            self.lines.append((self._prefix() + lead + line).rstrip())
            if self.indent:
                lead = " " * self.indent

    def _break(self) -> None:
        """End the paragraph: flush, then one blank line (quoted inside a block quote)."""
        self._flush()
        blank = self._prefix().rstrip()
        if self.lines and self.lines[-1] != blank:
            self.lines.append(blank)

    # Parser events.

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        attributes = dict(attrs)
        if tag in _BLOCK:
            self._break()
        elif tag == "br":
            self._flush() if self.inline else self.lines.append(self._prefix().rstrip())
        elif tag == "blockquote":
            self._break()
            self.quote += 1
        elif tag in ("ul", "ol"):
            self._flush() if self.lists else self._break()
            self.lists.append([1 if tag == "ol" else 0])
        elif tag == "li":
            self._flush()
            counter = self.lists[-1] if self.lists else [0]
            self.bullet = f"{counter[0]}. " if counter[0] else "- "
            if counter[0]:
                counter[0] += 1
            self.indent = 2 * len(self.lists) + (1 if counter[0] else 0)
        elif tag == "pre":
            self._break()
            self.lines.append(self._prefix() + "```")
            self.pre += 1
        elif tag == "code" and not self.pre:
            self.inline.append("`")
        elif tag in ("i", "em"):
            self.inline.append("*")
        elif tag in ("b", "strong"):
            self.inline.append("**")
        elif tag in _STRUCK:
            self.inline.append("~~")
        elif tag == "a":
            classes = set((attributes.get("class") or "").split())
            social = bool(classes & _SOCIAL) or attributes.get("rel") == "tag"
            self.links.append((attributes.get("href") or "", len(self.inline), social))
        elif tag == "tr":
            self._flush()
        elif tag in ("td", "th"):
            if self.inline and "".join(self.inline).strip():
                self.inline.append(" | ")
        elif tag == "img":
            self.inline.append(_image_text(attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _BLOCK:
            self._break()
        elif tag in ("li", "tr"):
            self._flush()
        elif tag == "blockquote":
            self._break()
            self.quote = max(0, self.quote - 1)
            self._break()
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
            self.indent = 2 * len(self.lists)
            if not self.lists:
                self._break()
        elif tag == "pre" and self.pre:
            self._flush()
            self.pre -= 1
            self.lines.append(self._prefix() + "```")
            self._break()
        elif tag == "code" and not self.pre:
            self.inline.append("`")
        elif tag in ("i", "em"):
            self.inline.append("*")
        elif tag in ("b", "strong"):
            self.inline.append("**")
        elif tag in _STRUCK:
            self.inline.append("~~")
        elif tag == "a" and self.links:
            self._close_link()

    def _close_link(self) -> None:
        href, start, social = self.links.pop()  # start: the link's first piece in `inline`
        text = "".join(self.inline[start:]).strip()
        if href in self.labels:
            self.inline[start:] = [self.labels[href]]
        elif social:
            return
        elif (
            href
            and not href.startswith(("#", "javascript:"))
            and href.rstrip("/") != text.rstrip("/")
        ):
            shown = href if not text or text.endswith("...") or text.endswith("…") else None
            if shown:
                self.inline[start:] = [href]
            else:
                self.inline.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.inline.append(data)

    def result(self) -> str:
        while self.links:
            self._close_link()
        self._break()
        return "\n".join(_tidy_blanks(self.lines))


def _image_text(attributes: dict[str, str | None]) -> str:
    """An image as text: emoji as their alt text, avatars dropped, others `[alt] (src)`."""
    classes = (attributes.get("class") or "").split()
    alt = attributes.get("alt") or ""
    if "avatar" in classes:
        return ""
    if "emoji" in classes and alt:
        return alt
    src = attributes.get("src") or ""
    return f"[{alt or 'image'}]" + (f" ({src})" if src else "")


def _quote_level(line: str) -> int:
    """How many `>` open the line."""
    level = 0
    for char in line:
        if char == ">":
            level += 1
        elif char != " ":
            break
    return level


def _is_blank(line: str) -> bool:
    return not line.strip("> ")


def _tidy_blanks(lines: list[str]) -> list[str]:
    """One blank line between blocks, none at the ends, quoted only inside a quote."""
    tidy: list[str] = []
    blank_pending = False
    for line in lines:
        if _is_blank(line):
            blank_pending = bool(tidy)
            continue
        if blank_pending:
            level = min(_quote_level(tidy[-1]), _quote_level(line))
            tidy.append(("> " * level).rstrip())
            blank_pending = False
        tidy.append(line)
    return tidy


_INLINE_MARKS = {"i": "*", "em": "*", "b": "**", "strong": "**", "code": "`"}
_SIMPLE_TAG = r"</?(?:p|i|em|b|strong|code)>|<br\s*/?>"
_LINK = r'<a href="[^"<>]*"(?: rel="nofollow")?>[^<]*</a>'  # as Hacker News writes links
_SIMPLE = re.compile(rf"[^<]*(?:(?:{_SIMPLE_TAG}|{_LINK})[^<]*)*")
_SIMPLE_SPLIT = re.compile(rf"({_SIMPLE_TAG}|{_LINK})")
_LINK_PARTS = re.compile(r'<a href="([^"]*)"[^>]*>([^<]*)</a>')


def _simple_text(source: str) -> str:
    """The converter's result for the commonest bodies (paragraphs, line breaks, emphasis,
    inline code, plain links) without running the parser: the same steps on a token list, so
    the same text (a property test holds the two together)."""
    lines: list[str] = []
    inline: list[str] = []

    def flush() -> None:
        text = _collapse_spaces("".join(inline)).strip()
        inline.clear()
        if text:
            lines.append(text)

    for index, token in enumerate(_SIMPLE_SPLIT.split(source)):
        if index % 2 == 0:
            if token:
                inline.append(unescape(token))
        elif token in ("<p>", "</p>"):
            flush()
            if lines and lines[-1] != "":
                lines.append("")
        elif token.startswith("<br"):
            flush() if inline else lines.append("")
        elif link := _LINK_PARTS.fullmatch(token):
            inline.extend(_link_pieces(*link.groups()))
        else:
            inline.append(_INLINE_MARKS[token.strip("</>")])
    flush()
    return "\n".join(_tidy_blanks(lines))


def _link_pieces(raw_href: str, raw_text: str) -> list[str]:
    """A plain link's text as `_Converter._close_link` leaves it: `text (target)`, the target
    alone for a cut-off text, the text alone when it is the target."""
    href, shown = unescape(raw_href), unescape(raw_text)
    text = shown.strip()
    if not href or href.startswith(("#", "javascript:")) or href.rstrip("/") == text.rstrip("/"):
        return [shown]
    if not text or text.endswith("...") or text.endswith("…"):
        return [href]
    return [shown, f" ({href})"]


def html_to_text(source: str, labels: Mapping[str, str] | None = None) -> str:
    """Readable text of an HTML fragment or page: paragraphs, quotes, lists, code, links.

    Mentions and hashtags (links of class `mention` / `hashtag`, or `rel="tag"`) show as their
    text alone; `labels` maps link targets to the text to show instead (`@user@domain`).
    """
    if "<" not in source and "&" not in source:
        return source.strip()
    if _SIMPLE.fullmatch(source) and not (labels and "<a" in source):
        return _simple_text(source)
    converter = _Converter(labels or {})
    converter.feed(source)
    converter.close()
    return converter.result()
