"""The PC console (`kind: host`): ping and tracert options checked as Windows checks them."""

from __future__ import annotations

import pytest

from iosemu.cli.abort import Limit
from iosemu.lab.lab import Lab

LAB = """\
name: lan
topology:
  nodes:
    R1: {kind: router, type: c2911, startup-config: R1.cfg}
    PC1: {kind: host, ip: 192.168.1.10/24, gateway: 192.168.1.1}
  links:
    - endpoints: ["R1:gi0/0", "PC1:eth0"]
"""
R1 = "hostname R1\ninterface GigabitEthernet0/0\n ip address 192.168.1.1 255.255.255.0\n no shutdown\n"


@pytest.fixture
def pc(tmp_path):
    (tmp_path / "R1.cfg").write_text(R1)
    path = tmp_path / "lan.lab.yml"
    path.write_text(LAB)
    lab = Lab.load(path)
    lab.advance(5)
    return lab["PC1"]


BAD_OPTIONS = [
    ("ping -n 0 192.168.1.1", "Bad value for option -n, valid range is from 1 to 4294967295.\n\n"),
    ("ping -n 4294967296 192.168.1.1", "Bad value for option -n, valid range is from 1 to 4294967295.\n\n"),
    ("ping -n two 192.168.1.1", "Bad value for option -n, valid range is from 1 to 4294967295.\n\n"),
    ("ping -n -1 192.168.1.1", "Bad value for option -n, valid range is from 1 to 4294967295.\n\n"),
    ("ping -l 65501 192.168.1.1", "Bad value for option -l, valid range is from 0 to 65500.\n\n"),
    ("ping 192.168.1.1 -l", "Value must be supplied for option -l.\n\n"),
    ("tracert -h 0 192.168.1.1", "Bad value for option -h, valid range is from 1 to 255.\n\n"),
    ("tracert -h 256 192.168.1.1", "Bad value for option -h, valid range is from 1 to 255.\n\n"),
    ("tracert 192.168.1.1 -h", "Value must be supplied for option -h.\n\n"),
]


@pytest.mark.parametrize("line,answer", BAD_OPTIONS, ids=[b[0] for b in BAD_OPTIONS])
def test_out_of_range_options_are_refused(pc, line, answer):
    assert pc.cli(line) == answer


def test_ping_count_and_size_within_range(pc):
    out = pc.cli("ping -n 1 -l 0 192.168.1.1")
    assert "Pinging 192.168.1.1 with 0 bytes of data:" in out
    assert "Packets: Sent = 1," in out
    assert out.count("Reply from") + out.count("Request timed out.") == 1


def test_options_after_the_target_and_ignored_values(pc):
    # `-w 500` takes a value that is not the target; options may follow the target.
    out = pc.cli("ping 192.168.1.1 -w 500 -n 2 /l 100")
    assert "Pinging 192.168.1.1 with 100 bytes of data:" in out
    assert "Packets: Sent = 2," in out


def test_tracert_hop_limit(pc):
    out = pc.cli("tracert -h 1 192.168.1.1")
    assert "Tracing route to 192.168.1.1 over a maximum of 1 hops" in out
    assert out.endswith("Trace complete.\n\n")


def test_tracert_reports_the_unreachable_after_the_probes_already_shown(pc):
    """R1 has no route on: its time-exceeded answers hop 1; at hop 2 its unreachables are
    still rate limited after the ping's (one each 500 ms), so the second probe gets one.
    Windows prints the star before the report, as real captures do ("  1     *        *
    192.168.1.171  reports: Destination host unreachable.")."""
    assert "Reply from 192.168.1.1: Destination host unreachable." in pc.cli("ping -n 1 10.9.9.9")
    assert pc.cli("tracert 10.9.9.9") == (
        "\nTracing route to 10.9.9.9 over a maximum of 30 hops\n\n"
        "  1    <1 ms    <1 ms    <1 ms  192.168.1.1\n"
        "  2     *     192.168.1.1  reports: Destination host unreachable.\n"
        "\nTrace complete.\n\n"
    )


def test_arp_table_and_hostname(tmp_path):
    from iosemu.lab.lab import Lab

    (tmp_path / "R1.cfg").write_text(
        "hostname R1\ninterface GigabitEthernet0/0\n ip address 192.168.1.1 255.255.255.0\n"
    )
    (tmp_path / "lab.lab.yml").write_text(
        "name: arp\ntopology:\n  nodes:\n    R1: {startup-config: R1.cfg}\n"
        "    PC1: {kind: host, ip: 192.168.1.10/24, gateway: 192.168.1.1}\n"
        '  links:\n    - endpoints: ["R1:g0/0", "PC1:eth0"]\n'
    )
    lab = Lab.load(tmp_path / "lab.lab.yml")
    pc = lab["PC1"]
    # cmd.exe leaves a blank line before its next prompt, after every command's output
    assert pc.cli("arp -a") == "No ARP Entries Found.\n\n"  # the cable not up yet
    lab.advance(5)
    pc.cli("ping -n 1 192.168.1.1")
    assert pc.cli("arp -a") == (
        "\nInterface: 192.168.1.10 --- 0x4\n"
        "  Internet Address      Physical Address      Type\n"
        "  192.168.1.1           00-19-e8-a2-6e-01     dynamic\n"
        "  192.168.1.255         ff-ff-ff-ff-ff-ff     static\n"
        "  224.0.0.22            01-00-5e-00-00-16     static\n"
        "  255.255.255.255       ff-ff-ff-ff-ff-ff     static\n\n"
    )
    assert pc.cli("hostname") == "PC1\n\n"


def test_ping_t_runs_until_the_bound_and_stops_as_ctrl_c_does(pc):
    out = pc.cli("ping -t 192.168.1.1")
    lines = out.split("\n")
    assert lines[1] == "Pinging 192.168.1.1 with 32 bytes of data:"
    assert lines.count("Reply from 192.168.1.1: bytes=32 time<1ms TTL=255") == 3600  # an hour, one a second
    assert out.endswith(
        "Ping statistics for 192.168.1.1:\n"
        "    Packets: Sent = 3600, Received = 3600, Lost = 0 (0% loss),\n"
        "Approximate round trip times in milli-seconds:\n"
        "    Minimum = 0ms, Maximum = 0ms, Average = 0ms\n"
        "Control-C\n^C\n"
    )


def test_a_huge_ping_count_stops_at_the_bound(pc):
    out = pc.console.execute("ping -n 4294967295 10.9.9.9", limit=Limit(probes=3))
    assert out.count("Reply from 192.168.1.1: Destination host unreachable.") == 3
    assert "    Packets: Sent = 3, Received = 3, Lost = 0 (0% loss),\nControl-C\n^C\n" in out


def test_tracert_stops_at_the_bound(pc):
    out = pc.console.execute("tracert 192.168.1.1", limit=Limit(probes=2))
    assert out == "\nTracing route to 192.168.1.1 over a maximum of 30 hops\n\n  1    <1 ms    <1 ms^C\n"
