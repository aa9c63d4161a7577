"""The wire formats a capture writes, as properties (hypothesis): each protocol's frame,
encoded then decoded, is the frame again (PPPoE, L2TP and L2TPv3 with what they carry too) (a quoted packet in an ICMP error keeps its header
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
    decode_ethernet,
    decode_ipv4,
)
from iosemu.protocols.l2tp import avp
from iosemu.protocols.l2tp import pdu as l2tp
from iosemu.protocols.l2tpv3 import pdu as l2tpv3
from iosemu.protocols.ppp.multilink import MpFragment
from iosemu.protocols.ppp.pdu import CDP, CDPCP, CHAP, IP, IPCP, LCP, MP, PAP, PppFrame, encode_packet
from iosemu.protocols.pppoe import pdu as pppoe
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
    st.builds(PppFrame, st.sampled_from([LCP, PAP, CHAP, IPCP, CDPCP, CDP]), controls),
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


# PPPoE (RFC 2516): discovery packets as section 5 has them (a Service-Name and an AC-Name
# each; a session id only in a PADS or PADT), session data carrying a PPP frame.
tag_kinds = [pppoe.HOST_UNIQ, pppoe.AC_COOKIE, pppoe.VENDOR_SPECIFIC, pppoe.RELAY_SESSION_ID]
pppoe_tags = st.builds(
    lambda name, ac, extra: ((pppoe.SERVICE_NAME, name), (pppoe.AC_NAME, ac), *extra),
    small,
    small,
    st.lists(st.tuples(st.sampled_from(tag_kinds), small), max_size=3),
)
sessions = st.integers(1, 0xFFFF)
discoveries = st.one_of(
    st.builds(pppoe.Pppoe, st.sampled_from([pppoe.PADI, pppoe.PADO, pppoe.PADR]), st.just(0), pppoe_tags),
    st.builds(pppoe.Pppoe, st.just(pppoe.PADS), u16, pppoe_tags),
    st.builds(pppoe.Pppoe, st.just(pppoe.PADT), sessions, pppoe_tags),
)
user_frames = st.one_of(  # what a PPP user sends: IP, or a control protocol's packet
    st.builds(lambda p: PppFrame(IP, p), packets),
    st.builds(PppFrame, st.sampled_from([LCP, PAP, CHAP, IPCP]), controls),
)
pppoes = st.one_of(
    discoveries,
    st.builds(
        lambda session, frame: pppoe.Pppoe(pppoe.SESSION_DATA, session, payload=frame), sessions, user_frames
    ),
)
pppoe_frames = st.builds(lambda d, s, p: Ethernet(d, s, p.ethertype, p), macs, macs, pppoes)


# L2TP (RFC 2661) in UDP 1701: a data message as a session sends it (no Length, Ns, Nr or
# offset); control messages with the AVPs section 6 requires, some hidden (section 4.3).
def in_ethernet(payloads) -> st.SearchStrategy[Ethernet]:
    """Each payload (a UDP datagram, an L2TPv3 packet) in an IPv4 packet in an Ethernet frame."""
    return st.builds(
        lambda dst, src, s, d, data: Ethernet(dst, src, ETHERTYPE_IPV4, Ipv4(s, d, 255, data.PROTOCOL, data)),
        macs,
        macs,
        addresses,
        addresses,
        payloads,
    )


data_headers = st.builds(
    lambda tunnel, session, priority: l2tp.Header(
        tunnel, session, False, None, None, False, priority=priority
    ),
    u16,
    u16,
    st.booleans(),
)
data_messages = st.builds(l2tp.DataMessage, data_headers, user_frames)
l2tp_data_frames = in_ethernet(st.builds(lambda m: Udp(l2tp.PORT, l2tp.PORT, m), data_messages))


def avp_value(attribute: int) -> st.SearchStrategy[bytes]:
    low, high = avp.LENGTHS[attribute]
    values = st.binary(min_size=low, max_size=min(high, low + 16))
    if attribute in l2tp.NONZERO + l2tpv3.NONZERO:
        values = values.filter(any)
    return values


def messages(required: dict, hiding: bool) -> st.SearchStrategy[l2tp.Message]:
    """A control message of a kind `required` knows, with the AVPs it requires (some hidden,
    if `hiding`)."""
    hidden = st.booleans() if hiding else st.just(False)

    def build(kind: int) -> st.SearchStrategy[l2tp.Message]:
        avps = [
            st.builds(avp.Avp, st.just(attribute), avp_value(attribute), st.booleans(), hidden)
            for attribute in required[kind]
        ]
        return st.tuples(*avps).map(lambda found: l2tp.Message(kind, found))

    return st.sampled_from(sorted(required)).flatmap(build)


control_headers = st.builds(lambda t, s, ns, nr: l2tp.Header(t, s, True, ns, nr), u16, u16, u16, u16)


# L2TPv3 (RFC 3931) over IP protocol 115: control messages after the zero Session ID, data
# messages carrying an Ethernet frame after a cookie of 0, 4 or 8 octets.
def pseudowire(cookies) -> st.SearchStrategy[l2tpv3.L2tpIp]:
    return st.builds(
        lambda session, cookie, frame: l2tpv3.L2tpIp(l2tpv3.data_header(session, cookie), frame),
        st.integers(1, 2**32 - 1),
        cookies,
        ethernets,
    )


cookies = st.sampled_from([0, 4, 8]).flatmap(lambda size: st.binary(min_size=size, max_size=size))
pseudowire_frames = in_ethernet(pseudowire(cookies))

frames = st.one_of(
    ethernets, hdlcs, ppps, frs, pppoe_frames, l2tp_data_frames, in_ethernet(pseudowire(st.just(b"")))
)


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


@given(pppoe_frames)
def test_pppoe_discovery_and_session_data_with_its_ppp_frame_read_back(frame):
    reads_back(frame)


@given(l2tp_data_frames)
def test_an_l2tp_data_message_in_udp_1701_reads_back_with_the_ppp_frame_it_carries(frame):
    reads_back(frame)


@given(control_headers, messages(l2tp.REQUIRED, hiding=True), small, st.binary(min_size=1, max_size=16))
def test_an_l2tp_control_message_in_a_captured_frame_reads_back_with_its_avps(
    header, message, secret, vector
):
    """A tunnel sends a control message as its bytes; `l2tp.decode` reads them, hidden AVPs
    revealed with the tunnel's secret."""
    raw = l2tp.encode_control(header, message, secret, vector)
    frame = Ethernet(
        1, 2, ETHERTYPE_IPV4, Ipv4(IPv4Address(1), IPv4Address(2), 255, 17, Udp(1701, 1701, raw))
    )
    read = decode(*encode(frame))
    assert read == frame and l2tp.decode(read.payload.payload.data, secret) == l2tp.Control(header, message)


