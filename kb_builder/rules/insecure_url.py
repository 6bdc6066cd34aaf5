"""External links use https://; plain http:// only to hosts declared in `extra.kb.http_exceptions`.

A page served over http can be altered on the way to the reader, which matters most for the
commands and downloads troubleshooting pages point to. Reference URLs must be https (the entry
schema says so); guide links and links in entry texts follow this rule. For a host that serves
no https at all, declare it in mkdocs.yml (a host covers its sub-domains):

    extra:
      kb:
        http_exceptions: [legacy.example.org]

Good: `[KVM](https://www.linux-kvm.org/)`
Bad:  `[KVM](http://www.linux-kvm.org/)` (hint: use https://)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.links.index import link_index
from kb_builder.links.urls import is_external, is_insecure, unsafe_reason

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "insecure-url"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    exceptions = tuple(project.config.http_exceptions or ())
    for link in link_index(project).links:
        if is_external(link.url) and not unsafe_reason(link.url) and is_insecure(link.url, exceptions):
            yield Diagnostic(link.path, link.line, link.col, ID, SEVERITY, f"'{link.url}' uses plain http://",
                             "use https://; for a host without https, add it to extra.kb.http_exceptions in mkdocs.yml")
