"""MkDocs hook: build Chinese at the site root and English under /en/ from one configuration.

A thin shim: every event goes to kb_builder.site.events.BilingualSite, so `mkdocs build`, `kb build`
and the tests run the same code.
"""

from kb_builder.site.events import BilingualSite

_site = BilingualSite()

on_startup = _site.on_startup
on_config = _site.on_config
on_files = _site.on_files
on_nav = _site.on_nav
on_env = _site.on_env
on_page_context = _site.on_page_context
on_post_page = _site.on_post_page
on_template_context = _site.on_template_context
on_post_build = _site.on_post_build
on_build_error = _site.on_build_error
on_shutdown = _site.on_shutdown
on_serve = _site.on_serve
