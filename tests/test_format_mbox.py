"""mbox and Maildir: splitting, headers, bodies, JWZ threading, bad input, the real corpus."""

from __future__ import annotations

import base64
import gzip
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.export import to_json
from reader.formats import ArchiveError, detect, load
from reader.formats.mailthread import build_thread, subject_key
from reader.formats.mbox import read_messages
from reader.model import Thread
from tests.conftest import examples

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ROOT = Path(__file__).resolve().parents[1]


def shape(thread: Thread) -> list[tuple[int, str, str]]:
    """(depth, kind, id) of every row, in order: the tree as a reader sees it."""
    return [(c.depth, c.kind, c.id) for c in thread.comments]


def by_id(thread: Thread, comment_id: str):
    index = thread.index_of(comment_id)
    assert index is not None, comment_id
    return thread.comments[index]


def parent_of(thread: Thread, comment_id: str) -> str | None:
    return by_id(thread, comment_id).parent_id


def check_invariants(thread: Thread) -> None:
    """Pre-order, depth, parent and subtree_size agree with each other."""
    comments = thread.comments
    assert comments[0].depth == 0 and comments[0].parent_id is None
    for index, comment in enumerate(comments[1:], 1):
        parent = thread.parents[index]
        assert 0 <= parent < index
        assert comment.depth == comments[parent].depth + 1
        assert comment.parent_id == comments[parent].id
    for index, comment in enumerate(comments):
        end = index + comment.subtree_size
        assert end <= len(comments)
        inside = comments[index + 1 : end]
        assert all(c.depth > comment.depth for c in inside)
        assert end == len(comments) or comments[end].depth <= comment.depth
    assert len({c.id for c in comments}) == len(comments)


# Sniffing and the shape of a mailbox.


def test_mbox_and_maildir_are_sniffed_from_content():
    assert detect(FIXTURES / "mail_missing_parent.mbox").name == "mbox"
    assert detect(FIXTURES / "mail_subject_threading.mbox.gz").name == "mbox"
    assert detect(FIXTURES / "mail_maildir").name == "maildir"


def test_a_mailbox_of_several_threads_is_an_archive_of_posts_in_date_order():
    thread = load(FIXTURES / "mail_missing_parent.mbox")
    root = thread.root
    assert root.kind == "archive" and thread.title == "mail_missing_parent.mbox"
    assert thread.id == root.id == "mbox:root@example.org"
    posts = [c for c in thread.comments if c.depth == 1]
    assert [c.kind for c in posts] == ["post", "post"]
    assert [c.created for c in posts] == sorted(c.created for c in posts)
    check_invariants(thread)


def test_a_mailbox_of_one_thread_has_its_first_message_as_root():
    thread = load(FIXTURES / "mail_folded_headers.mbox")
    assert thread.root.kind == "post" and thread.id == "folded-root@example.org"
    assert thread.title == "A subject that a mailer folded over two lines"
    assert shape(thread) == [
        (0, "post", "folded-root@example.org"),
        (1, "comment", "folded-child@example.org"),
        (2, "comment", "folded-grandchild@example.org"),
    ]


# Threading.


def test_a_missing_parent_does_not_orphan_its_replies():
    thread = load(FIXTURES / "mail_missing_parent.mbox")
    # Both replies to the absent middle message hang from the root that References names.
    assert parent_of(thread, "grandchild@example.org") == "root@example.org"
    assert parent_of(thread, "sibling@example.org") == "root@example.org"
    assert "missing-middle@example.org" in by_id(thread, "sibling@example.org").extra["detached"]
    # Two replies to a message from last month stay together, under the earlier one.
    assert by_id(thread, "late-a@example.org").kind == "post"
    assert parent_of(thread, "late-b@example.org") == "late-a@example.org"


