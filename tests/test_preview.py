"""A large file shows its first comments while the rest is read, then the whole thread."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from benchmarks import gen_hn, gen_mbox, gen_native, gen_reddit, gen_text
from reader.formats import PREVIEW_BYTES, get_format, load, load_preview
from reader.formats.jsondoc import CUT, MAX_OPEN, close_head
from reader.model import Thread
from reader.session import IndexMap, ReadingSession
from reader.ui.app import ReaderApp
from reader.ui.screens.thread import ThreadScreen
from reader.ui.widgets.header import ThreadHeader
from tests.helpers import pane_of, screen_text, tree_of

COUNT = 1500  # every generated file is larger than the preview's head


def write_mbox(count: int, path: Path) -> None:
    path.write_text("".join(gen_mbox.generate(count)))


WRITERS: dict[str, tuple[str, Callable[[int, Path], None]]] = {
    "text": (".txt", gen_text.write),
    "hackernews": (".json", gen_hn.write),
    "native": (".json", gen_native.write),
    "mbox": (".mbox", write_mbox),
    "reddit": (".json", gen_reddit.write),
}


@pytest.fixture(scope="module", params=sorted(WRITERS))
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    suffix, write = WRITERS[request.param]
    path = tmp_path_factory.mktemp("preview") / f"{request.param}{suffix}"
    write(COUNT, path)
    assert path.stat().st_size > PREVIEW_BYTES
    return path


# The JSON head made whole.


def test_a_cut_json_head_keeps_the_whole_elements_and_closes_the_rest() -> None:
    head = b'{"a": [{"x": "}{[", "c": [{"y": 1}, {"y": 2}, {"y": "ab'
    assert json.loads(close_head(head) or b"") == {"a": [{"x": "}{[", "c": [{"y": 1}, {"y": 2}]}]}


def test_escaped_quotes_do_not_end_a_string() -> None:
    head = b'[{"s": "q\\"}]"}, {"t": "\\\\"}, {"u'
    assert json.loads(close_head(head) or b"") == [{"s": 'q"}]'}, {"t": "\\"}]


def test_a_head_is_cut_inside_the_last_array_opened_or_not_at_all() -> None:
    assert json.loads(close_head(b'{"a": 1, "b": [{"c": 2') or b"") == {"a": 1, "b": []}
    assert json.loads(close_head(b"[1, 2, 3") or b"") == []
    assert close_head(b'{"a": 1, "b": {"c": 2') is None


def test_the_objects_a_cut_is_inside_can_be_told_apart() -> None:
    head = b'[{"a": [{"b": 1}, {"c": [{"d": 2}], "e": 3}, {"f": [{"g": 4}, {"h": 5'
    assert json.loads(close_head(head) or b"") == [
        {"a": [{"b": 1}, {"c": [{"d": 2}], "e": 3}, {"f": [{"g": 4}]}]}
    ]
    assert json.loads(close_head(head, mark=True) or b"") == [
        {"a": [{"b": 1}, {"c": [{"d": 2}], "e": 3}, {"f": [{"g": 4}], CUT: True}], CUT: True}
    ]


def test_a_head_is_cut_no_deeper_than_json_loads_reads() -> None:
    head = b'{"a": [' * 2000
    closed = close_head(head) or b""
    assert closed.count(b"[") == MAX_OPEN // 2
    assert isinstance(json.loads(closed), dict)


# What each format shows first.


def test_the_preview_is_the_start_of_the_whole_thread(generated: Path) -> None:
    preview = load_preview(generated, min_bytes=0)
    whole = load(generated)
    assert preview is not None and 50 < len(preview) < len(whole)
    assert (preview.title, preview.id) == (whole.title, whole.id)
    by_id = {comment.id: comment for comment in whole.comments}
    for comment in preview.comments[1:]:  # an mbox root sums up only the messages it holds
        same = by_id[comment.id]
        assert (comment.author, comment.created, comment.body) == (
            same.author,
            same.created,
            same.body,
        )
    if whole.format == "mbox":  # the archive's summary says it counts only what is read
        assert preview.comments[0].body.startswith(f"So far {len(preview) - 1} messages in ")
    else:  # in a mailbox, replies to earlier mail come later: the preview is no prefix
        assert [c.id for c in preview.comments] == [c.id for c in whole.comments[: len(preview)]]
        assert [c.depth for c in preview.comments] == [
            c.depth for c in whole.comments[: len(preview)]
        ]


# Whatever the shape: (format, shape, as reddit writes it: a comment's fields after its replies)
SHAPED = [
    ("reddit", "one-giant", True),
    ("reddit", "one-giant", False),
    ("reddit", "bushy", True),
    ("reddit", "chain", False),
    ("reddit", "chain", True),
    ("hackernews", "one-giant", False),
    ("hackernews", "chain", False),
    ("native", "one-giant", False),
    ("native", "chain", False),
]


def write_shaped(path: Path, format: str, shape: str, as_reddit: bool) -> None:
    if format == "reddit":
        gen_reddit.write(COUNT, path, shape=shape, replies_first=as_reddit)
    elif format == "hackernews":
        gen_hn.write(COUNT, path, shape=shape)
    else:
        gen_native.write(COUNT, path, shape=shape)


@pytest.mark.parametrize(("format", "shape", "as_reddit"), SHAPED)
def test_a_head_cut_inside_a_first_reply_bigger_than_it_shows_the_start_of_the_thread(
    tmp_path: Path, format: str, shape: str, as_reddit: bool
) -> None:
    path = tmp_path / "thread.json"
    write_shaped(path, format, shape, as_reddit)
    with path.open("rb") as handle:
        head = handle.read(PREVIEW_BYTES)
    preview = get_format(format).preview(path, head)  # type: ignore[misc]
    whole = load(path)
    first_reply = whole.comments[1].subtree_size
    if shape != "bushy":  # the head is cut inside the first top-level comment's replies
        assert len(preview) < first_reply
    assert len(preview) > 50
    assert (preview.title, preview.id) == (whole.title, whole.id)
    for shown, same in zip(preview.comments, whole.comments, strict=False):
        assert (shown.id, shown.depth, shown.author, shown.created) == (
            same.id,
            same.depth,
            same.author,
            same.created,
        )
        assert (shown.body, shown.score, shown.url, shown.extra) == (
            same.body,
            same.score,
            same.url,
            same.extra,
        )


def reddit_chain(depth: int) -> bytes:
    """A Reddit thread of one reply chain, each comment written as reddit does: its replies
    first, then its id, awards (objects with ids of their own), author, body and depth."""
    replies: object = ""
    for level in reversed(range(depth)):
        data = {
            "link_id": "t3_p",
            "replies": replies,
            "id": f"c{level}",
            "all_awardings": [{"id": f"award_{level}", "name": "Silver"}],
            "author": f"user{level}",
            "body": f"Body of comment {level}, the marker {level}.",
            "parent_id": f"t1_c{level - 1}" if level else "t3_p",
            "depth": level,
        }
        thing = {"kind": "t1", "data": data}
        replies = {"kind": "Listing", "data": {"children": [thing]}}
    post = {"kind": "t3", "data": {"id": "p", "name": "t3_p", "title": "T", "selftext": "P"}}
    document = [{"kind": "Listing", "data": {"children": [post]}}, replies]
    return json.dumps(document).encode()


def test_a_reply_chain_written_as_reddit_does_is_previewed_by_depth(tmp_path: Path) -> None:
    path = tmp_path / "chain.json"
    path.write_bytes(reddit_chain(6))
    data = path.read_bytes()
    last = data.index(b'"replies": ""')  # the last comment has none
    head = data[: last - 4]  # cut before it says what it answers: its parent's id is unknown
    preview = get_format("reddit").preview(path, head)  # type: ignore[misc]
    assert [(c.id, c.depth, c.body) for c in preview.comments] == [
        (c.id, c.depth, c.body) for c in load(path).comments[:6]
    ]
    assert preview.comments[5].body == "Body of comment 4, the marker 4."


def test_a_comment_whose_fields_are_not_in_the_file_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    gen_reddit.write(COUNT, path, shape="one-giant", replies_first=True)
    data = path.read_bytes()
    path.write_bytes(data[: 2 * PREVIEW_BYTES])  # the giant comment's own fields are lost
    assert load_preview(path, min_bytes=0) is None  # the post alone: nothing to show early


def one_giant_beyond_the_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A thread whose first comment holds 90% of it, written as reddit does, and a preview
    that looks for the fields of the comments it is cut inside no further than 64 kB on."""
    path = tmp_path / "one-giant.json"
    gen_reddit.write(COUNT, path, shape="one-giant", replies_first=True)
    monkeypatch.setattr("reader.formats.reddit.FIELDS_AHEAD", 64 * 1024)
    return path


