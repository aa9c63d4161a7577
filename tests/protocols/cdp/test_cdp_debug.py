"""debug cdp packets|adjacency|events and what CDP frames add to show interfaces.

The debug lines follow a Catalyst's console log found by search (an unidentified GitHub
markdown): `CDP-AD: Interface FastEthernet1/0/47 coming up`, `CDP-PA: version 2 packet sent
out on FastEthernet1/0/47` at once, then `CDP-PA: Packet received from SIP0012435D594D on
interface FastEthernet1/0/47` and `**Entry NOT found in cache**`, each a debug line of its own."""

from __future__ import annotations

from cdpkit import configure, load_bench


def _debug_lines(device) -> list[str]:
    return [
        line.split(": ", 1)[1] for line in device.console.take_inbox() if ": CDP-" in line or ": **" in line
    ]


def test_a_line_coming_up_is_debugged_and_told_at_once(tmp_path):
    lab = load_bench(tmp_path)
    lab.advance(65)
    r1 = lab["R1"]
    assert r1.cli("debug cdp packets") == "CDP packet info debugging is on\n"
    assert r1.cli("debug cdp adjacency") == "CDP neighbor info debugging is on\n"
    assert r1.cli("debug cdp events") == "CDP events debugging is on\n"
    assert r1.cli("show debugging") == (
        "CDP:\n  CDP neighbor info debugging is on\n  CDP events debugging is on\n"
        "  CDP packet info debugging is on\n"
    )
    configure(r1, "interface Serial0/0/0", "shutdown")
    lab.advance(5)
    r1.console.take_inbox()
    configure(r1, "interface Serial0/0/0", "no shutdown")
    lab.advance(20)
    assert _debug_lines(r1) == [
        "CDP-AD: Interface Serial0/0/0 coming up",
        "CDP-PA: version 2 packet sent out on Serial0/0/0",
        "CDP-PA: Packet received from R3 on interface Serial0/0/0",
        "**Entry found in cache**",  # heard before the line went down, and kept for its holdtime
    ]
    lab.advance(60)
    lines = _debug_lines(r1)
    assert "CDP-PA: version 2 packet sent out on GigabitEthernet0/0" in lines
    assert lines[lines.index("CDP-PA: Packet received from R2 on interface GigabitEthernet0/0") + 1] == (
        "**Entry found in cache**"
    )
    assert r1.cli("undebug all") == "All possible debugging has been turned off\n"
    lab.advance(60)
    assert _debug_lines(r1) == []


def test_cdp_frames_count_as_ethernet_broadcasts_and_multicasts(tmp_path):
    """IOS counts layer-2 multicasts among an Ethernet port's broadcasts and on their own line
    (a real 15.x `Received 35509555 broadcasts (0 IP multicasts)` with `1837369 multicast`)."""
    lab = load_bench(tmp_path)
    lab.advance(65)  # R2 advertised out of Gi0/0 as it came up and at t=60
    text = lab["R1"].cli("show interfaces GigabitEthernet0/0")
    assert "     Received 2 broadcasts (0 IP multicasts)\n" in text
    assert "     0 watchdog, 2 multicast, 0 pause input\n" in text
