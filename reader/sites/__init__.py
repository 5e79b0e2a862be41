"""Saving threads from their web addresses: one module per site, sharing `base`.

Each module named in `_MODULES` exposes `SITE`, a `reader.sites.base.Site`. `site_for` finds
the one whose `match` recognises a URL (or the one `--format` names).
"""

from __future__ import annotations

import importlib

from reader.sites.base import FetchError, Site

# Modules in matching order (the first that recognises a URL has it).
# Sites of their own hosts first; those on any host (Mastodon, Discourse, WordPress) after.
_MODULES: tuple[str, ...] = (
    "reddit",
    "hackernews",
    "lobsters",
    "mastodon",
    "discourse",
    "wordpress",
)


def sites() -> list[Site]:
    """Every site thread-reader can save from, in matching order."""
    return [importlib.import_module(f"reader.sites.{name}").SITE for name in _MODULES]


def known_sites() -> str:
    """One line naming what it can save from: "reddit (Reddit posts ...), ..."."""
    return "; ".join(f"{site.name} ({site.description})" for site in sites())


def site_for(url: str, name: str | None = None) -> tuple[Site, str]:
    """The site of `url` (or the site called `name`) and the thread's canonical URL."""
    if name is not None:
        return _named(url, name)
    for site in sites():
        canonical = site.match(url)
        if canonical is not None:
            return site, canonical
    raise FetchError(f"{url}: not a thread address of a site thread-reader knows: {known_sites()}")


def _named(url: str, name: str) -> tuple[Site, str]:
    for site in sites():
        if site.name == name:
            return site, site.match(url) or url
    names = ", ".join(site.name for site in sites())
    raise FetchError(f"--format {name}: no site of that name (sites: {names})")
