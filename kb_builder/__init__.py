"""kb_builder: turns YAML troubleshooting entries and Markdown guides into a bilingual MkDocs site."""

__version__ = "0.1.0"
