"""Results of reading and schema-checking entry files, kept between runs, keyed on their bytes.

A 2,000-entry project spends most of a `kb check` parsing YAML that did not change. The cache
(`.cache/kb/entries.marshal`, ignored by git) maps each file to the SHA-256 of its bytes and what
came of them: the data and value places, or the problems. It is written with `marshal`, which
holds plain values only, and it is invalid as a whole when the loader, the schema or Python change.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from importlib import resources
from pathlib import Path
from types import TracebackType

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.content.yamlsource import YamlDocument
from kb_builder.util.atomic import write_atomically

CACHE_FILE = Path(".cache/kb/entries.marshal")


def _salt() -> str:
    """Changes whenever what a cached result depends on changes: our code, the schema, Python."""
    digest = hashlib.sha256(sys.version.encode())
    package = resources.files("kb_builder")
    # The loader, the schema check and every module whose output they cache (messages, hints).
    for name in ("content/yamlsource.py", "content/entry_schema.py", "content/fields.py", "check/diagnostics.py",
                 "links/urls.py", "util/suggest.py", "schema/entry.schema.json"):
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()


class EntryCache:
    def __init__(self, file: Path, salt: str, stored: dict[str, tuple]) -> None:
        self.file, self.salt, self.stored = file, salt, stored
        self.fresh: dict[str, tuple] = {}
        self.changed = False

    @classmethod
    def open(cls, root: Path, context: str = "") -> EntryCache:
        """The cache of the project at `root`; `context` is what else the results depend on (the
        languages an entry must have)."""
        file, salt = root / CACHE_FILE, _salt() + context
        try:
            loaded = marshal.loads(file.read_bytes())
            stored = loaded["entries"] if loaded.get("salt") == salt else {}
        except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
            stored = {}  # no cache, or one from another version: start afresh
        return cls(file, salt, stored)

    def get(self, display: str, raw: bytes) -> tuple[YamlDocument | None, list[Diagnostic]] | None:
        record = self.stored.get(display)
        if record is None or record[0] != hashlib.sha256(raw).digest():
            self.changed = True
            return None
        self.fresh[display] = record
        _digest, data, places, problems = record
        document = None if places is None else YamlDocument(display, data, places)
        return document, [Diagnostic(*d[:4], Severity(d[4]), *d[5:]) for d in problems]

    def digest(self, display: str) -> bytes | None:
        """The SHA-256 of the bytes of `display` as this run read them (None: not read)."""
        record = self.fresh.get(display)
        return record[0] if record is not None else None

    def put(self, display: str, raw: bytes, document: YamlDocument | None, problems: list[Diagnostic]) -> None:
        places = None if document is None else document.places
        rows = [(d.path, d.line, d.col, d.rule, int(d.severity), d.message, d.hint) for d in problems]
        self.fresh[display] = (hashlib.sha256(raw).digest(), None if document is None else document.data, places, rows)
        self.changed = True

    def save(self) -> None:
        """Write what this run saw (files that disappeared are dropped), atomically."""
        if not self.changed and len(self.fresh) == len(self.stored):
            return
        try:
            write_atomically(self.file, marshal.dumps({"salt": self.salt, "entries": self.fresh}))
        except (OSError, ValueError):
            pass  # a read-only checkout still checks, only without the cache

    def __enter__(self) -> EntryCache:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            self.save()


__all__ = ["EntryCache"]
