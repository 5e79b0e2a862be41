"""A `Client` that answers from recorded HTTP interactions instead of the network.

Recordings have the shape of `../shared/corpus/http/` (see its README): one JSON file per
interaction, `{"request": {"method", "url", "body"?}, "response": {"status", "headers", "body"}}`.
Tests of a site module load the recordings its fetch needs (from the corpus, or ones written
by the site's documented shape in tests/fixtures/http/) and check what the module made of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from reader.sites.base import FetchError, Params, Response

CORPUS_HTTP = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "http"
FIXTURES_HTTP = Path(__file__).parent / "fixtures" / "http"


Key = tuple[str, str, str, str, str]


def _pairs(params: Params | None) -> list[tuple[str, str]]:
    if params is None:
        return []
    return list(params.items()) if isinstance(params, Mapping) else list(params)


def _key(method: str, url: str, params: Params | None = None, form: str = "") -> Key:
    """Method, host, path, sorted query and sorted form: the same request however written."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + _pairs(params)
    body = urlencode(sorted(parse_qsl(form, keep_blank_values=True)))
    return method.upper(), parts.netloc.lower(), parts.path, urlencode(sorted(query)), body


class RecordedClient:
    """Answers each request with the recording made for it; an unrecorded request fails."""

    def __init__(self, recordings: Sequence[Path]) -> None:
        self.answers: dict[Key, Response] = {}
        self.requests: list[tuple[str, str]] = []  # (method, url) in the order asked
        for path in recordings:
            self.add(json.loads(path.read_text(encoding="utf-8")))

    def add(self, interaction: dict) -> None:
        request, response = interaction["request"], interaction["response"]
        body = response["body"]
        raw = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode()
        headers = {name.lower(): str(value) for name, value in response["headers"].items()}
        answer = Response(request["url"], response["status"], headers, raw)
        self.answers[_key(request["method"], request["url"], form=request.get("body") or "")] = (
            answer
        )

    def _answer(self, key: Key, url: str, accept: Sequence[int]) -> Response:
        self.requests.append((key[0], url))
        if key not in self.answers:
            raise FetchError(f"{url}: no recording for {key}")
        answer = self.answers[key]
        if not 200 <= answer.status < 300 and answer.status not in accept:
            raise FetchError(f"{url}: HTTP {answer.status}")
        return answer

    def get(
        self, url: str, *, params: Params | None = None, accept: Sequence[int] = ()
    ) -> Response:
        return self._answer(_key("GET", url, params), url, accept)

    def post(self, url: str, *, form: Params, accept: Sequence[int] = ()) -> Response:
        return self._answer(_key("POST", url, form=urlencode(_pairs(form))), url, accept)
