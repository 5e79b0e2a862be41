"""Reddit thread JSON: the `.json` of a post URL, and `/api/morechildren` responses.

A post URL's JSON is `[post listing, comment listing]`: the `t3` post, then `t1` comments whose
`replies` nest listings of their own (or "" when there are none), with `more` stubs standing for
replies the archive does not hold. Bodies are Markdown with `&`, `<` and `>` HTML-escaped, so
they are unescaped once. A morechildren response is a flat `json.data.things` list re-attached
by `parent_id`; it holds several subtrees, so it opens under a root of kind `archive`.
"""

from __future__ import annotations

import codecs
import html
import json
import mmap
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reader.formats import ArchiveError, Format, decode, progress, read_bytes
from reader.formats.jsondoc import CUT, cut_head
from reader.formats.jsonstream import bytes_to_next, whole_value
from reader.formats.jsontext import (
    _WIDE_ESCAPE,
    from_latin1,
    identity,
    narrow_decode,
    parse_json,
    parse_text,
)
from reader.model import (
    PENDING,
    Address,
    BodySource,
    Comment,
    Thread,
    from_parent_links,
    from_preorder,
)

REDDIT = "https://www.reddit.com"
PLACEHOLDERS = {"[deleted]": "deleted by its author", "[removed]": "removed by a moderator"}
ACCOUNT_DELETED = "the author's account was deleted"

_LISTING = re.compile(rb'"kind"\s*:\s*"Listing"')
_THING = re.compile(rb'"kind"\s*:\s*"(?:t1|t3|more)"')
_MORECHILDREN = re.compile(rb'^\s*\{\s*"json"\s*:\s*\{')


def sniff(head: bytes, path: Path) -> int:
    start = head.lstrip()[:1]
    if start == b"[" and _LISTING.search(head) and _THING.search(head):
        return 90
    if _MORECHILDREN.match(head) and b'"things"' in head:
        return 85
    return 0


# Where an item sits in the document, as a chain of steps rendered only when needed; a number
# is the index of a reply (`.data.replies.data.children[N]`).
Where = tuple["Where | None", str | int]


def render(where: Where | None) -> str:
    """A JSON path such as `$[1].data.children[3].data.replies.data.children[0]`."""
    steps: list[str] = []
    while where is not None:
        where, step = where
        steps.append(f".data.replies.data.children[{step}]" if isinstance(step, int) else step)
    return "$" + "".join(reversed(steps))


# A t1 comment made into its Comment as soon as json has read it (its replies already are), by
# `_Reader.hook`, so the parsed document never holds the dozens of fields not shown: (Comment,
# its id in the file when it has no permalink, else None; parent_id, link_id, and replies: the
# listing's children, NOT_A_LISTING, or a false value). json never makes a tuple.
_Node = tuple[Comment, str | None, Any, Any, Any]
NOT_A_LISTING = object()  # replies that are neither a listing nor empty


