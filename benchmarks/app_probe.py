"""Run the reader headless on one archive and time it; bench.py starts this in a subprocess.

`python benchmarks/app_probe.py load PATH OUT`: parse + model time (and stdlib json.loads of the
same file for JSON formats), peak RSS.
`python benchmarks/app_probe.py app PATH OUT --start T [--presses N] [--heavy N]`: seconds from
T (the parent's time.time() just before starting this process) to the first frame showing the
tree (for a large file, its first comments), and to the first showing the whole thread's tree
(with the longest the app stood still in between); then key-to-frame times for each key,
fold/unfold of the biggest subtree, 1 and 0, search (none of those with --presses 0); peak RSS.
Results are written to OUT as JSON.

A frame is a call of App._display with a screen update (its terminal bytes are rendered too, as
a real terminal would need them). A key is sent the way the driver sends it, and timed until
the next frame.
"""

from __future__ import annotations

import time

PROCESS_T0 = time.time()

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TEXTUAL_FPS", "240")  # as `thread-reader` does (reader/cli.py)

SIZE = (160, 48)
SETTLE_QUIET = 0.004  # seconds with nothing pending and no frame: "the app is done"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def probe_load(path: Path) -> dict[str, Any]:
    """Parse + model time through the registry (sniffing included), then json.loads."""
    from reader.formats import load

    started = time.perf_counter()
    thread = load(path)
    elapsed = time.perf_counter() - started
    result: dict[str, Any] = {
        "load": elapsed,
        "comments": len(thread),
        "format": thread.format,
        "max_depth": thread.max_depth(),
        "rss_mb": peak_rss_mb(),
    }
    del thread
    if path.suffix == ".json":
        started = time.perf_counter()
        try:
            json.loads(path.read_bytes())
            result["json_loads"] = time.perf_counter() - started
        except RecursionError:  # nesting past ~1,000 levels: the stdlib cannot read it at all
            result["json_loads"] = None
    return result


class FrameClock:
    """Counts frames and stamps the last one; knows when the tree has been drawn."""

    def __init__(self) -> None:
        self.frames = 0
        self.last = 0.0
        self.last_cpu = 0.0
        self.first_tree_frame: float | None = None
        self.whole_tree_frame: float | None = None  # the first with the whole thread's tree
        self.tree_drawn = False
        self.whole_drawn = False
        self.event = asyncio.Event()

    def install(self) -> None:
        from textual._compositor import CompositorUpdate
        from textual.app import App

        from reader.ui.widgets.tree import CommentTree

        clock = self
        render_line = CommentTree.render_line
        display = App._display

        def timed_render_line(tree: CommentTree, y: int) -> Any:
            clock.tree_drawn = True
            clock.whole_drawn = clock.whole_drawn or not tree.view.recording
            return render_line(tree, y)

        def timed_display(app: App[Any], screen: Any, renderable: Any) -> None:
            display(app, screen, renderable)
            if renderable is None or app._batch_count:
                return
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
            clock.frames += 1
            clock.last = time.perf_counter()
            clock.last_cpu = time.thread_time()
            if clock.first_tree_frame is None and clock.tree_drawn:
                clock.first_tree_frame = time.time()
            if clock.whole_tree_frame is None and clock.whole_drawn:
                clock.whole_tree_frame = time.time()
            clock.event.set()

        CommentTree.render_line = timed_render_line  # type: ignore[method-assign]
        App._display = timed_display  # type: ignore[method-assign]


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def quantiles(times: list[float]) -> dict[str, float]:
    return {
        "n": len(times),
        "median": statistics.median(times),
        "p95": p95(times),
        "max": max(times),
    }


