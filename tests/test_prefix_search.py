"""Prefix queries searched as the words they cover find what FTS5's own prefix search finds."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import library
from reader import store as store_module
from reader.formats import load
from reader.ftsquery import expand
from reader.store import BadQuery, Store

PER_FILE = 100
FILES = 3
AUTHORS = ["Abby Stone", "Abe Ford", "Abel Marsh", "Bob Reyes", "Carla Diaz"]
VOCABULARY = (
    "argue argued argues arguing argument arguments raised bed beds been being evidence event "
    "ever agree disagree about the of and data point history"
).split()
# Words that only a few comments hold: `item*` covers 150 of them (spelled out), `tag*` 300
# (more than PREFIX_WORDS_AT_MOST: left to FTS5's own prefix search).
ITEMS, TAGS = 150, 300

QUERIES = [
    "argu*",
    "ev*",
    "Argu*",
    "disag*",  # one word: ranked by the spelled query, as bm25 ranks it alike
    "author:carl* OR histor*",
    '"raised be"*',
    "raised + be*",
    "author:ab*",
    "author:ab* argu*",
    "argu* NOT author:abel",
    "evidence NOT argu* bed",
    "(argu* OR bed) AND ev*",
    "{author body}:ab*",
    "-author:ab* agree",
    "title:gener* OR bed",
    "item*",
    "zq*",
    "author:zq* OR bed",
    "tag*",
    '"agree disagree"',
    "data NOT history",
]
LEFT_AS_TYPED = {"tag*", '"agree disagree"', "data NOT history"}
Row = tuple[str, str]  # a match's file and comment id


def write_archive(path: Path, number: int, rng: random.Random) -> None:
    """A text archive of PER_FILE comments drawn from VOCABULARY, each with an item and a tag."""
    lines = [f"A generated thread number {number}", "", "The post.", ""]
    for index in range(PER_FILE):
        serial = number * PER_FILE + index
        words = rng.choices(VOCABULARY, k=rng.randint(4, 30))
        words[rng.randrange(len(words))] += f" item{serial % ITEMS} tag{serial % TAGS}"
        lines += [
            f"   {index + 1}. {rng.choice(AUTHORS)} says:",
            "",
            "      " + " ".join(words),
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store indexing FILES generated archives."""
    folder = tmp_path_factory.mktemp("prefix")
    rng = random.Random(12)
    with Store.open(folder / "data") as opened:
        for number in range(FILES):
            path = folder / f"thread{number}.txt"
            write_archive(path, number, rng)
            assert library.index_thread(opened, load(path), path) == PER_FILE + 1
        yield opened


@pytest.fixture
def store(indexed: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The generated store, where every prefix is worth spelling out: its postings fit in a
    few pages, which FTS5 reads faster than it would search a word."""
    monkeypatch.setattr(Store, "_extent", lambda self, low, high: (1_000_000, 0))
    return indexed


def typed_answer(store: Store, query: str, order: str = "comments_fts.rowid DESC") -> list[Row]:
    """What FTS5 itself finds for the query as typed: (file, comment id), latest indexed first
    (or in another order)."""
    rows = store._read(
        "SELECT f.path, c.comment_id FROM comments_fts"
        " JOIN comments c ON c.id = comments_fts.rowid JOIN indexed_files f ON f.id = c.file_id"
        f" WHERE comments_fts MATCH ? ORDER BY {order}",
        (query,),
    )
    return [(str(path), str(comment)) for path, comment in rows]


def found(store: Store, query: str, limit: int) -> list[Row]:
    return [(m.path, m.comment_id) for m in store.search(query, limit=limit)]


def test_prefixes_are_spelled_out_except_where_they_cover_too_many_words(store: Store) -> None:
    for query in QUERIES:
        spelled = expand(query, store._prefix_words).text
        assert (spelled == query) == (query in LEFT_AS_TYPED), (query, spelled)
    assert expand("item*", store._prefix_words).text.count(" OR ") == ITEMS - 1


def test_the_same_comments_are_found_as_by_fts5s_own_prefix_search(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for query in QUERIES:
        answer = typed_answer(store, query)
        assert set(found(store, query, limit=FILES * PER_FILE + 1)) == set(answer), query
        assert answer or query in ("zq*",), f"{query} finds nothing: a test that cannot fail"
        best = typed_answer(store, query, order="rank, comments_fts.rowid")[:20]
        assert found(store, query, limit=20) == best, query  # ranked as before
    monkeypatch.setattr(store_module, "RANKED_AT_MOST", 0)  # every search latest first
    for query in QUERIES:
        assert found(store, query, limit=20) == typed_answer(store, query)[:20], query


def test_excerpts_mark_the_words_a_prefix_covers(store: Store) -> None:
    for query, covered in [
        ("argu*", re.compile(r"argu\w*")),
        ('"raised be"*', re.compile(r"raised|be\w*")),  # an excerpt may end inside the phrase
        ("author:ab*", re.compile(r"ab\w*")),
    ]:
        matches = store.search(query)
        assert matches, query
        for match in matches:
            marked = [text for text, hit in match.excerpt_parts() if hit]
            words = " ".join(marked).lower().split()
            assert words and all(covered.fullmatch(word) for word in words), (query, marked)


def test_a_prefix_that_covers_no_word_finds_nothing(store: Store) -> None:
    assert store.search("zq*") == []
    assert store.search('"raised zq"*') == []
    assert {m.author for m in store.search("author:zq* OR author:bob")} == {"Bob Reyes"}


def test_a_bad_query_with_a_prefix_is_told_as_typed(store: Store) -> None:
    with pytest.raises(BadQuery) as caught:
        store.search("argu* AND")
    assert str(caught.value) == "bad search query 'argu* AND': syntax error near \"\""


def test_a_prefix_whose_postings_fit_in_a_few_pages_is_left_to_fts5(indexed: Store) -> None:
    """Here FTS5 reads every posting of a prefix faster than it would search its words."""
    for query in ("argu*", "author:ab*", "item*"):
        assert expand(query, indexed._prefix_words).text == query
        assert set(found(indexed, query, limit=FILES * PER_FILE)) == set(
            typed_answer(indexed, query)
        )
    assert expand("zq*", indexed._prefix_words).text == '("zq")'  # no word: found at once


def test_where_fts5s_tables_read_otherwise_its_own_prefix_search_runs(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_WORDS_BETWEEN", "SELECT term FROM no_such_words")
    for query in ("argu*", "author:ab* argu*"):
        assert expand(query, store._prefix_words).text == query
        answer = typed_answer(store, query)
        assert answer and set(found(store, query, limit=FILES * PER_FILE)) == set(answer)