@dataclass
class _Reader:
    """What one file's items share: the post's address, and the items that could not be read."""

    path: Path
    post_name: str = ""
    post_permalink: str = ""
    skipped: int = 0
    first_fault: str = ""
    names: set[str] = field(default_factory=set)
    text: Callable[[str], str] = identity  # the real text of a string of the document
    bodies: BodySource = field(init=False)  # how a body read becomes as written
    link: Any = None  # the last link_id read
    permalink_base: str = ""  # the thread's permalink, when comments' are that and their id
    shared_url: Address | None = None  # their URL, made from their id

    def __post_init__(self) -> None:
        self.read_as(self.text)

    def read_as(self, text: Callable[[str], str]) -> None:
        """Strings parsed from now on give their real text through `text`."""
        self.text = text
        self.bodies = _LATIN1_MARKDOWN if text is from_latin1 else _MARKDOWN

    def real(self, value: Any) -> Any:
        """`value` with its strings as real text (lists and objects too, never a _Node)."""
        text = self.text
        if text is identity:
            return value
        if isinstance(value, str):
            return text(value)
        if isinstance(value, list):
            return [self.real(item) for item in value]
        if isinstance(value, dict):
            return {text(key): self.real(item) for key, item in value.items()}
        return value

    def hook(self, thing: dict[str, Any]) -> Any:
        """json's object hook: a readable t1 thing becomes a _Node; anything else stays."""
        if thing.get("kind") != "t1":
            return thing
        data = thing.get("data")
        if type(data) is not dict:
            return thing
        item_id = data.get("id")
        if type(item_id) is not str or not item_id:
            return thing
        return self.node(data, self.text(item_id))

    def fault(self, where: Where, reason: str) -> None:
        self.skipped += 1
        if not self.first_fault:
            self.first_fault = f"{render(where)}: {reason}"

    def warnings(self) -> list[str]:
        if not self.skipped:
            return []
        items = "item" if self.skipped == 1 else "items"
        return [f"skipped {self.skipped} unreadable {items}; the first at {self.first_fault}"]

    def unique(self, name: str) -> str:
        """`name`, or `name~N` if an earlier item of this file already has it."""
        candidate, number = name, 1
        while candidate in self.names:
            number += 1
            candidate = f"{name}~{number}"
        self.names.add(candidate)
        return candidate

    def item(self, thing: Any, where: Where, parent: str) -> _Node | Comment | None:
        """A t1 comment as its _Node, a `more` stub as its Comment; None (counted as skipped)
        if unreadable."""
        if type(thing) is tuple:
            return thing
        if not isinstance(thing, dict) or not isinstance(thing.get("data"), dict):
            self.fault(where, "expected an object with a data object")
            return None
        data, kind = thing["data"], thing.get("kind")
        if kind not in ("t1", "more"):
            self.fault(where, f"expected a t1 comment or a more stub, found {self.real(kind)!r}")
            return None
        if not isinstance(data.get("id"), str) or not data["id"]:
            self.fault(where, "the item has no id")
            return None
        if kind == "more":
            return self.more(data, parent)
        return self.node(data, self.text(data["id"]))

    def node(self, data: dict[str, Any], item_id: str) -> _Node:
        """A t1 comment's data read into its Comment; its id and place are set by `placed`.

        The hot path of a large thread: one lookup per field, and a string is decoded again
        (`self.text`) only if it is not ASCII.
        """
        get = data.get
        text = self.text
        author, body = get("author"), get("body")
        if type(author) is not str:
            author = None
        else:  # held once: a big thread repeats a few thousand names
            author = sys.intern(author if author.isascii() else text(author))
        if type(body) is not str:
            body = ""
        extra = comment_extra(data, text)
        kind = "comment"
        if author in PLACEHOLDERS or body in PLACEHOLDERS:
            kind = "deleted"
            extra["deleted"] = PLACEHOLDERS.get(body) or ACCOUNT_DELETED
            author = None if author in PLACEHOLDERS else author
        name = get("name")
        if type(name) is not str or not name.startswith("t1_"):
            name = "t1_" + item_id
        elif not name.isascii():
            name = text(name)
        replies = get("replies")
        kids = listing_children(replies)
        if kids:  # a reply names this comment: one string for both
            first = kids[0]
            if type(first) is tuple and first[2] == name:
                name = first[2]
        permalink = get("permalink")
        url: str | Address | None = None
        if type(permalink) is str and permalink[:1] == "/":
            url = self.url_of(permalink, item_id, name)
        score = get("score")
        if type(score) is not int:
            score = integer(score)
        created = get("created_utc")
        if type(created) is str:
            created = text(created)
        comment = Comment(
            name,
            None,
            author,
            timestamp(created),
            # Unescaped (and cleaned) when first shown: most bodies of a big thread never are.
            body,
            self.bodies if body else "markdown",
            kind,
            score,
            url,
            extra,
        )
        parent, link = get("parent_id"), get("link_id")
        if type(parent) is str and not parent.isascii():
            parent = text(parent)
        if type(link) is str and not link.isascii():
            link = text(link)
        if link == self.link:  # every comment of a thread names its post: held once
            link = self.link
        else:
            self.link = link
        if kids is not None:
            replies = kids  # not the listing's two objects around it
        elif replies:
            replies = NOT_A_LISTING
        return (comment, item_id if url is None else None, parent, link, replies)

    def url_of(self, permalink: str, item_id: str, name: str) -> str | Address:
        """A comment's page: an Address shared by the thread's comments when the permalink
        is the thread's own followed by the comment's id (the id being its name after `t1_`)."""
        if self.shared_url is None:
            self.find_address(permalink, item_id)
        if (
            self.shared_url is not None
            and permalink == f"{self.permalink_base}{item_id}/"
            and name == f"t1_{item_id}"
            and item_id.isascii()
            and item_id.isalnum()
        ):
            return self.shared_url
        return REDDIT + (permalink if permalink.isascii() else self.text(permalink))

    def find_address(self, permalink: str, item_id: str) -> None:
        """The thread's Address, from a permalink that ends in its comment's id."""
        if permalink.isascii() and permalink.endswith(f"/{item_id}/"):
            base = permalink[: -len(item_id) - 1]
            if " " not in base and base.isprintable():
                self.permalink_base = base
                self.shared_url = Address(REDDIT + base, len("t1_"), "/")

    def placed(self, node: _Node, parent: str) -> Comment:
        """A node's Comment under `parent`, with an id no earlier item of the file has."""
        comment, item_id, _, link_id, _ = node
        name = comment.id
        if name in self.names:
            comment.url = comment.url  # a string, before the id it is made from changes
            comment.id = self.unique(name)
        else:
            self.names.add(name)
        comment.parent_id = parent
        if item_id:  # no permalink (a comment still being read may have no id yet)
            comment.url = self.address(item_id, link_id)
        return comment

    def more(self, data: dict[str, Any], parent: str) -> Comment:
        """A stub for replies not in the file; id `_` / count 0 is "continue this thread"."""
        children = data.get("children")
        count = integer(data.get("count"))
        if count is None and isinstance(children, list):
            count = len(children)  # 2012-era stubs list their children but have no count
        extra: dict[str, str] = {}
        url = None
        if data["id"] == "_" or (count == 0 and not children):
            body = "Continue this thread: the replies below this comment are not in this archive"
            extra["continue thread"] = "yes"
            if parent.startswith("t1_"):
                url = self.address(parent.removeprefix("t1_"))
        elif count:
            extra["hidden replies"] = str(count)
            body = f"{count} more {'reply' if count == 1 else 'replies'} not in this archive"
        else:
            body = "More replies not in this archive"
        return Comment(
            id=self.unique(f"more:{parent}"),
            parent_id=parent,
            body=body,
            body_format="text",
            kind="more",
            url=url,
            extra=extra,
        )

    def address(self, comment_id: str, link_id: Any = None) -> str | None:
        """A comment's page when the file gives no permalink (2013-era files have none)."""
        if self.post_permalink:
            return f"{REDDIT}{self.post_permalink.rstrip('/')}/{comment_id}/"
        if isinstance(link_id, str) and link_id.startswith("t3_"):
            return f"{REDDIT}/comments/{link_id.removeprefix('t3_')}/_/{comment_id}/"
        return None


