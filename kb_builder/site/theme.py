"""What the theme's templates get: a Jinja environment that compiles once, and the language menu."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig

from kb_builder.render.urls import alternate_href, site_root_of
from kb_builder.site.internals import material_templates_dir

if TYPE_CHECKING:
    from kb_builder.site.languages import LanguageBuild


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept for the next build in this process.

    MkDocs makes a new Jinja environment for every build, so each language's build, and each
    rebuild of `kb serve`, compiled Material's ~40 templates again (0.3-0.5 s a build here); the
    other languages' builds, forked from this process, start with what it compiled. Jinja checks
    each template's source checksum before using its code.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _MemoryBytecodeCache()
_MATERIAL_TEMPLATES = jinja2.FileSystemLoader(str(material_templates_dir()))


class _SharedBlocks:
    """`{% call kb_shared(name, key) %}...{% endcall %}` in a theme template: the block's HTML is
    rendered once per build for each key and reused (theme/partials/nav.html says when that holds)."""

    def __init__(self) -> None:
        self._html: dict[tuple[str, str], str] = {}

    def __call__(self, name: str, key: str, *, caller: Any) -> str:
        if (name, key) not in self._html:
            self._html[name, key] = caller()
        return self._html[name, key]


def configure_environment(env: jinja2.Environment) -> jinja2.Environment:
    """The theme's Jinja environment of one build, set up for our templates."""
    env.bytecode_cache = _COMPILED_TEMPLATES
    env.auto_reload = False  # a build renders every template thousands of times; none changes meanwhile
    # Our theme overrides may include Material's own template of the same name as "material/...".
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({"material": _MATERIAL_TEMPLATES})])
    env.globals["kb_shared"] = _SharedBlocks()
    return env


class LanguageSwitch:
    """The value of `extra.alternate`: true, so Material draws its language menu, but not a list.

    Material writes a <link rel="alternate"> for each item of a list there, and its script then
    fetches sitemap.xml next to every such link (from another host when the link is absolute).
    Our menu (theme/partials/alternate.html) reads `links`; hreflang alternates for search engines
    are in sitemap.xml (theme/sitemap.xml).
    """

    def __init__(self, links: list[dict[str, str]]) -> None:
        self.links = links

    def __bool__(self) -> bool:
        return bool(self.links)


def language_switch(build: LanguageBuild, config: MkDocsConfig, page_url: str | None) -> LanguageSwitch:
    """The language menu of the page at `page_url` (None: a page served anywhere, e.g. 404.html)."""
    return LanguageSwitch(_alternates(build, config, page_url))


def _alternates(build: LanguageBuild, config: MkDocsConfig, page_url: str | None) -> list[dict[str, str]]:
    # Root-relative for pages without a URL of their own (404.html): served at any depth, they
    # must lead to this host's home pages, also when the site runs locally or offline.
    site_root = urllib.parse.urlsplit(site_root_of(config.site_url, build.language) or "/").path or "/"
    return [
        {"name": lang.name, "lang": lang.code,
         "href": alternate_href(page_url, build.language, lang) if page_url is not None
         else site_root + lang.url_root}
        for lang in build.kb.languages
    ]
