"""Whole web pages as text browsers write them (lynx, w3m, elinks, links2, html2text).

Such a dump holds menus, sidebars, forms and footers around the article and its comments, lynx's
`[12]` link markers with a References list at the end, numbered markers alone on their line, and
lines hard-wrapped at the browser's width. `page` finds the article and the comment list in it
and writes them the way the indented text archive reads them (see reader.formats.text): the
article's heading, the post at column 0, then the comment list, every paragraph on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from reader.formats.textauthors import author_line, is_date_line

_BULLETS = "•*+o\\-◦▪‣#@□☆○■★●◇◆▫▸►"
_ITEM = re.compile(rf"^( *)(?:\d{{1,6}}[.)]|[{_BULLETS}])(?:[ \u00a0]+(?=\S)|$)")
_LONE_MARKER = re.compile(rf"^ *(?:\d{{1,6}}[.)]|[{_BULLETS}]) *$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6} +")
_DAY_FIRST = re.compile(r"^( *)(\d{1,2})\. +(?=[^\W\d_])")
_LYNX_MARK = re.compile(r"\[(\d{1,5})\]")
_REFERENCE = re.compile(r"^ *(\d{1,5})\. +(\S+)\s*$")
# w3m's alt text of an avatar: "[4b7361]"
_AVATAR = re.compile(r"^\[(?=[^\]]*\d)[0-9A-Za-z]{2,10}\]$")
_RULE = re.compile(r"^[-_━─═=*~·.]{10,}$")
_QUOTED = re.compile(r"[“\"„«「『‘‹]\s*(.+?)\s*[”\"“»」』’›]")
_FEED = re.compile(r"»\s*(.+?)\s+(?:Comments Feed|Kommentar-Feed|Flux des commentaires)")
_FORM = re.compile(r"_{6,}|\[ {6,}\]|^\(BUTTON\)|^IFRAME:|^\[\s?\]\s")

_COMMENTS_HEADING = re.compile(
    r"^(?:(?:\d+|no|one|two|three|ein|eine|un|une|uno|una|um|uma|één|jeden|один)\s+(?:"
    r"thoughts?|comments?|responses?|replies|reactions?|kommentare?|antworten|gedanken|"
    r"commentaires?|réponses?|comentarios?|respuestas?|comentários?|respostas?|reacties?|"
    r"komentarz[ey]?|komentarzy|комментари[йяев]*|ответ(?:ов|а)?|kommentarer?|svar|"
    r"commenti|risposte|pensieri)\b"
    r"|(?:comments?|kommentare|commentaires|comentarios|comentários|reacties|komentarze|"
    r"комментарии|kommentarer|commenti|discussion|responses|replies)(?:\s*\(\d+\))?:?$"
    r"|.{0,200}(?:\b(?:thoughts? on|responses? to|comments? on|kommentare zu|"
    r"gedanken zu|commentaires? sur|réponses? à|comentarios? en|respuestas? a|comentários? em|"
    r"respostas? para|reacties op|komentarz[ey]? do|комментари[йяев]* к|kommentarer til|"
    r"commenti su|risposte a)\b|件のフィードバック|件のコメント|条评论|則留言|개의 댓글))",
    re.IGNORECASE,
)
_SKIP_LINKS = (
    "skip to content",
    "skip to main content",
    "jump to navigation",
    "zum inhalt springen",
    "zum inhalt wechseln",
    "aller au contenu",
    "passer au contenu",
    "saltar al contenido",
    "ir al contenido",
    "pular para o conteúdo",
    "ir para o conteúdo",
    "vai al contenuto",
    "naar de inhoud springen",
    "przejdź do treści",
    "перейти к содержимому",
    "hoppa till innehåll",
    "gå til indhold",
    "コンテンツへスキップ",
    "跳至内容",
)
# Headings and lines after which the article is over: sharing, bylines, related posts, forms.
_POST_ENDS = (
    "published by",
    "posted on",
    "posted in",
    "posted by",
    "filed under",
    "share this",
    "like this",
    "related",
    "email newsletter",
    "post navigation",
    "leave a reply",
    "leave a comment",
    "teilen mit",
    "gefällt mir",
    "ähnliche beiträge",
    "veröffentlicht von",
    "kommentar verfassen",
    "partager",
    "j’aime",
    "articles similaires",
    "publié par",
    "laisser un commentaire",
    "compartir",
    "me gusta",
    "relacionado",
    "publicado por",
    "deja una respuesta",
    "deixe um comentário",
    "deixe uma resposta",
    "gerelateerd",
    "delen",
    "laat een reactie achter",
    "podziel się",
    "powiązane",
    "dodaj komentarz",
    "поделиться",
    "похожее",
    "добавить комментарий",
    "dela detta",
    "relaterade",
    "lämna en kommentar",
    "condividi",
    "correlati",
    "lascia un commento",
    "共有",
    "関連",
    "コメントを残す",
)
_CLOSED = re.compile(
    r"^(?:comments are closed|kommentare sind geschlossen|les commentaires sont fermés|"
    r"los comentarios están cerrados|comentários encerrados|reacties zijn gesloten)\.?$",
    re.IGNORECASE,
)

_REPLY_LINES = frozenset(
    (
        "reply",
        "log in to reply",
        "login to reply",
        "reply ↓",
        "antworten",
        "répondre",
        "responder",
        "rispondi",
        "svar",
        "svara",
        "odpowiedz",
        "ответить",
        "返信",
        "回复",
        "回覆",
        "beantwoorden",
        "reageren",
        "like",
        "report",
    )
)
_LIKES = re.compile(r"^(?:like)?(?:liked by \d[\d,]* (?:people|person|others?)|loading\.*)$")


@dataclass(slots=True)
class Page:
    """A page dump rewritten as an indented text archive, and how many of its lines were left."""

    text: str
    furniture: int


def is_page(head: str) -> bool:
    """Whether the start of a file is a whole page as a text browser dumped it."""
    first = head.lstrip("\ufeff\n \t").split("\n", 1)[0].strip()
    if first.startswith("#[") or first.casefold().lstrip("[").rstrip("]") in _SKIP_LINKS:
        return True
    if "\nReferences\n" in head and _references_start(head.split("\n")) is not None:
        return True
    lines = head.split("\n", 5000)[:5000]
    first_item = next((i for i, line in enumerate(lines) if _is_indented_item(line)), None)
    if first_item is None or _heading_above(lines, first_item) or _authored(lines, first_item):
        return False
    found = _comment_list(lines, by_author=False)
    return found is not None and found[0] > first_item


def page(text: str) -> Page:
    """The article and its comments of a page dump, as an indented text archive."""
    lines = text.split("\n")
    furniture = 0
    references: dict[int, str] = {}
    start = _references_start(lines)
    if start is not None:
        references = _references(lines[start:])
        furniture += _count(lines[start:])
        del lines[start:]
    lines = _unmark(_join(*_merge_lone_markers(lines)), references)
    lines = [_plain(line) for line in lines]
    found = _comment_list(lines)
    head_end, list_start = found if found is not None else (len(lines), len(lines))
    head = lines[:head_end]
    title_at = _title(head, lines[head_end] if head_end < len(lines) else "")
    post = _post(head, title_at + 1) if title_at is not None else []
    title = head[title_at].strip() if title_at is not None else ""
    comments = [line for line in lines[list_start:] if not _is_closed_line(line)]
    written = [title, "", *post, "", *comments]
    furniture += _count(lines) - _count(written)
    return Page("\n".join(written), max(furniture, 0))


def is_reply_line(line: str) -> bool:
    """A "Reply" link or a count of likes, as web pages end each comment with."""
    text = line.strip().casefold()
    return len(text) <= 40 and (
        text in _REPLY_LINES or (text[:1] == "l" and _LIKES.match(text) is not None)
    )


def _plain(line: str) -> str:
    """A line without html2text's heading marks, and a date line that does not look like a
    numbered item ("3. März 2024" is written "3.März 2024")."""
    if line[:1] == "#" and _MARKDOWN_HEADING.match(line):
        return _MARKDOWN_HEADING.sub("", line)
    if _DAY_FIRST.match(line) and is_date_line(line):
        return _DAY_FIRST.sub(r"\1\2.", line, count=1)
    return line


def _count(lines: list[str]) -> int:
    return sum(1 for line in lines if line.strip())


def _is_indented_item(line: str) -> bool:
    return line[:1] == " " and _ITEM.match(line) is not None and not _LONE_MARKER.match(line)


def _is_item(line: str) -> bool:
    return _ITEM.match(line) is not None


def _references_start(lines: list[str]) -> int | None:
    """Where lynx's or elinks's References list starts (its heading line), if the dump has one."""
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip() != "References" or lines[index][:1] == " ":
            continue
        following = [line.strip() for line in lines[index + 1 : index + 4] if line.strip()]
        if following and (
            following[0].startswith(("Visible links", "Hidden links"))
            or _REFERENCE.match(following[0])
        ):
            return index
    return None


def _references(lines: list[str]) -> dict[int, str]:
    """Lynx's numbered link list: number -> address."""
    found = {}
    for line in lines:
        match = _REFERENCE.match(line)
        if match:
            found[int(match[1])] = match[2]
    return found


