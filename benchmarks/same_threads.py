"""Whether two checkouts read the same threads, field by field.

    python benchmarks/same_threads.py --before ROOT FILE...

Each FILE is loaded in a fresh process by each checkout (this one and ROOT, such as
/work/main), and every field of the thread (id, title, format, skipped, warnings, parents)
and of every comment (id, parent, author, date, body as read, kind, extra, depth, subtree
size ...) is written out, with the same for the preview of its first PREVIEW_BYTES where the
format has one (a file that is not read gives its error instead). The two dumps are compared
byte for byte; a difference names its first line.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
DUMP = """
import sys
from pathlib import Path
from reader.formats import PREVIEW_BYTES, ArchiveError, detect, load
from reader.model import _FIELDS

def dump(thread):
    shown = (thread.id, thread.title, thread.format, thread.source, thread.skipped,
             thread.furniture_lines, thread.warnings, thread.parents, thread.openers)
    sys.stdout.write(repr(shown) + "\\n")
    for comment in thread.comments:
        fields = [getattr(comment, name) for name in _FIELDS]
        fields[_FIELDS.index("created")] = comment.created and comment.created.isoformat()
        sys.stdout.write(repr(fields) + "\\n")

path = Path(sys.argv[1])
try:
    thread = load(path)
except ArchiveError as error:
    sys.stdout.write(f"not read: {error}\\n")
    sys.exit()
dump(thread)
fmt = detect(path)
if fmt.preview is not None and path.is_file():
    with path.open("rb") as handle:
        head = handle.read(PREVIEW_BYTES)
    if not head.startswith(b"\\x1f\\x8b"):
        sys.stdout.write("preview\\n")
        try:
            dump(fmt.preview(path, head))
        except Exception as error:  # the app shows no preview then (load_preview)
            sys.stdout.write(f"no preview: {error!r}\\n")
"""


def dumped(root: Path, path: Path) -> bytes:
    """Every field of the thread (and preview) that `root`'s reader reads from `path`."""
    return subprocess.run(
        [sys.executable, "-c", DUMP, str(path.resolve())],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        check=True,
    ).stdout


def first_difference(before: bytes, after: bytes) -> int:
    """The number of the first line where two dumps differ."""
    for number, (old, new) in enumerate(
        zip(before.splitlines(), after.splitlines(), strict=False), 1
    ):
        if old != new:
            return number
    return min(before.count(b"\n"), after.count(b"\n")) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--before", type=Path, required=True, help="the other checkout")
    args = parser.parse_args()
    differing = 0
    for path in args.files:
        before, after = dumped(args.before, path), dumped(HERE, path)
        digest = hashlib.sha256(after).hexdigest()[:16]
        if before == after:
            print(f"same       {digest}  {path}")
        else:
            differing += 1
            print(f"DIFFERENT  line {first_difference(before, after)}  {path}")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
