"""A saved WordPress page (HTML) with its comment section, read with the stdlib html.parser.

The comments are the `li.comment` / `li.pingback` / `li.trackback` items of `ol.commentlist`
(or `ol.comment-list`); replies sit in a nested `ul.children` / `ol.children`, which some themes
(WordPress.com's) place right after the parent's `</li>` instead of inside it: both work. A
comment's author is its `.comment-author` (`.fn` where present), its date the `<time datetime>`
or the `.comment-metadata` text, its body the rest of the item without reply links, like
buttons and avatars. "Awaiting moderation" notices mark the comment unapproved. The post is the
page's `.entry-content` (or `.entry`, `.post-content`) under its `.entry-title` (or og:title).
Ids match the WXR importer's (`wordpress:HOST/?p=N` for the thread, `wordpress:post-N`,
`wordpress:comment-N`), so notes made on a saved page carry over to the blog's export.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from reader.formats import ArchiveError, Format, decode, read_bytes
from reader.formats.building import from_iso, wordpress_post_id
from reader.formats.html import TolerantParser, html_to_text
from reader.model import Comment, Thread, content_thread_id, from_parent_links, one_line

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
_HIDDEN = {
    "reply", "comment-reply-link", "comment-likes", "comment-like-feedback", "comment-actions",
    "edit-link", "says", "screen-reader-text", "sharedaddy", "jp-relatedposts", "avatar",
    "comment-edit-link",
}  # fmt: skip
_SCOPES = ("comment", "list", "children")
_META = {"comment-meta", "commentmetadata", "comment-metadata"}
_POST_BODY = {"entry-content", "entry", "post-content", "storycontent"}
_TITLE = {"entry-title", "post-title"}
_COMMENT_CLASSES = {"comment", "pingback", "trackback"}
_LIST = re.compile(rb"class=[\"'][^\"']*\bcomment-?list\b")
_WORDPRESS = re.compile(rb"wp-content|wp-includes|content=[\"']WordPress")
_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9._-]+)", re.IGNORECASE)
_POST_NUMBER = (  # where a saved page names its post's number, most specific first
    re.compile(r"<body[^>]*class=[\"'][^\"']*\bpostid-([0-9]+)"),
    re.compile(r"\bid=[\"']post-([0-9]+)[\"']"),
    re.compile(r"rel=[\"']shortlink[\"'][^>]*[?&]p=([0-9]+)"),
)
_FIRST_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.DOTALL)
_DATE_FORMATS = ("%B %d, %Y at %I:%M %p", "%B %d, %Y at %H:%M", "%d %B %Y at %H:%M")


def sniff(head: bytes, path: Path) -> int:
    start = head.lstrip()[:1024].lower()
    if not (start.startswith((b"<!doctype html", b"<html")) or b"<html" in start):
        return 0
    if _LIST.search(head):
        return 85
    return 60 if looks_like_wordpress(head) else 0


def looks_like_wordpress(page: bytes) -> bool:
    """A page WordPress made: its generator meta tag, or links to wp-content / wp-includes."""
    return _WORDPRESS.search(page) is not None


@dataclass
class _Found:
    """One comment item as the page is read."""

    number: str
    parent: str | None
    kind: str
    author: list[str] = field(default_factory=list)
    fn: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    date_text: list[str] = field(default_factory=list)
    datetime: str | None = None
    awaiting: bool = False


@dataclass
class _Element:
    """An open element and what it means to the reader."""

    tag: str
    role: str = ""
    owner: _Found | None = None


class _PageReader(TolerantParser):
    """Collects the post and the comment items from parser events, keeping its own stack."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Element] = []
        self.open_tags: dict[str, int] = {}  # how many of each tag are open, for stray end tags
        self.scopes: list[_Element] = []  # open comment items and comment lists, innermost last
        self.found: list[_Found] = []
        self.last_at_level: dict[int, _Found] = {}
        self.lists = 0  # open comment lists (the top one and nested children lists)
        self.saw_list = False
        self.title: list[str] = []
        self.page_title: list[str] = []
        self.meta: dict[str, str] = {}
        self.post_body: list[str] = []
        self.post_authors: dict[str, list[str]] = {}  # text of the first element of each role
        self.authors_done: set[str] = set()
        self.post_time: str | None = None
        self.roles: dict[str, int] = {}

    # Where we are.

    def _in(self, role: str) -> bool:
        return self.roles.get(role, 0) > 0

    def _owner(self) -> _Found | None:
        """The comment whose item is the innermost open comment or children list."""
        return self.scopes[-1].owner if self.scopes else None

    def _role(self, tag: str, classes: set[str], attrs: dict[str, str | None]) -> str:
        if tag in ("ol", "ul") and classes & {"commentlist", "comment-list"} and not self.lists:
            return "list"
        if self.lists and tag in ("ol", "ul") and "children" in classes:
            return "children"
        if self.lists and tag == "li" and classes & _COMMENT_CLASSES:
            return "comment"
        if classes & _HIDDEN:
            return "hidden"
        if "comment-awaiting-moderation" in classes:
            return "awaiting"
        if self.lists:
            if "comment-author" in classes:
                return "author"
            if "fn" in classes and self._in("author"):
                return "fn"
            if classes & _META:
                return "meta"
            return ""
        if classes & _POST_BODY and not self.post_body and not self._in("post"):
            return "post"
        if classes & _TITLE and tag in ("h1", "h2") and not self.title:
            return "title"
        if tag == "title" and not self.page_title:
            return "page-title"
        if {"author", "vcard"} <= classes:
            return "vcard-author"
        if tag == "a" and "author" in (attrs.get("rel") or "").split():
            return "rel-author"
        return ""

    # Parser events.

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name") or ""
            self.meta.setdefault(key, attributes.get("content") or "")
        elif tag == "link" and attributes.get("rel") == "canonical":
            self.meta.setdefault("canonical", attributes.get("href") or "")
        elif tag == "time" and attributes.get("datetime"):
            self._note_time(attributes["datetime"] or "")
        role = self._role(tag, classes, attributes)
        if tag in _VOID:
            if not role:
                self._markup(self.get_starttag_text() or "")
            return
        element = _Element(tag, role)
        if role == "comment":
            element.owner = self._open_comment(attributes.get("id") or "", classes)
        elif role in ("list", "children"):
            element.owner = self._children_owner() if role == "children" else None
            self.lists += 1
            self.saw_list = True
        elif role == "awaiting":
            owner = self._owner()
            if owner is not None:
                owner.awaiting = True
        if not role:
            self._markup(self.get_starttag_text() or "")
        self.stack.append(element)
        self.open_tags[tag] = self.open_tags.get(tag, 0) + 1
        self.roles[role] = self.roles.get(role, 0) + 1
        if role in _SCOPES:
            self.scopes.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.open_tags.get(tag):
            return
        while True:  # close the innermost open `tag` and whatever was left open inside it
            element = self.stack.pop()
            self.open_tags[element.tag] -= 1
            self.roles[element.role] -= 1
            if element.role in _SCOPES:
                self.scopes.pop()
            if element.role in ("list", "children"):
                self.lists -= 1
            elif (
                element.role in ("vcard-author", "rel-author") and element.role in self.post_authors
            ):
                self.authors_done.add(element.role)
            if not element.role:
                self._markup(f"</{element.tag}>")
            if element.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in("hidden") or self._in("awaiting"):
            return
        owner = self._owner() if self.lists else None
        if owner is not None:
            if self._in("fn"):
                owner.fn.append(data)
            if self._in("author"):
                owner.author.append(data)
            elif self._in("meta"):
                owner.date_text.append(data)
            else:
                owner.body.append(html.escape(data, quote=False))
        elif not self.lists:
            if self._in("post"):
                self.post_body.append(html.escape(data, quote=False))
            if self._in("title"):
                self.title.append(data)
            if self._in("page-title"):
                self.page_title.append(data)
            for role in ("vcard-author", "rel-author"):
                if self._in(role) and role not in self.authors_done:
                    self.post_authors.setdefault(role, []).append(data)

    # Helpers.

    def _markup(self, text: str) -> None:
        """Keep a tag of a comment or post body, so the converter sees its structure."""
        if self._in("hidden") or self._in("awaiting"):
            return
        owner = self._owner() if self.lists else None
        if owner is not None:
            if not (self._in("author") or self._in("meta")):
                owner.body.append(text)
        elif not self.lists and self._in("post"):
            self.post_body.append(text)

    def _note_time(self, value: str) -> None:
        owner = self._owner() if self.lists else None
        if owner is not None:
            owner.datetime = owner.datetime or value
        elif not self.lists and self.post_time is None:
            self.post_time = value

    def _open_comment(self, element_id: str, classes: set[str]) -> _Found:
        level = self.lists
        parent_list = next(e for e in reversed(self.scopes) if e.role in ("list", "children"))
        parent = parent_list.owner.number if parent_list.owner else None
        kind = next((c for c in ("pingback", "trackback") if c in classes), "comment")
        number = element_id.rpartition("comment-")[2] or f"#{len(self.found) + 1}"
        found = _Found(number, parent, kind)
        self.found.append(found)
        self.last_at_level[level] = found
        return found

    def _children_owner(self) -> _Found | None:
        """The comment a children list answers: the open item, or the one just closed."""
        if self.scopes and self.scopes[-1].role == "comment":
            return self.scopes[-1].owner
        return self.last_at_level.get(self.lists)


