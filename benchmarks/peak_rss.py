"""Peak RSS and time of whole loads: `python benchmarks/peak_rss.py [--before ROOT] FILE...`

Each run is a fresh process doing `reader.formats.load(FILE)`; it reports its `ru_maxrss` (the
peak, imports included) and the wall and CPU time of the load alone (imports excluded; the
CPU time is the median, less disturbed than the wall time by other jobs on the machine). With
`--before ROOT` (another checkout, such as /work/main), the same is run there too, the two
alternating, so a busy machine slows both alike. Sizes in MB (10^6 bytes), as the file's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
LOAD = (  # also json_ratio.py's
    "import resource, sys, time\n"
    "from reader.formats import load\n"
    "wall, cpu = time.perf_counter(), time.process_time()\n"
    "load(sys.argv[1])\n"
    "wall, cpu = time.perf_counter() - wall, time.process_time() - cpu\n"
    "print(wall, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


Run = tuple[float, float, float]  # wall s, CPU s, peak MB


def run(script: str, root: Path, path: Path) -> Run:
    """(wall s, CPU s, peak MB) that `script` prints, run on `path` in a fresh process with
    `root`'s reader importable."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu, peak_kib = done.stdout.split()
    return float(wall), float(cpu), int(peak_kib) * 1024 / 1e6


def comparison(description: str, runs: int) -> tuple[argparse.Namespace, list[tuple[str, Path]]]:
    """The command line of this script and json_ratio.py (FILE..., --before ROOT, --runs N),
    and the checkouts to run, each with its name: ROOT ("before") when given, then this one."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    parser.add_argument("--runs", type=int, default=runs)
    args = parser.parse_args()
    sides = [("after", HERE)] if args.before is None else [("before", args.before), ("after", HERE)]
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    return args, sides


def main() -> None:
    args, sides = comparison(__doc__.splitlines()[0], runs=3)
    print("| file | MB | side | peak RSS MB | x file | load wall s, median (min) | load CPU s |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for path in args.files:
        runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name, _ in sides}
        for _ in range(args.runs):
            for name, root in sides:
                runs[name].append(run(LOAD, root, path.resolve()))
        size = path.stat().st_size / 1e6
        for name, got in runs.items():
            peak = max(mb for _, _, mb in got)
            walls = [wall for wall, _, _ in got]
            cpu = statistics.median(cpu for _, cpu, _ in got)
            print(
                f"| {path.name} | {size:.1f} | {name} | {peak:.0f} | {peak / size:.2f} | "
                f"{statistics.median(walls):.2f} ({min(walls):.2f}) | {cpu:.2f} |"
            )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
