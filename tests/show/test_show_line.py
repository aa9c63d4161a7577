"""show line and show terminal through the API: the `*` follows the sessions on the lines,
and a vty session's own line says what its session does."""

from __future__ import annotations

import pytest
from lab_helpers import one_router

from iosemu.cli.session import Session
from iosemu.cli.vty import open_vty


def _rows(text: str) -> dict[str, str]:
    """Each table row by its Tty number."""
    return {line[1:7].strip(): line for line in text.splitlines()[1:] if line[1:7].strip().isdigit()}


def test_a_session_on_a_vty_line_marks_it_busy_until_it_logs_out(tmp_path):
    r1 = one_router(tmp_path)
    for line in ("configure terminal", "line vty 0 4", "no login", "end"):
        r1.cli(line)
    session = open_vty(r1.router, "telnet", "10.1.12.1")
    session.start()
    rows = _rows(r1.cli("show line"))
    assert rows["388"].startswith("*   388  388 VTY")
    assert rows["388"].split()[-4] == "1"  # one connection made to it
    assert rows["389"].startswith("    389")
    session.execute("terminal monitor")
    own = session.execute("show terminal")
    assert own.startswith('Line 388, Location: "", Type: ""\n')
    assert "Status: PSI Enabled, Ready, Active, No Exit Banner, Automore On\n" in own
    assert "Capabilities: Receives Logging Output\n" in own
    assert "Baud rate" not in own
    session.execute("exit")
    assert _rows(r1.cli("show line"))["388"].startswith("    388")


def test_a_session_that_is_not_a_terminal_leaves_its_line_free(tmp_path):
    r1 = one_router(tmp_path)
    Session(r1.router, "vty 15", listen=False)  # as the grader's session is
    assert not any(row.startswith("*") for number, row in _rows(r1.cli("show line")).items() if number != "0")


@pytest.mark.parametrize("hardware,first", [("c2911", 388), ("c2811", 130)])
def test_show_users_numbers_the_vty_lines_as_show_line_does(tmp_path, hardware, first):
    r1 = one_router(tmp_path, hardware)
    for line in ("configure terminal", "line vty 0 4", "no login", "end"):
        r1.cli(line)
    clients = [open_vty(r1.router, "telnet", f"10.1.12.{n}") for n in (1, 2)]
    for client in clients:
        client.start()
    rows = _rows(r1.cli("show line"))
    assert [number for number, row in rows.items() if row.startswith("*")] == [
        "0",
        str(first),
        str(first + 1),
    ]
    users = clients[1].execute("show users").splitlines()
    assert users[2].startswith(f" {first} vty 0     ") and users[2].endswith(" 10.1.12.1")
    assert users[3].startswith(f"*{first + 1} vty 1     ") and users[3].endswith(" 10.1.12.2")
    assert _rows(r1.cli(f"show line {first + 1}"))[str(first + 1)].startswith(f"*   {first + 1}")


@pytest.mark.parametrize("hardware,first", [("c2911", 388), ("c2811", 130)])
def test_login_without_a_password_names_each_line_as_show_line_numbers_it(tmp_path, hardware, first):
    r1 = one_router(tmp_path, hardware)
    for line in ("configure terminal", "line console 0"):
        r1.cli(line)
    assert r1.cli("login") == "% Login disabled on line 0, until 'password' is set\n"
    r1.cli("line vty 0 1")
    assert r1.cli("login") == (
        f"% Login disabled on line {first}, until 'password' is set\n"
        f"% Login disabled on line {first + 1}, until 'password' is set\n"
    )