def _parse_date(text: str) -> datetime | None:
    cleaned = one_line(text)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def _author(found: _Found) -> str | None:
    name = one_line("".join(found.fn) or "".join(found.author))
    name = re.sub(r"\s*says:?$", "", name)
    return name or None


def _comment(found: _Found, post_id: str) -> Comment:
    body = html_to_text("".join(found.body))
    date_text = one_line("".join(found.date_text))
    created = from_iso(found.datetime) or _parse_date(date_text)
    extra: dict[str, str] = {}
    if created is None and date_text:
        extra["date"] = date_text
    if found.awaiting:
        extra["approved"] = "no (awaiting moderation)"
    author = _author(found)
    kind = found.kind
    if kind in ("pingback", "trackback"):
        body = re.sub(r"^(Pingback|Trackback):\s*", "", body)
        extra["type"], kind = kind, "pingback"
        link = _FIRST_LINK.search("".join(found.body))
        if author is None and link:
            author = one_line(html.unescape(re.sub(r"<[^>]*>", "", link[1]))) or None
    return Comment(
        id=f"wordpress:comment-{found.number}",
        parent_id=f"wordpress:comment-{found.parent}" if found.parent else post_id,
        author=author,
        created=created,
        body=body,
        body_format="html",
        kind=kind,
        extra=extra,
    )


