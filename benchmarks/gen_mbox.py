"""Write a large, realistic mailing-list mbox for benchmarks.

    python benchmarks/gen_mbox.py N OUT.mbox [--seed S] [--chain] [--light]

The shape comes from shapes.py (the same bushy trees as the other formats' generators): each
top-level node starts a thread, replies answer mostly recent messages and reach 40+ levels,
and messages are written in date order, so threads interleave as in a list archive.
Messages carry Received lines, References chains (trimmed as mailers do), quoted text and
signatures; most are text/plain UTF-8, some quoted-printable, base64, multipart/alternative or
HTML only, and some have RFC 2047 encoded names and subjects. Body lines starting with "From "
are written as ">From " (mboxrd). `--chain` writes a single reply chain N deep; `--light` writes
messages as a Mailman archive keeps them (no trace headers, plain text only).
"""

from __future__ import annotations

import argparse
import base64
import quopri
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from shapes import Node, bushy, chain

FIRST = "Anna Ben Carla Dmitri Elif Farid Greta Hiro Ines Jonas Kaito Lena Mateo Nadia Olu".split()
LAST = "Berg Costa Dubois Eriksen Fischer García Hansen Ivanova Jensen Kowalski Müller".split()
TOPICS = (
    "memory leak in parser",
    "release 2.{n} planning",
    "[PATCH v{n}] fix race in queue",
    "build fails on arm64",
    "proposal: new config format",
    "question about locking",
    "Übersetzung der Dokumentation",
    "benchmark numbers for {n}k rows",
)
REFERENCES_KEPT = 12
RECENT = 64


@dataclass(slots=True)
class _Sent:
    """What a reply needs of the message it answers."""

    mid: str
    references: list[str]
    subject: str
    name: str
    excerpt: list[str]


def _person(author: str) -> tuple[str, str]:
    """A stable display name and address for a generated author id."""
    rng = random.Random(author)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return f"{first} {last}", f"{first.lower()}.{author}@example.org"


def _wrap(text: str, width: int = 72) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def _body(node: Node, parent: _Sent | None, name: str, rng: random.Random) -> list[str]:
    lines: list[str] = []
    if parent is not None:
        lines.append(f"On a recent day, {parent.name} wrote:")
        lines.extend("> " + line for line in parent.excerpt)
        lines.append("")
    for text in node.paragraphs:
        lines.extend(_wrap(text))
        lines.append("")
    if rng.random() < 0.05:
        lines.extend(["From my side this looks fine.", ""])  # mboxrd quotes this line
    if rng.random() < 0.5:
        lines.extend(["-- ", name])
    return lines


def _header_text(text: str) -> str:
    return text if text.isascii() else Header(text, "utf-8").encode()


def _headers(sent: _Sent, address: str, stamp: str, rng: random.Random, light: bool) -> list[str]:
    lines = [] if light else [f"Return-Path: <{address}>"]
    for hop in range(0 if light else rng.randint(2, 4)):
        lines.append(
            f"Received: from mx{hop}.example.net (mx{hop}.example.net [192.0.2.{hop}])\n"
            f"\tby lists.example.org (Postfix) with ESMTP id {rng.getrandbits(40):X};\n\t{stamp}"
        )
    lines += [
        f"From: {_header_text(sent.name)} <{address}>",
        "To: dev@lists.example.org",
        f"Subject: {_header_text(sent.subject)}",
        f"Date: {stamp}",
        f"Message-ID: <{sent.mid}>",
    ]
    if sent.references:
        lines.append(f"In-Reply-To: <{sent.references[-1]}>")
        lines.append("References: " + "\n ".join(f"<{r}>" for r in sent.references))
    if not light:
        lines += ["List-Id: Developers <dev.lists.example.org>", "MIME-Version: 1.0"]
    return lines


def _encoded(body: str, rng: random.Random) -> tuple[list[str], str]:
    """Content headers and the body in one of several common shapes."""
    plain = "Content-Type: text/plain; charset=utf-8"
    roll = rng.random()
    if roll < 0.75:
        return [plain, "Content-Transfer-Encoding: 8bit"], body
    if roll < 0.85:
        encoded = quopri.encodestring(body.encode()).decode("ascii")
        return [plain, "Content-Transfer-Encoding: quoted-printable"], encoded
    if roll < 0.88:
        encoded = base64.encodebytes(body.encode()).decode("ascii")
        return [plain, "Content-Transfer-Encoding: base64"], encoded
    paragraphs = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in body.split("\n\n"))
    html = f"<html><body>{paragraphs}</body></html>"
    if roll < 0.98:
        boundary = f"=_{rng.getrandbits(48):x}"
        multipart = (
            f"--{boundary}\n{plain}\n\n{body}\n"
            f"--{boundary}\nContent-Type: text/html; charset=utf-8\n\n{html}\n--{boundary}--\n"
        )
        return [f'Content-Type: multipart/alternative; boundary="{boundary}"'], multipart
    return ["Content-Type: text/html; charset=utf-8"], html


def generate(
    count: int, seed: int = 1, deep_chain: bool = False, light: bool = False
) -> Iterator[str]:
    """Yield the mbox text of `count` messages, one message at a time, in date order.

    `light` writes what a Mailman (pipermail) archive holds: no trace headers, plain text only.
    """
    rng = random.Random(seed)
    when = datetime(2021, 1, 4, 9, 0, tzinfo=timezone.utc)
    sent: dict[int, _Sent] = {}
    nodes = chain(count) if deep_chain else bushy(count, seed=seed)
    for node in nodes:
        when += timedelta(seconds=rng.expovariate(1 / 90))
        name, address = _person(node.author)
        parent = sent.get(node.parent)
        if parent is None:
            subject = rng.choice(TOPICS).format(n=rng.randint(2, 40))
            references: list[str] = []
        else:
            subject = (
                parent.subject if parent.subject.startswith("Re: ") else f"Re: {parent.subject}"
            )
            references = [*parent.references, parent.mid]
            if len(references) > REFERENCES_KEPT:  # mailers keep the first and the latest
                references = [references[0], *references[-(REFERENCES_KEPT - 1) :]]
        lines = _body(node, parent, name, rng)
        mid = f"{node.index}.{rng.getrandbits(32):08x}@gen.example.org"
        message = _Sent(mid, references, subject, name, _wrap(node.paragraphs[0])[:4])
        sent[node.index] = message
        sent.pop(node.index - RECENT, None)  # shapes.py only answers recent messages
        content, body = ([], "\n".join(lines)) if light else _encoded("\n".join(lines), rng)
        body = "\n".join(
            ">" + line if line.startswith("From ") else line for line in body.split("\n")
        )
        stamp = format_datetime(when)
        envelope = f"From {address} {when.strftime('%a %b %d %H:%M:%S %Y')}"
        yield "\n".join(
            [envelope, *_headers(message, address, stamp, rng, light), *content, "", body, "", ""]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chain", action="store_true", help="one reply chain COUNT deep")
    parser.add_argument("--light", action="store_true", help="pipermail-style: few headers")
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as out:
        out.writelines(generate(args.count, args.seed, args.chain, args.light))


if __name__ == "__main__":
    main()
