"""Pagefind: a chunked static search index, the prototype behind `extra.kb.search_engine: pagefind`.

Material's search (lunr) ships one index per language that every full page load downloads and
builds in the browser, so its cost grows with the whole knowledge base (bench/README.md, "Search").
Pagefind splits its index into small chunks: a query downloads the chunks for its words and the
fragments of the results it shows, whatever the size of the site.

With the setting on, every language gets a search page (`search-pagefind.md`) and, once every
language has been assembled into the site folder, one Pagefind run indexes that folder. Pagefind
keeps a separate index per `<html lang>` (ours: `zh`, `en`; its extended build segments Chinese)
and the UI on a page loads only the index of that page's language. Only entry pages and guides are
indexed (the theme marks their article `data-pagefind-body`), so listings such as the error-code
index do not outrank the entry that owns a code. Everything is served from the site itself
(`/pagefind/`), so search works offline and sends nothing to another host.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from kb_builder.config import KbConfig, LanguageConfig
from kb_builder.render import labels

SEARCH_PAGE = "search-pagefind.md"
BUNDLE_DIR = "pagefind"
"""Folder of the Pagefind bundle (scripts, styles, index chunks) at the site root."""


class PagefindError(Exception):
    """Pagefind is not installed or failed to index the site."""


def is_enabled(kb: KbConfig) -> bool:
    return kb.search_engine == "pagefind"


def search_pages(kb: KbConfig, language: LanguageConfig) -> dict[str, str]:
    """Source path -> Markdown of the Pagefind search page of `language` (none when the setting is off)."""
    if not is_enabled(kb):
        return {}
    return {SEARCH_PAGE: render_search_page(language)}


def nav_items(kb: KbConfig, language: LanguageConfig) -> list[dict[str, str]]:
    """The navigation item of the search page (none when the setting is off)."""
    if not is_enabled(kb):
        return []
    return [{labels.labels(language.code)["pagefind_nav"]: SEARCH_PAGE}]


def bundle_from_language_root(language: LanguageConfig) -> str:
    """Relative URL of the bundle from `language`'s site root: one bundle serves every language."""
    depth = len([part for part in language.prefix.split("/") if part])
    return "../" * depth + f"{BUNDLE_DIR}/"


def render_search_page(language: LanguageConfig) -> str:
    t = labels.labels(language.code)
    # The theme (main.html) reads kb_pagefind_bundle to load Pagefind's UI from this site; lunr
    # leaves the page out of its own index (search.exclude).
    return (
        "---\n"
        f"title: {_yaml_string(t['pagefind_nav'])}\n"
        f"kb_pagefind_bundle: {_yaml_string(bundle_from_language_root(language))}\n"
        'kb_scripts: ["assets/kb-pagefind.js"]\n'
        "search:\n  exclude: true\n"
        "---\n\n"
        f"# {t['pagefind_nav']}\n\n"
        f"{t['pagefind_intro']}\n\n"
        '<div id="kb-pagefind" class="kb-pagefind" role="search"></div>\n'
    )


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def index_site(site_dir: Path) -> str:
    """Run Pagefind over the assembled site (every language); returns what Pagefind printed."""
    command = [str(_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise PagefindError(f"pagefind failed (exit {completed.returncode}): "
                            f"{(completed.stderr or completed.stdout).strip()[-2000:]}")
    entry_file = site_dir / BUNDLE_DIR / ENTRY_FILE
    if entry_file.is_file():
        entry_file.write_text(languages_in_order(entry_file.read_text(encoding="utf-8")), encoding="utf-8")
    return completed.stdout


ENTRY_FILE = "pagefind-entry.json"


def languages_in_order(entry_json: str) -> str:
    """Pagefind's entry file with its languages by code: Pagefind 1.5 writes them in the order of a
    hash map, different from one run to the next, and two builds of one commit must be
    byte-identical. Written as Pagefind writes it (compact, characters unescaped)."""
    entry = json.loads(entry_json)
    if isinstance(entry.get("languages"), dict):
        entry["languages"] = dict(sorted(entry["languages"].items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def _executable() -> Path:
    # pagefind[extended] installs the binary with Chinese and Japanese segmentation; its Python
    # package (an asyncio service around the same binary) adds nothing a single run needs.
    try:
        import pagefind_bin_extended
    except ImportError as error:
        raise PagefindError("extra.kb.search_engine is 'pagefind' but Pagefind is not installed; "
                            "run: pip install 'pagefind[extended]' (see requirements.lock)") from error
    return Path(pagefind_bin_extended.get_executable())
