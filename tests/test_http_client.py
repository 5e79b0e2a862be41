"""The real Client against a local server: retries, waits, rate limits, size cap, redirects.

The clock and sleep are fakes: a test sees how long the client would have waited, and never
waits itself. The answers are written here (statuses and headers as the HTTP RFCs and Reddit's
rate limit headers document them), apart from the corpus's rate limit recording.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from email.utils import formatdate
from typing import Any

import pytest

from reader.sites.base import FetchError
from reader.sites.http import HttpClient, check_api_base, seconds_until, site_of, user_agent
from tests.recorded import CORPUS_HTTP
from tests.replay import Answer, Asked, ReplayServer, answer_of, recording

SITE = "https://www.reddit.com"


class Clock:
    """A clock that moves only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def client_for(server: ReplayServer, clock: Clock, **options: Any) -> HttpClient:
    notices: list[str] = []
    client = HttpClient(
        api_base=server.base,
        clock=clock,
        wall=lambda: 1_700_000_000.0 + clock.now,
        sleep=clock.sleep,
        notice=notices.append,
        **options,
    )
    client.notices = notices  # type: ignore[attr-defined]
    return client


def answers(*sequence: Answer) -> Callable[[Asked], Answer | None]:
    """Answer the requests in turn with `sequence` (then 404)."""
    left = list(sequence)
    return lambda asked: left.pop(0) if left else None


JSON = {"Content-Type": "application/json"}


def test_retries_5xx_and_429_honouring_retry_after_in_seconds_and_as_a_date(
    replay_server: ReplayServer,
) -> None:
    clock = Clock()
    date = formatdate(1_700_000_000.0 + clock.now + 30, usegmt=True)
    replay_server.routes.append(
        answers(
            Answer(503, {"Retry-After": "7"}),
            Answer(429, {"Retry-After": date}),
            Answer(502),
            Answer(200, JSON, b"[1]"),
        )
    )
    client = client_for(replay_server, clock)
    assert client.get(f"{SITE}/comments/x.json").json() == [1]
    assert clock.slept == [7.0, 23.0, 8.0]  # 7 s; the date, 30 s after the start; backoff
    assert client.requests == 4 and client.calls == 1
    assert "HTTP 503 Service Unavailable; trying again in 7 s" in client.notices[0]


def test_retries_are_bounded(replay_server: ReplayServer) -> None:
    clock = Clock()
    replay_server.routes.append(lambda asked: Answer(500))
    client = client_for(replay_server, clock, retries=2)
    with pytest.raises(FetchError, match=r"comments/x.json: HTTP 500 Internal Server Error$"):
        client.get(f"{SITE}/comments/x.json")
    assert client.requests == 3 and clock.slept == [2.0, 4.0]


def test_a_retry_after_beyond_the_cap_gives_up_saying_so(replay_server: ReplayServer) -> None:
    replay_server.routes.append(lambda asked: Answer(429, {"Retry-After": "3600"}))
    client = client_for(replay_server, Clock(), max_wait=60)
    with pytest.raises(FetchError, match=r"asks to wait 3600 s \(more than the 60 s this waits"):
        client.get(f"{SITE}/comments/x.json")


