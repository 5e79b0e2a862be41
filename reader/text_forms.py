"""How counts and sizes are written everywhere: "1 point", "2 points", "100,007 comments"."""

from __future__ import annotations


def number(count: int) -> str:
    """A count with thousands separators: 100007 -> "100,007"."""
    return f"{count:,}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """The count and the word, in the plural unless the count is exactly one.

    `words` is the plural where adding an "s" is wrong ("reply" -> "replies").
    """
    if count == 1:
        return f"1 {word}"
    return f"{number(count)} {words or word + 's'}"


def size(byte_count: int) -> str:
    """A file size in bytes, kB, MB or GB (powers of 1,000, one decimal from MB up)."""
    if byte_count < 1000:
        return plural(byte_count, "byte")
    if byte_count < 1000**2:
        return f"{byte_count / 1000:.0f} kB"
    if byte_count < 1000**3:
        return f"{byte_count / 1000**2:.1f} MB"
    return f"{byte_count / 1000**3:.1f} GB"


# What a comment kind is called when counted ("2 deleted", not "2 deleteds").
_KIND_WORDS = {
    "comment": ("comment", "comments"),
    "post": ("post", "posts"),
    "pingback": ("pingback", "pingbacks"),
    "deleted": ("deleted", "deleted"),
    "more": ("more-stub", "more-stubs"),
    "archive": ("archive", "archives"),
}


def kind_count(count: int, kind: str) -> str:
    """A count of comments of one kind: "1 comment", "3 deleted", "2 more-stubs"."""
    word, words = _KIND_WORDS.get(kind, (kind, kind))
    return plural(count, word, words)
