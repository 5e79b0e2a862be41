"""`thread-reader save URL` for every site but Reddit, end to end over real HTTP.

The site tests (test_sites_*.py) check what each site module makes of its answers through
`RecordedClient`. Here the same recordings are served by the local replaying server
(tests/replay.py) and the command line saves through the real client with `--api-base`: the
file it writes must read as the same thread the site module built, and every request must
have been answered from a recording. Which recordings are the real sites' and which were
written by the sites' documented shapes is said in the site tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest

from reader.cli import main
from reader.formats import load
from reader.model import Thread
from reader.sites import site_for
from reader.sites.base import FetchOptions
from tests.conftest import corpus_file
from tests.recorded import CORPUS_HTTP, FIXTURES_HTTP, RecordedClient
from tests.replay import Answer, Asked, ReplayServer, Route, sendable

HN_CHAIN = (21500569, 21500829, 21500985, 21501055)
MASTODON_ROOT = "109294719267373593"
MASTODON_CUT_SHORT = ("109297452549435392", "109296253868714159", "109297537724620717")


def served(recordings: list[Path], missed: list[Asked]) -> Route:
    """Answer a request with the recording made for it, whatever host it was recorded on;
    a request no recording answers goes into `missed`."""
    recorded = RecordedClient(recordings).answers
    answers = {
        (method, path, query, form): Answer(
            response.status, sendable(response.headers), response.body
        )
        for (method, _host, path, query, form), response in recorded.items()
    }

    def route(asked: Asked) -> Answer | None:
        query = urlencode(sorted((k, v) for k, vs in asked.query.items() for v in vs))
        form = urlencode(sorted((k, v) for k, vs in asked.form.items() for v in vs))
        answer = answers.get((asked.method, asked.path, query, form))
        if answer is None:
            missed.append(asked)
        return answer

    return route


def _hackernews() -> list[Path]:
    corpus = CORPUS_HTTP / "hackernews"
    return [
        corpus_file("http/hackernews/algolia_items_17.json"),
        FIXTURES_HTTP / "hackernews" / "algolia_items_1.json",
        FIXTURES_HTTP / "hackernews" / "firebase_item_1.json",
        *(corpus / f"firebase_item_{item}.json" for item in HN_CHAIN),
    ]


def _mastodon() -> list[Path]:
    return [
        corpus_file(f"http/mastodon/mastodon.social_context_{MASTODON_ROOT}_2025.json"),
        corpus_file(f"http/mastodon/mastodon.social_status_{MASTODON_ROOT}_2022.json"),
        *(
            FIXTURES_HTTP / "mastodon" / f"mastodon.social_context_{status}.json"
            for status in MASTODON_CUT_SHORT
        ),
    ]


def _wordpress() -> list[Path]:
    nested = corpus_file("http/wordpress/msdos.club_comments_post-730_nested.json")
    return [nested, *(FIXTURES_HTTP / "wordpress").glob("msdos.club_*.json")]


CASES: dict[str, tuple[str, Callable[[], list[Path]]]] = {
    "hackernews": ("https://news.ycombinator.com/item?id=17", _hackernews),
    "lobsters": (
        "https://lobste.rs/s/d9ucpe/what_problems_do_people_solve_with_strace",
        lambda: [corpus_file("http/lobsters/s_d9ucpe_2021.json")],
    ),
    "mastodon": (f"https://mastodon.social/@austinkocher/{MASTODON_ROOT}", _mastodon),
    "discourse": (
        "https://localhost:3000/t/try-discourse/57",
        lambda: [corpus_file("http/discourse/discourse_api_t_57_try-discourse_2013.json")],
    ),
    "wordpress": ("https://msdos.club/el-bug-del-pentium/", _wordpress),
}


def _shape(thread: Thread) -> list[tuple[str, str | None, int, str]]:
    return [(c.id, c.author, c.depth, str(c.body)[:40]) for c in thread.comments]


@pytest.mark.parametrize("site", sorted(CASES))
def test_save_over_http_writes_the_thread_the_site_module_builds(
    site: str,
    replay_server: ReplayServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    url, recordings = CASES[site]
    paths = recordings()
    module, canonical = site_for(url)
    assert module.name == site
    saved = module.fetch(canonical, RecordedClient(paths), FetchOptions())
    missed: list[Asked] = []
    replay_server.routes[:] = [served(paths, missed)]
    out = tmp_path / "saved.json"

    code = main(["save", url, "-o", str(out), "--api-base", replay_server.base])

    printed, errors = capsys.readouterr()
    assert (code, errors) == (0, "")
    assert printed.strip() == str(out)
    thread = load(out)
    assert thread.comments, "the saved file holds the thread"
    built = load_saved_document(saved.format, saved.document)
    assert _shape(thread) == _shape(built)
    envelope = json.loads(out.read_text(encoding="utf-8"))
    assert (envelope["site"], envelope["url"]) == (site, saved.url)
    assert replay_server.asked and not missed


def load_saved_document(format_name: str, document: object) -> Thread:
    """The thread the site module's document reads as, through the format's own builder."""
    from reader.formats import get_format

    build = get_format(format_name).build
    assert build is not None
    return build(json.loads(json.dumps(document)), Path("t.json"))