def _post_author(reader: _PageReader) -> str | None:
    """The post's author: its h-card byline, else the author meta tag, else an author link."""
    byline = one_line("".join(reader.post_authors.get("vcard-author", [])))
    linked = one_line("".join(reader.post_authors.get("rel-author", [])))
    return byline or reader.meta.get("author") or linked or None


def build(text: str, path: Path) -> Thread:
    """The thread of a page's HTML text (a saved page file's, or the document of a save)."""
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    if not reader.saw_list:
        raise ArchiveError(path, "no WordPress comment list (ol.commentlist) in this page")
    title = (
        one_line("".join(reader.title))
        or reader.meta.get("og:title", "")
        or one_line("".join(reader.page_title))
    )
    url = reader.meta.get("canonical") or reader.meta.get("og:url") or None
    body = html_to_text("".join(reader.post_body))
    number = next((m[1] for p in _POST_NUMBER if (m := p.search(text))), "")
    thread_id = (
        wordpress_post_id(url or "", number)
        or (f"wordpress:{url}" if url else None)
        or content_thread_id(title, body)
    )
    root = Comment(
        id=f"wordpress:post-{number}" if number else thread_id,
        parent_id=None,
        author=_post_author(reader),
        created=from_iso(reader.meta.get("article:published_time") or reader.post_time),
        body=body,
        body_format="html",
        kind="post",
        url=url,
    )
    comments = [_comment(found, root.id) for found in reader.found]
    return from_parent_links(title, FORMAT.name, str(path), root, comments, thread_id=thread_id)


def page_text(data: bytes) -> str:
    """The page as text, in the charset its `<meta>` declares (UTF-8 when none or unknown)."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared[1].decode("ascii").lower()
        try:
            if codecs.lookup(name).name != "utf-8":
                return data.decode(name, errors="replace")
        except LookupError:
            pass
    return decode(data)


def load(path: Path) -> Thread:
    return build(page_text(read_bytes(path)), path)


FORMAT = Format(
    "wordpress-html",
    "a saved WordPress page with its comments (HTML)",
    sniff,
    load,
    build=build,
)
