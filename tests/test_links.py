"""Links: the online checker against a local server, and what fixtures cannot express (symbolic
links, builds, the anchors MkDocs really produces)."""

from __future__ import annotations

import dataclasses
import http.server
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import minimal_entry, write_project

from kb_builder import cli
from kb_builder.check import report
from kb_builder.check.runner import check
from kb_builder.config import load_config
from kb_builder.content.project import load_project
from kb_builder.links.anchors import anchor_ids
from kb_builder.links.online import CheckSettings, LinkChecker

ENTRY = minimal_entry("alpha-entry")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}
        self.stop = threading.Event()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.requests[self.path] += 1
        self.server.times.setdefault(self.path, []).append(time.monotonic())
        seen = self.server.requests[self.path]
        if self.path == "/silent":
            self.server.stop.wait(20)  # never answers while the test runs
            return
        status, headers = {
            "/ok": (200, {}),
            "/moved": (301, {"Location": "/ok"}),
            "/missing": (404, {}),
            "/busy": (429, {"Retry-After": "1"}) if seen == 1 else (200, {}),
            "/flaky": (500, {}) if seen == 1 else (200, {}),
        }.get(self.path, (404, {}))
        self.send_response(status)
        for name, value in {**headers, "Content-Length": "0"}.items():
            self.send_header(name, value)
        self.end_headers()


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Server]:
    real_connect = socket.socket.connect

    def connect_to_127_0_0_1_only(sock: socket.socket, address: tuple) -> None:
        if address[0] != "127.0.0.1":
            raise AssertionError(f"the test tried the network: {address}")
        real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect_to_127_0_0_1_only)
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.stop.set()
    httpd.shutdown()
    httpd.server_close()


FAST = CheckSettings(timeout=1, retries=1, retry_wait=0.1, max_retry_after=5, host_interval=0, per_host=8)
PATHS = ["/ok", "/moved", "/missing", "/busy", "/flaky", "/silent"]


def test_each_kind_of_answer_gets_its_verdict_within_bounded_time(server: _Server, tmp_path: Path) -> None:
    started = time.monotonic()
    verdicts = LinkChecker(FAST, tmp_path / "links.json").check(server.base + p for p in PATHS)
    elapsed = time.monotonic() - started
    outcome = {url.removeprefix(server.base): (v.outcome, v.status) for url, v in verdicts.items()}
    assert outcome == {"/ok": ("ok", 200), "/moved": ("moved", 200), "/missing": ("broken", 404),
                       "/busy": ("ok", 200), "/flaky": ("ok", 200), "/silent": ("timeout", None)}
    assert verdicts[server.base + "/moved"].moved_to == server.base + "/ok"
    assert server.requests["/silent"] == 2  # asked, then retried once, each time given 1 s
    assert server.requests["/missing"] == 1  # a 404 is not retried
    assert elapsed < 6


def test_a_429_is_retried_only_after_the_wait_its_retry_after_asks(server: _Server, tmp_path: Path) -> None:
    LinkChecker(FAST, None).check([server.base + "/busy"])
    first, second = server.times["/busy"]
    assert second - first >= 0.95


def test_requests_to_one_host_wait_their_turn_and_are_spaced_apart(server: _Server) -> None:
    polite = dataclasses.replace(FAST, concurrency=8, per_host=1, host_interval=0.3)
    LinkChecker(polite, None).check(server.base + p for p in ["/ok", "/missing", "/a", "/b", "/c"])
    starts = sorted(t for times in server.times.values() for t in times)
    assert len(starts) == 5
    # Arrival times at the server carry the loopback's jitter (a request delayed by a busy machine
    # arrives late, the next one on time: gaps of 0.19 s were seen under a parallel test run):
    # each gap is still far above what unspaced requests show (a few ms), and the five together
    # span nearly the four intervals.
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.1
    assert starts[-1] - starts[0] >= 4 * 0.3 - 0.15


def test_a_second_run_within_the_max_age_asks_nothing(server: _Server, tmp_path: Path) -> None:
    cache = tmp_path / ".cache" / "kb" / "links.json"
    first = LinkChecker(FAST, cache).check(server.base + p for p in PATHS)
    server.requests.clear()
    checker = LinkChecker(FAST, cache)
    second = checker.check(server.base + p for p in PATHS)
    assert sum(server.requests.values()) == 0
    assert checker.asked == 0
    assert second == first