def test_reply_loops_and_self_references_load_every_message_once():
    thread = load(FIXTURES / "mail_reply_loop.mbox")
    ids = sorted(c.id for c in thread.comments if c.kind != "archive")
    assert ids == ["one@loop", "self@loop", "three@loop", "two@loop"]
    assert by_id(thread, "self@loop").kind == "post"
    check_invariants(thread)


def test_replies_without_references_join_the_thread_of_their_subject():
    thread = load(FIXTURES / "mail_subject_threading.mbox")
    for reply in ("outlook-1", "outlook-2", "outlook-3", "outlook-4"):
        comment = by_id(thread, f"{reply}@example.org")
        assert comment.parent_id == "plans@example.org"
        assert comment.extra["threaded by"].startswith("subject")
    assert by_id(thread, "other@example.org").kind == "post"


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        ("Re: [dev] Plans", ("plans", True)),
        ("RE:plans", ("plans", True)),
        ("Aw: AW: Re[2]: Plans", ("plans", True)),
        ("SV: Plans", ("plans", True)),
        ("[dev] Plans", ("plans", False)),
        ("Regarding plans", ("regarding plans", False)),
    ],
)
def test_subject_keys_drop_reply_prefixes_and_list_tags(subject, key):
    assert subject_key(subject) == key


def test_folded_and_duplicated_headers_use_the_first_occurrence():
    thread = load(FIXTURES / "mail_folded_headers.mbox")
    child = by_id(thread, "folded-child@example.org")
    assert child.parent_id == "folded-root@example.org"  # not the second In-Reply-To
    assert child.extra["subject"] == "Re: A subject that a mailer folded over two lines"
    assert thread.root.author == "Vic Hale"


# Bodies and headers.


def test_encoded_words_and_charsets_are_decoded():
    thread = load(FIXTURES / "mail_encoded.mbox")
    root, reply = thread.comments
    assert root.author == "François Châtelet"
    assert root.extra["subject"] == "Café et crèpes — menu"
    assert root.body == "Déjà vu : crème brûlée à volonté."
    assert reply.author == "Zoë Adams"
    assert reply.body == "Quoted-printable: naïve café, a soft break, and €5."
    assert root.created is not None and root.created.utcoffset().total_seconds() == 0
    assert root.created.hour == 10  # 12:00 +0200


def test_an_html_only_message_is_converted_and_attachments_are_named():
    body = load(FIXTURES / "mail_html_only.mbox").root.body
    assert "<" not in body and "color: red" not in body
    assert "Version **2.1** is out." in body
    assert "- fewer & smaller files" in body
    assert "the notes (https://example.com/notes)" in body
    assert body.endswith(
        "[attachment: notes.pdf (application/pdf)]\n"
        "[attachment: naïve plan.txt (application/octet-stream)]"
    )


def test_mboxrd_from_quoting_is_undone_once_and_body_from_lines_do_not_split():
    thread = load(FIXTURES / "mail_mboxrd.mbox")
    assert [c.id for c in thread.comments] == ["mboxrd@example.org", "mboxrd-2@example.org"]
    lines = thread.root.body.split("\n")
    assert "From here on, every line is kept." in lines
    assert ">From there, one level of quoting goes." in lines
    assert "From what I can tell at 10:30 this line is not a separator either." in lines
    reply = thread.comments[1].body
    assert "\n\nFrom 10:00 to 12:00 the list server was down;" in reply
    assert reply.endswith("but no header comes after it.")


def test_quotes_and_signatures_are_kept_for_the_reading_pane():
    thread = load(FIXTURES / "mail_maildir")
    assert thread.root.body == "Who is in for Friday?\n\n-- \nKim"
    assert by_id(thread, "offsite-lea@example.net").body.startswith("> Who is in for Friday?")


def test_crlf_and_gzip_give_the_same_tree_as_plain_lf():
    plain = load(FIXTURES / "mail_missing_parent.mbox")
    crlf = load(FIXTURES / "mail_crlf.mbox")
    assert shape(crlf) == shape(plain)
    assert [c.body for c in crlf.comments] == [c.body for c in plain.comments]
    gz = load(FIXTURES / "mail_subject_threading.mbox.gz")
    assert shape(gz) == shape(load(FIXTURES / "mail_subject_threading.mbox"))


