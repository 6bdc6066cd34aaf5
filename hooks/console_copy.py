"""MkDocs hook: the copy button of a console block copies its commands only.

A thin shim over kb_builder.render.console_copy (plain functions, testable without a build).
"""

from kb_builder.render.console_copy import add_copy_attributes


def on_page_content(html, **kwargs):  # noqa: ANN001, ANN201 - MkDocs event signature
    return add_copy_attributes(html)
