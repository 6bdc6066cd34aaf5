"""What counts as Chinese text: one Han character class for every Python module that asks.

The class covers the CJK Unified Ideographs (U+4E00-9FFF), Extension A (U+3400-4DBF) and the
Compatibility Ideographs (U+F900-FAFF): every character of our Chinese content. The browser's
twins (theme/assets/javascripts/kb-search-worker.js, theme/assets/kb-lookup.js) spell the same ranges.
"""

from __future__ import annotations

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""The ranges of a regex character class, to write inside brackets: f"[{HAN}]+" is a run of Han."""
