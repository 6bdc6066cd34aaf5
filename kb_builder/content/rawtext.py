"""The one place that opens content files: entries and guides are read here, once, safely.

A path found under `content/` is refused before a byte is read unless it is a regular file inside
the project: `lstat` first (no symbolic link, FIFO, socket, device or directory), then an open with
`O_NOFOLLOW | O_NONBLOCK` (a file swapped for a link or a pipe between the two calls cannot make
the open follow it or wait for a writer), `fstat` on what was opened, and the size limit before the
read; the read itself stops at the limit. A FIFO named `x.yaml` or a link to `/dev/zero` therefore
ends in a diagnostic at once instead of a hang or an endless read.

The loader (kb_builder/content/project.py) keeps what it read; rules and caches use that text and
its digest (`Project.source_of`, `Project.file_digests`), never the path again.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kb_builder.content.project import Project

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class Refusal:
    """Why a path was not read."""

    kind: str
    """'not-a-file' or 'too-large'."""
    what: str
    """What the path is, for the message: 'a named pipe (FIFO)', 'a symbolic link', '2000000 bytes'."""


def describe_mode(mode: int) -> str:
    """What a file of this st_mode is, in a reader's words."""
    for test, what in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a directory"),
                       (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return what
    return "not a regular file"


def read_content(path: Path, root: Path, limit: int) -> bytes | Refusal:
    """The bytes of `path` when it is a regular file inside `root` of at most `limit` bytes."""
    try:
        before = os.lstat(path)
    except OSError as error:
        return Refusal("not-a-file", f"unreadable ({error.strerror or error})")
    if not stat.S_ISREG(before.st_mode):
        return Refusal("not-a-file", describe_mode(before.st_mode))
    if not _inside(path, root):
        return Refusal("not-a-file", "outside the project (a folder on its path is a symbolic link)")
    if before.st_size > limit:
        return Refusal("too-large", f"{before.st_size} bytes")
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except OSError as error:  # ELOOP: replaced by a link since the lstat
        return Refusal("not-a-file", f"unreadable ({error.strerror or error})")
    try:
        opened = os.fstat(handle)
        if not stat.S_ISREG(opened.st_mode):
            return Refusal("not-a-file", describe_mode(opened.st_mode))
        if opened.st_size > limit:
            return Refusal("too-large", f"{opened.st_size} bytes")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            return Refusal("too-large", f"more than {limit} bytes")
        return b"".join(chunks)
    except OSError as error:
        return Refusal("not-a-file", f"unreadable ({error.strerror or error})")
    finally:
        os.close(handle)


def _inside(path: Path, root: Path) -> bool:
    try:
        Path(os.path.realpath(path.parent)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True


def entry_texts(project: Project) -> Iterator[tuple[str, str]]:
    """(path, text) of every entry file that the loader read as UTF-8, valid or not.

    Files that could not be read are skipped: the loader already reports them.
    """
    for relative in project.entry_files:
        text = project.source_of(relative)
        if text is not None:
            yield relative, text
