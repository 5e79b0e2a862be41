"""WordPress eXtended RSS (WXR), the export of a blog: posts and pages with their `wp:comment`s.

The items that hold comments are the threads (posts and pages alike; attachments and menu items
never hold any). One such item: it is the root. Several: an "archive" root for the blog, each
item beneath it as a "post" in date order, titled in its first body line. A file whose items have
no comments at all opens as its published posts and pages. Comments are threaded by
`wp:comment_parent`; one whose parent is not in the file hangs under its post, marked
"detached". Pingbacks and trackbacks are kind "pingback"; unapproved, spam and trashed comments
are kept and marked in extra["approved"]. Bodies are WordPress HTML (paragraphs made from blank
lines, as WordPress shows them) converted to text. A one-post thread's id is
`wordpress:HOST/?p=N`, as for a saved page of that post.

Parsed with the standard library's expat: a file declaring entities is refused, so neither
entity expansion nor external entities are possible, and nothing is fetched.
"""

from __future__ import annotations

import codecs
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from reader.formats import ArchiveError, Format, decode, read_bytes
from reader.formats.building import archive_root, date_key, wordpress_post_id
from reader.formats.html import html_to_text
from reader.model import Comment, LazyText, Thread, from_parent_links, one_line

APPROVAL = {"0": "no (awaiting moderation)", "spam": "spam", "trash": "in the trash"}
_NAMESPACES = (
    ("wordpress.org/export", "wp"),
    ("purl.org/rss/1.0/modules/content", "content"),
    ("purl.org/dc/elements", "dc"),
)
_DECLARED = re.compile(rb"\s*<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)")
_FORBIDDEN = re.compile(  # characters XML 1.0 forbids, raw or as character references
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
    r"|&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));"
)
_BLOCK_TAG = re.compile(r"<(?:p|div|pre|ul|ol|blockquote|h[1-6]|table)[\s>]", re.IGNORECASE)


def sniff(head: bytes, path: Path) -> int:
    start = head.lstrip()[:4096]
    if not start.startswith(b"<"):
        return 0
    if b"<rss" in head and b"wordpress.org/export" in head:
        return 95
    return 0


def _name(tag: str) -> str:
    """`wp:comment` style names for namespaced tags, whatever the WXR version's namespace URI."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    for marker, prefix in _NAMESPACES:
        if marker in uri:
            return f"{prefix}:{local}"
    return local


def _fields(element: ET.Element) -> dict[str, str]:
    """The text of each simple child element, by `prefix:name` (first one wins)."""
    values: dict[str, str] = {}
    for child in element:
        values.setdefault(_name(child.tag), child.text or "")
    return values


def autop(text: str) -> str:
    """WordPress's rule for comments and classic posts: blank lines part paragraphs."""
    if _BLOCK_TAG.search(text):
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>\n") + "</p>" for p in paragraphs)


def _date(gmt: str, local: str) -> datetime | None:
    for value in (gmt, local):  # a draft's GMT date is all zeros; its local date is then the best
        try:
            moment = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        return moment.replace(tzinfo=timezone.utc)
    return None


@dataclass
class _Item:
    """One exported post or page with its comments, before threading."""

    post: Comment
    title: str
    guid: str
    number: str
    comments: list[Comment] = field(default_factory=list)


def _comment_text(content: str) -> str:
    """A comment's text from its HTML, whose bare line breaks are paragraphs (WordPress)."""
    return html_to_text(autop(content))


def _comment(element: ET.Element, post_id: str) -> Comment:
    values = _fields(element)
    number = values.get("wp:comment_id", "").strip()
    parent = values.get("wp:comment_parent", "0").strip()
    kind_name = values.get("wp:comment_type", "").strip()
    extra: dict[str, str] = {}
    kind = "comment"
    if kind_name in ("pingback", "trackback"):
        kind, extra["type"] = "pingback", kind_name
    approved = values.get("wp:comment_approved", "1").strip()
    if approved in APPROVAL:
        extra["approved"] = APPROVAL[approved]
    link = values.get("wp:comment_author_url", "").strip()
    if link:
        extra["website"] = link
    return Comment(
        id=f"wordpress:comment-{number}",
        parent_id=f"wordpress:comment-{parent}" if parent not in ("", "0") else post_id,
        author=html.unescape(one_line(values.get("wp:comment_author", ""))) or None,
        created=_date(values.get("wp:comment_date_gmt", ""), values.get("wp:comment_date", "")),
        # Converted when first shown: most comments of a big blog never are.
        body=LazyText(values.get("wp:comment_content", ""), _comment_text),
        body_format="html",
        kind=kind,
        extra=extra,
    )


