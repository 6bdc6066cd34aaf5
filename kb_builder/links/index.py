"""All links of a project, found once and shared by every link rule of one check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb_builder.links.extract import Link, entry_links, guide_links
from kb_builder.links.targets import SitePages

if TYPE_CHECKING:
    from kb_builder.content.project import Project


@dataclass
class LinkIndex:
    links: list[Link]
    pages: SitePages


_last: tuple[object, LinkIndex] | None = None


def link_index(project: Project) -> LinkIndex:
    """The links of `project` (computed for the first rule that asks, reused by the others)."""
    global _last
    if _last is not None and _last[0] is project:
        return _last[1]
    links: list[Link] = []
    for by_lang in project.guides.values():
        for guide in by_lang.values():
            links.extend(guide_links(guide))
    memory = getattr(project, "memory", None)  # links of unchanged files, from an earlier check
    for entry in project.entries:
        known = memory.known_links(entry.source_path) if memory is not None else None
        if known is not None:
            links.extend(Link(*row) for row in known)
            continue
        found = list(entry_links(entry, project.entry_source(entry)))
        links.extend(found)
        if memory is not None:
            memory.links[entry.source_path] = [tuple(vars(link).values()) for link in found]
    index = LinkIndex(sorted(links, key=lambda l: (l.path, l.line, l.col, l.url)), SitePages(project))
    _last = (project, index)
    return index


def forget_link_index() -> None:
    """Drop the links of the last project checked (a build that has checked its content)."""
    global _last
    _last = None
