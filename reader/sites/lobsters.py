"""Lobsters: a story and all its comments in one request, `https://lobste.rs/s/ID.json`.

The answer is saved unchanged: the `lobsters` importer reads every schema the site has used.
"""

from __future__ import annotations

import re

from reader.sites.base import Client, FetchError, FetchOptions, Saved
from reader.sites.shared import Budget, split_web_url

HOST = "https://lobste.rs"
_HOSTS = ("lobste.rs", "www.lobste.rs")
# /s/ID, /s/ID/, /s/ID.json, /s/ID/slug, /s/ID/slug/ (short ids are lower-case letters and digits)
_STORY_PATH = re.compile(r"/s/([a-z0-9]+)(?:\.json|/|/[^/]+/?)?")
_STORY_ID = re.compile(r"[a-z0-9]+")


def _short_id(url: str) -> str | None:
    parts = split_web_url(url)
    if parts is None or (parts.hostname or "").lower() not in _HOSTS:
        return None
    found = _STORY_PATH.fullmatch(parts.path)
    return found.group(1) if found else None


class Lobsters:
    name = "lobsters"
    description = "Lobsters stories (lobste.rs/s/ID)"

    def match(self, url: str) -> str | None:
        short_id = _short_id(url)
        return f"{HOST}/s/{short_id}" if short_id else None

    def fetch(self, url: str, client: Client, options: FetchOptions) -> Saved:
        short_id = _short_id(url)
        if short_id is None:
            raise FetchError(f"{url}: not a Lobsters story address")
        story_url = f"{HOST}/s/{short_id}"
        response = Budget(client, options).get(f"{story_url}.json", accept=(404,))
        if response.status == 404:
            raise FetchError(f"{story_url}: no such story on Lobsters (HTTP 404)")
        story = response.json()
        if not isinstance(story, dict) or _STORY_ID.fullmatch(str(story.get("short_id"))) is None:
            raise FetchError(f"{response.url}: the answer is not a Lobsters story")
        short_id = story["short_id"]  # a merged story may answer as the one it joined
        comments = story.get("comments")
        count = len(comments) if isinstance(comments, list) else 0
        options.report(count)
        title = story.get("title")
        return Saved(
            site=self.name,
            format="lobsters",
            thread_id=short_id,
            title=title if isinstance(title, str) and title else f"Lobsters story {short_id}",
            url=f"{HOST}/s/{short_id}",
            document=story,
            comments=count,
        )


SITE = Lobsters()
