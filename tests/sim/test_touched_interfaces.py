"""A configuration command changes the interfaces it touches (created, edited, reset or
removed) and leaves the others alone: their state, their syslog, their addresses."""

from __future__ import annotations

from labkit import brief, configure


def _pings(device, address: str) -> bool:
    return device.cli(f"ping {address} repeat 1").splitlines()[-1].startswith("Success rate is 100")


def test_a_new_loopback_comes_up_alone(pair):
    r1 = pair["R1"]
    configure(r1, "interface Loopback5", "ip address 5.5.5.5 255.255.255.255")
    lines = [line.split(": ", 1)[1] for line in r1.console.take_inbox()]
    assert lines == [
        "%LINEPROTO-5-UPDOWN: Line protocol on Interface Loopback5, changed state to up",
        "%SYS-5-CONFIG_I: Configured from console by console",
    ]
    assert brief(r1, "Loopback5") == ("up", "up")
    assert _pings(r1, "5.5.5.5")


def test_shutting_one_interface_leaves_the_others_up(pair):
    r1 = pair["R1"]
    configure(r1, *[f"interface Loopback{n}" for n in range(1, 4)])
    configure(r1, "interface Loopback2", "shutdown")
    pair.advance(5)
    lines = [line.split(": ", 1)[1] for line in r1.console.take_inbox()]
    assert [line for line in lines if "Loopback" in line][-2:] == [
        "%LINK-5-CHANGED: Interface Loopback2, changed state to administratively down",
        "%LINEPROTO-5-UPDOWN: Line protocol on Interface Loopback2, changed state to down",
    ]
    assert [brief(r1, f"Loopback{n}") for n in (1, 2, 3)] == [
        ("up", "up"),
        ("administratively down", "down"),
        ("up", "up"),
    ]
    assert brief(r1, "Serial0/0/0") == ("up", "up")
    configure(r1, "interface Loopback2", "no shutdown")
    assert brief(r1, "Loopback2") == ("up", "up")


def test_a_removed_loopback_takes_its_address_with_it(pair):
    r1 = pair["R1"]
    configure(r1, "interface Loopback5", "ip address 5.5.5.5 255.255.255.255")
    assert _pings(r1, "5.5.5.5")
    configure(r1, "no interface Loopback5")
    assert "Loopback5" not in r1.cli("show ip interface brief")
    assert not _pings(r1, "5.5.5.5")
    assert r1.cli("configure terminal") == "Enter configuration commands, one per line.  End with CNTL/Z.\n"
    assert r1.cli("ip route 0.0.0.0 0.0.0.0 5.5.5.5") == ""
    assert r1.cli("ip route 0.0.0.0 0.0.0.0 10.0.0.1") == "%Invalid next hop address (it's this router)\n"


def test_an_address_taken_away_stops_answering(pair):
    r1, r2 = pair["R1"], pair["R2"]
    assert _pings(r2, "10.0.0.1")
    configure(r1, "interface Serial0/0/0", "no ip address")
    assert not _pings(r2, "10.0.0.1")
    assert not _pings(r1, "10.0.0.1")


def test_default_interface_brings_a_shut_interface_back_without_its_address(pair):
    r1, r2 = pair["R1"], pair["R2"]
    configure(r1, "interface Serial0/0/0", "shutdown")
    pair.advance(3)
    assert brief(r2, "Serial0/0/0") == ("down", "down")
    assert r1.cli("configure terminal").startswith("Enter configuration commands")
    assert r1.cli("default interface Serial0/0/0") == "Interface Serial0/0/0 set to default configuration\n"
    r1.cli("end")
    pair.advance(5)
    assert brief(r1, "Serial0/0/0") == ("up", "up")
    assert brief(r2, "Serial0/0/0") == ("up", "up")
    assert r1.cli("show ip interface brief | include Serial0/0/0 ").split()[1] == "unassigned"
    assert not _pings(r2, "10.0.0.1")
