"""Find and load everything a knowledge base holds: entries, guides and their problems."""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from kb_builder.check.diagnostics import Diagnostic, Severity
from kb_builder.config import KbConfig
from kb_builder.content import entry_schema
from kb_builder.content.cache import EntryCache
from kb_builder.content.model import Entry, Guide
from kb_builder.content.rawtext import Refusal, read_content
from kb_builder.content.yamlsource import YamlDocument, not_a_file_hint, parse_yaml, read_source
from kb_builder.util import parallel

FRONT_MATTER = re.compile(r"\A---\r?\n(.*?\r?\n)---\r?\n", re.DOTALL)
"""YAML front matter at the start of a Markdown page (group 1: the YAML)."""


@dataclass
class Project:
    """The loaded content: entries that passed the schema, guides, and what was wrong."""

    config: KbConfig
    entries: tuple[Entry, ...]
    guides: dict[str, dict[str, Guide]]
    """Guide name -> language code -> guide."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Problems found while loading (YAML and schema); rules add theirs separately."""
    entry_files: tuple[str, ...] = ()
    """Every entry file found, valid or not, relative to the project root."""
    _sources: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _by_id: tuple[tuple[Entry, ...], dict[str, Entry]] | None = field(default=None, repr=False, compare=False)
    memory: Any = field(default=None, repr=False, compare=False)
    """What an earlier check found per unchanged file (kb_builder.check.cache.FileRuleCache), if any."""
    file_digests: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    """SHA-256 of each entry and guide file's bytes as loaded, or of why it was refused (the
    caches key on them and never open a content file themselves)."""
    _released: bool = field(default=False, repr=False, compare=False)
    """The files' texts were dropped (release_sources): one asked for is read again."""

    def entry_source(self, entry: Entry) -> str:
        """The text of an entry's file as the loader read it, with LF line ends (rules that point
        inside a value, such as a link in a text or a line of a command, need the file's own lines)."""
        return self.source_of(entry.source_path) or ""

    def source_of(self, path: str) -> str | None:
        """The text of an entry file as the loader read it (LF line ends), valid or not; None
        when it could not be read (not a regular file, too large, not UTF-8)."""
        found = self._sources.get(path)
        if found is None and self._released:
            found = _read_text(self.config, path)
        return found

    def narrowed_to(self, paths: frozenset[str]) -> Project:
        """The same project with only the entries and guides whose files are in `paths`."""
        guides = {name: {lang: g for lang, g in by_lang.items() if g.source_path in paths}
                  for name, by_lang in self.guides.items()}
        return dataclasses.replace(
            self, entries=tuple(e for e in self.entries if e.source_path in paths),
            guides={name: by_lang for name, by_lang in guides.items() if by_lang},
            entry_files=tuple(f for f in self.entry_files if f in paths), _sources=self._sources)

    def entries_by_id(self) -> dict[str, Entry]:
        """Id -> entry (made once for these entries: a build asks for every page, 2,000 times)."""
        if self._by_id is None or self._by_id[0] is not self.entries:
            self._by_id = (self.entries, {entry.id: entry for entry in self.entries})
        return self._by_id[1]

    def guides_in(self, lang: str) -> list[Guide]:
        found = [by_lang[lang] for by_lang in self.guides.values() if lang in by_lang]
        return sorted(found, key=lambda guide: (guide.order, guide.name))


