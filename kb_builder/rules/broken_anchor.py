"""A link's `#anchor` is an id the target page really has.

Ids are those MkDocs will give the page: headings are slugged by the `toc` extension, which
keeps only ASCII, so a Chinese heading `## 一句话区别` gets `_1`, `_2`... in page order, while
`## Docker Engine 包含什么` gets `docker-engine`. Give a heading a stable id of your own with
attr_list: `## 一句话区别 { #in-one-sentence }`, and link `engine-vs-desktop.md#in-one-sentence`.

Good: `[verify](wsl-version-too-old.md#verify)` (every entry page has `#verify`)
Bad:  `[verify](wsl-version-too-old.md#verfy)` (hint: did you mean 'verify'?)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.links.anchors import Anchors
from kb_builder.links.index import link_index
from kb_builder.util.suggest import did_you_mean

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "broken-anchor"
SEVERITY = Severity.ERROR


def check(project: Project) -> Iterator[Diagnostic]:
    index = link_index(project)
    for link in index.links:
        if link.kind != "link":
            continue
        target = index.pages.resolve(link)
        if target.kind not in ("page", "self", "site-url") or not target.anchor:
            continue
        anchors = index.pages.anchors(target.lang, target.page)
        if anchors is None or target.anchor in anchors:
            continue
        hint = _hint(target.anchor, anchors)
        yield Diagnostic(link.path, link.line, link.col, ID, SEVERITY,
                         f"link '{link.url}': page '{target.page}' ({target.lang}) has no anchor '#{target.anchor}'", hint)


def _hint(anchor: str, anchors: Anchors) -> str | None:
    heading_id = anchors.headings.get(anchor)
    if heading_id:
        return (f"the heading '{anchor}' has the id '{heading_id}'; better, give it a stable id: "
                f"'## {anchor} {{ #some-words }}' and link '#some-words'")
    guess = did_you_mean(anchor, anchors.ids)
    if guess or not anchors.ids:
        return guess
    return "anchors on that page: " + ", ".join(f"'{i}'" for i in sorted(anchors.ids)[:8])
