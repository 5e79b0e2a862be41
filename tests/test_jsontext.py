"""JSON for importers: the deep parsers agree with `json`, and depth is no limit."""

from __future__ import annotations

import json
from collections.abc import Callable
from json import JSONDecodeError
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.formats import ArchiveError
from reader.formats.jsontext import (
    loads_deep,
    loads_skeletons,
    narrow_decode,
    parse_json,
    parse_text,
)
from tests.conftest import examples


def same(first: object, second: object) -> bool:
    """Deep equality without recursion (== on a 2,000-level document would overflow)."""
    pending = [(first, second)]
    while pending:
        one, other = pending.pop()
        if type(one) is not type(other):
            return False
        if isinstance(one, dict) and isinstance(other, dict):
            if list(one) != list(other):
                return False
            pending.extend((one[key], other[key]) for key in one)
        elif isinstance(one, list) and isinstance(other, list):
            if len(one) != len(other):
                return False
            pending.extend(zip(one, other, strict=True))
        elif one != other:
            return False
    return True


def deep_document(value: object, depth: int) -> tuple[str, object]:
    """JSON text `depth` levels deep with `value` beside each level, and what it parses to."""
    text = ('{"v":' + json.dumps(value) + ',"x":[') * depth + "[]" + "]}" * depth
    expected: object = []
    for _ in range(depth):
        expected = {"v": value, "x": [expected]}
    return text, expected


def json_values(max_leaves: int) -> st.SearchStrategy[object]:
    """Any JSON value, up to `max_leaves` scalars."""
    return st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(alphabet=st.characters(codec="utf-8")),
        lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
        max_leaves=max_leaves,
    )


VALUES = json_values(30)


@given(value=VALUES, indent=st.sampled_from([None, 0, 2]))
def test_the_deep_parser_reads_what_json_wrote(value: object, indent: int | None) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    assert loads_deep(text) == value


@given(value=VALUES, cut=st.integers(min_value=0))
def test_the_deep_parser_fails_where_json_fails(value: object, cut: int) -> None:
    text = json.dumps(value)
    broken = text[: cut % (len(text) + 1)] + ("" if cut % 3 else "]")
    try:
        expected = json.loads(broken)
    except JSONDecodeError as error:
        with pytest.raises(JSONDecodeError) as caught:
            loads_deep(broken)
        assert (caught.value.msg, caught.value.pos) == (error.msg, error.pos)
    else:
        assert loads_deep(broken) == expected


# The value is repeated beside every level: kept small, as its shapes are tested above, shallow.
@settings(deadline=None, max_examples=examples(30))
@given(
    value=json_values(6) | st.sampled_from(['"[{\\"}]"', "Infinity", "NaN", '"\\u0000"']),
    depth=st.integers(min_value=1_000, max_value=1_600),
)
def test_deep_documents_parse_to_what_they_hold(value: object, depth: int) -> None:
    text, expected = deep_document(value, depth)
    assert same(parse_json(text.encode(), Path("deep.json")), expected)
    assert same(loads_deep(text), expected)


def test_pieces_hand_back_their_deep_children_in_order() -> None:
    text, expected = deep_document({"s": "] } [ {", "n": [1, 2.5, None]}, 2_500)
    assert same(loads_skeletons(text), expected)
    with_nan = text.replace('"n": [1', '"n": [NaN', 1)
    parsed = loads_skeletons(with_nan)  # Infinity stands in for the deep children instead
    assert parsed["v"]["n"][0] != parsed["v"]["n"][0]
    both = with_nan.replace("2.5", "Infinity", 1)
    with pytest.raises(ValueError):
        loads_skeletons(both)  # no stand-in is free: parse_json goes to loads_deep
    assert parse_json(both.encode(), Path("both.json"))["v"]["n"][1] == float("inf")


def test_nesting_far_past_the_recursion_limit_parses(tmp_path: Path) -> None:
    depth = 200_000
    document = parse_json(b'{"a":' * depth + b"1" + b"}" * depth, tmp_path / "deep.json")
    levels = 0
    while isinstance(document, dict):
        document = document["a"]
        levels += 1
    assert (levels, document) == (depth, 1)


def test_a_broken_deep_document_names_line_and_column(tmp_path: Path) -> None:
    text = b"[" * 5000 + b"\n  [1,,]" + b"]" * 5000
    with pytest.raises(ArchiveError) as caught:
        parse_json(text, tmp_path / "broken.json")
    assert caught.value.where == "line 2 column 6"
    assert caught.value.what == "Expecting value"


def real_strings(value: object, real: Callable[[str], str]) -> object:
    """`value` with `real` applied to every string in it, keys included."""
    if isinstance(value, str):
        return real(value)
    if isinstance(value, list):
        return [real_strings(item, real) for item in value]
    if isinstance(value, dict):
        return {real(key): real_strings(item, real) for key, item in value.items()}
    return value


@given(value=VALUES, ascii_escapes=st.booleans())
def test_narrow_text_gives_the_same_strings_back(value: object, ascii_escapes: bool) -> None:
    data = json.dumps(value, ensure_ascii=ascii_escapes).encode()
    text, real = narrow_decode(data)
    assert real_strings(parse_text(text, Path("x.json"), None, real), real) == json.loads(data)


def test_emoji_raw_in_utf8_cost_one_byte_a_character_not_four() -> None:
    body = "caf\u00e9 \U0001f604 \u6771\u4eac"
    text, real = narrow_decode(json.dumps({"body": body, "n": 1}, ensure_ascii=False).encode())
    assert max(text) <= "\xff"  # one byte a character in memory
    assert real(parse_text(text, Path("x.json"), None, real)["body"]) == body


def test_invalid_utf8_reads_as_replacement_characters_either_way() -> None:
    data = b'{"a": "ok \xff\xfe then \xe2\x82 cut", "b": "\xf0\x9f\x98\x84"}'
    text, real = narrow_decode(data)
    narrow = real_strings(parse_text(text, Path("x.json"), None, real), real)
    assert narrow == parse_json(data, Path("x.json"))


def test_a_broken_narrow_document_names_the_column_in_characters(tmp_path: Path) -> None:
    data = '[\n  {"a": "\U0001f604\u00e9\u6771"},, 1]'.encode()
    text, real = narrow_decode(data)
    with pytest.raises(ArchiveError) as caught:
        parse_text(text, tmp_path / "broken.json", None, real)
    assert caught.value.where == "line 2 column 16"  # counted in characters, not bytes
    with pytest.raises(ArchiveError) as exact:
        parse_json(data, tmp_path / "broken.json")
    assert exact.value.where == caught.value.where


def test_the_object_hook_sees_every_object_of_a_deep_document_innermost_first() -> None:
    depth = 3000  # past the recursion limit: read in pieces, each with the hook
    data = ('{"n":' * depth + "0" + "}" * depth).encode()

    def count(value: dict[str, object]) -> object:
        inner = value["n"]
        return inner + 1 if isinstance(inner, int) else inner

    assert parse_json(data, Path("deep.json"), count) == depth
    assert loads_deep(data.decode(), count) == depth
