"""What every site module gives and gets: the shared types of saving a thread from its URL.

A site module (`reader/sites/reddit.py`, ...) exposes `SITE`, a `Site`. `match` recognises the
site's ordinary web addresses of a thread; `fetch` downloads the whole thread through the
`Client` it is given (which knows timeouts, retries, rate limits, size caps and `--api-base`)
and returns a `Saved`: the site's own document, in the shape the site's importer in
`reader/formats/` reads. The site modules never open a socket themselves.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from reader.sites.http import HttpClient

Params = Mapping[str, str] | Sequence[tuple[str, str]]


class FetchError(Exception):
    """A thread that could not be downloaded: one line saying which URL and what went wrong."""


@dataclass(frozen=True)
class Response:
    """One HTTP answer, its body decoded from gzip; header names in lower case."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError as error:
            raise FetchError(f"{self.url}: the answer is not JSON ({error})") from None

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client(Protocol):
    """How a site asks for a page. Non-2xx answers raise FetchError once retries are spent,
    except the statuses a site names in `accept` (a 404 it wants to read, say)."""

    def get(
        self, url: str, *, params: Params | None = None, accept: Sequence[int] = ()
    ) -> Response: ...

    def post(self, url: str, *, form: Params, accept: Sequence[int] = ()) -> Response: ...


@dataclass
class FetchOptions:
    """What the user set for one save: how many requests at most, and who hears progress."""

    max_requests: int = 1000
    report: Callable[[int], None] = field(default=lambda comments: None)  # comments so far


@dataclass(frozen=True)
class Saved:
    """A whole thread as downloaded.

    `document` is the site's own JSON (or HTML text), merged into one document in the shape
    the importer named by `format` reads; `url` is the thread's canonical web address, kept in
    the saved file so that `refresh` can download it again.
    """

    site: str  # the site module's name: "reddit"
    format: str  # the reader.formats name of `document`: "reddit"
    thread_id: str  # the site's id of the thread, used in the file name
    title: str
    url: str
    document: Any
    comments: int
    complete: bool = True  # False when --max-requests stopped the expansion early


class Site(Protocol):
    """One site: which URLs are its threads and how to download one."""

    name: str  # "reddit"
    description: str  # one line for the list of known sites: "Reddit posts (reddit.com, redd.it)"

    def match(self, url: str) -> str | None:
        """The canonical URL of the thread `url` points into, or None when not this site's."""
        ...

    def fetch(self, url: str, client: Client, options: FetchOptions) -> Saved:
        """Download the whole thread at the canonical `url`."""
        ...


DEFAULT_MAX_BYTES = 512 * 1024 * 1024
DEFAULT_MAX_REQUESTS = 1000


@dataclass(frozen=True)
class Network:
    """How one run may use the network: the command line's options (the app gets them too)."""

    api_base: str | None = None  # else $THREAD_READER_API_BASE
    allow_http: bool = False
    max_requests: int = DEFAULT_MAX_REQUESTS
    max_bytes: int = DEFAULT_MAX_BYTES

    def client(self, **hooks: Any) -> HttpClient:
        """A client for one save; `hooks` are HttpClient's notice, on_request and cancelled."""
        from reader.sites.http import HttpClient  # the network code loads on the first save

        api_base = self.api_base or os.environ.get("THREAD_READER_API_BASE") or None
        return HttpClient(
            api_base=api_base,
            allow_http=self.allow_http,
            max_bytes=self.max_bytes,
            max_requests=self.max_requests,
            **hooks,
        )
