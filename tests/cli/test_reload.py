"""`reload in`, `reload at`, `reload cancel` and `show reload`: the schedule and its dialogs,
the warnings every terminal gets, the reload itself when its time comes (virtual time).
The texts follow a real 15.x session (a gist of `reload in 5` and `reload cancel` over
SSH: `Reload scheduled for 15:30:08 DST Sat Apr 11 2015 (in 5 minutes) by ...`, `Reload
reason: Reload Command`, the `*** --- SHUTDOWN in 0:05:00 ---` and `SHUTDOWN ABORTED`
banners) and the Cisco Cookbook's 12.x `reload at 14:00 Feb 2`."""

from __future__ import annotations

BANNER = ["", "***", "*** --- {} ---", "***", ""]


def _banner(text: str) -> list[str]:
    return [line.format(text) for line in BANNER]


def _enabled(lab):
    lab.advance(5)  # past the boot's interface messages
    console = lab["R1"].console
    console.execute("enable")
    console.take_inbox()
    return console


def test_reload_in_schedules_warns_and_reloads_when_its_time_comes(lab):
    console = _enabled(lab)
    assert console.execute("reload in 10") == (
        "Reload scheduled for 00:10:05 UTC Fri Mar 1 2002 (in 10 minutes) by console\n"
        "Reload reason: Reload Command\n"
    )
    assert console.prompt() == "Proceed with reload? [confirm]"
    assert console.execute("") == ""
    assert console.prompt() == "Router#"
    assert console.take_inbox() == [
        "*Mar  1 00:00:05.000: %SYS-5-SCHEDULED_RELOAD: Reload requested for 00:10:05 UTC Fri Mar 1 2002 "
        "at 00:00:05 UTC Fri Mar 1 2002 by console. Reload Reason: Reload Command."
    ]
    lab.advance(59)
    assert console.execute("show reload") == (
        "Reload scheduled for 00:10:05 UTC Fri Mar 1 2002 (in 9 minutes and 1 second) by console\n"
        "Reload reason: Reload Command\n"
    )
    lab.advance(241)
    assert console.take_inbox() == _banner("SHUTDOWN in 0:05:00")
    lab.advance(240)
    assert console.take_inbox() == _banner("SHUTDOWN in 0:01:00")
    lab.advance(61)
    shown = console.take_inbox()
    assert shown[:7] == [
        *_banner("SHUTDOWN NOW"),
        "",
        "*Mar  1 00:10:05.000: %SYS-5-RELOAD: Reload requested by console. Reload Reason: Reload Command.",
    ]
    assert "         --- System Configuration Dialog ---" in shown  # its NVRAM is empty
    assert console.execute("no") == "\n\nPress RETURN to get started!\n\n\n"
    console.execute("")
    assert console.prompt() == "Router>"
    console.execute("enable")
    assert console.execute("show reload") == "No reload is scheduled.\n"


def test_reload_cancel_aborts_it_on_every_terminal_and_says_so(lab):
    console = _enabled(lab)
    console.execute("reload in 1:30 maintenance window")
    assert console.execute("y") == ""
    assert console.execute("show reload").splitlines() == [
        "Reload scheduled for 01:30:05 UTC Fri Mar 1 2002 (in 1 hour and 30 minutes) by console",
        "Reload reason: maintenance window",
    ]
    console.take_inbox()
    lab.advance(60)
    assert console.execute("reload cancel") == ""
    assert console.take_inbox() == [
        *_banner("SHUTDOWN ABORTED"),
        "*Mar  1 00:01:05.000: %SYS-5-SCHEDULED_RELOAD_CANCELLED: Scheduled reload cancelled at "
        "00:01:05 UTC Fri Mar 1 2002",
    ]
    assert console.execute("reload cancel") == "%No reload is scheduled.\n"
    lab.advance(6000)
    assert not any("RELOAD" in line or "SHUTDOWN" in line for line in console.take_inbox())  # none came


def test_reload_at_a_time_and_date_and_the_save_question_first(lab):
    console = _enabled(lab)
    console.execute("configure terminal")
    console.execute("hostname R1")
    console.execute("end")
    assert console.execute("reload at 14:00 2 Mar") == "\n"
    assert console.prompt() == "System configuration has been modified. Save? [yes/no]: "
    assert console.execute("no") == (
        "Reload scheduled for 14:00:00 UTC Sat Mar 2 2002 (in 37 hours and 59 minutes) by console\nReload reason: Reload Command\n"
    )
    assert console.execute("") == ""
    assert console.execute("reload at 25:00").startswith("% Invalid input")


def test_a_time_with_a_non_ascii_digit_is_invalid_input(lab):
    # `²` (a byte 0xB2 from the terminal) is a digit to Python, whose int() refuses it
    console = _enabled(lab)
    for line in ("reload in \udcb2", "reload at \udcb2:10", "reload in 1:\udcb2"):
        assert console.execute(line).startswith("% Invalid input"), line
    assert console.execute("show reload") == "No reload is scheduled.\n"