def test_a_comment_whose_fields_are_far_on_shows_as_still_read_above_its_replies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = one_giant_beyond_the_search(tmp_path, monkeypatch)
    preview = load_preview(path, min_bytes=0)
    whole = load(path)
    assert preview is not None and 50 < len(preview) < len(whole)
    giant = preview.comments[1]  # its author and body come after its replies, 1.4 MB on
    expected = ("pending", whole.comments[1].id, 1, None)
    assert (giant.kind, giant.id, giant.depth, giant.author) == expected
    assert giant.body.startswith("This comment is still being read")
    for shown, same in zip(preview.comments[2:], whole.comments[2:], strict=False):
        assert (shown.id, shown.depth, shown.author, shown.body) == (
            same.id,
            same.depth,
            same.author,
            same.body,
        )


def test_a_chain_far_longer_than_the_search_shows_its_start_as_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "chain.json"
    gen_reddit.write(COUNT, path, shape="chain", replies_first=True)
    monkeypatch.setattr("reader.formats.reddit.FIELDS_AHEAD", 64 * 1024)
    preview = load_preview(path, min_bytes=0)
    whole = load(path)
    assert preview is not None and len(preview) > 50
    assert {c.kind for c in preview.comments[1:]} == {"pending"}  # no reply names one
    assert [c.depth for c in preview.comments] == list(range(len(preview)))
    place = IndexMap(preview, whole)
    assert [place(i) for i in range(len(preview))] == list(range(len(preview)))


