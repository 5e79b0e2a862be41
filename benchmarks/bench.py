"""Time thread-reader on generated threads: load, first frame, keys, folds, search, memory.

    python benchmarks/bench.py [--formats text,hn,reddit,mbox,native] [--sizes 1000,10000,100000]
                               [--chain 100000] [--presses 300] [--heavy 30] [--readme]

For each format and size it generates a thread into benchmarks/out/ (kept between runs), then
runs two fresh processes: one times parse + model (and stdlib json.loads of the same file for
JSON formats), one runs the app headless and times the first frame with the tree drawn (from
just before the process starts), each key from the moment it is sent to the next frame, fold
and unfold of the biggest subtree (10,000 replies from 20,000 comments up), fold-all (1) and
unfold-all (0), search, and peak RSS. A format whose generator or importer is missing on this
branch is skipped with a message. --readme writes the table into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
README = HERE / "README.md"
KEY_ORDER = ("j", "k", "J", "l", "h", "space", "G", "g", "]")
BEGIN, END = "<!-- results: begin -->", "<!-- results: end -->"

sys.path.insert(0, str(ROOT))


@dataclass(frozen=True)
class Kind:
    """A benchmarked format: its generator script, file suffix and importer names."""

    name: str
    generator: str
    suffix: str
    importers: tuple[str, ...]


KINDS = {
    "text": Kind("text", "gen_text.py", ".txt", ("text",)),
    "hn": Kind("hn", "gen_hn.py", ".json", ("hn", "hackernews", "hn-algolia", "algolia")),
    "reddit": Kind("reddit", "gen_reddit.py", ".json", ("reddit",)),
    "mbox": Kind("mbox", "gen_mbox.py", ".mbox", ("mbox",)),
    "native": Kind("native", "gen_native.py", ".json", ("native",)),
}
# The text archive indents every level: a chain N deep is about N * N bytes.
TEXT_CHAIN_LIMIT = 3000


def machine() -> str:
    """CPU model, cores, Python, Textual and the load average right now."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"textual {version('textual')}, load average {load}"
    )


def missing(kind: Kind) -> str | None:
    """Why this format cannot be benchmarked on this branch, or None."""
    from reader.formats import formats

    if not (HERE / kind.generator).exists():
        return f"no benchmarks/{kind.generator} on this branch"
    names = {fmt.name for fmt in formats()}
    if not names.intersection(kind.importers):
        return f"no {kind.name} importer registered (formats: {', '.join(sorted(names))})"
    return None


