"""The web-forum sniffers claim their own files and nobody else's."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.formats import get_format, read_head
from tests.conftest import CORPUS, FIXTURES

WEB = (
    "hackernews",
    "lobsters",
    "discourse",
    "mastodon",
    "wordpress",
    "wordpress-html",
    "wordpress-rest",
)
OTHERS = ("reddit", "mbox", "text")


def others_files() -> list[Path]:
    if not CORPUS.exists():
        return []
    return sorted(p for folder in OTHERS for p in (CORPUS / folder).glob("*") if p.is_file())


@pytest.mark.parametrize("path", others_files(), ids=lambda p: p.name)
def test_web_sniffers_leave_other_corpus_files_alone(path: Path) -> None:
    head = read_head(path)
    assert {name: get_format(name).sniff(head, path) for name in WEB} == dict.fromkeys(WEB, 0)


def test_each_web_fixture_is_claimed_by_one_format_only() -> None:
    folders = ("hackernews", "lobsters", "discourse", "mastodon", "wordpress")
    for path in sorted(p for folder in folders for p in (FIXTURES / folder).iterdir()):
        head = read_head(path)
        claims = [name for name in WEB if get_format(name).sniff(head, path) > 0]
        others = [name for name in OTHERS if get_format(name).sniff(head, path) > 0]
        if path.name.startswith(("truncated", "wrong-shape", "entities")):
            continue  # broken on purpose: what claims them is incidental
        assert len(claims) == 1 and not others, (path.name, claims, others)
