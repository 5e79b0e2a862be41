"""The real `Client`: the standard library's http.client, used politely.

http.client rather than urllib.request's opener (both standard library, urllib builds on it)
because a connect timeout apart from the read timeout, redirects checked one by one and gzip
decoded under a size cap are each a few lines here and a handler subclass there. Proxies named
in the usual environment variables (`https_proxy`, `no_proxy`) are still honoured.

One `HttpClient` serves one save: it counts its requests and bytes, retries 429 and 5xx answers
a few times (waiting what Retry-After asks, within a cap), waits out a rate limit the site
announces (`x-ratelimit-remaining` / `x-ratelimit-reset`), follows redirects only within the
site, refuses plain http unless allowed, and with `api_base` sends every request to another
origin (a mirror, a local test server) keeping the path and query. The clock and `sleep` are
injected, so tests never wait.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit
from urllib.request import getproxies, proxy_bypass

from reader.sites.base import DEFAULT_MAX_BYTES, DEFAULT_MAX_REQUESTS, FetchError, Params, Response

PROJECT_URL = "https://pypi.org/project/thread-reader/"
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
RETRIES = 3  # after the first attempt
BACKOFF = 2.0  # seconds before the first retry, doubled at each
MAX_WAIT = 120.0  # the longest one wait (Retry-After, rate limit) lasts
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
RETRIED = frozenset({429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Second-level labels under which a registrable name takes three labels (bbc.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ac", "gov", "edu", "ne", "or"})


class FetchCancelled(FetchError):
    """The user gave the download up (the app's cancel): nothing is written."""


def user_agent() -> str:
    """What the sites see: a name, a version and where to read about it (Reddit asks this)."""
    try:
        release = version("thread-reader")
    except PackageNotFoundError:
        release = "unknown"
    return f"thread-reader/{release} (+{PROJECT_URL})"


def site_of(host: str) -> str:
    """The registrable part of a host name: `old.reddit.com` -> `reddit.com`.

    A short rule rather than the public suffix list: the last two labels, three under a
    two-letter country code with a generic second level (`forum.example.co.uk`).
    """
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def check_api_base(base: str, allow_http: bool = False) -> str:
    """`base` without a trailing slash, or a FetchError saying why it cannot be used."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"--api-base {base}: expected an http(s) origin such as https://host")
    if parts.scheme == "http" and not allow_http and parts.hostname not in LOCAL_HOSTS:
        raise FetchError(
            f"--api-base {base}: plain http only for 127.0.0.1 and localhost (or --allow-http)"
        )
    return base.rstrip("/")


def _pairs(params: Params | None) -> list[tuple[str, str]]:
    if params is None:
        return []
    return list(params.items()) if isinstance(params, Mapping) else list(params)


def with_query(url: str, params: Params | None) -> str:
    """`url` with `params` added to its query."""
    extra = urlencode(_pairs(params))
    if not extra:
        return url
    parts = urlsplit(url)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))


def seconds_until(value: str, now: float) -> float | None:
    """A wait given as seconds, an HTTP date or an ISO time (Mastodon's reset), from `now`."""
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return max(0.0, moment.timestamp() - now)


class HttpClient:
    """A `Client` on the network; see the module's note for what it does for the sites."""

    def __init__(
        self,
        *,
        api_base: str | None = None,
        allow_http: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_requests: int = DEFAULT_MAX_REQUESTS,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        retries: int = RETRIES,
        max_wait: float = MAX_WAIT,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        notice: Callable[[str], None] = lambda message: None,
        on_request: Callable[[int], None] = lambda requests: None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        self.api_base = check_api_base(api_base, allow_http) if api_base else None
        self.allow_http = allow_http
        self.max_bytes = max_bytes
        self.max_requests = max_requests
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.retries = retries
        self.max_wait = max_wait
        self.clock, self.wall, self.sleep = clock, wall, sleep
        self.notice, self.on_request, self.cancelled = notice, on_request, cancelled
        self.requests = 0  # HTTP requests sent, retries and redirects included
        self.calls = 0  # get/post calls made by the site
        self.bytes = 0  # body bytes received, after gzip
        self.agent = user_agent()
        self._not_before = 0.0  # the clock time before which no request goes (a rate limit)

    # The Client protocol.

    def get(
        self, url: str, *, params: Params | None = None, accept: Sequence[int] = ()
    ) -> Response:
        return self._call("GET", with_query(url, params), None, accept)

    def post(self, url: str, *, form: Params, accept: Sequence[int] = ()) -> Response:
        return self._call("POST", url, urlencode(_pairs(form)).encode(), accept)

    # What it does.

    def _call(self, method: str, url: str, body: bytes | None, accept: Sequence[int]) -> Response:
        """One request of the site's, through redirects and retries, to an answer or an error."""
        self.calls += 1
        if self.calls > self.max_requests:
            raise FetchError(f"{url}: more than --max-requests {self.max_requests} requests")
        home = site_of(urlsplit(url).hostname or "")
        for _ in range(MAX_REDIRECTS + 1):
            response = self._retried(method, url, body)
            if response.status in accept or response.status not in REDIRECTS:
                break
            url = self._redirect(url, response, home)
            if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                method, body = "GET", None
        else:
            raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
        if 200 <= response.status < 300 or response.status in accept:
            return response
        raise FetchError(f"{url}: {_status_line(response)}")

    def _redirect(self, url: str, response: Response, home: str) -> str:
        """Where a redirect goes, in the site's own terms; an error when it leaves the site."""
        location = response.headers.get("location")
        if not location:
            raise FetchError(f"{url}: HTTP {response.status} redirect without a Location")
        target = urljoin(url, location)
        parts = urlsplit(target)
        if self.api_base is not None and parts.netloc == urlsplit(self.api_base).netloc:
            origin = urlsplit(url)  # the test server's own address stands for the site's
            target = urlunsplit(parts._replace(scheme=origin.scheme, netloc=origin.netloc))
            parts = urlsplit(target)
        if site_of(parts.hostname or "") != home:
            raise FetchError(f"{url}: redirected to another site ({parts.hostname}), not followed")
        return target

    def _retried(self, method: str, url: str, body: bytes | None) -> Response:
        """The answer to one request, retried on 429, 5xx and timeouts."""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._once(method, url, body)
            except TimeoutError:
                if last:
                    raise FetchError(f"{url}: no answer within the timeout") from None
                self._wait(BACKOFF * 2**attempt, f"{url}: timed out; trying again")
                continue
            if response.status not in RETRIED or last:
                return response
            asked = response.headers.get("retry-after")
            delay = seconds_until(asked, self.wall()) if asked else None
            if delay is not None and delay > self.max_wait:
                raise FetchError(
                    f"{url}: {_status_line(response)}, and the site asks to wait "
                    f"{delay:.0f} s (more than the {self.max_wait:.0f} s this waits)"
                )
            delay = BACKOFF * 2**attempt if delay is None else delay
            self._wait(delay, f"{url}: {_status_line(response)}; trying again in {delay:.0f} s")
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _wait(self, seconds: float, why: str) -> None:
        if seconds > 0:
            self.notice(why)
        self._not_before = max(self._not_before, self.clock() + seconds)

    def _once(self, method: str, url: str, body: bytes | None) -> Response:
        """Send one request (after any wait owed) and read its answer."""
        delay = self._not_before - self.clock()
        if delay > 0:
            self.sleep(delay)
        if self.cancelled():
            raise FetchCancelled(f"{url}: cancelled")
        address = self._address(url)
        self.requests += 1
        self.on_request(self.requests)
        try:
            response = self._exchange(method, address, body, url)
        except TimeoutError:
            raise
        except (OSError, http.client.HTTPException) as error:
            raise FetchError(f"{url}: {_network_problem(error)}") from None
        answer = Response(url, response[0], response[1], response[2])
        self._obey_rate_limit(answer)
        return answer

    def _address(self, url: str) -> str:
        """Where the request really goes: the api base's origin, and only over https."""
        parts = urlsplit(url)
        if self.api_base is not None:
            base = urlsplit(self.api_base)
            path = base.path + parts.path
            parts = parts._replace(scheme=base.scheme, netloc=base.netloc, path=path)
            return urlunsplit(parts)
        if parts.scheme != "https" and not (parts.scheme == "http" and self.allow_http):
            raise FetchError(f"{url}: not https (--allow-http to allow plain http)")
        return urlunsplit(parts)

    def _exchange(
        self, method: str, address: str, body: bytes | None, url: str
    ) -> tuple[int, dict[str, str], bytes]:
        """Send to `address` (where `url` really goes) and read the answer under the cap."""
        parts = urlsplit(address)
        connection = self._connection(parts.scheme, parts.hostname or "", parts.port)
        try:
            connection.connect()
            if connection.sock is not None:
                connection.sock.settimeout(self.read_timeout)
            path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
            headers = {
                "User-Agent": self.agent,
                "Accept": "application/json, text/html;q=0.5, */*;q=0.1",
                "Accept-Encoding": "gzip",
            }
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            headers_in = {name.lower(): value for name, value in answer.getheaders()}
            data = self._body(answer, headers_in.get("content-encoding", ""), url)
            return answer.status, headers_in, data
        finally:
            connection.close()

    def _connection(self, scheme: str, host: str, port: int | None) -> http.client.HTTPConnection:
        proxy = getproxies().get(scheme)
        through = urlsplit(proxy) if proxy and not proxy_bypass(host) else None
        if scheme == "https":
            if through is not None:
                connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                    through.hostname or "", through.port, timeout=self.connect_timeout
                )
                connection.set_tunnel(host, port)
                return connection
            context = ssl.create_default_context()
            return http.client.HTTPSConnection(
                host, port, timeout=self.connect_timeout, context=context
            )
        if through is not None:
            connection = http.client.HTTPConnection(
                through.hostname or "", through.port, timeout=self.connect_timeout
            )
            connection.set_tunnel(host, port)
            return connection
        return http.client.HTTPConnection(host, port, timeout=self.connect_timeout)

    def _body(self, answer: http.client.HTTPResponse, encoding: str, url: str) -> bytes:
        """The body, gunzipped as it comes, refused once the save passes `max_bytes`."""
        gzipped = encoding.strip().lower() == "gzip"
        unzip = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
        pieces: list[bytes] = []
        while chunk := answer.read(CHUNK):
            if unzip is not None:
                chunk = unzip.decompress(chunk, self.max_bytes - self.bytes + 1)
            self._count(len(chunk), url)
            pieces.append(chunk)
        if unzip is not None:
            rest = unzip.flush()
            self._count(len(rest), url)
            pieces.append(rest)
        return b"".join(pieces)

    def _count(self, size: int, url: str) -> None:
        self.bytes += size
        if self.bytes > self.max_bytes:
            raise FetchError(
                f"{url}: the download passed --max-bytes ({self.max_bytes:,} bytes); "
                "nothing was written"
            )

    def _obey_rate_limit(self, response: Response) -> None:
        """No request before the reset when the site says none remain (capped, and said)."""
        remaining = response.headers.get("x-ratelimit-remaining")
        reset = response.headers.get("x-ratelimit-reset")
        if remaining is None or reset is None:
            return
        try:
            left = float(remaining)
        except ValueError:
            return
        if left >= 1:
            return
        wait = seconds_until(reset, self.wall())
        if wait is None:
            return
        if wait > self.max_wait:
            self.notice(
                f"rate limit: the site asks to wait {wait:.0f} s; waiting {self.max_wait:.0f} s"
            )
            wait = self.max_wait
        else:
            self.notice(f"rate limit reached: waiting {wait:.0f} s")
        self._not_before = max(self._not_before, self.clock() + wait)


def _status_line(response: Response) -> str:
    what = http.client.responses.get(response.status, "")
    return f"HTTP {response.status} {what}".rstrip()


def _network_problem(error: BaseException) -> str:
    """One line for a failure below HTTP: refused, no such host, TLS, a broken answer."""
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "cannot find the host (offline, or a wrong address?)"
    if isinstance(error, ssl.SSLError):
        return f"TLS problem: {error.reason or error}"
    if isinstance(error, http.client.HTTPException):
        return f"a broken HTTP answer ({type(error).__name__})"
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return f"network error: {reason}"