def test_rate_limit_headers_hold_the_next_request_until_the_reset(
    replay_server: ReplayServer,
) -> None:
    clock = Clock()
    limited = {**JSON, "x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "42"}
    plenty = {**JSON, "x-ratelimit-remaining": "598.0", "x-ratelimit-reset": "298"}
    replay_server.routes.append(
        answers(Answer(200, plenty, b"1"), Answer(200, limited, b"2"), Answer(200, JSON, b"3"))
    )
    client = client_for(replay_server, clock)
    for _ in range(3):
        client.get(f"{SITE}/comments/x.json")
    assert clock.slept == [42.0]
    assert client.notices == ["rate limit reached: waiting 42 s"]


def test_a_rate_limit_wait_is_capped_and_said(replay_server: ReplayServer) -> None:
    clock = Clock()
    reset = "2023-11-15T00:00:00.000Z"  # Mastodon's form: a time, here far ahead of the wall
    limited = {**JSON, "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset}
    replay_server.routes.append(answers(Answer(200, limited, b"1"), Answer(200, JSON, b"2")))
    client = client_for(replay_server, clock, max_wait=90)
    client.get(f"{SITE}/a")
    client.get(f"{SITE}/b")
    assert clock.slept == [90.0]
    assert client.notices[0].startswith("rate limit: the site asks to wait ")
    assert client.notices[0].endswith("; waiting 90 s")


def test_recorded_reddit_rate_limit_headers_are_read(replay_server: ReplayServer) -> None:
    path = CORPUS_HTTP / "reddit" / "praw_comments_ablzuq_limit1_2020.json"
    if not path.exists():
        pytest.skip(f"corpus recording not present (needs {CORPUS_HTTP})")
    recorded = answer_of(recording(path))
    recorded.headers["x-ratelimit-remaining"] = "0.0"  # as its last request of the window
    replay_server.routes.append(answers(recorded, Answer(200, JSON, b"[]")))
    clock = Clock()
    client = client_for(replay_server, clock)
    client.get(f"{SITE}/comments/ablzuq/")
    client.get(f"{SITE}/comments/ablzuq/")
    assert clock.slept == [120.0]  # its reset, 298 s, capped at the default 120 s


def test_the_size_cap_stops_the_download(replay_server: ReplayServer) -> None:
    replay_server.routes.append(lambda asked: Answer(200, JSON, b"[" + b"1," * 50_000 + b"1]"))
    client = client_for(replay_server, Clock(), max_bytes=150_000)
    client.get(f"{SITE}/first")  # 100 kB, a few hundred bytes gzipped: the decoded size counts
    assert client.bytes == 100_003
    with pytest.raises(FetchError, match=r"passed --max-bytes \(150,000 bytes\)"):
        client.get(f"{SITE}/again")


def test_gzip_is_asked_for_and_decoded(replay_server: ReplayServer) -> None:
    replay_server.routes.append(lambda asked: Answer(200, JSON, b'{"ok": true}'))
    client = client_for(replay_server, Clock())
    assert client.get(f"{SITE}/x", params={"a": "1 2"}).json() == {"ok": True}
    assert replay_server.asked[0].headers["accept-encoding"] == "gzip"
    assert replay_server.asked[0].query == {"a": ["1 2"]}
    assert replay_server.asked[0].headers["user-agent"] == user_agent()


def test_redirects_are_followed_within_the_site_only(replay_server: ReplayServer) -> None:
    def route(asked: Asked) -> Answer | None:
        if asked.path == "/r/x/s/CODE":
            return Answer(301, {"Location": "https://old.reddit.com/comments/abc/"})
        if asked.path == "/comments/abc/":
            return Answer(302, {"Location": "/comments/abc.json"})
        if asked.path == "/comments/abc.json":
            return Answer(200, JSON, b"[]")
        return Answer(307, {"Location": "https://evil.example/steal"})

    replay_server.routes.append(route)
    client = client_for(replay_server, Clock())
    answer = client.get(f"{SITE}/r/x/s/CODE")
    assert answer.url == "https://old.reddit.com/comments/abc.json" and answer.json() == []
    with pytest.raises(FetchError, match=r"redirected to another site \(evil.example\)"):
        client.get(f"{SITE}/elsewhere")
    assert client.get(f"{SITE}/r/x/s/CODE", accept=(301,)).status == 301  # read, not followed


def test_max_requests_is_a_hard_stop(replay_server: ReplayServer) -> None:
    replay_server.routes.append(lambda asked: Answer(200, JSON, b"1"))
    client = client_for(replay_server, Clock(), max_requests=2)
    client.get(f"{SITE}/1")
    client.post(f"{SITE}/2", form={"a": "b"})
    assert replay_server.asked[1].form == {"a": ["b"]}
    with pytest.raises(FetchError, match="more than --max-requests 2"):
        client.get(f"{SITE}/3")


def test_a_read_timeout_is_retried_then_reported(replay_server: ReplayServer) -> None:
    def slow(asked: Asked) -> Answer:
        time.sleep(0.3)
        return Answer(200, JSON, b"1")

    replay_server.routes.append(slow)
    client = client_for(replay_server, Clock(), read_timeout=0.05, retries=1)
    with pytest.raises(FetchError, match="no answer within the timeout"):
        client.get(f"{SITE}/slow")
    assert client.requests == 2


def test_refused_connection_and_plain_http_are_one_line() -> None:
    client = HttpClient(api_base="http://127.0.0.1:9", retries=0)  # the discard port: closed
    with pytest.raises(FetchError, match=r"^https://www.reddit.com/x: connection refused$"):
        client.get(f"{SITE}/x")
    with pytest.raises(FetchError, match=r"not https \(--allow-http to allow plain http\)"):
        HttpClient().get("http://www.reddit.com/x")
    with pytest.raises(FetchError, match=r"plain http only for 127\.0\.0\.1 and localhost"):
        check_api_base("http://mirror.example")
    assert check_api_base("http://mirror.example/", allow_http=True) == "http://mirror.example"
    assert check_api_base("http://localhost:8080/") == "http://localhost:8080"


def test_helpers() -> None:
    assert site_of("old.reddit.com") == "reddit.com" == site_of("reddit.com")
    assert site_of("forum.example.co.uk") == "example.co.uk"
    assert seconds_until("12.5", 0) == 12.5
    assert seconds_until("Thu, 01 Jan 1970 00:01:00 GMT", 0) == 60
    assert seconds_until("soon", 0) is None
    assert user_agent().startswith("thread-reader/") and "(+https://" in user_agent()
