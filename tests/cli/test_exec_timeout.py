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


def test_a_running_command_is_not_idle_time(lab):
    # IOS times idle input only: 800 s of unanswered echoes under a one-minute exec-timeout.
    r1 = lab["R1"]
    for line in ("enable", "configure terminal", "line console 0", "exec-timeout 1 0", "end"):
        r1.cli(line)
    lab.advance(30)
    r1.console.take_inbox()
    ping = r1.cli("ping 10.9.9.9 repeat 400")
    assert ping.endswith("Success rate is 0 percent (0/400)\n")
    assert r1.console.take_inbox() == []  # not logged out meanwhile
    assert r1.cli("show clock") == "*00:13:50.000 UTC Fri Mar 1 2002\n"  # the next command runs
    lab.advance(59)  # the idle timer started again when the command ended
    assert r1.console.prompt() == "Router#"
    lab.advance(2)
    assert "Router con0 is now available" in r1.console.take_inbox()
