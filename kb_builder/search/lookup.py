"""Find the entry for a pasted error: one matcher for `kb diagnose` and the site's lookup page.

The build writes, per entry, the match data computed here (`match_data`); `rank` scores a pasted
text against it. `theme/assets/kb-lookup.js` implements `normalize`, `tokens` and `rank` line for
line in JavaScript over the same data, and tests/fixtures/diagnose/vectors.yaml runs against both.
Everything is integers and plain string operations so the two give identical rankings.

Scoring, per entry:
- 100 for each error code found in the text, in any of its forms (with or without `0x`, the bare
  code at the end of a `Wsl/Service/...` path, the Win32 code inside an `0x8007xxxx` HRESULT),
  plus 20 when the text holds the full listed form;
- 40 for each signature found in the text;
- 10 for each line of a verbatim message found in the text (at most 30; a line that three or more
  entries list does not count: it is a wrapper, not a cause); when nothing above is
  found, for a text of 3 or more words that is itself part of a signature, 35, or else of a
  message line, 30;
- for words shared with the entry's text (its commands included), their weights (rarer words
  weigh more), at most 30.
A strong match (a code, a signature or a message line found) adds the entry's prevalence (10 for a
common cause, 5 for an occasional one), so that entries sharing a code come most common first.
An entry matches when a code, a signature or a message line is found (a strong match), or when
shared words weigh 8 or more (a weak one); 4 for a text of one piece (`kvm-ok`).

Pasting adds noise that normalization takes away on both sides: log escapes (`\\r\\n`), URL escapes
(`%2F`), quotes, Windows backslashes (read as `/`), and the user's own folder in a path
(`C:\\Users\\<name>\\`, `/home/<name>/` become `users/~/`, `home/~/`).
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from kb_builder.content.model import Entry

CODE_SCORE, FULL_FORM_BONUS, SIGNATURE_SCORE = 100, 20, 40
MESSAGE_LINE_SCORE, MESSAGE_CAP, WORDS_CAP, WORDS_THRESHOLD = 10, 30, 30, 8
SHORT_QUERY_WORD_WEIGHT = 4
"""A text of one piece matches weakly when its words weigh 4 (`kvm-ok`, `docker-users`)."""
PREVALENCE_BONUS = {"common": 10, "occasional": 5, "rare": 0}
MIN_MESSAGE_LINE = 16
MAX_LINE_ENTRIES = 2
"""A message line that 3 or more entries list (`Deploying WSL2 distributions`, the `Failed to deploy
distro docker-desktop ...: exit code: -1` wrapper) tells no cause apart: its words still count."""
PART_SCORE, SIGNATURE_PART_SCORE, MIN_PART_WORDS = 30, 35, 3
"""A text of 3+ words (or Chinese character pairs) found whole inside a signature scores 35, inside
a message line 30 (`Virtual Machine Platform`, `虚拟机平台`); all its words must be the entry's: the
index finds the entry by them. A signature is the text an entry claims as its own, a message line
one that other causes may print too: a feature's name ranks the entry about that feature above one
that only quotes a message naming it (the same message quoted by both)."""

_ESCAPES = (("\\r\\n", " "), ("\\n", " "), ("\\r", " "), ("\\t", " "))
# Quotes vary between a message, its log line and a user's paste ('docker-ce', "docker-ce",
# “docker-ce”, \"docker-ce\"): they are dropped, so every variant compares equal.
_QUOTES = re.compile("[" + re.escape("\"'`\u201c\u201d\u201e\u2033\u2018\u2019\u201a\u2032") + "]")
"""(Deleted with a regular expression: str.translate with a table is three times slower here.)"""
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_URL_ESCAPE = re.compile(r"%([2-7][0-9a-fA-F])")
_ESCAPED_QUOTE = re.compile("\\\\+(?=[\"'`])")
_BACKSLASHES = re.compile(r"\\+")
_SLASHES = re.compile(r"//+")
_HOME = re.compile(r"(^|[/ ])(users|home)/[^/ ]+/")
_WORD = re.compile(r"[a-z0-9_]+")
_COMPOUND = re.compile(r"[a-z0-9_]+(?:[-.][a-z0-9_]+)+")
_HAN = re.compile(r"[\u3400-\u9fff]+")
_HEX = re.compile(r"^(0x)?([0-9a-f]{8})$")
_BOUNDARY = re.compile(r"[a-z0-9_]")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
STOPWORDS = frozenset(
    "the and for with this that from are was were you your not can could please will has have had its "
    "but all any into out use using when then than there their been being also more see how what which".split())


def normalize(text: str) -> str:
    """The form every comparison uses: NFKC, log and URL escapes undone, no quotes, `/` for `\\`,
    the user's own folder masked, lower case, one space."""
    text = unicodedata.normalize("NFKC", text)
    for escaped, plain in _ESCAPES:
        text = text.replace(escaped, plain)
    text = _URL_ESCAPE.sub(_unescape, text)
    text = _QUOTES.sub("", _ESCAPED_QUOTE.sub("", text))
    text = _SLASHES.sub("/", _BACKSLASHES.sub("/", text))
    text = _SPACE.sub(" ", text.lower()).strip()
    return _HOME.sub(r"\1\2/~/", text)


