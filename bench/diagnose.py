"""Accuracy and speed of `kb diagnose` on real pasted errors (tests/fixtures/diagnose/corpus*.yaml).

Prints top-1 and top-3 accuracy (a case counts when its `expected` entry, or one of its `also`
entries, is there), the misses, and the time to rank a 200-line log after start-up.
With --converted, the same for each converted edition (zh-Hant): the pastes as pasted, then their
Chinese converted as a reader there would type it (character for character, OpenCC s2t; and in the
edition's phrasing, its own conversion), each ranked as `kb diagnose --lang CODE` ranks it.
Run: .venv/bin/python bench/diagnose.py [--misses] [--converted]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb_builder.config import load_config  # noqa: E402
from kb_builder.content.project import load_project  # noqa: E402
from kb_builder.search.lookup import Matcher, match_data  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    project = load_project(load_config(ROOT))
    data = match_data(project.entries)
    matcher = Matcher(data)
    startup = time.perf_counter() - started
    cases = [case for path in sorted((ROOT / "tests/fixtures/diagnose").glob("corpus*.yaml"))
             for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    top1 = top3 = strict1 = 0
    misses = []
    for case in cases:
        ranked = [m.id for m in matcher.rank(case["text"], 3)]
        good = {case["expected"], *case.get("also", [])}
        strict1 += bool(ranked) and ranked[0] == case["expected"]
        top1 += bool(ranked) and ranked[0] in good
        top3 += bool(good & set(ranked))
        if not ranked or ranked[0] not in good:
            misses.append((case["expected"], ranked, case["source"]))
    n = len(cases)
    print(f"entries: {len(project.entries)}, corpus cases: {n}, load + match data: {startup * 1000:.0f} ms")
    print(f"top-1: {top1}/{n} = {top1 / n:.1%}  (expected entry itself first: {strict1 / n:.1%})")
    print(f"top-3: {top3}/{n} = {top3 / n:.1%}")
    log = _two_hundred_line_log(cases)
    timings = []
    for _ in range(20):
        t0 = time.perf_counter()
        matcher.rank(log, 5)
        timings.append(time.perf_counter() - t0)
    print(f"rank a 200-line log ({len(log)} chars): median {statistics.median(timings) * 1000:.1f} ms, "
          f"max {max(timings) * 1000:.1f} ms")
    if "--converted" in sys.argv:
        _converted_editions(project, matcher, cases)
    if "--browser" in sys.argv:
        _browser_latency(log)
    if "--misses" in sys.argv:
        for expected, ranked, source in misses:
            print(f"  miss: expected {expected}, got {ranked}  ({source})")


def _browser_latency(log: str) -> None:
    """The lookup page's own ranking time in headless Chromium, on the same log and on one line."""
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM, CHROMIUM_ARGS, serve_folder
    from playwright.sync_api import sync_playwright

    from kb_builder.site.languages import build_site

    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build_site(str(ROOT / "mkdocs.yml"), str(site))
        with serve_folder(site) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url + "lookup/")
            page.wait_for_selector(".kb-lookup--ready")
            timings = page.evaluate(
                """async ([log, line]) => {
                    const lookup = new kbMatcher.Lookup(new URL('../search/errors/', location.href));
                    const time = async (text) => { await lookup.rank(text, 10); const t0 = performance.now();
                        for (let i = 0; i < 20; i++) await lookup.rank(text, 10);
                        return (performance.now() - t0) / 20; };
                    return [await time(log), await time(line)];
                }""", [log, "0x80370102"])
            browser.close()
    print(f"lookup page in Chromium (files cached): 200-line log {timings[0]:.1f} ms, "
          f"one code {timings[1]:.2f} ms per ranking")


def _converted_editions(project, simplified: Matcher, cases: list[dict]) -> None:  # noqa: ANN001 - a Project
    """Accuracy of each converted edition's matcher on the pastes that hold Chinese, as pasted and
    converted (the others rank as in the source edition)."""
    import re

    import opencc

    from kb_builder.content.convert import convert_for, edition, fold_text, matcher_entries, search_fold

    for language in project.config.languages:
        if not language.is_converted:
            continue
        matcher = Matcher(match_data(matcher_entries(edition(project, language).entries, language)))
        fold = search_fold(language)
        chinese = [case for case in cases if re.search(r"[\u3400-\u9fff]", case["text"])]
        characters = opencc.OpenCC("s2t")
        ways = {"as pasted": lambda text: text, "s2t (characters)": characters.convert,
                f"{language.opencc} (edition's phrasing)": lambda text: convert_for(text, language)}
        source = [[m.id for m in simplified.rank(case["text"], 3)] for case in chinese]
        for way, write in ways.items():
            top1 = top3 = same = 0
            for case, as_source in zip(chinese, source):
                ranked = [m.id for m in matcher.rank(fold_text(write(case["text"]), fold), 3)]
                good = {case["expected"], *case.get("also", [])}
                top1 += bool(ranked) and ranked[0] in good
                top3 += bool(good & set(ranked))
                same += ranked[:1] == as_source[:1]
            n = len(chinese)
            print(f"{language.code}, {way:<26} top-1: {top1}/{n} = {top1 / n:.1%}  top-3: {top3}/{n} = {top3 / n:.1%}  "
                  f"first as {language.convert_from} ranks the paste: {same}/{n}")


def _two_hundred_line_log(cases: list[dict]) -> str:
    noise = [f"2026-11-29T10:{i // 60:02d}:{i % 60:02d}.123Z [com.docker.backend] info: component {i} ready"
             for i in range(200)]
    noise[150] = cases[0]["text"].splitlines()[0]
    return "\r\n".join(noise)


if __name__ == "__main__":
    main()
