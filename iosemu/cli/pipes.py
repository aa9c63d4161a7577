"""Output modifiers on show commands: | include, exclude, begin, section, count."""

from __future__ import annotations

import re

# Cisco regular expressions add `_`: a delimiter (space, comma, brace, parenthesis, or the
# start or end of the line).
_DELIMITER = r"(?:^|$|[\s,{}()])"


def cisco_regex(pattern: str) -> re.Pattern | None:
    translated = re.sub(r"(?<!\\)_", lambda _: _DELIMITER, pattern)
    try:
        return re.compile(translated)
    except re.error:
        return None


def _sections(lines: list[str]) -> list[list[str]]:
    sections: list[list[str]] = []
    for line in lines:
        if line.startswith(" ") and sections:
            sections[-1].append(line)
        else:
            sections.append([line])
    return sections


def apply_filter(output: str, pipe) -> str:
    kind = pipe.children[1].children[0].type.lower()
    pattern = str(pipe.children[2]).strip()
    regex = cisco_regex(pattern)
    if regex is None:
        return "% Invalid regular expression\n" if kind != "count" else ""
    lines = output.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if kind == "include":
        kept = [line for line in lines if regex.search(line)]
    elif kind == "exclude":
        kept = [line for line in lines if not regex.search(line)]
    elif kind == "begin":
        start = next((i for i, line in enumerate(lines) if regex.search(line)), len(lines))
        kept = lines[start:]
    elif kind == "section":
        kept = [
            line
            for section in _sections(lines)
            if any(regex.search(line) for line in section)
            for line in section
        ]
    else:
        count = sum(1 for line in lines if regex.search(line))
        return f"Number of lines which match regexp = {count}\n"
    return "".join(line + "\n" for line in kept)
