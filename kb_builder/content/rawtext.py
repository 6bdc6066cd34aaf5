"""The raw text of entry files, for rules about the file itself rather than its data."""

from __future__ import annotations

from collections.abc import Iterator

from kb_builder.content.project import Project


def entry_texts(project: Project) -> Iterator[tuple[str, str]]:
    """(path, text) of every entry file that is a readable UTF-8 file, valid or not.

    Files that cannot be read are skipped: the loader already reports them.
    """
    for relative in project.entry_files:
        path = project.config.path(relative)
        if path.is_symlink() or not path.is_file():
            continue
        try:
            yield relative, path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
