"""Golden console transcripts: replay every tests/transcripts/**/*.txt on a fresh lab.

File format (STYLE.md, Tests):
* Leading lines starting with `#` are header comments. `# follows PATH` names the real capture the
  file copies; `# device: R2` runs the file on R2 instead of R1 of the built-in lab.
  `# lab: NAME` replays it on a copy of the lab NAME (tests/labs/NAME, else topologies/NAME,
  with its startup-configs) instead, and `# wait: N` lets N virtual seconds pass before the
  first line (boot, links up, protocols negotiated).
* A line that starts with the device's prompt (`Router>`, `R1#`, `R1(config-if)#`, ...) is typed: the
  prompt must equal what the session shows at that moment (so mode changes are asserted too), the
  rest of the line is typed and Enter pressed.
* A typed line ending with `?` is the `?` key: its output is `session.help(text before ?)`. Real IOS
  then reprints the prompt with the text; the transcript simply carries on with the next prompt
  line (the reprinted text is taken as erased).
* While a dialog is open (`Password: `, `Destination filename [startup-config]? `, `[confirm]`,
  `Save? [yes/no]: `), the next line starts with that dialog prompt and the rest of it is the
  answer typed. For a dialog with echo off (passwords) the answer is still written in the file,
  although the screen shows nothing; the runner asserts that echo is off for it.
* A dialog with an empty prompt (multi-line banner text) takes every following line as typed until
  it closes; the output printed when it opened is the number of lines the engine printed.
* Every other line, up to the next typed line, is the exact output (trailing blanks count).
* Asynchronous syslog lines are not part of the transcript; they are drained after each line.
  With a `# syslog: shown` header they are: what a typed line makes the device print (debug
  lines as a ping crosses the line, say) follows that line's output.
* A line `# wait: N` (after the header) lets N virtual seconds pass at the prompt; the lines
  that follow it, up to the next typed line, are the syslog and debug lines printed meanwhile.

`pytest --update-transcripts` rewrites the expected output from the engine, for review.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from lab_helpers import fresh_lab, solved_lab

HERE = Path(__file__).parent / "transcripts"
LAB_FOLDERS = (Path(__file__).parent / "labs", Path(__file__).parents[1] / "topologies")
PROMPT = re.compile(r"^(([A-Za-z][A-Za-z0-9_.-]*?)(?:>|#|\([\w-]+\)#))(.*)$")
FILES = sorted(HERE.rglob("*.txt"))
WAIT = re.compile(r"^# wait: (\d+(?:\.\d+)?)$")


@dataclass
class Step:
    prompt: str
    typed: str
    expected: list[str]


def _strip(lines: list[str]) -> tuple[list[str], list[str]]:
    header = []
    while lines and lines[0].startswith("#") and not PROMPT.match(lines[0]):
        header.append(lines.pop(0))
    return header, lines


def _device(header: list[str]) -> str:
    return _header_value(header, "device") or "R1"


def _header_value(header: list[str], name: str) -> str | None:
    for line in header:
        match = re.match(rf"#\s*{name}:\s*(\S+)", line)
        if match:
            return match.group(1)
    return None


def _lab(header: list[str], folder: Path):
    """The blank bench, or the `# lab:` the header names (booted from its reference solution
    where it has one), run for its `# wait:` seconds."""
    name = _header_value(header, "lab")
    if name is None:
        lab = fresh_lab(folder)
    else:
        source = next(place / name for place in LAB_FOLDERS if (place / name).is_dir())
        copy = shutil.copytree(source, Path(folder) / name)
        lab = solved_lab(copy / f"{name}.lab.yml")
    lab.advance(float(_header_value(header, "wait") or 0))
    return lab


def _output_lines(text: str) -> list[str]:
    if text == "":
        return []
    if not text.endswith("\n"):
        text += "\n"  # the next prompt would share the line: shown as a line of its own
    return text[:-1].split("\n")


def _is_prompt_line(line: str, session) -> bool:
    """A prompt of this device (output such as `Device#  PID` in show version is not), or
    a `# wait:` step."""
    match = PROMPT.match(line)
    return WAIT.match(line) is not None or (
        match is not None and match.group(2) == session.device.config.system.hostname
    )


def replay(path: Path, folder: Path) -> tuple[list[str], list[tuple[int, str, list[str], list[str]]]]:
    """Type the file into a fresh lab. Returns the file rewritten with actual output and the
    list of (line number, typed line, expected, got) mismatches."""
    header, lines = _strip(path.read_text().split("\n"))
    if lines and lines[-1] == "":
        lines.pop()
    lab = _lab(header, folder)
    session = lab[_device(header)].console
    session.take_inbox()
    syslog_shown = _header_value(header, "syslog") == "shown"
    out = list(header)
    faults: list[tuple[int, str, list[str], list[str]]] = []
    i = 0
    offset = len(header) + 1
    while i < len(lines):
        line = lines[i]
        number = i + offset
        dialog = session.dialog
        wait = WAIT.match(line) if dialog is None else None
        if wait is not None:
            out.append(line)
            i += 1
            lab.advance(float(wait.group(1)))
            got_lines = session.take_inbox()
            expected = []
            while i + len(expected) < len(lines) and not _is_prompt_line(lines[i + len(expected)], session):
                expected.append(lines[i + len(expected)])
            i += len(expected)
            out.extend(got_lines)
            if expected != got_lines:
                faults.append((number, line, expected, got_lines))
            continue
        if dialog is not None:
            if not line.startswith(dialog.prompt):
                faults.append((number, line, [f"<dialog prompt {dialog.prompt!r}>"], [line]))
                break
            typed = line[len(dialog.prompt) :]
            if dialog.prompt.startswith("Password") and dialog.echo:
                faults.append((number, line, ["<password dialog with echo off>"], ["<echo on>"]))
        else:
            match = PROMPT.match(line)
            if match is None:
                faults.append((number, line, ["<a prompt line>"], [line]))
                break
            shown, _, typed = match.groups()
            if shown != session.prompt():
                faults.append((number, line, [f"<prompt {shown}>"], [f"<prompt {session.prompt()}>"]))
                break
        out.append(line)
        i += 1
        if dialog is None and typed.endswith("?"):
            got = session.help(typed[:-1])
        else:
            got = session.execute(typed)
        shown = session.take_inbox()
        got_lines = _output_lines(got) + (shown if syslog_shown else [])
        expected: list[str] = []
        if session.dialog is not None and session.dialog.prompt == "":
            expected = lines[i : i + len(got_lines)]
        else:
            while i + len(expected) < len(lines):
                candidate = lines[i + len(expected)]
                if session.dialog is not None:
                    if candidate.startswith(session.dialog.prompt):
                        break
                elif _is_prompt_line(candidate, session):
                    break
                expected.append(candidate)
        i += len(expected)
        out.extend(got_lines)
        if expected != got_lines:
            faults.append((number, line, expected, got_lines))
    out.extend(lines[i:])
    return out, faults


def _report(path: Path, faults) -> str:
    parts = [f"{path.relative_to(HERE)}:"]
    for number, line, expected, got in faults:
        parts.append(f"  line {number}: {line!r}")
        parts.append("    expected:")
        parts.extend(f"      |{x}" for x in expected)
        parts.append("    got:")
        parts.extend(f"      |{x}" for x in got)
    return "\n".join(parts)


def test_transcripts_exist():
    assert FILES, "no transcript files found"


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(HERE)) for p in FILES])
def test_transcript(path: Path, request, tmp_path):
    rewritten, faults = replay(path, tmp_path)
    if faults and request.config.getoption("--update-transcripts"):
        path.write_text("\n".join(rewritten) + "\n")
        pytest.skip(f"rewrote {path.relative_to(HERE)}: review the diff")
    assert not faults, _report(path, faults)
