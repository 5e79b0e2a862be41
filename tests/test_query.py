"""What a typed search means (smart case, regex, spans) and the dates a filter accepts."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from reader.formats import load
from reader.search import Query, QueryError, SearchIndex, date_range, parse_when, toggle_regex
from tests.conftest import FIXTURES

BASIC = FIXTURES / "thread_basic.txt"
POST, ALICE, BOB, CAROL, DAVE, ERIN, BOB2, ALICE2, FRANK = range(9)


def test_smart_case_lower_case_ignores_case_and_a_capital_matches_it() -> None:
    lower = Query.parse("reply")
    assert not lower.case_sensitive and not lower.regex
    assert lower.spans("A Reply, a REPLY and a reply") == [(2, 7), (11, 16), (23, 28)]
    capital = Query.parse("Reply")
    assert capital.case_sensitive
    assert capital.spans("A Reply, a REPLY and a reply") == [(2, 7)]


def test_plain_text_is_not_a_pattern() -> None:
    query = Query.parse("a.b (c)")
    assert query.spans("a.b (c) axb c") == [(0, 7)]
    assert query.spans("axb c") == []


def test_the_re_prefix_makes_a_regex_with_smart_case_past_its_escapes() -> None:
    query = Query.parse("re: gre+p\\s")
    assert query.regex and query.body == "gre+p\\s"
    assert query.spans("ripgrep greeep GREP x") == [(3, 8), (8, 15), (15, 20)]
    assert not query.case_sensitive, "\\s is a class, not a capital letter"
    assert not Query.parse("re:\\S+").case_sensitive
    assert Query.parse("re:G\\w").case_sensitive


def test_a_bad_regex_is_one_line_not_a_crash() -> None:
    with pytest.raises(QueryError) as raised:
        Query.parse("re:(unclosed")
    assert str(raised.value).startswith("not a regular expression: missing ), unterminated")
    assert "\n" not in str(raised.value)
    assert Query.parse("(unclosed").spans("an (unclosed paren") == [(3, 12)], "text: no regex"


def test_empty_matches_mark_nothing() -> None:
    assert Query.parse("re:x*").spans("abc") == []
    assert Query.parse("  ").empty and Query.parse("re:").empty
    assert Query.parse("").spans("anything") == []


def test_toggle_regex_adds_and_takes_off_the_prefix() -> None:
    assert toggle_regex("fo+") == "re:fo+"
    assert toggle_regex("re:fo+") == "fo+"
    assert toggle_regex("") == "re:"


def test_search_index_finds_by_regex_and_by_text_over_authors_and_bodies() -> None:
    index = SearchIndex(load(BASIC))
    assert index.find("re:^(bob|erin)$") == [BOB, ERIN, BOB2]
    assert index.find("re:Reply|Deep") == [BOB, CAROL, DAVE]
    assert index.find("DEEPEST") == [], "a capital matches case"
    assert index.find("deepest") == [DAVE]
    with pytest.raises(QueryError):
        index.find("re:[")


NEWEST = datetime(2024, 3, 10, 12, 0, tzinfo=timezone.utc)


def test_dates_and_ages() -> None:
    assert parse_when("2024-01-31", NEWEST) == datetime(2024, 1, 31, tzinfo=timezone.utc)
    assert parse_when(" 7d ", NEWEST) == datetime(2024, 3, 3, 12, 0, tzinfo=timezone.utc)
    assert parse_when("2w", NEWEST) == datetime(2024, 2, 25, 12, 0, tzinfo=timezone.utc)
    assert parse_when("12h", NEWEST) == datetime(2024, 3, 10, 0, 0, tzinfo=timezone.utc)
    assert parse_when("", NEWEST) is None
    noon = datetime(2024, 3, 3, 12, 30, tzinfo=timezone.utc)
    assert parse_when("2024-03-03 12:30", NEWEST) == noon
    with pytest.raises(ValueError, match="'last tuesday' is not a date"):
        parse_when("last tuesday", NEWEST)


def test_a_date_range_keeps_its_end_day_month_or_year_whole() -> None:
    utc = timezone.utc
    assert date_range("2024-01-01", "2024-01-31", NEWEST) == (
        datetime(2024, 1, 1, tzinfo=utc),
        datetime(2024, 2, 1, tzinfo=utc),
    )
    assert date_range("", "2023-12", NEWEST) == (None, datetime(2024, 1, 1, tzinfo=utc))
    assert date_range("", "2023", NEWEST) == (None, datetime(2024, 1, 1, tzinfo=utc))
    assert date_range("7d", "", NEWEST) == (datetime(2024, 3, 3, 12, tzinfo=utc), None)
    assert date_range("", "2024-03-03 12:30", NEWEST) == (
        None,
        datetime(2024, 3, 3, 12, 30, tzinfo=utc),
    ), "a time is a moment, not a whole day"
    with pytest.raises(ValueError, match="the start is not before the end"):
        date_range("2024-02-01", "2024-01-01", NEWEST)
    with pytest.raises(ValueError, match="give a start, an end, or both"):
        date_range(" ", "", NEWEST)
