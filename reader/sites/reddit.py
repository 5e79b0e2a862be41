"""Reddit: a post's whole comment tree from its `.json`, `more` stubs expanded.

The post is fetched as `/comments/ID.json?raw_json=1&limit=500`. Its `more` stubs are then
expanded, shallowest first: stubs listing ids through `POST /api/morechildren` (at most 100
ids a request), "continue this thread" stubs (id `_`, count 0) through
`/comments/ID/_/PARENT.json`. What comes back is put where its stub was, under its parent, so
the saved document keeps the shape of a post's `.json` and reader/formats/reddit.py reads it
as it is. When `--max-requests` stops the expansion early, the stubs not expanded stay in
place (the reader shows "N more replies") and the save is marked incomplete.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from reader.sites.base import Client, FetchError, FetchOptions, Saved

WWW = "https://www.reddit.com"
LIMIT = "500"  # the most comments one request gives without an account
BATCH = 100  # ids a morechildren request may name
HOSTS = re.compile(r"^(?:(?:www|old|new|np|m|i|amp|sh)\.)?reddit\.com$")
_ID = r"([a-z0-9]{2,12})"
POST_PATH = re.compile(
    rf"^/(?:(?:r|u|user)/[^/]+/)?(?:comments|gallery)/{_ID}(?:/|\.json$|$)", re.IGNORECASE
)
SHARE_PATH = re.compile(r"^/r/[^/]+/s/[A-Za-z0-9]+/?$")
SHORT_PATH = re.compile(rf"^/{_ID}/?$", re.IGNORECASE)
REDIRECTS = (301, 302, 303, 307, 308)


def match(url: str) -> str | None:
    """`https://www.reddit.com/comments/ID/` for a post (or comment) address; a share link
    (`/r/SUB/s/CODE`) as it is, since only its redirect says which post it is."""
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https"):
        return None
    if host == "redd.it":
        found = SHORT_PATH.match(parts.path)
        return f"{WWW}/comments/{found.group(1).lower()}/" if found else None
    if not HOSTS.match(host):
        return None
    path = re.sub(r"/{2,}", "/", parts.path)
    if found := POST_PATH.match(path):
        return f"{WWW}/comments/{found.group(1).lower()}/"
    if SHARE_PATH.match(path):
        return f"{WWW}{path.rstrip('/')}"
    return None


def post_id(canonical: str) -> str:
    found = POST_PATH.match(urlsplit(canonical).path)
    if found is None:
        raise FetchError(f"{canonical}: not the address of a Reddit post")
    return found.group(1).lower()


@dataclass
class RedditSite:
    """Reddit posts, from any of their addresses."""

    name: str = "reddit"
    description: str = "Reddit posts (reddit.com, old/new/np/m.reddit.com, redd.it, share links)"

    def match(self, url: str) -> str | None:
        return match(url)

    def fetch(self, url: str, client: Client, options: FetchOptions) -> Saved:
        used = 0
        if "/s/" in urlsplit(url).path:
            url, used = resolve_share(url, client), 1
        ident = post_id(url)
        document = client.get(
            f"{WWW}/comments/{ident}.json", params={"raw_json": "1", "limit": LIMIT}
        ).json()
        post = check_thread(document, url)
        tree = Tree(document, f"t3_{ident}")
        options.report(tree.comments)
        used += 1
        while tree.pending and used < options.max_requests:
            tree.expand_next(client, ident)
            used += 1
            options.report(tree.comments)
        title = post["title"] if isinstance(post.get("title"), str) else ident
        permalink = post.get("permalink")
        address = WWW + permalink if isinstance(permalink, str) else f"{WWW}/comments/{ident}/"
        return Saved(
            site="reddit",
            format="reddit",
            thread_id=ident,
            title=title,
            url=address,
            document=document,
            comments=tree.comments,
            complete=not tree.pending and not tree.given_up,
        )


def resolve_share(url: str, client: Client) -> str:
    """The post a share link (`/r/SUB/s/CODE`) redirects to."""
    answer = client.get(url, accept=REDIRECTS)
    location = answer.headers.get("location", "")
    canonical = match(location) if answer.status in REDIRECTS and location else None
    if canonical is None or "/s/" in urlsplit(canonical).path:
        raise FetchError(f"{url}: this share link does not lead to a Reddit post")
    return canonical


def check_thread(document: Any, url: str) -> dict[str, Any]:
    """The post's data, or an error when the answer is not a post's two listings."""
    listings = document if isinstance(document, list) and len(document) == 2 else None
    posts = _children(listings[0]) if listings else None
    first = posts[0] if posts else None
    if (
        listings is None
        or _children(listings[1]) is None
        or not isinstance(first, dict)
        or first.get("kind") != "t3"
        or not isinstance(first.get("data"), dict)
    ):
        raise FetchError(f"{url}: the answer is not a Reddit thread (a deleted or private post?)")
    return first["data"]


def _children(listing: Any) -> list[Any] | None:
    data = listing.get("data") if isinstance(listing, dict) else None
    children = data.get("children") if isinstance(data, dict) else None
    return children if isinstance(children, list) else None


def _replies_of(thing: dict[str, Any]) -> list[Any]:
    """A comment's reply list, made an empty listing first if it had none ("")."""
    data = thing["data"]
    children = _children(data.get("replies"))
    if children is None:
        children = []
        data["replies"] = {"kind": "Listing", "data": {"children": children, "after": None}}
    return children