def _unescape(match: re.Match[str]) -> str:
    """A URL escape of a printable ASCII character (`%2F`), as the character."""
    value = int(match.group(1), 16)
    return chr(value) if value < 0x7F else match.group(0)


def tokens(normalized: str) -> list[str]:
    """Words of 3+ letters (not stop words), words joined by `-` or `.` as one more token
    (`docker-users`, `kvm-ok`, `containerd.io`: rarer than their parts) and Chinese character
    pairs, in order, repeats kept."""
    found = [w for w in _WORD.findall(normalized) if len(w) >= 3 and w not in STOPWORDS]
    found += _COMPOUND.findall(normalized)
    for run in _HAN.findall(normalized):
        found.extend(map(str.__add__, run[:-1], run[1:]))  # each pair of neighbours, in order
    return found


def code_forms(code: str) -> list[dict[str, Any]]:
    """The forms a code may take in a pasted text, each with the key that identifies the code."""
    form = normalize(code)
    hexadecimal = _HEX.match(form)
    if hexadecimal:
        key = hexadecimal.group(2)
        forms = [{"form": form, "key": key, "full": True},
                 {"form": key if hexadecimal.group(1) else "0x" + key, "key": key, "full": False}]
        if key.startswith("8007") and key[4:].lstrip("0"):
            # An HRESULT of facility Win32 wraps a Win32 error code that tools print alone (`Error: 0x1bc`).
            win32 = key[4:].lstrip("0")
            forms.append({"form": "0x" + win32, "key": key, "full": False})
            if len(win32) >= 3 and not win32.isdigit():  # a bare `1bc`; a bare `32` would be any number
                forms.append({"form": win32, "key": key, "full": False})
        return forms
    if "/" in form:
        last = form.rstrip("/").rsplit("/", 1)[-1]
        return [{"form": form, "key": last, "full": True}, {"form": last, "key": last, "full": False}]
    return [{"form": form, "key": form, "full": True}]


def contains_token(haystack: str, needle: str) -> bool:
    """`needle` occurs in `haystack` with no letter, digit or `_` glued to either end."""
    start = haystack.find(needle)
    while start != -1:
        end = start + len(needle)
        before = haystack[start - 1] if start > 0 else " "
        after = haystack[end] if end < len(haystack) else " "
        if not _BOUNDARY.match(before) and not _BOUNDARY.match(after):
            return True
        start = haystack.find(needle, start + 1)
    return False


def _entry_text(entry: Entry) -> str:
    parts = [*entry.title.values(), *entry.symptoms.values(), *entry.cause.values(),
             *(message.text for message in entry.messages), *entry.signatures, *_commands(entry)]
    return normalize(" ".join(parts))


def _commands(entry: Entry) -> list[str]:
    """The programs an entry runs (`kvm-ok`, `wsl`): a reader may paste one to find the entry about
    it. Only the program of each line: their arguments would make common words look rarer."""
    commands = [entry.verify.command]
    for step in entry.steps:
        commands += [step.command, *(option.command for option in step.options)]
    programs = []
    for command in commands:
        for line in command.run.splitlines() if command is not None else ():
            words = [word for word in line.split() if word not in _PROGRAM_PREFIXES]
            if words and not words[0].startswith(("#", "$", "-")):
                programs.append(words[0])
    return programs


