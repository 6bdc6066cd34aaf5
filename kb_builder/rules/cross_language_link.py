"""A page links to pages of its own language; a link into the other language must be marked.

Each language is a site of its own (Chinese at /, English at /en/), and the language switch
already leads to the same page in the other language. A Chinese page linking to `/en/...` or
`../en/...` is nearly always a mistake, and MkDocs cannot resolve such a path anyway.

When the other language is meant, write the page's full address on the site and mark the link
with the attr_list attribute `data-kb-crosslang` (MkDocs renders it as a harmless attribute):

Good: `[English version](https://docker-install-kb.github.io/en/engine-vs-desktop/){ data-kb-crosslang }`
Bad:  `[English version](../en/engine-vs-desktop.md)` (a path: the build cannot resolve it)
Bad:  `[English version](https://docker-install-kb.github.io/en/engine-vs-desktop/)` (not marked)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.links.extract import CROSSLANG_MARK
from kb_builder.links.index import link_index

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "cross-language-link"
SEVERITY = Severity.ERROR


def check(project: Project) -> Iterator[Diagnostic]:
    index = link_index(project)
    for link in index.links:
        if link.kind == "reference" or not link.lang:
            continue
        target = index.pages.resolve(link)
        if target.kind == "other-language":
            how = ("a path cannot cross languages: write the page's full address on the site"
                   if link.crosslang else
                   f"link the {link.lang} page instead; if the {target.lang} page is meant, write its full "
                   f"address on the site followed by {{ {CROSSLANG_MARK} }}")
            yield Diagnostic(link.path, link.line, link.col, ID, SEVERITY,
                             f"link '{link.url}' leads from the {link.lang} pages into the {target.lang} pages", how)
        elif target.kind == "site-url" and target.lang != link.lang and not link.crosslang:
            yield Diagnostic(link.path, link.line, link.col, ID, SEVERITY,
                             f"link '{link.url}' leads from the {link.lang} pages to the {target.lang} site and is not marked",
                             f"add {{ {CROSSLANG_MARK} }} right after the link if the {target.lang} page is meant")