def test_a_message_without_message_id_gets_a_stable_id(tmp_path):
    text = (
        "From x@example.org Mon Jan  1 10:00:00 2024\nFrom: X <x@example.org>\n"
        "Subject: no id\nDate: Mon, 01 Jan 2024 10:00:00 +0000\n\nBody.\n"
    )
    first, second = tmp_path / "a.mbox", tmp_path / "b.mbox"
    first.write_text(text)
    second.write_text(text)
    one, two = load(first), load(second)
    assert one.root.id.startswith("mail:") and one.root.id == two.root.id == one.id
    assert "message-id" not in one.root.extra


def test_a_pipermail_archive_with_obfuscated_addresses_reads_as_mbox():
    path = FIXTURES / "mail_pipermail.txt"
    assert detect(path).name == "mbox"
    thread = load(path)
    assert [c.author for c in thread.comments] == ["Mikhail Gusarov", "Carl Worth"]
    assert thread.comments[1].parent_id == thread.id
    assert thread.title == "[notmuch] [PATCH 1/2] Close message file after parsing message headers"


# Maildir.


def test_maildir_reads_cur_and_new_and_threads_them():
    thread = load(FIXTURES / "mail_maildir")
    assert thread.format == "maildir" and thread.id == "offsite@example.net"
    assert shape(thread) == [
        (0, "post", "offsite@example.net"),
        (1, "comment", "offsite-lea@example.net"),
        (2, "comment", "offsite-max@example.net"),
    ]
    assert thread.skipped == 0  # the dot file in new/ is not a message


def test_a_folder_that_is_not_a_maildir_is_refused(tmp_path):
    (tmp_path / "cur").mkdir()
    with pytest.raises(ArchiveError):
        load(tmp_path, format="maildir")


# Bad input.


def test_a_broken_message_is_skipped_counted_and_reported():
    thread = load(FIXTURES / "mail_broken.mbox")
    assert [c.id for c in thread.comments] == ["good-1@example.org", "good-2@example.org"]
    assert thread.skipped == 1
    assert thread.warnings == [
        "message 2 (line 9) skipped: no header fields where the message should start"
    ]


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
        (b"Dear diary,\nFrom today on I keep notes.\n", "From "),
    ],
)
def test_files_that_are_not_mailboxes_give_one_clean_error(tmp_path, content, what):
    path = tmp_path / "box.mbox"
    path.write_bytes(content)
    with pytest.raises(ArchiveError) as caught:
        load(path, format="mbox")
    message = str(caught.value)
    assert message.startswith(str(path)) and "as mbox" in message and what in message


def test_a_mailbox_of_only_broken_messages_is_an_error(tmp_path):
    path = tmp_path / "junk.mbox"
    path.write_bytes(b"From a Mon Jan  1 10:00:00 2024\n\x01garbage\n")
    with pytest.raises(ArchiveError, match="no readable message"):
        load(path)


# Round trip through our own JSON.


@pytest.mark.parametrize(
    "name", ["mail_missing_parent.mbox", "mail_encoded.mbox", "mail_html_only.mbox", "mail_maildir"]
)
def test_export_to_json_and_back_gives_the_same_tree(tmp_path, name):
    thread = load(FIXTURES / name)
    exported = tmp_path / "thread.json"
    exported.write_text(to_json(thread), encoding="utf-8")
    again = load(exported)
    assert (again.id, again.title, again.format) == (thread.id, thread.title, thread.format)
    first = json.loads(to_json(thread))["comments"]
    assert json.loads(to_json(again))["comments"] == first


# Random reference graphs.

IDS = [f"m{n}@x" for n in range(8)]


