"""What a reader sees on a rendered page, beyond Markdown: marks added to the HTML after rendering.

A command that needs an administrator (Windows) or root (Unix) shell is rendered with a code block
title such as `PowerShell · 管理员` (entry_html.EntryWriter.command). The title is plain escaped text, so
the role cannot be styled from Markdown; here the role becomes a badge (`span.kb-admin`, drawn by
theme/assets/kb.css with a shield icon) that also carries a sentence for screen readers saying what
the reader must do. Done at build time, in plain HTML: no script runs in the reader's browser.
"""

from __future__ import annotations

import html
import re

from kb_builder.render import labels

_TITLE = re.compile(r'<span class="filename">(?P<shell>[^<]*?) · (?P<role>[^<]*)</span>')


def mark_admin_blocks(page_html: str, lang: str) -> str:
    """`page_html` with the administrator/root role of every command block title as a badge."""
    t = labels.labels(lang)
    hints = {html.escape(t["admin_windows"]): t["admin_hint_windows"], html.escape(t["admin_unix"]): t["admin_hint_unix"]}

    def badge(match: re.Match[str]) -> str:
        hint = hints.get(match.group("role"))
        if hint is None:  # a message or output title (`docker CLI · 英文界面`), not a role
            return match.group(0)
        return (f'<span class="filename">{match.group("shell")} '
                f'<span class="kb-admin">{match.group("role")}'
                f'<span class="kb-sr-only">{html.escape(hint)}</span></span></span>')

    return _TITLE.sub(badge, page_html)
