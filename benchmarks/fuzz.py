"""The long fuzzing run: every importer on hostile archives, a Thread or an ArchiveError only.

    python benchmarks/fuzz.py --examples 400

Uses the strategies of tests/fuzzing.py (the suite runs a dozen of each). Each example is
loaded sniffed and as every file format. Prints each distinct crash (exception type and the
line that raised it) with the input's first bytes, and exits 1 if there was any.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fuzzing

Crash = tuple[str, str, int]


class Runner:
    """Loads each example and keeps the first input of each distinct crash."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.examples = 0
        self.loads = 0
        self.crashes: dict[Crash, bytes] = {}

    def run(self, data: bytes, names: list[str] | None = None) -> None:
        path = self.folder / "archive"
        path.write_bytes(data)
        self.examples += 1
        for name in [None, *(fuzzing.FILE_FORMATS if names is None else names)]:
            self.loads += 1
            try:
                fuzzing.check_one(path, name)
            except Exception as error:  # every crash is reported, none stops the run
                frame = traceback.extract_tb(error.__traceback__)[-1]
                key = (type(error).__name__, frame.filename, frame.lineno or 0)
                if key not in self.crashes:
                    self.crashes[key] = data
                    print(f"CRASH as {name}: {key} {str(error)[:200]}", flush=True)
                    print(f"  input: {data[:300]!r}", flush=True)


def drive(runner: Runner, strategy: st.SearchStrategy[bytes], chosen: settings) -> None:
    """Run `chosen` many examples of `strategy` through the runner."""

    @chosen
    @given(strategy)
    def target(data: bytes) -> None:
        runner.run(data)

    target()


def fuzz(runner: Runner, examples: int) -> None:
    """Every strategy in turn, `examples` each (a tenth of that per corpus file)."""
    chosen = settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    for name in fuzzing.JSON_SAMPLES:
        drive(runner, fuzzing.mutated_json(fuzzing.json_base(name)), chosen)
    for path in fuzzing.TEXT_SAMPLES.values():
        drive(runner, fuzzing.mutated_text(path.read_bytes()), chosen)
    drive(runner, fuzzing.textual_lines(), chosen)
    per_file = settings(chosen, max_examples=max(3, examples // 10))
    for path in fuzzing.corpus_files():
        drive(runner, fuzzing.mutated_bytes(path.read_bytes()), per_file)
    if not fuzzing.corpus_files():
        print(f"corpus not present at {fuzzing.corpus_root()}: its mutations skipped")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="examples per strategy")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        runner = Runner(Path(folder))
        fuzz(runner, args.examples)
    seconds = time.perf_counter() - started
    print(
        f"{runner.examples:,} archives, {runner.loads:,} loads, "
        f"{len(runner.crashes)} distinct crashes, {seconds:.0f} s"
    )
    return 1 if runner.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