_PROGRAM_PREFIXES = frozenset({"sudo", "&", "."})


def match_data(entries: Sequence[Entry]) -> dict[str, dict[str, Any]]:
    """Entry id -> what the matcher compares a pasted text with (written into the export)."""
    # Each entry's distinct words, sorted, as one shared string each (interned): sets of their own
    # strings held 70 KB an entry at once: 690 MB of the peak of a build of 10,000 entries.
    texts = {entry.id: sorted(set(map(sys.intern, tokens(_entry_text(entry))))) for entry in entries}
    frequency = Counter(token for words in texts.values() for token in words)
    total = max(len(entries), 1)
    weights = {count: _weight(count, total) for count in set(frequency.values())}  # a few hundred counts
    lines_of = {entry.id: {normalize(line) for message in entry.messages for line in message.text.splitlines()}
                for entry in entries}
    line_frequency = Counter(line for lines in lines_of.values() for line in lines)
    data = {}
    for entry in entries:
        forms: dict[str, dict[str, Any]] = {}
        for code in entry.error_codes:
            for form in code_forms(code):
                if form["form"] not in forms or form["full"]:
                    forms[form["form"]] = form
        lines = {line for line in lines_of[entry.id] if line_frequency[line] <= MAX_LINE_ENTRIES}
        data[entry.id] = {
            "codes": [forms[key] for key in sorted(forms)],
            "signatures": sorted({normalize(s) for s in entry.signatures}),
            "message_lines": sorted(line for line in lines if len(line) >= MIN_MESSAGE_LINE),
            "words": {token: weights[frequency[token]] for token in texts[entry.id]},
            "prevalence": PREVALENCE_BONUS[entry.prevalence],
        }
    return data


def _weight(document_frequency: int, total: int) -> int:
    """1 for words most entries share, up to 4 for words that single an entry out."""
    return max(1, min(4, round(math.log2(total / document_frequency))))


@dataclass(frozen=True)
class Match:
    id: str
    score: int
    matched: list[dict[str, str]] = field(default_factory=list)
    strong: bool = False
    """A code, a signature or a message line of the entry is in the text; else only words are shared."""


def words_threshold(haystack: str) -> int:
    """What shared words must weigh for a weak match: 4 for each piece of a text of one piece
    (`kvm-ok`, `docker-users`: a word, or words joined without a space), 8 from two pieces on."""
    pieces = sum(1 for piece in haystack.split(" ") if tokens(piece))
    return min(WORDS_THRESHOLD, SHORT_QUERY_WORD_WEIGHT * max(1, pieces))


def rank(text: str, data: dict[str, dict[str, Any]], top: int | None = None) -> list[Match]:
    """Entries that match `text`, best first (ties by id). Tries every entry: see Matcher for many texts."""
    haystack = normalize(text)
    words = set(tokens(haystack))
    threshold = words_threshold(haystack)
    results = [m for m in (_score(entry_id, match, haystack, words, threshold) for entry_id, match in data.items())
               if m]
    results.sort(key=lambda m: (-m.score, m.id))
    return results if top is None else results[:top]


