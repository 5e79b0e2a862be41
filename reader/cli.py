"""Command line: open a thread in the app, or `info`, `export`, `formats` without one.

Exit codes: 0 success, 2 bad input (a one-line message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import export, resources
from reader.actions import catalog, long_keys, taken_keys
from reader.config import ConfigProblem, config_path, load_config, render_default_config
from reader.formats import ArchiveError, collector_paused, detect, formats, get_format, load
from reader.model import Thread
from reader.sites.base import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_REQUESTS,
    Client,
    FetchError,
    FetchOptions,
    Network,
)
from reader.text_forms import kind_count, number, plural

if TYPE_CHECKING:
    from reader.store import Match, Store
    from reader.themes import ThemeSet
    from reader.ui.app import ReaderApp

EXIT_BAD_INPUT = 2

EXAMPLES = """\
examples:
  thread-reader                          recent threads and bundled samples
  thread-reader thread.txt               read a saved thread
  thread-reader --format text page.txt   skip format detection
  thread-reader info thread.json --json  counts by kind, authors, depth
  thread-reader export thread.txt --to markdown -o thread.md
  thread-reader formats                  list the archive formats it reads
  thread-reader notes --to markdown      all notes and bookmarks, for reading
  thread-reader notes thread.txt --to json -o notes.json
  thread-reader notes --import notes.json   merge an export back (no duplicates)
  thread-reader ~/threads                the library: every archive in a folder
  thread-reader search 'author:ana tomato*' --in ~/threads   search every thread
  thread-reader --theme reader-light f   read in another theme (this run only)
  thread-reader config --check           check config.toml and your theme files
  thread-reader save URL                 save a thread from the web (Reddit ...) for offline
  thread-reader URL                      save it, then read it
  thread-reader refresh FILE             download a saved thread again; say what is new
"""


class CliError(Exception):
    """A problem with the user's input: printed as one line, exit code 2."""


