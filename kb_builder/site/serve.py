"""`kb serve`: build every language once, then, on each save, update only what the save changed.

MkDocs' own `serve` builds the whole site again on every save (26 s at 2,000 entries). Here the
first build keeps each language's pages (BilingualSite, serving), and a save that changed entries
only goes through kb_builder.site.incremental; anything else (a guide, an image, mkdocs.yml, the
navigation) builds in full, as MkDocs would. A save that breaks the content changes nothing on
disk: the diagnostics go to the terminal and over every page the server sends, until mended.
"""

from __future__ import annotations

import gc
import html
import logging
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from os.path import isfile, join
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as mkdocs_load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.plugins import get_plugin_logger

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.check.runner import check_project
from kb_builder.config import KbConfig, load_config
from kb_builder.content.convert import edition
from kb_builder.content.project import Project, load_project
from kb_builder.errors import ConfigError
from kb_builder.site.background import BACKGROUND
from kb_builder.site.events import report_to_mkdocs, serving_site
from kb_builder.site.incremental import NeedsFullBuild, update_language
from kb_builder.site.internals import KbLiveReloadServer
from kb_builder.site.publish import pin_build_date
from kb_builder.util.gcpolicy import settle_long_lived

log = get_plugin_logger("kb")


class ContentErrors(Exception):  # noqa: N818 - what was found, reported rather than raised further
    """The content has errors: nothing was built; `diagnostics` says what (errors first)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{sum(d.severity is Severity.ERROR for d in diagnostics)} content error(s)")
        self.diagnostics = diagnostics


def poll_seconds(entry_files: int) -> float:
    """How often the content folders are polled for saves: 0.1 s, slowing to MkDocs' 0.5 s at
    2,000 entries. A poll stats every file (28 ms for 2,000 entries here, under 1 ms for 40):
    a large knowledge base keeps MkDocs' pace rather than spend a core on polling."""
    return min(0.5, max(0.1, entry_files / 4000))


class ServeSession:
    """The site `kb serve` shows, in `site_dir`: a full build, then an update per save."""

    def __init__(self, config_file: str, site_dir: str, serve_url: str | None = None) -> None:
        self.config_file, self.site_dir, self.serve_url = config_file, site_dir, serve_url
        self.root = Path(config_file).resolve().parent
        self._others: dict[str, tuple[int, int]] | None = None
        self._seen: tuple[Project, ContentErrors | None] | None = None
        """The project the site shows (or was refused, and why); a save of nothing is nothing."""

    def config(self) -> MkDocsConfig:
        config = mkdocs_load_config(self.config_file, site_dir=self.site_dir)
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    def full_build(self, config: MkDocsConfig | None = None) -> None:
        """Build every language (raises Abort when the build fails; MkDocs has logged why)."""
        BACKGROUND.stop_detached()  # it writes what this build writes again
        BACKGROUND.wait()
        self._others = None
        gc.unfreeze()  # what the last full build kept is dropped now: let the collector have it
        mkdocs_build(config or self.config(), serve_url=self.serve_url)
        kb = load_config(self.root)
        self._others, self._seen = self._snapshot(kb), (load_project(kb), None)
        settle_long_lived()

    def rebuild(self) -> str:
        """After a save: "updated" (the pages it changed), "full" (everything) or "unchanged".
        Raises ContentErrors, and leaves the site as it was, when the content has errors."""
        try:
            kb = load_config(self.root)
        except ConfigError as wrong:  # mkdocs.yml: nothing is built until it is mended
            log.error("%s", wrong)
            self._others = None  # the site is built in full once it is
            raise ContentErrors(list(wrong.diagnostics) or [
                Diagnostic(Path(self.config_file).name, 1, 1, "invalid-setting", Severity.ERROR, str(wrong))]) from wrong
        start, cpu = time.perf_counter(), time.process_time()
        project = load_project(kb)  # the last one while no file changed (size and mtime)
        others = self._snapshot(kb)
        if self._seen is not None and self._seen[0] is project and others == self._others:
            if self._seen[1] is not None:  # a watcher heard the save the last check refused
                raise self._seen[1]
            return "unchanged"
        try:
            self._check(project)
        except ContentErrors as refused:
            self._seen = (project, refused)
            raise
        if self._others is None or others != self._others:
            self.full_build()
            return "full"
        self._seen = (project, None)
        # The index a full build left to a thread is the one an update adds to; what the last
        # update detached is stale now: stopped, and what it had not written is written again.
        BACKGROUND.wait(detached=False)
        unfinished = BACKGROUND.stop_detached()
        checked = time.perf_counter()
        site = serving_site()
        pin_build_date(project)
        try:
            with BACKGROUND.collecting() as writes:
                written = [src for build in site.served_languages()
                           for src in update_language(build, edition(project, build.language), rewrite_all=unfinished)]
        except NeedsFullBuild as why:
            log.info("Building every page: %s", why)
            self.full_build()
            return "full"
        except Exception as error:  # a bug of the update: the full build still shows the save
            log.warning("Building every page: the update failed (%s: %s; --verbose shows where)",
                        type(error).__name__, error)
            log.debug("The update failed:", exc_info=True)
            self.full_build()
            return "full"
        BACKGROUND.detach(writes)
        if written:
            log.info("Updated %d page(s) in %.2f s (%.2f s of CPU; checked in %.2f s)", len(written),
                     time.perf_counter() - start, time.process_time() - cpu, checked - start)
        return "updated" if written else "unchanged"

    def wait(self) -> None:
        """Until what an update writes after it returns (search index, lookup data) is written."""
        BACKGROUND.wait()

    def _check(self, project: Project) -> None:
        diagnostics = check_project(project, remember=True)
        report_to_mkdocs(diagnostics)
        if any(d.severity is Severity.ERROR for d in diagnostics):
            raise ContentErrors(sorted(diagnostics, key=lambda d: d.severity is not Severity.ERROR))

    def _snapshot(self, kb: KbConfig) -> dict[str, tuple[int, int]]:
        """Size and mtime of every file a save of which needs a full build: the settings, the
        guides and the images (entries are compared by what they hold, kb_builder.site.incremental)."""
        found = {}
        for path in self._other_files(kb):
            try:
                stat = path.stat()
            except OSError:  # gone since it was listed: the next save's snapshot tells
                continue
            found[str(path)] = (stat.st_size, stat.st_mtime_ns)
        return found

    def _other_files(self, kb: KbConfig) -> Iterator[Path]:
        yield Path(self.config_file)
        for folder in (kb.guides_dir, kb.images_dir):
            top = kb.path(folder)
            if top.is_dir():
                yield from sorted(path for path in top.rglob("*") if path.is_file())


