"""The one HTML-to-text converter every HTML-bodied format uses."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.formats.html import _Converter, html_to_text


def test_paragraphs_are_separated_by_one_blank_line() -> None:
    assert html_to_text("<p>one</p>\n\n<p>two</p>") == "one\n\ntwo"


def test_unclosed_paragraph_tags_as_hacker_news_writes_them() -> None:
    assert html_to_text("first<p>second<p>third") == "first\n\nsecond\n\nthird"


def test_line_breaks_keep_lines_apart() -> None:
    assert html_to_text("<p>two<br>lines</p>") == "two\nlines"
    assert html_to_text("x<br><br>y") == "x\n\ny"


def test_lists_bulleted_numbered_and_nested() -> None:
    html = "<ul><li>x<li>y<ul><li>z</ul></ul><ol><li>a<li>b</ol>"
    assert html_to_text(html) == "- x\n- y\n  - z\n\n1. a\n2. b"


def test_nested_block_quotes() -> None:
    html = "<blockquote><p>outer</p><blockquote>inner</blockquote>back</blockquote>after"
    assert html_to_text(html) == "> outer\n>\n> > inner\n>\n> back\n\nafter"


def test_pre_code_keeps_indentation_and_decodes_entities() -> None:
    html = "<pre><code>def f():\n    return 1 &lt; 2\n</code></pre>"
    assert html_to_text(html) == "```\ndef f():\n    return 1 < 2\n```"


def test_inline_code_and_emphasis() -> None:
    assert html_to_text("use <code>ls -l</code>, <i>not</i> <b>rm</b>") == (
        "use `ls -l`, *not* **rm**"
    )


def test_links_show_their_target_once() -> None:
    html = 'see <a href="https://x.org/a">this</a> and <a href="https://y.org">https://y.org</a>'
    assert html_to_text(html) == "see this (https://x.org/a) and https://y.org"


def test_truncated_link_text_is_replaced_by_the_target() -> None:
    html = '<a href="https://example.com/a/long/path">https://example.com/a/...</a>'
    assert html_to_text(html) == "https://example.com/a/long/path"


def test_entities_decoded() -> None:
    assert html_to_text("&amp; &lt;b&gt; &eacute; &#x27;x&#x2F;") == "& <b> é 'x/"


def test_script_and_style_dropped() -> None:
    assert html_to_text("<script>alert(1)</script><style>p{}</style>ok") == "ok"


def test_images_emoji_and_avatars() -> None:
    html = '<img class="avatar" src="a.png"> Elliot: hi <img class="emoji" alt=":smile:" src="e">'
    assert html_to_text(html) == "Elliot: hi :smile:"
    assert html_to_text('<img src="p.png" alt="a cat">') == "[a cat] (p.png)"


def test_table_rows_on_their_own_lines() -> None:
    html = "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
    assert html_to_text(html) == "a | b\n1 | 2"


def test_markup_lookalikes_stay_literal_text() -> None:
    assert html_to_text("<p>[bold red]x[/] [link=http://e]y[/link]</p>") == (
        "[bold red]x[/] [link=http://e]y[/link]"
    )


def test_hostile_and_broken_html_gives_text() -> None:
    assert html_to_text("<<<>>><p <div") == "<<<>>><p <div"
    assert html_to_text("<b>unclosed <i>tags") == "**unclosed *tags"
    assert html_to_text("</blockquote></ul></pre>text") == "text"


def test_plain_text_passes_through() -> None:
    assert html_to_text("  no markup here ") == "no markup here"


@given(st.text(alphabet=st.sampled_from(list("<>/&;#ab pliquoteblockrcd=\"'\n")), max_size=200))
def test_any_input_gives_text_without_raising(source: str) -> None:
    assert isinstance(html_to_text(source), str)


SIMPLE_PIECES = [
    "<p>", "</p>", "<i>", "</i>", "<b>", "</b>", "<em>", "</strong>", "<code>", "</code>", "a",
    "b c", " ", "\n", "\t", "&amp;", "&lt;p&gt;", "&#x27;", "&#13;", "&nbsp;", "\xa0", "&", "&#",
    "&#x1b;", "&bogus;", "é", "x\ny", "\r\n", "<br>", "<br/>", "<br />", "&am", "p;",
    '<a href="https://x.org/a" rel="nofollow">docs</a>', '<a href="https://x.org/">https://x.org</a>',
    '<a href="https:&#x2F;&#x2F;y.org&#x2F;l">https:&#x2F;&#x2F;y.org&#x2F;...</a>', "</a>",
    '<a href="#top">top</a>', '<a href="">e</a>', '<a href="h"> </a>', '<a href="h">a &amp; b</a>',
    '<a href="javascript:x">j</a>', '<a href="https://z.org">…</a>', '<a href="https://x.org">',
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SIMPLE_PIECES), max_size=25))
def test_the_fast_path_gives_the_parser_s_text(
    pieces: list[str],
) -> None:
    source = "".join(pieces)
    converter = _Converter({})
    converter.feed(source)
    converter.close()
    assert html_to_text(source) == (
        converter.result() if "<" in source or "&" in source else source.strip()
    )


def test_an_unclosed_link_at_the_end_keeps_its_target() -> None:
    assert html_to_text('see <a href="https://x.org">the docs') == "see the docs (https://x.org)"
