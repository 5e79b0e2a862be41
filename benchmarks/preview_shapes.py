"""Time the preview of big files of every shape: `python benchmarks/preview_shapes.py FILE...`.

Options: `--app` (below), `--root DIR` to time the `reader` of another checkout (default: the
one beside this script).

For each file, in a fresh process running the `reader` beside this script: the seconds from
just before the process starts to `load_preview` returning (interpreter start and imports
included), `load_preview` alone (the format modules imported before), and how many comments
the preview holds (0: no preview).
With `--app`, also `app_probe.py app` without keys: process start to the first frame with
comment rows, and to the first frame of the whole thread.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_PROBE = """
import json, sys, time
from pathlib import Path
from reader.formats import formats, load_preview
formats()  # every format module imported (the sniffing needs them): not load_preview's time
started = time.perf_counter()
thread = load_preview(Path(sys.argv[2]))
done = time.time()
print(json.dumps({
    "preview_to_start": done - float(sys.argv[1]),
    "load_preview": time.perf_counter() - started,
    "comments": len(thread) if thread is not None else 0,
}))
"""


def preview_times(path: Path, root: Path) -> dict[str, float]:
    """load_preview in a fresh process: from before its start, and alone."""
    command = [sys.executable, "-c", _PROBE, repr(time.time()), str(path.resolve())]
    done = subprocess.run(command, check=True, cwd=root, capture_output=True, text=True)
    return json.loads(done.stdout)


def app_times(path: Path, root: Path) -> dict[str, float]:
    """First frame and whole-thread frame of the app (app_probe.py, no keys)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.json"
        probe = root / "benchmarks" / "app_probe.py"
        command = [sys.executable, str(probe), "app", str(path.resolve()), str(out)]
        options = ["--start", repr(time.time()), "--presses", "0"]
        subprocess.run([*command, *options], check=True, cwd=root, capture_output=True)
        return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--app", action="store_true", help="time the app's frames too")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to time")
    args = parser.parse_args()
    root = args.root.resolve()
    print("| file | MB | preview comments | start to preview s | load_preview s |", end="")
    print(" first frame s | whole s |" if args.app else "")
    print("|---|---:|---:|---:|---:|" + ("---:|---:|" if args.app else ""))
    for path in args.files:
        times = preview_times(path, root)
        row = (
            f"| {path.name} | {path.stat().st_size / 1e6:.1f} | {times['comments']:,} "
            f"| {times['preview_to_start']:.3f} | {times['load_preview']:.3f} |"
        )
        if args.app:
            app = app_times(path, root)
            row += f" {app['first_frame']:.2f} | {app['whole_frame']:.2f} |"
        print(row, flush=True)


if __name__ == "__main__":
    main()