def _is_continuation(stub: dict[str, Any]) -> bool:
    data = stub["data"]
    return data.get("id") == "_" or (not data.get("count") and not data.get("children"))


@dataclass(order=True)
class _Pending:
    """A stub still to expand, in the list holding it, at the depth of its things."""

    depth: int
    order: int
    stub: dict[str, Any] = field(compare=False)
    siblings: list[Any] = field(compare=False)


class Tree:
    """The post's comment listing, its comments by name, and the stubs left to expand."""

    def __init__(self, document: list[Any], link: str) -> None:
        self.link = link
        self.top: list[Any] = _children(document[1]) or []
        self.by_name: dict[str, tuple[dict[str, Any], int]] = {}  # t1 name -> (thing, depth)
        self.pending: list[_Pending] = []
        self._order = 0
        self.comments = 0
        self.given_up = 0  # stubs left in place because their replies could not be had
        self.asked: set[str] = set()  # ids asked of morechildren
        self._take(self.top, 0)

    def _take(self, things: list[Any], depth: int) -> None:
        """Index the comments of `things` and below, and queue their stubs (iteratively)."""
        stack = [(things, depth)]
        while stack:
            items, level = stack.pop()
            for thing in items:
                if not isinstance(thing, dict) or not isinstance(thing.get("data"), dict):
                    continue
                if thing.get("kind") == "more":
                    self._queue(thing, items, level)
                elif thing.get("kind") == "t1":
                    self._index(thing, level)
                    replies = _children(thing["data"].get("replies"))
                    if replies:
                        stack.append((replies, level + 1))

    def _index(self, thing: dict[str, Any], depth: int) -> None:
        data = thing["data"]
        name = data.get("name") or f"t1_{data.get('id')}"
        if name not in self.by_name:
            self.comments += 1
        self.by_name[name] = (thing, depth)
        if isinstance(data.get("depth"), int):
            data["depth"] = depth  # a continued thread counts from its own top: made whole

    def _queue(self, stub: dict[str, Any], siblings: list[Any], depth: int) -> None:
        self._order += 1
        heapq.heappush(self.pending, _Pending(depth, self._order, stub, siblings))

    def _asked_before(self, stub: dict[str, Any]) -> bool:
        """Whether every id of a stub was asked for already (a site answering a batch with a
        stub for the same ids must not make the expansion go round)."""
        ids = stub["data"].get("children")
        if not isinstance(ids, list) or not ids:
            return False
        left = [i for i in ids if i not in self.asked]
        stub["data"]["children"] = left or ids
        return not left

    def expand_next(self, client: Client, ident: str) -> None:
        """One request: the shallowest stub's next batch, or its continued thread."""
        job = self.pending[0]
        if _is_continuation(job.stub):
            heapq.heappop(self.pending)
            self._continue(job, client, ident)
            return
        ids = [i for i in job.stub["data"].get("children") or [] if isinstance(i, str)]
        batch, rest = ids[:BATCH], ids[BATCH:]
        self.asked.update(batch)
        answer = client.post(
            f"{WWW}/api/morechildren",
            form=[
                ("api_type", "json"),
                ("link_id", self.link),
                ("children", ",".join(batch)),
                ("raw_json", "1"),
            ],
        ).json()
        things = _things(answer)
        inserted = self._place(things, job)
        if rest:
            data = job.stub["data"]
            data["children"] = rest
            if isinstance(data.get("count"), int):
                data["count"] = max(len(rest), data["count"] - inserted)
        else:
            heapq.heappop(self.pending)
            _remove(job.siblings, job.stub)

    def _place(self, things: list[Any], job: _Pending) -> int:
        """Put a morechildren answer's things under their parents, the stub's own children
        where the stub is; the number of comments added."""
        parent_of_stub = job.stub["data"].get("parent_id")
        fresh: dict[str, dict[str, Any]] = {}
        at = _position(job.siblings, job.stub)
        added = 0
        for thing in things:
            if not isinstance(thing, dict) or not isinstance(thing.get("data"), dict):
                continue
            data = thing["data"]
            name = data.get("name") or f"t1_{data.get('id')}"
            if thing.get("kind") == "t1":
                if name in self.by_name:
                    continue  # already in the tree: asked twice, answered twice
                fresh[name] = thing
            parent = data.get("parent_id")
            if parent in fresh and parent != name:
                holder, depth = _replies_of(fresh[parent]), self.by_name[parent][1] + 1
                holder.append(thing)
            elif parent != parent_of_stub and parent in self.by_name:
                above, above_depth = self.by_name[parent]
                holder, depth = _replies_of(above), above_depth + 1
                holder.append(thing)
            else:
                holder, depth = job.siblings, job.depth
                holder.insert(at, thing)
                at += 1
            if thing.get("kind") == "t1":
                self._index(thing, depth)
                added += 1
            elif thing.get("kind") == "more" and not self._asked_before(thing):
                self._queue(thing, holder, depth)
        return added

    def _continue(self, job: _Pending, client: Client, ident: str) -> None:
        """Follow "continue this thread": the parent's replies, fetched from its own page."""
        parent = job.stub["data"].get("parent_id")
        if not isinstance(parent, str) or not parent.startswith("t1_"):
            self.given_up += 1  # nothing to ask for: the stub stays as it is
            return
        address = f"{WWW}/comments/{ident}/_/{parent[3:]}.json"
        answer = client.get(address, params={"raw_json": "1", "limit": LIMIT}, accept=(404,))
        if answer.status == 404:
            self.given_up += 1  # the comment is gone: the stub stays, saying replies are not here
            return
        document = answer.json()
        check_thread(document, address)
        found = next(
            (
                thing
                for thing in _children(document[1]) or []
                if isinstance(thing, dict)
                and isinstance(thing.get("data"), dict)
                and thing["data"].get("id") == parent[3:]
            ),
            None,
        )
        if found is None:
            self.given_up += 1
            return
        at = _position(job.siblings, job.stub)
        new = [
            reply
            for reply in _children(found["data"].get("replies")) or []
            if isinstance(reply, dict)
            and (reply.get("kind") != "t1" or _name(reply) not in self.by_name)
        ]
        job.siblings[at : at + 1] = new
        self._take(new, job.depth)


def _name(thing: dict[str, Any]) -> str:
    data = thing.get("data") or {}
    return data.get("name") or f"t1_{data.get('id')}"


def _things(answer: Any) -> list[Any]:
    payload = answer.get("json") if isinstance(answer, dict) else None
    data = payload.get("data") if isinstance(payload, dict) else None
    things = data.get("things") if isinstance(data, dict) else None
    if not isinstance(things, list):
        errors = payload.get("errors") if isinstance(payload, dict) else None
        why = f"Reddit answered with errors: {errors}" if errors else "not a morechildren answer"
        raise FetchError(f"{WWW}/api/morechildren: {why}")
    return things


def _position(items: list[Any], item: Any) -> int:
    """Where `item` itself (not an equal one) is in `items`."""
    for index, each in enumerate(items):
        if each is item:
            return index
    raise ValueError("the stub is no longer in its list")


def _remove(items: list[Any], item: Any) -> None:
    del items[_position(items, item)]


SITE = RedditSite()
