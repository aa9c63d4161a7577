"""`monitor capture` on a 2911 (15.2's Embedded Packet Capture): a point on an interface
fills its buffer with the IPv4 packets crossing it, in the directions chosen, within the
buffer's size; the dump shows them, and the export is a pcap in flash that tshark reads."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timezone
from ipaddress import IPv4Address

import dpkt
import pytest
from lab_helpers import reload_saved
from sim.labkit import configure, pair_lab, settled
from tsharkkit import needs_tshark, tshark

from iosemu.lab.lab import Lab, builtin_lab
from iosemu.protocols.ip.pdu import decode_ipv4

LAB_EPOCH = datetime(2002, 3, 1, tzinfo=timezone.utc).timestamp()  # the lab's clock date
HEADING = re.compile(r"^\d\d:\d\d:\d\d\.\d{3} UTC Mar 1 2002 : IPv4 LES CEF    : (\S+) (\S+)$", re.M)


@pytest.fixture
def lab(make_lab):
    lab = pair_lab(make_lab)
    configure(lab["R1"], "interface Serial0/0/0", "clock rate 64000", "no shutdown")
    configure(lab["R2"], "interface Serial0/0/0", "no shutdown")
    return settled(lab)


def capturing(r1, direction: str = "both", *buffer: str, interface: str = "Serial0/0/0") -> None:
    """Buffer B (with `buffer`'s settings) and point P on `interface`, started."""
    for line in (
        " ".join(("monitor capture buffer B", *buffer)),
        f"monitor capture point ip cef P {interface} {direction}",
        "monitor capture point associate P B",
        "monitor capture point start P",
    ):
        assert r1.cli(line) == "", line


def icmp_types(r1, buffer: str = "B") -> list[int]:
    """The ICMP type of each packet the buffer's dump shows (its rows read back)."""
    types = []
    for packet in r1.cli(f"show monitor capture buffer {buffer} dump").split("\n\n")[1::2]:
        data = bytes.fromhex("".join(row[10:45].replace(" ", "") for row in packet.splitlines()))
        types.append(decode_ipv4(data[:-1]).payload.type)  # the dump shows one byte past the end
    return types


def test_a_point_on_a_serial_line_holds_a_ping_both_ways(lab):
    r1 = lab["R1"]
    capturing(r1)
    assert r1.console.take_inbox() == [
        "*Mar  1 00:00:05.000: %BUFCAP-6-CREATE: Capture Point P created.",
        "*Mar  1 00:00:05.000: %BUFCAP-6-ENABLE: Capture Point P enabled.",
    ]
    assert "!!!!!" in r1.cli("ping 10.0.0.2")
    assert "Packets : 10" in r1.cli("show monitor capture buffer B parameters")
    dump = r1.cli("show monitor capture buffer B dump")
    assert HEADING.findall(dump) == [("None", "Se0/0/0"), ("Se0/0/0", "None")] * 5
    assert icmp_types(r1) == [8, 0] * 5
    # a request as it leaves, its reply once all of it has arrived: the ping's 28 ms apart
    assert dump.startswith("00:00:05.000 UTC Mar 1 2002") and "\n00:00:05.027 UTC Mar 1 2002 :" in dump
    assert "Name : P, Status : Active" in r1.cli("show monitor capture buffer all parameters")


def test_a_point_takes_only_its_direction_and_nothing_once_stopped(lab):
    r1 = lab["R1"]
    capturing(r1, "in")
    r1.cli("ping 10.0.0.2 repeat 3")
    assert r1.cli("monitor capture point stop P") == ""
    assert r1.console.take_inbox()[-1] == "*Mar  1 00:00:05.082: %BUFCAP-6-DISABLE: Capture Point P disabled."
    r1.cli("ping 10.0.0.2 repeat 3")
    assert icmp_types(r1) == [0, 0, 0]  # the replies, as they arrived
    assert "Status : Inactive" in r1.cli("show monitor capture point P")


def test_a_point_takes_no_packet_a_noisy_line_damaged_on_its_way_in(lab):
    """The router drops a damaged frame for its CRC (an input error): its point never sees
    the packet; every request still goes out."""
    r1 = lab["R1"]
    capturing(r1)
    lab.link("R1:Serial0/0/0").loss = 0.3
    shown = r1.cli("ping 10.0.0.2 repeat 20")
    replies = shown.count("!")
    assert 0 < replies < 20
    assert sorted(icmp_types(r1)) == [0] * replies + [8] * 20


def test_a_point_keeps_the_first_bytes_of_a_packet_its_max_size(lab):
    r1 = lab["R1"]
    capturing(r1, "out")
    r1.cli("ping 10.0.0.2 repeat 1")
    rows = r1.cli("show monitor capture buffer B dump").split("\n\n")[1].splitlines()
    assert sum(len(row[10:45].replace(" ", "")) // 2 for row in rows) == 68 + 1


@pytest.mark.parametrize("mode, kept", [("linear", list(range(15))), ("circular", list(range(25, 40)))])
def test_a_full_buffer_stops_or_wraps(lab, mode, kept):
    r1 = lab["R1"]
    capturing(r1, "both", "size 1", mode)  # 1024 bytes: 15 packets of 68
    r1.cli("ping 10.0.0.2 repeat 20")
    assert "Packets : 15" in r1.cli("show monitor capture buffer B parameters")
    types = icmp_types(r1)
    assert types == [(8, 0)[n % 2] for n in kept]


def test_clear_empties_a_buffer_and_a_reload_forgets_it(lab):
    r1 = lab["R1"]
    capturing(r1)
    r1.cli("ping 10.0.0.2 repeat 1")
    assert r1.cli("monitor capture buffer B clear") == ""
    assert "Packets : 0" in r1.cli("show monitor capture buffer B parameters")
    reload_saved(r1)
    assert r1.cli("show monitor capture buffer all parameters") == ""
    assert r1.cli("show monitor capture point P") == "Capture point P does not exist\n"


def test_a_buffers_settings_are_one_line_of_its_configuration(lab):
    """A 15.x switch lists `size 2048 max-size 1518 circular` as one line (find_string "Capture
    point POINT does not exist"): settings given over several commands join it, in the order
    a command takes them, each the last one given."""
    r1 = lab["R1"]
    for line in ("circular", "size 64", "max-size 200", "linear"):
        assert r1.cli(f"monitor capture buffer B {line}") == ""
    shown = r1.cli("show monitor capture buffer B parameters").splitlines()
    assert shown[0] == "Capture buffer B (linear buffer)"
    configuration = shown[shown.index("Configuration:") + 1 :]
    assert configuration == ["monitor capture buffer B size 64 max-size 200 linear", ""]


def test_no_monitor_capture_deletes_a_point_and_a_buffer(lab):
    """Follows a 15.x router's answers (a 2025 CoPP note, find_string "BUFCAP-6-DELETE")."""
    r1 = lab["R1"]
    capturing(r1)
    r1.console.take_inbox()
    assert r1.cli("no monitor capture point ip cef P Serial0/0/0 both") == ""
    assert r1.console.take_inbox() == ["*Mar  1 00:00:05.000: %BUFCAP-6-DELETE: Capture Point P deleted."]
    assert r1.cli("no monitor capture buffer B") == "Capture Buffer deleted\n"
    assert r1.cli("no monitor capture buffer B") == ""  # nothing left to delete
    r1.cli("ping 10.0.0.2 repeat 1")
    assert r1.cli("show monitor capture point all") == ""
    assert not lab.link("R1:Serial0/0/0").taps


def export(r1, name: str):
    assert r1.cli(f"monitor capture buffer B export flash:{name}") == ""
    path = r1.node.nvram.path.with_suffix(".flash") / name
    reader = dpkt.pcap.Reader(path.open("rb"))
    return path, reader.datalink(), list(reader)


def test_an_export_is_a_pcap_in_flash_that_dir_lists(lab):
    r1 = lab["R1"]
    capturing(r1, "both", "max-size 1518")
    r1.cli("ping 10.0.0.2 repeat 2")
    path, linktype, packets = export(r1, "r1.pcap")
    assert linktype == 101  # LINKTYPE_RAW: a serial line's packets from their IPv4 header
    sources = [IPv4Address(dpkt.ip.IP(data).src) for _, data in packets]
    assert sources == [IPv4Address("10.0.0.1"), IPv4Address("10.0.0.2")] * 2
    assert LAB_EPOCH + 5 <= packets[0][0] < LAB_EPOCH + 6  # the router's clock at the ping
    listing = r1.cli("dir flash:")
    assert f"{path.stat().st_size}   Mar 1 2002 00:00:05 +00:00  r1.pcap" in listing
    assert r1.cli("monitor capture buffer B export tftp://10.1.1.1/r1.pcap") == (
        "%Error opening tftp://10.1.1.1/r1.pcap (Timed out)\n"
    )
    image = "c2900-universalk9-mz.SPA.152-4.M3.bin"
    assert r1.cli(f"monitor capture buffer B export flash0:{image}") == (
        f"%Error opening flash0:{image} (Permission denied)\n"
    )
    assert r1.cli("monitor capture buffer B export flash:caps/r1.pcap") == (
        "%Error opening flash:caps/r1.pcap (No such file or directory)\n"
    )
    assert [p.name for p in path.parent.iterdir()] == ["r1.pcap"]


LAN = """
name: lan
topology:
  defaults: {kind: router, type: c2911}
  nodes: {R1: {startup-config: R1.cfg}, R2: {startup-config: R2.cfg}}
  links: [{endpoints: ["R1:Gi0/0", "R2:Gi0/0"]}]
"""


def lan_lab(make_lab, config: str):
    """Two 2911s on an Ethernet cable, each configured with `config` ({host}: 1, 2), settled."""
    configs = {name: f"hostname {name}\n" + config.format(host=n) for n, name in ((1, "R1"), (2, "R2"))}
    return settled(make_lab(LAN, **configs))


def lan(make_lab, config: str):
    """R1 of `lan_lab`."""
    return lan_lab(make_lab, config)["R1"]


@needs_tshark
def test_tshark_reads_an_export_of_an_ethernet_point(make_lab):
    r1 = lan(
        make_lab, "interface GigabitEthernet0/0\n ip address 10.0.0.{host} 255.255.255.0\n no shutdown\n"
    )
    r1.cli("ping 10.0.0.2 repeat 1")  # ARP first
    capturing(r1, "both", "max-size 1518", interface="Gi0/0")
    assert "!!!!!" in r1.cli("ping 10.0.0.2")
    path, linktype, packets = export(r1, "lan.pcap")
    assert linktype == dpkt.pcap.DLT_EN10MB and len(packets) == 10
    frames = tshark(path, ("frame.protocols", "icmp.type"))
    assert {tuple(f["frame.protocols"]) for f in frames} == {("eth:ethertype:ip:icmp:data",)}
    assert [f["icmp.type"] for f in frames] == [["8"], ["0"]] * 5


# An 802.1Q trunk between the two routers: VLANs 10 and 20, subnets 10.0.10.0/24 and 10.0.20.0/24.
TRUNK = "interface GigabitEthernet0/0\n no shutdown\n" + "".join(
    f"interface GigabitEthernet0/0.{vlan}\n encapsulation dot1Q {vlan}\n"
    f" ip address 10.0.{vlan}.{{host}} 255.255.255.0\n"
    for vlan in (10, 20)
)


def test_a_point_on_an_ethernet_subinterface_takes_its_vlan_only(make_lab):
    r1 = lan(make_lab, TRUNK)
    r1.cli("ping 10.0.10.2 repeat 1")  # ARP on both VLANs first
    r1.cli("ping 10.0.20.2 repeat 1")
    capturing(r1, "both", "max-size 1518", interface="Gi0/0.20")
    assert "!!!!!" in r1.cli("ping 10.0.10.2")
    assert "Packets : 0" in r1.cli("show monitor capture buffer B parameters")
    r1.cli("ping 10.0.20.2 repeat 2")
    dump = r1.cli("show monitor capture buffer B dump")
    assert set(HEADING.findall(dump)) == {("None", "Gi0/0.20"), ("Gi0/0.20", "None")}
    assert "08004500" in dump.splitlines()[3]  # the Ethernet header without its 802.1Q tag
    configure(r1, "no interface GigabitEthernet0/0.20")  # its point runs on, with nothing to take
    r1.cli("ping 10.0.10.2 repeat 2")
    assert "Packets : 4" in r1.cli("show monitor capture buffer B parameters")


def test_a_point_on_a_frame_relay_subinterface_takes_its_dlci_only(tmp_path):
    folder = shutil.copytree(builtin_lab("fr-point-to-point"), tmp_path / "fr")
    lab = Lab.load(folder / "fr-point-to-point.lab.yml")
    lab.advance(40)  # LMI reports the PVCs active
    r1 = lab["R1"]
    r1.cli("enable")
    capturing(r1, "both", interface="Serial0/0/0.103")
    assert "!!!!!" in r1.cli("ping 10.1.12.2")  # DLCI 102: not the point's
    assert "!!!!!" in r1.cli("ping 10.1.13.2")
    dump = r1.cli("show monitor capture buffer B dump")
    assert HEADING.findall(dump) == [("None", "Se0/0/0.103"), ("Se0/0/0.103", "None")] * 5
