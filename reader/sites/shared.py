"""What several site modules share: reading a pasted web address, and counting one save's
requests against `--max-requests` while reporting progress."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import SplitResult, urlsplit

from reader.sites.base import Client, FetchError, FetchOptions, Response


def split_web_url(url: str) -> SplitResult | None:
    """The parts of an http(s) address as a user pastes it (the scheme may be left out)."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts


class OutOfRequests(FetchError):
    """The save has made as many requests as `--max-requests` allows."""


class Budget:
    """One save's requests: counted against `options.max_requests`, progress reported."""

    def __init__(self, client: Client, options: FetchOptions) -> None:
        self.client = client
        self.options = options
        self.made = 0

    @property
    def left(self) -> int:
        return max(self.options.max_requests - self.made, 0)

    def get(self, url: str, *, accept: Sequence[int] = ()) -> Response:
        """The answer to one more GET; OutOfRequests when none is left."""
        if not self.left:
            raise OutOfRequests(
                f"{url}: stopped after {self.made} requests (--max-requests "
                f"{self.options.max_requests})"
            )
        self.made += 1
        return self.client.get(url, accept=accept)

    def report(self, comments: int) -> None:
        self.options.report(comments)