class _Version(argparse.Action):
    """`--version`: the installed version, looked up only when asked (it scans the installs)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            known = version("thread-reader")
        except PackageNotFoundError:
            known = "unknown"
        print(f"thread-reader {known}")
        parser.exit()


def _add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", metavar="NAME", help="read FILE as this format (see `formats`)")


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thread-reader",
        description="Read, fold and annotate archived discussion threads in the terminal.\n"
        "Sub-commands: save, refresh, info, export, formats, notes, search, config"
        " (each has --help).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file",
        nargs="?",
        help="the thread archive to open, a folder of them, or a thread's URL to save and open",
    )
    _add_format_option(parser)
    parser.add_argument("--samples", action="store_true", help="list the bundled sample threads")
    _add_data_dir_option(parser)
    parser.add_argument("--theme", metavar="NAME", help="theme for this run (t cycles in the app)")
    _add_config_option(parser)
    parser.add_argument("--version", action=_Version)
    _add_network_options(parser.add_argument_group("saving a URL"))
    return parser


def _add_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", type=Path, metavar="PATH", help="read this config file instead of the usual one"
    )


def _config_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thread-reader config",
        description="Where config.toml is, whether it (and your themes) are valid, the defaults.",
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--path", action="store_true", help="print the config file's path")
    what.add_argument(
        "--check", action="store_true", help="list each problem with its line (exit 2 if any)"
    )
    what.add_argument("--default", action="store_true", help="print a commented default file")
    _add_config_option(parser)
    return parser


def _info_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thread-reader info", description="Describe a thread archive: format, counts, depth."
    )
    parser.add_argument("file", type=Path)
    _add_format_option(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thread-reader export", description="Write a whole thread as JSON or Markdown."
    )
    parser.add_argument("file", type=Path)
    _add_format_option(parser)
    parser.add_argument("--to", choices=("json", "markdown"), required=True)
    parser.add_argument("-o", "--output", type=Path, metavar="PATH", help="write here, not stdout")
    return parser


def _add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where notes, bookmarks and read state are kept (default: $THREAD_READER_HOME,"
        " else the user data folder)",
    )


def _notes_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thread-reader notes",
        description="Export notes and bookmarks (of all threads, or of FILE's thread), or import"
        " a JSON export back, merging without duplicates.",
    )
    parser.add_argument("file", nargs="?", type=Path, help="only this thread's notes")
    _add_format_option(parser)
    parser.add_argument("--to", choices=("markdown", "json"), default="markdown")
    parser.add_argument("-o", "--output", type=Path, metavar="PATH", help="write here, not stdout")
    parser.add_argument("--import", dest="import_file", type=Path, metavar="FILE.json")
    _add_data_dir_option(parser)
    return parser


def _add_network_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument(
        "--max-requests",
        type=_positive,
        default=DEFAULT_MAX_REQUESTS,
        metavar="N",
        help="stop expanding after N requests; the rest stays 'more replies'"
        f" (default {DEFAULT_MAX_REQUESTS})",
    )
    parser.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"give up past N bytes downloaded (default {DEFAULT_MAX_BYTES // 2**20} MiB)",
    )
    parser.add_argument(
        "--api-base",
        metavar="URL",
        help="send the requests to this origin instead of the site's (a mirror, a test server;"
        " default $THREAD_READER_API_BASE)",
    )
    parser.add_argument(
        "--allow-http", action="store_true", help="allow plain http (https only otherwise)"
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected a number of at least 1")
    return value


def _save_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thread-reader save",
        description="Download the whole thread at URL and save it for reading offline; print"
        " the file's path. Sites: " + _site_names() + ".",
    )
    parser.add_argument("url", help="the thread's ordinary web address")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="write here (default: the library)"
    )
    parser.add_argument("--format", metavar="SITE", help="treat URL as this site's")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="the data folder: saved threads go to its threads/ (default: $THREAD_READER_HOME,"
        " else the user data folder)",
    )
    _add_network_options(parser)
    return parser


def _refresh_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thread-reader refresh",
        description="Download again the thread FILE was saved from; replace FILE once the new"
        " copy is whole, and say how many comments are new.",
    )
    parser.add_argument("file", type=Path)
    _add_network_options(parser)
    return parser


def _site_names() -> str:
    from reader.sites import sites

    return ", ".join(site.name for site in sites())


def _search_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thread-reader search",
        description="Search the comments of every thread read (and of the archives in --in DIR)."
        ' Query: words, "a phrase", prefix*, AND / OR / NOT, author:NAME, title:WORD, note:WORD.',
    )
    parser.add_argument("query", help="an SQLite FTS5 query (see the README)")
    parser.add_argument(
        "--in",
        dest="folder",
        type=Path,
        metavar="DIR",
        help="first index the archives in DIR not indexed yet or changed since",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="at most N matches")
    _add_data_dir_option(parser)
    return parser


def _index_one_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thread-reader index-one",
        description="Index one archive for search, as the app does after reading a large thread"
        " (it runs this at a lower priority). Lines on standard input say when the app's own"
        " writes wait (w) and are done (d): this gives way to them.",
    )
    parser.add_argument("file", type=Path, help="the archive")
    parser.add_argument("--key", help="the store's key for its thread (found when not given)")
    _add_format_option(parser)
    _add_data_dir_option(parser)
    return parser


def _formats_parser() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog="thread-reader formats", description="List the archive formats thread-reader reads."
    )


def _load(path: Path, format: str | None) -> Thread:
    try:
        return load(path, format)
    except ArchiveError as error:
        raise CliError(str(error)) from None


def info_record(thread: Thread) -> dict[str, object]:
    """What `info --json` prints."""
    return {
        "format": thread.format,
        "title": thread.title,
        **headline_count(thread),
        "kinds": thread.kind_counts(),
        "authors": len(thread.authors()),
        "max_depth": thread.max_depth(),
        "furniture_lines": thread.furniture_lines,
        "skipped": thread.skipped,
        "id": thread.id,
    }


def headline_count(thread: Thread) -> dict[str, int]:
    """`threads` for a file of several threads (a mailbox, a morechildren mix), else
    `comments`: the replies under the post, stubs for absent ones not counted."""
    if thread.root.kind == "archive":
        return {"threads": sum(1 for i in thread.children(0) if thread.comments[i].kind != "more")}
    counted = ("post", "archive", "more")
    return {"comments": sum(1 for c in thread.comments[1:] if c.kind not in counted)}


def run_info(args: argparse.Namespace) -> int:
    thread = _load(args.file, args.format)
    record = info_record(thread)
    if args.json:
        print(json.dumps(record, ensure_ascii=False))
        return 0
    counts = sorted(thread.kind_counts().items())
    kinds = ", ".join(kind_count(count, kind) for kind, count in counts)
    print(f"file:       {args.file}")
    print(f"format:     {thread.format}")
    print(f"title:      {thread.title}")
    print(f"thread id:  {thread.id}")
    ((what, count),) = headline_count(thread).items()
    print(f"{what + ':':<12}{number(count)}")
    print(f"items:      {kinds}")
    print(f"authors:    {number(len(thread.authors()))}")
    print(f"max depth:  {number(thread.max_depth())}")
    print(f"left out:   {plural(thread.furniture_lines, 'line')} of page furniture")
    if thread.skipped:
        print(f"skipped:    {plural(thread.skipped, 'unreadable item')}")
    for warning in thread.warnings:
        print(f"warning:    {warning}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    thread = _load(args.file, args.format)
    text = export.to_json(thread) if args.to == "json" else export.to_markdown(thread)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CliError(f"{args.output}: cannot write: {error.strerror or error}") from None
    return 0


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CliError(f"{output}: cannot write: {error.strerror or error}") from None


def run_notes(args: argparse.Namespace) -> int:
    from reader import notes
    from reader.store import Store, StoreError

    if args.import_file is not None and (args.file is not None or args.output is not None):
        raise CliError("notes: --import takes no FILE and no --output")
    thread = _load(args.file, args.format) if args.file is not None else None
    try:
        with Store.open(args.data_dir) as store:
            if args.import_file is not None:
                counts = notes.import_json(store, args.import_file)
                summary = ", ".join(_counted(what, count) for what, count in counts.items())
                print(f"{args.import_file}: {summary}")
                return 0
            groups = notes.collect(store, thread)
    except notes.NotesFileError as error:
        raise CliError(str(error)) from None
    except StoreError as error:
        raise CliError(f"notes store {error}") from None
    _write(notes.to_json(groups) if args.to == "json" else notes.to_markdown(groups), args.output)
    return 0


def _counted(what: str, count: int) -> str:
    """ "notes added", 1 -> "1 note added"."""
    things, done = what.split(" ", 1)
    return f"{plural(count, things.removesuffix('s'))} {done}"


def run_search(args: argparse.Namespace) -> int:
    from reader.store import BadQuery, Store, StoreError

    if args.folder is not None and not args.folder.is_dir():
        raise CliError(f"--in {args.folder}: not a folder")
    try:
        with Store.open(args.data_dir) as store:
            if store.search_problem is not None:
                raise CliError(f"search: {store.search_problem}")
            if args.folder is not None:
                _index_for_search(store, args.folder)
            matches = store.search(args.query, limit=max(args.limit, 1))
    except BadQuery as error:
        raise CliError(str(error)) from None
    except StoreError as error:
        raise CliError(f"search store {error}") from None
    if args.json:
        print(json.dumps({"query": args.query, "matches": [_match_record(m) for m in matches]},
                         ensure_ascii=False))  # fmt: skip
        return 0
    tty = sys.stdout.isatty()
    for match in matches:
        print(_match_lines(match, tty))
    if not matches:
        print(f"No match for {args.query!r}.", file=sys.stderr)
    return 0


def _index_for_search(store: Store, folder: Path) -> None:
    """Index the archives of `folder` the index lacks; one line on stderr about it."""
    from reader import library

    with store.companion() as indexer:  # the indexing connection, as in the app
        report = library.index_folder(indexer, folder)
    if report.indexed:
        comments = plural(report.comments, "comment")
        print(f"indexed {plural(report.indexed, 'archive')} ({comments})", file=sys.stderr)
    for failure in report.failed or []:
        print(f"not indexed: {failure}", file=sys.stderr)


def run_index_one(args: argparse.Namespace) -> int:
    from reader.indexer import NICENESS, index_in_child
    from reader.store import StoreError

    if hasattr(os, "nice"):
        os.nice(NICENESS)
    try:
        # The app's lines are read on a thread still blocked in a read when the index is done:
        # an unbuffered reader holds no lock that Python's exit would wait on (sys.stdin's
        # buffer does, and the child then aborts at exit).
        with open(sys.stdin.fileno(), "rb", buffering=0, closefd=False) as commands:
            index_in_child(args.data_dir, args.file, args.key, args.format, commands)
    except ArchiveError as error:
        raise CliError(str(error)) from None
    except StoreError as error:
        raise CliError(f"index store {error}") from None
    except OSError as error:
        raise CliError(f"{args.file}: {error.strerror or error}") from None
    return 0


def _match_record(match: Match) -> dict[str, object]:
    """One match as `search --json` gives it; the excerpt marks the match with **."""
    return {
        "path": match.path,
        "thread": match.thread_title,
        "thread_id": match.thread_id,
        "comment_id": match.comment_id,
        "position": match.position,
        "author": match.author,
        "date": match.created,
        "excerpt": _marked(match, "**", "**"),
    }


def _marked(match: Match, start: str, end: str) -> str:
    return "".join(f"{start}{text}{end}" if hit else text for text, hit in match.excerpt_parts())


def _match_lines(match: Match, tty: bool) -> str:
    """Thread and file, then author and date, then the excerpt (matches in bold on a terminal,
    else between **)."""
    date = (match.created or "")[:10] or "undated"
    start, end = ("\x1b[1m", "\x1b[22m") if tty else ("**", "**")
    excerpt = " ".join(_marked(match, start, end).split())
    return (
        f"{match.thread_title} ({match.path})\n"
        f"  {match.author or 'anonymous'} · {date} · #{match.position}\n"
        f"  {excerpt}\n"
    )


def run_formats(args: argparse.Namespace) -> int:
    for fmt in formats():
        print(f"{fmt.name:16} {fmt.description}")
    return 0


def is_url(text: str | None) -> bool:
    return text is not None and text.lower().startswith(("http://", "https://"))


class Progress:
    """The line on stderr while a thread downloads (only on a terminal): requests, comments."""

    def __init__(self) -> None:
        self.shown = sys.stderr.isatty()
        self.requests = 0
        self.comments = 0
        self.drawn = False

    def request(self, requests: int) -> None:
        self.requests = requests
        self.draw()

    def report(self, comments: int) -> None:
        self.comments = comments
        self.draw()

    def draw(self) -> None:
        if self.shown:
            line = f"{plural(self.requests, 'request')}, {plural(self.comments, 'comment')} so far"
            sys.stderr.write(f"\r\x1b[2K{line}")
            sys.stderr.flush()
            self.drawn = True

    def notice(self, message: str) -> None:
        self.end()
        print(f"thread-reader: {message}", file=sys.stderr)

    def end(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
            self.drawn = False


def _client_and_options(
    args: argparse.Namespace, progress: Progress
) -> tuple[Client, FetchOptions]:
    client = network_of(args).client(notice=progress.notice, on_request=progress.request)
    return client, FetchOptions(max_requests=args.max_requests, report=progress.report)


def network_of(args: argparse.Namespace) -> Network:
    return Network(args.api_base, args.allow_http, args.max_requests, args.max_bytes)


def save_url(args: argparse.Namespace, url: str, output: Path | None, site: str | None) -> Path:
    """Save the thread at `url` (the `save` command, or a URL given to open); its path."""
    from reader.sites import saving  # the sites and the network code load only to save

    progress = Progress()
    try:
        client, options = _client_and_options(args, progress)
        result = saving.save(
            url,
            client,
            options,
            output=output,
            folder=saving.library_folder(args.data_dir),
            site_name=site,
        )
    except FetchError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{output or url}: cannot write: {error.strerror or error}") from None
    finally:
        progress.end()
    if not result.saved.complete:
        why = incomplete(result.comments, client, args.max_requests)
        print(f"thread-reader: {why}", file=sys.stderr)
    return result.path


def incomplete(comments: int, client: Client, max_requests: int) -> str:
    """Why a save holds stubs still: the request limit, or replies that could not be had."""
    saved = f"{plural(comments, 'comment')} saved"
    if getattr(client, "calls", 0) >= max_requests:
        return f"{saved}; --max-requests {max_requests} stopped before every reply was fetched"
    return f"{saved}; some replies could not be fetched (gone since?): they show as stubs"


def run_save(args: argparse.Namespace) -> int:
    print(save_url(args, args.url, args.output, args.format))
    return 0


def run_refresh(args: argparse.Namespace) -> int:
    from reader.sites import saving

    progress = Progress()
    try:
        client, options = _client_and_options(args, progress)
        result = saving.refresh(args.file, client, options)
    except FetchError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{args.file}: cannot write: {error.strerror or error}") from None
    finally:
        progress.end()
    print(f"{result.path}: {saving.refresh_summary(result)}")
    return 0


def run_open(args: argparse.Namespace) -> int:
    if args.samples:
        for sample in resources.samples():
            print(sample)
        return 0
    if is_url(args.file):  # saved first, then read; --format names the site
        path: Path | None = save_url(args, args.file, None, args.format)
        args.format = None
    else:
        path = Path(args.file) if args.file is not None else None
    folder: Path | None = None
    if path is not None and path.is_dir():
        from reader.formats.maildir import is_maildir  # mail's modules load only for a folder

        if not is_maildir(path):
            folder, path = path, None  # a folder of archives: the library lists them
    # What is made from here to the app (modules, themes, the app) lives as long as the
    # process: the collector sweeping it again and again as it grows cost some 30 ms of CPU
    # before the first frame (ReaderApp.run goes on so until its first frame).
    with collector_paused():
        app, mouse = _reader_app(args, path, folder)
    app.run(mouse=mouse)
    if app.load_error is not None:
        raise CliError(app.load_error)
    return app.return_code or 0


def _reader_app(
    args: argparse.Namespace, path: Path | None, folder: Path | None
) -> tuple[ReaderApp, bool]:
    """The app for `path` (or the library of `folder`), once the file is known to be readable;
    whether it takes the mouse."""
    try:
        if args.format:
            get_format(args.format)
        elif path is not None:
            detect(path) if path.exists() else _load(path, None)
    except KeyError as error:
        raise CliError(f"{path or 'thread-reader'}: {error.args[0]}") from None
    except ArchiveError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{path}: {error.strerror or error}") from None

    # Textual draws at most TEXTUAL_FPS frames a second on a fixed grid (60 by default): a key
    # arriving just after a frame waits up to 16.7 ms for the next slot, whatever the frame
    # costs. Our frames cost a few milliseconds, so the grid is made finer. Textual reads the
    # variable when it is first imported, which is just below; a user's own setting wins.
    os.environ.setdefault("TEXTUAL_FPS", "240")
    from reader.themes import load_themes  # the UI loads only when it is needed
    from reader.ui.app import ReaderApp

    loaded = load_config(args.config, actions=catalog())
    themes = load_themes()
    if args.theme is not None:
        _check_theme_name(args.theme, themes)
    warnings = loaded.describe_problems() + [str(problem) for problem in themes.problems]
    app = ReaderApp(
        path,
        library=folder,
        format=args.format,
        data_dir=args.data_dir,
        config=loaded.config,
        theme=args.theme,
        themes=themes,
        warnings=warnings,
        network=network_of(args),
    )
    return app, loaded.config.mouse


def _check_theme_name(name: str, themes: ThemeSet) -> None:
    names = themes.every_name()
    if name not in names:
        raise CliError(f"--theme: no theme named {name!r} (themes: {', '.join(names)})")


def config_problems(path: Path | None) -> list[str]:
    """What `config --check` prints: config.toml problems by line, then the theme files'."""
    from reader.themes import load_themes

    actions = catalog()
    loaded = load_config(path, actions=actions)
    keymap = {action: long_keys(keys) for action, keys in loaded.config.keys.items()}
    for action, message in taken_keys(actions, keymap):
        name = f"keys.{action}"
        loaded.problems.append(ConfigProblem(name, message, loaded.lines.get(name)))
    themes = load_themes()
    theme, names = loaded.config.theme, themes.every_name()
    if theme is not None and theme not in names:
        message = f"no theme named {theme!r} (themes: {', '.join(names)})"
        loaded.problems.append(ConfigProblem("theme", message, loaded.lines.get("theme")))
    loaded.problems.sort(key=lambda problem: problem.line or 0)
    return loaded.describe_problems() + [str(problem) for problem in themes.problems]


