"""Bytes a reader downloads: a first visit to an entry page, and the search index, per language,
for our site against stock Material on the same content.

"Stock" is a plain MkDocs + Material build of the same generated pages and guides (bench/stockpages.py:
our listings' Markdown, our entry pages' HTML), with the same Markdown extensions and nothing else of
ours: no theme overrides, no hooks, Material's defaults (web fonts, automatic navigation of every
page, default search settings). Each visit runs in a fresh Chromium context (empty cache) against a
local server; requests to other hosts are blocked and counted, so the figures hold offline.
Sizes are bodies as served (uncompressed) and gzip -6 of each (what a compressing host sends).

Run: .venv/bin/python bench/transfer.py [--entry ENTRY_ID]
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from browser import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402
from stockpages import stock_pages  # noqa: E402

from kb_builder.config import load_config  # noqa: E402
from kb_builder.content.project import load_project  # noqa: E402
from kb_builder.site.languages import build_site  # noqa: E402

SEARCH_INDEX = "search/search_index.json"


def build_ours(out: Path) -> Path:
    build_site(str(ROOT / "mkdocs.yml"), str(out / "ours"), strict=False)
    return out / "ours"


def build_stock(out: Path, project, kb) -> Path:  # noqa: ANN001
    """One plain Material site per language, laid out as ours (default language at /, others below)."""
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)  # noqa: S506 - our own file
    site = out / "stock"
    for language in kb.languages:
        docs = out / "stock-src" / language.code
        shutil.copytree(kb.path(kb.guides_dir) / language.code, docs)
        if kb.path(kb.images_dir).is_dir():
            shutil.copytree(kb.path(kb.images_dir), docs / "images")
        for src_uri, text in stock_pages(project, language.code).items():
            (docs / src_uri).parent.mkdir(parents=True, exist_ok=True)
            (docs / src_uri).write_text(text, encoding="utf-8")
        config = {"site_name": language.site_name, "docs_dir": str(docs),
                  "site_dir": str(site / language.prefix if language.prefix else site),
                  "theme": {"name": "material", "language": language.code, "features": ["content.code.copy"]},
                  "plugins": ["search"], "markdown_extensions": _stock_extensions(ours["markdown_extensions"])}
        config_file = out / f"stock-{language.code}.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)], check=True)
    return site


def _stock_extensions(extensions: list) -> list:
    """Our Markdown extensions, with superfences as stock Material sets it up (our fence formatter
    is a kb_builder function: a stock site has none)."""
    return ["pymdownx.superfences" if isinstance(e, dict) and "pymdownx.superfences" in e else e for e in extensions]


def visit(browser, url: str, origin: str, *, listing: bool = False) -> dict[str, int]:  # noqa: ANN001
    """Bytes of a first visit to `url`: page and its resources, search index apart."""
    context = browser.new_context()
    page = context.new_page()
    totals = {"page": 0, "page_gz": 0, "index": 0, "index_gz": 0, "requests": 0, "blocked": 0}

    def route(request_route) -> None:  # noqa: ANN001
        if request_route.request.url.startswith(origin):
            request_route.continue_()
        else:
            totals["blocked"] += 1
            if listing:
                print(f"    blocked  {request_route.request.url}")
            request_route.abort()

    def count(response) -> None:  # noqa: ANN001
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a redirect or an aborted request has no body
            return
        kind = "index" if response.url.endswith(SEARCH_INDEX) else "page"
        totals[kind] += len(body)
        totals[kind + "_gz"] += len(gzip.compress(body, compresslevel=6))
        totals["requests"] += 1
        if listing:
            print(f"    {response.status} {len(body):>9,}  {response.url.removeprefix(origin)}")

    page.route("**/*", route)
    page.on("response", count)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # Material's search worker fetches the index after load
    context.close()
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entry", default="docker-sock-permission-denied")
    parser.add_argument("--list", action="store_true", help="print every request of each visit")
    args = parser.parse_args()
    kb = load_config(ROOT)
    project = load_project(kb)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kb-transfer-") as tmp:
        sites = {"ours": build_ours(Path(tmp)), "stock": build_stock(Path(tmp), project, kb)}
        print(f"first visit to entries/{args.entry}/ (bytes; gzip -6 in brackets)")
        print(f"{'lang':<5}{'site':<7}{'requests':>9}{'page+assets':>22}{'search index':>22}{'blocked':>9}")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for language in kb.languages:
                for name, folder in sites.items():
                    with serve_folder(folder) as origin:
                        t = visit(browser, f"{origin}{language.url_root}entries/{args.entry}/", origin, listing=args.list)
                    print(f"{language.code:<5}{name:<7}{t['requests']:>9}"
                          f"{t['page']:>12,} ({t['page_gz']:>7,}){t['index']:>12,} ({t['index_gz']:>7,}){t['blocked']:>9}")
            browser.close()


if __name__ == "__main__":
    main()
