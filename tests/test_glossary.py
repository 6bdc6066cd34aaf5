"""The glossary of Chinese terms (kb_builder/data/glossary.yaml) is consistent, and rule
chinese-terminology finds its variants only in prose."""

from __future__ import annotations

import pytest

from kb_builder.rules.chinese_terminology import find_variants, glossary


def test_every_term_has_variants_and_a_chinese_reason() -> None:
    for term in glossary():
        assert term.avoid and term.reason.strip(), term.preferred
        assert term.preferred not in term.avoid, term.preferred


def test_no_variant_belongs_to_two_terms_or_is_another_terms_preferred_word() -> None:
    variants = [variant for term in glossary() for variant in term.avoid]
    preferred = {term.preferred for term in glossary()}
    assert len(variants) == len(set(variants))
    assert not preferred & set(variants)


def test_a_preferred_term_is_never_reported() -> None:
    text = "，".join(term.preferred for term in glossary())
    assert list(find_variants(text)) == []


@pytest.mark.parametrize(("text", "found"), [
    ("在来宾系统里", ["来宾"]),
    ("`来宾` 与 “来宾服务” 与 [链接](https://example.com/来宾)", []),
    ("```\n来宾\n```\n核心隔离", ["核心隔离"]),
    ("Linux 的 Windows 子系统，适用于 Linux 的 Windows 子系统", ["Linux 的 Windows 子系统"]),
])
def test_variants_are_found_in_prose_only(text: str, found: list[str]) -> None:
    assert [variant for _, variant, _ in find_variants(text)] == found
