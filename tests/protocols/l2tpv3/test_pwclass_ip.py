"""A pseudowire-class's `ip` commands (`ip pmtu`, `ip tos value N | reflect`, `ip ttl N`, `ip
protocol l2tp`, `ip dfbit set`): the outer IP header of the data packets the far PE receives,
the running-config, `?`, and `show l2tun session all` after the 12.4 sample of a dynamips
pseudowire (mplsvpn.info, "MTU Problem In L2TPV3", 2009)."""

from __future__ import annotations

import re

from iosemu.protocols.ip.pdu import Ethernet, Icmp, Ipv4
from iosemu.protocols.l2tpv3.pdu import L2tpIp
from tests.protocols.l2tpv3.l2tpv3kit import pe, tap, two_sites


def _data(log, receiver: str) -> list:
    """The data packets (a nonzero session id) `receiver` got."""
    return [p for name, p in log if name == receiver and isinstance(p.payload, L2tpIp) and p.payload.frame]


def _pinged(make_lab, pw_extra: str, ping: str = "ping 192.168.50.2"):
    config = pe("PE1", pw_extra=pw_extra)
    lab = two_sites(make_lab, PE1=config, PE2=pe("PE2"))
    log = tap(lab)
    lab["PC1"].cli(ping)
    return lab, _data(log, "PE2")


def test_show_l2tun_session_all_follows_the_12_4_sample(make_lab):
    """The sample's lines in its order, the cached header its words: `45000014 00000000 FF73....
    <local> <peer> <remote session id>` (TTL 255, protocol 115, DF and TOS clear)."""
    lab = two_sites(make_lab)
    out = lab["PE1"].cli("show l2tun session all")
    remote = int(re.search(r"Remote session id is (\d+), remote tunnel id \d+\n", out).group(1))
    head = (
        r"\nL2TP Session Information Total tunnels 1 sessions 1\n\n"
        r"Session id \d+ is up, tunnel id \d+\n"
        r"Remote session id is \d+, remote tunnel id \d+\n"
        r"(Locally|Remotely) initiated session\n"
        r"Call serial number is \d+\n"
        r"Remote tunnel name is PE2\n  Internet address is 3\.3\.3\.3\n"
        r"Local tunnel name is PE1\n  Internet address is 1\.1\.1\.1\n"
        r"IP protocol 115\n"
        r"  Session is L2TP signaled\n"
        r"  Session state is established, time since change 00:00:\d\d\n"
        r"    DF bit off, ToS reflect disabled, ToS value 0, TTL value 255\n"
        r"    UDP checksums are disabled\n"
        r"    FS cached header information:\n"
        r"      encap size = 24 bytes\n"
        r"      45000014 00000000 FF73([0-9A-F]{4}) 01010101\n"
        r"      03030303 ([0-9A-F]{8})\n"
        r"    \d+ Packets sent, \d+ received\n"
    )
    match = re.match(head, out)
    assert match, out
    assert int(match.group(3), 16) == remote
    total = sum(
        int(word, 16) for word in ("4500", "0014", "FF73", match.group(2), "0101", "0101", "0303", "0303")
    )
    assert (total & 0xFFFF) + (total >> 16) == 0xFFFF  # the header checksum is right


def test_ip_ttl_and_tos_value_set_the_outer_header(make_lab):
    lab, packets = _pinged(make_lab, " ip tos value 184\n ip ttl 100\n")
    assert packets
    assert {(p.tos, p.ttl) for p in packets} == {(184, 99)}  # one hop (CORE) took one off the TTL
    out = lab["PE1"].cli("show l2tun session all")
    assert "    DF bit off, ToS reflect disabled, ToS value 184, TTL value 100\n" in out
    assert re.search(r"      45B80014 00000000 6473[0-9A-F]{4} 01010101\n", out), out


def test_ip_tos_reflect_copies_the_inner_packets_tos(make_lab):
    """PC1's pings carry TOS 0, its ARP no IP header: the outer header says 0 either way; the
    show line says reflect enabled."""
    lab, packets = _pinged(make_lab, " ip tos reflect\n")
    assert packets and {p.tos for p in packets} == {0}
    assert "ToS reflect enabled, ToS value 0, TTL value 255\n" in lab["PE1"].cli("show l2tun session all")


