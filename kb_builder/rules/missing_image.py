"""An image is a file under `images/` that exists; images from other sites are not used.

Images are published beside each language's pages at `images/...`: a guide writes
`images/<file>`, an entry's text `../images/<file>`. Images from other hosts break the offline
site and tell another host who reads which page.

Good: `![diagram](images/engine-vs-desktop.zh.svg)` (in a guide, the file is images/engine-vs-desktop.zh.svg)
Bad:  `![diagram](images/engine-vs-destkop.zh.svg)` (hint: did you mean 'images/engine-vs-desktop.zh.svg'?)
Bad:  `![diagram](https://example.com/diagram.png)`
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.links.index import link_index
from kb_builder.util.suggest import closest

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "missing-image"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    index = link_index(project)
    images = index.pages.image_files
    for link in index.links:
        if link.kind != "image":
            continue
        target = index.pages.resolve(link)
        where = (link.path, link.line, link.col, ID, SEVERITY)
        folder = posixpath.relpath("images", posixpath.dirname(link.page) or ".")
        if target.kind in ("external", "site-url"):
            yield Diagnostic(*where, f"image '{link.url}' is on another site",
                             f"save the file under {project.config.images_dir}/ and write '{folder}/<file>'")
        elif target.kind == "page" and not target.page.startswith("images/"):
            yield Diagnostic(*where, f"image '{link.url}' is not under images/ (it resolves to '{target.page}')",
                             f"put the file in {project.config.images_dir}/ and write '{folder}/<file>'")
        elif target.kind == "page" and target.page not in images:
            guesses = [posixpath.relpath(p, posixpath.dirname(link.page) or ".") for p in closest(target.page, images)]
            hint = ("did you mean " + " or ".join(f"'{g}'" for g in guesses) + "?") if guesses else None
            yield Diagnostic(*where, f"image '{link.url}' not found: there is no file "
                             f"{project.config.images_dir}/{target.page[len('images/'):]}", hint)
