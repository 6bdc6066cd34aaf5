"""The HTML of generated pages: templates, Markdown, code blocks, labels, links between editions. Never MkDocs."""
