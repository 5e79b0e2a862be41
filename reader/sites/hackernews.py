"""Hacker News: an item's whole thread, from the Algolia items API, or the Firebase API.

Algolia's `/api/v1/items/ID` answers the story with every reply nested in `children`, in one
request. An address of a comment saves its story's whole thread: the comment's `story_id` (or,
lacking it, its `parent_id`, step by step) leads to the story, and the saved address is the
story's (`item?id=STORY`), so a refresh downloads the thread directly.

The official Firebase API (`/v0/item/ID.json`, one item per request) is the fallback:
- where Algolia has no such item (404): the item, its parents up to the story, then every reply
  breadth first; the document is the list of Firebase items, story first, which the
  `hackernews` importer threads by `parent` and orders by `kids`;
- where Algolia's tree holds fewer items than the story's Firebase `descendants` (its index lags
  or left some out): the replies are walked on Firebase too, and the document is a list of
  Algolia's tree followed by the Firebase items it lacks (the importer reads both kinds mixed).
Deleted and dead items are kept as the APIs give them. `--max-requests` stops a walk early:
what was fetched is kept (each item's parent was fetched before it), `complete` is False.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any
from urllib.parse import parse_qs

from reader.sites.base import Client, FetchError, FetchOptions, Saved
from reader.sites.shared import Budget, OutOfRequests, split_web_url

ALGOLIA = "https://hn.algolia.com/api/v1/items/"
FIREBASE = "https://hacker-news.firebaseio.com/v0/item/"
ITEM = "https://news.ycombinator.com/item?id="
_ITEM_HOSTS = ("news.ycombinator.com", "www.news.ycombinator.com")
_API_PATHS = {
    "hn.algolia.com": re.compile(r"/api/v1/items/(\d+)/?"),
    "hacker-news.firebaseio.com": re.compile(r"/v0/item/(\d+)\.json"),
}

Item = dict[str, Any]


def _number(value: Any) -> int | None:
    return value if type(value) is int and value > 0 else None


def _item_id(url: str) -> str | None:
    """The item id a Hacker News web or API address names."""
    parts = split_web_url(url)
    if parts is None:
        return None
    host = (parts.hostname or "").lower()
    if host in _ITEM_HOSTS and parts.path in ("/item", "/item/"):
        ids = parse_qs(parts.query).get("id", [])
        return ids[0] if len(ids) == 1 and ids[0].isascii() and ids[0].isdigit() else None
    pattern = _API_PATHS.get(host)
    found = pattern.fullmatch(parts.path) if pattern else None
    return found.group(1) if found else None


def _algolia(budget: Budget, item_id: int) -> Item | None:
    """Algolia's tree of one item, or None when Algolia does not have it."""
    response = budget.get(f"{ALGOLIA}{item_id}", accept=(404,))
    if response.status == 404:
        return None
    tree = response.json()
    if not isinstance(tree, dict) or _number(tree.get("id")) is None:
        raise FetchError(f"{response.url}: the answer is not a Hacker News item")
    return tree


def _firebase(budget: Budget, item_id: int) -> Item | None:
    """One Firebase item, or None for an id Hacker News does not have (Firebase says null)."""
    response = budget.get(f"{FIREBASE}{item_id}.json")
    item = response.json()
    if item is None:
        return None
    if not isinstance(item, dict) or _number(item.get("id")) is None:
        raise FetchError(f"{response.url}: the answer is not a Hacker News item")
    return item


def _above(tree: Item) -> int | None:
    """The item to ask for next on the way up to the story: its story, else its parent."""
    item_id = tree["id"]
    story = _number(tree.get("story_id"))
    if story is not None and story != item_id:
        return story
    parent = _number(tree.get("parent_id"))
    return parent if parent != item_id else None


def _tree_ids(tree: Item) -> set[int]:
    """The ids of an Algolia tree, its root included (iterative: a tree may be deep)."""
    ids: set[int] = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, dict) and _number(node.get("id")) is not None:
            ids.add(node["id"])
            children = node.get("children")
            if isinstance(children, list):
                pending.extend(children)
    return ids


