"""External addresses are well-formed, use https/http/mailto, and point to the public internet.

Checked in references, in links of guides and of entry texts, and in image sources. Refused:
the `javascript:`, `data:`, `file:` and `vbscript:` schemes (they run code or read the reader's
files), malformed URLs, and hosts no reader can reach: `localhost`, `*.local`, loopback
(`127.0.0.1`, `[::1]`), private (`10.x`, `172.16-31.x`, `192.168.x`) and link-local
(`169.254.x`, `fe80::`) addresses.

Good: `url: https://learn.microsoft.com/en-us/windows/wsl/install`
Bad:  `url: https://192.168.1.10/wsl-notes` (a private address)
Bad:  `[fix](javascript:alert(1))`
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.links.index import link_index
from kb_builder.links.urls import is_external, unsafe_reason

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "unsafe-url"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    for link in link_index(project).links:
        if not is_external(link.url):
            continue
        reason = unsafe_reason(link.url)
        if reason:
            yield Diagnostic(link.path, link.line, link.col, ID, SEVERITY, reason,
                             "link the public https:// page of an official source")
