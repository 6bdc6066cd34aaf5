"""Console blocks on the site: the copy button copies the commands, never the prompts or the output.

Material's copy button copies the `data-copy` attribute of the nearest element that has one, else
the code's visible text (material/templates/assets/javascripts/bundle.*.js, function `extract`).
Pygments marks a session's prompts `<span class="gp">` and its output `<span class="go">`, so after
a page is rendered we give each console block's `div.highlight` a `data-copy` with its command lines
only (a session block is the one with prompt spans). Done at build time, in plain HTML: no script of ours runs in the reader's browser.
"""

from __future__ import annotations

import html
import re

from kb_builder.snippets.console import is_comment

_HIGHLIGHT_BLOCK = re.compile(
    r'<div class="(?:language-[\w-]+ )?highlight"(?P<attrs>[^>]*)>(?P<body>.*?)</code></pre></div>', re.DOTALL)
_OUTPUT_LINE = re.compile(r'<span class="go">.*?</span>\n?', re.DOTALL)
_PROMPT = re.compile(r'<span class="gp">.*?</span>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def add_copy_attributes(page_html: str) -> str:
    """`page_html` with a `data-copy` (the commands only) on every console block."""
    return _HIGHLIGHT_BLOCK.sub(_with_copy, page_html)


def console_commands(block_html: str) -> str:
    """The command lines of a rendered console block, as a reader should paste them."""
    code = block_html.split("<code", 1)[-1].split(">", 1)[-1]
    code = re.sub(r'<a id="[^"]*" name="[^"]*" href="[^"]*"></a>', "", code)  # line anchors
    lines = []
    for line in _OUTPUT_LINE.sub("", code).split("\n"):
        prompt = _PROMPT.search(line)
        text = html.unescape(_TAG.sub("", _PROMPT.sub("", line)))
        if prompt and _TAG.sub("", prompt.group(0)).strip() == "#" and is_comment(text):
            continue  # `# Add Docker's official GPG key:` is a comment, not a root prompt (as the checks read it)
        lines.append(text)
    return "\n".join(line for line in lines if line.strip()).strip()


def _with_copy(match: re.Match[str]) -> str:
    # The wrapper names no language (pymdownx.highlight's default), so a session is known by its
    # prompts: only the session lexers (console, pwsh-session) emit Generic.Prompt spans.
    if '<span class="gp">' not in match.group("body") or "data-copy=" in match.group("attrs"):
        return match.group(0)
    commands = html.escape(console_commands(match.group("body")), quote=True).replace("\n", "&#10;")
    start = match.group(0).split(">", 1)[0]
    return f'{start} data-copy="{commands}">' + match.group(0).split(">", 1)[1]
