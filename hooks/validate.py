"""MkDocs hook: run every content check of `kb check` before building, and stop on errors.

A thin shim over kb_builder.site.events.ContentValidation.
"""

from kb_builder.site.events import ContentValidation

on_config = ContentValidation().on_config
