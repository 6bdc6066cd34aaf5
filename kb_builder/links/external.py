"""The external URLs of the content with every place they are written, and the online verdicts
turned into diagnostics at those places."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.links.extract import Link
from kb_builder.links.index import link_index
from kb_builder.links.online import Verdict
from kb_builder.links.urls import is_external, private_host_reason, unsafe_reason

if TYPE_CHECKING:
    from kb_builder.content.project import Project

RULE = "external-link"
"""Rule id of `kb links --online` findings (not a content rule: it needs the network)."""


def external_urls(project: Project, *, allow_private: bool = False) -> dict[str, list[Link]]:
    """http(s) URL -> the links that hold it, for every URL worth asking the network about.

    Addresses the offline rules refuse (private hosts, bad form) are left out, except private
    hosts with `allow_private` (tests point the checker at 127.0.0.1); addresses of this very
    site are left out, since a page added by this change is not online yet.
    """
    index = link_index(project)
    found: dict[str, list[Link]] = defaultdict(list)
    for link in index.links:
        if not is_external(link.url) or urlsplit(link.url).scheme.lower() not in ("http", "https"):
            continue
        if index.pages.resolve(link).kind == "site-url":
            continue
        private = private_host_reason(urlsplit(link.url)) if unsafe_reason(link.url) else None
        if unsafe_reason(link.url) and not (allow_private and private):
            continue
        found[link.url.split("#", 1)[0]].append(link)
    return dict(sorted(found.items()))


def diagnostics_for(verdicts: dict[str, Verdict], places: dict[str, list[Link]]) -> list[Diagnostic]:
    """One diagnostic per place of every URL that did not simply work."""
    found = []
    for url, verdict in verdicts.items():
        problem = _problem(verdict)
        if problem is None:
            continue
        severity, message, hint = problem
        for link in places.get(url, ()):
            found.append(Diagnostic(link.path, link.line, link.col, RULE, severity, message, hint))
    return sorted(found)


def _problem(verdict: Verdict) -> tuple[Severity, str, str | None] | None:
    url = verdict.url
    if verdict.outcome == "ok":
        return None
    if verdict.outcome == "moved":
        return (Severity.INFO, f"'{url}' {verdict.detail}", "link the new address, so readers skip the redirect")
    if verdict.outcome == "rate-limited":
        return (Severity.WARNING, f"'{url}' answered {verdict.detail}", "run again later (--max-age 0 to re-check)")
    if verdict.outcome == "broken":
        return (Severity.ERROR, f"'{url}' answered {verdict.detail}",
                "find where the page went (the site's search, a web archive) and link that, or drop the link")
    return (Severity.ERROR, f"'{url}' did not answer: {verdict.detail}",
            "check the address; if the site is only down, run again later (--max-age 0 to re-check)")