def _unmark(lines: list[str], references: dict[int, str]) -> list[str]:
    """Take lynx's `[12]` markers out of the text; under a line whose links lead somewhere
    other than the page itself, a line with their addresses."""
    if not references:
        return lines
    unmarked: list[str] = []
    for line in lines:
        if "[" not in line:
            unmarked.append(line)
            continue
        links: list[str] = []
        text = _LYNX_MARK.sub(partial(_take, references=references, links=links), line)
        unmarked.append(text)
        if links and not _is_item(text) and not is_reply_line(text) and not is_date_line(text):
            unmarked.append(" " * _indent(text) + " ".join(dict.fromkeys(links)))
    return unmarked


def _take(marker: re.Match[str], *, references: dict[int, str], links: list[str]) -> str:
    """A marker's replacement (nothing, when it is in the References), noting its address."""
    address = references.get(int(marker[1]))
    if address is None:
        return marker[0]
    if address.startswith(("http://", "https://", "ftp://", "mailto:")):
        links.append(address)
    return ""


def _merge_lone_markers(lines: list[str]) -> tuple[list[str], list[bool]]:
    """Put a marker alone on its line (lynx's `1.`) before the text on the line under it.

    With the lines, whether each is as the browser wrote it (False for a merged one).
    """
    merged: list[str] = []
    written: list[bool] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and _LONE_MARKER.match(line) and following.strip():
            merged.append(line.rstrip() + " " + following.strip())
            written.append(False)
            index += 2
            continue
        merged.append(line)
        written.append(True)
        index += 1
    return merged, written


