"""Console and vty lines: login before the first prompt, the MOTD banner, line ranges."""

from __future__ import annotations

LAB = """
name: one
topology:
  nodes:
    R1: {startup-config: R1.cfg}
"""
SECURED = """
hostname R1
banner motd ^C
Authorised access only
^C
line con 0
 password cisco
 login
"""


def test_a_console_with_a_password_asks_for_it_first(make_lab):
    r1 = make_lab(LAB, R1=SECURED)["R1"]
    assert r1.console.prompt() == ""  # idle: waits for Return
    assert r1.cli("") == "\n\nAuthorised access only\n\n\nUser Access Verification\n\n"
    assert r1.console.prompt() == "Password: "
    assert r1.console.dialog.echo is False
    assert r1.cli("wrong") == ""
    assert r1.cli("cisco") == ""
    assert r1.console.prompt() == "R1>"


def test_three_wrong_passwords_leave_the_line_idle(make_lab):
    r1 = make_lab(LAB, R1=SECURED)["R1"]
    r1.cli("")
    answers = [r1.cli("x") for _ in range(3)]
    assert answers[:2] == ["", ""]
    assert answers[2].startswith("% Bad passwords\n\n")
    assert answers[2].endswith("R1 con0 is now available\n\n\n\n\n\nPress RETURN to get started.\n")
    assert r1.console.prompt() == ""


def test_login_local_asks_username_then_password(make_lab):
    config = "hostname R1\nusername admin secret s3cret\nline con 0\n login local\n"
    r1 = make_lab(LAB, R1=config)["R1"]
    r1.cli("")
    assert r1.console.prompt() == "Username: "
    r1.cli("admin")
    assert r1.console.prompt() == "Password: "
    assert r1.cli("nope") == "\n% Login invalid\n\n"
    r1.cli("admin")
    r1.cli("s3cret")
    assert r1.console.prompt() == "R1>"


def test_reload_leaves_the_console_waiting_for_return(make_lab):
    r1 = make_lab(LAB, R1="hostname R1\n")["R1"]
    r1.cli("enable")
    r1.cli("reload")
    assert r1.cli("").endswith("Press RETURN to get started!\n\n\n")
    assert r1.console.prompt() == ""
    r1.cli("")
    assert r1.console.prompt() == "R1>"


def test_vty_lines_print_as_ranges_of_alike_lines(make_lab):
    r1 = make_lab(LAB, R1="hostname R1\n")["R1"]
    for line in (
        "enable",
        "configure terminal",
        "line vty 0 15",
        "password cisco",
        "login",
        "line vty 3",
        "exec-timeout 5 0",
        "end",
    ):
        r1.cli(line)
    tail = r1.cli("show running-config").split("line vty ", 1)[1]
    assert ("line vty " + tail).startswith(
        "line vty 0 2\n password cisco\n login\n transport input all\n"
        "line vty 3\n exec-timeout 5 0\n password cisco\n login\n transport input all\n"
        "line vty 4\n password cisco\n login\n transport input all\n"
        "line vty 5 15\n password cisco\n login\n transport input all\n!\n"
    )
