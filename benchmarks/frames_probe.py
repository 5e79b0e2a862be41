"""What a j/k key costs in-process, and what Textual redraws for it:
`python benchmarks/frames_probe.py FILE [--root [LABEL=]DIR ...] [--presses N]`.

Each checkout named by `--root` (default: this one) opens FILE in its own process, headless
at 160 x 48 (as app_probe.py does), and N j/k alternately (200 by default) are sent one at a
time, each after the last has been drawn (the pane follows the tree a frame later). The roots
run one after the other, twice, in alternation (A B A B), on the same machine in one go.

Per key it prints the CPU time of the app's thread to the key's first frame and to its last
(the pane's), the frames a key makes, the Python calls made in Textual, Rich and the reader
up to the key's first frame and up to its last (a second pass, under a profiler), and per
widget the rows Textual asked it for (`render_lines`, from its line cache or not) and those
it drew anew (`render_line`), a key on average.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZE = (160, 48)


def label_of(widget: Any) -> str:
    name = type(widget).__name__
    return f"{name}#{widget.id}" if widget.id else name


class Counts:
    """Rows each widget was asked for and drew, from `install` until `take`."""

    def __init__(self) -> None:
        self.asked: Counter[str] = Counter()
        self.drawn: Counter[str] = Counter()

    def install(self) -> None:
        from textual.widget import Widget

        counts = self
        render_lines = Widget.render_lines

        def counted_lines(widget: Widget, crop: Any) -> Any:
            counts.asked[label_of(widget)] += crop.height
            return render_lines(widget, crop)

        Widget.render_lines = counted_lines  # type: ignore[method-assign]
        for cls in _line_classes():
            original = cls.__dict__["render_line"]

            def counted_line(widget: Any, y: int, _original: Any = original) -> Any:
                counts.drawn[label_of(widget)] += 1
                return _original(widget, y)

            cls.render_line = counted_line  # type: ignore[attr-defined]

    def take(self) -> tuple[Counter[str], Counter[str]]:
        taken = (self.asked, self.drawn)
        self.asked, self.drawn = Counter(), Counter()
        return taken


def _line_classes() -> list[type]:
    """Every class in Textual and the reader that defines its own render_line."""
    from textual.widget import Widget

    seen: list[type] = []
    pending: list[type] = [Widget]
    while pending:
        cls = pending.pop()
        if "render_line" in cls.__dict__:
            seen.append(cls)
        pending.extend(cls.__subclasses__())
    return seen


def calls_in(profile: cProfile.Profile) -> int:
    """Calls of functions of Textual, Rich and the reader (not asyncio, not the probe)."""
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = 0
    for (filename, _line, _name), (_cc, calls, _tt, _ct, _callers) in stats.items():
        if any(part in filename for part in ("/textual/", "/rich/", "/reader/")):
            total += calls
    return total


async def run(path: Path, presses: int) -> dict[str, Any]:
    from app_probe import Driver, FrameClock

    import reader
    from reader.ui.app import ReaderApp
    from reader.ui.widgets.tree import CommentTree

    clock = FrameClock()
    clock.install()
    counts = Counts()
    counts.install()
    app = ReaderApp(path)
    result: dict[str, Any] = {"reader": str(Path(reader.__file__).parent.parent)}
    async with app.run_test(size=SIZE):
        while clock.whole_tree_frame is None:
            if app.load_error:
                raise SystemExit(app.load_error)
            await asyncio.sleep(0.001)
        driver = Driver(app, clock)
        await driver.settle()
        tree = app.screen.query_one(CommentTree)
        tree.move_to_row(len(tree.rows) // 2)
        await driver.settle()
        first_cpu: list[float] = []
        all_cpu: list[float] = []
        frames: list[int] = []
        counts.take()
        for number in range(presses):
            key = "j" if number % 2 == 0 else "k"
            before = clock.frames
            cpu_started = time.thread_time()
            timing = await driver.press(key, key)
            if timing is None:
                continue
            first_cpu.append(timing[1])
            all_cpu.append(clock.last_cpu - cpu_started)
            frames.append(clock.frames - before)
        asked, drawn = counts.take()
        result["cpu_first_ms"] = summary([t * 1000 for t in first_cpu])
        result["cpu_all_ms"] = summary([t * 1000 for t in all_cpu])
        result["frames"] = statistics.mean(frames)
        result["asked"] = {name: n / presses for name, n in asked.most_common()}
        result["drawn"] = {name: n / presses for name, n in drawn.most_common()}
        result["calls_first"], result["calls_all"] = await profiled(driver, clock, presses // 4)
    return result


async def profiled(driver: Any, clock: Any, presses: int) -> tuple[float, float]:
    """Mean calls a key to its first frame, and to its last."""
    first: list[int] = []
    whole: list[int] = []
    for number in range(presses):
        key = "j" if number % 2 == 0 else "k"
        await driver.settle()
        profile = cProfile.Profile()
        frames = clock.frames
        profile.enable()
        await press_until_frame(driver, key, clock, frames)
        profile.disable()
        first.append(calls_in(profile))
        profile.enable()
        await driver.settle()
        profile.disable()
        whole.append(calls_in(profile))
    return statistics.mean(first), statistics.mean(whole)


async def press_until_frame(driver: Any, key: str, clock: Any, frames: int) -> None:
    from textual import events

    event = events.Key(key, key)
    event.set_sender(driver.app)
    driver.app._driver.send_message(event)
    while clock.frames == frames:
        await asyncio.sleep(0)


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))],
        "n": len(ordered),
    }


def child(root: str, path: str, presses: int, out: str) -> None:
    os.environ["THREAD_READER_HOME"] = tempfile.mkdtemp(prefix="frames-probe-")
    os.environ.setdefault("TEXTUAL_FPS", "240")  # before Textual is imported, as the CLI does
    sys.path.insert(0, str(HERE))
    import app_probe  # noqa: F401  (it puts its own checkout first on the path)

    sys.path.insert(0, root)  # the checkout measured, before it
    result = asyncio.run(run(Path(path), presses))
    Path(out).write_text(json.dumps(result))


def show(label: str, result: dict[str, Any]) -> None:
    first, whole = result["cpu_first_ms"], result["cpu_all_ms"]
    print(
        f"{label} ({result['reader']}): CPU to first frame {first['median']:.2f} / "
        f"{first['p95']:.2f} ms, to last "
        f"{whole['median']:.2f} / {whole['p95']:.2f} ms (median / p95, n {first['n']}); "
        f"{result['frames']:.2f} frames; calls {result['calls_first']:.0f} / "
        f"{result['calls_all']:.0f}"
    )
    asked = ", ".join(f"{name} {rows:.0f}" for name, rows in result["asked"].items())
    drawn = ", ".join(f"{name} {rows:.1f}" for name, rows in result["drawn"].items())
    print(f"    rows asked a key: {asked}")
    print(f"    rows drawn a key: {drawn}")


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        child(argv[1], argv[2], int(argv[3]), argv[4])
        return
    path = Path(argv[0]).resolve()
    roots: list[tuple[str, str]] = []
    presses = 200
    rest = argv[1:]
    while rest:
        option, value, rest = rest[0], rest[1], rest[2:]
        if option == "--root":
            label, _, root = value.rpartition("=")
            roots.append((label or root, str(Path(root).resolve())))
        elif option == "--presses":
            presses = int(value)
    roots = roots or [("this", str(HERE.parent))]
    for label, root in roots * 2:
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            command = [sys.executable, __file__, "--child", root, str(path), str(presses)]
            subprocess.run([*command, out.name], check=True, cwd=root)
            show(label, json.loads(Path(out.name).read_text()))


if __name__ == "__main__":
    main(sys.argv[1:])