def test_a_verdict_older_than_the_max_age_is_asked_again(server: _Server, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    LinkChecker(FAST, cache).check([server.base + "/ok"])
    later = LinkChecker(FAST, cache, clock=lambda: time.time() + FAST.max_age + 1)
    later.check([server.base + "/ok"])
    assert server.requests["/ok"] == 2


def test_a_failure_that_may_pass_is_asked_again_sooner_than_a_success(server: _Server, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    LinkChecker(FAST, cache).check([server.base + "/ok", server.base + "/silent"])
    server.requests.clear()
    later = LinkChecker(FAST, cache, clock=lambda: time.time() + FAST.transient_max_age + 1)
    verdicts = later.check([server.base + "/ok", server.base + "/silent"])
    assert dict(server.requests) == {"/silent": 2}  # the time-out is asked again (and retried); the 200 is not
    assert verdicts[server.base + "/silent"].outcome == "timeout"


def test_kb_links_online_reports_each_broken_url_at_every_place_that_holds_it(
        server: _Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = server.base
    root = write_project(tmp_path / "project", {
        "content/guides/zh/setup.md": f"# 安装\n\n见 [正常]({base}/ok)。\n\n见 [缺失]({base}/missing) 和 [无响应]({base}/silent)。\n",
        "content/guides/en/setup.md": f"# Setup\n\nSee [moved]({base}/moved).\n\nSee [missing]({base}/missing).\n",
    })
    argv = ["--root", str(root), "links", "--online", "--allow-private", "--timeout", "1", "--retries", "1",
            "--retry-wait", "0.1"]
    assert cli.main(argv) == 1
    out = capsys.readouterr().out
    silent_col = 8 + len(f"{base}/missing") + len(") 和 [无响应](")  # columns count characters
    assert out == (
        f"content/guides/en/setup.md:3:13: info [external-link] '{base}/moved' moved permanently to '{base}/ok'\n"
        "  hint: link the new address, so readers skip the redirect\n"
        f"content/guides/en/setup.md:5:15: error [external-link] '{base}/missing' answered 404 Not Found\n"
        "  hint: find where the page went (the site's search, a web archive) and link that, or drop the link\n"
        f"content/guides/zh/setup.md:5:8: error [external-link] '{base}/missing' answered 404 Not Found\n"
        "  hint: find where the page went (the site's search, a web archive) and link that, or drop the link\n"
        f"content/guides/zh/setup.md:5:{silent_col}: error [external-link] '{base}/silent' did not answer: no answer within 1 s (2 tries)\n"
        "  hint: check the address; if the site is only down, run again later (--max-age 0 to re-check)\n"
        "3 errors, 0 warnings\n")
    assert (root / ".cache/kb/links.json").is_file()
    server.requests.clear()
    assert cli.main(argv) == 1
    assert capsys.readouterr().out == out
    assert sum(server.requests.values()) == 0


def test_kb_links_without_online_lists_urls_and_asks_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "project", {"content/entries/windows/alpha-entry.yaml": ENTRY})
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    assert cli.main(["--root", str(root), "links"]) == 0
    assert capsys.readouterr().out == "https://example.com/\n  content/entries/windows/alpha-entry.yaml:13:33\n"


def _no_network(*args: object) -> None:
    raise AssertionError("the network was used")


def test_kb_check_of_the_real_content_never_opens_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import REPO

    monkeypatch.setattr(socket.socket, "connect", _no_network)
    assert check(load_config(REPO)) == []


def test_an_image_that_is_a_symbolic_link_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_text("not for publishing", encoding="utf-8")
    root = write_project(tmp_path / "project", {
        "content/entries/windows/alpha-entry.yaml": ENTRY,
        "content/guides/zh/setup.md": "# 安装\n\n![示意图](images/diagram.png)\n",
        "content/guides/en/setup.md": "# Setup\n\n![Diagram](images/diagram.png)\n",
    })
    (root / "images").mkdir()
    (root / "images/diagram.png").symlink_to(outside)
    output = report.format_text(check(load_config(root)))
    assert output == (
        "content/guides/en/setup.md:3:12: error [image-outside-repo] image 'images/diagram.png' is a symbolic link"
        " to a file outside the repository\n"
        "  hint: copy the file into images/ and link it relatively ('images/<file>' from a guide)\n"
        "content/guides/zh/setup.md:3:8: error [image-outside-repo] image 'images/diagram.png' is a symbolic link"
        " to a file outside the repository\n"
        "  hint: copy the file into images/ and link it relatively ('images/<file>' from a guide)\n"
        "2 errors, 0 warnings\n")


def _article_heading_ids(html: str) -> set[str]:
    article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert article is not None
    return set(re.findall(r'<h[1-6][^>]* id="([^"]+)"', article.group(1)))


@pytest.mark.parametrize("lang,prefix", [("zh", ""), ("en", "en/")])
def test_anchor_ids_are_the_ids_mkdocs_really_gives_headings(built_fixture_site: Path, lang: str, prefix: str) -> None:
    from kb_builder.links.targets import SitePages

    root = built_fixture_site.parent
    pages = SitePages(load_project(load_config(root)))
    for page in ["getting-started.md", "entries/docker-sock-denied.md", "index.md", "platforms/linux.md"]:
        built = (built_fixture_site / prefix / page.removesuffix(".md").removesuffix("index") / "index.html")
        anchors = pages.anchors(lang, page)
        assert anchors is not None
        assert set(anchors.headings.values()) == _article_heading_ids(built.read_text(encoding="utf-8")), page
    if lang == "zh":  # Chinese headings: toc keeps only ASCII, so the ids are _1, _2...
        assert "_1" in pages.anchors("zh", "getting-started.md").ids


def test_the_anchors_of_a_chinese_heading_skip_non_ascii_as_toc_does(tmp_path: Path) -> None:
    root = write_project(tmp_path / "project", {})
    anchors = anchor_ids("# 标题\n\n## 一句话区别\n\n## Docker Engine 包含什么\n\n## 验证 { #verify }\n", root / "mkdocs.yml")
    assert anchors.headings == {"标题": "_1", "一句话区别": "_2", "Docker Engine 包含什么": "docker-engine", "验证": "verify"}


GUIDES_WITH_A_BROKEN_LINK = {
    "content/entries/windows/alpha-entry.yaml": ENTRY,
    "content/guides/zh/setup.md": "# 安装\n\n见 [条目](entries/alpha-entyr.md)。\n",
    "content/guides/en/setup.md": "# Setup\n\nSee [entry](entries/alpha-entry.md).\n",
}


def test_a_broken_link_in_a_guide_fails_kb_build_and_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_project(tmp_path / "project", GUIDES_WITH_A_BROKEN_LINK)
    assert cli.main(["--root", str(root), "build", "--site-dir", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "content/guides/zh/setup.md:3:8: [broken-link] link 'entries/alpha-entyr.md'" in err
    assert not (tmp_path / "site").exists()


def test_mkdocs_own_link_validation_is_fatal_in_kb_build_even_without_our_rules(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import kb_builder.rules as rules

    monkeypatch.setattr(rules, "PROJECT_RULES", tuple(r for r in rules.PROJECT_RULES if "link" not in r.ID))
    root = write_project(tmp_path / "project", GUIDES_WITH_A_BROKEN_LINK)
    assert cli.main(["--root", str(root), "build", "--site-dir", str(tmp_path / "site")]) == 1
    captured = capsys.readouterr()
    assert "Doc file 'setup.md' contains a link 'entries/alpha-entyr.md'" in captured.err
    assert "Aborted with" in captured.err + captured.out


def test_a_project_whose_links_pass_kb_check_also_builds_with_a_marked_cross_language_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import yaml
    from conftest import FIXTURES

    case = yaml.safe_load((FIXTURES / "checks" / "broken-link--all-good.yaml").read_text(encoding="utf-8"))
    root = write_project(tmp_path / "project", case["files"])
    assert check(load_config(root)) == []
    assert cli.main(["--root", str(root), "build", "--site-dir", str(tmp_path / "site")]) == 0, capsys.readouterr().err
    html = (tmp_path / "site" / "setup" / "index.html").read_text(encoding="utf-8")
    assert '<a data-kb-crosslang href="https://docker-install-kb.github.io/en/setup/">' in html
    assert 'id="install"' in html