def text_field(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def fullname(data: dict[str, Any], prefix: str) -> str:
    name = data.get("name")
    if isinstance(name, str) and name.startswith(f"{prefix}_"):
        return name
    return f"{prefix}_{data['id']}"


def _latin1_body(source: str) -> str:
    """A body parsed from Latin-1-decoded UTF-8, as written (see `unescape_body`)."""
    return unescape_body(from_latin1(source))


def unescape(value: Any) -> str:
    """Reddit's Markdown and titles escape `&`, `<`, `>` as entities: undo that once."""
    if not isinstance(value, str):
        return ""
    return html.unescape(value) if "&" in value else value


# A character reference left after that: old bodies were escaped twice (`&amp;#3232;`).
_CHARACTER_REFERENCE = re.compile(r"&#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});")


def unescape_body(value: Any) -> str:
    """A Markdown body as its author typed it: unescaped once, and the character references
    of bodies Reddit escaped twice (`&amp;#3232;_&amp;#3232;` is ಠ_ಠ) decoded too."""
    text = unescape(value)
    if "&#" not in text:
        return text
    return _CHARACTER_REFERENCE.sub(lambda found: html.unescape(found.group()), text)


_MARKDOWN = BodySource("markdown", unescape_body)
_LATIN1_MARKDOWN = BodySource("markdown", _latin1_body)


def integer(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if value == value and abs(value) < 1e18 else None


def timestamp(value: Any) -> datetime | None:
    """A Unix time in seconds (number or numeric string) as an aware UTC datetime."""
    if isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(float(value), timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def comment_extra(data: dict[str, Any], text: Callable[[str], str] = identity) -> dict[str, str]:
    """The fields a reader of a comment (or the post) would want to see, when present."""
    extra: dict[str, str] = {}
    get = data.get
    if not any(map(get, EXTRA_KEYS)):  # the usual case, checked without a Python loop
        return extra
    for key, label, show in EXTRA_FIELDS:
        value = get(key)
        if value:  # None, False, 0 and "" are the usual values: nothing to show
            shown = show(text(value) if type(value) is str else value)
            if shown:
                extra[label] = shown
    return extra


def shown_flair(value: Any) -> str | None:
    return unescape(value).strip() or None


def shown_count(value: Any) -> str | None:
    number = integer(value)
    return str(number) if number else None


def shown_edit(value: Any) -> str | None:
    """`edited` is false, true, or (since about 2012) the time of the edit."""
    if value is True:
        return "yes"
    moment = timestamp(value)
    return moment.isoformat() if moment is not None else None


def shown_flag(value: Any) -> str | None:
    return "yes" if value is True else None


def shown_text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


EXTRA_FIELDS: tuple[tuple[str, str, Callable[[Any], str | None]], ...] = (
    ("author_flair_text", "flair", shown_flair),
    ("gilded", "gilded", shown_count),
    ("edited", "edited", shown_edit),
    ("stickied", "stickied", shown_flag),
    ("score_hidden", "score hidden", shown_flag),
    ("distinguished", "distinguished", shown_text),
    ("controversiality", "controversial", lambda value: "yes" if value == 1 else None),
)
EXTRA_KEYS = tuple(key for key, _, _ in EXTRA_FIELDS)


def post_extra(data: dict[str, Any]) -> dict[str, str]:
    extra = comment_extra(data)
    extra.pop("flair", None)
    subreddit = data.get("subreddit_name_prefixed") or (
        f"r/{data['subreddit']}" if isinstance(data.get("subreddit"), str) else None
    )
    if isinstance(subreddit, str):
        extra["subreddit"] = subreddit
    flair = unescape(data.get("link_flair_text")).strip()
    if flair:
        extra["flair"] = flair
    if isinstance(total := integer(data.get("num_comments")), int):
        extra["comments on reddit"] = str(total)
    for key, label in (("over_18", "nsfw"), ("spoiler", "spoiler"), ("locked", "locked")):
        if data.get(key) is True:
            extra[label] = "yes"
    return extra


def post_comment(data: dict[str, Any], reader: _Reader) -> Comment:
    """The thread's root: a self post's text, or a link post's link (with any text above it)."""
    body = text_field(data, "selftext") or ""
    permalink = text_field(data, "permalink") or ""
    link = text_field(data, "url")
    if data.get("is_self") is not True and link and not (permalink and link.endswith(permalink)):
        body = f"{body}\n\n{link}" if body.strip() else link
    author = text_field(data, "author")
    extra = post_extra(data)
    if author in PLACEHOLDERS or body in PLACEHOLDERS:
        extra["deleted"] = PLACEHOLDERS.get(body) or ACCOUNT_DELETED
    return Comment(
        id=reader.unique(reader.post_name),
        parent_id=None,
        author=None if author in PLACEHOLDERS else author,
        created=timestamp(data.get("created_utc")),
        body=unescape_body(body),
        body_format="markdown",
        kind="post",
        score=integer(data.get("score")),
        url=REDDIT + permalink if permalink else None,
        extra=extra,
    )


def listing_children(value: Any) -> list[Any] | None:
    """The `data.children` list of a listing, or None if `value` is not one."""
    data = value.get("data") if isinstance(value, dict) else None
    children = data.get("children") if isinstance(data, dict) else None
    return children if isinstance(children, list) else None


def build(document: Any, path: Path) -> Thread:
    """The thread of a document already parsed (as kept in a file saved from the web)."""
    return load_document(document, path, _Reader(path))


def load(path: Path) -> Thread:
    """A post's thread read a piece at a time (`_streamed`), or whole when that cannot be."""
    with path.open("rb") as handle:
        document = _Stream(handle, _Reader(path)).document()
    if document is None:
        return _thread_of(read_bytes(path), path)
    return load_post(document[0], path, document[1])


CHUNK = 8 * 1024 * 1024  # bytes read at a time
_WS = re.compile(r"[ \t\n\r]*")
# From the comma after the post listing to the `[` of the comment listing's children (no
# bracket between: the scalar keys reddit writes first).
_COMMENTS = re.compile(r'\s*,\s*(\{[^\[\]{}]*\{[^\[\]{}]*"children"\s*:\s*)\[')


NEAR = 1024 * 1024  # a comment that does not end this near is opened rather than parsed whole
DEEP = 100  # levels of replies a comment parsed in one call may hold (json recurses in C)
# Bytes read at a time inside an opened comment: each read is decoded in one call, which holds
# the interpreter (8 MB: 20-50 ms on a loaded 2-core machine; 2 MB: a quarter of that).
PIECE = 2 * NEAR
_DEPTH_VALUE = re.compile(r"\s*:\s*([0-9]+)")
_DATA = re.compile(r'"data"\s*:\s*\{')
_REPLIES = re.compile(r'"replies"\s*:\s*')
_CHILDREN = re.compile(r'"children"\s*:\s*\[')
_PLAIN = json.JSONDecoder()  # the fields before a reply: no object to make a comment of


_LONG = object()  # a reply that does not end soon: to be opened


def _end_unknown() -> int:
    """No needle tells where a reply ends: read on as much again."""
    return 0


@dataclass
class _Opened:
    """A comment being read reply by reply: its depth, fields before its replies, replies."""

    depth: int
    fields: dict[str, Any]
    replies: list[Any] = field(default_factory=list)


class _Stream:
    """A post's JSON read CHUNK bytes at a time, each top-level comment parsed (and made into
    Comments by `_Reader.hook`) once its text is in, then let go: the whole text of a big
    thread never exists beside its model.

    Text is Latin-1 while no `\\u` escape past ASCII has come, then UTF-8 (see
    narrow_decode); `_Reader.read_as` follows. `document` gives None, having kept nothing,
    for whatever it does not expect (gzip, another shape, bad or too deep JSON): the caller
    then reads the file whole, which says what is wrong.
    """

    def __init__(self, handle: Any, reader: _Reader) -> None:
        self.handle = handle
        self.reader = reader
        self.size = max(os.fstat(handle.fileno()).st_size, 1)
        self.text = ""
        self.pos = 0
        self.utf8: codecs.IncrementalDecoder | None = None
        self.post: Any = None
        self.tops: tuple[bytes, ...] = ()  # how a top-level comment names its parent
        self.frames: list[_Opened] = []  # the comments opened, outermost first
        self.depths = True  # whether comments say their depth (until one does not)
        # The last `"depth"` key found (`depth_key_after`): searched from, where, its value.
        self.depth_key = (0, -1, 0)
        self.ended = False  # whether the file is read to its end
        self.decoder = json.JSONDecoder(object_hook=reader.hook)

    def document(self) -> tuple[list[Any], _Reader] | None:
        """[post listing, comment listing] and the reader that read them, or None."""
        try:
            return self._document()
        except (json.JSONDecodeError, RecursionError, ValueError):
            return None

    def _document(self) -> tuple[list[Any], _Reader] | None:
        first = self.handle.read(3)
        if first != b"\xef\xbb\xbf":  # a BOM is dropped, anything else read again
            self.handle.seek(0)
        if not self.more() or self.text.lstrip()[:1] != "[":
            return None
        self.pos = self.text.index("[") + 1
        self.post = self.value()
        opening = _COMMENTS.match(self.text, self.pos)
        if self.post is None or opening is None:
            return None
        posts = listing_children(self.post)
        data = posts[0].get("data") if posts and isinstance(posts[0], dict) else None
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            name = json.dumps(fullname(data, "t3")).encode()
            self.tops = (b'"parent_id": ' + name, b'"parent_id":' + name)
        self.pos = opening.end()
        things = self.elements()
        if things is None:
            return None
        while self.more():  # the rest of the listing: a few keys
            pass
        rest = json.loads("[0, " + opening.group(1) + "[]" + self.text[self.pos :])
        comments = rest[1] if isinstance(rest, list) and len(rest) == 2 else None
        if not isinstance(comments, dict) or not isinstance(comments.get("data"), dict):
            return None
        comments["data"]["children"] = things
        return [self.post, comments], self.reader

    def elements(self) -> list[Any] | None:
        """The values of the array the text is inside, up to its `]` (None if no end)."""
        things: list[Any] = []
        self.skip()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return things
        while True:
            thing = self.element(0)
            if thing is None:
                return None
            things.append(thing)
            self.skip()
            if self.pos >= len(self.text) and not self.more():
                return None
            separator = self.text[self.pos]
            self.pos += 1
            if separator == "]":
                return things
            if separator != ",":
                return None
            self.skip()

    def value(self, depth: int = 0) -> Any:
        """The JSON value at the position, read on until it is whole (`whole_value`); None if
        it never is. A top-level comment larger than what is read is read on to where the next
        one names the post as its parent (reddit puts that field after the replies, others
        before them), then parsed once."""
        try:
            if depth == 0:
                return whole_value(self, self.to_next_top, CHUNK)
            return whole_value(self, _end_unknown, min(CHUNK, PIECE))
        except json.JSONDecodeError:
            return None

    def element(self, depth: int) -> Any:
        """The comment (or other thing) at the position, `depth` levels under the post's
        listing, parsed in one call, or opened (`opened`) when it is long: a top-level one
        that does not end within CHUNK, a reply that does not end within NEAR (`ends_soon`),
        or one too deep for json. None if broken."""
        # (What follows a failed parse is done outside the except clause: the error's frames
        # hold the text read so far, which a read would replace.)
        if depth == 0:
            deep = False
            try:
                thing, self.pos = self.decoder.raw_decode(self.text, self.pos)
                return thing  # what is read holds most top-level comments whole
            except RecursionError:
                deep = True
            except json.JSONDecodeError:
                pass
            ahead = CHUNK if deep or self.ended else self.to_next_top(CHUNK)
            if deep or ahead >= CHUNK:
                return self.opened(depth)
            self.more(max(CHUNK, len(self.text) - self.pos, ahead))  # to the next, then
            return self.value(depth)  # parsed once
        reply = self.reply(depth)
        return self.opened(depth) if reply is _LONG else reply

    def reply(self, depth: int) -> Any:
        """The reply at the position parsed whole when it ends soon, else _LONG."""
        if self.ends_soon(depth):
            try:
                reply = self.value(depth)
            except RecursionError:
                return _LONG
            if reply is None:
                raise ValueError("a reply is not JSON")  # the whole-file read says where
            return reply
        return _LONG

    def ends_soon(self, depth: int) -> bool:
        """Whether the reply at the position ends within NEAR characters, or may well (no
        replies of its own, or no "depth" keys to tell by). After its own `"replies"` key
        (the first: any reply's comes inside it), a `"depth"` of its own depth is its own
        (reddit writes it after the replies) or the next thing's (others write it first).
        Not when the first `"depth"` after it is more than DEEP deeper (a chain json would
        read too deep), nor further than NEAR (a chain that goes on past it).
        """
        self.near()
        text, pos = self.text, self.pos
        if not self.depths or not text.startswith("{", pos):
            return True
        replies = _REPLIES.search(text, pos, pos + NEAR)
        if replies is None or not text.startswith("{", replies.end()):
            return True
        start, end = replies.end(), replies.end() + NEAR
        first, first_depth = self.depth_key_after(start)
        if first >= end or first_depth > depth + DEEP:
            return False
        for needle in (f'"depth": {depth}', f'"depth":{depth}'):
            at = text.find(needle, first, end)
            while at >= 0 and text[at + len(needle) : at + len(needle) + 1].isdigit():
                at = text.find(needle, at + 1, end)  # "depth": 10 is not "depth": 1
            if at >= 0:
                return True
        return False

    def near(self) -> None:
        """Have at least twice NEAR characters read from the position, unless the file ends."""
        self.skip()
        while len(self.text) - self.pos < 2 * NEAR and not self.ended:
            self.more(min(CHUNK, PIECE))

    def depth_key_after(self, start: int) -> tuple[int, int]:
        """Where the first `"depth"` key after `start` is in the text, and its value; -1 when
        there is none in the next 2 NEAR characters (then where they end). Kept: down a chain
        every reply asks for the same one."""
        searched, found, value = self.depth_key
        if searched <= start and (start <= found if value >= 0 else start + NEAR <= found):
            return found, value
        text, at, limit = self.text, start, start + 2 * NEAR
        while (at := text.find('"depth"', at, limit)) >= 0:
            number = _DEPTH_VALUE.match(text, at + 7)
            if number is not None:
                self.depth_key = (start, at, int(number[1]))
                return at, self.depth_key[2]
            at += 7
        self.depth_key = (start, limit, -1)
        return limit, -1

    def opened(self, depth: int) -> Any:
        """A comment too long to parse in one call: its fields, and its replies one at a time,
        each opened in turn when it is long too (a stack of them, so any depth reads). A
        giant comment's text is never held whole, nor read and decoded in one call that
        would hold the interpreter for as long. None if broken; the whole thing is read at
        once when it is not a comment with replies as reddit writes them."""
        frames = self.frames
        bottom = len(frames)
        frame = self.open_thing(depth)
        if frame is None:
            return self.value(depth)
        frames.append(frame)
        while True:
            frame = frames[-1]
            if self.next_reply(frame):
                child = frame.depth + 1
                reply = self.reply(child)
                if reply is not _LONG:
                    frame.replies.append(reply)
                    continue
                inner = self.open_thing(child)
                if inner is not None:
                    frames.append(inner)
                    continue
                frame.replies.append(self.value(child))
                continue
            done = self.close_thing(frame)
            frames.pop()
            if len(frames) == bottom:
                return done
            frames[-1].replies.append(done)

    def open_thing(self, depth: int) -> _Opened | None:
        """Read a comment's fields up to its first reply (None, having read nothing, when it
        is not a t1 with a listing of replies, or they are not within reach)."""
        self.near()
        text, pos = self.text, self.pos
        within = pos + 2 * NEAR
        data = _DATA.search(text, pos, within)
        replies = data and _REPLIES.search(text, data.end(), within)
        listing = replies and _DATA.search(text, replies.end(), within)
        children = listing and _CHILDREN.search(text, listing.end(), within)
        if not children or not text.startswith("{", replies.end()):  # type: ignore[union-attr]
            return None
        assert data is not None and replies is not None and listing is not None
        thing = self.members(pos + 1, data.start())
        fields = self.members(data.end(), replies.start())
        listing_keys = self.members(replies.end() + 1, listing.start())
        if thing is None or fields is None or listing_keys is None or thing.get("kind") != "t1":
            return None
        if self.members(listing.end(), children.start()) is None:
            return None
        self.pos = children.end()
        return _Opened(depth, fields)

    def members(self, start: int, end: int) -> dict[str, Any] | None:
        """The keys and values of an object from `start` to `end` (a comma may end them)."""
        inside = self.text[start:end].rstrip(" \t\n\r")
        try:
            found = _PLAIN.decode("{" + inside.removesuffix(",") + "}")
        except json.JSONDecodeError:
            return None
        return found if type(found) is dict else None

    def next_reply(self, frame: _Opened) -> bool:
        """Step to the next reply of the opened comment (True), or past the end of its replies."""
        self.skip()
        text = self.text
        if text.startswith("]", self.pos):
            self.pos += 1
            return False
        if frame.replies:
            if not text.startswith(",", self.pos):
                raise ValueError("expected , or ] between replies")
            self.pos += 1
            self.skip()
        return True

    def close_thing(self, frame: _Opened) -> Any:
        """The opened comment made whole: the rest of its replies' listing, its fields after
        them, the rest of the thing; then made a _Node as json would have (`_Reader.hook`)."""
        self.rest_of_object()  # the listing's data: "before" and such
        self.rest_of_object()  # the listing
        replies = {"kind": "Listing", "data": {"children": frame.replies}}
        # Reddit's id, author, body ... (kept in the frame: made real text if a read of the
        # thing's end switches the text to UTF-8).
        frame.fields = {**frame.fields, "replies": replies, **self.rest_of_object()}
        rest = self.rest_of_object()  # the thing's own keys after its data: none, usually
        if "depth" not in frame.fields:  # an older file: no depths to tell long comments by
            self.depths = False
        return self.reader.hook({"kind": "t1", **rest, "data": frame.fields})

    def rest_of_object(self) -> dict[str, Any]:
        """The members of the object the position is inside, after a value, to its `}`."""
        self.skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return {}
        if not self.text.startswith(",", self.pos):
            raise ValueError("expected , or } after a value")
        size = 4 * 1024
        while True:
            text, start = self.text, self.pos + 1
            try:
                found, end = self.decoder.raw_decode("{" + text[start : start + size])
            except json.JSONDecodeError:
                if start + size < len(text):
                    size *= 8
                elif not self.more(min(CHUNK, PIECE)):
                    raise
                continue
            self.pos = start + end - 1
            return found

    def to_next_top(self, most: int | None = None) -> int:
        """Bytes from the read position to a little past the next `"parent_id": "t3_..."`
        (to the end of the file if there is none, `most` at most); 0 before the post is read."""
        if not self.tops:
            return 0
        return bytes_to_next(self.handle, self.tops, self.size, FIELDS_SLACK, most)

    def skip(self) -> None:
        while True:
            self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or not self.more():
                return

    def more(self, size: int = 0) -> bool:
        """Read `size` (CHUNK) bytes more onto the text not yet parsed; False at the end."""
        size = size or CHUNK
        rest, self.text, self.pos = self.text[self.pos :], "", 0
        if self.utf8 is not None:
            data = self.handle.read(size)
            self.text = rest + self.utf8.decode(data)
            return self.read(bool(data))
        # One buffer for the rest and what is read, decoded once: a large comment read in
        # one go is held twice at most (bytes, then text), never three times.
        head = rest.encode("latin-1")
        kept = len(head)
        buffer = bytearray(kept + size)  # zeros the kernel gives as pages are written
        buffer[:kept] = head
        del head, rest
        with memoryview(buffer) as view:
            got = self.handle.readinto(view[kept:])
        del buffer[kept + got :]
        if b"\\u" in buffer and _WIDE_ESCAPE.search(buffer) is not None:
            self.utf8 = codecs.getincrementaldecoder("utf-8")("replace")
            self.post = self.reader.real(self.post)  # what load_post reads, made real now
            for frame in self.frames:
                frame.fields = self.reader.real(frame.fields)
            self.reader.read_as(identity)
            self.text = self.utf8.decode(buffer)
        else:
            self.text = codecs.latin_1_decode(buffer)[0]
            self.reader.read_as(from_latin1)
        return self.read(got > 0)

    def read(self, more: bool) -> bool:
        progress(self.handle.tell() / self.size)
        self.ended = not more
        self.depth_key = (0, -1, 0)  # positions of the text before are gone
        return more


def preview(path: Path, head: bytes) -> Thread:
    """The post and the first comments, from the file's first bytes cut at any depth.

    The comments the cut is inside (each holds the next in its replies) are completed from
    the next FIELDS_AHEAD bytes of the file when reddit wrote their fields after their
    replies (see `complete_cut`); one whose fields come later stands as a comment still being
    read, one that cannot be completed at all is left out, with what follows it.
    """
    cut_off = cut_head(head, mark=True)
    if cut_off is None:
        raise ArchiveError(path, "no whole comment in the first bytes")
    closed, end = cut_off
    reader = _Reader(path)

    def hook(thing: dict[str, Any]) -> Any:
        data = thing.get("data")
        if type(data) is dict and CUT in data and thing.get("kind") == "t1":
            return thing  # completed by complete_cut, or left out
        return reader.hook(thing)

    document = parse_json(closed, path, hook)
    if not isinstance(document, list) or len(document) != 2:
        raise ArchiveError(path, "a preview needs a post and its comments")
    cut = cut_lists(document[1])
    if cut:
        with (
            path.open("rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view,
        ):
            complete_cut(cut, view, end, reader)
    return load_post(document, path, reader)


def cut_lists(listing: Any) -> list[list[Any]]:
    """The lists of replies whose last comment the head is cut inside, outermost first.

    Anything else the head is cut inside (a `more` stub) is left out.
    """
    lists: list[list[Any]] = []
    things = listing_children(listing)
    while things and type(things[-1]) is dict and CUT in things[-1]:
        data = things[-1].get("data")
        if things[-1].get("kind") != "t1" or type(data) is not dict:
            del things[-1]
            break
        lists.append(things)
        things = listing_children(data.get("replies"))
    return lists


def complete_cut(lists: list[list[Any]], view: mmap.mmap, start: int, reader: _Reader) -> None:
    """Make the last comment of each list whole, innermost first, or drop it (and so what
    follows it in pre-order) when its fields cannot be had. `start`: where the head was cut.

    A comment whose id comes before its replies was written with its fields first: taken as
    read. Reddit writes `replies` before `id`, `author` and `body`: those are found where the
    comment's subtree ends, after the cut, by `fields_after`. Outer comments end later: each
    search starts where the last one found its comment, none goes past FIELDS_AHEAD bytes
    after the cut (a file whose pages are not in memory is read from the disk as it is
    searched), and a comment whose fields are further on, and each outer one after it, stands
    as a comment still being read (`pending`) with its replies below it.
    """
    limit = start + FIELDS_AHEAD
    beyond = False  # a comment's fields were further than the limit: outer ones' are too
    for depth in range(len(lists) - 1, -1, -1):
        things = lists[depth]
        data: dict[str, Any] = things[-1]["data"]
        keys = list(data)
        if "replies" not in data:  # cut before its replies: its fields may be cut too
            del things[-1]
            continue
        fields: dict[str, Any] | None = data
        if "id" not in data or keys.index("id") > keys.index("replies"):
            item_id = data.get("id") or _parent_of(listing_children(data["replies"]) or [])
            if not isinstance(item_id, str):
                item_id = None
            begin = 0 if "id" in data else start  # cut among its own fields: they began before
            found = None if beyond else fields_after(view, item_id, depth, begin, limit)
            if found is None and (beyond or limit < len(view)):
                beyond = True
                things[-1] = pending(item_id, depth, listing_children(data["replies"]))
                continue
            fields = None
            if found is not None:
                fields, start = {**data, **found[0], "replies": data["replies"]}, found[1]
        if fields is None or type(fields.get("id")) is not str or not fields["id"]:
            del things[-1]
            continue
        things[-1] = reader.node(fields, fields["id"])


def pending(item_id: str | None, depth: int, replies: list[Any] | None) -> _Node:
    """A stand-in for a comment whose author and text are further on in the file: its id
    when a reply names it, its replies' things; its depth and place are set as any comment's."""
    # The cut is inside one comment of each depth: a depth names one whose id is not known.
    comment = Comment(
        "t1_" + item_id if item_id else f"{PENDING}:{depth}",
        None,
        body="This comment is still being read: reddit writes a comment's author and text "
        "after its replies, and this one's come further on in the file.",
        body_format="text",
        kind=PENDING,
    )
    return (comment, item_id or "", None, None, replies)


def _thing_field(thing: Any, position: int, key: str) -> Any:
    """A field of a thing: from its _Node tuple (at `position`), or its data object (`key`)."""
    if type(thing) is tuple:
        return thing[position]
    data = thing.get("data") if isinstance(thing, dict) else None
    return data.get(key) if isinstance(data, dict) else None


def _parent_of(things: list[Any]) -> str | None:
    """The id of the comment these replies answer, as the first of them names it."""
    for thing in things:
        parent = _thing_field(thing, 2, "parent_id")
        if isinstance(parent, str) and parent.startswith("t1_"):
            return parent[3:]
    return None


FIELDS_MAX = 8 * 1024 * 1024  # a comment's fields after its replies: a body and some awards
FIELDS_SLACK = 64 * 1024  # what usually follows a comment's parent_id in its fields
# How far after the head a preview looks for the fields of the comments it is cut inside: the
# biggest first subtree of a 100,000-comment thread, read in a few tens of milliseconds.
FIELDS_AHEAD = 16 * 1024 * 1024


def fields_after(
    view: mmap.mmap, item_id: str | None, depth: int, start: int, stop: int
) -> tuple[dict[str, Any], int] | None:
    """A cut comment's fields from the key `"id"` to the end of its data, and where they
    are: the first between `start` and `stop` with that id, or when its id is not known yet
    (no reply names it), the first with its `"depth"`, since only its own replies come
    between the cut and its fields. No string can hold a key and its value: their quotes
    would be escaped.
    """
    if item_id is not None:
        value = json.dumps(item_id).encode()
        for needle in (b'"id": ' + value, b'"id":' + value):  # reddit's spacing, then none
            position = view.find(needle, start, stop)
            if position >= 0:
                fields = _object_at(view, position)
                return None if fields is None else (fields, position)
        return None
    for needle in (b'"depth": %d' % depth, b'"depth":%d' % depth):
        position = view.find(needle, start, stop)
        while position >= 0 and view[position + len(needle) : position + len(needle) + 1].isdigit():
            position = view.find(needle, position + 1, stop)  # "depth": 10 is not "depth": 1
        if position >= 0:
            return _fields_before(view, position, depth)
    return None


def _fields_before(view: mmap.mmap, position: int, depth: int) -> tuple[dict[str, Any], int] | None:
    """The fields from the nearest key `"id"` before `position` whose object has that depth."""
    low = max(0, position - FIELDS_MAX)
    key = position
    while (key := max(view.rfind(b'"id": "', low, key), view.rfind(b'"id":"', low, key))) >= 0:
        fields = _object_at(view, key)  # an award's "id" comes first: its object has no depth
        if fields is not None and fields.get("depth") == depth:
            return fields, key
    return None


def _object_at(view: mmap.mmap, key: int) -> dict[str, Any] | None:
    """The keys from `key` to the end of their object, read as an object of their own."""
    size = 64 * 1024
    while True:
        try:
            fields, _ = _DECODER.raw_decode("{" + decode(view[key : key + size]))
        except json.JSONDecodeError:
            if key + size >= len(view) or size >= FIELDS_MAX:
                return None
            size *= 8
            continue
        return fields if isinstance(fields, dict) else None


_DECODER = json.JSONDecoder()


def _thread_of(data: bytes, path: Path) -> Thread:
    """Comments become Comments while json reads them (`_Reader.hook`), then are put in order."""
    reader = _Reader(path)
    text, real = narrow_decode(data)
    reader.read_as(real)
    del data  # the caller's bytes go as soon as the text exists (a big file is held once)
    document = parse_text(text, path, reader.hook, reader.text)
    del text
    return load_document(document, path, reader)


def load_document(document: Any, path: Path, reader: _Reader) -> Thread:
    if isinstance(document, list):
        return load_post(document, path, reader)
    if isinstance(document, dict) and "json" in document:
        return load_morechildren(document, path, reader)
    what = "expected [post listing, comment listing] or a /api/morechildren response"
    raise ArchiveError(path, what, where="$")


def load_post(document: list[Any], path: Path, reader: _Reader) -> Thread:
    """A post URL's JSON: the post as the root, the comment listing nested below it."""
    if len(document) != 2:
        raise ArchiveError(path, "expected two listings: the post, then its comments", where="$")
    posts = listing_children(document[0])
    if posts is None:
        raise ArchiveError(path, "expected a listing holding the post", where="$[0]")
    first = posts[0] if posts else None
    if not isinstance(first, dict) or first.get("kind") != "t3":
        raise ArchiveError(path, "expected a t3 post", where="$[0].data.children[0]")
    data = reader.real(first.get("data"))
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise ArchiveError(path, "the post has no id", where="$[0].data.children[0].data")
    top = listing_children(document[1])
    if top is None:
        raise ArchiveError(path, "expected a listing of comments", where="$[1].data.children")
    reader.post_name = fullname(data, "t3")
    permalink = data.get("permalink")
    reader.post_permalink = permalink if isinstance(permalink, str) else ""
    post = post_comment(data, reader)
    comments = [post, *nested_comments(top, reader)]
    if len(comments) == 1 and reader.skipped:
        raise ArchiveError(path, f"no comment could be read: {reader.first_fault}")
    return from_preorder(
        unescape(data.get("title")) or post.body[:80],
        "reddit",
        str(path),
        comments,
        thread_id=f"reddit:{reader.post_name}",
        skipped=reader.skipped,
        warnings=reader.warnings(),
    )


def nested_comments(top: list[Any], reader: _Reader) -> list[Comment]:
    """The comment listing in pre-order with depths, walked with a stack (any depth loads)."""
    ordered: list[Comment] = []
    append = ordered.append
    post_name = reader.post_name
    # Listings still to walk: their things, where the listing is, the index to go on from, and
    # their things' depth and parent id.
    stack: list[tuple[list[Any], Where, int, int, str]] = [(top, (None, "[1]"), 0, 1, post_name)]
    while stack:
        things, where, start, depth, parent = stack.pop()
        for index in range(start, len(things)):
            thing = things[index]
            if type(thing) is tuple:
                node: _Node | Comment | None = thing
            else:
                node = reader.item(thing, (where, _step(index, depth)), parent)
            if node is None:
                continue
            if isinstance(node, Comment):  # a more stub
                node.depth = depth
                append(node)
                continue
            comment = reader.placed(node, parent)
            comment.depth = depth
            append(comment)
            if depth == 1:
                mark_detached(comment, node[2], post_name)
            replies = node[4]
            if not replies:
                continue
            place: Where = (where, _step(index, depth))
            kids = replies if type(replies) is list else None
            if kids is None:
                reader.fault((place, ".data.replies"), "replies is neither a listing nor empty")
                continue
            stack.append((things, where, index + 1, depth, parent))
            stack.append((kids, place, 0, depth + 1, comment.id))
            break
    return ordered


def _step(index: int, depth: int) -> str | int:
    """The step to a thing of the comment listing (depth 1) or of a comment's replies."""
    return f".data.children[{index}]" if depth == 1 else index


def mark_detached(comment: Comment, parent_id: Any, post_name: str) -> None:
    """A permalink view starts below the top level: say whose reply a top item really is."""
    if isinstance(parent_id, str) and parent_id.startswith("t1_") and parent_id != post_name:
        comment.add_extra("detached", f"parent {parent_id} is not in this archive")


def load_morechildren(document: dict[str, Any], path: Path, reader: _Reader) -> Thread:
    """Flat `things` re-attached by parent_id: comments of one thread under its post.

    The response holds comments, not the post: a placeholder post named by the thread's id
    stands for it (no comment is the original poster's, since who that is is not known), and
    the top-level comments keep reddit's order. A comment whose parent is another comment not
    in the file hangs under the post, marked detached. A response that mixes several threads
    opens as an `archive` of subtrees, each top comment a `post`, in date order.
    """
    payload = document.get("json")
    data = payload.get("data") if isinstance(payload, dict) else None
    things = data.get("things") if isinstance(data, dict) else None
    if not isinstance(things, list):
        errors = payload.get("errors") if isinstance(payload, dict) else None
        what = "expected a things list"
        if errors:
            what = f"reddit answered with errors: {reader.real(errors)}"
        raise ArchiveError(path, what, where="$.json.data.things")
    threads = _link_names(things, reader)
    if len(threads) == 1:
        return _one_thread(things, path, reader, threads.pop())
    root = Comment(id="archive", parent_id=None, kind="archive", body_format="text")
    items, links = flat_things(things, reader, root.id)
    if not items and reader.skipped:
        raise ArchiveError(path, f"no comment could be read: {reader.first_fault}")
    names = {item.id for item in items}
    tops = [item for item in items if item.parent_id not in names]
    tops.sort(key=lambda c: (c.created is None, c.created or datetime.min))
    top_ids = {id(item) for item in tops}
    ordered = tops + [item for item in items if id(item) not in top_ids]
    link_names = sorted(links)
    t1_count = sum(1 for item in items if item.kind != "more")
    root.body = (
        f"{t1_count} comments and {len(items) - t1_count} more stubs from a reddit "
        f"/api/morechildren response for {', '.join(link_names) or 'an unknown post'}"
    )
    thread = from_parent_links(
        path.name,
        "reddit",
        str(path),
        root,
        ordered,
        thread_id="reddit:morechildren:" + "+".join(link_names) if link_names else None,
        skipped=reader.skipped,
        warnings=reader.warnings(),
    )
    for comment in thread.comments:
        if comment.depth == 1 and comment.kind == "comment":
            comment.kind = "post"
    return thread


def _link_names(things: list[Any], reader: _Reader) -> set[str]:
    """The posts (`t3_` names) the things of a morechildren response are comments of."""
    names = set()
    for thing in things:
        link = reader.real(_thing_field(thing, 3, "link_id"))
        if isinstance(link, str) and link.startswith("t3_"):
            names.add(link)
    return names


def _one_thread(things: list[Any], path: Path, reader: _Reader, link: str) -> Thread:
    """The comments of one thread under a placeholder for its post, which the file lacks."""
    post = Comment(id=link, parent_id=None, kind="post", url=f"{REDDIT}/comments/{link[3:]}/")
    items, _links = flat_things(things, reader, post.id)
    if not items and reader.skipped:
        raise ArchiveError(path, f"no comment could be read: {reader.first_fault}")
    count = sum(1 for item in items if item.kind != "more")
    post.body = (
        f"The post of reddit thread {link} is not in this file: it holds {count} of its "
        "comments, from an /api/morechildren response."
    )
    return from_parent_links(
        f"Reddit thread {link} (comments only)",
        "reddit",
        str(path),
        post,
        items,
        thread_id=f"reddit:morechildren:{link}",
        skipped=reader.skipped,
        warnings=reader.warnings(),
    )


def flat_things(things: list[Any], reader: _Reader, root_id: str) -> tuple[list[Comment], set[str]]:
    """Every thing of the list (and any replies nested in them) naming its parent."""
    items: list[Comment] = []
    links: set[str] = set()
    base: Where = (None, ".json.data.things")
    stack: list[tuple[Any, Where, str | None]] = [
        (thing, (base, f"[{i}]"), None) for i, thing in reversed(list(enumerate(things)))
    ]
    while stack:
        thing, where, nested_parent = stack.pop()
        if type(thing) is tuple:
            _, _, parent, link, replies = thing
        else:
            data = thing.get("data") if isinstance(thing, dict) else None
            fields = data if isinstance(data, dict) else {}
            link, parent = reader.real(fields.get("link_id")), reader.real(fields.get("parent_id"))
            replies = None
        parent = nested_parent or parent
        if isinstance(link, str) and link.startswith("t3_"):
            links.add(link)
        if isinstance(parent, str) and parent.startswith("t3_"):
            parent = root_id  # a top-level comment of the post
        parent = parent if isinstance(parent, str) else root_id
        node = reader.item(thing, where, parent)
        if node is None:
            continue
        if isinstance(node, Comment):  # a more stub
            items.append(node)
            continue
        comment = reader.placed(node, parent)
        items.append(comment)
        stack.extend(
            (kid, (where, i), comment.id)
            for i, kid in reversed(list(enumerate(replies if type(replies) is list else ())))
        )
    return items, links


FORMAT = Format(
    "reddit",
    "Reddit thread JSON (a post URL's .json) and /api/morechildren responses",
    sniff,
    load,
    preview,
    build,
)
