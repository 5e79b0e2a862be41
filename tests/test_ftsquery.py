"""A search query's prefixes spelled out as the words they cover (reader.ftsquery)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from reader.ftsquery import Prefix, expand

WORDS = {
    "argu": ["argue", "argument"],
    "be": ["bed", "been"],
    "ab": ["abby", "abe"],
    "zq": [],
}


def words_of(prefix: Prefix) -> Sequence[str] | None:
    """The index's words for a prefix; None ("too many") for any prefix not listed."""
    return WORDS.get(prefix.prefix)


@pytest.mark.parametrize(
    "query",
    [
        '"agree disagree"',
        "evidence NOT history",
        "author:user7",
        '(a OR b) AND "c d"',
        'title:garden AND note:"ask about"',
        "NEAR(argu* data, 2)",  # a NEAR group takes no OR inside
        "^argu*",  # the first word of a column: FTS5 has no `^(...)`
        "argu* + data",  # a prefix before the end of a phrase
        "évi*",  # beyond ASCII: folded by the tokenizer, not here
        "a*",  # too many words
        "argu**",
        "data (argu*",
        '"unterminated argu*',
    ],
)
def test_a_query_without_a_prefix_to_spell_out_stays_as_typed(query: str) -> None:
    assert expand(query, words_of).text == query


@pytest.mark.parametrize(
    ("query", "spelled"),
    [
        ("argu*", '("argue" OR "argument")'),
        ("Argu *", '("argue" OR "argument")'),
        ('"argu"*', '("argue" OR "argument")'),
        ("argu* OR data", '("argue" OR "argument") OR data'),
        # Phrases side by side bind more tightly than NOT: the run keeps its parentheses.
        ("data NOT argu* point", 'data NOT (("argue" OR "argument") AND point)'),
        ("data argu*", '(data AND ("argue" OR "argument"))'),
        ('"raised be"*', '("raised bed" OR "raised been")'),
        ("raised + be*", '("raised bed" OR "raised been")'),
        ("author:ab*", 'author:("abby" OR "abe")'),
        ("-author:ab*", '-author:("abby" OR "abe")'),
        ("{title author}:ab*", '{title author}:("abby" OR "abe")'),
        ("author:(argu* data)", 'author:((("argue" OR "argument") AND data))'),
        ('data NOT author:ab* "x y"', 'data NOT (author:("abby" OR "abe") AND "x y")'),
        ("zq*", '("zq")'),  # covers no word: the prefix alone, which no comment holds
        ('"raised zq"*', '("raised zq")'),
    ],
)
def test_a_prefix_becomes_the_words_it_covers(query: str, spelled: str) -> None:
    assert expand(query, words_of).text == spelled


def test_prefixes_are_looked_up_as_the_tokenizer_folds_them() -> None:
    asked: list[Prefix] = []

    def recorded(prefix: Prefix) -> Sequence[str] | None:
        asked.append(prefix)
        return words_of(prefix)

    expand('author:Ab* AND "Raised be"* NOT x_Argu* ^skip* NEAR(no* way)', recorded)
    assert asked == [Prefix((), "ab"), Prefix(("raised",), "be"), Prefix(("x",), "argu")]


def test_the_widest_prefix_is_told_as_bm25_ranks_one_word_as_its_prefix() -> None:
    assert expand("argu* OR author:ab*", words_of).widest == 2
    assert expand("zq* data", words_of).widest == 0
    assert expand("data", words_of).widest == 0
