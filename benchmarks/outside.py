"""Time thread-reader from outside, in a real terminal (tmux), with neomutt and less as floors.

    python benchmarks/outside.py FILE... [--root DIR]... [--runs N] [--presses 120]
        [--no-floors] [--json OUT]
    python benchmarks/outside.py --pooled OUT...   # each command's keys over files and runs

Each FILE is opened in a fresh tmux session of 160 x 48 (`tmux new-session -d -x 160 -y 48`,
a name and a server of its own, killed at the end) by `python -m reader FILE` with PYTHONPATH
set to the checkout under test (`--root`, default this checkout; give several to compare
them, run one after the other for each file) and a THREAD_READER_HOME of its own, so the
user's store is never read. An mbox is also opened in `neomutt -n -R` sorted by threads, a
text file in `less`: the floors, run right after the app on the same file.

The screen is read through one tmux control-mode client (`tmux -C`), `capture-pane -p -e`
about every millisecond; keys go through the same client (`send-keys`). Measured:

- first frame: from starting the command (the shell of the session waits for a line, so tmux
  and its shell start before the clock does) to the first screen showing comment rows
  (thread-reader: two rows of the tree; neomutt: three index lines; less: the file's first
  line); and to the first screen of the whole thread (thread-reader: the header shows the
  counts instead of "reading the file"; the floors have all at their first frame);
- keys during loading: from 0.2 s after the first frame, `j` and `k` alternately while the
  header still says "reading the file", up to --presses; each key timed from its send-keys to
  the first screen where what the key changes has changed: thread-reader's tree (the pane
  follows it a frame later; the header redraws itself while a file is read), the floors'
  whole screen. A line caught blank between its clearing and its drawing is no change. A key
  whose answer came with the whole thread is left out: the change it saw was not its own;
- keys once whole: once the whole thread is in, --presses more.

After each change the screen is let settle (no change for 0.1 s) before the next key, so a key
is never timed by what the key before it drew (the reading pane follows the tree a frame
later). Times are those at which the changed capture came back: they are late by up to the
poll period and one capture (about 1-1.5 ms).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 160, 48
POLL_SECONDS = 0.001
# No change this long: the app is done drawing a key's answer. thread-reader draws the reading
# pane a frame after the tree (a 1/60 s timer), which a loaded machine can delay by tens of ms:
# with 20 ms here, the pane of one key was often timed as the answer to the next (1 ms).
QUIET_SECONDS = 0.1
KEY_TIMEOUT = 5.0  # a key that changes nothing this long is counted as lost
START_TIMEOUT = 180.0
KEYS_AFTER_FIRST_FRAME = 0.2
ROOT = Path(__file__).resolve().parents[1]

ESCAPE = re.compile(r"\x1b\[[0-9;:?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>]")
READING = re.compile(r"reading the file(?: \d+%)?")
TREE_ROW = re.compile(r"[▾▸·] \S")
INDEX_LINE = re.compile(r"^\s*\d+\s+\S{0,3}\s+\w{3} \d{1,2} ")


def plain(screen: str) -> list[str]:
    """The lines of a `capture-pane -e` screen without their escape sequences."""
    return ESCAPE.sub("", screen).split("\n")


def settled_form(screen: str) -> str:
    """What a key is seen to change: the screen without the reading percentage, which moves
    on its own while a file is read."""
    return READING.sub("reading the file", screen)


def differs(before: str, after: str) -> bool:
    """Whether `after` shows something `before` did not. A line blank in `after` only is no
    change: tmux was caught between a line's clearing and its drawing (thread-reader redraws
    its header four times a second while it reads a file), or its end left out."""
    old, new = before.split("\n"), after.split("\n")
    new += [""] * (len(old) - len(new))  # blank lines at the end may be left out of a capture
    return len(new) > len(old) or any(
        line != was and ESCAPE.sub("", line).strip() for was, line in zip(old, new, strict=False)
    )


def tree_part(screen: str) -> str:
    """Where thread-reader answers j and k: left of the pane's border, below the header. The
    pane follows a frame later (or, on a loaded machine, much later: it must not be taken for
    the next key's answer)."""
    return "\n".join(line.split("▏")[0] for line in screen.split("\n")[1:])


def whole_screen(screen: str) -> str:
    return screen


def tree_rows(lines: list[str]) -> int:
    """How many lines show a row of thread-reader's comment tree (left of the pane's border)."""
    return sum(1 for line in lines if "▏" in line and TREE_ROW.search(line.split("▏")[0]))


def reader_shows(lines: list[str]) -> bool:
    return tree_rows(lines) >= 2


def reader_whole(lines: list[str]) -> bool:
    """The header shows the thread's counts, not how far the reading has got."""
    header = lines[0] if lines else ""
    return "depth" in header and "reading the file" not in header


def neomutt_shows(lines: list[str]) -> bool:
    return sum(1 for line in lines if INDEX_LINE.match(line)) >= 3


def first_line(path: Path) -> str:
    """The file's first non-empty line as less shows it (tabs and the end cut off)."""
    with path.open("rb") as handle:
        for raw in handle:
            text = raw.decode("utf-8", "replace").rstrip()
            if text:
                return text.expandtabs()[: WIDTH - 1]
    return ""


def less_shows(line: str) -> Callable[[list[str]], bool]:
    return lambda lines: any(each.startswith(line) for each in lines[:3])


def always(lines: list[str]) -> bool:
    return True


@dataclass
class Target:
    """One command to time on one file."""

    label: str  # "thread-reader", "neomutt", "less", or a root's label
    file: Path
    command: list[str]
    env: dict[str, str]
    shows: Callable[[list[str]], bool]
    whole: Callable[[list[str]], bool]
    answer: Callable[[str], str] = whole_screen  # the part of the screen a key changes
    loads_after_first_frame: bool = False


@dataclass
class Result:
    label: str
    file: str
    load_average: tuple[float, float, float]
    first_frame: float | None = None
    whole: float | None = None
    loading_keys: list[float] = field(default_factory=list)
    whole_keys: list[float] = field(default_factory=list)
    lost_keys: int = 0
    left_out: int = 0  # keys answered by the whole thread's arrival
    size_mb: float = 0.0  # the file's
    peak_mb: float | None = None  # the command's peak RSS (VmHWM) at the end of the run


class SessionEnded(Exception):
    """The tmux session is gone: its command exited."""


class Tmux:
    """A tmux session running one command, read and driven through a control-mode client.

    Each session has a tmux server of its own (not the user's), ended with it: a server keeps
    some memory for every capture (about 4 kB: 1 GB after a few minutes of polling).
    """

    def __init__(self, command: list[str], env: dict[str, str], cwd: str) -> None:
        self.name = f"outside-{os.getpid()}-{time.monotonic_ns()}"
        tmux = self.tmux
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        # The shell waits for a line, so starting the clock is one send-keys away from exec.
        inner = f"read _ && exec env {exports} {shlex.join(command)}"
        subprocess.run(
            [
                *tmux("new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT)),
                "-c",
                cwd,
                "sh",
                "-c",
                inner,
            ],
            check=True,
        )
        self.client = subprocess.Popen(
            tmux("-C", "attach-session", "-f", "no-output", "-t", self.name),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        assert self.client.stdin is not None and self.client.stdout is not None
        self._in = self.client.stdin
        self._out = io.BufferedReader(self.client.stdout, 1 << 16)  # type: ignore[arg-type]
        self._sync()

    def tmux(self, *args: str) -> list[str]:
        """A tmux command line for this session's own server."""
        return ["tmux", "-L", self.name, *args]

    def _sync(self) -> None:
        """Read past what the attach itself answered, up to our own first answer."""
        token = f"sync-{self.name}"
        self._write(f"display-message -p {token}")
        while token not in "".join(self._block()):
            pass

    def _write(self, line: str) -> None:
        self._in.write(line.encode() + b"\n")
        self._in.flush()

    def _block(self) -> list[str]:
        """The lines of the next answer to this client (%begin ... %end; notifications and
        tmux's own commands between are skipped)."""
        lines: list[str] = []
        inside = None
        while True:
            raw = self._out.readline()
            if not raw:
                raise SessionEnded("the session ended (the command exited?)")
            text = raw.decode("utf-8", "replace").rstrip("\n")
            if inside is None:
                # Flags 1: a command of this client's. tmux also wraps commands of its own
                # (one when the pane's command execs); taken for ours, every answer after it
                # was the one before's: each screen a poll late.
                if text.startswith("%begin ") and text.split()[3:4] == ["1"]:
                    inside = text.split()[1:3]
                continue
            if text.startswith(("%end ", "%error ")) and text.split()[1:3] == inside:
                if text.startswith("%error"):
                    raise RuntimeError(f"tmux: {' '.join(lines)}")
                return lines
            lines.append(text)

    def command(self, line: str) -> list[str]:
        self._write(line)
        return self._block()

    def capture(self) -> str:
        return "\n".join(self.command(f"capture-pane -p -e -t {self.name}"))

    def send(self, key: str) -> None:
        self.command(f"send-keys -t {self.name} {key}")

    def peak_mb(self) -> float | None:
        """The peak RSS so far of the pane's command (it is the pane's process: exec'd)."""
        pid = self.command(f"display-message -p -t {self.name} '#{{pane_pid}}'")[0].strip()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return None
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        return int(found.group(1)) * 1024 / 1e6 if found else None

    def close(self) -> None:
        subprocess.run(self.tmux("kill-server"), capture_output=True)
        self._in.close()
        self.client.wait(timeout=5)


class Watcher:
    """Polls the screen about every millisecond and remembers when the whole thread came."""

    def __init__(self, tmux: Tmux, target: Target, started: float) -> None:
        self.tmux, self.target, self.started = tmux, target, started
        self.screen = ""
        self.lines: list[str] = []
        self.whole_at: float | None = None
        self._next = time.perf_counter()

    def poll(self) -> str:
        """The screen at the next tick (its settled form)."""
        self._next += POLL_SECONDS
        pause = self._next - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        else:
            self._next = time.perf_counter()
        self.screen = self.tmux.capture()
        self.lines = plain(self.screen)
        whole = self.target.shows(self.lines) and self.target.whole(self.lines)
        if self.whole_at is None and whole:
            self.whole_at = time.perf_counter() - self.started
        return settled_form(self.screen)

    def wait_for(self, test: Callable[[list[str]], bool], timeout: float) -> float | None:
        """Seconds from the start to the first screen passing `test` (None: timed out)."""
        while time.perf_counter() - self.started < timeout:
            self.poll()
            if test(self.lines):
                return time.perf_counter() - self.started
        return None

    def settle(self, limit: float = 1.0) -> str:
        """Poll until the screen has not changed for QUIET_SECONDS; the settled form."""
        last, since, begun = self.poll(), time.perf_counter(), time.perf_counter()
        while time.perf_counter() - since < QUIET_SECONDS and time.perf_counter() - begun < limit:
            now = self.poll()
            if differs(last, now):
                last, since = now, time.perf_counter()
        return last

    def press(self, key: str, before: str) -> float | None:
        """Send `key`; seconds to the first screen unlike `before` (None: nothing changed)."""
        answer = self.target.answer
        before = answer(before)
        sent = time.perf_counter()
        self.tmux.send(key)
        while time.perf_counter() - sent < KEY_TIMEOUT:
            if differs(before, answer(self.poll())):
                return time.perf_counter() - sent
        return None


def run_target(target: Target, presses: int) -> Result:
    """Start the target's command, time its first frame, whole thread and keys; kill it."""
    result = Result(target.label, target.file.name, os.getloadavg())
    result.size_mb = target.file.stat().st_size / 1e6
    with tempfile.TemporaryDirectory(prefix="outside-") as home:
        env = {key: value.replace("{home}", home) for key, value in target.env.items()}
        session = Tmux(with_home(target, home), env, home)
        try:
            started = time.perf_counter()
            session.send("Enter")
            watcher = Watcher(session, target, started)
            measure(watcher, result, presses)
            result.peak_mb = session.peak_mb()
        except SessionEnded as ended:  # the command exited: what was measured stays
            print(f"{target.label} on {target.file.name}: {ended}", file=sys.stderr)
        finally:
            session.close()
            end_children(home)
    return result


def end_children(home: str) -> None:
    """Kill the index children a run left (they index on after the app quits, 10-20 s for
    100,000 comments, and would slow the next file's run)."""
    subprocess.run(["pkill", "-f", f"index-one.*{home}"], check=False)


def measure(watcher: Watcher, result: Result, presses: int) -> None:
    """First frame, keys during loading, whole thread, keys once whole, into `result`."""
    target = watcher.target
    result.first_frame = watcher.wait_for(target.shows, START_TIMEOUT)
    if result.first_frame is None:
        return
    if target.loads_after_first_frame:
        press_while_loading(watcher, result, presses)
    watcher.wait_for(lambda lines: watcher.whole_at is not None, START_TIMEOUT)
    result.whole = watcher.whole_at
    time.sleep(0.3)
    press_keys(watcher, result.whole_keys, presses, result)


def press_while_loading(watcher: Watcher, result: Result, presses: int) -> None:
    """j/k from 0.2 s after the first frame, while the file is still read."""
    assert result.first_frame is not None
    until = watcher.started + result.first_frame + KEYS_AFTER_FIRST_FRAME
    while time.perf_counter() < until:
        watcher.poll()
    keys = 0
    while keys < presses and watcher.whole_at is None:
        before = watcher.settle()
        if watcher.whole_at is not None:
            break
        latency = watcher.press("j" if keys % 2 == 0 else "k", before)
        keys += 1
        if latency is None:
            result.lost_keys += 1
        elif watcher.whole_at is not None:
            result.left_out += 1
        else:
            result.loading_keys.append(latency)


def press_keys(watcher: Watcher, into: list[float], presses: int, result: Result) -> None:
    """j/k alternately, each after the screen has settled."""
    for number in range(presses):
        before = watcher.settle()
        latency = watcher.press("j" if number % 2 == 0 else "k", before)
        if latency is None:
            result.lost_keys += 1
        else:
            into.append(latency)


def sniff(path: Path) -> str:
    """The file's kind from its first bytes: "mbox", "json" or "text"."""
    with path.open("rb") as handle:
        head = handle.read(64).lstrip()
    if head.startswith(b"From "):
        return "mbox"
    return "json" if head[:1] in (b"{", b"[") else "text"


def reader_target(path: Path, root: Path, label: str, extra: dict[str, str]) -> Target:
    return Target(
        label,
        path,
        [sys.executable, "-m", "reader", str(path)],
        # Bytecode is cached as an installed package has it (this shell may say otherwise).
        {"PYTHONPATH": str(root), "THREAD_READER_HOME": "{home}", "PYTHONDONTWRITEBYTECODE": ""}
        | extra,
        reader_shows,
        reader_whole,
        tree_part,
        loads_after_first_frame=True,
    )


def neomutt_target(path: Path) -> Target:
    """neomutt without the system's or the user's muttrc, read-only, sorted by threads."""
    settings = "set folder={home} spoolfile={home} sort=threads"
    return Target(
        "neomutt",
        path,
        ["neomutt", "-n", "-R", "-F", "/dev/null", "-e", settings, "-f", str(path)],
        {"HOME": "{home}"},
        neomutt_shows,
        always,
    )


def less_target(path: Path) -> Target:
    return Target(
        "less",
        path,
        ["less", str(path)],
        {"LESSOPEN": "", "LESSCLOSE": "", "LESS": "", "HOME": "{home}"},
        less_shows(first_line(path)),
        always,
    )


def targets_for(path: Path, roots: list[Root], floors: bool) -> list[Target]:
    """The app (once per root), then the file's floor if it has one."""
    found = [reader_target(path, root.folder, root.label, root.env) for root in roots]
    if floors and sniff(path) == "mbox":
        found.append(neomutt_target(path))
    elif floors and sniff(path) == "text":
        found.append(less_target(path))
    return found


def with_home(target: Target, home: str) -> list[str]:
    return [part.replace("{home}", home) for part in target.command]


def summary(values: list[float]) -> str:
    """Median / p95 / max in milliseconds, with the count; "–" when there are none."""
    if not values:
        return "–"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    ms = [1000 * each for each in (statistics.median(ordered), p95, ordered[-1])]
    return f"{ms[0]:.1f} / {ms[1]:.1f} / {ms[2]:.1f} ({len(values)})"


def seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def table_row(result: Result) -> str:
    load = "/".join(f"{each:.1f}" for each in result.load_average)
    return (
        f"| {result.file} | {result.label} | {seconds(result.first_frame)} "
        f"| {seconds(result.whole)} | {summary(result.loading_keys)} "
        f"| {summary(result.whole_keys)} | {result.lost_keys} | {peak(result)} | {load} |"
    )


def peak(result: Result) -> str:
    """Peak RSS in MB and as a multiple of the file's size."""
    if result.peak_mb is None:
        return "–"
    return f"{result.peak_mb:.0f} ({result.peak_mb / result.size_mb:.2f} x)"


TABLE_HEAD = (
    "| file | command | first frame s | whole s | keys during loading ms, median / p95 / max (n)"
    " | keys once whole ms, median / p95 / max (n) | lost | peak RSS MB (x file) | load 1/5/15 |\n"
    "|---|---|---:|---:|---:|---:|---:|---:|---|"
)


@dataclass
class Root:
    """A checkout to run thread-reader from, with environment variables of its own."""

    label: str
    folder: Path
    env: dict[str, str]


def parse_root(value: str) -> Root:
    """`DIR`, `LABEL=DIR` or `LABEL=DIR,VAR=VALUE,...` (VAR=VALUE set for the app only)."""
    spec, *settings = value.split(",")
    label, _, folder = spec.rpartition("=")
    env = dict(setting.split("=", 1) for setting in settings)
    return Root(label or "thread-reader", Path(folder).resolve(), env)


def check_root(root: Root) -> None:
    """A folder without reader/ would run the installed package instead: refuse it."""
    if not (root.folder / "reader" / "__init__.py").is_file():
        raise SystemExit(f"--root {root.folder}: no reader/ package there")


def pooled(results: list[dict[str, Any]]) -> str:
    """Keys of each command pooled over its files and runs (from --json outputs): a table."""
    rows = ["| command | files x runs | keys during loading ms | keys once whole ms | lost |"]
    rows.append("|---|---:|---:|---:|---:|")
    for label in dict.fromkeys(each["label"] for each in results):
        mine = [each for each in results if each["label"] == label]
        loading = [key for each in mine for key in each["loading_keys"]]
        whole = [key for each in mine for key in each["whole_keys"]]
        lost = sum(each["lost_keys"] for each in mine)
        rows.append(f"| {label} | {len(mine)} | {summary(loading)} | {summary(whole)} | {lost} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument(
        "--root",
        action="append",
        default=[],
        help="[LABEL=]DIR[,VAR=VALUE...]: a checkout to run (several: each in turn, per file)",
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--presses", type=int, default=120)
    parser.add_argument("--no-floors", action="store_true", help="leave neomutt and less out")
    parser.add_argument("--json", type=Path, help="write every result here")
    parser.add_argument(
        "--pooled", action="store_true", help="FILES are --json outputs: pool each command's keys"
    )
    args = parser.parse_args(argv)
    if args.pooled:
        print(pooled([each for path in args.files for each in json.loads(path.read_text())]))
        return 0
    roots = [parse_root(value) for value in args.root or [str(ROOT)]]
    for root in roots:  # imports read bytecode, as from an installed package
        check_root(root)
        folder = str(root.folder / "reader")
        subprocess.run([sys.executable, "-m", "compileall", "-q", folder], check=True)
    results: list[Result] = []
    print(TABLE_HEAD, flush=True)
    for _ in range(args.runs):
        for path in args.files:
            for target in targets_for(path.resolve(), roots, not args.no_floors):
                result = run_target(target, args.presses)
                results.append(result)
                print(table_row(result), flush=True)
                if args.json:  # after each, so a run cut short keeps what it measured
                    args.json.write_text(json.dumps([vars(each) for each in results], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
