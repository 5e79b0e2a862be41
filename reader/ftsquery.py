"""FTS5 query text with each prefix (`argu*`) spelled out as the words of the index it covers.

FTS5 answers a prefix by reading and merging the whole posting list of every word it covers
before it gives a first row (twice per search: once to count, once to list), while the same
words joined by OR are walked lazily, newest first, and the walk stops at the limit: at a million
comments `argu*` took 60-120 ms and its words take 4-8 (benchmarks/README.md). `expand`
rewrites a query so and leaves everything else as typed; the store decides which prefixes are
worth it.

Only what this module understands is rewritten: a phrase whose last word (and only that word)
is a prefix, with no `^`, outside `NEAR(...)`, written in ASCII (folded here as the store's
tokenizer folds it). Anything else, or a query this reading of FTS5's grammar does not accept,
is left to FTS5's own prefix search, which gives the same matches more slowly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

# FTS5's query tokens (fts5ExprGetToken): barewords are ASCII letters, digits, "_", 0x1A and
# anything beyond ASCII; a string is in double quotes, "" standing for one.
_TOKEN = re.compile(
    r'(?P<space>[ \t\n\r]+)|(?P<string>"(?:[^"]|"")*")|(?P<word>[A-Za-z0-9_\x1a\x80-\U0010ffff]+)'
    r"|(?P<mark>[(){}:,+*\-^])"
)
_OPERATORS = {"AND", "OR", "NOT"}
_SEPARATORS = {"AND", "OR", "NOT", "(", ")"}
# The words of an ASCII string as the store's tokenizer (unicode61) makes them.
_ASCII_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "word", "string", an operator ("AND", "OR", "NOT") or a mark: "(", "*", ...
    start: int
    end: int
    value: str  # a word or a string's text (quotes taken off)


@dataclass(frozen=True, slots=True)
class Prefix:
    """A phrase ending in a prefix: the words before it (folded) and the prefix itself."""

    words: tuple[str, ...]
    prefix: str


# The words of the index a prefix covers, or None to leave it to FTS5.
WordsOf = Callable[[Prefix], Sequence[str] | None]


@dataclass(frozen=True, slots=True)
class _Unit:
    """One phrase or NEAR group of the query, with its column filter: its place in the text,
    where that filter ends, and the prefix phrase it is (None: it stays as typed)."""

    start: int
    end: int
    body: int  # where the phrase starts (after any `column:`)
    prefix: Prefix | None


def _tokens(query: str) -> list[_Token] | None:
    """The query's tokens, or None where FTS5 would refuse a character or a string."""
    tokens: list[_Token] = []
    place = 0
    while place < len(query):
        found = _TOKEN.match(query, place)
        if found is None:
            return None
        kind = found.lastgroup or ""
        text = found.group()
        if kind == "string":
            tokens.append(
                _Token("string", found.start(), found.end(), text[1:-1].replace('""', '"'))
            )
        elif kind == "word":
            tokens.append(_Token(text if text in _OPERATORS else "word", *found.span(), text))
        elif kind == "mark":
            tokens.append(_Token(text, *found.span(), text))
        place = found.end()
    return tokens


def _is_string(token: _Token | None) -> bool:
    return token is not None and token.kind in ("word", "string")