@st.composite
def mailboxes(draw):
    """mbox bytes of 1-12 messages with random ids, references, subjects and dates."""
    count = draw(st.integers(1, 12))
    parts = []
    for number in range(count):
        headers = [f"From: P{number} <p{number}@x>"]
        if draw(st.booleans()) or number == 0:
            headers.append(f"Message-ID: <{draw(st.sampled_from(IDS))}>")
        references = draw(st.lists(st.sampled_from(IDS), max_size=4))
        if references:
            headers.append("References: " + "\n\t".join(f"<{r}>" for r in references))
        if draw(st.booleans()):
            headers.append(f"In-Reply-To: <{draw(st.sampled_from(IDS))}>")
        prefix = draw(st.sampled_from(["", "Re: ", "RE: ", "Aw: "]))
        headers.append(f"Subject: {prefix}{draw(st.sampled_from(['alpha', 'beta']))}")
        if draw(st.booleans()):
            headers.append(f"Date: Mon, 0{draw(st.integers(1, 9))} Jan 2024 10:00:00 +0000")
        body = f"body {number}\n"
        parts.append("From p@x Mon Jan  1 10:00:00 2024\n" + "\n".join(headers) + f"\n\n{body}\n")
    return "".join(parts).encode(), count


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.too_slow])
@given(mailboxes())
def test_any_reference_graph_gives_a_consistent_tree_holding_every_message(box):
    data, count = box
    messages, _, skipped = read_messages(data)
    assert skipped == 0 and len(messages) == count
    thread = build_thread(messages, name="random.mbox", format="mbox", source="random.mbox")
    check_invariants(thread)
    held = [c for c in thread.comments if c.kind != "archive"]
    assert len(held) == count
    assert sorted(c.body for c in held) == sorted(f"body {n}" for n in range(count))
    if thread.root.kind == "archive":
        assert all(c.kind == "post" for c in thread.comments if c.depth == 1)


SEEDS = sorted(FIXTURES.glob("mail_*.mbox"))


@settings(max_examples=examples(150), suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 4000), st.binary(max_size=12)), max_size=6),
)
def test_any_corruption_of_a_mailbox_gives_a_thread_or_one_clean_error(seed, edits):
    data = seed.read_bytes()
    for position, chunk in edits:
        position %= len(data) + 1
        data = data[:position] + chunk + data[position + 3 :]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "box.mbox"
        path.write_bytes(data)
        try:
            thread = load(path, format="mbox")
        except ArchiveError as error:
            assert str(error).startswith(str(path))
            return
    check_invariants(thread)


@pytest.mark.parametrize("charset", ["base64", "idna", "x-unknown-8bit", "utf-16"])
def test_odd_charset_labels_never_fail(tmp_path, charset):
    path = tmp_path / "odd.mbox"
    path.write_bytes(
        b"From a Mon Jan  1 10:00:00 2024\nFrom: A <a@x>\nMessage-ID: <odd@x>\n"
        b"Content-Type: text/plain; charset=" + charset.encode() + b"\n\ncaf\xc3\xa9\n"
    )
    body = load(path).root.body
    assert body  # utf-16 gives mojibake, but a string
    if charset != "utf-16":  # unknown or non-text codecs fall back to UTF-8
        assert body == "café"


# The bundled sample and the benchmark generator.


def test_the_sample_mailing_list_is_a_realistic_archive():
    thread = load(ROOT / "samples" / "mailing-list.mbox")
    messages = [c for c in thread.comments if c.kind != "archive"]
    assert thread.root.kind == "archive" and thread.skipped == 0
    assert 40 <= len(messages) <= 80
    assert sum(1 for c in thread.comments if c.kind == "post") >= 4
    assert thread.max_depth() >= 6  # depth 5+ below a thread's first message
    assert any("\n-- \n" in c.body for c in messages)
    assert any(line.startswith(">") for c in messages for line in c.body.split("\n"))
    assert not any("<p>" in c.body or "</" in c.body for c in messages)
    assert any(not c.author.isascii() for c in messages if c.author)
    check_invariants(thread)


