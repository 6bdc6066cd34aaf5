"""The knowledge base as typed objects: entries, their steps and commands, and guides."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kb_builder.content.yamlsource import YamlDocument

Localized = dict[str, str]
"""Text per language code, e.g. {"zh": "…", "en": "…"}; complete once the schema check passed."""


@dataclass(frozen=True)
class Command:
    shell: str
    run: str
    admin: bool = False
    output: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Command | None:
        if data is None:
            return None
        return cls(shell=data["shell"], run=data["run"], admin=bool(data.get("admin", False)),
                   output=data.get("output"))


@dataclass(frozen=True)
class Option:
    """One way of doing a step, shown as a tab."""

    label: Localized
    text: Localized | None
    command: Command | None


@dataclass(frozen=True)
class Step:
    text: Localized
    command: Command | None = None
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Verify:
    text: Localized
    command: Command | None = None
    expect: Localized | None = None


@dataclass(frozen=True)
class Message:
    lang: str
    text: str
    source: str | None = None


@dataclass(frozen=True)
class Reference:
    title: str
    url: str


@dataclass(frozen=True)
class VersionRange:
    """Versions of one product or distribution an entry applies to (its `applies_to`)."""

    product: str
    """docker_desktop, docker_engine, wsl, windows, macos, or a distribution's os-release ID."""
    versions: str
    """A range as written: '>=4.30', '>=4.17, <4.30', '24.04'."""
    distribution: bool = False


PRODUCTS = ("docker_desktop", "docker_engine", "wsl", "windows", "macos")
"""The products of `applies_to`, in the order pages show them (distributions follow)."""


@dataclass(frozen=True)
class Entry:
    """One troubleshooting entry, built from a file that passed the schema check."""

    id: str
    status: str
    platforms: tuple[str, ...]
    components: tuple[str, ...]
    error_codes: tuple[str, ...]
    signatures: tuple[str, ...]
    title: Localized
    symptoms: Localized
    messages: tuple[Message, ...]
    cause: Localized
    steps: tuple[Step, ...]
    verify: Verify
    references: tuple[Reference, ...]
    updated: str
    related: tuple[str, ...] = ()
    prevalence: str = "occasional"
    """How often this is the cause of its codes: common, occasional or rare (orders entries sharing a code)."""
    distinguish: Localized | None = None
    notes: Localized | None = None
    applies_to: tuple[VersionRange, ...] = ()
    """The versions the problem occurs on; empty when it does not depend on them."""
    source_path: str = ""
    """Path of the YAML file relative to the project root, with forward slashes."""
    document: YamlDocument | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_document(cls, document: YamlDocument, source_path: str) -> Entry:
        data = document.data
        return cls(
            id=data["id"],
            status=data["status"],
            platforms=tuple(data["platforms"]),
            components=tuple(data["components"]),
            error_codes=tuple(str(code) for code in data["error_codes"]),
            signatures=tuple(data["signatures"]),
            title=data["title"],
            symptoms=data["symptoms"],
            messages=tuple(Message(m["lang"], m["text"], m.get("source")) for m in data["messages"]),
            cause=data["cause"],
            steps=tuple(_step(s) for s in data["steps"]),
            verify=Verify(data["verify"]["text"], Command.from_data(data["verify"].get("command")),
                          data["verify"].get("expect")),
            references=tuple(Reference(r["title"], r["url"]) for r in data["references"]),
            updated=data["updated"],
            related=tuple(data.get("related", ())),
            prevalence=data.get("prevalence", "occasional"),
            distinguish=data.get("distinguish"),
            notes=data.get("notes"),
            applies_to=_applies_to(data.get("applies_to", {})),
            source_path=source_path,
            document=document,
        )

    def locate(self, *path: str | int, at_key: bool = False) -> tuple[int, int]:
        """Line and column of a field, for diagnostics."""
        if self.document is None:
            return 1, 1
        return self.document.locate(path, at_key=at_key)

    @cached_property
    def localized_texts(self) -> list[tuple[tuple[str | int, ...], str, str]]:
        """(path, language, text) of every translated text, in file order (kb_builder.content.fields)."""
        from kb_builder.content.fields import walk_texts  # textfields reads entries: imported when first needed

        return [] if self.document is None else walk_texts(self.document.data)

    def forget_localized_texts(self) -> None:
        """Drop what `localized_texts` remembers (the checks need it; a build, once checked, does not)."""
        self.__dict__.pop("localized_texts", None)

    @property
    def page_path(self) -> str:
        """Source path of the entry's page inside each language's docs."""
        return f"entries/{self.id}.md"


def _applies_to(data: dict[str, Any]) -> tuple[VersionRange, ...]:
    products = tuple(VersionRange(name, data[name]) for name in PRODUCTS if name in data)
    distributions = tuple(VersionRange(name, versions, distribution=True)
                          for name, versions in data.get("distributions", {}).items())
    return products + distributions


def _step(data: dict[str, Any]) -> Step:
    options = tuple(Option(o["label"], o.get("text"), Command.from_data(o.get("command")))
                    for o in data.get("options", ()))
    return Step(data["text"], Command.from_data(data.get("command")), options)


@dataclass(frozen=True)
class Guide:
    """A Markdown guide in one language."""

    name: str
    """File name without .md; the same in every language."""
    lang: str
    source_path: str
    title: str | None
    text: str
    order: int = 100

    @property
    def page_path(self) -> str:
        return f"{self.name}.md"
