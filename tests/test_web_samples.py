"""The bundled samples of the web-forum formats: each opens as its format, with a real tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.formats import detect, load
from tests.conftest import assert_round_trip

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

EXPECTED = {
    "hn-thread.json": ("hackernews", {"post": 1, "comment": 22, "deleted": 1}, 10, 8),
    "lobsters-story.json": ("lobsters", {"post": 1, "comment": 20, "deleted": 1}, 10, 6),
    "discourse-topic.json": ("discourse", {"post": 1, "comment": 20}, 8, 8),
    "mastodon-context.json": ("mastodon", {"post": 1, "comment": 20}, 7, 6),
    "wordpress-export.xml": (
        "wordpress", {"archive": 1, "post": 2, "comment": 21, "pingback": 2}, 11, 7
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_opens_as_its_format(name: str, tmp_path: Path) -> None:
    path = SAMPLES / name
    fmt, kinds, authors, depth = EXPECTED[name]
    assert detect(path).name == fmt
    thread = load(path)
    assert 20 <= len(thread) <= 60
    assert (thread.kind_counts(), len(thread.authors()), thread.max_depth()) == (
        kinds,
        authors,
        depth,
    )
    bodies = "\n".join(c.body for c in thread.comments)
    assert "<p>" not in bodies and "&amp;" not in bodies
    assert any("(http" in c.body for c in thread.comments)  # links keep their targets
    assert any(not c.body.isascii() for c in thread.comments)
    assert_round_trip(thread, tmp_path)