def _kids(item: Item) -> list[int]:
    kids = item.get("kids")
    return [kid for kid in kids if _number(kid) is not None] if isinstance(kids, list) else []


def _walk(
    budget: Budget, story: Item, known: set[int], had: dict[int, Item]
) -> tuple[list[Item], bool]:
    """Every reply below `story` on Firebase, breadth first, and whether the walk finished.

    Items in `had` (fetched on the way up) are not asked for again. Progress counts the
    items of `known` (in Algolia's tree) and the new ones found.
    """
    items: list[Item] = []
    new = 0
    queue = deque(dict.fromkeys(_kids(story)))
    seen = {story["id"], *queue}  # an id listed twice (or a loop) is asked for once
    while queue:
        kid = queue.popleft()
        try:
            item = had[kid] if kid in had else _firebase(budget, kid)
        except OutOfRequests:
            return items, False
        if item is None:
            continue
        items.append(item)
        new += item["id"] not in known
        for grandkid in _kids(item):
            if grandkid not in seen:
                seen.add(grandkid)
                queue.append(grandkid)
        budget.report(max(len(known) - 1, 0) + new)
    return items, True


def _saved(story: Item, document: Any, comments: int, complete: bool) -> Saved:
    title = story.get("title")
    return Saved(
        site=SITE.name,
        format="hackernews",
        thread_id=str(story["id"]),
        title=title if isinstance(title, str) and title else f"Hacker News item {story['id']}",
        url=f"{ITEM}{story['id']}",
        document=document,
        comments=comments,
        complete=complete,
    )


def _from_firebase(budget: Budget, item_id: int) -> Saved:
    """The thread of an item Algolia lacks, walked on Firebase from its story down."""
    item = _firebase(budget, item_id)
    if item is None:
        raise FetchError(f"{ITEM}{item_id}: no such item on Hacker News (Algolia and Firebase)")
    had: dict[int, Item] = {}
    while (parent := _number(item.get("parent"))) is not None and parent not in had:
        above = _firebase(budget, parent)
        if above is None:  # its parent is gone: the thread starts here
            break
        had[item["id"]] = item
        item = above
    replies, complete = _walk(budget, item, set(), had)
    return _saved(item, [item, *replies], len(replies), complete)


def _checked(budget: Budget, tree: Item) -> Saved:
    """Algolia's tree, with the Firebase items it lacks when it holds fewer than it should."""
    known = _tree_ids(tree)
    budget.report(len(known) - 1)
    try:
        story = _firebase(budget, tree["id"]) if budget.left else None
    except FetchError:  # the check is a courtesy: Algolia's tree stands without it
        story = None
    descendants = story.get("descendants") if story else None
    if story is None or type(descendants) is not int or descendants <= len(known) - 1:
        return _saved(tree, tree, len(known) - 1, True)
    replies, complete = _walk(budget, story, known, {})
    lacking = [item for item in replies if item["id"] not in known]
    document = [tree, *lacking] if lacking else tree
    return _saved(tree, document, len(known) - 1 + len(lacking), complete)


class HackerNews:
    name = "hackernews"
    description = "Hacker News items (news.ycombinator.com/item?id=N)"

    def match(self, url: str) -> str | None:
        item_id = _item_id(url)
        return f"{ITEM}{int(item_id)}" if item_id and int(item_id) > 0 else None

    def fetch(self, url: str, client: Client, options: FetchOptions) -> Saved:
        item_id = _item_id(url)
        if item_id is None:
            raise FetchError(f"{url}: not a Hacker News item address")
        budget = Budget(client, options)
        wanted = int(item_id)
        tree = _algolia(budget, wanted)
        seen = {wanted}
        while tree is not None and (up := _above(tree)) is not None and up not in seen:
            seen.add(up)
            wanted, tree = up, _algolia(budget, up)
        if tree is None:
            return _from_firebase(budget, wanted)
        return _checked(budget, tree)


SITE = HackerNews()