def relative(config: KbConfig, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def discover_entry_files(config: KbConfig) -> list[Path]:
    folder = config.path(config.entries_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


def discover_guide_files(config: KbConfig) -> list[tuple[str, Path]]:
    found = []
    for lang in config.language_codes:
        folder = config.path(config.guides_dir) / lang
        if folder.is_dir():
            found.extend((lang, p) for p in sorted(folder.rglob("*.md")))
    return found


@dataclass(frozen=True)
class _LoadedFile:
    """What loading one entry file gave, kept to reload a project in which few files changed."""

    stat: tuple[int, int]
    """(size, mtime in ns) when it was read; (-1, -1) when it could not be."""
    entry: Entry | None
    problems: list[Diagnostic]
    digest: bytes
    source: str | None


@dataclass
class _LastLoad:
    key: tuple
    project: Project
    files: dict[str, _LoadedFile]


_last_loaded: _LastLoad | None = None


def _stat(path: Path) -> tuple[int, int]:
    try:
        stat = path.lstat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


def _fingerprint(config: KbConfig, entry_files: list[Path], guide_files: list[tuple[str, Path]]) -> tuple:
    """What a loaded project depends on: the settings and every file's name, size and mtime."""
    files = [*entry_files, *(path for _lang, path in guide_files)]
    return (config, tuple((str(path), *_stat(path)) for path in files))


def load_project(config: KbConfig) -> Project:
    """Load every entry and guide; invalid entries are left out and explained in diagnostics.

    One build loads the project in the validation hook, in the build hook and in each language's
    process (forked after the first load): while no file changed, the last project is reused. When
    some files changed since (`kb serve` after a save), only those are read again: the entries of
    the others are the very objects of the last project, so what was made from them can be kept.
    """
    global _last_loaded
    entry_files, guide_files = discover_entry_files(config), discover_guide_files(config)
    key = _fingerprint(config, entry_files, guide_files)
    last = _last_loaded
    if last is not None and last.key == key:
        return last.project
    reuse = last.files if last is not None and last.key[0] == config else {}
    project, files = _load_project(config, entry_files, guide_files, reuse)
    _last_loaded = _LastLoad(key, project, files)
    return project


def _load_project(config: KbConfig, entry_files: list[Path], guide_files: list[tuple[str, Path]],
                  reuse: dict[str, _LoadedFile]) -> tuple[Project, dict[str, _LoadedFile]]:
    diagnostics: list[Diagnostic] = []
    entries: list[Entry] = []
    digests: dict[str, bytes] = {}
    sources: dict[str, str] = {}
    files = _load_entries(config, entry_files, reuse)
    for display, loaded in files.items():
        diagnostics.extend(loaded.problems)
        if loaded.entry is not None:
            entries.append(loaded.entry)
        digests[display] = loaded.digest
        if loaded.source is not None:
            sources[display] = loaded.source
    guides: dict[str, dict[str, Guide]] = {}
    for lang, path in guide_files:
        guide, problems = load_guide(config, lang, path)
        diagnostics.extend(problems)
        display = relative(config, path)
        digests[display] = hashlib.sha256(guide.text.encode("utf-8")).digest() if guide else _refusal_digest(problems)
        if guide is not None:
            guides.setdefault(guide.name, {})[lang] = guide
    project = Project(config, tuple(sorted(entries, key=lambda e: e.id)), dict(sorted(guides.items())), diagnostics,
                      tuple(relative(config, p) for p in entry_files), _sources=sources, file_digests=digests)
    return project, files


def release_sources(project: Project) -> None:
    """Drop the text of every entry file, for a build that has checked its content and needs the
    texts no more: 15 KB an entry, which every language's process would hold (150 MB at 10,000
    entries). A text asked for afterwards is read again, and the next load reads every file."""
    project._sources.clear()
    project._released = True
    if _last_loaded is not None and _last_loaded.project is project:
        _last_loaded.files = {}  # their texts are gone: a reload must not reuse them


def _read_text(config: KbConfig, display: str) -> str | None:
    """The text of an entry file as _load_entries reads it; None when it cannot be read."""
    raw, _problems = read_source(config.root / display, display, config.root)
    try:
        return None if raw is None else raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None


def _refusal_digest(problems: list[Diagnostic]) -> bytes:
    """A digest for a file that was not read: what was wrong with it, never its bytes."""
    return hashlib.sha256(b"\0refused\0" + repr([(d.rule, d.message) for d in problems]).encode()).digest()


PARALLEL_MIN_FILES = 400
"""From this many files to parse, half are parsed in a second process (fork: no start-up cost).
Parsing and schema-checking is 3 ms a file; below this, sending documents back costs more."""

_Loaded = tuple[YamlDocument | None, list[Diagnostic]]


def _load_entries(config: KbConfig, entry_files: list[Path],
                  reuse: dict[str, _LoadedFile]) -> dict[str, _LoadedFile]:
    """Display path -> what loading each file gave, in order: as last time for a file whose size
    and mtime are those of `reuse`, else from the cache for bytes seen before, else parsed and
    schema-checked."""
    loaded: dict[str, _LoadedFile | None] = {}
    fresh: dict[str, tuple[tuple[int, int], bytes | None, list[Diagnostic], str | None]] = {}
    for path in entry_files:
        display = relative(config, path)
        stat = _stat(path)
        kept = reuse.get(display)
        if kept is not None and kept.stat == stat and stat != (-1, -1):
            loaded[display] = kept
            continue
        loaded[display] = None
        raw, problems = read_source(path, display, config.root)
        source = None
        if raw is not None:
            try:
                source = raw.decode("utf-8-sig").replace("\r\n", "\n")
            except UnicodeDecodeError:
                pass  # the parser reports it
        fresh[display] = (stat, raw, problems, source)
    if fresh:
        # The cache file holds every entry (27 MB at 2,000) and keeps only what one run read: it
        # serves a first load, not a reload of the files a save changed (`kb serve`).
        with EntryCache.open(config.root, repr(_languages(config))) if not reuse else _NoCache() as cache:
            results: dict[str, _Loaded] = {}
            to_parse: list[tuple[str, bytes]] = []
            for display, (_stat_, raw, problems, _source) in fresh.items():
                cached = None if raw is None else cache.get(display, raw)
                if raw is None or cached is not None:
                    results[display] = cached or (None, problems)
                else:
                    to_parse.append((display, raw))
            for (display, raw), result in zip(to_parse, _parse_all(to_parse, _languages(config))):
                cache.put(display, raw, *result)
                results[display] = result
            for display, (stat, raw, _problems, source) in fresh.items():
                document, problems = results[display]
                entry = Entry.from_document(document, display) if document is not None and not problems else None
                digest = cache.digest(display) or (hashlib.sha256(raw).digest() if raw is not None
                                                   else _refusal_digest(problems))
                loaded[display] = _LoadedFile(stat, entry, problems, digest, source)
    return {display: file for display, file in loaded.items() if file is not None}


class _NoCache:
    """EntryCache's interface without the file: every file is parsed; digests are its bytes'."""

    def __enter__(self) -> _NoCache:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def get(self, display: str, raw: bytes) -> None:
        return None

    def put(self, display: str, raw: bytes, document: YamlDocument | None, problems: list[Diagnostic]) -> None:
        return None

    def digest(self, display: str) -> bytes | None:
        return None


def _languages(config: KbConfig) -> entry_schema.Languages:
    """The languages every localized field has, and those it may have (converted editions' overrides)."""
    written = config.written_language_codes
    return written, tuple(code for code in config.language_codes if code not in written)


def _parse_all(files: list[tuple[str, bytes]], languages: entry_schema.Languages) -> list[_Loaded]:
    if len(files) < PARALLEL_MIN_FILES or not parallel.can_fork():
        return _parse_chunk(files, languages)
    half = len(files) // 2
    second, first = parallel.beside(partial(_parse_packed, files[half:], languages),
                                    partial(_parse_chunk, files[:half], languages))
    return first + _unpack(files[half:], second)


def _parse_packed(files: list[tuple[str, bytes]], languages: entry_schema.Languages) -> bytes:
    """_parse_chunk's results as plain values in marshal's bytes: the child's half of the documents
    comes back in one piece, and loads in the parent in two thirds of pickle's time (1.2 s of
    the parent's time for 5,000 documents when pickled)."""
    return marshal.dumps([(None, None, _rows(problems)) if document is None else
                          (document.data, document.places, _rows(problems))
                          for document, problems in _parse_chunk(files, languages)])


def _rows(problems: list[Diagnostic]) -> list[tuple]:
    return [(d.path, d.line, d.col, d.rule, int(d.severity), d.message, d.hint) for d in problems]


def _unpack(files: list[tuple[str, bytes]], packed: bytes) -> list[_Loaded]:
    return [(None if places is None else YamlDocument(display, data, places),
             [Diagnostic(*row[:4], Severity(row[4]), *row[5:]) for row in rows])
            for (display, _raw), (data, places, rows) in zip(files, marshal.loads(packed))]


def _parse_chunk(files: list[tuple[str, bytes]], languages: entry_schema.Languages) -> list[_Loaded]:
    results = []
    for display, raw in files:
        document, problems = parse_yaml(raw, display)
        if document is not None:
            problems = entry_schema.check_entry(document, languages)
        results.append((document, problems))
    return results


MAX_GUIDE_BYTES = 4 * 1024 * 1024
"""A guide is prose with a few diagrams' worth of code: past this it is not one page."""


def load_guide(config: KbConfig, lang: str, path: Path) -> tuple[Guide | None, list[Diagnostic]]:
    display = relative(config, path)
    folder = config.path(config.guides_dir) / lang
    name = path.relative_to(folder).with_suffix("").as_posix()
    raw = read_content(path, config.root, MAX_GUIDE_BYTES)
    if isinstance(raw, Refusal):
        if raw.kind == "too-large":
            return None, [Diagnostic(display, 1, 1, "file-too-large", Severity.ERROR,
                                     f"file is {raw.what}; a guide may be at most {MAX_GUIDE_BYTES} bytes",
                                     "split the guide into several pages")]
        return None, [Diagnostic(display, 1, 1, "guide-not-a-file", Severity.ERROR, f"not a regular file: {raw.what}",
                                 not_a_file_hint(raw.what, "content/guides"))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Diagnostic(display, 1, 1, "guide-encoding", Severity.ERROR, "not valid UTF-8",
                                 "save the file as UTF-8")]
    meta: dict = {}
    match = FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark else 1
            return None, [Diagnostic(display, line, 1, "guide-front-matter", Severity.ERROR,
                                     f"front matter is not valid YAML: {getattr(error, 'problem', error)}")]
        except (ValueError, KeyError, IndexError, AttributeError):  # what SafeLoader's constructors raise
            return None, [Diagnostic(display, 1, 1, "guide-front-matter", Severity.ERROR,
                                     "front matter is not valid YAML: a value cannot be read as what its tag or "
                                     "its form makes it (`!!int text`, a date such as 2026-13-45)",
                                     "quote the value, or remove its tag")]
        meta = loaded if isinstance(loaded, dict) else {}
    title = meta.get("title") if isinstance(meta.get("title"), str) else _first_heading(text)
    order = meta.get("order", 100)
    return Guide(name, lang, display, title, text, order if isinstance(order, int) else 100), []


def _first_heading(text: str) -> str | None:
    tokens = MarkdownIt("commonmark").parse(FRONT_MATTER.sub("", text))
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return tokens[index + 1].content.strip()
    return None
