"""IPv4, ICMP, UDP, ARP and Ethernet II frames, fields in wire order.

Sizes are known without encoding (`len(packet)`), so counters never build bytes; bytes
are produced only when a capture asks for them (`encode()`), and read back (`decode_ethernet`,
`decode_ipv4`: dpkt parses the headers, imported only then) by captures and their tests.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import ClassVar

ICMP, TCP, UDP = 1, 6, 17
ETHERTYPE_IPV4, ETHERTYPE_ARP, ETHERTYPE_DOT1Q = 0x0800, 0x0806, 0x8100
BROADCAST_MAC = 0xFFFF_FFFF_FFFF
ETHERNET_HEADER = 14  # the addresses and the ethertype (an 802.1Q tag adds 4)
LIMITED_BROADCAST = IPv4Address("255.255.255.255")
UNSPECIFIED = IPv4Address(0)  # 0.0.0.0: no address yet (a DHCP client, an ARP probe)

# ICMP types and the codes iosemu sends.
ECHO_REPLY, UNREACHABLE, SOURCE_QUENCH, ECHO_REQUEST, TIME_EXCEEDED = 0, 3, 4, 8, 11
NET_UNREACHABLE, HOST_UNREACHABLE, PROTOCOL_UNREACHABLE, PORT_UNREACHABLE = 0, 1, 2, 3
FRAGMENTATION_NEEDED = 4  # and DF set: the packet is larger than the next hop's MTU
ADMIN_PROHIBITED = 13


def natural_length(address: IPv4Address) -> int:
    """The prefix length of the address's class (A: 8, B: 16, C and above: 24), as a
    classful router reads an address typed without a mask."""
    first = address.packed[0]
    return 8 if first < 128 else 16 if first < 192 else 24


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def mac_text(mac: int) -> str:
    digits = f"{mac:012x}"
    return f"{digits[0:4]}.{digits[4:8]}.{digits[8:12]}"


@dataclass(frozen=True, slots=True)
class Icmp:
    PROTOCOL: ClassVar[int] = ICMP

    type: int
    code: int = 0
    ident: int = 0
    seq: int = 0  # an echo's; of a fragmentation-needed error, the next hop's MTU (RFC 1191)
    data_size: int = 0  # echo payload bytes
    original: Ipv4 | None = None  # the packet an error message is about

    def __len__(self) -> int:
        return 8 + (self.data_size if self.original is None else 28)

    def encode(self) -> bytes:
        if self.original is not None:
            rest, body = self.seq, self.original.encode()[:28]
        else:
            rest, body = (
                (self.ident << 16) | self.seq,
                bytes(0xAB if i % 2 == 0 else 0xCD for i in range(self.data_size)),
            )
        header = struct.pack("!BBHI", self.type, self.code, 0, rest)
        check = checksum(header + body)
        return struct.pack("!BBHI", self.type, self.code, check, rest) + body


@dataclass(frozen=True, slots=True)
class Udp:
    PROTOCOL: ClassVar[int] = UDP

    sport: int
    dport: int
    # What the application sent (a DHCP message; nothing for a traceroute probe), or an object
    # that stands for its bytes and makes them with encode() (an L2TP data message).
    data: bytes = b""

    def __len__(self) -> int:
        return 8 + len(self.data)

    def encode(self) -> bytes:
        data = self.data if isinstance(self.data, bytes) else self.data.encode()
        return struct.pack("!HHHH", self.sport, self.dport, len(self), 0) + data


@dataclass(frozen=True, slots=True)
class Ipv4:
    src: IPv4Address
    dst: IPv4Address
    ttl: int
    proto: int
    payload: Icmp | Udp  # or another protocol's PDU (a TCP segment), with its PROTOCOL number
    ident: int = 0
    df: bool = False
    tos: int = 0  # the type-of-service byte (an L2TPv3 pseudowire-class's `ip tos` sets it)

    def __len__(self) -> int:
        return 20 + len(self.payload)

    def encode(self) -> bytes:
        flags = 0x4000 if self.df else 0
        fields = [
            0x45,
            self.tos,
            len(self),
            self.ident,
            flags,
            self.ttl,
            self.proto,
            0,
            self.src.packed,
            self.dst.packed,
        ]
        header = struct.pack("!BBHHHBBH4s4s", *fields)
        fields[7] = checksum(header)
        return struct.pack("!BBHHHBBH4s4s", *fields) + self._transport()

    def _transport(self) -> bytes:
        """The payload's bytes, with the TCP or UDP checksum over the pseudo-header (RFC 768,
        RFC 793): the segment cannot make it alone, it does not know the addresses."""
        body = self.payload.encode()
        at = {TCP: 16, UDP: 6}.get(self.proto)
        if at is None or len(body) < at + 2:
            return body
        pseudo = self.src.packed + self.dst.packed + struct.pack("!BBH", 0, self.proto, len(body))
        value = checksum(pseudo + body[:at] + b"\0\0" + body[at + 2 :])
        if self.proto == UDP and value == 0:
            value = 0xFFFF  # 0 would say "no checksum" (RFC 768)
        return body[:at] + struct.pack("!H", value) + body[at + 2 :]


@dataclass(frozen=True, slots=True)
class Arp:
    op: int  # 1 request, 2 reply
    sender_mac: int
    sender_ip: IPv4Address
    target_mac: int
    target_ip: IPv4Address

    def __len__(self) -> int:
        return 28

    def encode(self) -> bytes:
        return struct.pack(
            "!HHBBH6s4s6s4s",
            1,
            ETHERTYPE_IPV4,
            6,
            4,
            self.op,
            self.sender_mac.to_bytes(6, "big"),
            self.sender_ip.packed,
            self.target_mac.to_bytes(6, "big"),
            self.target_ip.packed,
        )


@dataclass(frozen=True, slots=True)
class Ethernet:
    dst: int
    src: int
    ethertype: int
    payload: Ipv4 | Arp
    vlan: int | None = None  # an 802.1Q tag

    def __len__(self) -> int:
        tag = 4 if self.vlan is not None else 0
        return ETHERNET_HEADER + tag + max(46, len(self.payload))  # padded to the 60-byte minimum

    def header(self, tagged: bool = True) -> bytes:
        """The header's bytes: the addresses, the 802.1Q tag (if the frame has one and
        `tagged`), the ethertype."""
        tag = b"" if self.vlan is None or not tagged else struct.pack("!HH", ETHERTYPE_DOT1Q, self.vlan)
        addresses = self.dst.to_bytes(6, "big") + self.src.to_bytes(6, "big")
        return addresses + tag + struct.pack("!H", self.ethertype)

    def encode(self) -> bytes:
        body = self.payload.encode()
        return self.header() + body + bytes(max(0, 46 - len(body)))


def decode_ethernet(raw: bytes, cookie_size: int = 0) -> Ethernet:
    """An Ethernet II (or 802.3 LLC/SNAP) frame from its bytes, without the FCS: the inverse
    of `Ethernet.encode` (an L2TPv3 data message inside read with `cookie_size`, as
    `decode_ipv4` says). ValueError for what iosemu never sends."""
    from iosemu.protocols.snap import decode_snap

    at, vlan = 12, None
    if raw[12:14] == ETHERTYPE_DOT1Q.to_bytes(2, "big"):
        at, vlan = 16, int.from_bytes(raw[14:16], "big")
    if len(raw) < at + 2:
        raise ValueError(f"an Ethernet frame of {len(raw)} bytes")
    dst, src = int.from_bytes(raw[0:6], "big"), int.from_bytes(raw[6:12], "big")
    ethertype = struct.unpack_from("!H", raw, at)[0]
    body = raw[at + 2 :]
    if ethertype == ETHERTYPE_IPV4:
        payload = decode_ipv4(body, cookie_size)
    elif ethertype == ETHERTYPE_ARP:
        payload = decode_arp(body)
    elif ethertype <= 1500:  # an 802.3 length: LLC/SNAP (CDP)
        payload = decode_snap(body[:ethertype])
    else:
        from iosemu.protocols.pppoe import pdu as pppoe

        if ethertype not in (pppoe.DISCOVERY, pppoe.SESSION):
            raise ValueError(f"Ethertype 0x{ethertype:04x}")
        payload = pppoe.decode_frame(ethertype, body)
    return Ethernet(dst, src, ethertype, payload, vlan)


def decode_arp(raw: bytes) -> Arp:
    import dpkt

    try:
        arp = dpkt.arp.ARP(raw)
    except (dpkt.UnpackError, struct.error) as fault:
        raise ValueError(f"not an ARP packet ({fault})") from None
    if (arp.hrd, arp.pro, arp.hln, arp.pln) != (1, ETHERTYPE_IPV4, 6, 4):
        raise ValueError("an ARP packet not for IPv4 over Ethernet")
    return Arp(
        arp.op,
        int.from_bytes(arp.sha, "big"),
        IPv4Address(arp.spa),
        int.from_bytes(arp.tha, "big"),
        IPv4Address(arp.tpa),
    )


def decode_ipv4(raw: bytes, cookie_size: int = 0) -> Ipv4:
    """An IPv4 packet and its ICMP, UDP, TCP or L2TPv3 payload. A packet cut short (the one an
    ICMP error quotes: its header and 8 bytes) keeps what is there. An L2TP data message (UDP
    1701) carries its PPP frame as a frame; an L2TPv3 one (protocol 115) its Ethernet frame,
    after a cookie of `cookie_size` octets, which the bytes do not say (protocols/l2tpv3/pdu.py)."""
    import dpkt

    try:
        ip = dpkt.ip.IP(raw)
    except (dpkt.UnpackError, struct.error) as fault:
        raise ValueError(f"not an IPv4 packet ({fault})") from None
    if ip.v != 4 or ip.hl != 5:
        raise ValueError("an IPv4 header with options")
    body = raw[20 : min(ip.len, len(raw))]
    cut = ip.len > len(raw)  # what an ICMP error quotes: an L2TP payload in it is left unread
    if ip.p == ICMP:
        payload = decode_icmp(body, ip.len - 20)
    elif ip.p == UDP:
        if len(body) < 8:
            raise ValueError(f"a UDP datagram of {len(body)} bytes")
        from iosemu.protocols.l2tp import pdu as l2tp

        sport, dport = struct.unpack_from("!HH", body)
        data = body[8:]
        tunnelled = l2tp.PORT in (sport, dport) and not cut
        payload = Udp(sport, dport, l2tp.decode_datagram(data) if tunnelled else bytes(data))
    elif ip.p == TCP:
        from iosemu.protocols.tcp.segment import Malformed, decode

        try:
            payload = decode(body)
        except Malformed as fault:
            raise ValueError(str(fault)) from None
    else:
        from iosemu.protocols.l2tpv3 import pdu as l2tpv3

        if ip.p != l2tpv3.PROTOCOL:
            raise ValueError(f"IP protocol {ip.p}")
        payload = l2tpv3.L2tpIp(bytes(body)) if cut else l2tpv3.decode(body, cookie_size)
    return Ipv4(IPv4Address(ip.src), IPv4Address(ip.dst), ip.ttl, ip.p, payload, ip.id, bool(ip.df), ip.tos)


def decode_icmp(raw: bytes, length: int) -> Icmp:
    """An ICMP message of `length` bytes (fewer may be present, in a quoted packet)."""
    if len(raw) < 8:
        raise ValueError(f"an ICMP message of {len(raw)} bytes")
    kind, code, _, rest = struct.unpack_from("!BBHI", raw)
    if kind in (ECHO_REPLY, ECHO_REQUEST):
        return Icmp(kind, code, rest >> 16, rest & 0xFFFF, length - 8)
    if kind in (UNREACHABLE, SOURCE_QUENCH, TIME_EXCEEDED):
        return Icmp(kind, code, original=decode_ipv4(raw[8:]))
    raise ValueError(f"ICMP type {kind}")
