"""`?` alone in each mode and `show ?`: the real lists are longer than the engine's command set,
so these check the layout IOS uses and a few rows whose real text is known."""

from __future__ import annotations

import re

import pytest
from lab_helpers import one_router

MODES = [
    # (commands to get there, heading, rows that real IOS prints with this exact text)
    ([], "Exec commands:", ["enable    Turn on privileged commands", "exit      Exit from the EXEC"]),
    (["enable"], "Exec commands:", ["configure", "copy", "disable", "show", "write"]),
    (["enable", "configure terminal"], "Configure commands:", ["hostname", "interface", "line", "no"]),
    (
        ["enable", "configure terminal", "interface Serial0/0/0"],
        "Interface configuration commands:",
        ["bandwidth", "description", "ip", "shutdown"],
    ),
    (
        ["enable", "configure terminal", "line console 0"],
        "Line configuration commands:",
        ["login", "password"],
    ),
]
REAL_TEXT = {
    "enable": "Turn on privileged commands",
    "disable": "Turn off privileged commands",
    "configure": "Enter configuration mode",
    "copy": "Copy from one file to another",
    "show": "Show running system information",
    "write": "Write running configuration to memory, network, or terminal",
    "hostname": "Set system's network name",
    "interface": "Select an interface to configure",
    "line": "Configure a terminal line",
    "no": "Negate a command or set its defaults",
    "bandwidth": "Set bandwidth informational parameter",
    "description": "Interface specific description",
    "ip": None,  # differs by mode
    "shutdown": "Shutdown the selected interface",
    "login": "Enable password checking",
    "password": "Set a password",
    "exit": None,
}


def rows_of(listing: str) -> list[tuple[str, str]]:
    rows = []
    for line in listing.splitlines():
        match = re.match(r"^  (\S+)(?:\s+(.*))?$", line)
        if match and not line.startswith(" " * 4):
            rows.append((match.group(1), match.group(2) or ""))
    return rows


def check_layout(listing: str, heading: str | None) -> list[tuple[str, str]]:
    lines = listing.split("\n")
    assert lines[-1] == "" and lines[-2] == "", "a help list ends with one empty line"
    body = lines[:-2]
    if heading:
        assert body[0] == heading
        body = body[1:]
    words = [line[2:].split(" ")[0] for line in body if not line.startswith("    ")]
    width = max(len(w) for w in words)
    for line in body:
        assert line.startswith("  ") and not line.startswith("   ") or line.startswith(" " * (width + 4))
        word = line[2:].split(" ")[0]
        if not line.startswith("    ") and len(line) > 2 + len(word):
            assert line[2 + width + 2 - 1] == " " and line[2 + width + 2] != " ", f"column: {line!r}"
    plain = [w for w in words if w[0].isalpha()]
    assert plain == sorted(plain, key=str.lower), "keywords are listed alphabetically"
    return rows_of("\n".join(body))


@pytest.mark.parametrize("path,heading,known", MODES, ids=[m[1] + str(len(m[0])) for m in MODES])
def test_question_mark_alone(lab, path, heading, known):
    console = lab["R1"].console
    for line in path:
        console.execute(line)
    rows = dict(check_layout(console.help(""), heading))
    for entry in known:
        word = entry.split()[0]
        assert word in rows, f"{word} missing from `?` in {heading}"
        if REAL_TEXT.get(word):
            assert rows[word] == REAL_TEXT[word]


@pytest.mark.parametrize(
    "command, known",
    [
        (
            "show ",
            {
                "running-config": "Current operating configuration",
                "startup-config": "Contents of startup configuration",
                "version": "System hardware and software status",
                "clock": "Display the system clock",
                "interfaces": "Interface status and configuration",
            },
        ),
        # IOS's parser gives `clear ip` the help `IP` (exec_clear_ip.h, IOS 11.2 source)
        ("clear ", {"ip": "IP", "arp-cache": "Clear the entire ARP cache"}),
    ],
)
def test_exec_command_question_mark(lab, command, known):
    console = lab["R1"].console
    console.execute("enable")
    rows = dict(check_layout(console.help(command), None))
    assert {word: rows.get(word) for word in known} == known


def test_help_keeps_no_state(lab):
    """`?` never runs anything: the mode and config are unchanged."""
    console = lab["R1"].console
    console.execute("enable")
    before = lab["R1"].router.running_config_lines()
    for text in ("conf t ", "configure terminal", "reload ", "erase ", "write "):
        console.help(text)
    assert console.prompt() == "Router#"
    assert lab["R1"].router.running_config_lines() == before


@pytest.mark.parametrize(
    "hardware, rows",
    [
        # a 15.x router's `router eigrp ?` (a named-mode lab's transcript, networklessons.com)
        ("c2911", [("<1-65535>", "Autonomous System"), ("WORD", "EIGRP Virtual-Instance Name")]),
        # 12.4 has no named mode (15.0(1)M): the AS number alone, in the older words
        ("c2811", [("<1-65535>", "Autonomous system number")]),
    ],
)
def test_router_eigrp_question_mark_lists_what_the_release_takes(tmp_path, hardware, rows):
    router = one_router(tmp_path, hardware)
    router.cli("configure terminal")
    assert rows_of(router.console.help("router eigrp ")) == rows
    named = router.cli("router eigrp CAMPUS")
    assert ("Invalid input" in named) == (hardware == "c2811")


@pytest.mark.parametrize("width", [1, 20])
def test_help_on_a_narrow_terminal_still_lists_every_row(lab, width):
    """`terminal width` takes 0 to 512: a screen narrower than the help column still gets the
    listing, its help texts wrapped a word a line."""
    console = lab["R1"].console
    console.execute("enable")
    wide = console.help("show ")
    console.execute(f"terminal width {width}")
    assert "".join(console.help("show ").split()) == "".join(wide.split())


def test_help_on_terminal_width_0_wraps_nothing(lab):
    console = lab["R1"].console
    console.execute("enable")
    console.execute("terminal width 512")
    widest = console.help("show ")
    console.execute("terminal width 0")
    assert console.help("show ") == widest