@given(u32, u16, u16, messages(l2tpv3.REQUIRED, hiding=False))
def test_an_l2tpv3_control_message_over_ip_protocol_115_reads_back(connection, ns, nr, message):
    """Its header reads back as the tunnel takes it: the connection id, the Remote Session ID."""
    packet = l2tpv3.L2tpIp(bytes(4) + l2tpv3.encode_control(connection, ns, nr, message))
    frame = Ethernet(1, 2, ETHERTYPE_IPV4, Ipv4(IPv4Address(1), IPv4Address(2), 255, 115, packet))
    read = decode(*encode(frame))
    session = message.number(avp.REMOTE_SESSION_ID) or 0
    header = l2tp.Header(connection, session, ns=ns, nr=nr, version=l2tpv3.VERSION)
    assert read == frame
    assert l2tpv3.decode_control(read.payload.payload.data[4:]) == l2tp.Control(header, message)


@given(pseudowire_frames)
def test_an_l2tpv3_data_message_reads_back_given_its_cookie_size(frame):
    """The bytes do not say how long the cookie is: the reader gives it (0 unless told)."""
    packet = frame.payload
    cookie_size = len(packet.payload.data) - 4
    assert decode_ethernet(frame.encode(), cookie_size) == frame
    assert decode_ipv4(packet.encode(), cookie_size) == packet
    if cookie_size == 0:
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