class Samples:
    """Key-to-frame times: wall clock, and CPU time of the app's thread over the same span."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def add(self, timing: tuple[float, float] | None) -> None:
        if timing is not None:
            self.wall.append(timing[0])
            self.cpu.append(timing[1])

    def summary(self) -> dict[str, float] | None:
        if not self.wall:
            return None
        return {
            **quantiles(self.wall),
            "cpu_median": statistics.median(self.cpu),
            "cpu_p95": p95(self.cpu),
        }


class Driver:
    """Sends keys to the running app and times them to the next frame."""

    def __init__(self, app: Any, clock: FrameClock) -> None:
        self.app = app
        self.clock = clock
        self.settled: list[float] = []

    async def settle(self) -> None:
        """Wait until the app has drawn everything it had pending (the pane follows the tree)."""
        started = time.perf_counter()
        frames = self.clock.frames
        quiet_since: float | None = None
        while (now := time.perf_counter()) - started < 5:
            screen = self.app.screen
            busy = screen._dirty_widgets or screen._callbacks or screen._layout_required
            busy = busy or getattr(screen, "_pane_target", None) is not None  # pane to follow
            if busy or self.clock.frames != frames:
                frames, quiet_since = self.clock.frames, None
            elif quiet_since is None:
                quiet_since = now
            elif now - quiet_since >= SETTLE_QUIET:
                return
            await asyncio.sleep(0.001)

    async def press(self, key: str, char: str | None) -> tuple[float, float] | None:
        """Seconds from sending `key` to the next frame, wall and CPU (None: no frame in 2 s)."""
        from textual import events

        await self.settle()
        self.clock.event.clear()
        event = events.Key(key, char)
        event.set_sender(self.app)
        cpu_started = time.thread_time()
        started = time.perf_counter()
        self.app._driver.send_message(event)
        try:
            await asyncio.wait_for(self.clock.event.wait(), 2.0)
        except TimeoutError:
            return None
        timing = (self.clock.last - started, self.clock.last_cpu - cpu_started)
        await self.settle()
        self.settled.append(self.clock.last - started)
        return timing


KEYS = {
    "j": ("j", "j"),
    "k": ("k", "k"),
    "J": ("J", "J"),
    "l": ("l", "l"),
    "h": ("h", "h"),
    "space": ("space", " "),
    "G": ("G", "G"),
    "g": ("g", "g"),
    "]": ("right_square_bracket", "]"),
}


def preparations(tree: Any, rng: random.Random) -> dict[str, Callable[[], bool]]:
    """Per key: put the cursor where the key does something (untimed); False if impossible."""
    thread = tree.thread
    comments = thread.comments

    def last_row() -> int:
        return len(tree.rows) - 1

    def random_parent_row() -> bool:
        for _ in range(500):
            row = rng.randrange(1, max(2, len(tree.rows)))
            if row < len(tree.rows) and comments[tree.rows[row]].subtree_size > 1:
                tree.move_to_row(row)
                return True
        return False

    def j() -> bool:
        if tree.cursor_row >= last_row():
            tree.move_to_row(0)
        return last_row() > 0

    def k() -> bool:
        if tree.cursor_row == 0:
            tree.move_to_row(last_row())
        return last_row() > 0

    def next_sibling() -> bool:
        if thread.next_sibling(tree.cursor) is None:
            tree.select(1)
        return thread.next_sibling(tree.cursor) is not None

    def expand() -> bool:
        index = tree.cursor
        if tree.view.is_folded(index) or comments[index].subtree_size > 1:
            return True
        return random_parent_row()

    def collapse() -> bool:  # never fold the root: the other keys need rows
        if tree.cursor == 0:
            tree.move_to_row(last_row())
        return tree.cursor != 0

    def toggle() -> bool:
        if tree.cursor != 0 and comments[tree.cursor].subtree_size > 1:
            return True
        return random_parent_row()

    def last() -> bool:
        if tree.cursor_row == last_row():
            tree.move_to_row(0)
        return last_row() > 0

    def first() -> bool:
        if tree.cursor_row == 0:
            tree.move_to_row(last_row())
        return last_row() > 0

    def next_top() -> bool:
        top = tree.cursor
        while thread.parents[top] > 0:
            top = thread.parents[top]
        following = 1 if top == 0 else thread.next_sibling(top)
        if following is None:
            tree.select(0)
        return len(comments) > 1

    return {
        "j": j,
        "k": k,
        "J": next_sibling,
        "l": expand,
        "h": collapse,
        "space": toggle,
        "G": last,
        "g": first,
        "]": next_top,
    }


async def time_keys(driver: Driver, tree: Any, presses: int) -> dict[str, Any]:
    rng = random.Random(5)
    prepare = preparations(tree, rng)
    results: dict[str, Any] = {}
    for name, (key, char) in KEYS.items():
        samples = Samples()
        for _ in range(presses):
            if not prepare[name]():
                break
            samples.add(await driver.press(key, char))
        results[name] = samples.summary()
    return results


def biggest_subtree(tree: Any) -> int | None:
    """The comment below the root with the most replies."""
    comments = tree.thread.comments
    best = max(range(1, len(comments)), key=lambda i: comments[i].subtree_size, default=None)
    return best


async def time_heavy(driver: Driver, tree: Any, repeats: int) -> dict[str, Any]:
    """Fold and unfold the biggest subtree; fold all (1) and unfold all (0)."""
    results: dict[str, Any] = {}
    big = biggest_subtree(tree)
    if big is not None:
        tree.show_depth(0)
        tree.select(big)
        results["big_replies"] = tree.thread.comments[big].subtree_size - 1
        folds, unfolds = Samples(), Samples()
        for _ in range(repeats):
            folds.add(await driver.press("space", " "))
            unfolds.add(await driver.press("space", " "))
        results["fold_big"] = folds.summary()
        results["unfold_big"] = unfolds.summary()
    depth1, depth0 = Samples(), Samples()
    for _ in range(repeats):
        depth1.add(await driver.press("1", "1"))
        depth0.add(await driver.press("0", "0"))
    results["depth1"] = depth1.summary()
    results["depth0"] = depth0.summary()
    return results


async def time_search(driver: Driver, app: Any, query: str, repeats: int) -> dict[str, Any]:
    """`/`, the query typed in, then enter: from enter to the frame showing the matches.

    The search runs in a worker (keys answer meanwhile); the first one after opening reads
    every body, converting those an importer left in their source form.
    """
    from reader.ui.widgets.searchbar import SearchBar

    tree = app.screen.query_one("CommentTree")
    samples = Samples()
    for _ in range(repeats):
        await driver.press("slash", "/")
        app.screen.query_one(SearchBar).value = query
        started, cpu_started = time.perf_counter(), time.thread_time()
        if await driver.press("enter", "\r") is None:
            continue
        while tree.searching:
            await asyncio.sleep(0.001)
        await driver.settle()
        samples.add((driver.clock.last - started, driver.clock.last_cpu - cpu_started))
    first = samples.wall[0] if samples.wall else None
    samples.wall, samples.cpu = samples.wall[1:], samples.cpu[1:]
    return {"first": first, "again": samples.summary(), "matches": len(tree.view.matches)}


async def probe_app(path: Path, start: float, presses: int, heavy: int) -> dict[str, Any]:
    from reader.ui.app import ReaderApp
    from reader.ui.widgets.tree import CommentTree

    clock = FrameClock()
    clock.install()
    app = ReaderApp(path)
    result: dict[str, Any] = {"imported": PROCESS_T0 - start}
    async with app.run_test(size=SIZE) as pilot:
        while clock.first_tree_frame is None:
            if app.load_error:
                raise SystemExit(app.load_error)
            await asyncio.sleep(0.001)
        result["first_frame"] = clock.first_tree_frame - start
        # A large file shows its first comments sooner. Meanwhile the app should answer keys:
        # the longest the event loop stood still while the rest was read (0 without a preview).
        stall, tick = 0.0, time.perf_counter()
        while clock.whole_tree_frame is None:
            if app.load_error:
                raise SystemExit(app.load_error)
            await asyncio.sleep(0.001)
            stall, tick = max(stall, time.perf_counter() - tick), time.perf_counter()
        result["whole_frame"] = clock.whole_tree_frame - start
        result["preview_stall"] = stall
        driver = Driver(app, clock)
        await driver.settle()
        tree = app.screen.query_one(CommentTree)
        result["comments"] = len(tree.thread)
        if presses:  # --presses 0: the first frame (and memory) only
            result["keys"] = await time_keys(driver, tree, presses)
            result.update(await time_heavy(driver, tree, heavy))
            result["search"] = await time_search(driver, app, "reason history", 4)
            result["settled"] = quantiles(driver.settled)
        await pilot.press("q")
    result["rss_mb"] = peak_rss_mb()
    return result


def main(argv: list[str]) -> None:
    mode, path, out = argv[0], Path(argv[1]), Path(argv[2])
    # A store of its own (never the user's): every run is the thread's first visit.
    os.environ["THREAD_READER_HOME"] = tempfile.mkdtemp(prefix="thread-reader-bench-")
    options = dict(zip(argv[3::2], argv[4::2], strict=False))
    if mode == "load":
        result = probe_load(path)
    else:
        result = asyncio.run(
            probe_app(
                path,
                float(options.get("--start", PROCESS_T0)),
                int(options.get("--presses", 300)),
                int(options.get("--heavy", 30)),
            )
        )
    out.write_text(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