def generate(kind: Kind, count: int, chain: bool) -> Path:
    """The generated archive (made once, then reused)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{kind.name}-{'chain-' if chain else ''}{count}{kind.suffix}"
    if not path.exists():
        partial = path.with_name(path.name + ".part")
        command = [sys.executable, str(HERE / kind.generator), str(count), str(partial)]
        subprocess.run([*command, *(["--chain"] if chain else [])], check=True)
        partial.rename(path)
    return path


def probe(mode: str, path: Path, *options: str) -> dict[str, Any]:
    """Run app_probe.py in a fresh process and read what it measured."""
    result = OUT / f".probe-{os.getpid()}.json"
    command = [sys.executable, str(HERE / "app_probe.py"), mode, str(path), str(result)]
    started = time.time()
    if mode == "app":
        options = ("--start", repr(started), *options)
    subprocess.run([*command, *options], check=True, cwd=ROOT)
    data: dict[str, Any] = json.loads(result.read_text())
    result.unlink()
    return data


def ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.1f}"


def size_label(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


def row(kind: Kind, count: int, chain: bool, path: Path, load: dict, app: dict) -> dict:
    """One result, ready for the table."""
    keys = app.get("keys", {})
    worst = max((v["p95"] for v in keys.values() if v), default=None)
    worst_cpu = max((v["cpu_p95"] for v in keys.values() if v), default=None)
    return {
        "format": kind.name + (" chain" if chain else ""),
        "n": count,
        "comments": load["comments"],
        "file": size_label(path),
        "load_s": load["load"],
        "json_s": load.get("json_loads"),
        "first_frame_s": app["first_frame"],
        "whole_frame_s": app["whole_frame"],
        "preview_stall": app["preview_stall"],
        "keys": keys,
        "key_p95_worst": worst,
        "key_cpu_p95_worst": worst_cpu,
        "big_replies": app.get("big_replies"),
        "fold_big": app.get("fold_big"),
        "unfold_big": app.get("unfold_big"),
        "depth1": app.get("depth1"),
        "depth0": app.get("depth0"),
        "search": app.get("search"),
        "rss_mb": app["rss_mb"],
        "load_rss_mb": load["rss_mb"],
    }


def p95(result: dict | None) -> str:
    return "–" if not result else f"{ms(result['p95'])} ({ms(result['cpu_p95'])})"


def table(results: list[dict]) -> str:
    """Two Markdown tables: opening and memory; then per-key p95 (wall and CPU)."""
    lines = [
        "| format | comments | file | parse+model s | json.loads s | first frame s | whole s | "
        "stall ms | "
        "peak RSS MB | worst key p95 ms (CPU) | fold big | unfold big | 1 | 0 | search |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        search = r["search"] or {}
        json_s = "–" if r["json_s"] is None else f"{r['json_s']:.2f}"
        lines.append(
            f"| {r['format']} | {r['comments']:,} | {r['file']} | {r['load_s']:.2f} | "
            f"{json_s} | "
            f"{r['first_frame_s']:.2f} | {r['whole_frame_s']:.2f} | {ms(r['preview_stall'])} | "
            f"{r['rss_mb']:.0f} | "
            f"{ms(r['key_p95_worst'])} ({ms(r['key_cpu_p95_worst'])}) | "
            f"{p95(r['fold_big'])} | {p95(r['unfold_big'])} | {p95(r['depth1'])} | "
            f"{p95(r['depth0'])} | {ms(search.get('first'))} |"
        )
    lines += [
        "",
        "Key to frame, median / p95 ms (p95 of the app thread's CPU time in brackets):",
        "",
        "| format | comments | " + " | ".join(KEY_ORDER) + " |",
        "|---|---:|" + "---:|" * len(KEY_ORDER),
    ]
    for r in results:
        cells = []
        for key in KEY_ORDER:
            v = r["keys"].get(key)
            cells.append(
                "–" if not v else f"{ms(v['median'])} / {ms(v['p95'])} ({ms(v['cpu_p95'])})"
            )
        lines.append(f"| {r['format']} | {r['comments']:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def update_readme(text: str) -> None:
    readme = README.read_text() if README.exists() else f"{BEGIN}\n{END}\n"
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")


def run(kind: Kind, count: int, chain: bool, presses: int, heavy: int) -> dict | None:
    why = missing(kind)
    if chain and kind.name == "text" and count > TEXT_CHAIN_LIMIT:
        why = f"a text archive {count:,} levels deep would take {count * count / 1e9:.0f} GB"
    if why:
        print(f"skip {kind.name}{' chain' if chain else ''}: {why}", flush=True)
        return None
    path = generate(kind, count, chain)
    load = probe("load", path)
    app = probe("app", path, "--presses", str(presses), "--heavy", str(heavy))
    result = row(kind, count, chain, path, load, app)
    json_s = f", json.loads {result['json_s']:.2f} s" if result["json_s"] is not None else ""
    print(
        f"{result['format']} {count:,}: {result['file']}, parse+model {result['load_s']:.2f} s"
        f"{json_s}, first frame {result['first_frame_s']:.2f} s "
        f"(whole thread {result['whole_frame_s']:.2f} s, longest stall meanwhile "
        f"{ms(result['preview_stall'])} ms), "
        f"worst key p95 {ms(result['key_p95_worst'])} ms, RSS {result['rss_mb']:.0f} MB",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default="text,hn,reddit,mbox,native")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--chain", type=int, default=0, help="also a reply chain this deep")
    parser.add_argument("--presses", type=int, default=300)
    parser.add_argument("--heavy", type=int, default=30, help="repeats of fold/unfold, 1, 0")
    parser.add_argument("--readme", action="store_true", help="write the table to README.md")
    args = parser.parse_args()
    header = machine()
    print(header, flush=True)
    results = []
    for name in args.formats.split(","):
        kind = KINDS[name]
        runs = [(int(n), False) for n in args.sizes.split(",") if n]
        if args.chain:
            runs.append((args.chain, True))
        for count, chain in runs:
            result = run(kind, count, chain, args.presses, args.heavy)
            if result is not None:
                results.append(result)
    text = table(results)
    print()
    print(text)
    if args.readme:
        command = "python benchmarks/bench.py " + " ".join(sys.argv[1:])
        update_readme(f"`{command.strip()}`\n\n{header}\n\n{text}")


if __name__ == "__main__":
    main()
