"""An idle console is logged out after its exec-timeout (10 minutes unless configured)."""

from __future__ import annotations


def test_idle_console_is_logged_out_after_the_default_ten_minutes(lab):
    r1 = lab["R1"]
    r1.cli("enable")
    lab.advance(599)
    r1.console.take_inbox()
    assert r1.console.prompt() == "Router#"
    lab.advance(2)
    assert "Router con0 is now available" in r1.console.take_inbox()
    assert r1.console.prompt() == ""  # waiting for Return
    r1.cli("")
    assert r1.console.prompt() == "Router>"


def test_exec_timeout_is_configurable_and_zero_disables_it(lab):
    r1 = lab["R1"]
    for line in ("enable", "configure terminal", "line console 0", "exec-timeout 0 30", "end"):
        r1.cli(line)
    lab.advance(31)
    assert "Router con0 is now available" in r1.console.take_inbox()
    r1.cli("")
    for line in ("enable", "configure terminal", "line console 0", "exec-timeout 0 0", "end"):
        r1.cli(line)
    lab.advance(3600)
    assert r1.console.prompt() == "Router#"


def test_typing_keeps_the_session_alive(lab):
    r1 = lab["R1"]
    for _ in range(3):
        lab.advance(500)
        r1.cli("show clock")
    assert r1.console.prompt() == "Router>"
