"""Write a large, realistic mailing-list mbox for benchmarks.

    python benchmarks/gen_mbox.py N OUT.mbox [--seed S] [--chain]

Threads start and get replies over time, interleaved in date order as in a list archive; most
replies answer one of the thread's latest messages, so long threads grow 40+ levels deep.
Messages carry Received lines, References chains, quoted text and signatures; most are
text/plain UTF-8, some quoted-printable, base64, multipart/alternative or HTML only, and some
have RFC 2047 encoded names and subjects. `--chain` writes a single reply chain N deep.
"""

from __future__ import annotations

import argparse
import base64
import quopri
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime

WORDS = (  # noqa: SIM905
    "the a to of and in is it that for on with as this was be are not you have but at can if "
    "build patch kernel test error config release memory thread value reply list message "
    "option should would could think about because problem works fails version update "
    "probably issue change support file read write buffer queue lock cache index commit "
    "review branch merge server client request latency bytes output input parser format"
).split()
FIRST = "Anna Ben Carla Dmitri Elif Farid Greta Hiro Ines Jonas Kaito Lena Mateo Nadia Olu".split()  # noqa: SIM905
LAST = "Berg Costa Dubois Eriksen Fischer García Hansen Ivanova Jensen Kowalski Müller".split()  # noqa: SIM905
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


@dataclass
class _Msg:
    mid: str
    references: list[str]
    subject: str
    author: tuple[str, str]
    body: str


@dataclass
class _Thread:
    subject: str
    messages: list[_Msg] = field(default_factory=list)


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 5)))
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) > 70:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def _body(rng: random.Random, parent: _Msg | None, author: tuple[str, str]) -> str:
    parts = []
    if parent is not None:
        quoted = parent.body.split("\n-- \n")[0].split("\n")[:6]
        parts.append(f"On a recent day, {parent.author[0]} wrote:")
        parts.append("\n".join("> " + line if line else ">" for line in quoted))
    parts.extend(_paragraph(rng) for _ in range(rng.randint(1, 5)))
    if rng.random() < 0.05:
        parts.append("From my side this looks fine.")  # mboxrd must quote this line
    if rng.random() < 0.5:
        parts.append(f"-- \n{author[0]}\n{author[1]}")
    return "\n\n".join(parts)


def _address(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return f"{first} {last}", f"{first.lower()}.{rng.randint(1, 400)}@example.org"


def _encode_name(name: str) -> str:
    return Header(name, "utf-8").encode() if not name.isascii() else f'"{name}"'


def _encode_subject(subject: str) -> str:
    return subject if subject.isascii() else Header(subject, "utf-8").encode()


def _headers(msg: _Msg, when: datetime, rng: random.Random) -> list[str]:
    stamp = format_datetime(when)
    lines = [
        f"Return-Path: <{msg.author[1]}>",
        *(
            f"Received: from mx{hop}.example.net (mx{hop}.example.net [192.0.2.{hop}])\n"
            f"\tby lists.example.org (Postfix) with ESMTP id {rng.getrandbits(40):X};\n\t{stamp}"
            for hop in range(rng.randint(2, 4))
        ),
        f"From: {_encode_name(msg.author[0])} <{msg.author[1]}>",
        "To: dev@lists.example.org",
        f"Subject: {_encode_subject(msg.subject)}",
        f"Date: {stamp}",
        f"Message-ID: <{msg.mid}>",
    ]
    if msg.references:
        lines.append(f"In-Reply-To: <{msg.references[-1]}>")
        refs = (
            msg.references
            if len(msg.references) <= 12
            else [msg.references[0], *msg.references[-11:]]
        )
        lines.append("References: " + "\n ".join(f"<{r}>" for r in refs))
    lines += [
        "List-Id: Developers <dev.lists.example.org>",
        "X-Mailer: gen_mbox 1.0",
        "MIME-Version: 1.0",
    ]
    return lines


def _encode_body(msg: _Msg, rng: random.Random) -> tuple[list[str], str]:
    """Content headers and the encoded body, in one of several common shapes."""
    roll = rng.random()
    if roll < 0.75:
        return [
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ], msg.body
    if roll < 0.85:
        encoded = quopri.encodestring(msg.body.encode()).decode("ascii")
        return [
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ], encoded
    if roll < 0.88:
        encoded = base64.encodebytes(msg.body.encode()).decode("ascii")
        return [
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
        ], encoded
    html = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in msg.body.split("\n\n"))
    html = f"<html><body>{html}</body></html>"
    if roll < 0.98:
        boundary = f"=_{rng.getrandbits(48):x}"
        body = (
            f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n\n{msg.body}\n"
            f"--{boundary}\nContent-Type: text/html; charset=utf-8\n\n{html}\n--{boundary}--\n"
        )
        return [f'Content-Type: multipart/alternative; boundary="{boundary}"'], body
    return ["Content-Type: text/html; charset=utf-8"], html


def _render(msg: _Msg, when: datetime, rng: random.Random) -> str:
    content, body = _encode_body(msg, rng)
    body = "\n".join(">" + line if line.startswith("From ") else line for line in body.split("\n"))
    envelope = f"From {msg.author[1]} {when.strftime('%a %b %d %H:%M:%S %Y')}"
    return "\n".join([envelope, *_headers(msg, when, rng), *content, "", body, "", ""])


def _pick_parent(rng: random.Random, thread: _Thread) -> _Msg:
    messages = thread.messages
    roll = rng.random()
    if roll < 0.55:
        return messages[-1]
    if roll < 0.9:
        return messages[-1 - min(len(messages) - 1, int(rng.expovariate(0.5)))]
    return rng.choice(messages)


def generate(count: int, seed: int = 1, chain: bool = False):
    """Yield the mbox text of `count` messages, one message at a time."""
    rng = random.Random(seed)
    when = datetime(2021, 1, 4, 9, 0, tzinfo=timezone.utc)
    active: list[_Thread] = []
    for number in range(count):
        when += timedelta(seconds=rng.expovariate(1 / 90))
        author = _address(rng)
        mid = f"{number}.{rng.getrandbits(32):08x}@gen.example.org"
        if not active or (not chain and rng.random() < 0.12):
            subject = rng.choice(TOPICS).format(n=rng.randint(2, 40))
            thread = _Thread(subject)
            active.append(thread)
            del active[:-300]
            parent = None
        else:
            thread = (
                active[-1]
                if chain
                else active[-1 - min(len(active) - 1, int(rng.expovariate(0.15)))]
            )
            parent = thread.messages[-1] if chain else _pick_parent(rng, thread)
        references = [*parent.references, parent.mid] if parent else []
        subject = f"Re: {thread.subject}" if parent else thread.subject
        msg = _Msg(mid, references, subject, author, _body(rng, parent, author))
        if chain:
            msg.references = references[-12:]
        thread.messages.append(msg)
        if len(thread.messages) > 40 and not chain:
            thread.messages = thread.messages[-40:]  # only recent messages get answered
        yield _render(msg, when, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chain", action="store_true", help="one reply chain COUNT deep")
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as out:
        for text in generate(args.count, args.seed, args.chain):
            out.write(text)


if __name__ == "__main__":
    main()
