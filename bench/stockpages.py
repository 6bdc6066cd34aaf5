"""The pages of our site as plain MkDocs sources, for the stock setups the benchmarks compare with.

Listings are the Markdown our build gives MkDocs. Entry pages are HTML we write ourselves
(kb_builder/entry_html.py); a stock site gets that HTML as the page's content, behind the front
matter our build gives MkDocs (title, tags, search boost). Python-Markdown passes a raw HTML block
through without parsing it, so a stock build does less for these pages than it did for their
Markdown: the ratios against stock are, if anything, in the stock setups' favour.
"""

from __future__ import annotations

import yaml

from kb_builder.pages import entry_page_meta, entry_pages, generated_pages


def stock_pages(project, lang: str) -> dict[str, str]:  # noqa: ANN001 - kb_builder.project.Project
    """Source path -> Markdown of every page our build generates in `lang`."""
    pages = dict(generated_pages(project, lang))
    entries = {entry.page_path: entry for entry in project.entries}
    for src_uri, rendered in entry_pages(project, lang).items():
        meta = yaml.safe_dump(entry_page_meta(entries[src_uri], lang), allow_unicode=True, sort_keys=False)
        pages[src_uri] = f"---\n{meta}---\n\n{rendered.html}"
    return pages