def _item(element: ET.Element, authors: dict[str, str]) -> _Item | None:
    values = _fields(element)
    post_type = values.get("wp:post_type", "post")
    if post_type in ("attachment", "nav_menu_item", "revision"):
        return None
    number = values.get("wp:post_id", "").strip() or values.get("guid", "").strip()
    post_id = f"wordpress:post-{number}"
    extra = {"type": post_type} if post_type != "post" else {}
    status = values.get("wp:status", "publish")
    if status != "publish":
        extra["status"] = status
    if values.get("wp:post_password", "").strip():
        extra["password protected"] = "yes"
    login = values.get("dc:creator", "").strip()
    post = Comment(
        id=post_id,
        parent_id=None,
        author=authors.get(login, login) or None,
        created=_date(values.get("wp:post_date_gmt", ""), values.get("wp:post_date", "")),
        body=html_to_text(autop(values.get("content:encoded", ""))),
        body_format="html",
        kind="post",
        url=values.get("link", "").strip() or None,
        extra=extra,
    )
    title = html.unescape(values.get("title", "")).strip()
    item = _Item(post, title, values.get("guid", ""), values.get("wp:post_id", ""))
    item.comments = [_comment(c, post_id) for c in element if _name(c.tag) == "wp:comment"]
    return item


def _published(item: _Item) -> bool:
    """A published post or page (what a blog export without comments opens as)."""
    return "status" not in item.post.extra and item.post.extra.get("type", "page") == "page"


def _attach_orphans(item: _Item) -> None:
    """A comment whose parent is not among its post's comments hangs under the post, marked."""
    known = {c.id for c in item.comments}
    for comment in item.comments:
        if comment.parent_id != item.post.id and comment.parent_id not in known:
            number = (comment.parent_id or "").rpartition("-")[2]
            comment.add_extra("detached", f"parent comment {number} is not in this archive")
            comment.parent_id = item.post.id


def parse(data: bytes, path: Path) -> tuple[ET.Element, list[str]]:
    """The document's root element, and notes on what had to be repaired to read it.

    WordPress writes comments as they were typed, so exports can hold control characters and
    bytes that are not UTF-8, both fatal to an XML parser: the first are dropped (and counted),
    the second replaced, as everywhere else in thread-reader.
    """
    notes = []
    declared = _DECLARED.match(data)
    source: str | bytes = data
    if declared is None or declared[1].lower().replace(b"_", b"-") in (b"utf-8", b"utf8"):
        source, removed = _FORBIDDEN.subn("", decode(data))
        if removed:
            notes.append(f"removed {removed} control characters that XML does not allow")
    _refuse_entities(source, declared[1].decode("ascii") if declared else "utf-8", path)
    try:
        return ET.fromstring(source), notes
    except ET.ParseError as error:
        line, column = error.position
        message = str(error).split(":")[0]
        raise ArchiveError(path, message, where=f"line {line} column {column + 1}") from None


def _refuse_entities(source: str | bytes, encoding: str, path: Path) -> None:
    """Refuse entity declarations in the text the parser will read (decoded as it will be:
    a UTF-16 file without a BOM hides `<!ENTITY` from a look at its bytes)."""
    try:
        text = source if isinstance(source, str) else codecs.decode(source, encoding, "replace")
    except LookupError:
        raise ArchiveError(path, f"the file declares an unknown encoding, {encoding!r}") from None
    if "<!ENTITY" in text:
        raise ArchiveError(path, "entity declarations are not allowed in an archive")


def build(root_element: ET.Element, path: Path, notes: list[str]) -> Thread:
    channel = root_element.find("channel")
    if root_element.tag != "rss" or channel is None:
        raise ArchiveError(path, "expected an <rss> export with a <channel>", where="line 1")
    authors = {}
    for author in channel:
        if _name(author.tag) == "wp:author":
            values = _fields(author)
            login = values.get("wp:author_login", "").strip()
            if login:
                authors[login] = values.get("wp:author_display_name", "").strip() or login
    items = [i for e in channel.iter("item") if (i := _item(e, authors)) is not None]
    threads = [i for i in items if i.comments] or [i for i in items if _published(i)]
    if not threads:
        raise ArchiveError(path, "the export holds no posts or comments", where="<channel>")
    for item in threads:
        _attach_orphans(item)
    about = _fields(channel)
    site = about.get("link", "") or about.get("wp:base_blog_url", "")
    if len(threads) == 1:
        (item,) = threads
        return from_parent_links(
            item.title, FORMAT.name, str(path), item.post, item.comments,
            thread_id=wordpress_post_id(site, item.number) or f"wordpress:{item.guid.strip()}",
            sort_key=lambda c: date_key(c.created), warnings=notes,
        )  # fmt: skip
    blog = channel.findtext("link", "").strip() or channel.findtext("title", "").strip()
    root, _ = archive_root("wordpress", path, [i.post.id for i in threads])
    root.body = "\n\n".join(
        part
        for part in (channel.findtext("title", ""), channel.findtext("description", ""))
        if part
    )
    posts = []
    for item in threads:
        item.post.parent_id = root.id
        if item.title:
            item.post.body = f"{item.title}\n\n{item.post.body}".strip()
        posts.append(item.post)
    comments = [c for item in threads for c in item.comments]
    return from_parent_links(
        path.name, FORMAT.name, str(path), root, [*posts, *comments],
        thread_id=f"wordpress:{blog}" if blog else root.id,
        sort_key=lambda c: date_key(c.created), warnings=notes,
    )  # fmt: skip


def load(path: Path) -> Thread:
    root_element, notes = parse(read_bytes(path), path)
    return build(root_element, path, notes)


FORMAT = Format("wordpress", "WordPress WXR export (posts with their comments)", sniff, load)
