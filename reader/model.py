"""Thread and Comment: the pre-order model every format produces and every view reads.

A thread is a flat list of comments in pre-order (a comment, then its whole subtree, then its
next sibling), each with its `depth` and `subtree_size`. Everything here is iterative, so a
reply chain 100,000 deep builds and walks without recursion.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal

from reader.bodies import plain_markdown

KINDS = ("post", "comment", "pingback", "deleted", "more", "archive")
# A preview's stand-in for a comment whose author and text come later in the file than the
# preview reads (reddit writes them after its replies): never in a whole thread, nor in KINDS.
PENDING = "pending"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Outside ASCII, also removed: bidi embeddings, overrides and isolates (in a terminal that
# applies them they reorder the rest of a tree row, dates and guides included: "evil\u202egnp.exe"
# shows as "evilexe.png"), and invisible characters that only make equal-looking names differ
# (zero-width space, word joiner, invisible operators, BOM, Mongolian vowel separator,
# interlinear annotation marks). Kept: ZWJ/ZWNJ and LRM/RLM, which scripts and emoji need.
_REMOVED_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u180e\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ufff9-\ufffb"
)
_REMOVED = re.compile(f"[{_REMOVED_CHARS}]")
# Combining marks (the blocks "Zalgo" text piles up); more than MAX_COMBINING in a row on one
# letter are dropped: terminals draw a storm over the rows above and below.
MAX_COMBINING = 4
_COMBINING = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_STORM = re.compile(f"([{_COMBINING}]{{{MAX_COMBINING}}})[{_COMBINING}]+")
# Any character clean_text might change outside ASCII: one scan of text that is clean already.
_SUSPECT = re.compile(f"[{_REMOVED_CHARS}{_COMBINING}]")
# Whole terminal escape sequences, removed before the control characters that open them (else
# their printable rest, `[2J` or `]52;c;…`, would be left): CSI (ESC [ or U+009B) parameters
# and a final byte; OSC, DCS, SOS, PM, APC strings up to BEL or ST; two-character escapes.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)


# The ASCII controls of _CONTROL, as bytes: deleting them from ASCII text is a fast way to ask
# whether there are any (a regular expression search looks at each character in Python's engine).
_ASCII_CONTROL = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])
# ASCII whitespace other than the space and the line break (str.isspace).
_ASCII_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"
# A line break and any spaces and line breaks after it.
_BREAK_RUN = re.compile(r"\n[\n ]*")


def clean_text(text: str) -> str:
    """Remove terminal escape sequences and C0/C1 control characters, keeping newline and tab;
    and bidi controls, invisible characters and combining-mark storms (see _REMOVED, _STORM).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        data = text.encode("ascii")
        if len(data.translate(None, _ASCII_CONTROL)) == len(data):
            return text
        return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))
    if _SUSPECT.search(text) is None:
        return text
    text = _REMOVED.sub("", _ESCAPE_SEQUENCE.sub("", text))
    return _STORM.sub(r"\1", text) if _STORM.search(text) is not None else text


def needs_no_cleaning(text: str) -> bool:
    """Whether `clean_text` would give `text` back as it is: one quick scan, stopping at the
    first character it might change (combining marks that make no storm are a false alarm)."""
    if "\r" in text:
        return False
    if text.isascii():
        data = text.encode("ascii")
        return len(data.translate(None, _ASCII_CONTROL)) == len(data)
    return _SUSPECT.search(text) is None


def _spaces_only(text: str) -> bool:
    """Whether the only whitespace in `text` is the plain space."""
    if not text.isascii():
        return text.isprintable()  # every other whitespace character is unprintable
    for space in _ASCII_SPACES:  # noqa: SIM110 (a loop: all() over a generator costs more here)
        if space in text:  # finding one character is much faster than isprintable
            return False
    return True


def one_line(text: str) -> str:
    """Collapse all whitespace (non-breaking spaces included) into single spaces."""
    # Splitting a long body into words is slow; when its only whitespace is spaces and line
    # breaks, string methods do the same much faster.
    joined = _BREAK_RUN.sub(" ", text) if "\n" in text else text
    if not _spaces_only(joined):
        return " ".join(text.split())
    while "  " in joined:
        joined = joined.replace("  ", " ")
    return joined.strip(" ")


