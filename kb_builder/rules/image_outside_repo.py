"""An image path stays inside the repository: not absolute, not out of the site, no symbolic link out.

No absolute path, no `..` that leaves the site's files, no symbolic link that leads elsewhere.

The build copies image files into the published site, so a path such as `../../etc/passwd` or a
symbolic link to a file outside the repository would publish that file.

Good: `![diagram](images/engine-vs-desktop.en.svg)`
Bad:  `![x](../../../etc/passwd)`, `![x](/images/a.png)`, `![x](C:/Users/me/a.png)`,
      or images/a.png being a symbolic link to /home/me/a.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.links.index import link_index

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "image-outside-repo"
SEVERITY = Severity.ERROR
SCOPE = "file"


def check(project: Project) -> Iterator[Diagnostic]:
    index = link_index(project)
    root = project.config.root.resolve()
    images = project.config.path(project.config.images_dir)
    for link in index.links:
        if link.kind != "image":
            continue
        target = index.pages.resolve(link)
        where = (link.path, link.line, link.col, ID, SEVERITY)
        fix = f"copy the file into {project.config.images_dir}/ and link it relatively ('images/<file>' from a guide)"
        if target.kind == "absolute":
            yield Diagnostic(*where, f"image '{link.url}' is an absolute path", fix)
        elif target.kind in ("outside", "other-language"):
            yield Diagnostic(*where, f"image '{link.url}' leads out of the site's files", fix)
        elif target.kind == "page" and target.page in index.pages.image_files:
            real = (images / target.page[len("images/"):]).resolve()
            if not real.is_relative_to(root):
                yield Diagnostic(*where, f"image '{link.url}' is a symbolic link to a file outside the repository", fix)
