"""IOS's own line editing (console/line.py), as a program or an SSH client sees it: each key
echoed by the router, `?` and Tab at once, Ctrl-Z, the history, --More--."""

from __future__ import annotations

import asyncio

from cli.telnet.telnetkit import build_chain

from iosemu.console.line import LineTerminal
from iosemu.console.serve import Server

UP, DOWN = "\x1b[A", "\x1b[B"


def typed(lab, keys: str) -> str:
    """Type `keys` at a terminal on R1's console, then hang up: all it was shown."""
    shown: list[str] = []
    server = Server(lab, port=0)

    async def run() -> None:
        terminal = LineTerminal(lab["R1"].console, shown.append, server)
        terminal.feed(keys)
        terminal.close()
        await asyncio.wait_for(terminal.run(), 10)

    try:
        asyncio.run(run())
    finally:
        server.close_ports()
    return "".join(shown)


def test_each_key_is_echoed_and_backspace_erases(lab):
    shown = typed(lab, "ena\x7fable\r\n")
    assert shown == "Router>ena\b \bable\nRouter#"  # CR LF is one Return


def test_question_mark_lists_and_keeps_the_line(lab):
    shown = typed(lab, "enable\rclear ?")
    assert shown.startswith("Router>enable\nRouter#clear ?\n")
    assert "\n  arp-cache    Clear the entire ARP cache\n" in shown
    assert shown.endswith("\nRouter#clear ")


def test_tab_finishes_a_word_and_ctrl_z_ends_configuration(lab):
    shown = typed(lab, "en\t\rconf\tt\rhostname R7\x1a")
    assert shown.startswith("Router>enable \nRouter#configure t\nEnter configuration commands")
    assert shown.endswith("Router(config)#hostname R7^Z\nR7#")
    assert lab["R1"].console.mode == "priv_exec"


def test_ctrl_z_outside_configuration_does_nothing(lab):
    assert typed(lab, "\x1a") == "Router>"


def test_the_arrows_recall_the_history(lab):
    shown = typed(lab, "show clock\rshow version | include uptime\r" + UP + UP + DOWN + "\r")
    # Up: the last line; up: the one before (erased back to "show "); down: the last again.
    recalled = (
        "show version | include uptime" + "\b \b" * 24 + "clock" + "\b \b" * 5 + "version | include uptime"
    )
    assert shown.endswith("\nRouter>" + recalled + "\nRouter uptime is 0 minutes\nRouter>")
    assert lab["R1"].console.histories[False][-2:] == ["show version | include uptime"] * 2


def test_a_password_is_not_echoed(lab):
    lab["R1"].cli("enable")
    lab["R1"].cli("configure terminal")
    lab["R1"].cli("enable secret class")
    lab["R1"].cli("end")
    lab["R1"].cli("disable")
    shown = typed(lab, "enable\rclass\r")
    assert shown.endswith("Router>enable\nPassword: \nRouter#")


def test_a_far_routers_password_is_not_echoed(make_lab):
    """R3's telnet server says WILL ECHO at its Password: and echoes nothing: nor does R1's line."""
    shown = typed(build_chain(make_lab), "telnet 10.1.23.3\rcisco\rshow clock\r")
    assert "cisco" not in shown
    assert "\nUser Access Verification\n\nPassword: \nR3>show clock\n" in shown


def test_more_pages_and_q_stops(lab):
    shown = typed(lab, "enable\rshow running-config\r q")
    assert shown.count(" --More-- ") == 2
    assert shown.endswith("\b" * 10 + " " * 10 + "\b" * 10 + "Router#")


def test_a_line_holds_at_most_the_line_limit(lab):
    from iosemu.console.main import LINE_LIMIT

    shown = typed(lab, "x" * (LINE_LIMIT + 100) + "\r")
    assert shown.startswith("Router>" + "x" * LINE_LIMIT + "\n")  # the rest was dropped, unechoed


def test_ctrl_c_aborts_the_system_configuration_dialog(lab):
    """Ctrl-C at a setup question (a served console, after a reload with an empty NVRAM)."""
    shown = typed(lab, "enable\rerase startup-config\r\rreload\r\ryes\rye\x03\r")
    assert "Would you like to enter basic management setup? [yes/no]: ye^C\n" in shown
    assert "ye^C\n\n\nConfiguration aborted, no changes made.\n\n\n\nPress RETURN to get started!\n" in shown
    assert shown.endswith("\nRouter>")  # Return: the console's first prompt
