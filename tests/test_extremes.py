"""Bombs and extremes: entity expansion, gzip bombs, huge files, long lines, deep chains,
sibling floods and reply cycles, in every format that can hold them.

Sizes here are small but past every limit that matters (the recursion limit is about 1,000);
benchmarks/extremes.py runs the full sizes (100,000 deep, 1,000,000 siblings, 50 MB lines).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

import reader.formats
from reader.formats import ArchiveError, load
from reader.model import Thread
from tests import extremes

DEEP = 3000  # three times the recursion limit
DEEP_TEXT = 1200  # the text archive's indentation makes a chain n² bytes
WIDE = 5000


def _written(tmp_path: Path, data: bytes, name: str = "archive") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _assert_whole(thread: Thread, comments: int) -> None:
    """Every comment is in the thread, and depths and subtree sizes agree with pre-order."""
    assert len(thread) >= comments + 1
    for index, comment in enumerate(thread.comments[1:], start=1):
        assert 1 <= comment.depth <= thread.comments[index - 1].depth + 1
    assert thread.root.subtree_size == len(thread)


LAUGHS = """<?xml version="1.0" encoding="{encoding}"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Blog</title>
<item><title>&c;</title><wp:post_id>1</wp:post_id><wp:comment><wp:comment_id>1</wp:comment_id>
<wp:comment_content>&c;</wp:comment_content></wp:comment></item></channel></rss>
"""


@pytest.mark.parametrize(
    ("encoding", "codec"), [("utf-8", "utf-8"), ("utf-16", "utf-16-le"), ("utf-16", "utf-16")]
)
def test_entity_expansion_is_refused_in_any_encoding(
    tmp_path: Path, encoding: str, codec: str
) -> None:
    """UTF-16 without a byte-order mark hid `<!ENTITY` from a look at the bytes, and the
    expansion went through (a billion laughs, given a few more levels)."""
    path = _written(tmp_path, LAUGHS.format(encoding=encoding).encode(codec), "laughs.xml")
    with pytest.raises(ArchiveError, match="entity declarations are not allowed"):
        load(path, "wordpress")


def test_an_external_dtd_is_never_read(tmp_path: Path) -> None:
    """The stdlib parser does not fetch the DTD a file names: its entity stays undefined."""
    dtd = _written(tmp_path, b'<!ENTITY secret "LEAKED">', "evil.dtd")
    document = LAUGHS.format(encoding="utf-8").split("\n", 6)[-1].replace("&c;", "&secret;")
    doctype = f'<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "{dtd.as_uri()}">\n'
    path = _written(tmp_path, (doctype + document).encode(), "external.xml")
    with pytest.raises(ArchiveError, match="undefined entity"):
        load(path, "wordpress")


@pytest.fixture
def small_memory(monkeypatch: pytest.MonkeyPatch) -> int:
    """A machine with 3 MB free: archives of at most 1 MB are read."""
    monkeypatch.setattr(reader.formats, "available_memory", lambda: 3_000_000)
    return 1_000_000


@pytest.mark.parametrize("format", ["mbox", "reddit", "text"])
def test_a_gzip_bomb_is_refused_by_its_decompressed_size(
    tmp_path: Path, small_memory: int, format: str
) -> None:
    bomb = _written(tmp_path, gzip.compress(b"a" * 8 * small_memory), "bomb.gz")
    with pytest.raises(ArchiveError) as caught:
        load(bomb, format)
    assert str(caught.value) == (
        f"{bomb}: as {format}: decompresses to more than the 1.0 MB this machine's free memory"
        " can read at once (from 8 kB of gzip)"
    )


def test_a_gzip_file_under_the_cap_still_reads(tmp_path: Path, small_memory: int) -> None:
    data = gzip.compress(extremes.mbox(extremes.siblings(20)))
    assert len(load(_written(tmp_path, data, "small.mbox.gz"))) == 21


def test_a_file_too_large_for_memory_is_refused_with_its_size(
    tmp_path: Path, small_memory: int
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 3 GB long, nothing written
        handle.truncate(3 * 1000**3)
    for format in (None, "text", "reddit", "mbox"):
        with pytest.raises(ArchiveError) as caught:
            load(huge, format)
        assert str(caught.value) == (
            f"{huge}: the file is 3.0 GB, more than the 1.0 MB this machine's free memory can"
            " read at once"
        )
    assert os.stat(huge).st_blocks == 0  # nothing was ever written or read into it


def test_a_single_long_line_in_text_and_json(tmp_path: Path) -> None:
    line = "word " * 1_000_000  # 5 MB on one line
    text = _written(tmp_path, f"Title\n\nPost.\n\n  1. Ann says:\n    {line}\n".encode())
    assert len(load(text, "text").comments[1].body) == len(line.strip())
    document = extremes.mastodon(extremes.siblings(1)).replace(b"<p>c2</p>", line.encode())
    assert load(_written(tmp_path, document), "mastodon").comments[1].body == line.strip()


@pytest.mark.parametrize("format", list(extremes.WRITERS))
def test_a_chain_deeper_than_the_recursion_limit(tmp_path: Path, format: str) -> None:
    depth = DEEP_TEXT if format == "text" else DEEP
    path = _written(tmp_path, extremes.WRITERS[format](extremes.chain(depth)))
    thread = load(path, format)
    _assert_whole(thread, depth)
    assert thread.max_depth() >= depth


@pytest.mark.parametrize("format", list(extremes.WRITERS))
def test_thousands_of_siblings(tmp_path: Path, format: str) -> None:
    thread = load(_written(tmp_path, extremes.WRITERS[format](extremes.siblings(WIDE))), format)
    _assert_whole(thread, WIDE)
    assert len(thread.children(0)) >= WIDE


@pytest.mark.parametrize("size", [1, 3, 200])
@pytest.mark.parametrize("label", list(extremes.CYCLIC))
def test_reply_cycles_load_every_comment_once(tmp_path: Path, label: str, size: int) -> None:
    """A ring of replies (a comment answering itself, three in a circle, two hundred) loads:
    no hang, no crash, every comment shown once somewhere in the tree."""
    format, writer = extremes.CYCLIC[label]
    thread = load(_written(tmp_path, writer(extremes.cycle(size))), format)
    _assert_whole(thread, size)
    ids = [comment.id for comment in thread.comments]
    assert len(ids) == len(set(ids))
