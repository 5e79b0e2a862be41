"""Markdown that is only paragraphs of words is read without markdown-it, the same as with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.bodies import _NEEDS_PARSER, _parsed_lines, markdown_lines
from reader.formats import load

ROOT = Path(__file__).resolve().parent.parent

# Words, breaks, and what markdown-it may read as a mark at the start of a line or anywhere.
WORDS = st.sampled_from("word|two words|12|3.5|a)|\n1. one|\n2) two|é|:|!| |\n|\n\n".split("|"))
MARKS = st.sampled_from(
    ["|", *"1. |2) | |  |    |\n|-|+ |=|# |>|*|_|`|~|[|]|(|<|&amp;|\\|\t|\u00a0|\r".split("|")]
)
SOURCES = st.lists(st.one_of(WORDS, WORDS, WORDS, MARKS), max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(SOURCES, st.booleans())
def test_plain_paragraphs_read_as_markdown_it_reads_them(source: str, hard_breaks: bool) -> None:
    assert markdown_lines(source, hard_breaks=hard_breaks) == _parsed_lines(source, hard_breaks)


def test_the_sample_bodies_read_the_same_and_most_need_no_parser() -> None:
    bodies = [
        comment.body
        for name in ("reddit-thread.json", "discourse-topic.json", "hn-thread.json")
        for comment in load(ROOT / "samples" / name).comments
        if comment.body_format in ("markdown", "html") and comment.body
    ]
    plain = [body for body in bodies if _NEEDS_PARSER.search(body) is None]
    for body in bodies:
        assert markdown_lines(body) == _parsed_lines(body, False)
        assert markdown_lines(body, hard_breaks=True) == _parsed_lines(body, True)
    assert plain and len(plain) < len(bodies)


def test_showing_a_plain_body_does_not_import_markdown_it() -> None:
    script = (
        "import sys\nfrom reader.bodies import body_lines\n"
        "body_lines('First words.\\n\\nAnd more, 2 of them.', 'markdown')\n"
        "print('markdown_it' in sys.modules)\n"
        "body_lines('*styled*', 'markdown')\nprint('markdown_it' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT
    )
    assert result.stdout.split() == ["False", "True"], result.stderr