def _generator():
    spec = importlib.util.spec_from_file_location("gen_mbox", ROOT / "benchmarks" / "gen_mbox.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_mbox"] = module
    spec.loader.exec_module(module)
    return module


def test_the_generated_benchmark_mailbox_loads_completely(tmp_path):
    path = tmp_path / "gen.mbox.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(_generator().generate(400, seed=7))
    thread = load(path)
    messages = [c for c in thread.comments if c.kind != "archive"]
    assert len(messages) == 400 and thread.skipped == 0
    assert thread.max_depth() >= 8
    assert not any(">From my side" in c.body for c in messages)
    assert not any("<p>" in c.body for c in messages)
    check_invariants(thread)


def test_a_long_reply_chain_loads_without_recursion(tmp_path):
    path = tmp_path / "chain.mbox"
    with path.open("w", encoding="utf-8") as out:
        out.writelines(_generator().generate(3000, deep_chain=True))
    thread = load(path)
    assert len(thread) == 3000 and thread.max_depth() == 2999


# The real corpus (skipped when ../shared/corpus is absent).

CORPUS_COUNTS = {
    # file: (messages, max depth counted from each thread's first message, several threads?)
    "perl5-Mail-Box_t-folders_mbox.src.mbox": (45, 3, True),
    "notmuch_list_2009_default_corpus.mbox": (53, 4, True),
    "notmuch_broken_reply_loop.mbox": (2, 1, False),
    "patchwork_bugs-multiple-references.mbox": (5, 2, False),
}


def corpus_file(name: str) -> Path:
    path = CORPUS / "mbox" / name
    if not path.exists():
        pytest.skip(f"corpus file {path} is absent")
    return path


@pytest.mark.parametrize("name", sorted(CORPUS_COUNTS))
def test_corpus_counts_agree_with_the_readme(name):
    messages, depth, archive = CORPUS_COUNTS[name]
    thread = load(corpus_file(name))
    assert sum(1 for c in thread.comments if c.kind != "archive") == messages
    assert (thread.root.kind == "archive") is archive
    assert thread.max_depth() == depth + (1 if archive else 0)  # the archive root adds a level
    assert thread.skipped == 0
    check_invariants(thread)


def test_corpus_mail_box_stray_byte_is_replaced_and_outlook_replies_join_by_subject():
    thread = load(corpus_file("perl5-Mail-Box_t-folders_mbox.src.mbox"))
    assert any("SmartFriend\ufffd" in c.body for c in thread.comments)
    question = [c for c in thread.comments if c.extra.get("subject") == "Transparency question"]
    assert len(question) == 1 and question[0].kind == "post"
    replies = [c for c in thread.comments if c.extra.get("subject") == "RE: Transparency question"]
    assert len(replies) == 4 and all(c.parent_id == question[0].id for c in replies)
    no_id = [c for c in thread.comments if c.kind != "archive" and "message-id" not in c.extra]
    assert len(no_id) == 1 and no_id[0].id.startswith("mail:")
    assert no_id[0].author == "markov"  # no From header: the envelope sender


def test_corpus_notmuch_threads_decode_and_keep_the_duplicate():
    thread = load(corpus_file("notmuch_list_2009_default_corpus.mbox"))
    assert sum(1 for c in thread.comments if c.kind == "post") == 24
    detached = [c for c in thread.comments if "detached" in c.extra]  # the one missing parent
    assert [c.id for c in detached] == ["4EFC743A.3060609@april.org"]
    accented = [c for c in thread.comments if c.extra.get("subject") == "Essai accentué"]
    assert accented and accented[0].body.startswith("Du texte accentué pour ça")
    duplicate = by_id(thread, "20091117232137.GA7669@griffis1.net~1")
    assert duplicate.parent_id == "20091117232137.GA7669@griffis1.net"
    assert "duplicate" in duplicate.extra


