"""MkDocs hook: marks for the reader added to each rendered page (administrator/root badges).

A thin shim over kb_builder.render.admin_badge (plain functions, testable without a build).
"""

from kb_builder.render.admin_badge import mark_admin_blocks


def on_page_content(html, page, config, files):  # noqa: ANN001, ANN201 - MkDocs event signature
    return mark_admin_blocks(html, config.theme["language"])
