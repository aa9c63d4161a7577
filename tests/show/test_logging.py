"""System message logging through the API: the buffer holds what the console shows, the
console and vty lines see what `logging console`, `logging monitor` and `terminal monitor`
let through, show logging counts them, ntc-templates parses it."""

from __future__ import annotations

import pytest
from lab_helpers import one_router

from iosemu.cli.session import Session


def configure(router, *lines: str) -> None:
    for line in ("configure terminal", *lines, "end"):
        router.cli(line)


def lab_of(router):
    return router.router.scheduler


def buffer_lines(router) -> list[str]:
    text = router.cli("show logging")
    return text.split(" bytes):\n\n", 1)[1].splitlines()


@pytest.fixture
def r1(tmp_path):
    router = one_router(tmp_path)
    router.router.scheduler.advance(5)
    router.console.take_inbox()
    return router


def vty(router) -> Session:
    configure(router, "line vty 0 4", "no login")
    session = Session(router.router, line_name="vty 0")
    session.execute("")
    return session


def test_the_buffer_holds_exactly_what_the_console_shows(r1):
    configure(r1, "logging buffered")
    r1.console.take_inbox()
    configure(r1, "interface Loopback0", "interface Loopback0", "shutdown")
    r1.router.scheduler.advance(3)
    shown = r1.console.take_inbox()
    assert any(
        "%LINK-5-CHANGED: Interface Loopback0, changed state to administratively down" in x for x in shown
    )
    assert buffer_lines(r1)[-len(shown) :] == shown


def test_a_vty_line_sees_messages_only_after_terminal_monitor(r1):
    session = vty(r1)
    r1.cli("debug ip icmp")
    r1.cli("ping 127.0.0.1")  # nothing answers, but the debug and syslog lines flow
    configure(r1, "interface Loopback1")
    assert session.take_inbox() == []
    session.execute("terminal monitor")
    configure(r1, "interface Loopback2")
    seen = session.take_inbox()
    assert any("%SYS-5-CONFIG_I" in line for line in seen)
    session.execute("terminal no monitor")
    configure(r1, "interface Loopback3")
    assert session.take_inbox() == []


def test_logging_monitor_sets_the_level_a_monitoring_vty_sees(r1):
    session = vty(r1)
    session.execute("terminal monitor")
    configure(r1, "logging monitor errors")
    session.take_inbox()
    configure(r1, "interface Loopback0")  # LINEPROTO is 5, CONFIG_I 5: above errors
    r1.router.scheduler.advance(3)
    assert session.take_inbox() == []
    assert "Monitor logging: level errors," in r1.cli("show logging")


def test_no_logging_console_keeps_the_console_quiet_and_says_so(r1):
    configure(r1, "no logging console", "logging buffered")
    configure(r1, "interface Loopback0")
    r1.router.scheduler.advance(3)
    assert r1.console.take_inbox() == []
    text = r1.cli("show logging")
    assert "    Console logging: disabled\n" in text
    assert "Configured from console by console" in text  # the buffer still has it


def test_logging_console_warnings_shows_link_3_but_not_lineproto_5(lab):
    r1, r2 = lab["R1"], lab["R2"]
    for router in (r1, r2):
        router.cli("")
        router.cli("enable")
    configure(r1, "logging console warnings")
    configure(r2, "interface Serial0/0/0", "no shutdown")
    configure(r1, "interface Serial0/0/0", "no shutdown")
    lab.advance(20)
    assert [line.split(": ", 1)[1] for line in r1.console.take_inbox()] == [
        "%LINK-3-UPDOWN: Interface Serial0/0/0, changed state to up"
    ]


def test_counters_count_what_each_destination_took(r1):
    before = r1.router.logger.counts.console
    configure(r1, "interface Loopback0")
    r1.router.scheduler.advance(3)
    shown = r1.console.take_inbox()
    assert r1.router.logger.counts.console == before + len(shown)
    assert f"Console logging: level debugging, {before + len(shown)} messages logged" in r1.cli(
        "show logging"
    )


def test_the_buffer_is_circular(r1):
    configure(r1, "logging buffered 4096")
    for n in range(80):
        configure(r1, f"interface Loopback{n}")
    lines = buffer_lines(r1)
    assert sum(len(line) + 1 for line in lines) <= 4096
    assert "Loopback79" in "\n".join(lines) and "Loopback1," not in "\n".join(lines)


def test_clear_logging_asks_then_empties_the_buffer(r1):
    configure(r1, "logging buffered")
    assert r1.cli("clear logging") == ""
    assert r1.console.dialog.prompt == "Clear logging buffer [confirm]"
    r1.cli("")
    assert r1.cli("show logging").endswith("Log Buffer (8192 bytes):\n\n")


def test_clear_logging_refused_keeps_the_buffer(r1):
    configure(r1, "logging buffered")
    r1.cli("clear logging")
    r1.cli("n")
    assert "%SYS-5-CONFIG_I" in r1.cli("show logging")


def test_a_reload_empties_the_buffer(r1):
    configure(r1, "logging buffered")
    r1.cli("write memory")
    r1.cli("reload")
    r1.cli("")
    r1.cli("")
    assert "Configured from console" not in r1.cli("show logging")
    assert "%SYS-5-RESTART: System restarted --" in r1.cli("show logging")


@pytest.mark.parametrize(
    ("hardware", "typed", "shown"),
    [
        ("c2911", "logging buffered", "logging buffered"),
        ("c2911", "logging buffered 51200 warnings", "logging buffered 51200 warnings"),
        ("c2911", "logging buffered 3", "logging buffered errors"),
        ("c2911", "logging buffered 16384", "logging buffered 16384"),
        ("c2811", "logging buffered", "logging buffered 4096 debugging"),
        ("c2811", "logging buffered 16384 6", "logging buffered 16384 informational"),
        ("c2911", "logging console 2", "logging console critical"),
        ("c2911", "no logging monitor", "no logging monitor"),
    ],
)
def test_running_config_lines(tmp_path, hardware, typed, shown):
    router = one_router(tmp_path, hardware)
    configure(router, typed)
    config = router.cli("show running-config")
    assert f"\nboot-end-marker\n!\n{shown}\n" in config


def test_default_forms_print_nothing(r1):
    configure(
        r1, "logging console 3", "default logging console", "logging buffered 9000", "no logging buffered"
    )
    assert "logging" not in r1.cli("show running-config")


def test_bad_sizes_and_levels_are_refused(r1):
    r1.cli("configure terminal")
    assert "% Invalid input detected at '^' marker." in r1.cli("logging buffered 100")
    assert "% Invalid input detected at '^' marker." in r1.cli("logging console 8")


@pytest.mark.parametrize("hardware", ["c2911", "c2811"])
def test_ntc_templates_parse_show_logging(tmp_path, hardware):
    parse_output = pytest.importorskip("ntc_templates.parse").parse_output
    router = one_router(tmp_path, hardware)
    configure(router, "logging buffered", "interface Loopback0")
    router.router.scheduler.advance(3)
    records = parse_output(platform="cisco_ios", command="show logging", data=router.cli("show logging"))
    mnemonics = [(r["facility"], r["severity"], r["mnemonic"]) for r in records]
    assert ("SYS", "5", "CONFIG_I") in mnemonics
    assert ("LINEPROTO", "5", "UPDOWN") in mnemonics
    assert all(r["month"] == "Mar" and r["day"] == "1" for r in records)
