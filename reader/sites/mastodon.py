"""Mastodon and servers with its API (Pleroma, Akkoma, ...): a status's whole conversation.

A status address on any host (`/@user/ID`, `/@user@elsewhere/ID`, `/users/user/statuses/ID`,
`/web/statuses/ID`, `/web/@user/ID`, and Pleroma's `/notice/ID`) is read through that host's
`/api/v1/statuses/ID/context`. The conversation is saved from its root: when the status has
ancestors, the first one is the root, and the root's own context is fetched (again while a
server's ancestor limit leaves the root still replying to something). The saved document is

    {"ancestors": [...], "status": ROOT, "descendants": [...]}

which the `mastodon` importer reads as its context with the focal status under "status"; the
root is the status that replies to nothing (with `ancestors` empty, the "status" one). Servers
cut a long context short for visitors who are not logged in (Mastodon: 60 descendants, 20
levels), so every status that counts more replies (`replies_count`) than the document holds
has its own context fetched once, and what it adds is kept, until none is left or
`--max-requests` stops it. The saved address is the root's, on the same host.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from reader.formats.html import html_to_text
from reader.model import one_line
from reader.sites.base import Client, FetchError, FetchOptions, Saved
from reader.sites.shared import Budget, OutOfRequests, split_web_url

Status = dict[str, Any]
_USER = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_ACCOUNT = rf"@(?P<user>{_USER}(?:@[A-Za-z0-9.-]+\.[A-Za-z]{{2,}})?)"
# Each form with the address it is saved as; Mastodon's ids are numbers, Pleroma's letters too.
_FORMS = [
    (re.compile(rf"/(?:web/)?{_ACCOUNT}/(?P<id>\d+)/?"), "/@{user}/{id}"),
    (re.compile(rf"/users/(?P<user>{_USER})/statuses/(?P<id>\d+)/?"), "/@{user}/{id}"),
    (re.compile(r"/web/statuses/(?P<id>\d+)/?"), "/web/statuses/{id}"),
    (re.compile(r"/notice/(?P<id>[A-Za-z0-9]+)/?"), "/notice/{id}"),
]
_WHY = {
    401: "the server lets only logged-in users read it",
    403: "the server does not let visitors read it",
    404: "no such status (deleted, private, or never there)",
    410: "the status was deleted",
}


def _parse(url: str) -> tuple[str, str, str] | None:
    """The host, the status id and the canonical address of a status address."""
    parts = split_web_url(url)
    if parts is None or parts.username is not None or parts.password is not None:
        return None
    host = parts.netloc.lower()
    for pattern, canonical in _FORMS:
        found = pattern.fullmatch(parts.path)
        if found:
            path = canonical.format(**found.groupdict())
            return host, found["id"], f"https://{host}{path}"
    return None


def _status_id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    text = str(value).strip()
    return text or None


def _checked(statuses: Any, where: str) -> list[Status]:
    if not isinstance(statuses, list) or not all(
        isinstance(status, dict) and _status_id(status.get("id")) for status in statuses
    ):
        raise FetchError(f"{where}: the answer is not a Mastodon status context")
    return statuses


def _get(budget: Budget, url: str) -> Any:
    response = budget.get(url, accept=tuple(_WHY))
    if response.status in _WHY:
        raise FetchError(f"{url}: {_WHY[response.status]} (HTTP {response.status})")
    return response.json()


def _context(budget: Budget, host: str, status_id: str) -> tuple[list[Status], list[Status]]:
    """The ancestors and descendants of one status."""
    url = f"https://{host}/api/v1/statuses/{status_id}/context"
    context = _get(budget, url)
    if not isinstance(context, dict):
        raise FetchError(f"{url}: the answer is not a Mastodon status context")
    return _checked(context.get("ancestors"), url), _checked(context.get("descendants"), url)


def _status(budget: Budget, host: str, status_id: str) -> Status:
    url = f"https://{host}/api/v1/statuses/{status_id}"
    status = _get(budget, url)
    if not isinstance(status, dict) or _status_id(status.get("id")) is None:
        raise FetchError(f"{url}: the answer is not a Mastodon status")
    return status


def _short(statuses: list[Status], asked: set[str]) -> list[str]:
    """Statuses not yet asked about that count more replies than the document holds."""
    held = Counter(_status_id(status.get("in_reply_to_id")) for status in statuses)
    short = []
    for status in statuses:
        status_id = str(status["id"]).strip()
        count = status.get("replies_count")
        if status_id not in asked and type(count) is int and count > held[status_id]:
            short.append(status_id)
    return short


def _expand(
    budget: Budget, host: str, root: Status, descendants: list[Status], asked: set[str]
) -> bool:
    """Add the replies a cut-short context left out; False when --max-requests stopped it."""
    have = {str(status["id"]).strip() for status in [root, *descendants]}
    while short := _short([root, *descendants], asked):
        for status_id in short:
            asked.add(status_id)
            try:
                _, more = _context(budget, host, status_id)
            except OutOfRequests:
                return False
            for status in more:
                if str(status["id"]).strip() not in have:
                    have.add(str(status["id"]).strip())
                    descendants.append(status)
            budget.report(len(descendants))
    return True


def _title(status: Status) -> str:
    account = status.get("account")
    acct = account.get("acct") if isinstance(account, dict) else None
    who = f"@{acct}" if isinstance(acct, str) and acct else "someone"
    content = status.get("content")
    text = one_line(html_to_text(content)) if isinstance(content, str) else ""
    return f"{who}: {text[:70]}{'…' if len(text) > 70 else ''}" if text else f"A status by {who}"


def _root_address(host: str, root: Status, fallback: str) -> str:
    """The root's address on the host the thread was read from."""
    account = root.get("account")
    acct = account.get("acct") if isinstance(account, dict) else None
    root_id = str(root["id"]).strip()
    address = f"https://{host}/@{acct}/{root_id}" if isinstance(acct, str) else ""
    if _parse(address) is not None:
        return address
    address = f"https://{host}/notice/{root_id}"
    return address if _parse(address) is not None else fallback


class Mastodon:
    name = "mastodon"
    description = "Mastodon statuses on any server (HOST/@user/ID, also Pleroma's /notice/ID)"

    def match(self, url: str) -> str | None:
        parsed = _parse(url)
        return parsed[2] if parsed else None

    def fetch(self, url: str, client: Client, options: FetchOptions) -> Saved:
        parsed = _parse(url)
        if parsed is None:
            raise FetchError(f"{url}: not a Mastodon status address")
        host, status_id, canonical = parsed
        budget = Budget(client, options)
        asked = {status_id}
        ancestors, descendants = _context(budget, host, status_id)
        root: Status | None = None
        while ancestors and (first := str(ancestors[0]["id"]).strip()) not in asked:
            root = ancestors[0]
            asked.add(first)
            ancestors, descendants = _context(budget, host, first)
        budget.report(len(descendants))
        if root is None:
            root = _status(budget, host, status_id)
        complete = _expand(budget, host, root, descendants, asked)
        return Saved(
            site=self.name,
            format="mastodon",
            thread_id=str(root["id"]).strip(),
            title=_title(root),
            url=_root_address(host, root, canonical),
            document={"ancestors": ancestors, "status": root, "descendants": descendants},
            comments=len(ancestors) + len(descendants),
            complete=complete,
        )


SITE = Mastodon()
