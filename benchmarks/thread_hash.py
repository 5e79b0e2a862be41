"""A digest of each file's whole thread, to show that a change to a loader gives the same
threads: `python benchmarks/thread_hash.py [--before ROOT] FILE...`

Hashed: every field of every comment (its body as read, so a body kept in its source form is
converted), the parents array and the thread's own fields. With `--before ROOT` (another
checkout, such as /work/main) each file is loaded there too, in a fresh process, and the line
says whether the two digests are equal. A file that does not load gives its error instead.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
_FIELDS = (
    "id parent_id author created body body_format kind score url extra depth subtree_size"
).split()


def digest(path: Path) -> str:
    """The digest of the thread `reader.formats.load` gives for `path` (or its error)."""
    from reader.formats import ArchiveError, load

    try:
        thread = load(path)
    except ArchiveError as error:
        return f"error: {error}"
    hasher = hashlib.sha256()
    for name in ("id", "title", "format", "source", "skipped", "furniture_lines", "warnings"):
        hasher.update(repr(getattr(thread, name)).encode("utf-8", "surrogatepass"))
    hasher.update(repr(thread.parents).encode())
    for comment in thread.comments:
        values = [getattr(comment, name) for name in _FIELDS]
        values[_FIELDS.index("extra")] = sorted(dict(comment.extra).items())
        hasher.update(repr(values).encode("utf-8", "surrogatepass"))
    return f"{len(thread)} comments {hasher.hexdigest()[:16]}"


def digest_in(root: Path, path: Path) -> str:
    """The digest with `root`'s reader, in a fresh process."""
    done = subprocess.run(
        [sys.executable, __file__, "--one", str(path)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(digest(args.files[0].resolve()))
        return
    differ = 0
    for path in args.files:
        after = digest_in(HERE, path.resolve())
        if args.before is None:
            print(f"{path}: {after}")
            continue
        before = digest_in(args.before.resolve(), path.resolve())
        same = before == after
        differ += not same
        told = "same" if same else "DIFFERENT"
        print(f"{told} {path}: {after}" + ("" if same else f" (before: {before})"))
    if differ:
        sys.exit(f"{differ} file(s) differ")


if __name__ == "__main__":
    main()
