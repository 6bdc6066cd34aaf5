"""`kb serve` updates only what a save changed, and the site it serves is, byte for byte, the site
a full build of the same content gives, after any sequence of edits, additions, renames and
deletions (kb_builder/site/serve.py, kb_builder/site/incremental.py).

The content is a copy of this repository's; a seeded random sequence of saves is applied to it,
each followed by the update `kb serve` does; the served folder is then compared with a full
build made by another process from the same files. A save that breaks the content must leave
the served folder exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REPO, copy_project, project_mkdocs_yml

from kb_builder.site.serve import ContentErrors, ServeSession

SERVE_URL = "http://127.0.0.1:8000/"
SEED = int(os.environ.get("KB_SERVE_SEED", "20261204"))
SAVES = int(os.environ.get("KB_SERVE_SAVES", "14"))

Entry = dict


class Content:
    """The entry files of the copied project, and the saves a contributor makes to them."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng, self.count = root, rng, 0

    def files(self) -> list[Path]:
        return sorted((self.root / "content/entries").rglob("*.yaml"))

    def read(self, path: Path) -> Entry:
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    def write(self, path: Path, data: Entry) -> None:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")

    def unreferenced(self) -> list[Path]:
        """Entries no other file names: deleting or renaming one breaks no link."""
        texts = {path: path.read_text(encoding="utf-8") for path in
                 [*self.files(), *(self.root / "content/guides").rglob("*.md")]}
        return [path for path in self.files()
                if not any(path.stem in text for other, text in texts.items() if other != path)]

    def pick(self) -> Path:
        return self.rng.choice(self.files())

    def next_number(self) -> int:
        self.count += 1
        return self.count

    # -- the saves -------------------------------------------------------------------------------

    def edit_title(self) -> str:
        path, n = self.pick(), self.next_number()
        data = self.read(path)
        lang = self.rng.choice(["zh", "en"])
        data["title"][lang] += f" (edit {n})" if lang == "en" else f"（修改 {n}）"
        self.write(path, data)
        return f"title of {path.stem} in {lang}"

    def edit_text(self) -> str:
        path, n = self.pick(), self.next_number()
        data = self.read(path)
        data["cause"]["en"] += f" Edited {n}."
        data["cause"]["zh"] += f"修改 {n}。"
        self.write(path, data)
        return f"cause of {path.stem}"

    def add_code(self) -> str:
        path, n = self.pick(), self.next_number()
        data = self.read(path)
        data["error_codes"] = [*data.get("error_codes", []), f"KB_E_RANDOM_{n:04d}"]
        self.write(path, data)
        return f"a new code on {path.stem}"

    def drop_code(self) -> str:
        with_codes = [p for p in self.files() if self.read(p).get("error_codes")]
        path = self.rng.choice(with_codes)
        data = self.read(path)
        data["error_codes"] = data["error_codes"][:-1]  # a shared code's page may go with it
        self.write(path, data)
        return f"the last code of {path.stem}"

    def redate(self) -> str:
        path = self.pick()
        data = self.read(path)
        data["updated"] = f"2026-12-{self.rng.randint(5, 28):02d}"  # may be the newest: the build's date
        self.write(path, data)
        return f"the date of {path.stem}"

    def add(self) -> str:
        source, n = self.pick(), self.next_number()
        data = self.read(source)
        data["id"] = f"random-entry-{n:04d}"
        data["error_codes"] = [f"KB_E_NEW_{n:04d}"]
        data["title"] = {"zh": f"随机条目 {n}", "en": f"Random entry {n}"}
        self.write(source.parent / f"{data['id']}.yaml", data)
        return f"new entry {data['id']}"

    def rename(self) -> str:
        free = self.unreferenced()
        if not free:  # every entry is linked from another file: add one first
            return self.add()
        path, n = self.rng.choice(free), self.next_number()
        data = self.read(path)
        data["id"] = f"{path.stem}-renamed-{n}"
        path.unlink()
        self.write(path.parent / f"{data['id']}.yaml", data)
        return f"{path.stem} renamed {data['id']}"

    def delete(self) -> str:
        free = self.unreferenced()
        if not free:
            return self.add()
        path = self.rng.choice(free)
        path.unlink()
        return f"{path.stem} deleted"

    def move_platform(self) -> str:
        path = self.pick()
        data = self.read(path)
        data["platforms"] = [self.rng.choice(["windows", "linux", "macos"])]
        self.write(path, data)
        return f"{path.stem} now on {data['platforms'][0]}"

    def edit_guide(self) -> str:
        n = self.next_number()
        guides = sorted((self.root / "content/guides/en").glob("*.md"))
        name = self.rng.choice(guides).name
        for lang, text in (("en", f"Edited {n}."), ("zh", f"修改 {n}。")):
            guide = self.root / "content/guides" / lang / name
            guide.write_text(guide.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{text}\n", encoding="utf-8")
        return f"guide {name}"

    def saves(self) -> list[Callable[[], str]]:
        return [self.edit_title, self.edit_title, self.edit_text, self.add_code, self.drop_code, self.redate,
                self.add, self.rename, self.delete, self.move_platform, self.edit_guide]


def _tree(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _folders(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_dir()}


FULL_BUILD = """
import sys
from kb_builder.site.serve import ServeSession
session = ServeSession(sys.argv[1], sys.argv[2], sys.argv[3])
config = session.config()
config.plugins.on_startup(command="serve", dirty=False)
session.full_build(config)
session.wait()
"""


def _full_build(root: Path, site: Path) -> None:
    """A full build of `root` as `kb serve` makes its first one, in a process of its own."""
    done = subprocess.run([sys.executable, "-c", FULL_BUILD, str(root / "mkdocs.yml"), str(site), SERVE_URL],
                          cwd=root, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr[-3000:]


def _assert_a_full_build_gives(root: Path, served: Path, tmp_path: Path) -> None:
    """The served folder is what a full build of `root`, in another process, writes."""
    built = tmp_path / "built"
    _full_build(root, built)
    _assert_same_site(served, built)


def _assert_same_site(served: Path, built: Path) -> None:
    served_files, built_files = _tree(served), _tree(built)
    assert sorted(served_files.keys() - built_files.keys()) == [], "files the served site has and a build has not"
    assert sorted(built_files.keys() - served_files.keys()) == [], "files a build has and the served site has not"
    differing = sorted(name for name in served_files if served_files[name] != built_files[name])
    assert differing == [], f"files that differ from a full build: {differing[:20]}"
    assert _folders(served) == _folders(built), "empty folders left behind"


def _serving(config_file: Path, served: Path) -> ServeSession:
    """What `kb serve` does first: a full build into `served`, its background writes done."""
    session = ServeSession(str(config_file), str(served), SERVE_URL)
    config = session.config()
    config.plugins.on_startup(command="serve", dirty=False)
    session.full_build(config)
    session.wait()
    return session


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's content; the build date comes from it (pin_build_date sets
    SOURCE_DATE_EPOCH, which monkeypatch puts back as it was afterwards)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "kb"
    for folder in ("content", "images"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "mkdocs.yml").write_text(project_mkdocs_yml(), encoding="utf-8")
    return root


def test_random_saves_leave_the_served_site_equal_to_a_full_build(project: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    served = tmp_path / "served"
    session = _serving(project / "mkdocs.yml", served)
    content = Content(project, random.Random(SEED))
    outcomes, log = [], []
    for _ in range(SAVES):
        before = {path: path.read_bytes() for path in content.files()}
        save = content.rng.choice(content.saves())
        what = save()
        # Often the next save comes before the last update's background writes are done: they
        # are stopped half-way, and must be made good by the next.
        settled = content.rng.random() < 0.5
        if settled:
            session.wait()
        served_before = _tree(served) if settled else None
        try:
            outcomes.append(session.rebuild())
        except ContentErrors:
            # A save `kb check` refuses changes nothing served; putting the files back mends it.
            if served_before is not None:
                assert _tree(served) == served_before, f"a refused save ({what}) changed the served site"
            for path in content.files():
                if path not in before:
                    path.unlink()
            for path, data in before.items():
                path.write_bytes(data)
            outcomes.append("refused")
            session.rebuild()
        log.append(f"{what}: {outcomes[-1]}")
    session.wait()
    assert "updated" in outcomes, log  # the sequence went through the incremental path
    _assert_a_full_build_gives(project, served, tmp_path)


def test_a_save_that_changes_nothing_served_writes_nothing(project: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    served = tmp_path / "served"
    session = _serving(project / "mkdocs.yml", served)
    entry = next((project / "content/entries").rglob("*.yaml"))
    entry.write_text(entry.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    before = {path: path.stat().st_mtime_ns for path in served.rglob("*.html")}
    assert session.rebuild() == "unchanged"
    assert {path: path.stat().st_mtime_ns for path in served.rglob("*.html")} == before


def test_the_served_copy_of_a_broken_save_is_the_last_good_one(project: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    served = tmp_path / "served"
    session = _serving(project / "mkdocs.yml", served)
    good = _tree(served)
    entry = next((project / "content/entries").rglob("*.yaml"))
    entry.write_text(entry.read_text(encoding="utf-8").replace("\nstatus:", "\nid: twice\nstatus:", 1),
                     encoding="utf-8")
    with pytest.raises(ContentErrors) as refused:
        session.rebuild()
    found = refused.value.diagnostics[0]
    assert (found.path, found.rule) == (entry.relative_to(project).as_posix(), "duplicate-key")
    session.wait()
    assert _tree(served) == good


@pytest.mark.parametrize(("engine", "outcome"), [("lunr", "updated"), ("pagefind", "full")])
def test_each_search_engine_serves_what_a_full_build_gives(engine: str, outcome: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Material's own index is updated in place too; Pagefind indexes the whole site at once,
    so a save builds everything again with it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")
    root = copy_project(FIXTURES / "site-project", tmp_path / "p")
    config_file = root / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(
        "\n  kb:\n", f"\n  kb:\n    search_engine: {engine}\n", 1), encoding="utf-8")
    monkeypatch.chdir(root)
    served = tmp_path / "served"
    session = _serving(config_file, served)
    entry = root / "content/entries/linux/docker-sock-denied.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace(
        "en: Permission denied on /var/run/docker.sock", "en: Socket access denied (edited)"), encoding="utf-8")
    assert session.rebuild() == outcome
    session.wait()
    assert "Socket access denied (edited)" in (served / "en/entries/docker-sock-denied/index.html").read_text(
        encoding="utf-8")
    _assert_a_full_build_gives(root, served, tmp_path)


def test_a_wrong_setting_saved_in_mkdocs_yml_is_refused_and_the_mended_one_built(project: Path, tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    served = tmp_path / "served"
    config_file = project / "mkdocs.yml"
    session = _serving(config_file, served)
    good_text, good_site = config_file.read_text(encoding="utf-8"), _tree(served)
    config_file.write_text(good_text.replace("entries_dir: content/entries", "entries_dir: 5", 1), encoding="utf-8")
    with pytest.raises(ContentErrors) as refused:
        session.rebuild()
    found = refused.value.diagnostics[0]
    assert (found.path, found.rule) == ("mkdocs.yml", "invalid-setting") and "entries_dir" in found.message
    assert _tree(served) == good_site
    config_file.write_text(good_text, encoding="utf-8")
    assert session.rebuild() == "full"
