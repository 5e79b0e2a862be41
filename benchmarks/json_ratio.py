"""Whole load against json.loads of the same file: `python benchmarks/json_ratio.py [--before
ROOT] [--runs N] FILE...`

Each round runs, in fresh processes one after the other: the stdlib `json.loads` of the file's
bytes (as `app_probe.py load` times it: the cyclic collector on), then `reader.formats.load`
with each checkout (ROOT first when given, then this one), its format modules imported before
the clock starts as `json` is for json.loads (the app imports them once, before any load:
0.04 s of CPU, which peak_rss.py's script counts in the load). A round's ratio is the load's time
over that round's json.loads, so a machine busy for a while slows both sides of a ratio alike.
Reported: medians over the rounds (fastest in brackets), wall and CPU, and the load's peak RSS
(`ru_maxrss`, imports included) in MB of 10^6 bytes, as the file's size.
"""

from __future__ import annotations

import os
import statistics

from peak_rss import HERE, LOAD, Run, comparison, run

# peak_rss.py's script, the format modules imported first (`formats()` imports them all).
_LOAD = LOAD.replace(
    "from reader.formats import load\n", "from reader.formats import formats, load\nformats()\n"
)

_JSON = (
    "import json, pathlib, sys, time\n"
    "wall, cpu = time.perf_counter(), time.process_time()\n"
    "json.loads(pathlib.Path(sys.argv[1]).read_bytes())\n"
    "print(time.perf_counter() - wall, time.process_time() - cpu, 0)\n"
)


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f})"


def main() -> None:
    args, sides = comparison(__doc__.splitlines()[0], runs=5)
    print(
        "| file | MB | side | load wall s | json.loads wall s | x json.loads (wall) "
        "| load CPU s | json.loads CPU s | x json.loads (CPU) | peak RSS MB | x file |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in args.files:
        path = path.resolve()
        size = path.stat().st_size / 1e6
        stdlib: list[Run] = []
        loads: dict[str, list[Run]] = {name: [] for name, _ in sides}
        for _ in range(args.runs):
            stdlib.append(run(_JSON, HERE, path))
            for name, root in sides:
                loads[name].append(run(_LOAD, root, path))
        for name, got in loads.items():
            wall = [load[0] / json[0] for load, json in zip(got, stdlib, strict=True)]
            cpu = [load[1] / json[1] for load, json in zip(got, stdlib, strict=True)]
            peak = max(mb for _, _, mb in got)
            print(
                f"| {path.name} | {size:.1f} | {name} | {spread([g[0] for g in got])} "
                f"| {spread([s[0] for s in stdlib])} | {spread(wall)} "
                f"| {spread([g[1] for g in got])} | {spread([s[1] for s in stdlib])} "
                f"| {spread(cpu)} | {peak:.0f} | {peak / size:.2f} |"
            )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
