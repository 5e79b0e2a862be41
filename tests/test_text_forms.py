"""One way of writing counts: "1 point", "2 points", "100,007 comments", everywhere."""

from __future__ import annotations

import pytest

from reader.cli import main
from reader.export import to_markdown
from reader.model import Comment, Thread, from_preorder
from reader.text_forms import kind_count, plural, size
from reader.ui.widgets.header import summary
from tests.conftest import FIXTURES


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 points"), (1, "1 point"), (2, "2 points"), (100_007, "100,007 points")],
)
def test_plural_and_thousands(count: int, expected: str) -> None:
    assert plural(count, "point") == expected


def test_irregular_plurals_and_kinds() -> None:
    assert plural(1, "reply", "replies") == "1 reply"
    assert plural(3, "reply", "replies") == "3 replies"
    assert kind_count(2, "deleted") == "2 deleted"
    assert kind_count(1, "more") == "1 more-stub"


def test_sizes() -> None:
    assert [size(n) for n in (1, 999, 1500, 2_500_000, 3 * 10**9)] == [
        "1 byte", "999 bytes", "2 kB", "2.5 MB", "3.0 GB",
    ]  # fmt: skip


def _thread(comments: int, score: int) -> Thread:
    post = Comment(id="p", parent_id=None, author="op", body="post", kind="post", depth=0)
    replies = [
        Comment(id=f"c{i}", parent_id="p", author="a", body="x", score=score, depth=1)
        for i in range(comments)
    ]
    return from_preorder("T", "text", "t.txt", [post, *replies])


def test_the_header_counts_with_separators_and_singulars() -> None:
    assert summary(_thread(1, 1)).startswith("1 comment · depth 1")
    assert summary(_thread(1007, 1)).startswith("1,007 comments")


def test_markdown_export_says_1_point() -> None:
    markdown = to_markdown(_thread(1, 1))
    assert "· 1 point" in markdown and "1 points" not in markdown


def test_info_writes_plurals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", str(FIXTURES / "thread_basic.txt")]) == 0
    out = capsys.readouterr().out
    assert "items:      8 comments, 1 post" in out
    assert "left out:   0 lines of page furniture" in out