def test_corpus_patchwork_series_uses_the_first_of_duplicated_headers():
    thread = load(corpus_file("patchwork_bugs-multiple-references.mbox"))
    first_patch = "b9f67b2be37d5e9740a5e1ed85b0e8b4e5c0eb91.1495511998.git.viresh.kumar@linaro.org"
    assert thread.id == "cover.1495511998.git.viresh.kumar@linaro.org"
    assert parent_of(thread, first_patch) == thread.id
    assert [c.depth for c in thread.comments] == [0, 1, 2, 2, 2]


def test_corpus_reply_loop_loads_both_messages():
    thread = load(corpus_file("notmuch_broken_reply_loop.mbox"))
    assert shape(thread) == [
        (0, "post", "mid-loop-21@example.org"),
        (1, "comment", "mid-loop-12@example.org"),
    ]


def test_a_large_mailbox_reports_its_progress_to_the_loading_screen(tmp_path: Path) -> None:
    from reader import formats

    messages = [
        f"From a@example.org Mon Mar  4 10:00:00 2024\nMessage-ID: <m{n}@x>\n"
        f"From: a@example.org\nSubject: s{n}\n\nBody {n}.\n"
        for n in range(4500)
    ]
    mailbox = tmp_path / "big.mbox"
    mailbox.write_text("\n".join(messages), encoding="utf-8")
    seen: list[float] = []
    formats.set_progress(seen.append)
    try:
        thread = formats.load(mailbox)
    finally:
        formats.set_progress(None)
    assert len(thread) == 4501
    assert len(seen) == 2 and seen == sorted(seen) and 0 < seen[0] < seen[1] < 1


def test_an_attachment_name_in_an_unknown_charset_is_still_read() -> None:
    from reader.formats.mail import _file_name

    assert _file_name(b"attachment; filename*=-8''caf%C3%A9.txt") == "café.txt"
    assert _file_name(b"attachment; filename*=iso-8859-1''caf%E9.txt") == "café.txt"


# Bodies are decoded when first read, not at load.

LAZY_MAILBOX = (
    b"From a Mon Jan  1 10:00:00 2024\nFrom: A <a@x>\nMessage-ID: <b64@x>\n"
    b"Subject: base64\nDate: Mon, 01 Jan 2024 10:00:00 +0000\n"
    b"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n"
    + base64.encodebytes("Déjà lu, grâce à base64.\n".encode("latin-1"))
    + b"\nFrom b Mon Jan  1 11:00:00 2024\nFrom: B <b@x>\nMessage-ID: <qp@x>\n"
    b"In-Reply-To: <b64@x>\nSubject: Re: base64\nDate: Mon, 01 Jan 2024 11:00:00 +0000\n"
    b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
    b"Cr=C3=A8me br=C3=BBl=C3=A9e, a soft=\n break.\n>From the top.\n"
    b"\nFrom c Mon Jan  1 12:00:00 2024\nFrom: C <c@x>\nMessage-ID: <alt@x>\n"
    b"In-Reply-To: <qp@x>\nSubject: Re: base64\nDate: Mon, 01 Jan 2024 12:00:00 +0000\n"
    b'Content-Type: multipart/alternative; boundary="zz"\n\npreamble\n--zz\n'
    b"Content-Type: text/html; charset=utf-8\n\n<p>HTML <b>twin</b></p>\n--zz\n"
    b"Content-Type: text/plain; charset=koi8-r\n\n\xf0\xd2\xc9\xd7\xc5\xd4 plain\n--zz--\n"
)


