"""Search at scale: the chunked index (the default), Material's lunr and the Pagefind prototype,
on a desktop and a "phone".

    .venv/bin/python bench/search.py 50 200 1000 2000      # entry counts (default: 200 1000 2000)
    options: --keep DIR (keep the generated projects and sites), --json FILE,
    --engines chunked,lookup (measure only these; without lunr and pagefind no Pagefind build)

For each N, bench/generate.py makes N synthetic entries, and `kb build` builds them twice: with
the default engine (chunked) and with `search_engine: pagefind`, which keeps Material's lunr search
on every page but the Pagefind search page (the lunr index is the same as a lunr-only build's).
Headless Chromium then measures, per language and engine, in a fresh browser context (empty
cache) each time, the seconds from opening the page to the first result of an error-code query,
and the bytes downloaded until then:

- chunked and lunr: open an entry page and type the query into Material's search box (lunr's
  worker downloads the whole index and builds it on every full page load; ours downloads the
  shards of the query's words and the chunks of the results);
- Pagefind: open the language's search page and type the query into Pagefind's box.

"index MB" is what the engine writes for that language (lunr: search_index.json; chunked:
search/kb/; Pagefind: its bundle, both languages). "phone" is the same run with Chrome's CPU
throttling at 4x (DevTools `Emulation.setCPUThrottlingRate`), as Lighthouse's mobile profile; the
network is the loopback, so download time is not in these figures (an 18 MB index over a phone
connection adds seconds more).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))

from generate import generate  # noqa: E402

PYTHON = str(REPO / ".venv/bin/python")
PROBE = 10
LANGUAGES = {"zh": "", "en": "en/"}
PHONE_CPU_SLOWDOWN = 4
PHONE_LIMIT_S = 2.0
RUNS = 2
"""Runs of each timing; the fastest is kept (the others met noise, not the code)."""


@dataclass
class Timing:
    seconds: float
    downloaded_bytes: int


ENGINES = ("chunked", "lunr", "pagefind", "lookup")
"""`lookup`: the error lookup page of the chunked build (it loads the matcher's files by need)."""


@dataclass
class SizeResult:
    entries: int
    build_s: dict[str, float] = field(default_factory=dict)
    """Key: the engine the site was built with ("chunked", "pagefind"); "pagefind run": Pagefind's own time."""
    index_bytes: dict[str, int] = field(default_factory=dict)
    """Key: "<engine>/<lang>"."""
    timings: dict[str, Timing] = field(default_factory=dict)
    """Key: "<engine>/<lang>/<desktop|phone>"."""


def _build(project: Path, engine: str) -> tuple[Path, float, float]:
    """Build with `engine`; the site, the build's seconds and the seconds Pagefind says it took."""
    config = project / "mkdocs.yml"
    text = re.sub(r"\n    search_engine: \w+", "", config.read_text(encoding="utf-8"))
    config.write_text(text.replace("\n  kb:\n", f"\n  kb:\n    search_engine: {engine}\n", 1), encoding="utf-8")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    started = time.perf_counter()
    built = subprocess.run([PYTHON, "-m", "kb_builder", "build"], cwd=project, check=True,
                           capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    found = re.search(r"Pagefind indexed the site: Finished in ([\d.]+) seconds", built.stdout + built.stderr)
    site = project.parent / f"{project.name}-site-{engine}"
    shutil.rmtree(site, ignore_errors=True)
    (project / "site").rename(site)
    return site, elapsed, float(found.group(1)) if found else float("nan")


def _first_result(browser, url: str, query: str, engine: str, phone: bool) -> Timing:  # noqa: ANN001
    """Open the page, type `query`, wait for the first result; seconds and bytes downloaded."""
    context = browser.new_context()
    page = context.new_page()
    if phone:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    started = time.perf_counter()
    page.goto(url)
    if engine in ("lunr", "chunked"):
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(query)
        box.press("End")  # Material re-reads the box on keyup
        page.wait_for_selector(".md-search-result__item", timeout=300_000)
    elif engine == "lookup":
        page.locator("textarea").fill(query)
        page.wait_for_selector(".kb-lookup__results li", timeout=300_000)
    else:
        page.locator(".pagefind-ui__search-input").fill(query)
        page.wait_for_selector(".pagefind-ui__result-link", timeout=300_000)
    seconds = time.perf_counter() - started
    downloaded = sum(request.sizes()["responseBodySize"] for request in finished)
    context.close()
    return Timing(seconds, downloaded)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(project: Path, count: int, engines: tuple[str, ...] = ENGINES) -> SizeResult:
    from browser import CHROMIUM, CHROMIUM_ARGS, serve_folder
    from playwright.sync_api import sync_playwright

    result = SizeResult(count)
    chunked_site, result.build_s["chunked"], _ = _build(project, "chunked")
    sites = {"chunked": chunked_site, "lookup": chunked_site}
    if {"lunr", "pagefind"} & set(engines):
        pagefind_site, result.build_s["pagefind"], result.build_s["pagefind run"] = _build(project, "pagefind")
        sites |= {"lunr": pagefind_site, "pagefind": pagefind_site}
    for lang, prefix in LANGUAGES.items():
        result.index_bytes[f"chunked/{lang}"] = _folder_bytes(chunked_site / prefix / "search")
        result.index_bytes[f"lookup/{lang}"] = _folder_bytes(chunked_site / prefix / "search/errors")
        if "lunr" in sites:
            result.index_bytes[f"lunr/{lang}"] = (pagefind_site / prefix / "search/search_index.json").stat().st_size
            result.index_bytes[f"pagefind/{lang}"] = _folder_bytes(pagefind_site / "pagefind")
    query = f"0x8037{PROBE:04x}"
    entry_page = f"entries/synthetic-problem-{PROBE:05d}/"
    pages = {"chunked": entry_page, "lunr": entry_page, "pagefind": "search-pagefind/", "lookup": "lookup/"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for engine in engines:
            with serve_folder(sites[engine]) as url:
                for lang, prefix in LANGUAGES.items():
                    for device in ("desktop", "phone"):
                        runs = [_first_result(browser, f"{url}{prefix}{pages[engine]}", query, engine,
                                              device == "phone") for _ in range(RUNS)]
                        result.timings[f"{engine}/{lang}/{device}"] = min(runs, key=lambda run: run.seconds)
        browser.close()
    return result


def _rows(result: SizeResult, engines: tuple[str, ...] = ENGINES) -> list[str]:
    rows = []
    pagefind = result.build_s.get("pagefind", float("nan"))
    for lang in LANGUAGES:
        for engine in engines:
            desktop, phone = (result.timings[f"{engine}/{lang}/{device}"] for device in ("desktop", "phone"))
            build = {"chunked": f"{result.build_s['chunked']:.0f}",
                     "lunr": f"{pagefind:.0f} (with Pagefind)",
                     "pagefind": f"{pagefind:.0f}, Pagefind {result.build_s.get('pagefind run', float('nan')):.1f}",
                     "lookup": "(the chunked build)"}
            rows.append(f"| {result.entries} | {lang} | {engine} | {desktop.seconds:.2f} | {phone.seconds:.2f} | "
                        f"{desktop.downloaded_bytes / 1e3:,.0f} | {result.index_bytes[f'{engine}/{lang}'] / 1e6:.1f} | "
                        f"{build[engine]} |")
    return rows


HEADER = ("| entries | lang | engine | first result s, desktop | s, phone (CPU/4) | downloaded KB | "
          "index MB | build s |\n"
          "|---|---|---|---|---|---|---|---|")


def phone_limit(results: list[SizeResult], lang: str) -> str:
    """Where lunr's phone time crosses PHONE_LIMIT_S: between two measured sizes, interpolated linearly."""
    points = sorted((r.entries, r.timings[f"lunr/{lang}/phone"].seconds) for r in results)
    if len(points) >= 2:
        # What the index adds to a page's fixed cost: a least-squares line through the points.
        mean_n = sum(n for n, _ in points) / len(points)
        mean_t = sum(t for _, t in points) / len(points)
        slope = (sum((n - mean_n) * (t - mean_t) for n, t in points)
                 / sum((n - mean_n) ** 2 for n, _ in points))
        fixed = mean_t - slope * mean_n
        print(f"lunr phone ({lang}): {fixed:.2f} s + {slope * 1000:.2f} s per 1,000 entries; the index alone "
              f"costs {PHONE_LIMIT_S:.0f} s more than a page's fixed cost at {PHONE_LIMIT_S / slope:.0f} entries")
    if points[0][1] > PHONE_LIMIT_S:
        return f"already {points[0][1]:.1f} s at the smallest size measured ({points[0][0]} entries)"
    for (n1, t1), (n2, t2) in zip(points, points[1:]):
        if t2 > PHONE_LIMIT_S >= t1:
            crossing = n1 + (PHONE_LIMIT_S - t1) * (n2 - n1) / (t2 - t1)
            return f"about {crossing:.0f} entries ({t1:.1f} s at {n1}, {t2:.1f} s at {n2})"
    return f"not reached: {points[-1][1]:.1f} s at {points[-1][0]} entries"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--json", type=Path, default=REPO / "bench/search-last-run.json")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help=f"comma-separated, of {', '.join(ENGINES)} (default: all)")
    args = parser.parse_args()
    engines = tuple(engine for engine in ENGINES if engine in args.engines.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-search-bench-"))
    results = []
    print(HEADER, flush=True)
    for count in args.sizes or [200, 1000, 2000]:
        project = generate(count, work / f"kb-{count}")
        results.append(measure(project, count, engines))
        print("\n".join(_rows(results[-1], engines)), flush=True)
    for lang in LANGUAGES if "lunr" in engines else ():
        print(f"lunr on the phone passes {PHONE_LIMIT_S:.0f} s to the first result ({lang}): {phone_limit(results, lang)}")
    args.json.write_text(json.dumps([asdict(r) for r in results], indent=1) + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