def test_the_whole_thread_takes_the_place_of_a_comment_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = one_giant_beyond_the_search(tmp_path, monkeypatch)
    preview = load_preview(path, min_bytes=0)
    assert preview is not None
    session = ReadingSession(preview, partial=True)
    assert session.annotations.shown(2) and not session.annotations.shown(1)  # nothing to read
    session.view.fold(1)
    assert session.waits_for_whole("Bookmarks work") is not None
    place = session.complete(ReadingSession(load(path)))
    assert place(1) == 1 and session.thread.comments[1].kind == "comment"
    assert session.view.is_folded(1) and session.annotations.read == {2}


def test_a_post_longer_than_the_head_is_previewed_from_a_larger_one(tmp_path: Path) -> None:
    path = tmp_path / "long-post.json"
    gen_reddit.write(COUNT, path)
    long_post = "The post. " + "A long post. " * (PREVIEW_BYTES // 10)
    path.write_text(path.read_text().replace("The post.", long_post, 1))
    preview = load_preview(path, min_bytes=0)
    assert preview is not None and preview.comments[0].body.startswith(long_post[:100])
    assert [c.id for c in preview.comments] == [c.id for c in load(path).comments[: len(preview)]]


def test_small_compressed_or_broken_files_have_no_preview(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    gen_text.write(COUNT, small)
    assert load_preview(small) is None  # under PREVIEW_MIN_BYTES: read whole at once
    packed = tmp_path / "packed.txt.gz"
    packed.write_bytes(gzip.compress(small.read_bytes()))
    assert load_preview(packed, min_bytes=0) is None
    broken = tmp_path / "broken.json"
    broken.write_text('{"id": 1, "author": "a", "children": [' + "x" * PREVIEW_BYTES)
    assert load_preview(broken, min_bytes=0) is None
    lobsters = tmp_path / "lobsters.json"
    lobsters.write_text((Path(__file__).parents[1] / "samples/lobsters-story.json").read_text())
    assert load_preview(lobsters, min_bytes=0) is None  # no preview: such files are small


# The app: the preview, then the whole thread in its place.


@asynccontextmanager
async def previewing(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[ReaderApp, Pilot, ThreadScreen, threading.Event]]:
    """The app on `path` showing its preview whatever its size, the whole-file load held
    until the event yielded is set (it starts once the preview is on screen)."""
    release = threading.Event()
    preview_drawn: list[bool] = []  # when the whole-file load started

    def held_load(target: Path, format: str | None = None) -> Thread:
        shown = app.screen
        preview_drawn.append(isinstance(shown, ThreadScreen) and shown.comment_tree.size.height > 0)
        release.wait(20)
        return load(target, format)

    monkeypatch.setattr("reader.session.load", held_load)
    app = ReaderApp(path, data_dir=tmp_path / "data")
    app.preview_from = 0
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, ThreadScreen):
            await pilot.pause(0.01)
        await pilot.pause()
        assert app.screen.partial
        while not preview_drawn:
            await pilot.pause(0.01)
        assert preview_drawn == [True]
        yield app, pilot, app.screen, release


async def test_the_reader_reads_and_folds_the_preview_and_keeps_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "hn.json"
    gen_hn.write(COUNT, path)
    async with previewing(path, tmp_path, monkeypatch) as (app, pilot, screen, release):
        tree = tree_of(app)
        assert len(tree.thread) < COUNT
        assert "reading the file" in screen_text(app).splitlines()[0]
        assert "●" not in screen_text(app)  # what was read before is not known yet
        comments = tree.thread.comments
        folded = next(i for i in range(2, len(comments)) if comments[i].subtree_size > 1)
        await pilot.press(*["j"] * folded)
        assert tree.cursor == folded
        await pilot.press("space", "j", "j")
        where = tree.thread.comments[tree.cursor].id
        await pilot.pause(0.05)  # the pane shows the comment: read from now on
        seen = {tree.thread.comments[i].id for i in screen.annotations.read}
        assert where in seen
        await pilot.press("slash", "b", "S")
        await pilot.pause()
        assert app.screen is screen and not app.screen.query_one("#search").display
        notices = [n.message for n in app._notifications]
        assert "Search works once the whole file is read." in notices
        assert "Bookmarks work once the whole file is read." in notices
        assert "The statistics open once the whole file is read." in notices

        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen and not screen.partial
        assert len(tree.thread) == COUNT + 1
        assert tree.thread.comments[tree.cursor].id == where
        assert tree.view.folds == {folded} and tree.row_of(folded + 1) is None
        assert list(tree.rows[:3]) == [0, 1, 2]
        header = str(screen.query_one(ThreadHeader).render())
        assert "reading" not in header and "unread" in header
        assert pane_of(app).thread is tree.thread
        assert "so far" not in pane_of(app).text
        assert seen <= {tree.thread.comments[i].id for i in screen.annotations.read}
        await pilot.press("b")
        assert tree.cursor in screen.annotations.bookmarks


async def test_a_file_broken_after_its_preview_still_fails_with_exit_code_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cut.json"
    gen_hn.write(COUNT, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 100])  # the download stopped short
    async with previewing(path, tmp_path, monkeypatch) as (app, pilot, _, release):
        release.set()
        for _ in range(500):
            if app.load_error is not None:
                break
            await pilot.pause(0.01)
    assert app.return_code == 2
    assert app.load_error is not None and app.load_error.startswith(str(path))


