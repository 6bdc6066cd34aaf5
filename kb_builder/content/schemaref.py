"""Where the entry JSON Schema lives, and how an entry file points its editor at it.

Editors with the YAML language server (VS Code's YAML extension, and others) read a first line
`# yaml-language-server: $schema=<path>` and then complete keys, show the bilingual
descriptions and underline mistakes while typing. The path is relative to the entry file, so it
works in any clone without network access. The same schema is published with the site at
`/schema/entry.schema.json` for other tools.
"""

from __future__ import annotations

import posixpath
import re
from importlib import resources
from pathlib import Path

from kb_builder.config import KbConfig
from kb_builder.content.entry_schema import SCHEMA_FILE, entry_schema

SCHEMA_IN_REPOSITORY = f"kb_builder/schema/{SCHEMA_FILE}"
"""Where the schema stands in this repository, relative to the project root."""

PUBLISHED_SCHEMA = f"schema/{SCHEMA_FILE}"
"""Where the site publishes the schema, relative to the site root."""

MODELINE_PREFIX = "# yaml-language-server: $schema="
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<target>\S+)\s*$")


def packaged_schema_path() -> Path:
    """The schema file shipped inside the kb_builder package."""
    return Path(str(resources.files("kb_builder.schema").joinpath(SCHEMA_FILE)))


def local_schema(config: KbConfig) -> Path | None:
    """The project's own copy of the schema, when the project holds one (this repository does)."""
    path = config.path(SCHEMA_IN_REPOSITORY)
    return path if path.is_file() else None


def relative_reference(entry_path: str) -> str:
    """The schema path as seen from `entry_path` (both relative to the project root)."""
    return posixpath.relpath(SCHEMA_IN_REPOSITORY, posixpath.dirname(entry_path) or ".")


def modeline(config: KbConfig, entry_path: str) -> str:
    """The first line an entry at `entry_path` carries."""
    return MODELINE_PREFIX + reference_for(config, entry_path)


def reference_for(config: KbConfig, entry_path: str) -> str:
    """What a new entry's first line points at: the project's schema copy, else the published one.

    A project that uses kb_builder as an installed package has no schema file of its own; its
    editors then fetch the schema from the address in the schema's `$id`.
    """
    if local_schema(config) is not None:
        return relative_reference(entry_path)
    return str(entry_schema()["$id"])