def _heading_above(lines: list[str], index: int) -> bool:
    """Whether the paragraph above line `index` (a comments heading, perhaps with a line such
    as "Comments are closed." under it) opens the comment list."""
    position = index - 1
    while position >= 0 and (not lines[position].strip() or _is_closed_line(lines[position])):
        position -= 1
    return position >= 0 and _is_heading(lines[position])


def _is_heading(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= 240 and _COMMENTS_HEADING.match(text) is not None


def _is_closed_line(line: str) -> bool:
    return _CLOSED.match(line.strip()) is not None


def _authored(lines: list[str], index: int) -> bool:
    """Whether the list item at `index` starts with an author line."""
    match = _ITEM.match(lines[index])
    first = lines[index][match.end() :].strip() if match else ""
    following = next((line.strip() for line in lines[index + 1 : index + 3] if line.strip()), "")
    return author_line(first, following) is not None


def _comment_list(lines: list[str], *, by_author: bool = True) -> tuple[int, int] | None:
    """Where the page's head ends (the comments heading) and its comment list starts.

    The list is the one under the last comments heading, or else (`by_author`) the first list
    whose first item starts with an author line.
    """
    found = None
    for index, line in enumerate(lines):
        if not _is_heading(line) or _indent(line) > 4:
            continue
        position = index + 1
        while position < len(lines) and (
            not lines[position].strip() or _is_closed_line(lines[position])
        ):
            position += 1
        if position < len(lines) and _is_item(lines[position]):
            found = (index, position)
    if found is not None or not by_author:
        return found
    for index, line in enumerate(lines):
        if _is_item(line) and _authored(lines, index):
            return index, index
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of non-blank lines."""
    runs = []
    start = None
    for index, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            runs.append((start, index))
            start = None
    return runs


def _is_post_end(line: str) -> bool:
    text = line.strip().casefold().rstrip(":.…").strip()
    return (
        _RULE.match(text) is not None
        or (len(text) <= 40 and text.startswith(_POST_ENDS))
        or _FORM.search(line.strip()) is not None
    )


def _title(head: list[str], heading: str) -> int | None:
    """The line of the article's heading: the title the comments heading or lynx's link header
    names, or else the last short line before the first prose of the longest run of prose."""
    named = [match[1] for match in _QUOTED.finditer(heading)]
    header = " ".join(line.strip() for line in head[: _first_blank(head)])
    if header.startswith("#"):
        named += [match[1] for match in _FEED.finditer(header)]
    for name in named:
        wanted = " ".join(name.split()).casefold()
        for index in range(len(head) - 1, -1, -1):
            if " ".join(head[index].split()).casefold() == wanted:
                return index
    return _longest_prose_heading(head)


def _first_blank(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if not line.strip()), len(lines))


def _longest_prose_heading(head: list[str]) -> int | None:
    """The last short line before the first prose paragraph of the longest run of paragraphs
    with no list or furniture between them."""
    best: tuple[int, int | None] = (0, None)
    run_chars = 0
    run_title: int | None = None
    candidate: int | None = None
    prose_seen = False
    for start, end in _paragraphs(head):
        first = head[start]
        if start == 0 and first.lstrip().startswith("#"):
            continue  # lynx's link header
        if _is_item(first) or _is_post_end(first):
            run_chars, run_title, candidate, prose_seen = 0, None, None, False
            continue
        text = " ".join(line.strip() for line in head[start:end])
        if end - start == 1 and len(text) <= 100 and not text.endswith(":"):
            if not prose_seen and not _AVATAR.match(text):
                candidate = start
            continue
        if not prose_seen:
            prose_seen = True
            run_title = candidate
        run_chars += len(text)
        if run_chars > best[0] and run_title is not None:
            best = (run_chars, run_title)
    return best[1]


def _post(head: list[str], start: int) -> list[str]:
    """The article's lines after its heading, at column 0, up to the furniture after it."""
    post = []
    for line in head[start:]:
        if _is_post_end(line):
            break
        if _AVATAR.match(line.strip()):
            continue
        post.append(line)
    for start, end in _paragraphs(post):  # lynx indents text but not headings: each at 0
        common = min(_indent(line) for line in post[start:end])
        post[start:end] = [line[common:] for line in post[start:end]]
    return post


def _join(lines: list[str], written: list[bool]) -> list[str]:
    """Join the lines the browser broke at its width: a line the next line's first word would
    have fitted on ended there on purpose (a line break or the end of a paragraph)."""
    width = max((len(line) for line in lines if " " in line.strip()), default=80)
    joined: list[str] = []
    for index, line in enumerate(lines):
        text = line.strip()
        previous = lines[index - 1] if index else ""
        if (
            index
            and written[index - 1]
            and text
            and previous.strip()
            and len(previous.rstrip()) + 1 + len(text.split(None, 1)[0]) > width
            and not _is_item(line)
            and _indent(line) == _text_column(joined[-1])
            and not is_reply_line(_LYNX_MARK.sub("", text))
            and not is_date_line(_LYNX_MARK.sub("", text))
        ):
            joined[-1] = joined[-1].rstrip() + " " + text
        else:
            joined.append(line)
    return joined


def _text_column(line: str) -> int:
    """Where the text of a line starts: past the marker for a list item."""
    match = _ITEM.match(line)
    return match.end() if match else _indent(line)