async def test_the_whole_thread_arrives_under_an_open_dialog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "thread.txt"
    gen_text.write(COUNT, path)
    async with previewing(path, tmp_path, monkeypatch) as (app, pilot, preview, release):
        await pilot.press("question_mark")
        assert app.screen is not preview
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        assert app.screen is preview and not preview.partial
        assert len(tree_of(app).thread) == COUNT + 1
        assert preview.annotations.writable  # the store's, not the stand-in's


async def test_a_comment_still_read_takes_no_note_and_the_cursor_stays_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = one_giant_beyond_the_search(tmp_path, monkeypatch)
    async with previewing(path, tmp_path, monkeypatch) as (app, pilot, screen, release):
        tree = tree_of(app)
        await pilot.press("j", "space", "b", "e", "y", "o")
        await pilot.pause(0.05)
        assert tree.cursor == 1 and tree.thread.comments[1].kind == "pending"
        rows = screen_text(app).splitlines()
        assert "comment still being read…" in rows[2] and "+" in rows[2]  # folded, not hidden
        assert "This comment is still being read" in pane_of(app).text
        notices = [n.message for n in app._notifications]
        assert "Bookmarks work once the whole file is read." in notices
        assert "Notes work once the whole file is read." in notices
        assert "This comment is still being read: wait for the whole file." in notices
        assert 1 not in screen.annotations.read

        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
        assert not screen.partial and tree.cursor == 1 and tree.view.is_folded(1)
        giant = tree.thread.comments[1]
        assert giant.author and giant.author in screen_text(app).splitlines()[2]
        assert str(giant.body)[:30] in pane_of(app).text
        await pilot.press("b")
        assert screen.annotations.bookmarks[1].anchor.comment_id == giant.id
