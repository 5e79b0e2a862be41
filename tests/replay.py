"""A local HTTP server (127.0.0.1, a thread) that replays recorded answers to thread-reader.

Tests point `--api-base` (or `HttpClient(api_base=...)`) at it. Each route answers the
requests it recognises; a request no route answers gets a 404 and is logged, so a test sees
exactly what was asked. Recordings have the shape of ../shared/corpus/http/ (see
tests/recorded.py).
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Asked:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


Route = Callable[[Asked], Answer | None]


def recording(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def body_of(interaction: dict[str, Any]) -> bytes:
    body = interaction["response"]["body"]
    return body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8")


def answer_of(interaction: dict[str, Any]) -> Answer:
    """A recorded response as the server sends it (the length and encoding are the server's)."""
    headers = sendable(interaction["response"]["headers"])
    return Answer(interaction["response"]["status"], headers, body_of(interaction))


def sendable(headers: Mapping[str, object]) -> dict[str, str]:
    """A recording's headers but those the server sets itself for the body it sends."""
    framing = ("content-length", "content-encoding", "transfer-encoding")
    return {name: str(value) for name, value in headers.items() if name.lower() not in framing}


def replay(method: str, path: str, interaction: dict[str, Any], times: int | None = None) -> Route:
    """Answer `method path` (any query) with the recorded response (at most `times` times)."""
    used = [0]

    def route(asked: Asked) -> Answer | None:
        if asked.method != method or asked.path != path:
            return None
        if times is not None and used[0] >= times:
            return None
        used[0] += 1
        return answer_of(interaction)

    return route


def morechildren_pool(interactions: list[dict[str, Any]]) -> Route:
    """Reddit's POST /api/morechildren answered from the things of recorded answers.

    The recordings asked for other batches than thread-reader asks for (one request of 220
    ids, where thread-reader asks at most 100 at a time), so the answer to each batch is made
    of the recorded things it names, with their replies, in the recorded order, as Reddit
    answers; ids no recording holds give nothing, as for a comment deleted since. A recorded
    `more` stub comes only under a comment given.
    """
    pool: list[dict[str, Any]] = []
    for interaction in interactions:
        answer = json.loads(body_of(interaction))
        pool.extend(answer["json"]["data"]["things"])

    def route(asked: Asked) -> Answer | None:
        if asked.method != "POST" or asked.path.rstrip("/") not in (
            "/api/morechildren",
            "/api/morechildren.json",
        ):
            return None
        wanted = set(",".join(asked.form.get("children", [])).split(","))
        chosen: set[str] = set()
        things = []
        for thing in pool:
            data = thing["data"]
            parent = str(data.get("parent_id", ""))
            named = thing["kind"] == "t1" and data["id"] in wanted
            if named or (parent.startswith("t1_") and parent[3:] in chosen):
                chosen.add(data["id"])
                things.append(thing)
        document = {"json": {"errors": [], "data": {"things": things}}}
        headers = {"Content-Type": "application/json; charset=UTF-8"}
        return Answer(200, headers, json.dumps(document).encode())

    return route


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads `server.asked` instead."""

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        asked = Asked(
            method,
            parts.path,
            parse_qs(parts.query, keep_blank_values=True),
            parse_qs(raw, keep_blank_values=True),
            {name.lower(): value for name, value in self.headers.items()},
        )
        self.server.asked.append(asked)
        answer = next((a for route in self.server.routes if (a := route(asked))), None)
        if answer is None:
            answer = Answer(404, {"Content-Type": "application/json"}, b'{"error": 404}')
        body = answer.body
        headers = dict(answer.headers)
        if self.server.gzip and "gzip" in asked.headers.get("accept-encoding", ""):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        self.send_response(answer.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: list[Route] = []
        self.asked: list[Asked] = []
        self.gzip = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (a size cap, a timeout) is no failure of the server."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self) -> list[str]:
        return [f"{asked.method} {asked.path}" for asked in self.asked]


ReplayServer = _Server


@contextmanager
def serving() -> Iterator[ReplayServer]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
