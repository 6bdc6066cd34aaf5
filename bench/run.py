"""Build N synthetic entries with `kb build` and with stock MkDocs + Material setups; print a table.

    .venv/bin/python bench/run.py 200 2000          # sizes to measure
    .venv/bin/python bench/run.py --quick           # N=50, ours only: a smoke run
    options: --no-stock, --no-browser, --only-stock, --no-default, --stock NAME, --keep DIR,
    --editions zh,en (build only these of mkdocs.yml's languages), --stock-timeout SECONDS

Stock setups build the *same rendered pages* (the Markdown our generator makes, for both
languages) with Material and mkdocs-static-i18n 1.3.1: `stock-default` (every page in the
navigation, as MkDocs does by default), `stock-prune` (Material's navigation.prune) and
`stock-outnav` (navigation.prune, and the entry pages left out of the navigation with MkDocs'
`not_in_nav`, as our sidebar leaves them out: the fairest stock setup, since a page then no longer
carries a link to every entry; listings, the code index and search still lead to them). Each build runs in a fresh process; wall time, CPU time and peak memory come
from wait4() on that process (its children included). Time to first search result: headless
Chromium opens an entry page, types an error code into Material's search box and waits for the
first result, per language.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from generate import generate  # noqa: E402

PYTHON = str(REPO / ".venv/bin/python")
PROBE = "synthetic-problem-00010"


@dataclass
class Result:
    setup: str
    entries: int
    wall: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0
    page_kb: float = 0.0
    site_mb: float = 0.0
    index_kb: dict[str, float] = field(default_factory=dict)
    first_result_s: dict[str, float] = field(default_factory=dict)
    ok: bool = True
    stopped: bool = False
    """Stopped at --stock-timeout: wall, CPU and peak are those of the part that ran."""


STOPPED = -1000
"""The exit code _run gives a command it stopped at its time limit."""


def _run(command: list[str], cwd: Path, limit: float | None = None) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds and peak MB of a command (its children included), and its exit code
    (STOPPED: killed after `limit` seconds; the figures are then those of the part it ran)."""
    errors = tempfile.TemporaryFile()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)
    stopped = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if limit is not None and time.perf_counter() - started > limit and not stopped:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: the build and its children
            stopped = True
        time.sleep(0.2)
    wall = time.perf_counter() - started
    process.returncode = STOPPED if stopped else os.waitstatus_to_exitcode(status)
    if process.returncode and not stopped:
        errors.seek(0)
        sys.stderr.write(errors.read().decode(errors="replace")[-3000:])
    errors.close()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _measure_site(result: Result, site: Path, page_path: str, languages: dict[str, str]) -> None:
    page = site / page_path
    result.page_kb = page.stat().st_size / 1024 if page.exists() else float("nan")
    result.site_mb = _size(site) / 1e6
    for lang, prefix in languages.items():
        # Everything the search engine wrote (lunr: one index; the chunked index: its shards too).
        index = site / prefix / "search"
        result.index_kb[lang] = _size(index) / 1024 if index.exists() else float("nan")


def bench_ours(project: Path, count: int) -> tuple[Result, Path]:
    result = Result("kb build", count)
    shutil.rmtree(project / ".cache", ignore_errors=True)  # no warm validation cache: a fresh clone
    site = project / "site"
    result.wall, result.cpu, result.peak_mb, code = _run([PYTHON, "-m", "kb_builder", "build"], project)
    result.ok = code == 0
    _measure_site(result, site, f"entries/{PROBE}/index.html", {"zh": "", "en": "en"})
    return result, site


STOCK_SETUPS = {"stock-default": (False, False), "stock-prune": (True, False), "stock-outnav": (True, True)}
"""Name -> (navigation.prune, entries left out of the navigation)."""


def _stock_project(project: Path, target: Path, prune: bool, entries_out_of_nav: bool = False) -> Path:
    """The same rendered pages as a plain Material + mkdocs-static-i18n project."""
    import yaml
    from stockpages import stock_pages

    from kb_builder.config import load_config
    from kb_builder.content.project import load_project

    kb_project = load_project(load_config(project))
    docs = target / "docs"
    for lang in ("zh", "en"):
        for src_uri, markdown in stock_pages(kb_project, lang).items():
            path = docs / lang / src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(markdown, encoding="utf-8")
        for guide in kb_project.guides_in(lang):
            (docs / lang / guide.page_path).write_text(guide.text, encoding="utf-8")
        if (project / "images").is_dir():
            shutil.copytree(project / "images", docs / lang / "images", dirs_exist_ok=True)
    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    features = [f for f in ours["theme"]["features"] if f != "content.action.edit"]
    config = {
        "site_name": "Docker install troubleshooting (stock)",
        "site_url": "https://example.org/",
        "theme": {"name": "material", "language": "zh", "features": features + (["navigation.prune"] if prune else [])},
        "markdown_extensions": ours["markdown_extensions"],
        "plugins": ["search", {"i18n": {"docs_structure": "folder", "languages": [
            {"locale": "zh", "default": True, "name": "中文", "build": True},
            {"locale": "en", "name": "English", "build": True}]}}],
        "validation": {"omitted_files": "ignore"},
    }
    if entries_out_of_nav:
        config["not_in_nav"] = "entries/\n"  # gitignore-style: every entries/ folder, both languages
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return target


def bench_stock(project: Path, count: int, name: str, work: Path, limit: float | None = None) -> tuple[Result, Path]:
    target = _stock_project(project, work / name, *STOCK_SETUPS[name])
    result = Result(name, count)
    result.wall, result.cpu, result.peak_mb, code = _run([PYTHON, "-m", "mkdocs", "build", "-q"], target, limit)
    result.ok, result.stopped = code == 0, code == STOPPED
    site = target / "site"
    _measure_site(result, site, f"entries/{PROBE}/index.html", {"zh": "", "en": "en"})
    return result, site