def _marked(make_lab, pw_extra: str) -> list:
    """PE2's data packets carrying the IP packet PC1 sends with DF set and TOS 0xB8 (EF)."""
    lab = two_sites(make_lab, PE1=pe("PE1", pw_extra=pw_extra), PE2=pe("PE2"))
    log = tap(lab)
    pc = lab.nodes["PC1"]
    port = pc.ports["eth0"]
    source = pc.ip.address_on("eth0")
    inner = Ipv4(source, source + 1, 64, 1, Icmp(8, 0, 1, 1, 32), 7, True, 0xB8)
    port.send(Ethernet(0xFFFFFFFFFFFF, port.mac, 0x0800, inner))
    lab.advance(1)
    return [p for p in _data(log, "PE2") if getattr(p.payload.frame.payload, "ident", None) == 7]


def test_ip_tos_reflect_carries_a_marked_packet_s_tos(make_lab):
    assert [p.tos for p in _marked(make_lab, " ip tos reflect\n")] == [0xB8]
    assert [p.tos for p in _marked(make_lab, " ip tos value 32\n")] == [32]


def test_ip_pmtu_makes_the_df_bit_follow_the_inner_packet(make_lab):
    """Without `ip pmtu` the tunnel packets go with DF clear whatever they carry; with it they
    copy the inner packet's DF (the 12.0(29)S guide's `ip pmtu` page), PC1's pings (DF clear)
    going with DF clear."""
    assert [p.df for p in _marked(make_lab, "")] == [False]
    assert [p.df for p in _marked(make_lab, " ip pmtu\n")] == [True]
    lab, pings = _pinged(make_lab, " ip pmtu\n")
    assert pings and not any(p.df for p in pings)
    out = lab["PE1"].cli("show l2tun session all")
    assert "    UDP checksums are disabled\n    Session PMTU enabled, path MTU is not known\n" in out


def test_the_ip_commands_in_the_running_config_and_their_no_forms(make_lab):
    lab = two_sites(make_lab)
    pe1 = lab["PE1"]
    for line in (
        "configure terminal",
        "pseudowire-class PW",
        "ip ttl 64",
        "ip tos reflect",
        "ip dfbit set",
        "ip pmtu",
        "ip protocol l2tp",
        "end",
    ):
        assert pe1.cli(line) in ("", "Enter configuration commands, one per line.  End with CNTL/Z.\n")
    run = pe1.cli("show running-config")
    assert (
        "pseudowire-class PW\n encapsulation l2tpv3\n protocol l2tpv3 L2TP\n ip local interface Loopback0\n"
        " ip pmtu\n ip dfbit set\n ip tos reflect\n ip ttl 64\n!\n"
    ) in run
    for line in (
        "configure terminal",
        "pseudowire-class PW",
        "ip tos value 8",
        "no ip ttl",
        "no ip pmtu",
        "end",
    ):
        pe1.cli(line)
    assert " ip dfbit set\n ip tos value 8\n!\n" in pe1.cli("show running-config")
    for line in ("configure terminal", "pseudowire-class PW", "no ip tos", "end"):
        pe1.cli(line)
    assert " ip local interface Loopback0\n ip dfbit set\n!\n" in pe1.cli("show running-config")


def test_the_ip_sub_commands_help(make_lab):
    lab = two_sites(make_lab)
    pe1 = lab["PE1"]
    pe1.cli("configure terminal")
    pe1.cli("pseudowire-class PW")
    listed = [line.split()[0] for line in pe1.cli("ip ?").splitlines() if line.strip()]
    assert listed == ["dfbit", "local", "pmtu", "protocol", "tos", "ttl"]
    assert pe1.cli("ip tos ?").split() == [
        "reflect",
        "Copy",
        "the",
        "TOS",
        "byte",
        "of",
        "the",
        "inner",
        "IP",
        "packet",
        "value",
        "Set",
        "a",
        "TOS",
        "value",
    ]
    assert "<0-255>" in pe1.cli("ip tos value ?")
    assert "<1-255>" in pe1.cli("ip ttl ?")
    assert "% Invalid input detected at '^' marker." in pe1.cli("ip ttl 0")
