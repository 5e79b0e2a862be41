"""JSON for importers: the iterative parser agrees with `json`, and depth is no limit."""

from __future__ import annotations

import json
from json import JSONDecodeError
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.formats import ArchiveError
from reader.formats.jsontext import loads_deep, parse_json

VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(alphabet=st.characters(codec="utf-8")),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


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
