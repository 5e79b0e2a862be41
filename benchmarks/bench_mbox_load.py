"""Time `reader.formats.load` on an mbox beside stdlib `mailbox` iteration of the same file.

    python benchmarks/gen_mbox.py 100000 /tmp/big.mbox
    python benchmarks/bench_mbox_load.py /tmp/big.mbox [--repeat 3] [--no-stdlib]

Prints the machine, the file, the best wall and CPU time of a full load (split, headers,
bodies, threading, the pre-order model), the stages of one load, the peak RSS after loading,
and the stdlib time with the ratio, so the figure holds on a busy machine.
"""

from __future__ import annotations

import argparse
import mailbox
import os
import platform
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.formats import load, read_bytes
from reader.formats.mailthread import build_thread
from reader.formats.mbox import read_messages


def timed(action):
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def stages(path: Path) -> list[tuple[str, float]]:
    """CPU seconds of each step of one load."""
    data, _, read = timed(lambda: read_bytes(path).replace(b"\r\n", b"\n"))
    (messages, _, _), _, parse = timed(lambda: read_messages(data))
    _, _, tree = timed(lambda: build_thread(messages, name="x", format="mbox", source="x"))
    return [("read", read), ("split + headers + bodies", parse), ("threading + model", tree)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mbox", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-stdlib", action="store_true", help="skip the stdlib comparison")
    args = parser.parse_args()

    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, {platform.platform()}")
    print(f"python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}")
    print(f"file: {args.mbox} ({args.mbox.stat().st_size / 1e6:.1f} MB)")
    best_wall = best_cpu = float("inf")
    for _ in range(args.repeat):
        thread, wall, cpu = timed(lambda: load(args.mbox))
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
        messages = sum(1 for c in thread.comments if c.kind != "archive")
        del thread
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"messages: {messages}")
    print(f"load: best of {args.repeat}: {best_wall:.2f} s wall, {best_cpu:.2f} s cpu")
    for name, seconds in stages(args.mbox):
        print(f"  {name}: {seconds:.2f} s cpu")
    print(f"peak RSS after loading: {rss:.0f} MB")
    if not args.no_stdlib:
        count, wall, cpu = timed(lambda: sum(1 for _ in mailbox.mbox(str(args.mbox))))
        print(f"stdlib mailbox iteration ({count} messages): {wall:.2f} s wall, {cpu:.2f} s cpu")
        print(f"ratio load / stdlib: {best_wall / wall:.2f} wall, {best_cpu / cpu:.2f} cpu")


if __name__ == "__main__":
    main()
