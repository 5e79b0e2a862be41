"""Hacker News: Algolia `items` JSON (nested `children`) and Firebase items (`kids`, `parent`).

Accepted shapes: one item, an array of items, a dict of id -> item, or one item per line; Algolia
and Firebase items may be mixed. Items are threaded by their parent; siblings keep the order of
the parent's `kids` (or `children`). Roots:
- one top item: it is the root, even when it is a comment (kind "post", its missing parent named
  in extra["reply to"]);
- several stories: an "archive" root with each story beneath it as a "post", in date order,
  its title as the first line of its body;
- top comments whose story is not in the file: a placeholder "post" for that story (no author,
  extra["missing"]) holds them, so each story's replies stay together.
Deleted and dead items are kind "deleted"; a dead item keeps its text. Bodies are HTML made text.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any

from reader.formats import ArchiveError, Format
from reader.formats.building import (
    MISSING,
    Skips,
    archive_root,
    date_key,
    from_epoch,
    from_iso,
    text_now,
)
from reader.formats.html import html_to_text
from reader.formats.jsondoc import CUT, Place, close_head, keys_in, read_json, render, starts_json
from reader.formats.jsonstream import read_object
from reader.formats.jsontext import parse_json
from reader.model import (
    Address,
    BodySource,
    Comment,
    LazyText,
    Thread,
    clean_texts,
    from_parent_links,
    from_preorder,
)

ITEM_URL = "https://news.ycombinator.com/item?id="
_ITEM_ADDRESS = Address(ITEM_URL, len("hn:"))  # an item's page, from its id "hn:N"
_HTML = BodySource("html", html_to_text)  # converted when first shown: most bodies never are
_STORY_TYPES = ("story", "job", "poll")


@dataclass
class _Item:
    """One item read from the file, before threading."""

    comment: Comment
    raw_id: str
    parent: str | None
    kids: list[str] = field(default_factory=list)
    title: str = ""
    story_id: str | None = None


def sniff(head: bytes, path: Path) -> int:
    if not starts_json(head):
        return 0
    keys = keys_in(head)
    if "created_at_i" in keys or "story_id" in keys or {"points", "children", "author"} <= keys:
        return 90
    if {"by", "time", "type"} <= keys or {"kids", "time", "type"} <= keys:
        return 85
    if {"id", "author", "text", "children"} <= keys and "kind" not in keys:
        return 70
    if {"deleted", "parent", "time"} <= keys:
        return 60
    return 0


def _item_id(value: Any) -> str | None:
    if type(value) is int:  # the usual case, checked first
        return str(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdigit()):
        return str(value)
    return None


_ITEM_KEYS = frozenset(("type", "by", "author", "children", "kids", "text", "title"))


def _looks_like_item(value: dict[str, Any]) -> bool:
    return "id" in value and not _ITEM_KEYS.isdisjoint(value)


# An item made into its Comment as soon as json has read it (`_hook`), so the parsed document
# never holds its other fields: (Comment, parent field, kids, title, story_id, children). The
# item's id is the Comment's without "hn:". json never makes a tuple.
_Record = tuple[Comment, Any, Any, Any, Any, Any]
_NO_CHILDREN: list[Any] = []  # shared by every leaf (never changed)
# The kids of a plain Algolia comment's record (it has none): its Comment is clean but for its
# author, so the tree needs no more than that cleaned (`_single_tree`).
_PLAIN: tuple[()] = ()
# The thirteen fields of an item of Algolia's `items` API, which has all of them (null when
# they do not apply) and no other: a dict of thirteen that has these has only these.
_ALGOLIA_KEYS = (
    "author created_at created_at_i id options parent_id points story_id text title type url"
    " children"
).split()
_ALGOLIA_FIELDS = itemgetter(*_ALGOLIA_KEYS)
_SECONDS = [timedelta(seconds=second) for second in range(3600)]


def _hook() -> Callable[[dict[str, Any]], Any]:
    """json's object hook: an object that looks like an item with an id becomes its _Record.

    A plain Algolia comment (most items of a thread: its thirteen fields, and no link, no
    Firebase field, not deleted) is read here, its fields taken in one call and its time made
    from its hour's (a datetime from a timestamp costs twice a sum); it gives the Comment
    `_comment` would. Every item names the same story: its id is kept once. A plain function
    (a callable object costs json more per call): it runs once per item.
    """
    stories: dict[int, int] = {}
    hours: dict[int, datetime] = {}
    intern = sys.intern

    def plain(
        author: Any, _: Any, seconds: Any, raw_id: Any, __: Any, parent: Any, points: Any,
        story: Any, text: Any, title: Any, kind: Any, url: Any, children: Any,
    ) -> _Record | None:  # fmt: skip
        """The record of an Algolia item's fields (`_ALGOLIA_KEYS`) if it is a plain comment."""
        if (
            kind != "comment"
            or type(raw_id) is not int
            or type(seconds) is not int
            or type(children) is not list
            or url
            or (author is None and text is None)
        ):
            return None
        start = hours.get(seconds // 3600) or _hour_start(hours, seconds // 3600)
        if start is None:
            return None
        item_id = str(raw_id)
        comment = Comment(
            "hn:" + item_id,
            None,
            intern(author) if type(author) is str else None,
            start + _SECONDS[seconds % 3600],
            text if type(text) is str else "",
            _HTML if type(text) is str else "html",
            "comment",
            points if type(points) is int else None,
            _ITEM_ADDRESS,
        )
        if type(story) is int:
            story = stories.setdefault(story, story)
        return (comment, parent, _PLAIN, title, story, children or _NO_CHILDREN)

    def hook(raw: dict[str, Any]) -> Any:
        if len(raw) == 13:
            try:
                record = plain(*_ALGOLIA_FIELDS(raw))
            except KeyError:  # not the thirteen
                record = None
            if record is not None:
                return record
        if "id" not in raw or _ITEM_KEYS.isdisjoint(raw):
            return raw
        get = raw.get
        raw_id = raw["id"]
        item_id = str(raw_id) if type(raw_id) is int else _item_id(raw_id)
        if item_id is None:
            return raw  # skipped, with its place, when the items are read
        comment = _comment(raw, item_id)
        if comment.author is not None:  # a big thread repeats a few thousand names
            comment.author = intern(comment.author)
        story = get("story_id")
        if type(story) is int:
            story = stories.setdefault(story, story)
        children = get("children", _NO_CHILDREN)
        return (
            comment,
            raw["parent"] if "parent" in raw else get("parent_id"),
            get("kids"),
            get("title"),
            story,
            _NO_CHILDREN if children == [] else children,
        )

    return hook


def _hour_start(hours: dict[int, datetime], hour: int) -> datetime | None:
    """The start of an hour since the epoch, kept in `hours` (None out of range)."""
    start = from_epoch(hour * 3600)
    if start is not None:
        hours[hour] = start
    return start


def _top_items(document: Any, path: Path) -> list[tuple[str, Any]]:
    """The items at the top of the document, each with its JSON path."""
    if type(document) is tuple:
        return [("$", document)]
    if isinstance(document, dict):
        if _looks_like_item(document):
            return [("$", document)]
        return [(f"$[{json.dumps(key)}]", value) for key, value in document.items()]
    if isinstance(document, list):
        return [(f"$[{index}]", value) for index, value in enumerate(document)]
    raise ArchiveError(path, "expected a Hacker News item, an array or a dict of items", where="$")


def _comment(raw: dict[str, Any], item_id: str) -> Comment:
    """The Comment for one Algolia or Firebase item (the hot path: one lookup per field)."""
    get = raw.get
    author = raw["by"] if "by" in raw else get("author")
    text, kind_of = get("text"), get("type")
    # Converted when first shown: most bodies of a big thread never are.
    body: str | LazyText = LazyText(text, html_to_text) if type(text) is str else ""
    kind, extra = "comment", {}
    if kind_of != "comment":  # most items are comments: one comparison
        kind = "post" if kind_of in _STORY_TYPES else "comment"
        if kind_of in ("job", "poll", "pollopt"):
            extra["type"] = str(kind_of)
    link = get("url")
    if link and isinstance(link, str):
        extra["link"] = link
        shown = text_now(body)
        body = f"{shown}\n\n{link}" if shown else link
    if get("deleted") or (
        author is None and text is None and get("title") is None and "children" in raw
    ):
        kind = "deleted"
        body = text_now(body) or "[deleted]"
    elif get("dead"):
        kind = "deleted"
        extra["status"] = "dead (flagged or killed on Hacker News)"
        body = text_now(body) or "[dead]"
    descendants = get("descendants")
    if type(descendants) is int:
        extra["descendants"] = str(descendants)
    created = from_epoch(raw["time"] if "time" in raw else get("created_at_i"))
    score = raw["score"] if "score" in raw else get("points")
    return Comment(
        "hn:" + item_id,
        None,
        author if isinstance(author, str) else None,
        created or from_iso(get("created_at")),
        body,
        "html",
        kind,
        score if type(score) is int else None,
        _ITEM_ADDRESS,
        extra,
    )


def _read_items(document: Any, path: Path, skips: Skips) -> list[_Item]:
    """Every item of the document, Algolia trees flattened without recursion."""
    items: list[_Item] = []
    pending: list[tuple[Place, Any, str | None]] = [
        (where, raw, None) for where, raw in reversed(_top_items(document, path))
    ]
    while pending:
        where, raw, tree_parent = pending.pop()
        if type(raw) is tuple:
            comment, parent_field, kids, title, story, children = raw
            item_id = comment.id[3:]
        else:
            if not isinstance(raw, dict):
                where = render(where)
                raise ArchiveError(path, "expected a Hacker News item object", where=where)
            found = _item_id(raw.get("id"))
            if found is None:
                skips.add(render(where), "no numeric id")
                continue
            item_id, get = found, raw.get
            comment, parent_field = _comment(raw, item_id), get("parent", get("parent_id"))
            kids, title, story, children = (
                get("kids", []), get("title"), get("story_id"), get("children", [])
            )  # fmt: skip
        if not isinstance(children, list):
            where = render((where, "children"))
            raise ArchiveError(path, "expected a list of items", where=where)
        kid_ids = [_item_id(kid) for kid in kids] if isinstance(kids, list) else []
        item = _Item(
            comment=comment,
            raw_id=item_id,
            parent=tree_parent or _item_id(parent_field),
            kids=[kid for kid in kid_ids if kid is not None],
            title=title if isinstance(title, str) else "",
            story_id=_item_id(story),
        )
        items.append(item)
        if children:
            child_ids = [_child_id(child) for child in children]
            item.kids = [kid for kid in child_ids if kid is not None] + item.kids
        for index in range(len(children) - 1, -1, -1):
            pending.append((((where, "children"), index), children[index], item_id))
    return items


def _child_id(child: Any) -> str | None:
    if type(child) is tuple:
        return child[0].id[3:]
    return _item_id(child.get("id")) if isinstance(child, dict) else None


def _unique(items: list[_Item]) -> dict[str, _Item]:
    """Items by id; a repeated id keeps its first (fullest-placed) occurrence."""
    by_id: dict[str, _Item] = {}
    for item in items:
        by_id.setdefault(item.raw_id, item)
    return by_id


def _sibling_order(by_id: dict[str, _Item]) -> dict[str, int]:
    """Each item's position among its parent's kids, where the parent lists it."""
    order: dict[str, int] = {}
    for item in by_id.values():
        for position, kid in enumerate(item.kids):
            order.setdefault(kid, position)
    return order


def _note_missing_kids(by_id: dict[str, _Item]) -> None:
    for item in by_id.values():
        missing = sum(1 for kid in item.kids if kid not in by_id)
        if missing:
            note = f"{missing} of {len(item.kids)} not in this archive"
            item.comment.add_extra("missing replies", note)


def _placeholder(parent: str) -> Comment:
    comment = Comment(
        id=f"hn:{parent}", parent_id=None, body=MISSING, kind="post", url=ITEM_URL + parent
    )
    comment.add_extra("missing", f"item {parent} is not in this archive; its replies are")
    return comment


def _comment_title(item_id: str, comment: Comment) -> str:
    return f"Hacker News item {item_id} (a comment by {comment.author or 'someone'})"


def _heads(tops: list[_Item], rest: list[Comment]) -> dict[str, Comment]:
    """The opening item of each thread: a story, or a placeholder for a story not in the file."""
    heads: dict[str, Comment] = {}
    for top in tops:
        if top.parent is None:
            if top.comment.kind == "comment":
                top.comment.kind = "post"
            heads[top.comment.id] = top.comment
        else:
            heads.setdefault(f"hn:{top.parent}", _placeholder(top.parent))
            rest.append(top.comment)
    return heads


def _first_dates(heads: dict[str, Comment], rest: list[Comment]) -> dict[str, Any]:
    """Each head's date, or for a placeholder the date of its earliest reply (for ordering)."""
    dates = {key: head.created for key, head in heads.items()}
    for comment in rest:
        head = heads.get(comment.parent_id or "")
        if head is None or "missing" not in head.extra or comment.created is None:
            continue
        known = dates[head.id]
        if known is None or comment.created < known:
            dates[head.id] = comment.created
    return dates


def build(document: Any, path: Path) -> Thread:
    """Thread the items of a parsed document."""
    skips = Skips()
    by_id = _unique(_read_items(document, path, skips))
    if not by_id:
        raise ArchiveError(path, "no Hacker News items in the file", where="$")
    _note_missing_kids(by_id)
    order = _sibling_order(by_id)
    for item in by_id.values():
        item.comment.parent_id = f"hn:{item.parent}" if item.parent else None
    tops = [item for item in by_id.values() if item.parent not in by_id]
    rest = [item.comment for item in by_id.values() if item.parent in by_id]
    details: dict[str, Any] = {"skipped": skips.count, "warnings": skips.notes}

    def sort_key(comment: Comment) -> tuple[Any, ...]:
        position = order.get(comment.id[3:])
        listed = (0, position) if position is not None else (1, 0)
        return (*listed, date_key(comment.created))

    if len(tops) == 1:
        top = tops[0]
        root = top.comment
        if root.kind == "comment":
            root.kind = "post"
        if top.parent:
            root.add_extra("reply to", f"hn:{top.parent} (not in this archive)")
        title = top.title or _comment_title(top.raw_id, top.comment)
        thread_id = f"hn:{top.story_id or top.raw_id}"
        return from_parent_links(
            title, FORMAT.name, str(path), root, rest,
            thread_id=thread_id, sort_key=sort_key, **details,
        )  # fmt: skip
    heads = _heads(tops, rest)
    if len(heads) == 1:
        (root,) = heads.values()
        title = f"Replies to Hacker News item {root.id[3:]} (not in this archive)"
        return from_parent_links(
            title, FORMAT.name, str(path), root, rest,
            thread_id=root.id, sort_key=sort_key, **details,
        )  # fmt: skip
    root, thread_id = archive_root("hn", path, list(heads))
    dates = _first_dates(heads, rest)
    titles = {f"hn:{item.raw_id}": item.title.strip() for item in tops if item.title.strip()}
    for head in heads.values():
        head.parent_id = root.id
        if head.id in titles:  # the file name is the thread title: each story heads its body
            head.body = f"{titles[head.id]}\n\n{head.body}".strip()

    def archive_key(comment: Comment) -> tuple[Any, ...]:
        if comment.id in dates:
            return (0, 0, date_key(dates[comment.id]))
        return sort_key(comment)

    return from_parent_links(
        path.name, FORMAT.name, str(path), root, [*heads.values(), *rest],
        thread_id=thread_id, sort_key=archive_key, **details,
    )  # fmt: skip


def load(path: Path) -> Thread:
    """Items become _Records while json reads them; one plain Algolia tree is put in order
    as it nests, anything else is threaded by `build`.

    One item (an Algolia tree) is read a top-level reply at a time, its text let go as each
    is parsed (`read_object`); anything else is read whole.
    """
    document = read_object(path, "children", _as_read, _hook(), _top_reply_fields)
    if document is None:
        document = read_json(path, lines=True, object_hook=_hook())
    return _threaded(document, path)


def _as_read(value: Any, index: int, plain: bool) -> Any:
    return value


def _top_reply_fields(item: dict[str, Any]) -> tuple[bytes, ...]:
    """What each reply to `item` holds before its own replies (Algolia: its parent_id, then
    more fields: the comma keeps 12 from matching 123)."""
    item_id = item.get("id")
    if type(item_id) is not int:
        return ()
    return (b'"parent_id": %d,' % item_id, b'"parent_id":%d,' % item_id)


def preview(path: Path, head: bytes) -> Thread:
    """The first items of the file, from its first bytes cut at any depth.

    An item cut inside its `children` is kept (Algolia writes them after its fields); one
    cut among its fields is left out, with what follows it.
    """
    closed = close_head(head, mark=True)
    if closed is None:
        raise ArchiveError(path, "no whole item in the first bytes")
    hook = _hook()

    def cut_hook(raw: dict[str, Any]) -> Any:
        if CUT not in raw:
            return hook(raw)
        del raw[CUT]
        for key in [key for key, value in raw.items() if value is _LEFT_OUT]:
            del raw[key]
        children = raw.get("children")
        if isinstance(children, list) and children and children[-1] is _LEFT_OUT:
            children.pop()
        if _looks_like_item(raw) and not isinstance(children, list):
            return _LEFT_OUT  # cut among its fields
        return hook(raw)

    document = parse_json(closed, path, cut_hook)
    if isinstance(document, list) and document and document[-1] is _LEFT_OUT:
        document.pop()
    if document is _LEFT_OUT:
        raise ArchiveError(path, "no whole item in the first bytes")
    return _threaded(document, path)


_LEFT_OUT = object()  # an item a preview's head is cut inside the fields of


def _threaded(document: Any, path: Path) -> Thread:
    return _single_tree(document, path) or build(document, path)


def _single_tree(document: Any, path: Path) -> Thread | None:
    """One Algolia item with its replies nested in `children`, in pre-order as they nest.

    None when anything needs `build` to decide: an item not read as a _Record, an id seen
    twice, Firebase `kids`, `children` that is not a list, or a root whose parent is inside.
    Otherwise the same thread `build` gives (siblings in `children` order, nobody detached),
    made from the walk's order and depths without `build`'s threading by parent ids; a plain
    comment's record says that only its author needs cleaning.
    """
    if type(document) is not tuple:
        return None
    walked = _walk(document)
    if walked is None:
        return None
    comments, not_plain = walked
    root, parent_field, _, title, story, _ = document
    item_id, parent = root.id[3:], _item_id(parent_field)
    ids = {comment.id for comment in comments}
    if len(ids) != len(comments) or f"hn:{parent}" in ids:
        return None
    if root.kind == "comment":
        root.kind = "post"
    if parent:
        root.add_extra("reply to", f"hn:{parent} (not in this archive)")
    if not isinstance(title, str) or not title:
        title = _comment_title(item_id, root)
    clean_texts(not_plain)  # and authors, with every other, in from_preorder
    thread_id = f"hn:{_item_id(story) or item_id}"
    return from_preorder(
        title, FORMAT.name, str(path), comments,
        thread_id=thread_id, clean="authors", skipped=0, warnings=[],
    )  # fmt: skip


def _walk(document: _Record) -> tuple[list[Comment], list[Comment]] | None:
    """The Comments of a tree of records in pre-order with their depths set, and those not
    plain; None at anything `build` must read."""
    root, _, kids, _, _, children = document
    if kids or type(children) is not list:  # _PLAIN is empty
        return None
    root.depth = 0
    comments, not_plain = [root], [root]
    # Lists of replies still to walk: the replies, the index to go on from, their depth.
    pending: list[tuple[list[Any], int, int]] = [(children, 0, 1)]
    while pending:
        records, start, depth = pending.pop()
        for index in range(start, len(records)):
            record = records[index]
            if type(record) is not tuple:
                return None
            comment, _, kids, _, _, children = record
            if kids is not _PLAIN:
                if kids or type(children) is not list:
                    return None
                not_plain.append(comment)
            comment.depth = depth
            comments.append(comment)
            if children:
                pending.append((records, index + 1, depth))
                pending.append((children, 0, depth + 1))
                break
    return comments, not_plain


FORMAT = Format(
    "hackernews",
    "Hacker News items (Algolia JSON with children, Firebase items)",
    sniff,
    load,
    preview,
    build,
)
