"""Output modifiers on show commands: | include, exclude, begin, section, count.

The pattern is an IOS regular expression (Cisco's `_`, bracket expressions with POSIX classes,
`\\` quoting the next character), translated to RE2, which runs in time linear in the output
whatever the pattern. The whole output is searched at once, a run of matching lines per match.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import re2

from iosemu.cli import messages

# Cisco's `_`: a delimiter (space, comma, brace, parenthesis, or the start or end of the line).
_DELIMITER = r"(?:^|$|[\t\x0b\x0c\r ,{}()])"
# The output is searched whole, so nothing may match the newline between two lines.
_CLASSES = {"[:space:]": r"\t\x0b\x0c\r ", "[:cntrl:]": r"\x00-\x09\x0b-\x1f\x7f"}
_POSIX = frozenset(
    f"[:{name}:]" for name in "alnum alpha blank digit graph lower print punct upper xdigit".split()
)
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # a bad pattern is the user's, answered in IOS's words
_OPTIONS.never_capture = True


class _Invalid(Exception):
    """The pattern is not an IOS regular expression this engine runs."""


def _bracket(pattern: str, start: int) -> tuple[str, int]:
    """The bracket expression opening at `start` in RE2 syntax, and where it ends."""
    out, i = ["["], start + 1
    negated = pattern.startswith("^", i)
    if negated:
        out.append("^")
        i += 1
    first = i
    while i < len(pattern):
        ch = pattern[i]
        if ch == "]" and i > first:
            out.append(r"\n]" if negated else "]")
            return "".join(out), i + 1
        if ch == "[" and pattern.startswith(":", i + 1):
            end = pattern.find(":]", i + 2)
            if end < 0:
                raise _Invalid
            name = pattern[i : end + 2]
            if name not in _CLASSES and name not in _POSIX:  # `[:^alpha:]` is RE2's, not POSIX's
                raise _Invalid
            out.append(_CLASSES.get(name, name))
            i = end + 2
            continue
        if ch == "\\":  # IOS quotes inside brackets too: `[^\]d]`
            i += 1
            if i == len(pattern):
                raise _Invalid
            ch = pattern[i]
        out.append(ch if ch == "-" else re2.escape(ch))
        i += 1
    raise _Invalid


def _translate(pattern: str) -> str:
    out, i, depth = [], 0, 0  # depth: the pattern's own open groups (it cannot close ours)
    while i < len(pattern):
        ch = pattern[i]
        if ch == "[":
            text, i = _bracket(pattern, i)
            out.append(text)
            continue
        if ch == "\\":
            i += 1
            if i == len(pattern) or pattern[i].isdigit():  # a recalled group has no linear-time match
                raise _Invalid
            out.append(re2.escape(pattern[i]))
        elif ch == "_":
            out.append(_DELIMITER)
        elif ch == "(":
            depth += 1
            out.append("(?:")  # so that `(?` is the error it is on IOS, not an RE2 flag group
        elif ch == ")":
            if depth == 0:
                raise _Invalid
            depth -= 1
            out.append(ch)
        elif ch in "{}":
            out.append(re2.escape(ch))  # no counted repetition in IOS
        else:
            out.append(ch)
        i += 1
    if depth:
        raise _Invalid
    return "".join(out)


@functools.lru_cache(maxsize=64)
def cisco_regex(pattern: str):
    """The compiled search for runs of whole lines matching the IOS `pattern`, or None if the
    pattern is invalid. A run, not a line, per match: the binding's cost is per match found."""
    try:
        line = rf"^[^\n]*?(?:{_translate(pattern)})[^\n]*\n"
        return re2.compile(f"(?m)(?:{line})+".encode(), _OPTIONS)
    except (_Invalid, re2.error):
        return None


def _matching(regex, output: str) -> Iterator[range]:
    """The runs of matching lines of `output`, as ranges of line numbers, in one pass."""
    data = output.encode("utf-8", "surrogatepass")  # a stray surrogate is a byte that matches nothing
    if not data.endswith(b"\n"):
        data += b"\n"
    line, seen = 0, 0
    for match in regex.finditer(data):
        start, end = match.span()
        line += data.count(b"\n", seen, start)
        seen = start
        yield range(line, line + data.count(b"\n", start, end))


def _sections(lines: list[str]) -> list[range]:
    """Each top-level line with the indented lines under it, as ranges of line numbers."""
    starts = [i for i, line in enumerate(lines) if not line.startswith(" ") or i == 0]
    ends = starts[1:] + [len(lines)] if starts else []  # a command that printed nothing has none
    return [range(a, b) for a, b in zip(starts, ends, strict=True)]


def apply_filter(output: str, pipe) -> str:
    kind = pipe.children[1].children[0].type.lower()
    regex = cisco_regex(str(pipe.children[2]).strip())
    if regex is None:
        return messages.INVALID_REGEXP if kind != "count" else ""
    lines = output.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    runs = _matching(regex, output)
    if kind == "count":
        return f"Number of lines which match regexp = {sum(map(len, runs))}\n"
    if kind == "include":
        kept = [line for run in runs for line in lines[run.start : run.stop]]
    elif kind == "begin":
        first = next(runs, None)
        kept = lines[first.start :] if first else []
    else:
        hits = {i for run in runs for i in run}
        if kind == "exclude":
            kept = [line for i, line in enumerate(lines) if i not in hits]
        else:
            kept = [lines[i] for section in _sections(lines) if hits.intersection(section) for i in section]
    return "".join(line + "\n" for line in kept)
