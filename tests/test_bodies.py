"""Bodies as their authors wrote them: Markdown and HTML styled, entities decoded once, quote
bars on every wrapped line, display names, and what tree rows say of held-back comments."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.style import Style
from rich.text import Text

from reader.cli import info_record
from reader.formats import load
from reader.formats.html import html_to_text
from reader.model import Comment, LazyText, Thread, from_preorder
from reader.ui.palette import Palette
from reader.ui.render import body_text, links_of, row_text
from tests.conftest import FIXTURES

PALETTE = Palette.from_variables({})
CONSOLE = Console()
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def styles_of(text: Text, word: str) -> Style:
    """The combined style over the first occurrence of `word` in `text`."""
    return text.get_style_at_offset(CONSOLE, text.plain.index(word))


def markdown(body: str, **extra: str) -> Comment:
    return Comment("c", None, author="a", body=body, body_format="markdown", extra=extra)


def test_markdown_is_shown_as_styled_text_with_its_links_kept() -> None:
    comment = markdown(
        "# Heading\n\nSome *em*, **strong**, `code` and [the docs](https://docs.example/x).\n\n"
        "> a quote &gt; here\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```\nx = 1\n```"
    )
    text = body_text(comment, PALETTE)
    plain = text.plain
    for raw in ("**", "*em*", "`", "](", "&gt;", "```", "|---"):
        assert raw not in plain
    assert "Some em, strong, code and the docs." in plain
    assert "▎ a quote > here" in plain
    assert "• one\n• two" in plain
    assert "a │ b" in plain and "1 │ 2" in plain
    assert "\nx = 1" in plain
    assert styles_of(text, "em,").italic and styles_of(text, "strong").bold
    assert styles_of(text, "Heading").underline
    assert styles_of(text, "the docs").link == "https://docs.example/x"
    assert links_of(comment) == ["https://docs.example/x"]


def test_markdown_bodies_are_never_rich_markup_and_excerpts_have_no_marks() -> None:
    comment = markdown("**[bold red]x[/]** and &amp;lt; [t](https://a.example)")
    assert body_text(comment, PALETTE).plain == "[bold red]x[/] and &lt; t"
    assert comment.excerpt == "[bold red]x[/] and &lt; t"
    assert markdown("Run:\n\n```sh\n$ make\n```").excerpt == "Run: $ make"


def test_html_styles_become_styles_and_dead_reads_as_a_dim_marker() -> None:
    source = "<p><i>[dead]</i> a <strong>b</strong> <em>c</em> <code>d</code> <s>e</s> &amp;lt;</p>"
    comment = Comment("c", None, body=LazyText(source, html_to_text), body_format="html")
    text = body_text(comment, PALETTE)
    assert text.plain == "[dead] a b c d e &lt;"  # decoded once, as the page shows it
    assert styles_of(text, "b ").bold and styles_of(text, "c ").italic
    assert styles_of(text, "e ").strike
    assert styles_of(text, "[dead]") == PALETTE.dim and not styles_of(text, "[dead]").italic
    assert comment.excerpt == "[dead] a b c d e &lt;"


def test_hacker_news_bodies_are_read_as_html_text() -> None:
    thread = load(SAMPLES / "hn-thread.json")
    assert {c.body_format for c in thread.comments} == {"html"}


def test_reddit_bodies_escaped_twice_read_as_typed(tmp_path: Path) -> None:
    post = {"kind": "t3", "data": {"id": "p", "title": "T", "author": "op", "selftext": "x"}}
    reply = {"kind": "t1", "data": {"id": "c", "author": "a", "body": "&amp;#3232;_&amp;#3232;"}}
    document = [{"kind": "Listing", "data": {"children": [post]}}]
    document.append({"kind": "Listing", "data": {"children": [reply]}})
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    comment = load(path).comments[1]
    assert comment.body == "ಠ_ಠ"
    assert body_text(comment, PALETTE).plain == "ಠ_ಠ"


def test_a_quoted_paragraph_keeps_its_bar_on_every_wrapped_line() -> None:
    for body_format in ("text", "markdown"):
        comment = Comment("c", None, body="> " + "quoted words " * 12, body_format=body_format)
        lines = body_text(comment, PALETTE, width=30).plain.split("\n")
        assert len(lines) > 3
        assert all(line.startswith("▎ ") and len(line) <= 30 for line in lines)
    item = markdown("- " + "listed words " * 12)
    lines = body_text(item, PALETTE, width=30).plain.split("\n")
    assert lines[0].startswith("• ") and all(line.startswith("  ") for line in lines[1:])


def thread_of(format: str, *comments: Comment) -> Thread:
    post = Comment("p", None, author="op", body="post", kind="post")
    for comment in comments:
        comment.depth = 1
    return from_preorder("T", format, "t", [post, *comments])


def row(thread: Thread, index: int) -> str:
    return row_text(thread, index, palette=PALETTE, width=120, folded=False).plain


def test_mastodon_rows_show_display_names_and_skip_the_leading_mentions() -> None:
    reply = Comment(
        "r", None, author="bob@social.example", body="@alice@x.example @carol thanks!",
        body_format="html", extra={"display name": "Bob B."},
    )  # fmt: skip
    thread = thread_of("mastodon", reply)
    assert "Bob B. @bob@social.example" in row(thread, 1)
    assert row(thread, 1).endswith("  thanks!")


def test_held_back_comments_are_marked_in_their_tree_rows() -> None:
    flagged = [
        Comment("a", None, author="a", body="x", extra={"approved": "no (awaiting moderation)"}),
        Comment("b", None, author="b", body="x", extra={"approved": "spam"}),
        Comment("c", None, author="c", body="x", extra={"hidden": "hidden after flags"}),
        Comment("d", None, author="d", body="x", extra={"role": "whisper"}),
        Comment("e", None, author="e", body="x"),
    ]
    thread = thread_of("test", *flagged)
    words = [row(thread, index).split("  ")[0].split()[-1] for index in range(1, 6)]
    assert words == ["unapproved", "spam", "hidden", "whisper", "e"]
    wxr = load(FIXTURES / "wordpress" / "blog-two-posts.xml")
    held = [i for i, c in enumerate(wxr.comments) if "approved" in c.extra]
    assert held and all(" unapproved" in row(wxr, i) or " spam" in row(wxr, i) for i in held)


def test_info_counts_threads_for_archives_and_comments_for_the_rest() -> None:
    mailbox = info_record(load(SAMPLES / "mailing-list.mbox"))
    assert "threads" in mailbox and "comments" not in mailbox
    assert mailbox["threads"] == mailbox["kinds"]["post"]  # type: ignore[index]
    reddit = info_record(load(FIXTURES / "reddit_morechildren.json"))
    assert reddit["comments"] == 7 and "threads" not in reddit
