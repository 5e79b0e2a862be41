"""Saving a Mastodon conversation from a status address on any server.

Recordings of real servers come from the shared corpus: social.tchncs.de (the context of a
reply, then of its root), mastodon.social (the root status, 2022, and its context cut short at
59 descendants, 2025). Written fixtures (tests/fixtures/http/mastodon/), by the API's documented
shapes: the contexts of three mastodon.social replies, composed of statuses of the 2022
recording of the same thread; a 404 for a context, with the corpus's recorded 404 answer of
that server for the status; a 401 from a server that lets only logged-in users read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.formats import detect, mastodon
from reader.model import Thread
from reader.sites.base import FetchError, FetchOptions, Saved
from reader.sites.mastodon import SITE
from tests.conftest import corpus_file
from tests.recorded import FIXTURES_HTTP, RecordedClient

FIXTURES = FIXTURES_HTTP / "mastodon"
ROOT = "109294719267373593"
CUT_SHORT = ("109297452549435392", "109296253868714159", "109297537724620717")


def _corpus(*names: str) -> list[Path]:
    return [corpus_file(f"http/mastodon/{name}.json") for name in names]


def _thread(saved: Saved) -> Thread:
    return mastodon.build(saved.document, Path("t.json"))


def _big_thread() -> RecordedClient:
    return RecordedClient(
        [
            *_corpus(f"mastodon.social_context_{ROOT}_2025", f"mastodon.social_status_{ROOT}_2022"),
            *(FIXTURES / f"mastodon.social_context_{status}.json" for status in CUT_SHORT),
        ]
    )


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://mastodon.social/@austinkocher/1092947", "https://mastodon.social/@austinkocher/1092947"),
        ("https://mastodon.social/@austinkocher/1092947/", "https://mastodon.social/@austinkocher/1092947"),
        ("mastodon.social/@austinkocher/1092947?x=1#top", "https://mastodon.social/@austinkocher/1092947"),
        ("https://Social.Tchncs.DE/@0xba/1093033", "https://social.tchncs.de/@0xba/1093033"),
        ("https://mastodon.social/@JMTee@mstdn.social/1092954", "https://mastodon.social/@JMTee@mstdn.social/1092954"),
        ("https://mastodon.social/users/austinkocher/statuses/1092947", "https://mastodon.social/@austinkocher/1092947"),
        ("https://mastodon.social/web/@austinkocher/1092947", "https://mastodon.social/@austinkocher/1092947"),
        ("https://mastodon.social/web/statuses/1092947", "https://mastodon.social/web/statuses/1092947"),
        ("https://akkoma.example:8443/notice/AbCd3fG9", "https://akkoma.example:8443/notice/AbCd3fG9"),
    ],
)  # fmt: skip
def test_status_addresses_on_any_host_are_recognised(url: str, canonical: str) -> None:
    assert SITE.match(url) == canonical


@pytest.mark.parametrize(
    "url",
    [
        "https://mastodon.social/@austinkocher",
        "https://mastodon.social/@austinkocher/with_replies",
        "https://mastodon.social/@austinkocher/1092947/reblogs",
        "https://mastodon.social/explore",
        "https://mastodon.social/tags/python",
        "https://mastodon.social/users/austinkocher",
        "https://mastodon.social/notice/",
        "https://www.youtube.com/@channel/videos",
        "https://medium.com/@writer/a-title-1a2b3c4d5e6f",
        "https://www.threads.net/@user/post/C1a2b3",
        "https://www.tiktok.com/@user/video/7234567890123456789",
        "https://news.ycombinator.com/item?id=1",
        "https://lobste.rs/s/d9ucpe",
        "https://forum.example.org/t/some-topic/1234",
        "https://www.reddit.com/r/Python/comments/2xmo63/a_python_terminal_viewer/",
        "https://blog.example.com/2024/05/12/a-post/",
        "https://user:secret@mastodon.social/@austinkocher/1092947",
        "ftp://mastodon.social/@austinkocher/1092947",
    ],
)
def test_other_addresses_are_refused(url: str) -> None:
    assert SITE.match(url) is None


def test_a_reply_saves_the_whole_conversation_from_its_root() -> None:
    """Both contexts are recordings of social.tchncs.de; nothing more is asked."""
    client = RecordedClient(
        _corpus(
            "social.tchncs.de_context_109303309876585639_ancestors_2022",
            "social.tchncs.de_context_109303266941599451_2022",
        )
    )
    saved = SITE.fetch("https://social.tchncs.de/@0xba/109303309876585639", client, FetchOptions())
    assert [url.split("/statuses/")[1] for _, url in client.requests] == [
        "109303309876585639/context",
        "109303266941599451/context",
    ]
    assert (saved.site, saved.format, saved.thread_id) == (
        "mastodon",
        "mastodon",
        "109303266941599451",
    )
    assert saved.url == "https://social.tchncs.de/@chainsawriot/109303266941599451"
    assert SITE.match(saved.url) == saved.url  # refresh reads the saved address again
    assert saved.title.startswith("@chainsawriot: ")
    assert (saved.comments, saved.complete) == (6, True)
    thread = _thread(saved)
    assert thread.id == "mastodon:109303266941599451"
    assert [(c.depth, c.kind, c.author) for c in thread.comments] == [
        (0, "post", "chainsawriot@social.tchncs.de"),
        (1, "comment", "chainsawriot@social.tchncs.de"),
        (2, "comment", "bastos@scholar.social"),
        (1, "comment", "0xba@social.tchncs.de"),
        (2, "comment", "chainsawriot@social.tchncs.de"),
        (3, "comment", "0xba@social.tchncs.de"),
        (3, "comment", "0xba@social.tchncs.de"),
    ]


def test_a_context_cut_short_is_filled_in_from_the_replies_contexts() -> None:
    """The 2025 context holds 59 statuses; two replies count a reply it left out."""
    client = _big_thread()
    progress: list[int] = []
    saved = SITE.fetch(
        f"https://mastodon.social/@austinkocher/{ROOT}",
        client,
        FetchOptions(report=progress.append),
    )
    asked = [url.split("/statuses/")[1] for _, url in client.requests]
    assert asked == [f"{ROOT}/context", ROOT, *(f"{status}/context" for status in CUT_SHORT)]
    assert (saved.comments, saved.complete, progress) == (61, True, [59, 60, 61, 61])
    thread = _thread(saved)
    assert (
        len(thread.comments) == 62 and thread.comments[0].author == "austinkocher@mastodon.social"
    )
    by_id = {c.id: c for c in thread.comments}
    for added, parent in (
        ("109297521757557201", "109297452549435392"),
        ("109297715987658487", "109296253868714159"),
    ):
        assert by_id[f"mastodon:{added}"].parent_id == f"mastodon:{parent}"
    assert by_id["mastodon:109297715987658487"].author == "ksawatsky@mas.to"


def test_max_requests_stops_filling_in_and_keeps_what_was_read() -> None:
    client = _big_thread()
    saved = SITE.fetch(
        f"https://mastodon.social/@austinkocher/{ROOT}", client, FetchOptions(max_requests=3)
    )
    assert len(client.requests) == 3
    assert (saved.comments, saved.complete) == (60, False)
    assert len(_thread(saved).comments) == 61


def test_the_saved_document_is_sniffed_as_mastodon(tmp_path: Path) -> None:
    saved = SITE.fetch(
        f"https://mastodon.social/@austinkocher/{ROOT}", _big_thread(), FetchOptions()
    )
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(saved.document), encoding="utf-8")
    assert detect(path).name == saved.format
    assert len(mastodon.load(path).comments) == 62


@pytest.mark.parametrize(
    ("recording", "url", "message"),
    [
        (
            "localhost_404_context_0.json",
            "http://localhost:3000/@admin/0",
            r"^https://localhost:3000/api/v1/statuses/0/context: no such status .*\(HTTP 404\)$",
        ),
        (
            "example.social_401_context_1.json",
            "https://example.social/@someone/1",
            r"only logged-in users .*\(HTTP 401\)$",
        ),
    ],
)
def test_a_status_that_cannot_be_read_is_a_clear_error(
    recording: str, url: str, message: str
) -> None:
    client = RecordedClient([FIXTURES / recording])
    with pytest.raises(FetchError, match=message):
        SITE.fetch(url, client, FetchOptions())
