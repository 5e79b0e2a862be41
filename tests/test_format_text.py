"""The indented text archive: the corpus seed, every variation fixture, lynx and w3m dumps."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from reader.formats import detect, load
from reader.formats.text import parse
from reader.model import Thread, one_line

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEED = CORPUS / "text" / "post-industrial-production-economy.txt"
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "welcome-to-the-commons.txt"


def paragraphs(body: str) -> int:
    return len([part for part in body.split("\n\n") if part.strip()])


def shape(thread: Thread) -> list[tuple[str, int, str | None, int]]:
    """Each entry as (kind, depth, author, number of paragraphs), in pre-order."""
    return [(c.kind, c.depth, c.author, paragraphs(c.body)) for c in thread.comments]


def fixture(name: str) -> Thread:
    return load(FIXTURES / name)


def test_tab_indentation_nests_by_tab_stops() -> None:
    thread = fixture("text_tabs.txt")
    assert thread.title == "Tabs All the Way Down"
    assert shape(thread) == [
        ("post", 0, None, 1),
        ("comment", 1, "Rosa", 2),
        ("comment", 2, "Ivo", 1),
        ("comment", 3, "Rosa", 1),
        ("comment", 1, "Ivo", 1),
    ]
    assert thread.comments[1].body == (
        "The first comment, on a line after a tab.\n\nIts second paragraph."
    )


def test_star_dash_and_white_bullets_and_parenthesis_numbers() -> None:
    thread = fixture("text_bullets.txt")
    assert shape(thread) == [
        ("post", 0, None, 1),
        ("comment", 1, "Ada", 1),
        ("comment", 2, "Ben", 1),
        ("comment", 3, "Cy", 1),
        ("comment", 4, "Ada", 1),
        ("comment", 5, "Ben", 1),
        ("comment", 1, "Cy", 1),
    ]
    assert [c.body for c in thread.comments[2:6]] == [
        "A star bullet.",
        "A dash bullet.",
        "A white bullet.",
        "A small square.",
    ]


def test_crlf_line_ends_read_like_lf() -> None:
    thread = fixture("text_crlf.txt")
    assert (FIXTURES / "text_crlf.txt").read_bytes().count(b"\r\n") > 10
    assert shape(thread) == [
        ("post", 0, None, 1),
        ("comment", 1, "Ned", 2),
        ("comment", 2, "Ola", 1),
        ("pingback", 1, None, 1),
    ]
    assert all("\r" not in c.body for c in thread.comments)
    assert thread.comments[1].body == "A comment, with CRLF line ends.\n\nSecond paragraph."


def test_byte_order_mark_is_not_part_of_the_title() -> None:
    assert (FIXTURES / "text_bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    thread = fixture("text_bom.txt")
    assert thread.title == "Starts With a Byte Order Mark"
    assert shape(thread) == [("post", 0, None, 1), ("comment", 1, "Pia", 1)]
    assert thread.comments[1].body == "Café, naïve, 東京, “quotes” and 🌱."
    assert parse("\ufeffTitle\n\nPost.\n", "x").title == "Title"


def test_post_without_comments_leaves_furniture_out() -> None:
    thread = fixture("text_no_comments.txt")
    assert shape(thread) == [("post", 0, None, 2)]
    assert thread.root.body == (
        "Nobody has commented on this one yet.\n\nIt has two paragraphs, though."
    )
    assert thread.furniture_lines == 2


def test_comments_without_pingbacks_and_date_lines() -> None:
    thread = fixture("text_no_pingbacks.txt")
    assert shape(thread) == [
        ("post", 0, None, 1),
        ("comment", 1, "Dee", 1),
        ("comment", 2, "Eli", 1),
        ("comment", 1, "Fay", 1),
    ]
    assert thread.comments[1].created == datetime(2024, 3, 3, 10, 15, tzinfo=timezone.utc)
    assert thread.comments[2].created == datetime(2024, 3, 3, 23, 40, tzinfo=timezone.utc)
    assert thread.comments[3].created is None
    assert thread.comments[1].body == "A comment with a date line under the author."
    assert thread.furniture_lines == 3
    assert "pingback" not in thread.kind_counts()


def test_hard_wrapped_lines_keep_their_breaks_inside_a_paragraph() -> None:
    thread = fixture("text_hard_wrapped.txt")
    assert shape(thread) == [
        ("post", 0, None, 2),
        ("comment", 1, "Gus", 2),
        ("comment", 2, "Hal", 1),
        ("comment", 1, "Gus", 1),
    ]
    assert thread.root.body.split("\n\n")[0] == (
        "This post was saved by a tool that wraps at\n"
        "fifty columns, so its paragraphs are broken over\n"
        "several lines."
    )
    assert thread.comments[1].body == (
        "A comment wrapped over\nthree lines that stay\nthree lines.\n\n"
        "And a second paragraph\non two lines."
    )
    assert thread.comments[3].body == (
        "A body that starts right under the author line\n"
        "and wraps at a shallower column than the text."
    )


def test_three_space_indentation_steps() -> None:
    assert shape(fixture("text_step3.txt")) == [
        ("post", 0, None, 1),
        ("comment", 1, "Ike", 1),
        ("comment", 2, "Jo", 1),
        ("comment", 3, "Ike", 1),
        ("comment", 4, "Jo", 1),
        ("comment", 1, "Jo", 1),
    ]


def test_four_space_indentation_steps_and_siblings() -> None:
    thread = fixture("text_step4.txt")
    assert shape(thread) == [
        ("post", 0, None, 1),
        ("comment", 1, "Kay", 1),
        ("comment", 2, "Lou", 1),
        ("comment", 3, "Kay", 1),
        ("comment", 2, "Max", 1),
        ("comment", 1, "Lou", 1),
        ("pingback", 1, None, 1),
    ]
    assert thread.comments[4].parent_id == thread.comments[1].id


def test_hostile_text_is_held_without_control_characters() -> None:
    raw = (FIXTURES / "text_hostile.txt").read_bytes()
    assert b"\x1b[2J" in raw and b"\x07" in raw
    thread = fixture("text_hostile.txt")
    assert thread.title == "Title [bold red]x[/] and end"
    assert shape(thread) == [("post", 0, None, 1), ("comment", 1, "[bold]Mallory[/bold]", 2)]
    comment = thread.comments[1]
    assert comment.body == (
        "[bold red]x[/] and [link=file:///etc/passwd]y[/]\n\nClear  screen and  clipboard."
    )
    assert thread.root.body == "The post [link=file:///etc/passwd]y[/] here."
    for text in (thread.title, comment.body, comment.author or "", thread.root.body):
        assert "\x1b" not in text and "\x07" not in text


def test_only_newlines_split_lines() -> None:
    thread = parse("T\n\nPost\x0cwith a form feed\u2028and a line separator.\n", "x")
    assert len(thread.comments) == 1
    assert "form feed" in thread.root.body and "line separator" in thread.root.body


def test_fixtures_are_sniffed_as_text() -> None:
    for path in sorted(FIXTURES.glob("text_*.txt")):
        assert detect(path).name == "text", path.name


# lynx and w3m dumps of tests/fixtures/text_blog_page.html against the same page in seed form.


def test_seed_form_page() -> None:
    thread = fixture("text_seed_library.txt")
    assert thread.title == "Seed Library Opening Day"
    assert thread.kind_counts() == {"post": 1, "comment": 17, "pingback": 2}
    assert thread.max_depth() == 6
    assert [c.depth for c in thread.comments[1:11]] == [1, 2, 3, 1, 2, 3, 4, 5, 6, 1]
    assert thread.comments[9].body == "The cats are members too 🐈"
    assert thread.furniture_lines == 2


@pytest.mark.parametrize("dump", ["text_lynx_dump.txt", "text_w3m_dump.txt"])
def test_dumps_give_the_seed_form_tree(dump: str) -> None:
    seed = fixture("text_seed_library.txt")
    thread = fixture(dump)
    assert thread.title == seed.title
    assert [(c.kind, c.depth, c.author) for c in thread.comments] == [
        (c.kind, c.depth, c.author) for c in seed.comments
    ]
    assert [one_line(c.body) for c in thread.comments] == [one_line(c.body) for c in seed.comments]
    assert [c.id for c in thread.comments] == [c.id for c in seed.comments]
    assert thread.id == seed.id
    # The "17 thoughts on …" and "Pingbacks" headings, "Leave a Reply" and the line under it.
    assert thread.furniture_lines == 4


def test_w3m_keeps_paragraphs_lynx_does_not() -> None:
    seed = fixture("text_seed_library.txt")
    w3m = fixture("text_w3m_dump.txt")
    lynx = fixture("text_lynx_dump.txt")
    assert [paragraphs(c.body) for c in w3m.comments] == [paragraphs(c.body) for c in seed.comments]
    # lynx prints the two paragraphs of Tom's reply with no blank line between them.
    assert paragraphs(seed.comments[2].body) == 2
    assert paragraphs(lynx.comments[2].body) == 1


def test_dump_bullets_and_right_aligned_numbers() -> None:
    lynx = (FIXTURES / "text_lynx_dump.txt").read_text(encoding="utf-8")
    w3m = (FIXTURES / "text_w3m_dump.txt").read_text(encoding="utf-8")
    assert "   10. Olu" in lynx and "    9. Olu" in lynx
    assert "\n10. Olu" in w3m and "\n 9. Olu" in w3m
    for bullet in "+o#@-":
        assert f" {bullet} " in lynx
    for bullet in "□☆○■★":
        assert f" {bullet} " in w3m


# The corpus seed: a real blog page rendered to text.


@pytest.fixture(scope="module")
def seed() -> Thread:
    if not SEED.exists():
        pytest.skip(f"corpus not present at {SEED}")
    return load(SEED)


def test_seed_title_and_counts(seed: Thread) -> None:
    assert seed.title == "The Post-Industrial Production Economy"
    assert seed.format == "text"
    assert seed.kind_counts() == {"post": 1, "comment": 17, "pingback": 6}
    assert seed.max_depth() == 3
    assert sum(1 for c in seed.comments if c.depth == 1 and c.kind == "comment") == 7


def test_seed_post_body_is_every_column_zero_paragraph(seed: Thread) -> None:
    text = SEED.read_text(encoding="utf-8")
    head = text.split("\n  1. ", 1)[0].split("\n", 1)[1]
    expected = [p.strip() for p in head.split("\n\n") if p.strip()]
    assert seed.root.body.split("\n\n") == expected
    assert len(expected) == 17
    assert seed.root.body.startswith("Sometimes when I write about the shift")
    assert seed.root.body.endswith("She blogs at Smarter Companies")


def test_seed_nesting(seed: Thread) -> None:
    assert [c.depth for c in seed.comments] == [
        0, 1, 2, 1, 2, 3, 2, 3, 3, 1, 1, 1, 2, 2, 3, 1, 2, 1, 1, 1, 1, 1, 1, 1,
    ]  # fmt: skip
    assert [c.kind for c in seed.comments[18:]] == ["pingback"] * 6


def test_seed_author_line(seed: Thread) -> None:
    authored = [c for c in seed.comments if c.author]
    assert [c.author for c in authored] == ["Willem de Leeuw"]
    assert "says:" not in authored[0].body
    assert authored[0].body.startswith("‘Transportation is about to undergo")


def test_seed_nine_paragraph_comment(seed: Thread) -> None:
    [comment] = [c for c in seed.comments if c.body.startswith("“She […] says")]
    assert paragraphs(comment.body) == 9
    assert comment.depth == 2


def test_seed_furniture_left_out(seed: Thread) -> None:
    assert seed.furniture_lines == 11
    for comment in seed.comments:
        assert "Leave a Reply" not in comment.body
        assert "bloggers like this" not in comment.body
    assert seed.comments[-1].body.startswith("IPAS video review")


def test_seed_ids_stable_and_unique(seed: Thread) -> None:
    again = load(SEED)
    ids = [c.id for c in seed.comments]
    assert ids == [c.id for c in again.comments]
    assert seed.id == again.id
    assert len(set(ids)) == len(ids)


def test_seed_keeps_unicode(seed: Thread) -> None:
    assert "\u00a0" in seed.root.body
    assert any("extraídos" in c.body for c in seed.comments)
    assert any("🙂" in c.body for c in seed.comments)


# The bundled sample `thread-reader` opens with no argument.


def test_bundled_sample_is_big_enough_to_explore() -> None:
    thread = load(SAMPLE)
    assert thread.title == "Welcome to the Commons: How Our Tool Library Runs Without a Landlord"
    assert thread.kind_counts() == {"post": 1, "comment": 80, "pingback": 4}
    assert thread.max_depth() == 9
    assert len(thread.authors()) == 15
    comments = [c for c in thread.comments if c.kind == "comment"]
    assert all(c.author and c.created for c in comments)
    assert max(paragraphs(c.body) for c in comments) >= 4
    assert any("\n" not in c.body and len(c.body) < 30 for c in comments)
    assert any(c.body.startswith("> ") for c in comments)
    assert any("https://www.nobelprize.org/" in c.body for c in comments)
    text = "\n".join(c.body for c in thread.comments)
    for sample in ("入会地", "众人拾柴火焰高", "J’adore", "Wójcik", "🍯", "“"):
        assert sample in text or any(sample in (c.author or "") for c in comments), sample
    assert sum(1 for c in comments if c.author == "Maren Holt") >= 10
    assert thread.furniture_lines == 8
    assert "Leave a Reply" not in text


def test_lines_after_the_lists_are_counted_never_dropped() -> None:
    text = "T\n\nPost.\n\n  1. A comment.\n\n1. A footer list at column 0\n2. More\n\nEnd\n"
    thread = parse(text, "x")
    assert shape(thread) == [("post", 0, None, 1), ("comment", 1, None, 1)]
    assert thread.furniture_lines == 3


def test_pingback_heading_opens_a_bulleted_section() -> None:
    text = (
        "T\n\nPost.\n\n  • Ann says:\n\n    Hello.\n\n"
        "Trackbacks & Pingbacks\n\n  • […] a trackback […]\n\n  • […] another […]\n\n"
        "Recent Posts\n\n  • Not part of the thread\n"
    )
    thread = parse(text, "x")
    assert [(c.kind, c.depth, c.author) for c in thread.comments] == [
        ("post", 0, None),
        ("comment", 1, "Ann"),
        ("pingback", 1, None),
        ("pingback", 1, None),
    ]
    assert thread.furniture_lines == 3


# Big archives are read a piece at a time; where the pieces break must not matter.


@pytest.mark.parametrize("chunk", [1, 5, 64, 4096])
def test_reading_in_pieces_gives_the_thread_the_whole_text_gives(
    chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.formats import decode, read_bytes
    from reader.formats import text as text_format

    awkward = tmp_path / "awkward.txt"  # a BOM, CRLF, bad and split UTF-8, a bare CR, tabs
    awkward.write_bytes(
        b"\xef\xbb\xbfTitle\r\n\r\nPost \xe2\x82 here.\r\n\r\n  1. Ann says:\r\n\r\n"
        b"     Caf\xc3\xa9 \xff end.\r     Next line.\n\n\t\xe2\x80\xa2 Bob says:\n\n\t  Reply.\n"
        b"\n  2. Third \xf0\x9f\x8c\xb1\n\nLeave a Reply\n"
    )
    paths = [awkward, *sorted(FIXTURES.glob("text_*.txt")), SAMPLE]
    expected = [parse(decode(read_bytes(path)), str(path)) for path in paths]
    monkeypatch.setattr(text_format, "_CHUNK", chunk)
    for path, whole in zip(paths, expected, strict=True):
        assert load(path) == whole, path.name
    assert [(c.author, c.depth) for c in expected[0].comments] == [
        (None, 0),
        ("Ann", 1),
        ("Bob", 2),
        (None, 1),
    ]
    assert expected[0].comments[1].body == "Café \ufffd end.\nNext line."
    assert expected[0].furniture_lines == 1
