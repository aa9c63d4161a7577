"""The wire formats a capture writes, as properties (hypothesis): each protocol's frame,
encoded then decoded, is the frame again (a quoted packet in an ICMP error keeps its header
and first 8 bytes, as on the wire); random bytes read as any link type give a frame or a
ValueError, never another exception."""

from __future__ import annotations

from ipaddress import IPv4Address

from hypothesis import given
from hypothesis import strategies as st

from iosemu.capture.framing import DECODERS, decode, encode
from iosemu.capture.pcapng import C_HDLC, EN10MB, FRELAY, PPP_SERIAL
from iosemu.protocols.dhcp import pdu as dhcp
from iosemu.protocols.frame_relay.pdu import LMI_TYPES, FrFrame, InArp, LmiMessage, snap_payload
from iosemu.protocols.hdlc.pdu import BROADCAST, IPV4, SLARP, UNICAST, CiscoHdlc, SlarpKeepalive
from iosemu.protocols.ip.pdu import (
    ETHERTYPE_ARP,
    ETHERTYPE_IPV4,
    Arp,
    Ethernet,
    Icmp,
    Ipv4,
    Udp,
    checksum,
)
from iosemu.protocols.ppp.multilink import MpFragment
from iosemu.protocols.ppp.pdu import CDP, CHAP, IP, IPCP, LCP, MP, PAP, PppFrame, encode_packet
from iosemu.protocols.snap import CISCO_MULTICAST, Snap
from iosemu.protocols.tcp.segment import Segment

u8, u16, u32 = (st.integers(0, 2**bits - 1) for bits in (8, 16, 32))
addresses = st.builds(IPv4Address, u32)
macs = st.integers(0, 2**48 - 1)
small = st.binary(max_size=64)

echoes = st.builds(Icmp, st.sampled_from([0, 8]), st.just(0), u16, u16, st.integers(0, 1400))
udps = st.builds(Udp, u16, u16, st.binary(max_size=300))
segments = st.builds(Segment, u16, u16, u32, u32, st.integers(0, 0x3F), u16, small)


def ipv4(payloads) -> st.SearchStrategy[Ipv4]:
    return st.builds(
        lambda src, dst, ttl, payload, ident, df: Ipv4(src, dst, ttl, payload.PROTOCOL, payload, ident, df),
        addresses,
        addresses,
        st.integers(1, 255),
        payloads,
        u16,
        st.booleans(),
    )


# An ICMP error quotes a packet's header and 8 bytes: what a router quotes (a traceroute
# probe, a ping) comes back whole.
quoted = ipv4(st.one_of(echoes, st.builds(Udp, u16, u16)))
errors = st.builds(
    lambda kind, code, original: Icmp(kind, code, original=original),
    st.sampled_from([3, 4, 11]),
    st.integers(0, 15),
    quoted,
)
packets = ipv4(st.one_of(echoes, errors, udps, segments))
arps = st.builds(Arp, st.sampled_from([1, 2]), macs, addresses, macs, addresses)
snaps = st.builds(Snap, u16, st.binary(max_size=400))
vlans = st.one_of(st.none(), st.integers(1, 4094))
ethernets = st.one_of(
    st.builds(lambda d, s, p, v: Ethernet(d, s, ETHERTYPE_IPV4, p, v), macs, macs, packets, vlans),
    st.builds(lambda d, s, p, v: Ethernet(d, s, ETHERTYPE_ARP, p, v), macs, macs, arps, vlans),
    st.builds(lambda s, p: Ethernet(CISCO_MULTICAST, s, len(p), p), macs, snaps),
)
keepalives = st.builds(SlarpKeepalive, u32, u32, u16, u32)
hdlcs = st.one_of(
    st.builds(lambda k: CiscoHdlc(BROADCAST, SLARP, k), keepalives),
    st.builds(lambda p: CiscoHdlc(UNICAST, IPV4, p), packets),
    st.builds(lambda d: CiscoHdlc(BROADCAST, 0x2000, d), small),
)
controls = st.builds(encode_packet, st.integers(1, 11), u8, small)
fragments = st.builds(
    MpFragment, st.booleans(), st.booleans(), st.integers(0, 0xFFFFFF), st.just(IP), packets
)
ppps = st.one_of(
    st.builds(lambda p: PppFrame(IP, p), packets),
    st.builds(lambda f: PppFrame(MP, f), fragments),
    st.builds(PppFrame, st.sampled_from([LCP, PAP, CHAP, IPCP, CDP]), controls),
)
lmis = st.builds(
    lambda lmi, kind, report, sent, seen, pvcs: LmiMessage(kind, report, sent, seen, pvcs).encode(lmi),
    st.sampled_from(list(LMI_TYPES.values())),
    st.sampled_from([0x75, 0x7D]),
    st.sampled_from([0, 1]),
    u8,
    u8,
    st.lists(st.tuples(st.integers(16, 1007), st.sampled_from([0, 2, 8, 10])), max_size=4).map(tuple),
)
inarps = st.builds(
    lambda op, s, sip, t, tip: InArp(op, s, sip, t, tip).encode(),
    st.sampled_from([8, 9]),
    u16,
    addresses,
    u16,
    addresses,
)
cdps = st.builds(snap_payload, st.just(0x2000), small, st.booleans())
bits = st.booleans()
frs = st.one_of(
    st.builds(FrFrame, st.integers(0, 1023), st.one_of(lmis, inarps, cdps), st.just(False), bits, bits, bits),
    st.builds(FrFrame, st.integers(0, 1023), packets, st.booleans(), bits, bits, bits),
)

