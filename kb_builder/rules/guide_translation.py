"""Every guide exists in every language, under the same file name, and starts with a title.

Good: `content/guides/zh/install-engine-linux.md` and `content/guides/en/install-engine-linux.md`.
Bad:  only the Chinese file exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kb_builder.check.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from kb_builder.content.project import Project

ID = "guide-translation"
SEVERITY = Severity.ERROR


def check(project: Project) -> Iterator[Diagnostic]:
    codes = project.config.written_language_codes  # a converted language's guides are optional overrides
    for name, by_lang in project.guides.items():
        for guide in by_lang.values():
            if not guide.title:
                yield Diagnostic(guide.source_path, 1, 1, ID, SEVERITY, "the guide has no '# Title' heading",
                                 "start the file with '# ' and the guide's title")
        present = sorted(by_lang)
        for code in codes:
            if code not in by_lang:
                source = by_lang[present[0]]
                expected = f"{project.config.guides_dir}/{code}/{name}.md"
                yield Diagnostic(source.source_path, 1, 1, ID, SEVERITY,
                                 f"guide '{name}' has no '{code}' version (expected {expected})",
                                 "add the translation; every page exists in every language")
