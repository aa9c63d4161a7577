"""show line and show terminal through the API: the `*` follows the sessions on the lines,
and a vty session's own line says what its session does."""

from __future__ import annotations

from lab_helpers import one_router

from iosemu.cli.session import Session


def _rows(text: str) -> dict[str, str]:
    """Each table row by its Tty number."""
    return {line[1:7].strip(): line for line in text.splitlines()[1:] if line[1:7].strip().isdigit()}


def test_a_session_on_a_vty_line_marks_it_busy_until_it_logs_out(tmp_path):
    r1 = one_router(tmp_path)
    for line in ("configure terminal", "line vty 0 4", "no login", "end"):
        r1.cli(line)
    session = Session(r1.router, line_name="vty 0")
    session.execute("")
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
