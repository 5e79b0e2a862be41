"""Whole web pages as text browsers dump them: the article, its comments, nothing else."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.formats import detect, load
from reader.formats.text import parse
from reader.model import Thread

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "text"


def tree(thread: Thread) -> list[tuple[int, str | None, str]]:
    """Each comment as (depth, author, body)."""
    return [(c.depth, c.author, c.body) for c in thread.comments[1:]]


def fixture(name: str) -> Thread:
    path = FIXTURES / name
    assert detect(path).name == "text"
    return load(path)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)  # type: ignore[misc]


def test_lynx_dump_german_markers_alone_and_references() -> None:
    thread = fixture("text_dump_lynx_de.txt")
    assert thread.title == "Saatgut tauschen"
    assert tree(thread) == [
        (1, "Anna Weber", "Eine schöne Idee. Ich bringe beim nächsten Mal Kürbiskerne mit, die "
         "sind bei uns im Garten sehr gut gewachsen."),
        (2, "Jonas Keller", "Kürbiskerne nehmen wir gern."),
        (1, "Lena", "Wann ist der nächste Termin?"),
    ]  # fmt: skip
    assert [c.created for c in thread.comments[1:]] == [
        utc(2024, 3, 3, 10, 15),
        utc(2024, 3, 3, 11, 40),
        utc(2024, 3, 4, 8, 5),
    ]
    assert thread.root.body == (
        "Am Samstag haben wir im Gemeindehaus zum ersten Mal Saatgut getauscht. Es kamen mehr "
        "als vierzig Leute, und die Bohnen waren nach einer Stunde weg.\n"
        "https://garten.example/bohnen/\n\nNächstes Jahr machen wir es wieder."
    )
    text = "\n".join([thread.title, *(c.body for c in thread.comments)])
    for furniture in ("[", "Antworten", "Startseite", "Tomaten im Winter", "References", "file:"):
        assert furniture not in text
    assert thread.furniture_lines > 20


def test_lynx_nolist_dump_french() -> None:
    thread = fixture("text_dump_lynx_nolist_fr.txt")
    assert thread.title == "Récolter ses graines de tomates"
    assert tree(thread) == [
        (1, "Marie", "Merci, je vais essayer cette année avec les tomates cerises."),
        (2, "Claire", "Avec plaisir !"),
    ]
    assert thread.comments[2].created == utc(2024, 4, 12, 18, 2)
    assert thread.root.body.startswith("Il suffit de laisser fermenter les graines trois jours")
    assert "Semer les radis" not in thread.root.body


def test_w3m_dump_spanish_and_portuguese_with_avatars() -> None:
    thread = fixture("text_dump_w3m_es.txt")
    assert thread.title == "Semillas de calabaza"
    assert tree(thread) == [
        (1, "Lucía", "¿Sirve cualquier calabaza?"),
        (2, "Pablo", "Mejor las que no son híbridas."),
        (1, "João", "Muito bom, obrigado."),
    ]
    assert thread.root.body == (
        "Guardar semillas de calabaza es fácil: se lavan, se secan al sol durante una semana y "
        "se guardan en un sobre de papel."
    )


def test_elinks_dump_dutch_polish_russian_swedish() -> None:
    thread = fixture("text_dump_elinks_nl_pl.txt")
    assert thread.title == "Zaden drogen op de vensterbank"
    assert tree(thread) == [
        (1, "Pieter", "Goede tip, dank je."),
        (2, "Agnieszka", "Dziękuję, bardzo przydatne."),
        (3, "Иван", "Спасибо за совет."),
        (1, "Ingrid", "Tack för tipset!"),
    ]
    assert all(c.created is None for c in thread.comments)


def test_links2_dump_italian_japanese_and_no_author_line() -> None:
    thread = fixture("text_dump_links2_it_ja.txt")
    assert thread.title == "Come conservare i semi"
    assert tree(thread) == [
        (1, "Giulia", "Io uso le buste del pane."),
        (2, "山田", "とても参考になりました。"),
        (1, None, "Un lettore senza nome scrive che i barattoli vanno bene anche di plastica."),
    ]
    assert thread.comments[2].created == utc(2024, 6, 8, 9, 15)


def test_html2text_dump_markdown_headings() -> None:
    thread = fixture("text_dump_html2text.txt")
    assert thread.title == "Saving lettuce seed"
    assert tree(thread) == [
        (1, "Sam Carter", "I never knew lettuce flowered."),
        (2, "Ruth", "It does, and the bees love it."),
    ]
    assert "\n" not in thread.root.body  # the wrapped paragraph is joined
    assert thread.comments[1].created == utc(2024, 6, 2, 19, 5)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Ann says:", "Ann"),
        ("Anna sagt:", "Anna"),
        ("Amélie dit :", "Amélie"),
        ("Lucía dice:", "Lucía"),
        ("João diz:", "João"),
        ("Pieter schreef:", "Pieter"),
        ("Agnieszka pisze:", "Agnieszka"),
        ("Иван говорит:", "Иван"),
        ("Ingrid skriver:", "Ingrid"),
        ("Giulia ha detto:", "Giulia"),
        ("山田 より:", "山田"),
    ],
)
def test_author_lines_in_many_languages(line: str, author: str) -> None:
    thread = parse(f"T\n\nPost.\n\n  1. {line}\n     Body text.\n", "x")
    assert tree(thread) == [(1, author, "Body text.")]


def test_without_an_author_line_the_author_is_unknown() -> None:
    text = "T\n\nPost.\n\n  1. Maria Rossi\n     thinks this is fine.\n\n  2. Great post, Bob:\n"
    assert [c.author for c in parse(text, "x").comments] == [None, None, None]


def test_reply_and_like_lines_end_no_comment() -> None:
    text = (
        "T\n\nPost.\n\n  1. Ann says:\n     Hello.\n     Reply\n"
        "    • Bob sagt:\n      Hallo.\n\n      Antworten\n"
        "  2. Cy dice:\n     Hola.\n     LikeLiked by 3 people\n     Responder\n"
    )
    thread = parse(text, "x")
    assert tree(thread) == [(1, "Ann", "Hello."), (2, "Bob", "Hallo."), (1, "Cy", "Hola.")]
    assert thread.furniture_lines == 4


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Skip to content",
                "References",
                "   Visible links:",
                "   1. https://a.example/",
                "  • Menu",
                "    1.",
                "   [1]Ann says:",
                "       March 3, 2024 at 10:15 am",
                "       Reply",
                "5 thoughts on “T”",
                "Leave a Reply",
                "",
                "   Text [2]here.",
                "       3. März 2024 um 10:15",
                "10. Olu says:",
                "  * [3]Link",
                "# Heading",
            ]
        ),
        max_size=40,
    )
)
def test_any_dump_gives_a_valid_thread(lines: list[str]) -> None:
    thread = parse("\n".join(lines), "x")
    assert thread.comments[0].kind == "post"
    for index, comment in enumerate(thread.comments[1:], start=1):
        parent_depth = (
            next(c.depth for c in reversed(thread.comments[:index]) if c.id == comment.parent_id)
            if comment.parent_id
            else 0
        )
        assert comment.depth == parent_depth + 1
        assert comment.subtree_size >= 1


# The corpus: lynx and w3m dumps of two saved WordPress pages (counts in the corpus README).

LEMIRE = "JSON parsing: simdjson vs. JSON for Modern C++"
DIVERSE = "Want to See a More Diverse WordPress Contributor Community? So Do We."


def corpus(name: str) -> Thread:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus not present at {path}")
    return load(path)


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
def test_corpus_lemire_dumps(browser: str) -> None:
    thread = corpus(f"{browser}-dump_lemire.me.json.txt")
    assert thread.title == LEMIRE
    assert thread.kind_counts() == {"post": 1, "comment": 5}
    assert thread.authors() == {"degski", "Daniel Lemire", "wmu"}
    assert thread.max_depth() == 2
    assert [c.depth for c in thread.comments] == [0, 1, 1, 2, 1, 2]
    assert thread.comments[1].created == utc(2019, 8, 3, 4, 11)
    assert thread.root.body.startswith("JSON is the ubiquitous data format on the Internet.")
    assert thread.root.body.endswith("Link: simdjson.") or "Link: simdjson." in thread.root.body
    for comment in thread.comments:
        assert "My home page" not in comment.body
        assert not comment.body.endswith("Reply")
    assert "In contrast, simdjson optimizes for speed, even when it requires" in (
        thread.comments[4].body
    )


def test_corpus_lynx_lemire_links_restored_from_references() -> None:
    thread = corpus("lynx-dump_lemire.me.json.txt")
    assert "https://github.com/nlohmann/json" in thread.root.body
    assert "[50]" not in thread.root.body
    assert all("https://lemire.me/blog/2019/08/02" not in c.body for c in thread.comments)


@pytest.mark.parametrize("browser", ["lynx", "w3m"])
def test_corpus_wordpress_com_dumps(browser: str) -> None:
    thread = corpus(f"{browser}-dump_blog.wordpress.com.diverse.txt")
    assert thread.title == DIVERSE
    assert thread.kind_counts() == {"post": 1, "comment": 13}
    assert len(thread.authors()) == 12
    assert thread.comments[1].author == "JanBeek"
    assert thread.comments[1].body.startswith("Are there workshops available")
    assert thread.root.body.startswith("More diverse speakers at WordCamps")
    # lynx draws JanBeek's reply to Andrea's reply at Andrea's column with the same bullet:
    # the dump does not hold the third level the page has.
    assert thread.max_depth() == (3 if browser == "w3m" else 2)
    assert all("LikeLiked" not in c.body for c in thread.comments)


@pytest.mark.parametrize("step", [2, 5, 6])
def test_nesting_by_steps_of_two_to_six(step: int) -> None:
    def item(depth: int, marker: str, name: str) -> str:
        pad = " " * (step * depth)
        return f"{pad}{marker} {name} says:\n{pad}  Text of {name}.\n"

    items = [(1, "1.", "A"), (2, "o", "B"), (3, "-", "C"), (2, "+", "D"), (1, "2.", "E")]
    text = "T\n\nPost.\n\n" + "".join(item(*parts) for parts in items)
    thread = parse(text, "x")
    assert [(c.depth, c.author) for c in thread.comments[1:]] == [
        (1, "A"), (2, "B"), (3, "C"), (2, "D"), (1, "E"),
    ]  # fmt: skip
    assert thread.comments[3].body == "Text of C."
