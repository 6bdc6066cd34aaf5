"""All links of a project, found once and shared by every link rule of one check."""

from __future__ import annotations

from dataclasses import dataclass

from kb_builder.links.extract import Link, entry_links, guide_links
from kb_builder.links.pages import SitePages


@dataclass
class LinkIndex:
    links: list[Link]
    pages: SitePages


_last: tuple[object, LinkIndex] | None = None


def link_index(project) -> LinkIndex:  # noqa: ANN001 - Project
    """The links of `project` (computed for the first rule that asks, reused by the others)."""
    global _last
    if _last is not None and _last[0] is project:
        return _last[1]
    links: list[Link] = []
    for by_lang in project.guides.values():
        for guide in by_lang.values():
            links.extend(guide_links(guide))
    for entry in project.entries:
        links.extend(entry_links(entry, project.entry_source(entry)))
    index = LinkIndex(sorted(links, key=lambda l: (l.path, l.line, l.col, l.url)), SitePages(project))
    _last = (project, index)
    return index