frames = st.one_of(ethernets, hdlcs, ppps, frs)


def reads_back(frame) -> None:
    linktype, raw = encode(frame)
    assert decode(linktype, raw) == frame


@given(ethernets)
def test_ethernet_arp_ipv4_icmp_udp_tcp_and_snap_read_back(frame):
    reads_back(frame)


@given(hdlcs)
def test_cisco_hdlc_and_slarp_read_back(frame):
    reads_back(frame)


@given(ppps)
def test_ppp_and_its_multilink_fragments_read_back(frame):
    reads_back(frame)


@given(frs)
def test_frame_relay_with_lmi_inverse_arp_cdp_and_ip_reads_back(frame):
    reads_back(frame)


dhcp_options = st.dictionaries(
    st.integers(1, 254).filter(lambda code: code != dhcp.MESSAGE_TYPE), st.binary(max_size=300), max_size=6
).map(lambda options: tuple(options.items()))
dhcps = st.builds(
    dhcp.DhcpMessage,
    st.sampled_from([dhcp.BOOTREQUEST, dhcp.BOOTREPLY]),
    u32,
    macs,
    st.one_of(st.none(), st.sampled_from(sorted(dhcp.KIND_NAMES))),
    u16,
    u16,
    u8,
    addresses,
    addresses,
    addresses,
    addresses,
    dhcp_options,
)


@given(dhcps, addresses)
def test_a_dhcp_message_in_a_captured_frame_reads_back(message, server):
    """RFC 2131/2132 as the DHCP codec writes them, inside Ethernet, IPv4 and UDP 67/68."""
    datagram = Udp(dhcp.SERVER_PORT, dhcp.CLIENT_PORT, message.encode())
    frame = Ethernet(
        0xFFFF_FFFF_FFFF, 1, ETHERTYPE_IPV4, Ipv4(server, IPv4Address("255.255.255.255"), 255, 17, datagram)
    )
    read = decode(*encode(frame))
    assert read == frame and dhcp.decode(read.payload.payload.data) == message


@given(packets)
def test_an_ip_header_and_its_icmp_tcp_udp_checksums_are_right(packet):
    raw = packet.encode()
    assert checksum(raw[:20]) == 0
    body = raw[20:]
    if packet.proto == 1:
        assert checksum(body) == 0
    else:
        pseudo = raw[12:20] + bytes((0, packet.proto)) + len(body).to_bytes(2, "big")
        assert checksum(pseudo + body) == 0


@given(st.sampled_from(sorted(DECODERS)), st.binary(max_size=120))
def test_random_bytes_give_a_frame_or_a_value_error(linktype, raw):
    try:
        decode(linktype, raw)
    except ValueError:
        pass


@given(frames, st.data())
def test_a_frame_cut_short_or_damaged_gives_a_frame_or_a_value_error(frame, data):
    linktype, raw = encode(frame)
    raw = bytearray(raw[: data.draw(st.integers(0, len(raw)))])
    for at in data.draw(st.lists(st.integers(0, max(0, len(raw) - 1)), max_size=4)) if raw else ():
        raw[at] ^= data.draw(st.integers(1, 255))
    try:
        decode(linktype, bytes(raw))
    except ValueError:
        pass


@given(frames)
def test_every_prefix_of_a_frame_gives_a_frame_or_a_value_error(frame):
    linktype, raw = encode(frame)
    for end in range(len(raw)):
        try:
            decode(linktype, raw[:end])
        except ValueError:
            pass


def test_the_link_types_follow_the_encapsulation():
    packet = Ipv4(IPv4Address("10.0.0.1"), IPv4Address("10.0.0.2"), 255, 1, Icmp(8, 0, 1, 1, 72))
    frames = {
        C_HDLC: CiscoHdlc(UNICAST, IPV4, packet),
        PPP_SERIAL: PppFrame(IP, packet),
        FRELAY: FrFrame(102, packet),
        EN10MB: Ethernet(1, 2, ETHERTYPE_IPV4, packet),
    }
    for linktype, frame in frames.items():
        assert encode(frame)[0] == linktype
    assert encode(frames[FRELAY])[1][:4] == bytes.fromhex("18610800")  # DLCI 102, Cisco's Ethertype
