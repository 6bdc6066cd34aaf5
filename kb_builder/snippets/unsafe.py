"""Commands that weaken a system or lose data, found in a snippet's parsed commands.

Each finding says what the command does to the reader's machine, in one sentence:
- `chmod` with a mode that lets every account write (`666`, `777`, `o+w`, `a+rwx`);
- `usermod -G` without `-a`: the listed groups replace all of the user's others (sudo, adm...);
- a download piped into a shell (`curl ... | sh`, `iwr ... | iex`) from an address with no
  pinned version or commit: what runs is whatever the server sends that day;
- `rm -r`/`rm -f` of no named path: `/`, `*`, `~`, `.`, or a path that starts with a variable
  (`rm -rf "$DIR"/` deletes from `/` when DIR is empty);
- switching off a protection: `setenforce 0`, `ufw disable`, `netsh advfirewall ... state off`,
  `Set-ExecutionPolicy Unrestricted|Bypass`, `Set-MpPreference -Disable...`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kb_builder.snippets.snippet import Snippet
from kb_builder.snippets.catalogue import _strip_prefixes
from kb_builder.snippets.parse import Word, parse

_SHELLS = {"sh", "bash", "zsh", "dash", "iex", "invoke-expression"}
_DOWNLOADERS = {"curl", "wget", "iwr", "irm", "invoke-webrequest", "invoke-restmethod"}
_PINNED = re.compile(r"/[0-9a-f]{40}/|@sha256:|[/=_-]v?\d+\.\d+(?:\.\d+)?(?:[/._-]|$)", re.I)
_UNNAMED = {"/", "/*", "*", ".*", "~", "~/", "~/*", ".", "./", "./*", "..", "../", "$HOME", "$HOME/", "${HOME}"}
_VARIABLE_PATH = re.compile(r"""^["']?\$\{?(?!HOME\b)[A-Za-z_][A-Za-z0-9_]*\}?["']?/""")
"""A path that starts with a variable (`"$DIR"/x`), except $HOME, which a login shell always sets."""


def findings(snippet: Snippet) -> Iterator[tuple[Word, str]]:
    """(word to point at, what the command does) for each risky command of the snippet."""
    parsed = parse(snippet.text, snippet.shell)
    previous: list[Word] = []
    for words in parsed.commands:
        _prefixes, rest = _strip_prefixes(list(words))
        if rest:
            name = rest[0].text.lower().removesuffix(".exe")
            args = [w.text for w in rest[1:]]
            found = _judge(name, args, snippet.shell)
            if found:
                yield rest[0], found
            piped = (words[0].line, words[0].col) in parsed.piped
            if piped and name in _SHELLS and previous:
                yield from _download_into_shell(previous, rest[0])
        previous = rest or previous


def _judge(name: str, args: list[str], shell: str) -> str | None:
    if name == "chmod":
        return _chmod(args)
    if name == "usermod":
        return _usermod(args)
    if name == "rm" and shell in ("bash", "sh"):
        return _rm(args)
    lowered = [a.lower() for a in args]
    if name == "setenforce" and lowered[:1] in (["0"], ["permissive"]):
        return "'setenforce 0' switches SELinux off for the whole system"
    if name == "ufw" and lowered[:1] == ["disable"]:
        return "'ufw disable' switches the firewall off for the whole system"
    if name == "netsh" and "advfirewall" in lowered and "off" in lowered:
        return "'netsh advfirewall ... state off' switches Windows Firewall off"
    policy = {"unrestricted", "bypass"} & set(lowered)
    if name == "set-executionpolicy" and policy:
        return f"'Set-ExecutionPolicy {policy.pop().capitalize()}' lets any script run, signed or not"
    if name == "set-mppreference" and any(a.startswith("-disable") for a in lowered):
        return "'Set-MpPreference -Disable...' switches off part of Microsoft Defender"
    return None


def _chmod(args: list[str]) -> str | None:
    for arg in args:
        if arg.startswith("-") and not re.fullmatch(r"-[rwxXst]+", arg):
            continue
        numeric = re.fullmatch(r"[0-7]{3,4}", arg)
        if numeric and int(arg[-1]) & 2:
            return f"'chmod {arg}' lets every account on the machine write to it" + _socket_note(args)
        symbolic = re.fullmatch(r"[ugoa]*[-+=][rwxXst]*(?:,[ugoa]*[-+=][rwxXst]*)*", arg)
        if symbolic and any(re.match(r"[ugo]*[oa][ugoa]*[+=][rwxXst]*w", part) for part in arg.split(",")):
            return f"'chmod {arg}' lets every account on the machine write to it" + _socket_note(args)
        if numeric or symbolic:
            return None
    return None


def _socket_note(args: list[str]) -> str:
    if any(a.endswith("docker.sock") for a in args):
        return ": on the Docker socket that is root for every local account"
    return ""


def _usermod(args: list[str]) -> str | None:
    appends = any(a in ("-a", "--append") or (re.fullmatch(r"-[a-zA-Z]+", a) and "a" in a) for a in args)
    sets_groups = any(a in ("-G", "--groups") or a.startswith("--groups=") or
                      (re.fullmatch(r"-[a-zA-Z]+", a) and "G" in a) for a in args)
    if sets_groups and not appends:
        return ("'usermod -G' without '-a' replaces all of the user's supplementary groups by the ones listed "
                "(the user drops out of sudo, adm and the rest)")
    return None


def _rm(args: list[str]) -> str | None:
    flags = "".join(a[1:] for a in args if re.fullmatch(r"-[a-zA-Z]+", a))
    long = {a for a in args if a.startswith("--")}
    if not (set(flags) & {"r", "R", "f"} or long & {"--recursive", "--force"}):
        return None
    for arg in args:
        if arg.startswith("-"):
            continue
        if arg in _UNNAMED:
            return f"'rm' of '{arg}' deletes no named path: it reaches the whole system or home folder"
        if _VARIABLE_PATH.match(arg) and ":?" not in arg:
            return (f"'rm' of '{arg}' deletes from '/' when the variable is empty or unset "
                    "(name the path, or write ${VAR:?} so that an empty variable stops the command)")
    return None


def _download_into_shell(previous: list[Word], shell_word: Word) -> Iterator[tuple[Word, str]]:
    name = previous[0].text.lower().removesuffix(".exe")
    if name not in _DOWNLOADERS:
        return
    urls = [w.text for w in previous[1:] if re.match(r"https?://", w.text)]
    if urls and all(_PINNED.search(u) for u in urls):
        return
    address = urls[0] if urls else "an address"
    yield shell_word, (f"'{previous[0].text} ... | {shell_word.text}' runs whatever {address} serves today, "
                       "unread and unpinned, with the reader's rights")