def normalise(text: str) -> str:
    """The form of a text that identity hashes use: NFKC, case-folded, whitespace collapsed."""
    return one_line(unicodedata.normalize("NFKC", text)).casefold()


def short_hash(*parts: str) -> str:
    """A stable 16-hex-digit digest of the given strings."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def excerpt_of(body: str, limit: int = 400) -> str:
    """The first `limit` characters of a body on one line, without `>` quotes or "X wrote:"."""
    head = body[: limit * 4]
    if ">" not in head and "wrote:" not in head:
        return one_line(head[:limit])
    kept = [
        line
        for line in head.split("\n")
        if not line.lstrip().startswith(">") and not line.rstrip().endswith("wrote:")
    ]
    return one_line("\n".join(kept))[:limit] or one_line(head[:limit])


class LazyText:
    """A body kept in its source form (HTML, an encoded mail part) until it is first read.

    Converting every body of a big archive at load costs seconds; most are never shown.
    """

    __slots__ = ("convert", "source")

    def __init__(self, source: Any, convert: Callable[[Any], str]) -> None:
        self.source = source
        self.convert = convert

    def text(self) -> str:
        return clean_text(self.convert(self.source))


class BodySource:
    """What the bodies of many comments kept in their source form share: the format they are
    shown in and the function that converts a source. Such a comment holds its source itself,
    where a LazyText is one more object a comment (48 bytes)."""

    __slots__ = ("convert", "format")

    def __init__(self, format: str, convert: Callable[[Any], str]) -> None:
        self.format = format
        self.convert = convert


class Address:
    """A comment's URL made from its id when read, `before + id[cut:] + after`: the comments
    of a thread share one instead of each holding its own string (about 100 bytes a comment).

    An importer gives one only to comments whose id needs no cleaning and makes a clean URL,
    and it gives the URL as a string before it changes such a comment's id.
    """

    __slots__ = ("after", "before", "cut")

    def __init__(self, before: str, cut: int = 0, after: str = "") -> None:
        self.before = before
        self.cut = cut
        self.after = after

    def of(self, comment_id: str) -> str:
        return f"{self.before}{comment_id[self.cut :]}{self.after}"


NO_EXTRA: Mapping[str, str] = MappingProxyType({})  # 64 bytes a comment saved: most have none

_FIELDS = (
    "id",
    "parent_id",
    "author",
    "created",
    "body",
    "body_format",
    "kind",
    "score",
    "url",
    "extra",
    "depth",
    "subtree_size",
)


class Comment:
    """One item of a thread: the post, a comment, or a stub standing for something absent.

    `body` may be given as a LazyText, or in its source form with a BodySource as
    `body_format`; it is converted (and cleaned) on first read. `url` may be given as an
    Address, made from the id when read.
    """

    __slots__ = (
        *(name for name in _FIELDS if name not in ("body", "body_format", "url")),
        "_body",
        "_format",
        "_url",
    )

    def __init__(
        self,
        id: str,
        parent_id: str | None,
        author: str | None = None,
        created: datetime | None = None,
        body: Any = "",
        body_format: str | BodySource = "text",
        kind: str = "comment",
        score: int | None = None,
        url: str | Address | None = None,
        extra: Mapping[str, str] | None = None,
        depth: int = 0,
        subtree_size: int = 1,
    ) -> None:
        self.id = id
        self.parent_id = parent_id
        self.author = author
        self.created = created
        self._body = body
        self._format = body_format
        self.kind = kind
        self.score = score
        self._url = url
        self.extra: Mapping[str, str] = extra or NO_EXTRA
        self.depth = depth
        self.subtree_size = subtree_size

    @property
    def body(self) -> str:
        body = self._body
        source = self._format
        if type(source) is BodySource:
            body = self._body = clean_text(source.convert(body))
            self._format = source.format
        elif isinstance(body, LazyText):
            body = self._body = body.text()
        return body

    @body.setter
    def body(self, value: str) -> None:
        self._body = value
        source = self._format
        if type(source) is BodySource:
            self._format = source.format

    @property
    def body_format(self) -> str:
        source = self._format
        return source.format if isinstance(source, BodySource) else source

    @body_format.setter
    def body_format(self, value: str) -> None:
        if type(self._format) is BodySource:
            self.body = self.body  # converted from its source before its format changes
        self._format = value

    @property
    def url(self) -> str | None:
        url = self._url
        return url.of(self.id) if isinstance(url, Address) else url

    @url.setter
    def url(self, value: str | Address | None) -> None:
        self._url = value

    def add_extra(self, key: str, value: str) -> None:
        """Set one shown source field (a comment without any shares one empty mapping)."""
        self.extra = {**self.extra, key: value}

    @property
    def body_is_read(self) -> bool:
        """Whether the body is text already (not waiting in its source form)."""
        return type(self._format) is not BodySource and not isinstance(self._body, LazyText)

    @property
    def excerpt(self) -> str:
        """The body on one line for tree rows and lists, quoted lines and attributions left out
        (and Markdown marks: the words as they read). Behind a content warning: the warning."""
        warning = self.extra.get("content warning")
        if warning:  # the text stays hidden until asked for, in lists as in the pane
            return one_line(f"⚠ {warning}")
        if self.body_format == "text":
            return excerpt_of(self.body)
        return excerpt_of(plain_markdown(self.body[:4000], decode=self.body_format == "markdown"))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Comment):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"Comment({shown})"


@dataclass(slots=True)
class Thread:
    """A whole thread in pre-order, with the navigation arrays the views need (made by
    `from_preorder`, which sets `parents`)."""

    id: str
    title: str
    format: str
    source: str
    comments: list[Comment]
    skipped: int = 0
    furniture_lines: int = 0
    warnings: list[str] = field(default_factory=list)
    parents: list[int] = field(default_factory=list, repr=False)
    openers: list[int] | None = field(default=None, repr=False)
    _by_depth: list[array[int]] | None = field(default=None, init=False, repr=False, compare=False)
    _kind_counts: dict[str, int] | None = field(default=None, init=False, repr=False, compare=False)
    _max_depth: int | None = field(default=None, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.comments)

    @property
    def root(self) -> Comment:
        return self.comments[0]

    @property
    def original_poster(self) -> str | None:
        return self.root.author if self.root.kind == "post" else None

    def is_by_original_poster(self, index: int) -> bool:
        """Whether comment `index` was written by whoever opened its thread.

        In an archive of several threads, that is the author of the thread's own post.
        """
        author = self.comments[index].author
        if author is None:
            return False
        if self.root.kind != "archive":
            return author == self.original_poster
        if self.openers is None:
            self.openers = thread_openers(self.comments, self.parents)
        opener = self.openers[index]
        return opener > 0 and self.comments[opener].author == author

    def kind_counts(self) -> dict[str, int]:
        """How many comments of each kind (counted once: the thread does not change)."""
        if self._kind_counts is None:
            self._kind_counts = dict(Counter(c.kind for c in self.comments))
        return dict(self._kind_counts)

    def authors(self) -> set[str]:
        return {c.author for c in self.comments if c.author and c.kind != "archive"}

    def max_depth(self) -> int:
        """The depth of the deepest comment; stubs for replies not in the archive do not count."""
        if self._max_depth is None:
            self._max_depth = max((c.depth for c in self.comments if c.kind != "more"), default=0)
        return self._max_depth

    def index_of(self, comment_id: str) -> int | None:
        for index, comment in enumerate(self.comments):
            if comment.id == comment_id:
                return index
        return None

    # Navigation by index in the pre-order array.

    def parent(self, index: int) -> int | None:
        parent = self.parents[index]
        return None if parent < 0 else parent

    def ancestors(self, index: int, limit: int | None = None) -> list[int]:
        """Indices from the root down to the parent of `index` (only the nearest `limit`)."""
        chain: list[int] = []
        parent = self.parents[index]
        while parent >= 0 and (limit is None or len(chain) < limit):
            chain.append(parent)
            parent = self.parents[parent]
        chain.reverse()
        return chain

    @property
    def by_depth(self) -> list[array[int]]:
        """For each depth, the indices of the comments at that depth, ascending (built once)."""
        if self._by_depth is None:
            levels: list[array[int]] = []
            for index, comment in enumerate(self.comments):
                depth = comment.depth
                while len(levels) <= depth:
                    levels.append(array("l"))
                levels[depth].append(index)
            self._by_depth = levels
        return self._by_depth

    def top_level_of(self, index: int) -> int | None:
        """The top-level comment (depth 1) whose subtree holds `index`; None for the root."""
        if self.comments[index].depth < 1:
            return None
        tops = self.by_depth[1]
        return tops[bisect_right(tops, index) - 1]

    def next_sibling(self, index: int) -> int | None:
        parent = self.parents[index]
        following = index + self.comments[index].subtree_size
        if parent < 0:
            return None
        if following < parent + self.comments[parent].subtree_size:
            return following
        return None

    def previous_sibling(self, index: int) -> int | None:
        parent = self.parents[index]
        if parent < 0:
            return None
        same_depth = self.by_depth[self.comments[index].depth]
        position = bisect_left(same_depth, index) - 1
        previous = same_depth[position] if position >= 0 else -1
        return previous if previous > parent else None

    def children(self, index: int) -> list[int]:
        end = index + self.comments[index].subtree_size
        child = index + 1
        result = []
        while child < end:
            result.append(child)
            child += self.comments[child].subtree_size
        return result


def thread_openers(comments: list[Comment], parents: list[int]) -> list[int]:
    """For each entry, the index of the depth-1 item that opens its thread (0 for the root)."""
    openers = [0] * len(comments)
    for index in range(1, len(comments)):
        parent = parents[index]
        openers[index] = index if parent == 0 else openers[parent]
    return openers


Cleaning = Literal["all", "fields", "authors"]  # what from_preorder cleans (see there)


class PreorderError(ValueError):
    """Depths that do not follow pre-order, at entry `index` (`from_preorder(strict=True)`)."""

    def __init__(self, index: int) -> None:
        super().__init__(f"entry {index}: depth does not follow pre-order")
        self.index = index


def _link(comments: list[Comment], strict: bool) -> list[int]:
    """Each entry's parent index (-1 for none), with its parent id and subtree size set from
    the depths and its author cleaned, in one pass.

    The parent of an entry is the nearest earlier one of smaller depth; its subtree is it and
    the run of entries after it of larger depth, so sizes and parents agree on any depths
    (>= 0). With `strict`, the first depth must be 0 and each other between 1 and one more
    than the depth before (PreorderError otherwise).
    """
    parents: list[int] = []
    # At each depth up to the last entry's, the entry there whose subtree is still open; a
    # level a reply skipped holds its parent (-1: none), so above[depth - 1] is the parent.
    above: list[int] = []
    for index, comment in enumerate(comments):
        depth = comment.depth
        if depth < len(above):
            for done in above[depth:]:
                if done >= 0:  # a skipped level's copy is set again when its entry closes
                    comments[done].subtree_size = index - done
            del above[depth:]
        elif depth > len(above):
            if strict:
                raise PreorderError(index)
            above += [above[-1] if above else -1] * (depth - len(above))
        parent = above[-1] if above else -1
        if parent >= 0:
            comment.parent_id = comments[parent].id
        elif strict and index:
            raise PreorderError(index)
        else:
            comment.parent_id = None
        parents.append(parent)
        above.append(index)
        author = comment.author
        if author is not None:
            comment.author = clean_name(author)
    total = len(comments)
    for done in above:
        if done >= 0:
            comments[done].subtree_size = total - done
    return parents


def clean_texts(comments: Iterable[Comment], bodies: bool = True) -> None:
    """Strip control characters from the text fields of comments that reach the screen but
    authors, which `from_preorder` cleans as it links the tree (and bodies when `bodies` is
    False: the importer cleaned them)."""
    for comment in comments:  # one loop, no call per comment: 0.15 us a comment saved
        if bodies:
            body = comment._body
            # A body in its source form (LazyText, BodySource) is cleaned when it is read.
            if isinstance(body, str) and type(comment._format) is not BodySource:
                comment._body = clean_text(body)
        url = comment._url  # an Address makes clean URLs
        # A printable text without spaces has no control characters and no whitespace at all.
        if type(url) is str and (not url or " " in url or not url.isprintable()):
            comment.url = one_line(clean_text(url)) or None
        extra = comment.extra
        if extra and not _is_clean(extra):
            comment.extra = {k: clean_text(str(v)) for k, v in extra.items()}


@lru_cache(maxsize=8192)
def clean_name(name: str) -> str | None:
    """An author name on one line without control characters, interned (a big thread repeats
    a few thousand names, so this is cached too)."""
    return sys.intern(one_line(clean_text(name))) or None


def _is_clean(extra: Mapping[str, str]) -> bool:
    """Whether every value of `extra` is a string clean_text would leave as it is."""
    try:
        joined = "".join(extra.values())
    except TypeError:  # a value that is not a string yet
        return False
    return _SUSPECT.search(joined) is None  # \r is a control character too


def from_preorder(
    title: str,
    format: str,
    source: str,
    comments: list[Comment],
    *,
    thread_id: str | None = None,
    clean: Cleaning = "all",
    strict: bool = False,
    **details: Any,
) -> Thread:
    """A Thread from a list already in pre-order with depths set (the root at depth 0): parents,
    parent ids and subtree sizes from the depths, authors cleaned, in one pass (`_link`, which
    says what `strict` refuses); the other text fields cleaned in another (`clean_texts`) as
    `clean` says: "all" of them, the "fields" but bodies (which the importer cleaned), or
    none ("authors": the importer made the rest clean).

    Two passes, not one: the cleaning, written once in `clean_texts` (which importers use for
    their own few comments), costs the same in its own loop as inside `_link`'s (measured;
    a call per comment inside it cost 15 ms per 100,000)."""
    parents = _link(comments, strict)
    if clean != "authors":
        clean_texts(comments, bodies=clean == "all")
    clean_title = one_line(clean_text(title))
    return Thread(
        id=thread_id or content_thread_id(clean_title, comments[0].body if comments else ""),
        title=clean_title,
        format=format,
        source=source,
        comments=comments,
        parents=parents,
        **details,  # type: ignore[arg-type]
    )


def from_parent_links(
    title: str,
    format: str,
    source: str,
    root: Comment,
    items: Iterable[Comment],
    *,
    thread_id: str | None = None,
    sort_key: Callable[[Comment], Any] | None = None,
    **details: Any,
) -> Thread:
    """A Thread from a root and items that name their parents, in any order.

    Items keep their input order among siblings (or `sort_key` order if given). An item whose
    parent is absent, or that sits on a reply loop, is attached to the root and marked with
    `extra["detached"]`, so nothing the archive holds is lost.
    """
    items = list(items)
    children: dict[str, list[Comment]] = {}
    known = {root.id}
    for item in items:
        known.add(item.id)
    for item in items:
        parent = item.parent_id if item.parent_id in known and item.parent_id != item.id else None
        if parent is None:
            if item.parent_id is not None and item.parent_id != root.id:
                item.add_extra("detached", f"parent {item.parent_id} is not in this archive")
            parent = root.id
        item.parent_id = parent
        children.setdefault(parent, []).append(item)
    if sort_key is not None:
        for siblings in children.values():
            siblings.sort(key=sort_key)

    ordered: list[Comment] = []
    visited: set[int] = set()

    def walk(start: Comment, depth: int) -> None:
        stack: list[tuple[Comment, int]] = [(start, depth)]
        while stack:
            comment, level = stack.pop()
            if id(comment) in visited:
                continue
            visited.add(id(comment))
            comment.depth = level
            ordered.append(comment)
            kids = children.get(comment.id, ())
            stack.extend((kid, level + 1) for kid in reversed(kids))

    walk(root, 0)
    for item in items:  # whatever a reply loop kept out of reach
        if id(item) not in visited:
            item.add_extra("detached", "reply loop in the archive")
            item.parent_id = root.id
            children.setdefault(root.id, []).append(item)
            walk(item, 1)
    return from_preorder(title, format, source, ordered, thread_id=thread_id, **details)


def content_thread_id(title: str, body: str) -> str:
    """The id of a thread whose source has none: a hash of its normalised title and post."""
    return "hash:" + short_hash(normalise(title), normalise(body))


def content_comment_ids(comments: list[Comment]) -> None:
    """Give each comment without an id one from its author and body, unique in the thread."""
    seen: dict[str, int] = {}
    authors: dict[str, str] = {}
    for comment in comments:
        if comment.id:
            continue
        author = comment.author or ""
        normal_author = authors.get(author)
        if normal_author is None:
            normal_author = authors[author] = normalise(author)
        base = short_hash(normal_author, normalise(comment.body))
        count = seen.get(base, 0)
        seen[base] = count + 1
        comment.id = base if count == 0 else f"{base}-{count + 1}"


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