def first_search_result(site: Path, result: Result, query: str) -> None:
    """Seconds from opening an entry page to the first result of a code query, per language."""
    from browser import CHROMIUM, CHROMIUM_ARGS, serve_folder
    from playwright.sync_api import sync_playwright

    with serve_folder(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for lang, prefix in (("zh", ""), ("en", "en/")):
            page = browser.new_page()
            started = time.perf_counter()
            page.goto(f"{url}{prefix}entries/{PROBE}/")
            box = page.locator("input.md-search__input")
            box.click()
            box.fill(query)
            box.press("End")
            page.wait_for_selector(".md-search-result__item", timeout=120_000)
            result.first_result_s[lang] = time.perf_counter() - started
            page.close()
        browser.close()


def _row(r: Result) -> str:
    indexes = " / ".join(f"{r.index_kb.get(lang, float('nan')):,.0f}" for lang in ("zh", "en"))
    search = " / ".join(f"{r.first_result_s[lang]:.2f}" if lang in r.first_result_s else "-" for lang in ("zh", "en"))
    flag = "" if r.ok else " (stopped)" if r.stopped else " (FAILED)"
    return (f"| {r.setup}{flag} | {r.entries} | {r.wall:.1f} | {r.cpu:.1f} | {r.peak_mb:.0f} | {r.page_kb:.1f} | "
            f"{r.site_mb:.1f} | {indexes} | {search} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--only-stock", action="store_true", help="the stock setups alone (kb build measured apart)")
    parser.add_argument("--no-default", action="store_true", help="of the stock setups, the two with navigation.prune")
    parser.add_argument("--stock", action="append", choices=sorted(STOCK_SETUPS), help="only these stock setups")
    parser.add_argument("--stock-timeout", type=float, metavar="SECONDS",
                        help="stop a stock build after this long and report the part it ran")
    parser.add_argument("--editions", help="kb build only these languages of mkdocs.yml (codes, comma-separated)")
    args = parser.parse_args()
    sizes = [50] if args.quick else (args.sizes or [200, 2000])
    stock = not (args.no_stock or args.quick)
    results: list[Result] = []
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    print("| setup | entries | wall s | CPU s | peak MB | entry page KB | site MB | search files KB zh / en | first result s zh / en |")
    print("|---|---|---|---|---|---|---|---|---|")
    for count in sizes:
        project = generate(count, work / f"kb-{count}")
        if args.editions:
            keep_languages(project / "mkdocs.yml", args.editions.split(","))
        runs = [] if args.only_stock else [partial(bench_ours, project, count)]
        if stock:
            names = args.stock or [n for n in STOCK_SETUPS if not (args.no_default and n == "stock-default")]
            runs += [partial(bench_stock, project, count, name, work / f"stock-{count}", args.stock_timeout)
                     for name in names]
        for run in runs:
            result, site = run()
            if not args.no_browser and result.ok:
                first_search_result(site, result, f"0x8037{10:04x}")
            results.append(result)
            print(_row(result), flush=True)
    _ratios(results)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    (REPO / "bench/last-run.json").write_text(json.dumps([r.__dict__ for r in results], indent=1) + "\n")


def keep_languages(config_file: Path, codes: list[str]) -> None:
    """Leave only the languages `codes` in `extra.kb.languages` of a generated mkdocs.yml."""
    lines = config_file.read_text(encoding="utf-8").split("\n")
    start = lines.index("    languages:") + 1
    end = next((n for n in range(start, len(lines)) if lines[n].strip() and not lines[n].startswith("      ")),
               len(lines))
    items: list[list[str]] = []
    for line in lines[start:end]:
        if line.startswith("      - "):
            items.append([])
        items[-1].append(line)
    kept = [item for item in items if re.match(r"      - code: (\S+)", item[0]).group(1) in codes]
    if len(kept) != len(codes):
        raise SystemExit(f"--editions {','.join(codes)}: mkdocs.yml has {[item[0].split()[-1] for item in items]}")
    lines[start:end] = [line for item in kept for line in item]
    config_file.write_text("\n".join(lines), encoding="utf-8")


def _ratios(results: list[Result]) -> None:
    ours = {r.entries: r for r in results if r.setup == "kb build"}
    for count, r in sorted(ours.items()):
        for stock in (s for s in results if s.setup.startswith("stock-") and s.entries == count):
            if r.ok and stock.ok:
                print(f"N={count}: {stock.setup} / kb build wall = {stock.wall / r.wall:.2f}x, "
                      f"CPU = {stock.cpu / r.cpu:.2f}x")
            elif r.ok and stock.stopped:
                print(f"N={count}: {stock.setup} stopped after {stock.wall:.0f} s ({stock.cpu:.0f} s CPU): "
                      f"more than {stock.wall / r.wall:.1f}x kb build's wall, {stock.cpu / r.cpu:.1f}x its CPU")
    if len(ours) >= 2:
        small, large = min(ours), max(ours)
        per_small, per_large = ours[small].wall / small, ours[large].wall / large
        print(f"build time per entry: {per_small * 1000:.1f} ms at {small}, {per_large * 1000:.1f} ms at {large} "
              f"({per_large / per_small:.2f}x)")
        print(f"entry page size: {ours[small].page_kb:.1f} KB at {small}, {ours[large].page_kb:.1f} KB at {large} "
              f"({ours[large].page_kb / ours[small].page_kb:.2f}x)")


if __name__ == "__main__":
    main()
