"""Findings of the one-file rules, kept between runs, keyed on each file's bytes.

Rules with `SCOPE = "file"` report on one file from that file alone (tests/test_check_fixtures.py
holds every fixture to it), so for a file whose bytes did not change their findings are what they
were. A 2,000-entry `kb check` spent 1.9 of its 2.6 s of rules in them. The cache
(`.cache/kb/file-rules.marshal`, ignored by git) maps each entry and guide file to the SHA-256 of
its bytes, those findings and the links found in it (kb_builder/links/index.py: whether a link
lands is still decided on every run, against that run's pages); it is invalid as a whole when
anything else a rule reads changes:
our package (code, schema, catalogue, labels), mkdocs.yml (Markdown extensions, `extra.kb`),
the shellcheck binary, Python. Rules that compare files (`SCOPE = "project"`) always run.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Iterable
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.snippets.shellcheck import shellcheck_binary
from kb_builder.util.atomic import write_atomically

CACHE_FILE = Path(".cache/kb/file-rules.marshal")
_PACKAGE_SUFFIXES = (".py", ".json", ".yaml", ".yml", ".j2")

Row = tuple[str, int, int, str, int, str, "str | None"]


@cache
def _package_digest() -> bytes:
    digest = hashlib.sha256(sys.version.encode())

    def walk(folder: Traversable, prefix: str) -> None:
        for item in sorted(folder.iterdir(), key=lambda i: i.name):
            if item.is_dir():
                if item.name != "__pycache__":
                    walk(item, f"{prefix}{item.name}/")
            elif item.name.endswith(_PACKAGE_SUFFIXES):
                digest.update(f"{prefix}{item.name}\0".encode())
                digest.update(item.read_bytes())

    walk(resources.files("kb_builder"), "")
    return digest.digest()


def salt(root: Path) -> str:
    """Changes whenever a one-file rule could find something else in an unchanged file."""
    digest = hashlib.sha256(_package_digest())
    try:
        digest.update((root / "mkdocs.yml").read_bytes())
    except OSError:
        digest.update(b"no mkdocs.yml")
    binary = shellcheck_binary()
    if binary:
        stat = os.stat(binary)
        digest.update(f"{os.path.realpath(binary)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


class FileRuleCache:
    """Per file: (digest, findings of the one-file rules, links found in it or None)."""

    def __init__(self, root: Path, salt_value: str, stored: dict[str, tuple]) -> None:
        self.root, self.salt, self.stored = root, salt_value, stored
        self.digests: dict[str, bytes] = {}
        self.links: dict[str, list[tuple]] = {}
        """Links found in a file this run (kb_builder.links.index), as plain tuples."""

    @classmethod
    def open(cls, root: Path, digests: dict[str, bytes] | None = None) -> FileRuleCache:
        """The cache of the project at `root`; `digests`: files already read and hashed this run."""
        salt_value = salt(root)
        try:
            loaded = marshal.loads((root / CACHE_FILE).read_bytes())
            stored = loaded["files"] if loaded.get("salt") == salt_value else {}
        except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
            stored = {}
        cache = cls(root, salt_value, stored)
        cache.digests.update(digests or {})
        return cache

    def _digest(self, path: str) -> bytes | None:
        if path not in self.digests:
            try:
                self.digests[path] = hashlib.sha256((self.root / path).read_bytes()).digest()
            except OSError:
                return None
        return self.digests[path]

    def unchanged(self, paths: Iterable[str]) -> set[str]:
        """The files whose findings are known: same bytes as when they were found."""
        return {p for p in paths if p in self.stored and self.stored[p][0] == self._digest(p)}

    def findings(self, paths: Iterable[str]) -> list[Diagnostic]:
        return [Diagnostic(*row[:4], Severity(row[4]), *row[5:]) for p in paths for row in self.stored[p][1]]

    def known_links(self, path: str) -> list[tuple] | None:
        """The links found in `path` by this run or an earlier one, if its bytes are the same."""
        if path in self.links:
            return self.links[path]
        record = self.stored.get(path)
        if record is None or len(record) < 3 or record[2] is None or record[0] != self._digest(path):
            return None
        return record[2]

    def record(self, paths: Iterable[str], found: list[Diagnostic]) -> None:
        """What the one-file rules found in `paths` (every finding is about one of them)."""
        by_path: dict[str, list[Row]] = {path: [] for path in paths}
        for d in found:
            if d.path in by_path:
                by_path[d.path].append((d.path, d.line, d.col, d.rule, int(d.severity), d.message, d.hint))
        for path, rows in by_path.items():
            digest = self._digest(path)
            if digest is not None:
                self.stored[path] = (digest, rows, None)

    def save(self, keep: Iterable[str]) -> None:
        """Write the findings (and links) of the files in `keep`, atomically; files that
        disappeared are dropped."""
        for path, links in self.links.items():
            if path in self.stored and self.stored[path][0] == self._digest(path):
                self.stored[path] = (*self.stored[path][:2], links)
        kept = {p: self.stored[p] for p in keep if p in self.stored}
        file = self.root / CACHE_FILE
        try:
            write_atomically(file, marshal.dumps({"salt": self.salt, "files": kept}))
        except (OSError, ValueError):
            pass  # a read-only checkout still checks, only without the cache


__all__ = ["CACHE_FILE", "FileRuleCache"]