class Matcher:
    """`rank` with indexes, for thousands of entries: the same results, without trying every entry.

    A code, signature or message line can only be in a text if its rarest token is a token of the
    text (a Chinese pair, a whole word inside the pattern, or any word of a code, whose ends are
    boundaries), so only entries with such an anchor among the text's tokens are searched for
    patterns; shared words are summed through a word -> entries index. Patterns with no usable
    token are always searched.
    """

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data
        self.postings: dict[str, list[str]] = defaultdict(list)
        for entry_id, match in data.items():
            for token in match["words"]:
                self.postings[token].append(entry_id)
        self.anchored: dict[str, set[str]] = defaultdict(set)
        self.always: set[str] = set()
        for entry_id, match in data.items():
            patterns = [(form["form"], True) for form in match["codes"]]
            patterns += [(text, False) for text in (*match["signatures"], *match["message_lines"])]
            for pattern, whole in patterns:
                anchor = self._anchor(pattern, whole)
                (self.anchored[anchor].add(entry_id) if anchor else self.always.add(entry_id))

    def _anchor(self, pattern: str, whole: bool) -> str | None:
        words = _WORD.findall(pattern)
        if not whole:  # a word at an end of the pattern may be part of a longer word in the text
            if pattern[:1] in _WORD_CHARS:
                words = words[1:]
            if pattern[-1:] in _WORD_CHARS:
                words = words[:-1]
        safe = [w for w in words if len(w) >= 3 and w not in STOPWORDS]
        safe += [run[i : i + 2] for run in _HAN.findall(pattern) for i in range(len(run) - 1)]
        if not safe:
            return None
        return min(safe, key=lambda token: (len(self.postings.get(token, ())), token))

    def rank(self, text: str, top: int | None = None) -> list[Match]:
        haystack = normalize(text)
        words = set(tokens(haystack))
        searched = set(self.always).union(*(self.anchored.get(token, ()) for token in words))
        weight: dict[str, int] = defaultdict(int)
        for token in words:
            for entry_id in self.postings.get(token, ()):
                weight[entry_id] += self.data[entry_id]["words"][token]
        if _may_be_part(words):  # a piece of a message: its entries hold every word
            count: dict[str, int] = defaultdict(int)
            for token in words:
                for entry_id in self.postings.get(token, ()):
                    count[entry_id] += 1
            searched |= {entry_id for entry_id, n in count.items() if n == len(words)}
        threshold = words_threshold(haystack)
        results = []
        for entry_id in searched | {e for e, w in weight.items() if w >= threshold}:
            match = self.data[entry_id]
            found = _score(entry_id, match, haystack, words, threshold, patterns=entry_id in searched)
            if found:
                results.append(found)
        results.sort(key=lambda m: (-m.score, m.id))
        return results if top is None else results[:top]


def _score(entry_id: str, match: dict[str, Any], haystack: str, words: set[str], threshold: int,
           patterns: bool = True) -> Match | None:
    score, matched, strong = 0, [], False
    keys: dict[str, bool] = {}
    if not patterns:  # the index showed that none of its codes, signatures or lines can be in the text
        match = {**match, "codes": (), "signatures": (), "message_lines": ()}
    for form in match["codes"]:
        if contains_token(haystack, form["form"]):
            keys[form["key"]] = keys.get(form["key"], False) or form["full"]
            matched.append({"kind": "code", "value": form["form"]})
    for full in keys.values():
        score += CODE_SCORE + (FULL_FORM_BONUS if full else 0)
        strong = True
    for signature in match["signatures"]:
        if signature in haystack:
            score += SIGNATURE_SCORE
            matched.append({"kind": "signature", "value": signature})
            strong = True
    message_score = 0
    for line in match["message_lines"]:
        if line in haystack:
            message_score += MESSAGE_LINE_SCORE
            matched.append({"kind": "message", "value": line})
            strong = True
    score += min(MESSAGE_CAP, message_score)
    shared = sorted(token for token in words if token in match["words"])
    weight = sum(match["words"][token] for token in shared)
    if not matched and _may_be_part(words) and len(shared) == len(words):
        # The text is a piece of one of the entry's messages (a reader pastes part of a line).
        part = _part_of(haystack, match)
        if part is not None:
            score += part[0]
            matched.append({"kind": "message", "value": part[1]})
            strong = True
    if strong:
        score += match["prevalence"]
    if shared:
        score += min(WORDS_CAP, weight)
        matched.append({"kind": "words", "value": " ".join(shared[:12])})
    if not strong and weight < threshold:
        return None
    return Match(entry_id, score, matched, strong)


def _part_of(haystack: str, match: dict[str, Any]) -> tuple[int, str] | None:
    """The score and the text of the first signature, else message line, that holds `haystack`."""
    for score, texts in ((SIGNATURE_PART_SCORE, match["signatures"]), (PART_SCORE, match["message_lines"])):
        for text in texts:
            if haystack in text:
                return score, text
    return None


def _may_be_part(words: set[str]) -> bool:
    return len(words) >= MIN_PART_WORDS


def describe(matched: Iterable[dict[str, str]]) -> str:
    return "; ".join(f"{m['kind']}: {m['value']}" for m in matched)
