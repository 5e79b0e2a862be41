"""Mastodon status context (`/api/v1/statuses/:id/context`): `ancestors` and `descendants`.

The focal status itself may be in the file (a `{"ancestors", "status", "descendants"}` object,
or an array holding the status and the context) or not: the context endpoint leaves it out.
When it is missing, a placeholder stands in for it (no body, the author named by the replies'
`in_reply_to_account_id`, extra["missing"]; kind "post" when it heads the thread, as in a bare
context with no ancestors), so the direct replies stay together beneath it. The root is the
status that replies to nothing (the first ancestor, or the focal status); statuses are threaded
by `in_reply_to_id`, a number or a string. Authors are `user@domain`; mentions read
`@user@domain`, hashtags `#tag`; the `spoiler_text` is kept as extra["content warning"] so the
reader can show the body collapsed.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.formats import ArchiveError, Format
from reader.formats.building import MISSING, Skips, as_list, from_iso, text_now
from reader.formats.html import html_to_text
from reader.formats.jsondoc import json_loader, keys_in, starts_json
from reader.model import Comment, LazyText, Thread, from_parent_links, one_line

_CONTEXT = re.compile(rb'"(?:ancestors|descendants)"\s*:\s*\[')


def sniff(head: bytes, path: Path) -> int:
    if not starts_json(head):
        return 0
    if _CONTEXT.search(head):
        return 95
    if {"in_reply_to_id", "content", "account"} <= keys_in(head):
        return 85
    return 0


def _status_id(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip()):
        return str(value).strip()
    return None


def _is_status(value: Any) -> bool:
    return isinstance(value, dict) and "id" in value and "content" in value


def _host(url: Any) -> str:
    if not isinstance(url, str):
        return ""
    return urlsplit(url).hostname or ""


def _acct(account: Any) -> str | None:
    """`user@domain` for an account object (a local account gets its server's domain)."""
    if not isinstance(account, dict):
        return None
    acct = account.get("acct") or account.get("username")
    if not isinstance(acct, str) or not acct:
        return None
    host = _host(account.get("url"))
    return acct if "@" in acct or not host else f"{acct}@{host}"


def _mention_labels(status: dict[str, Any]) -> dict[str, str]:
    labels = {}
    for mention in as_list(status.get("mentions")):
        if isinstance(mention, dict) and isinstance(mention.get("url"), str):
            acct = _acct(mention)
            if acct:
                labels[mention["url"]] = f"@{acct}"
    return labels


def _attachments(status: dict[str, Any]) -> list[str]:
    lines = []
    for media in as_list(status.get("media_attachments")):
        if isinstance(media, dict):
            kind = media.get("type") or "media"
            description = one_line(str(media.get("description") or ""))
            url = media.get("url") or media.get("remote_url") or ""
            label = f"{kind}: {description}" if description else str(kind)
            lines.append(f"[{label}]" + (f" ({url})" if url else ""))
    poll = status.get("poll")
    if isinstance(poll, dict):
        for option in as_list(poll.get("options")):
            if isinstance(option, dict):
                votes = option.get("votes_count")
                count = f" ({votes} votes)" if isinstance(votes, int) else ""
                lines.append(f"- {option.get('title', '')}{count}")
    return lines


def _status(status: dict[str, Any], status_id: str) -> Comment:
    content = status.get("content")
    # Converted when first shown: most posts of a big thread never are.
    body: str | LazyText = ""
    if isinstance(content, str):
        body = LazyText(content, partial(html_to_text, labels=_mention_labels(status)))
    extra: dict[str, str] = {}
    account = status.get("account")
    if isinstance(account, dict):
        name = account.get("display_name")
        if isinstance(name, str) and name.strip():
            extra["display name"] = name.strip()
    warning = status.get("spoiler_text")
    if isinstance(warning, str) and warning.strip():
        extra["content warning"] = warning.strip()
    if status.get("sensitive") is True:
        extra["sensitive"] = "yes"
    boosts = status.get("reblogs_count")
    if isinstance(boosts, int) and boosts:
        extra["boosts"] = str(boosts)
    media = _attachments(status)
    if media:
        body = "\n\n".join(part for part in (text_now(body), "\n".join(media)) if part)
    url = status.get("url") or status.get("uri")
    favourites = status.get("favourites_count")
    if isinstance(favourites, bool) or not isinstance(favourites, int):
        favourites = None
    return Comment(
        id=f"mastodon:{status_id}",
        parent_id=None,
        author=_acct(account),
        created=from_iso(status.get("created_at")),
        body=body,
        body_format="html",
        kind="comment",
        score=favourites
        if isinstance(favourites, int) and not isinstance(favourites, bool)
        else None,
        url=url if isinstance(url, str) else None,
        extra=extra,
    )


def _parts(document: Any, path: Path) -> tuple[list[Any], Any, list[Any]]:
    """Ancestors, the focal status (or None) and descendants, from any accepted shape."""
    focal = None
    if isinstance(document, list):
        contexts = [part for part in document if isinstance(part, dict) and "descendants" in part]
        statuses = [part for part in document if _is_status(part)]
        if len(contexts) != 1:
            raise ArchiveError(path, "expected one status context in the array", where="$")
        document, focal = contexts[0], statuses[0] if statuses else None
    if not isinstance(document, dict):
        raise ArchiveError(path, "expected a status context object", where="$")
    if _is_status(document) and "descendants" not in document:
        return [], document, []
    for key, value in document.items():
        if key not in ("ancestors", "descendants") and _is_status(value):
            focal = value
    ancestors = document.get("ancestors", [])
    descendants = document.get("descendants", [])
    for key, value in (("ancestors", ancestors), ("descendants", descendants)):
        if not isinstance(value, list):
            raise ArchiveError(path, "expected a list of statuses", where=f"$.{key}")
    return ancestors, focal, descendants


def _read(
    records: list[Any], key: str, path: Path, skips: Skips, seen: dict[str, str]
) -> list[Comment]:
    """Statuses as comments naming their parents; `seen` maps each id to the account it answers."""
    comments = []
    for index, record in enumerate(records):
        where = f"$.{key}[{index}]"
        if not isinstance(record, dict):
            raise ArchiveError(path, "expected a status object", where=where)
        status_id = _status_id(record.get("id"))
        if status_id is None:
            skips.add(where, "no status id")
            continue
        if f"mastodon:{status_id}" in seen:
            continue
        comment = _status(record, status_id)
        parent = _status_id(record.get("in_reply_to_id"))
        comment.parent_id = f"mastodon:{parent}" if parent else None
        seen[comment.id] = str(record.get("in_reply_to_account_id") or "")
        comments.append(comment)
    return comments


def _focal_placeholder(
    descendants: list[Comment], ancestors: list[Comment], author: str | None
) -> Comment | None:
    """A stand-in for the focal status the replies answer, when the file leaves it out."""
    if not descendants or descendants[0].parent_id is None:
        return None
    known = {c.id for c in descendants} | {c.id for c in ancestors}
    focal_id = descendants[0].parent_id
    if focal_id in known:
        return None
    holder = Comment(id=focal_id, parent_id=ancestors[-1].id if ancestors else None, body=MISSING)
    holder.author = author
    holder.add_extra("missing", "the status these replies answer is not in this archive")
    return holder


def build(document: Any, path: Path) -> Thread:
    raw_ancestors, raw_focal, raw_descendants = _parts(document, path)
    skips = Skips()
    seen: dict[str, str] = {}
    ancestors = _read(raw_ancestors, "ancestors", path, skips, seen)
    focal = _read([raw_focal], "status", path, skips, seen) if raw_focal is not None else []
    descendants = _read(raw_descendants, "descendants", path, skips, seen)
    accounts = _accounts([*raw_ancestors, *([raw_focal] if raw_focal else []), *raw_descendants])
    statuses = [*ancestors, *focal, *descendants]
    if not focal:
        answered = seen.get(descendants[0].id, "") if descendants else ""
        holder = _focal_placeholder(descendants, ancestors, accounts.get(answered))
        if holder is not None:
            statuses.insert(len(ancestors), holder)
    if not statuses:
        raise ArchiveError(path, "no statuses in the file", where="$")
    root = next((c for c in statuses if c.parent_id is None), statuses[0])
    root.kind = "post"
    if root.parent_id is not None:
        root.add_extra("reply to", f"{root.parent_id} (not in this archive)")
    rest = [c for c in statuses if c is not root]
    return from_parent_links(
        _title(root),
        FORMAT.name,
        str(path),
        root,
        rest,
        thread_id=root.id,
        skipped=skips.count,
        warnings=skips.notes,
    )


def _accounts(records: list[Any]) -> dict[str, str]:
    """Account id -> `user@domain`, from the statuses' authors and mentions."""
    accounts: dict[str, str] = {}
    for record in records:
        if not isinstance(record, dict):
            continue
        for account in [record.get("account"), *as_list(record.get("mentions"))]:
            acct = _acct(account)
            if acct and isinstance(account, dict) and account.get("id") is not None:
                accounts.setdefault(str(account["id"]), acct)
    return accounts


def _title(root: Comment) -> str:
    who = f"@{root.author}" if root.author else "someone"
    if "missing" in root.extra:
        return f"Replies to a status by {who}"
    text = one_line(root.body)
    return f"{who}: {text[:70]}{'…' if len(text) > 70 else ''}" if text else f"A status by {who}"


load = json_loader(build)


FORMAT = Format(
    "mastodon",
    "Mastodon status context JSON (ancestors, descendants)",
    sniff,
    load,
    build=build,
)