def overlay_html(diagnostics: list[Diagnostic]) -> bytes:
    """What every served page shows while the content has errors: the diagnostics as `kb check`
    gives them, over the last good page."""
    rows = "".join(
        f"<li><code>{html.escape(f'{d.path}:{d.line}:{d.col}')}</code> "
        f"{html.escape(d.severity.name.lower())} [{html.escape(d.rule)}] {html.escape(d.message)}"
        + (f"<br><small>{html.escape(d.hint)}</small>" if d.hint else "") + "</li>"
        for d in diagnostics[:50])
    more = f"<p>… {len(diagnostics) - 50} more: run <code>kb check</code>.</p>" if len(diagnostics) > 50 else ""
    return (
        '<div id="kb-serve-errors" role="alert" style="position:fixed;inset:auto 1rem 1rem 1rem;z-index:10;'
        "max-height:50vh;overflow:auto;padding:1rem 1.25rem;background:#fff;color:#1a1a1a;"
        'border:3px solid #b00020;border-radius:.4rem;box-shadow:0 4px 24px rgba(0,0,0,.35);font:14px/1.5 sans-serif">'
        '<button type="button" onclick="this.parentNode.remove()" aria-label="Close" '
        'style="float:right;font-size:1.25rem;background:none;border:0;cursor:pointer;color:#1a1a1a">×</button>'
        "<strong>kb serve: the last save has errors.</strong> This page is the last good build; "
        "it updates when the errors are mended."
        f'<ul style="margin:.5rem 0 0;padding-left:1.25rem">{rows}</ul>{more}</div>'
    ).encode("utf-8")


def serve_site(config_file: str, dev_addr: str | None = None) -> None:
    """Serve the site with live reload, updating it on each save (see the module)."""
    site_dir = tempfile.mkdtemp(prefix="kb-serve-")
    _stop_cleanly_on_sigterm()
    config = mkdocs_load_config(config_file, site_dir=site_dir, **({"dev_addr": dev_addr} if dev_addr else {}))
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path or "/"
    session = ServeSession(config_file, site_dir, f"http://{host}:{port}{mount_path}")
    config.site_url = session.serve_url
    try:
        session.full_build(config)
        entry_files = len(load_project(load_config(session.root)).entry_files)
        server = KbLiveReloadServer(builder=lambda: None, host=host, port=port, root=site_dir,
                                    mount_path=mount_path, polling_interval=poll_seconds(entry_files))

        def on_save() -> None:
            try:
                if session.rebuild() == "unchanged" and not server.overlay:
                    server.nothing_changed()  # a second watcher's news of the same save, say
                    return
            except ContentErrors as errors:
                server.overlay = overlay_html(errors.diagnostics)
                log.error("%s: the last good site stays served until they are mended", errors)
                return  # the browsers reload, to show what is wrong over the last good page
            except (Abort, BuildError) as error:  # MkDocs has logged why
                server.overlay = overlay_html([Diagnostic(config_file, 1, 1, "build", Severity.ERROR, str(error))])
                return
            server.overlay = b""

        server.builder = on_save

        def error_page(code: int) -> bytes | None:
            page = join(site_dir, f"{code}.html")
            if code in (404, 500) and isfile(page):
                return Path(page).read_bytes()
            return None

        server.error_handler = error_page
        server.watch(config.docs_dir)
        server.watch(config_file)
        config.plugins.on_serve(server, config=config, builder=on_save)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            logging.getLogger("mkdocs").info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        BACKGROUND.stop_detached()  # files of a folder about to go
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _stop_cleanly_on_sigterm() -> None:
    """A terminated server (a supervisor's SIGTERM, `kill`) stops as Ctrl+C stops it: its site
    folder (350 MB at 2,000 entries) and its background writes go with it, instead of staying in
    the temporary folder for good."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
