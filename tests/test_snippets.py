"""Command snippets: parsing, positions, the catalogue, and what a reader copies from the built site."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_project

from kb_builder.render.console_copy import add_copy_attributes, console_commands
from kb_builder.snippets.catalogue import find_tool, problems
from kb_builder.snippets.cmdline import syntax_problem
from kb_builder.snippets.console import split_console
from kb_builder.snippets.parse import Word, parse

BROKEN_STEP = "      run: sudo usermod -aG docker \"$USER\"\n"


def _words(text: str) -> tuple[Word, ...]:
    return tuple(Word(part, 1, index + 1) for index, part in enumerate(text.split()))


def test_powershell_bare_word_arrays_parse_although_the_grammar_rejects_them() -> None:
    assert parse("Get-Service vmms, vmcompute | Select-Object Name, Status", "powershell").problem is None
    assert parse('Get-Item "abc', "powershell").problem.message.startswith("unclosed quote")


@pytest.mark.parametrize("text", [
    "docker logs --tail=100 web",
    "git log -n5",
    "ssh -p2222 user@host",
    'docker ps --format="{{.Names}}"',
    "netsh interface portproxy add v4tov4 listenport=4000 connectaddress=(wsl hostname -I)",
    "netsh interface portproxy add v4tov4 listenport=4000 connectaddress=$(wsl hostname -I)",
    'wsl -d Ubuntu -e sh -c "echo "bare"done"',
    "Write-Output 'a'b\"c\"",
    "docker run --mount=type=bind,source=C:\\data,target=/data alpine",
])
def test_powershell_argument_forms_that_powershell_accepts_parse(text: str) -> None:
    # tree-sitter-powershell refuses each of them (kb_builder/snippets/pwsh_args.py)
    assert parse(text, "powershell").problem is None


@pytest.mark.parametrize(("text", "problem"), [
    ('$x = "a"b', "PowerShell cannot parse"),  # joined pieces are an argument form, not an expression
    ('docker logs --tail=100 "web', "unclosed quote"),
    ("netsh add connectaddress=(wsl hostname", "PowerShell cannot parse"),
])
def test_the_powershell_argument_rewrites_hide_no_real_error(text: str, problem: str) -> None:
    found = parse(text, "powershell").problem
    assert found is not None and problem in found.message, found


def test_a_comment_between_console_prompts_is_not_a_root_prompt() -> None:
    lines = ["# Add Docker's official GPG key:", "$ sudo apt-get update", "# Add the repository to Apt sources:",
             "$ echo ok", "# apt-get install docker-ce"]
    assert [(i, text) for i, _cut, text in split_console(lines, "bash")] == [
        (1, "sudo apt-get update"), (3, "echo ok"), (4, "apt-get install docker-ce")]


def test_cmd_parser_accepts_what_cmd_accepts_and_rejects_the_rest() -> None:
    assert syntax_problem('if exist x (\n  echo a\n) else (echo b) >nul 2>&1') is None
    assert syntax_problem("echo a ^\n  b && echo c") is None
    assert syntax_problem("echo a | | b") == (1, 10, "'|' has no command before it")
    assert syntax_problem("(echo a") == (1, 1, "'(' is never closed")


def test_a_console_session_yields_its_commands_with_their_prompt_width() -> None:
    lines = ["$ sudo tee /x <<EOF", "a: b", "EOF", "output", "# id -u", "0", "$ echo a \\", "  b"]
    assert split_console(lines, "bash") == [(0, 2, "sudo tee /x <<EOF"), (1, 0, "a: b"), (2, 0, "EOF"),
                                            (4, 2, "id -u"), (6, 2, "echo a \\"), (7, 0, "  b")]
    assert split_console(["PS C:\\Users\\me> wsl -l", ">> -v", "NAME"], "powershell") == [
        (0, 16, "wsl -l"), (1, 3, "-v")]


@pytest.mark.parametrize(("name", "shell", "args"), [
    ("DISM.EXE", "cmd", "/ONLINE /Enable-Feature /FeatureName:Containers /all"),
    ("wsl.exe", "bash", "--install --no-distribution"),
    ("apt-get", "bash", "-qq --yes install --no-install-recommends=true x"),
    ("Enable-WindowsOptionalFeature", "powershell", "-onl -FeatureName:X -All -ErrorAction Stop"),
    ("docker", "bash", "--context desktop-linux run --rm -it alpine sh -c 'ls --bogus'"),
])
def test_valid_invocations_of_catalogued_tools_pass(name: str, shell: str, args: str) -> None:
    tool = find_tool(name, shell)
    assert tool is not None
    assert list(problems(tool, _words(args))) == []


def test_an_ambiguous_powershell_prefix_is_reported() -> None:
    tool = find_tool("Enable-WindowsOptionalFeature", "powershell")
    [(word, message, hint)] = problems(tool, _words("-L"))
    assert message == "'-L' is ambiguous for 'Enable-WindowsOptionalFeature'"
    assert hint == "could be -limitaccess, -loglevel, -logpath"


def test_every_catalogued_tool_cites_its_documentation() -> None:
    import yaml

    from kb_builder.snippets.catalogue import CATALOGUE_FILE

    tools = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))["tools"]
    required = {"wsl", "docker", "bcdedit", "dism", "Enable-WindowsOptionalFeature", "systemctl", "service",
                "modprobe", "lsmod", "kvm-ok", "usermod", "apt-get", "apt", "dpkg", "netsh", "sc", "Get-ComputerInfo"}
    assert required <= set(tools)
    assert all(spec["source"].startswith("https://") for spec in tools.values())


def test_copy_text_of_a_console_block_is_its_commands_only() -> None:
    rendered = ('<div class="highlight"><pre><span></span><code><span class="gp">$ </span>'
                'docker<span class="w"> </span>ps\n<span class="go">CONTAINER ID &lt;none&gt;</span>\n'
                '<span class="gp"># </span>id -u\n<span class="go">0</span>\n</code></pre></div>')
    assert console_commands(rendered) == "docker ps\nid -u"
    assert 'data-copy="docker ps&#10;id -u"' in add_copy_attributes(rendered)


def test_a_comment_line_of_a_console_block_is_not_copied() -> None:
    rendered = ('<div class="highlight"><pre><span></span><code><span class="gp"># </span>Add<span class="w"> </span>'
                'Docker<span class="err">\'</span>s<span class="w"> </span>official<span class="w"> </span>GPG'
                '<span class="w"> </span>key:\n<span class="gp">$ </span>sudo<span class="w"> </span>apt-get'
                '<span class="w"> </span>update\n<span class="gp"># </span>id<span class="w"> </span>-u\n'
                '<span class="go">0</span>\n</code></pre></div>')
    assert console_commands(rendered) == "sudo apt-get update\nid -u"


def _broken_copy(tmp_path: Path) -> Path:
    root = copy_project(FIXTURES / "site-project", tmp_path / "p")
    entry = root / "content/entries/linux/docker-sock-denied.yaml"
    text = entry.read_text(encoding="utf-8")
    assert BROKEN_STEP in text
    entry.write_text(text.replace(BROKEN_STEP, "      run: sudo usermod -aG docker \"$USER\n"), encoding="utf-8")
    return root


def test_a_broken_command_fails_kb_check_with_its_yaml_line(tmp_path: Path) -> None:
    root = _broken_copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "kb_builder", "check"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 1
    line = next(n for n, text in enumerate((root / "content/entries/linux/docker-sock-denied.yaml")
                                           .read_text(encoding="utf-8").splitlines(), 1) if "usermod" in text)
    assert (f"content/entries/linux/docker-sock-denied.yaml:{line}:36: error [snippet-syntax] bash syntax error "
            "in steps[0].command (snippet line 1, column 25): unclosed quote") in result.stdout


def test_a_broken_command_fails_mkdocs_build_strict(tmp_path: Path) -> None:
    root = _broken_copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode != 0
    assert "[snippet-syntax]" in result.stdout + result.stderr


CONSOLE_GUIDE = """

```console
$ docker context ls
NAME        DESCRIPTION
default *   Current DOCKER_HOST based configuration
$ docker context use default
```
"""


@pytest.fixture(scope="module")
def console_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(FIXTURES / "site-project", tmp_path_factory.mktemp("console") / "p")
    guide = root / "content/guides/en/getting-started.md"
    guide.write_text(guide.read_text(encoding="utf-8") + CONSOLE_GUIDE, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "kb_builder", "build"], cwd=root, check=True, capture_output=True)
    return root / "site/en/getting-started/index.html"


def test_the_built_console_block_copies_commands_and_not_output(console_site: Path) -> None:
    page = console_site.read_text(encoding="utf-8")
    match = re.search(r'<div class="highlight" data-copy="([^"]*)">', page)
    assert match is not None
    assert html.unescape(match.group(1)) == "docker context ls\ndocker context use default"
    assert "Current DOCKER_HOST based configuration" in page  # the output is still shown
