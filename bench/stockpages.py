"""The pages of our site as plain MkDocs sources, for the stock setups the benchmarks compare with.

The lookup page is the Markdown our build gives MkDocs. Entry pages and listings are HTML we write
ourselves (kb_builder/render/writer.py); a stock site gets that HTML as the page's content, behind
front matter with the metadata our build gives MkDocs (title, tags, search boost). Python-Markdown passes a raw HTML block
through without parsing it, so a stock build does less for these pages than it did for their
Markdown: the ratios against stock are, if anything, in the stock setups' favour.
"""

from __future__ import annotations

import yaml

from kb_builder.render.pages import html_pages, markdown_pages


def stock_pages(project, lang: str) -> dict[str, str]:  # noqa: ANN001 - kb_builder.content.project.Project
    """Source path -> Markdown of every page our build generates in `lang`."""
    pages = dict(markdown_pages(project, lang))
    for src_uri, page in html_pages(project, lang).items():
        meta = yaml.safe_dump(page.meta, allow_unicode=True, sort_keys=False)
        pages[src_uri] = f"---\n{meta}---\n\n{page.render().html}"
    return pages
