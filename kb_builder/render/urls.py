"""Links between the languages of the site: the same page in another language, and site roots."""

from __future__ import annotations

import posixpath

from kb_builder.config import LanguageConfig


def alternate_href(page_url: str, current: LanguageConfig, target: LanguageConfig) -> str:
    """Link from a page of `current` to the same page in `target`, relative to the page itself."""
    here = current.url_root + page_url
    here_dir = here.rstrip("/") if here.endswith("/") or not here else posixpath.dirname(here)
    there = target.url_root + page_url
    link = relative_path(there or ".", here_dir or ".")
    return link + "/" if (there.endswith("/") or not there) and not link.endswith("/") else link


def site_root_of(site_url: str | None, language: LanguageConfig) -> str | None:
    """The whole site's root URL (site_url of a non-default language ends in its prefix)."""
    if not site_url:
        return None
    root = site_url.rstrip("/") + "/"
    suffix = language.url_root
    return root[: -len(suffix)] if suffix and root.endswith(suffix) else root


def relative_path(path: str, start: str) -> str:
    """posixpath.relpath of two paths relative to one root (a site's or a docs folder's), without
    asking the file system for the working directory as relpath does for each call (every link
    of every page, and every page's language switch)."""
    to = [part for part in path.split("/") if part not in ("", ".")]
    here = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."
