"""Search at scale: Material's lunr index against the Pagefind prototype, on a desktop and a "phone".

    .venv/bin/python bench/search.py 50 200 1000 2000      # entry counts (default: 200 1000 2000)
    options: --keep DIR (keep the generated projects and sites), --json FILE

For each N, bench/generate.py makes N synthetic entries; `kb build` builds them once with
`search_engine: pagefind`, which keeps Material's lunr search on every page but the Pagefind search
page, so one site holds both (the lunr index is the same as a lunr-only build's). Headless Chromium
then measures, per language, in a fresh browser context (empty cache) each time:

- lunr: bytes of search/search_index.json; seconds from opening an entry page to the first result
  of an error-code query typed into Material's search box (its worker downloads the index and
  builds it on every full page load); bytes downloaded until then.
- Pagefind: seconds from opening the language's search page to the first result of the same
  query; bytes downloaded until then, and bytes of the Pagefind bundle (both languages) on disk.

"phone" is the same run with Chrome's CPU throttling at 4x (DevTools
`Emulation.setCPUThrottlingRate`), as Lighthouse's mobile profile; the network is the loopback, so
download time is not in these figures (an 18 MB index over a phone connection adds seconds more).
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


@dataclass
class SizeResult:
    entries: int
    build_s: dict[str, float] = field(default_factory=dict)
    lunr_index_bytes: dict[str, int] = field(default_factory=dict)
    pagefind_bundle_bytes: int = 0
    timings: dict[str, Timing] = field(default_factory=dict)
    """Key: "<engine>/<lang>/<desktop|phone>"."""


def _build(project: Path) -> tuple[Path, float, float]:
    """Build with Pagefind on; the site, the build's seconds and the seconds Pagefind says it took."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "search_engine:" not in text:
        config.write_text(text.replace("\n  kb:\n", "\n  kb:\n    search_engine: pagefind\n", 1), encoding="utf-8")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    started = time.perf_counter()
    built = subprocess.run([PYTHON, "-m", "kb_builder", "build"], cwd=project, check=True,
                           capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    found = re.search(r"Pagefind indexed the site: Finished in ([\d.]+) seconds", built.stdout + built.stderr)
    return project / "site", elapsed, float(found.group(1)) if found else float("nan")


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
    if engine == "lunr":
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(query)
        box.press("End")  # Material re-reads the box on keyup
        page.wait_for_selector(".md-search-result__item", timeout=300_000)
    else:
        page.locator(".pagefind-ui__search-input").fill(query)
        page.wait_for_selector(".pagefind-ui__result-link", timeout=300_000)
    seconds = time.perf_counter() - started
    downloaded = sum(request.sizes()["responseBodySize"] for request in finished)
    context.close()
    return Timing(seconds, downloaded)


def measure(project: Path, count: int) -> SizeResult:
    from browser import CHROMIUM, CHROMIUM_ARGS, serve_folder
    from playwright.sync_api import sync_playwright

    result = SizeResult(count)
    site, result.build_s["site"], result.build_s["pagefind"] = _build(project)
    sites = {"lunr": site, "pagefind": site}
    for lang, prefix in LANGUAGES.items():
        result.lunr_index_bytes[lang] = (sites["lunr"] / prefix / "search/search_index.json").stat().st_size
    result.pagefind_bundle_bytes = sum(p.stat().st_size for p in (sites["pagefind"] / "pagefind").rglob("*")
                                       if p.is_file())
    query = f"0x8037{PROBE:04x}"
    pages = {"lunr": f"entries/synthetic-problem-{PROBE:05d}/", "pagefind": "search-pagefind/"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with serve_folder(site) as url:
            for engine in sites:
                for lang, prefix in LANGUAGES.items():
                    for device in ("desktop", "phone"):
                        runs = [_first_result(browser, f"{url}{prefix}{pages[engine]}", query, engine,
                                              device == "phone") for _ in range(RUNS)]
                        result.timings[f"{engine}/{lang}/{device}"] = min(runs, key=lambda run: run.seconds)
        browser.close()
    return result


def _rows(result: SizeResult) -> list[str]:
    rows = []
    for lang in LANGUAGES:
        t = {key.split("/", 1)[0] + "/" + key.rsplit("/", 1)[1]: v for key, v in result.timings.items()
             if key.split("/")[1] == lang}
        rows.append(
            f"| {result.entries} | {lang} | {result.lunr_index_bytes[lang] / 1e6:.2f} | "
            f"{t['lunr/desktop'].seconds:.2f} | {t['lunr/phone'].seconds:.2f} | "
            f"{t['lunr/desktop'].downloaded_bytes / 1e6:.2f} | "
            f"{t['pagefind/desktop'].seconds:.2f} | {t['pagefind/phone'].seconds:.2f} | "
            f"{t['pagefind/desktop'].downloaded_bytes / 1e3:.0f} | {result.pagefind_bundle_bytes / 1e6:.1f} | "
            f"{result.build_s['site']:.0f} / {result.build_s['pagefind']:.1f} |")
    return rows


HEADER = ("| entries | lang | lunr index MB | lunr first result s, desktop | lunr s, phone (CPU/4) | "
          "lunr downloaded MB | Pagefind first result s, desktop | Pagefind s, phone | "
          "Pagefind downloaded KB | Pagefind bundle MB (both langs) | build s / of which Pagefind |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")


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
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-search-bench-"))
    results = []
    print(HEADER, flush=True)
    for count in args.sizes or [200, 1000, 2000]:
        project = generate(count, work / f"kb-{count}")
        results.append(measure(project, count))
        print("\n".join(_rows(results[-1])), flush=True)
    for lang in LANGUAGES:
        print(f"lunr on the phone passes {PHONE_LIMIT_S:.0f} s to the first result ({lang}): {phone_limit(results, lang)}")
    args.json.write_text(json.dumps([asdict(r) for r in results], indent=1) + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
