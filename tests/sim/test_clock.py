"""The router's clock through the API: `clock set` moves what show clock, syslog stamps,
show logging and the running-config's change comment read; a reload goes back to the
hardware calendar unless `clock update-calendar` saved the time there."""

from __future__ import annotations

import pytest
from lab_helpers import one_router, reload_saved


@pytest.fixture
def r1(tmp_path):
    return one_router(tmp_path)


def test_syslog_and_the_buffer_follow_the_clock_set(r1):
    r1.cli("clock set 08:15:00 3 March 2026")
    r1.router.scheduler.advance(60)
    for line in ("configure terminal", "logging buffered", "interface Loopback0", "end"):
        r1.cli(line)
    shown = r1.console.take_inbox()
    assert shown[-1] == "Mar  3 08:16:00.000: %SYS-5-CONFIG_I: Configured from console by console"
    assert r1.cli("show logging").endswith(shown[-1] + "\n")
    assert "! Last configuration change at 08:16:00 UTC Tue Mar 3 2026" in r1.cli("show running-config")
    assert r1.cli("show clock") == "08:16:00.000 UTC Tue Mar 3 2026\n"


def test_clock_set_takes_local_time_in_the_zone(r1):
    for line in ("configure terminal", "clock timezone EST -5", "end"):
        r1.cli(line)
    r1.cli("clock set 10:00:00 1 Jan 2024")
    r1.console.take_inbox()
    r1.cli("configure terminal")
    r1.cli("end")
    assert r1.console.take_inbox() == [
        "Jan  1 15:00:00.000: %SYS-5-CONFIG_I: Configured from console by console"
    ]
    assert r1.cli("show clock") == "10:00:00.000 EST Mon Jan 1 2024\n"


def test_a_reload_returns_to_the_hardware_calendar(r1):
    r1.cli("clock set 10:00:00 1 Jan 2024")
    reload_saved(r1)
    assert r1.cli("show clock detail").endswith("UTC Fri Mar 1 2002\nTime source is hardware calendar\n")


def test_update_calendar_keeps_the_time_across_a_reload(r1):
    r1.cli("clock set 10:00:00 1 Jan 2024")
    r1.cli("clock update-calendar")
    reload_saved(r1)
    assert r1.cli("show clock") == "*10:00:00.000 UTC Mon Jan 1 2024\n"
    r1.cli("clock set 11:00:00 1 Jan 2024")
    r1.cli("clock read-calendar")
    assert (
        r1.cli("show clock detail") == "*10:00:00.000 UTC Mon Jan 1 2024\nTime source is hardware calendar\n"
    )


def test_the_timezone_line_round_trips_through_a_reload(r1):
    for line in ("configure terminal", "clock timezone IST 5 30", "end"):
        r1.cli(line)
    reload_saved(r1)
    assert "\nno aaa new-model\nclock timezone IST 5 30\n" in r1.cli("show running-config")


def test_ntc_templates_parse_show_clock(r1):
    parse_output = pytest.importorskip("ntc_templates.parse").parse_output
    r1.cli("clock set 18:57:38 19 Oct 2015")
    (record,) = parse_output(platform="cisco_ios", command="show clock", data=r1.cli("show clock"))
    assert (record["time"], record["timezone"], record["dayweek"], record["month"], record["day"]) == (
        "18:57:38.000",
        "UTC",
        "Mon",
        "Oct",
        "19",
    )
