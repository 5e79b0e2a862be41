"""Extreme archives at full size, each loaded in a fresh process: time, comments, peak RSS.

    python benchmarks/extremes.py [--chain 100000] [--siblings 1000000] [--cycle 100000]
                                  [--line-mb 50] [--formats reddit,mbox,...]

A 100,000-deep reply chain and 1,000,000 siblings in every format (the text archive's chain
stops at 3,000: its indentation makes a chain n² bytes), a reply ring in every format whose
comments name their parents, and one line of 50 MB in the text archive and in JSON. The
shapes are those of tests/extremes.py, which tests/test_extremes.py runs at small sizes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import extremes

TEXT_CHAIN = 3000


def measure(path: Path, format: str) -> dict[str, object]:
    """Load `path` as `format` here and say how it went (run in the child process)."""
    from reader.formats import ArchiveError, formats, load

    formats()  # the format modules imported before the clock starts
    started = time.perf_counter()
    try:
        thread = load(path, format)
        outcome: dict[str, object] = {"comments": len(thread), "depth": thread.max_depth()}
    except ArchiveError as error:
        outcome = {"refused": str(error)}
    outcome["seconds"] = round(time.perf_counter() - started, 2)
    outcome["peak_mb"] = peak_mb()
    return outcome


def peak_mb() -> int:
    """This process's peak RSS: VmHWM (ru_maxrss on Linux keeps the parent's across exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def run_case(label: str, format: str, data: bytes, folder: Path) -> None:
    path = folder / "archive"
    path.write_bytes(data)
    size_mb = len(data) / 1e6
    del data
    child = subprocess.run(
        [sys.executable, __file__, "--measure", str(path), format],
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        print(f"| {label} | {format} | {size_mb:.1f} | CRASH: {child.stderr.strip()[-300:]} |")
        return
    result = json.loads(child.stdout)
    shown = (
        f"{result['comments']:,} comments, depth {result['depth']:,}"
        if "comments" in result
        else f"refused: {result['refused']}"
    )
    print(
        f"| {label} | {format} | {size_mb:.1f} | {shown} | {result['seconds']} | "
        f"{result['peak_mb']} |",
        flush=True,
    )


def long_line(megabytes: int) -> dict[str, bytes]:
    line = "word " * (megabytes * 200_000)
    text = f"Title\n\nPost.\n\n  1. Ann says:\n    {line}\n".encode()
    toot = extremes.mastodon(extremes.siblings(1)).replace(b"<p>c2</p>", line.encode())
    return {"text": text, "mastodon": toot}


def main() -> int:
    if sys.argv[1:2] == ["--measure"]:
        print(json.dumps(measure(Path(sys.argv[2]), sys.argv[3])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chain", type=int, default=100_000)
    parser.add_argument("--siblings", type=int, default=1_000_000)
    parser.add_argument("--cycle", type=int, default=100_000)
    parser.add_argument("--line-mb", type=int, default=50)
    parser.add_argument("--formats", default=",".join(extremes.WRITERS))
    args = parser.parse_args()
    chosen = args.formats.split(",")
    print("| case | format | file MB | result | load s | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        for format in chosen:
            depth = min(args.chain, TEXT_CHAIN) if format == "text" else args.chain
            run_case(
                f"chain {depth:,}", format, extremes.WRITERS[format](extremes.chain(depth)), where
            )
        for format in chosen:
            shape = extremes.siblings(args.siblings)
            run_case(f"siblings {args.siblings:,}", format, extremes.WRITERS[format](shape), where)
        for label, (format, writer) in extremes.CYCLIC.items():
            if format in chosen:
                run_case(
                    f"{label} ring {args.cycle:,}",
                    format,
                    writer(extremes.cycle(args.cycle)),
                    where,
                )
        for format, data in long_line(args.line_mb).items():
            if format in chosen:
                run_case(f"one {args.line_mb} MB line", format, data, where)
    return 0


if __name__ == "__main__":
    sys.exit(main())
