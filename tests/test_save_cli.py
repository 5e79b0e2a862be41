"""`thread-reader save URL` and `refresh FILE` end to end, against a local replaying server.

`--api-base` sends the requests to the server (tests/replay.py). Recordings of the real site
come from ../shared/corpus/http/reddit (skipped when absent); where the corpus has none, the
interactions in tests/fixtures/http/reddit were written by Reddit's documented shapes (see
its README).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from reader.annotations import Annotations
from reader.cli import main
from reader.formats import load
from reader.store import Store
from tests.recorded import CORPUS_HTTP, FIXTURES_HTTP
from tests.replay import Answer, ReplayServer, morechildren_pool, recording, replay

OURS = FIXTURES_HTTP / "reddit"
NAME = "reddit-abc123-a-reading-list-for-a-long-flight.json"


def corpus(name: str) -> dict[str, Any]:
    path = CORPUS_HTTP / "reddit" / name
    if not path.exists():
        pytest.skip(f"corpus recording {name} not present (needs {CORPUS_HTTP})")
    return recording(path)


def serve_ours(server: ReplayServer, version: int = 1) -> None:
    """Our abc123 thread: the post, two morechildren batches, a stub's answer, a continuation."""
    server.routes[:] = [
        replay("GET", "/comments/abc123.json", recording(OURS / f"thread_abc123_v{version}.json")),
        morechildren_pool(
            [
                recording(OURS / name)
                for name in (
                    "morechildren_abc123_1-100.json",
                    "morechildren_abc123_101-150.json",
                    "morechildren_abc123_m152.json",
                )
            ]
        ),
        replay("GET", "/comments/abc123/_/c2.json", recording(OURS / "continue_abc123_c2.json")),
    ]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_save_writes_the_whole_thread_in_the_library(
    replay_server: ReplayServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    serve_ours(replay_server)
    url = "https://old.reddit.com/r/books/comments/abc123/a_reading_list/c3/?context=3"
    data = tmp_path / "data"
    code, out, err = run(
        capsys, "save", url, "--api-base", replay_server.base, "--data-dir", str(data)
    )
    assert (code, err) == (0, "")
    path = Path(out.strip())
    assert path == data / "threads" / NAME
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["thread-reader-saved"] == 1 and record["complete"] is True
    assert (record["site"], record["format"]) == ("reddit", "reddit")
    assert record["url"] == "https://www.reddit.com/r/books/comments/abc123/a_reading_list/"
    thread = load(path)
    assert thread.id == "reddit:t3_abc123" and len(thread) == 1 + 157
    asked = replay_server.asked
    assert [a.path for a in asked] == [
        "/comments/abc123.json",
        "/api/morechildren",
        "/api/morechildren",
        "/comments/abc123/_/c2.json",  # shallowest first: depth 2, before m152's stub
        "/api/morechildren",
    ]
    assert asked[0].query == {"raw_json": ["1"], "limit": ["500"]}
    assert asked[1].form["api_type"] == ["json"] and asked[1].form["link_id"] == ["t3_abc123"]
    posts = [a for a in asked if a.method == "POST"]
    assert [len(a.form["children"][0].split(",")) for a in posts] == [100, 50, 1]
    assert all(a.headers["user-agent"].startswith("thread-reader/") for a in asked)
    assert all("gzip" in a.headers["accept-encoding"] for a in asked)  # and the server gzips
    assert not [p for p in path.parent.iterdir() if p.name != NAME]  # no temporary file left


def test_real_thread_is_expanded_in_batches_until_max_requests(
    replay_server: ReplayServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """rtv's recording of r/AskReddit cmwov: 199 comments and a top stub of 220 ids, whose
    recorded morechildren answer holds 96 more comments."""
    replay_server.routes += [
        replay("GET", "/comments/cmwov.json", corpus("rtv_r-askreddit_cmwov_sort-top.json")),
        morechildren_pool([corpus("rtv_morechildren_post_cmwov.json")]),
    ]
    out_file = tmp_path / "cmwov.json"
    code, out, err = run(
        capsys,
        "save",
        "https://www.reddit.com/r/AskReddit/comments/cmwov/",
        "-o",
        str(out_file),
        "--max-requests",
        "4",
        "--api-base",
        replay_server.base,
    )
    assert code == 0 and out.strip() == str(out_file)
    assert "--max-requests 4 stopped" in err
    batches = [len(a.form["children"][0].split(",")) for a in replay_server.asked[1:]]
    assert batches == [100, 100, 20]
    thread = load(out_file)
    comments = [c for c in thread.comments if c.kind in ("comment", "deleted")]
    assert len(comments) == 199 + 96
    assert json.loads(out_file.read_text())["complete"] is False
    assert any(c.kind == "more" for c in thread.comments)  # what was not fetched is shown
    assert main(["info", str(out_file)]) == 0
    info = capsys.readouterr().out
    assert "warning:    saved from https://www.reddit.com/r/AskReddit/comments/cmwov/" in info
    assert "before every reply was fetched" in info


def test_real_continuation_and_morechildren_land_under_their_comments(
    replay_server: ReplayServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """PRAW's recordings of thread 3hahrw: its morechildren answer for cu5pg2h and its
    "continue this thread" page for cu5v5h7; other stubs have no recording (their ids
    answer nothing, their continuations 404), so they stay and the save says incomplete."""
    replay_server.routes += [
        replay("GET", "/comments/3hahrw.json", corpus("praw_comments_3hahrw_limit2048.json")),
        morechildren_pool([corpus("praw_morechildren_post_3hahrw.json")]),
        replay(
            "GET",
            "/comments/3hahrw/_/cu5v5h7.json",
            corpus("praw_continue-thread_3hahrw_cu5v5h7.json"),
        ),
    ]
    out_file = tmp_path / "3hahrw.json"
    url = "https://redd.it/3hahrw"
    code, _, _ = run(capsys, "save", url, "-o", str(out_file), "--api-base", replay_server.base)
    assert code == 0
    thread = load(out_file)
    by_id = {c.id: c for c in thread.comments}
    assert by_id["t1_cu5pg2h"].parent_id == "t1_cu5p1hh"
    assert by_id["t1_cu5vad7"].parent_id == "t1_cu5v5h7"
    assert by_id["t1_cu5w1ko"].parent_id == "t1_cu5vad7"
    assert json.loads(out_file.read_text())["complete"] is False


def test_refresh_counts_new_comments_and_the_note_follows(
    replay_server: ReplayServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    serve_ours(replay_server, 1)
    base = replay_server.base
    url = "https://www.reddit.com/r/books/comments/abc123/"
    path = tmp_path / "reading.json"
    assert run(capsys, "save", url, "-o", str(path), "--api-base", base)[0] == 0
    first = load(path)
    c1 = next(i for i, c in enumerate(first.comments) if c.id == "t1_c1")
    with Store.open(tmp_path / "store") as store:
        Annotations.open(store, first).save_note(c1, "read the long ones first")

    serve_ours(replay_server, 2)  # c3 deleted since, c6 new
    os.environ["THREAD_READER_API_BASE"] = base  # the variable does what --api-base does
    try:
        code, out, err = run(capsys, "refresh", str(path))
    finally:
        del os.environ["THREAD_READER_API_BASE"]
    assert (code, err) == (0, "")
    assert out.strip() == f"{path}: 1 new comment (158 comments in all)"
    newer = load(path)
    c3 = next(c for c in newer.comments if c.id == "t1_c3")
    assert c3.kind == "deleted"
    with Store.open(tmp_path / "store") as store:
        annotations = Annotations.open(store, newer)
    assert [newer.comments[i].id for i in annotations.new] == ["t1_c6"]
    ((index, note),) = annotations.notes.items()
    assert newer.comments[index].id == "t1_c1" and note.text == "read the long ones first"


def test_ctrl_c_during_refresh_leaves_the_old_copy_untouched(
    replay_server: ReplayServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    serve_ours(replay_server, 1)
    path = tmp_path / "reading.json"
    url = "https://www.reddit.com/comments/abc123/"
    assert run(capsys, "save", url, "-o", str(path), "--api-base", replay_server.base)[0] == 0
    before = path.read_bytes()

    from reader.cli import Progress

    def interrupted(self: Progress, requests: int) -> None:
        if requests == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "request", interrupted)
    serve_ours(replay_server, 2)
    assert run(capsys, "refresh", str(path), "--api-base", replay_server.base)[0] == 130
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["reading.json"]


def test_write_interrupted_after_download_keeps_the_old_copy(tmp_path: Path) -> None:
    from reader.sites.saving import write_whole

    path = tmp_path / "thread.json"
    path.write_text("old copy")

    def stop(temporary: Path) -> None:
        assert temporary.read_bytes() == b"new copy" and temporary.parent == tmp_path
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_whole(path, b"new copy", stop)
    assert path.read_text() == "old copy" and [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (
            lambda asked: Answer(302, {"Location": "https://elsewhere.example/comments/abc123/"}),
            "redirected to another site (elsewhere.example), not followed",
        ),
        (
            lambda asked: Answer(200, {"Content-Type": "text/html"}, b"<html>log in</html>"),
            "not JSON",
        ),
        (lambda asked: None, "HTTP 404 Not Found"),
    ],
)
def test_network_problems_are_one_line_and_exit_2_writing_nothing(
    replay_server: ReplayServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    route: Any,
    expected: str,
) -> None:
    replay_server.routes.append(route)
    code, out, err = run(
        capsys,
        "save",
        "https://www.reddit.com/comments/abc123/",
        "--api-base",
        replay_server.base,
        "--data-dir",
        str(tmp_path),
    )
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and expected in err
    assert "https://www.reddit.com/comments/abc123.json" in err
    assert not (tmp_path / "threads").exists() or not list((tmp_path / "threads").iterdir())


def test_recorded_404_of_a_mistyped_thread(
    replay_server: ReplayServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    replay_server.routes.append(
        replay("GET", "/comments/571dw3fakeid.json", corpus("rtv_404_comments_571dw3fakeid.json"))
    )
    url = "https://www.reddit.com/comments/571dw3fakeid/"
    code, _, err = run(
        capsys, "save", url, "--api-base", replay_server.base, "-o", str(tmp_path / "x")
    )
    assert code == 2 and "HTTP 404" in err and not (tmp_path / "x").exists()


def test_share_link_is_resolved_through_its_redirect(
    replay_server: ReplayServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """PRAW's recording of a share link's 301 to a comment permalink of post 2gmzqe."""
    replay_server.routes.append(
        replay("GET", "/r/redditdev/s/nGnQE1QkLC", corpus("praw_share-url_301.json"))
    )
    url = "https://www.reddit.com/r/redditdev/s/nGnQE1QkLC"
    code, _, err = run(capsys, "save", url, "--api-base", replay_server.base)
    # No recording of post 2gmzqe itself: the server's 404 shows which post was asked for.
    assert code == 2 and "https://www.reddit.com/comments/2gmzqe.json" in err
    assert replay_server.paths() == ["GET /r/redditdev/s/nGnQE1QkLC", "GET /comments/2gmzqe.json"]


def test_unknown_site_and_plain_http_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "save", "https://example.org/a/page")
    assert code == 2 and "reddit (Reddit posts" in err
    code, _, err = run(
        capsys, "save", "https://redd.it/abc123", "--api-base", "http://mirror.example"
    )
    assert code == 2 and "plain http only for 127.0.0.1 and localhost" in err


def test_a_url_given_to_open_is_saved_then_opened(
    replay_server: ReplayServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[Path] = []

    class FakeApp:
        load_error = None
        return_code = 0

        def __init__(self, path: Path, **options: object) -> None:
            opened.append(path)

        def run(self, **options: object) -> None:
            pass

    import reader.ui.app

    monkeypatch.setattr(reader.ui.app, "ReaderApp", FakeApp)
    serve_ours(replay_server)
    url = "https://redd.it/abc123"
    code, _, _ = run(capsys, url, "--api-base", replay_server.base, "--data-dir", str(tmp_path))
    assert code == 0 and opened == [tmp_path / "threads" / NAME]


def test_refresh_of_a_file_not_saved_from_the_web_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps([1]))
    code, _, err = run(capsys, "refresh", str(plain))
    assert code == 2 and f"{plain}: not a thread saved from the web" in err


@pytest.mark.parametrize(
    ("envelope", "expected"),
    [
        ({"site": "reddit", "format": "reddit", "url": "u", "saved": "t"}, "document is missing"),
        (
            {"site": "x", "format": "nope", "url": "u", "saved": "t", "document": []},
            "$.format: unknown format 'nope'",
        ),
        (
            {"site": "x", "format": "text", "url": "u", "saved": "t", "document": ""},
            "format 'text' cannot read a saved document",
        ),
        (
            {"site": "x", "format": "reddit", "url": "u", "saved": "t", "document": {}},
            "as reddit: $.document: expected [post listing",
        ),
    ],
)
def test_a_broken_saved_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, envelope: dict[str, Any], expected: str
) -> None:
    path = tmp_path / "saved.json"
    path.write_text(json.dumps({"thread-reader-saved": 1, **envelope}))
    code, _, err = run(capsys, "info", str(path))
    assert code == 2 and expected in err and err.count("\n") == 1


def test_the_progress_line_is_drawn_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.cli import Progress

    quiet = Progress()
    quiet.request(3)
    assert capsys.readouterr().err == ""  # stderr is not a terminal here
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    shown = Progress()
    shown.request(3)
    shown.report(120)
    shown.end()
    assert capsys.readouterr().err == (
        "\r\x1b[2K3 requests, 0 comments so far\r\x1b[2K3 requests, 120 comments so far\r\x1b[2K"
    )


def test_a_busy_answer_is_retried_and_the_size_cap_writes_nothing(
    replay_server: ReplayServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    serve_ours(replay_server)
    busy = [Answer(503, {"Retry-After": "0"}), Answer(429, {"Retry-After": "0"})]
    replay_server.routes.insert(0, lambda asked: busy.pop(0) if busy else None)
    url = "https://www.reddit.com/comments/abc123/"
    out_file = tmp_path / "thread.json"
    base = replay_server.base
    assert run(capsys, "save", url, "-o", str(out_file), "--api-base", base)[0] == 0
    assert replay_server.paths()[:3] == ["GET /comments/abc123.json"] * 3
    assert len(load(out_file)) == 158

    capped = tmp_path / "capped.json"
    code, out, err = run(
        capsys, "save", url, "-o", str(capped), "--api-base", base, "--max-bytes", "20000"
    )
    assert (code, out) == (
        2,
        "",
    ) and "passed --max-bytes (20,000 bytes); nothing was written" in err
    assert not capped.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["thread.json"]


def test_every_format_a_site_saves_in_is_read_back_from_the_envelope() -> None:
    """The site modules name these formats in what they save (reader/sites/*.py)."""
    from reader.formats import get_format
    from reader.sites import sites

    assert {site.name for site in sites()} >= {"reddit", "hackernews", "mastodon", "wordpress"}
    names = ("reddit", "hackernews", "lobsters", "mastodon", "discourse")
    for name in (*names, "wordpress-rest", "wordpress-html"):
        assert get_format(name).build is not None, name