def test_bodies_stay_raw_at_load_and_decode_correctly_when_read(tmp_path):
    path = tmp_path / "lazy.mbox"
    path.write_bytes(LAZY_MAILBOX)
    thread = load(path)
    assert [c.id for c in thread.comments] == ["b64@x", "qp@x", "alt@x"]
    assert not any(c.body_is_read for c in thread.comments)
    assert thread.comments[1].body == "Crème brûlée, a soft break.\nFrom the top."
    assert thread.comments[0].body_is_read is False  # reading one leaves the others alone
    assert thread.comments[0].body == "Déjà lu, grâce à base64."
    assert thread.comments[2].body == "Привет plain"


def test_search_and_export_see_bodies_that_were_never_shown(tmp_path):
    from reader.search import SearchIndex

    path = tmp_path / "lazy.mbox"
    path.write_bytes(LAZY_MAILBOX)
    found = SearchIndex(load(path)).find("brûlée")
    assert found == [1]
    records = json.loads(to_json(load(path)))["comments"]
    assert [r["body"] for r in records][2] == "Привет plain"


def test_a_header_spelt_in_two_cases_counts_once_and_the_first_wins(tmp_path):
    path = tmp_path / "cases.mbox"
    path.write_bytes(
        b"From a Mon Jan  1 10:00:00 2024\nMessage-Id: <first@x>\nFROM: Ann <a@x>\n"
        b"Message-ID: <second@x>\nfrom: Bob <b@x>\nDATE: Mon, 01 Jan 2024 10:00:00 -0130\n"
        b"Date: Tue, 02 Jan 2024 10:00:00 +0000\nSubject: one\n\nBody.\n"
    )
    root = load(path).root
    assert (root.id, root.author, root.extra["subject"]) == ("first@x", "Ann", "one")
    assert root.created is not None and root.created.isoformat() == "2024-01-01T11:30:00+00:00"


@pytest.mark.parametrize(
    ("date", "iso"),
    [
        ("Mon, 04 Jan 2021 09:00:12 +0000", "2021-01-04T09:00:12+00:00"),
        ("4 Jan 2021 23:30:00 -0700", "2021-01-05T06:30:00+00:00"),
        ("Mon, 04 Jan 2021 09:00:12 GMT", "2021-01-04T09:00:12+00:00"),
        ("Mon, 4 Jan 21 09:00 +0100", "2021-01-04T08:00:00+00:00"),
        ("Mon, 31 Feb 2021 09:00:12 +0000", None),
    ],
)
def test_dates_in_the_usual_and_unusual_shapes_read_the_same(tmp_path, date, iso):
    path = tmp_path / "date.mbox"
    path.write_text(f"From a 10:00\nFrom: A <a@x>\nMessage-ID: <d@x>\nDate: {date}\n\nBody.\n")
    created = load(path).root.created
    assert (created.isoformat() if created else None) == iso


def test_shown_fields_read_as_a_dict_of_subject_and_message_id(tmp_path):
    message = (
        "From x@example.org Mon Jan  1 10:00:00 2024\nFrom: X <x@example.org>\n"
        "Subject: {subject}\nMessage-ID: <{id}@example.org>\n"
        "Date: Mon, 01 Jan 2024 10:00:00 +0000\n\nBody.\n"
    )
    path = tmp_path / "a.mbox"
    path.write_text(
        message.format(subject="Hello", id="one")
        + message.format(subject="Again", id="one")  # a duplicate: one more field
        + message.format(subject="", id="two")
    )
    thread = load(path)
    first, duplicate, untitled = thread.comments[1:]
    assert first.extra == {"subject": "Hello", "message-id": "<one@example.org>"}
    assert dict(first.extra) == first.extra and repr(first.extra) == repr(dict(first.extra))
    assert first.extra.get("message-id") == "<one@example.org>" and "subject" in first.extra
    assert first.extra.get("detached", "none") == "none" and "detached" not in first.extra
    assert list(duplicate.extra) == ["subject", "message-id", "duplicate"]
    assert untitled.extra == {"subject": "(no subject)", "message-id": "<two@example.org>"}
    assert json.loads(to_json(thread))["comments"][1]["extra"] == dict(first.extra)
