"""A link between pages names a page the site will have: a guide, an entry, a listing.

Pages are resolved as MkDocs does, relative to the page the link is on. From a guide:
`entries/<id>.md`, `<other-guide>.md`, `index.md`. From an entry's text: `<other-id>.md`,
`../<guide>.md`. Links are checked in guides and in every text field of entries; a link to an
entry that does not exist (often one that was renamed) names the ids that are close.

Good: `see [KVM permission denied](linux-kvm-permission-denied.md)` (in an entry)
Bad:  `see [KVM permission denied](linux-kvm-permision-denied.md)`
      (hint: did you mean 'linux-kvm-permission-denied'?)
Bad:  `[guide](/install-engine-linux/)`: an absolute path; write the relative .md path.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.links.extract import Link
from kb_builder.links.index import link_index
from kb_builder.links.targets import SitePages, Target
from kb_builder.util.suggest import closest, did_you_mean

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "broken-link"
SEVERITY = Severity.ERROR


def check(project: Project) -> Iterator[Diagnostic]:
    index = link_index(project)
    for link in index.links:
        if link.kind != "link":
            continue
        problem = _problem(link, index.pages.resolve(link), index.pages)
        if problem:
            yield Diagnostic(link.path, link.line, link.col, ID, SEVERITY, *problem)


def _problem(link: Link, target: Target, pages: SitePages) -> tuple[str, str | None] | None:
    if target.kind == "absolute":
        return (f"link '{link.url}' is an absolute path, which MkDocs leaves unchecked and which breaks "
                "under /en/", "write the relative path of the .md file (from a guide: 'entries/<id>.md')")
    if target.kind == "outside":
        return (f"link '{link.url}' leaves the site's pages (it resolves to '{target.page}')",
                "from an entry, a guide is '../<name>.md' and another entry '<id>.md'; "
                "from a guide, an entry is 'entries/<id>.md'")
    if target.kind not in ("page", "site-url") or target.page in pages.pages(target.lang):
        return None
    if target.page.startswith("entries/") and target.page.endswith(".md") and target.page.count("/") == 1:
        entry_id = target.page[len("entries/"):-len(".md")]
        return f"link '{link.url}': entry '{entry_id}' does not exist", did_you_mean(entry_id, pages.entry_ids)
    where = f" in {target.lang}" if target.kind == "site-url" else ""
    if not posixpath.splitext(target.page)[1] and f"{target.page}.md" in pages.pages(target.lang):
        return (f"link '{link.url}' does not name a page file", f"link the Markdown file: '{link.url.split('#')[0]}.md'")
    candidates = [p for p in pages.pages(target.lang) if p.endswith(".md")]
    guesses = [posixpath.relpath(p, posixpath.dirname(link.page) or ".") for p in closest(target.page, candidates)]
    hint = ("did you mean " + " or ".join(f"'{g}'" for g in guesses) + "?") if guesses else None
    return f"link '{link.url}': page '{target.page}' does not exist{where}", hint
