"""Real pasted errors answered the three ways a reader or contributor meets the matcher, side by side.

Every case of tests/fixtures/diagnose/corpus*.yaml (a text a user pasted in a public thread, and the
entries that fix it) goes through:
- `kb diagnose` (the Python matcher, in this process);
- the site's search box in Chromium, on the Chinese and the English edition: the text is filled into
  Material's box as a paste would, and the result links are read once the answer has settled;
- the lookup page in Chromium, both editions: the text into its box, the result links read.
For each: top-1 (an expected entry first) and top-3. The cases of uncovered.yaml (problems no entry
covers) measure false confidence: how often each way shows a strong match for them. Last, the time
from a 150-character pasted line sent to a loaded page's search worker to its answer (files cached
or not, as they come: each line loads the shards its words need).

Run: .venv/bin/python bench/pastes.py [--site DIR] [--limit N] [--misses]
(--site: an already built site/, else the content is built into a temporary folder.)
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS, search, serve_folder  # noqa: E402

from kb_builder.config import load_config  # noqa: E402
from kb_builder.content.project import load_project  # noqa: E402
from kb_builder.search.lookup import Matcher, match_data  # noqa: E402

FIXTURES = ROOT / "tests/fixtures/diagnose"
EDITIONS = {"zh": "", "en": "en/"}
ENTRY = re.compile(r"/entries/([a-z0-9-]+)/")


def corpus() -> list[dict]:
    return [case for path in sorted(FIXTURES.glob("corpus*.yaml"))
            for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]


def uncovered() -> list[dict]:
    return yaml.safe_load((FIXTURES / "uncovered.yaml").read_text(encoding="utf-8"))["cases"]


def ids_of(links: list[str]) -> list[str]:
    found = []
    for link in links:
        match = ENTRY.search(link)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


class Tally:
    def __init__(self) -> None:
        self.top1 = self.top3 = self.total = self.strong = 0
        self.misses: list[tuple[str, list[str], str]] = []
        self.seconds: list[float] = []

    def add(self, case: dict, ranked: list[str], seconds: float) -> None:
        good = {case["expected"], *case.get("also", [])}
        self.total += 1
        self.top1 += bool(ranked) and ranked[0] in good
        self.top3 += bool(good & set(ranked[:3]))
        self.seconds.append(seconds)
        if not ranked or ranked[0] not in good:
            self.misses.append((case["expected"], ranked[:3], case["source"]))

    def row(self, name: str) -> str:
        n = max(self.total, 1)
        latency = f"{statistics.median(self.seconds) * 1000:.0f} ms" if self.seconds else "-"
        return (f"{name:<24} top-1 {self.top1:>3}/{self.total} = {self.top1 / n:6.1%}   "
                f"top-3 {self.top3:>3}/{self.total} = {self.top3 / n:6.1%}   median answer {latency}")


def search_box(page, text: str) -> tuple[list[str], bool]:  # noqa: ANN001 - a Playwright page
    links = search(page, text, typed=False)
    strong = page.locator(".md-search-result__item").first.locator(".kb-hit__strength--strong").count() > 0
    return ids_of(links), strong


def lookup_page(page, text: str) -> tuple[list[str], bool]:  # noqa: ANN001 - a Playwright page
    before = page.eval_on_selector(".kb-lookup", "root => root.dataset.answered || ''")
    page.fill("textarea", text)
    page.wait_for_function("(before) => { const r = document.querySelector('.kb-lookup');"
                           " return r.dataset.answered && r.dataset.answered !== before; }", arg=before)
    links = page.eval_on_selector_all(".kb-lookup__results .kb-lookup__title a", "as => as.map(a => a.href)")
    strong = page.locator(".kb-lookup__result--strong").count() > 0
    return ids_of(links), strong


_TIME_WORKER = """(() => {
    // Times each answer of the search worker: from Material's QUERY message to the worker's RESULT.
    const Native = window.Worker;
    window.__kbAnswers = [];
    window.Worker = function (url, options) {
        const worker = new Native(url, options);
        const post = worker.postMessage.bind(worker);
        worker.postMessage = (message) => {
            if (message && message.type === 2) window.__kbAsked = performance.now();
            post(message);
        };
        worker.addEventListener('message', (event) => {
            if (event.data && event.data.type === 3 && window.__kbAsked) {
                window.__kbAnswers.push(performance.now() - window.__kbAsked);
                window.__kbAsked = null;
            }
        });
        return worker;
    };
})();"""


def box_latency(page, lines: list[str]) -> list[float]:  # noqa: ANN001 - a Playwright page
    """Milliseconds from each line sent to the loaded page's search worker to its answer."""
    timings = []
    for line in lines:
        search(page, line, typed=False)
        timings.append(page.evaluate("window.__kbAnswers[window.__kbAnswers.length - 1]"))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build one)")
    parser.add_argument("--limit", type=int, help="only the first N cases")
    parser.add_argument("--misses", action="store_true", help="list each way's misses")
    args = parser.parse_args()
    cases, unknown = corpus()[:args.limit], uncovered()[:args.limit]
    chinese = sum(bool(re.search(r"[\u3400-\u9fff]", case["text"])) for case in cases)
    print(f"cases: {len(cases)} ({chinese} with Chinese text), uncovered: {len(unknown)}")

    matcher = Matcher(match_data(load_project(load_config(ROOT)).entries))
    tallies: dict[str, Tally] = {"kb diagnose": Tally()}
    false_strong: dict[str, int] = {"kb diagnose": 0}
    latency: dict[str, list[float]] = {}
    for case in cases:
        started = time.perf_counter()
        ranked = [m.id for m in matcher.rank(case["text"], 3)]
        tallies["kb diagnose"].add(case, ranked, time.perf_counter() - started)
    false_strong["kb diagnose"] = sum(any(m.strong for m in matcher.rank(c["text"], 1)) for c in unknown)

    with tempfile.TemporaryDirectory() as folder:
        site = args.site
        if site is None:
            from kb_builder.site.languages import build_site

            site = Path(folder) / "site"
            build_site(str(ROOT / "mkdocs.yml"), str(site))
        from playwright.sync_api import sync_playwright

        with serve_folder(site) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for lang, prefix in EDITIONS.items():
                for way, path, ask in (("search box", "", search_box), ("lookup page", "lookup/", lookup_page)):
                    name = f"{way} ({lang})"
                    page = browser.new_page()
                    page.add_init_script(_TIME_WORKER)
                    page.goto(url + prefix + path)
                    tally = tallies[name] = Tally()
                    for case in cases:
                        started = time.perf_counter()
                        ranked, _ = ask(page, case["text"])
                        tally.add(case, ranked, time.perf_counter() - started)
                    false_strong[name] = sum(ask(page, c["text"])[1] for c in unknown)
                    if way == "search box":
                        lines = [line.strip()[:150] for case in cases for line in case["text"].splitlines()
                                 if len(line.strip()) >= 150][:20]
                        latency[lang] = box_latency(page, lines)
                    page.close()
            browser.close()

    for name, tally in tallies.items():
        print(tally.row(name))
    for lang, timings in latency.items():
        print(f"search box ({lang}), a 150-character pasted line, query to answer in the worker, {len(timings)} lines: "
              f"median {statistics.median(timings):.0f} ms, max {max(timings):.0f} ms")
    print("uncovered pastes shown a strong match (false confidence):")
    for name, count in false_strong.items():
        print(f"  {name:<22} {count}/{len(unknown)}")
    if args.misses:
        for name, tally in tallies.items():
            for expected, ranked, source in tally.misses:
                print(f"  miss [{name}]: expected {expected}, got {ranked}  ({source})")


if __name__ == "__main__":
    main()