class _Reader:
    """Reads the query's phrases in order, grouped in runs (phrases side by side, which FTS5
    joins by AND more tightly than any operator); None from a method: not understood."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self, ahead: int = 0) -> _Token | None:
        place = self.at + ahead
        return self.tokens[place] if place < len(self.tokens) else None

    def kind(self, ahead: int = 0) -> str:
        token = self.peek(ahead)
        return token.kind if token is not None else ""

    def runs(self) -> list[list[_Unit]] | None:
        """The runs of phrases, in order; None if not understood (parentheses that do not pair
        up among others)."""
        runs: list[list[_Unit]] = [[]]
        depth = 0
        while self.peek() is not None:
            start = self.at
            if self.kind() not in _SEPARATORS and not self.column_filter():
                return None
            if self.kind() in _SEPARATORS:  # an operator, or a group (`column:(` too)
                if self.at > start and self.kind() != "(":
                    return None
                depth += {"(": 1, ")": -1}.get(self.kind(), 0)
                if depth < 0:
                    return None
                self.at += 1
                runs.append([])
                continue
            unit = self.near(start) if self.kind(1) == "(" else self.phrase(start)
            if unit is None:
                return None
            runs[-1].append(unit)
        return [run for run in runs if run] if depth == 0 else None

    def column_filter(self) -> bool:
        """Step over a `column:`, `-column:` or `{a b}:` if there is one; False if malformed."""
        ahead = 1 if self.kind() == "-" else 0
        if self.kind(ahead) == "{":
            ahead += 1
            while _is_string(self.peek(ahead)):
                ahead += 1
            if self.kind(ahead) != "}" or self.kind(ahead + 1) != ":":
                return False
            self.at += ahead + 2
            return True
        if _is_string(self.peek(ahead)) and self.kind(ahead + 1) == ":":
            self.at += ahead + 2
            return True
        return ahead == 0

    def near(self, start: int) -> _Unit | None:
        """`NEAR(...)` as typed: its phrases stay as FTS5 reads them."""
        self.at += 2
        while self.peek() is not None and self.kind() != ")":
            if self.kind() in _SEPARATORS:
                return None
            self.at += 1
        closing = self.peek()
        if closing is None:
            return None
        self.at += 1
        return _Unit(self.tokens[start].start, closing.end, closing.end, None)

    def phrase(self, start: int) -> _Unit | None:
        """`word`, `"a phrase"`, `a + b`, each part with an optional `*`, and `^` first."""
        body = self.peek()
        if body is None:
            return None
        caret = self.kind() == "^"
        self.at += caret
        parts: list[tuple[str, bool]] = []
        while True:
            token = self.peek()
            if token is None or not _is_string(token):
                return None
            self.at += 1
            starred = self.kind() == "*"
            self.at += starred
            parts.append((token.value, starred))
            if self.kind() != "+":
                break
            self.at += 1
        end = self.tokens[self.at - 1].end
        simple = not caret and not any(starred for _, starred in parts[:-1]) and parts[-1][1]
        prefix = _prefix(parts) if simple else None
        return _Unit(self.tokens[start].start, end, body.start, prefix)


def _prefix(parts: Sequence[tuple[str, bool]]) -> Prefix | None:
    """The phrase's words before its prefix, and the prefix, folded; None beyond ASCII."""
    text = " ".join(value for value, _ in parts)
    if not text.isascii():
        return None
    words = _ASCII_WORD.findall(text.lower())
    return Prefix(tuple(words[:-1]), words[-1]) if words else None


def _runs(query: str) -> list[list[_Unit]] | None:
    tokens = _tokens(query)
    return _Reader(tokens).runs() if tokens is not None else None


class Spelled(NamedTuple):
    """A query with its prefixes spelled out, and the most words one prefix became: bm25
    ranks a prefix spelled as one word (or none) as it ranks the prefix, not one spelled as
    several (each word then weighs on its own)."""

    text: str
    widest: int


def expand(query: str, words_of: WordsOf) -> Spelled:
    """`query` with each prefix phrase replaced by the phrases it covers, joined by OR.

    `words_of` gives the words of the index a prefix covers, or None to leave that prefix to
    FTS5. A prefix that covers no word becomes itself as a word, which no comment holds.
    Phrases side by side are joined by an explicit AND inside parentheses, as FTS5 takes no
    group beside a phrase.
    """
    pieces: list[str] = []
    done = widest = 0
    for run in _runs(query) or []:
        words = [None if unit.prefix is None else words_of(unit.prefix) for unit in run]
        if all(found is None for found in words):
            continue
        widest = max([widest, *(len(found) for found in words if found is not None)])
        texts = [
            query[unit.start : unit.end] if found is None else _spelled(query, unit, found)
            for unit, found in zip(run, words, strict=True)
        ]
        pieces.append(query[done : run[0].start])
        pieces.append(texts[0] if len(texts) == 1 else "(" + " AND ".join(texts) + ")")
        done = run[-1].end
    pieces.append(query[done:])
    return Spelled("".join(pieces), widest)


def _spelled(query: str, unit: _Unit, words: Sequence[str]) -> str:
    """The unit with its prefix spelled out as `words` (the prefix itself if none)."""
    assert unit.prefix is not None
    fixed = unit.prefix.words
    spelled = words or [unit.prefix.prefix]
    phrases = " OR ".join(_quoted(" ".join((*fixed, word))) for word in spelled)
    return f"{query[unit.start : unit.body]}({phrases})"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