def run_config(args: argparse.Namespace) -> int:
    path = config_path(args.config)
    if args.path:
        print(path)
        return 0
    if args.default:
        sys.stdout.write(render_default_config(catalog(), location=path))
        return 0
    problems = config_problems(args.config)
    for problem in problems:
        print(problem)
    if problems:
        return EXIT_BAD_INPUT
    state = "is valid" if path.exists() else "does not exist: the defaults are in use"
    print(f"{path} {state}")
    return 0


_SUBCOMMANDS: dict[
    str, tuple[Callable[[], argparse.ArgumentParser], Callable[[argparse.Namespace], int]]
] = {
    "save": (_save_parser, run_save),
    "refresh": (_refresh_parser, run_refresh),
    "info": (_info_parser, run_info),
    "export": (_export_parser, run_export),
    "formats": (_formats_parser, run_formats),
    "notes": (_notes_parser, run_notes),
    "search": (_search_parser, run_search),
    "index-one": (_index_one_parser, run_index_one),
    "config": (_config_parser, run_config),
}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in _SUBCOMMANDS:
        make_parser, run = _SUBCOMMANDS[arguments.pop(0)]
    else:
        make_parser, run = _open_parser, run_open
    args = make_parser().parse_args(arguments)
    try:
        return run(args)
    except CliError as error:
        print(f"thread-reader: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
