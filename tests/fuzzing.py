"""Hostile archives for every importer: hypothesis strategies per format, byte mutations, a check.

Shared by the bounded run in tests/test_fuzz.py and the long one in benchmarks/fuzz.py. The
rule checked: `load(path, name)` returns a Thread or raises ArchiveError, for every format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from reader.formats import ArchiveError, formats, load
from reader.model import Thread

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FILE_FORMATS = [fmt.name for fmt in formats() if fmt.name != "maildir"]

# A sample of each JSON format, the base that structured mutations start from.
JSON_SAMPLES = {
    "native": None,  # written by the export of a sample (see json_base)
    "reddit": SAMPLES / "reddit-thread.json",
    "hackernews": SAMPLES / "hn-thread.json",
    "lobsters": SAMPLES / "lobsters-story.json",
    "discourse": SAMPLES / "discourse-topic.json",
    "mastodon": SAMPLES / "mastodon-context.json",
}
TEXT_SAMPLES = {
    "text": SAMPLES / "welcome-to-the-commons.txt",
    "mbox": SAMPLES / "mailing-list.mbox",
    "wordpress": SAMPLES / "wordpress-export.xml",
    "wordpress-html": ROOT / "tests" / "fixtures" / "text_blog_page.html",
}


def corpus_root() -> Path:
    """The shared corpus: /work/shared/corpus beside the worktrees, or $READER_CORPUS."""
    import os

    return Path(os.environ.get("READER_CORPUS", "/work/shared/corpus"))


def corpus_files() -> list[Path]:
    root = corpus_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".md")


def json_base(name: str) -> Any:
    """The parsed sample document a JSON format's mutations start from."""
    sample = JSON_SAMPLES[name]
    if sample is None:
        from reader.export import to_json

        return json.loads(to_json(load(SAMPLES / "hn-thread.json")))
    return json.loads(sample.read_text(encoding="utf-8"))


# Keys the importers look for, so that random objects often look almost right.
KEYS = (
    "kind data children id name body body_html author replies parent_id link_id count depth "
    "comments post_stream posts stream ancestors descendants in_reply_to_id content account "
    "acct username display_name created_at created_utc created format thread title text by "
    "kids parent type short_id comment commenting_user indent_level score url points "
    "story_id time post_number reply_to_post_number cooked topic_id extra kind"
).split()

huge_ints = st.integers(min_value=2**63, max_value=10**400) | st.integers(max_value=-(2**63))
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | huge_ints
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=20,
)


def _places(document: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a document, breadth first, at most 400."""
    places: list[tuple[Any, Any]] = []
    queue = [document]
    while queue and len(places) < 400:
        node = queue.pop(0)
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            places.append((node, key))
            if isinstance(value, dict | list):
                queue.append(value)
    return places


@st.composite
def mutated_json(draw: st.DrawFn, base: Any) -> bytes:
    """A format's sample with fields removed, added, retyped, deepened; or raw oddities."""
    document = json.loads(json.dumps(base))
    for _ in range(draw(st.integers(1, 4))):
        places = _places(document)
        if not places:
            break
        container, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(("delete", "retype", "add", "deepen", "cycle")))
        if action == "delete":
            del container[key]
        elif action == "retype":
            container[key] = draw(json_values)
        elif action == "add" and isinstance(container, dict):
            container[draw(st.sampled_from(KEYS))] = draw(json_values)
        elif action == "deepen":
            depth = draw(st.integers(1, 600))
            value = container[key]
            for _ in range(depth):
                value = [value] if draw(st.booleans()) else {"children": value}
            container[key] = value
        elif action == "cycle" and isinstance(container, dict) and "id" in container:
            container["parent_id"] = container["id"]  # a comment that answers itself
            container["parent"] = container["id"]
            container["in_reply_to_id"] = container["id"]
    text = json.dumps(document, allow_nan=True) if _fits(document) else "[]"
    raw = draw(st.sampled_from(("keep", "keep", "huge", "cut", "deep")))
    if raw == "huge":  # more digits than int() converts by default
        text = text.replace("0", "9" * 5000, 1) if "0" in text else "9" * 5000
    elif raw == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif raw == "deep":
        depth = draw(st.integers(1, 20000))
        text = "[" * depth + text + "]" * draw(st.integers(0, depth))
    return text.encode("utf-8", "surrogatepass")


def _fits(document: Any) -> bool:
    """json.dumps can write it (huge ints past the digit limit cannot be written)."""
    try:
        json.dumps(document)
    except (ValueError, RecursionError):
        return False
    return True


# Lines of the textual formats: indentation, markers, all sorts of characters.
MARKERS = (
    "", "> ", ">> ", "- ", "* ", "• ", "1. ", "From ", ">From ", "Subject: ", "Message-ID: ",
    "In-Reply-To: ", "References: ", "Date: ", "From: ", "Content-Type: ",
    "Content-Transfer-Encoding: base64", "says:", "Reply", "Comments", "=?utf-8?b?", "<wp:",
    "<item>", "<![CDATA[", "]]>", "<!DOCTYPE", "&amp;", "&#0;", "<div class=\"comment\">",
    "<li id=\"comment-", "</", "----", "====", "[1]", "http://", "#",
)  # fmt: skip
unicode_text = st.text(
    st.characters(codec=None, categories=["L", "M", "N", "P", "S", "Z", "C"]), max_size=30
)


@st.composite
def textual_lines(draw: st.DrawFn) -> bytes:
    """Random lines of indentation, markers and text, with NULs and invalid UTF-8 between."""
    lines = []
    for _ in range(draw(st.integers(0, 30))):
        indent = draw(st.sampled_from(("", " ", "  ", "    ", "\t", " " * 40, "\t\t ")))
        line = indent * draw(st.integers(0, 6)) + draw(st.sampled_from(MARKERS))
        line += draw(unicode_text)
        lines.append(line.encode("utf-8", "surrogatepass"))
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from((b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80"))))
    ending = draw(st.sampled_from((b"\n", b"\r\n", b"\r")))
    return ending.join(lines)


@st.composite
def mutated_text(draw: st.DrawFn, base: bytes) -> bytes:
    """A textual sample with random lines spliced in at random places."""
    lines = base.split(b"\n")
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(lines)))
        lines[at:at] = [draw(textual_lines())]
    return b"\n".join(lines)


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """Byte-level damage: flips, deletions, duplications, insertions, truncation."""
    buffer = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        if not buffer:
            buffer += draw(st.binary(max_size=16))
            continue
        at = draw(st.integers(0, len(buffer) - 1))
        span = draw(st.integers(1, 64))
        action = draw(st.sampled_from(("flip", "delete", "duplicate", "insert", "truncate")))
        if action == "flip":
            buffer[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del buffer[at : at + span]
        elif action == "duplicate":
            buffer[at:at] = buffer[at : at + span]
        elif action == "insert":
            buffer[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del buffer[at:]
    return bytes(buffer)


def check(path: Path, names: list[str] | None = None) -> None:
    """Loading `path` sniffed and as each format gives a Thread or an ArchiveError, never else."""
    for name in [None, *(FILE_FORMATS if names is None else names)]:
        check_one(path, name)


def check_one(path: Path, name: str | None) -> None:
    """Loading `path` as `name` (sniffed: None) gives a Thread or a one-line ArchiveError."""
    try:
        thread = load(path, name)
    except ArchiveError as error:
        assert "\n" not in str(error), f"an error of more than one line: {error!r}"
        return
    assert isinstance(thread, Thread)
    assert thread.comments, "a thread without its root"
