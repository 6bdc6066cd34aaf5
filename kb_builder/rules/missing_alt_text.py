"""Every image has alt text, in the language of its page.

Screen readers read the alt text, and it is shown when the image cannot load; each language's
page describes the image in that language.

Good: `![Docker Engine 与 Docker Desktop 的组成](images/engine-vs-desktop.zh.svg)`
Bad:  `![](images/engine-vs-desktop.zh.svg)`
"""

from __future__ import annotations

from collections.abc import Iterator

from kb_builder.diagnostics import Diagnostic, Severity
from kb_builder.links.index import link_index

ID = "missing-alt-text"
SEVERITY = Severity.ERROR


def check(project) -> Iterator[Diagnostic]:  # noqa: ANN001
    for link in link_index(project).links:
        if link.kind == "image" and not link.text.strip():
            yield Diagnostic(link.path, link.line, link.col, ID, SEVERITY,
                             f"image '{link.url}' has no alt text",
                             f"say what the image shows, in this page's language ({link.lang}): ![what it shows]({link.url})")
