"""`interface range` and its `(config-if-range)#` mode: the range syntax, each command applied
to every member (as if typed in each one's own mode), and the interface settings `mtu`,
`ip mtu`, `delay` and `load-interval` as a user sees them."""

from __future__ import annotations


def _configure(lab, *lines: str):
    r1 = lab["R1"]
    for line in ("enable", "configure terminal", *lines):
        r1.cli(line)
    return r1


def test_a_range_edits_every_member_and_only_them(lab):
    r1 = _configure(lab, "interface range g0/0 - 1 , s0/0/0", "description bench", "end")
    described = r1.cli("show interfaces description")
    for name in ("Gi0/0", "Gi0/1", "Se0/0/0"):
        assert any(line.startswith(name) and line.endswith("bench") for line in described.splitlines())
    assert not any(line.startswith("Gi0/2") and "bench" in line for line in described.splitlines())


def test_the_range_prompt_and_the_member_that_refuses(lab):
    r1 = _configure(lab, "interface range g0/0 , s0/0/0")
    assert r1.console.prompt() == "Router(config-if-range)#"
    r1.cli("clock rate 64000")  # a serial command: the Ethernet member's mode does not take it
    r1.cli("end")
    assert " clock rate 64000" in r1.cli("show running-config interface s0/0/0")
    assert "clock rate" not in r1.cli("show running-config interface g0/0")


def test_a_range_beyond_the_last_port_is_refused(lab):
    r1 = _configure(lab, "interface range g0/0 - 7")
    assert r1.console.prompt() == "Router(config)#"


def test_mtu_delay_and_load_interval_reach_show_interfaces(lab):
    r1 = _configure(lab, "interface g0/0", "mtu 1400", "delay 300", "load-interval 30", "ip mtu 1200")
    r1.cli("ip address 10.0.0.1 255.255.255.0")
    r1.cli("end")
    shown = r1.cli("show interfaces g0/0")
    assert "  MTU 1400 bytes, BW 1000000 Kbit/sec, DLY 3000 usec, \n" in shown
    assert "  30 second input rate 0 bits/sec, 0 packets/sec\n" in shown
    assert "  MTU is 1200 bytes\n" in r1.cli("show ip interface g0/0")
    r1.cli("configure terminal")
    r1.cli("interface g0/0")
    for line in ("no mtu", "no delay", "no load-interval", "no ip mtu", "end"):
        r1.cli(line)
    shown = r1.cli("show interfaces g0/0")
    assert "  MTU 1500 bytes, BW 1000000 Kbit/sec, DLY 10 usec, \n" in shown
    assert "  5 minute input rate" in shown
    assert "  MTU is 1500 bytes\n" in r1.cli("show ip interface g0/0")


def test_a_loopback_mtu_counts_from_its_own_default_of_1514(lab):
    # A loopback's MTU is 1514 without `mtu` (ntc_cisco_ios_show_interfaces.raw, Loopback0): `mtu 1500`
    # is a setting IOS keeps and writes, `mtu 1514` the default it does not write.
    r1 = _configure(lab, "interface Loopback0", "mtu 1500", "end")
    assert " mtu 1500\n" in r1.cli("show running-config interface Loopback0")
    assert "  MTU 1500 bytes, BW 8000000 Kbit/sec, DLY 5000 usec, \n" in r1.cli("show interfaces loopback 0")
    r1 = _configure(lab, "interface Loopback0", "mtu 1514", "end")
    assert "mtu" not in r1.cli("show running-config interface Loopback0")
    assert "  MTU 1514 bytes, BW 8000000 Kbit/sec, DLY 5000 usec, \n" in r1.cli("show interfaces loopback 0")
