"""Saving a Lobsters story from its address: `/s/ID.json`, saved as the site sent it.

The story answers are recordings from the shared corpus (bodies served by a client's tests,
2021 and 2025 schemas); the 404 page is a written fixture (tests/fixtures/http/lobsters/), by
what the site sends for a story it does not have.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.formats import lobsters
from reader.sites.base import FetchError, FetchOptions
from reader.sites.lobsters import SITE
from tests.conftest import corpus_file
from tests.recorded import FIXTURES_HTTP, RecordedClient


@pytest.mark.parametrize(
    "url",
    [
        "https://lobste.rs/s/d9ucpe",
        "https://lobste.rs/s/d9ucpe/",
        "https://lobste.rs/s/d9ucpe.json",
        "https://lobste.rs/s/d9ucpe/what_problems_do_people_solve_with_strace",
        "https://lobste.rs/s/d9ucpe/what_problems_do_people_solve_with_strace/",
        "https://lobste.rs/s/d9ucpe/what_problems_do_people_solve_with_strace#c_42bzeq",
        "http://www.lobste.rs/s/d9ucpe?utm_source=feed",
        "lobste.rs/s/d9ucpe",
    ],
)
def test_story_addresses_are_recognised(url: str) -> None:
    assert SITE.match(url) == "https://lobste.rs/s/d9ucpe"


@pytest.mark.parametrize(
    "url",
    [
        "https://lobste.rs/",
        "https://lobste.rs/s/",
        "https://lobste.rs/t/python",
        "https://lobste.rs/u/jcs",
        "https://lobste.rs/c/42bzeq",
        "https://lobste.rs/s/D9UCPE",
        "https://lobste.rs/s/d9ucpe/slug/extra",
        "https://lobste.rs.example.com/s/d9ucpe",
        "https://example.com/s/d9ucpe",
        "https://news.ycombinator.com/item?id=1",
    ],
)
def test_other_addresses_are_refused(url: str) -> None:
    assert SITE.match(url) is None


def test_a_story_is_saved_in_one_request_as_the_site_sent_it() -> None:
    recording = corpus_file("http/lobsters/s_d9ucpe_2021.json")
    client = RecordedClient([recording])
    progress: list[int] = []
    url = SITE.match("https://lobste.rs/s/d9ucpe/what_problems_do_people_solve_with_strace")
    saved = SITE.fetch(url or "", client, FetchOptions(report=progress.append))
    assert client.requests == [("GET", "https://lobste.rs/s/d9ucpe.json")]
    assert (saved.site, saved.format, saved.thread_id) == ("lobsters", "lobsters", "d9ucpe")
    assert (saved.url, saved.title) == (
        "https://lobste.rs/s/d9ucpe",
        "What problems do people solve with strace?",
    )
    assert (saved.comments, saved.complete, progress) == (7, True, [7])
    thread = lobsters.build(saved.document, Path("t.json"))
    assert [(c.depth, c.author) for c in thread.comments] == [
        (0, "technetium"),  # the 2021 schema names users by objects
        (1, "garymoon"),
        (1, "enz"),
        (1, "jxy"),
        (1, "dmbaturin"),
        (2, "kodfodrasz"),
        (1, "tonyarkles"),
        (1, "kameliya"),
    ]


def test_the_2025_schema_threads_by_parent_comment() -> None:
    client = RecordedClient([corpus_file("http/lobsters/s_tdfoqh_2025.json")])
    saved = SITE.fetch("https://lobste.rs/s/tdfoqh", client, FetchOptions())
    thread = lobsters.build(saved.document, Path("t.json"))
    assert saved.comments == len(thread.comments) - 1 == 10
    assert [(c.id, c.depth, c.author) for c in thread.comments[:7]] == [
        ("lobsters:tdfoqh", 0, "gioele"),
        ("lobsters:ncdsfc", 1, "dpercy"),
        ("lobsters:m3wyu5", 1, "friendlysock"),
        ("lobsters:pcvbcd", 2, "gioele"),
        ("lobsters:9vyyu5", 1, "kghose"),
        ("lobsters:owddle", 2, "gioele"),
        ("lobsters:lqqn3a", 3, "kghose"),
    ]


def test_a_missing_story_is_a_clear_error() -> None:
    client = RecordedClient([FIXTURES_HTTP / "lobsters" / "s_zzzzzz_404.json"])
    with pytest.raises(
        FetchError, match=r"^https://lobste\.rs/s/zzzzzz: no such story on Lobsters"
    ):
        SITE.fetch("https://lobste.rs/s/zzzzzz/gone", client, FetchOptions())


def test_an_answer_that_is_not_a_story_is_refused() -> None:
    client = RecordedClient([corpus_file("http/lobsters/s_tdfoqh_2025.json")])
    client.add(
        {
            "request": {"method": "GET", "url": "https://lobste.rs/s/tdfoqh.json"},
            "response": {"status": 200, "headers": {}, "body": '{"error": "login required"}'},
        }
    )
    with pytest.raises(FetchError, match="not a Lobsters story"):
        SITE.fetch("https://lobste.rs/s/tdfoqh", client, FetchOptions())
