"""IPv4, ICMP, UDP, ARP and Ethernet II frames, fields in wire order.

Sizes are known without encoding (`len(packet)`), so counters never build bytes; bytes
are produced only when a capture asks for them (`encode()`).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import ClassVar

ICMP, UDP = 1, 17
ETHERTYPE_IPV4, ETHERTYPE_ARP, ETHERTYPE_DOT1Q = 0x0800, 0x0806, 0x8100
BROADCAST_MAC = 0xFFFF_FFFF_FFFF
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
    data: bytes = b""  # what the application sent (a DHCP message; nothing for a traceroute probe)

    def __len__(self) -> int:
        return 8 + len(self.data)

    def encode(self) -> bytes:
        return struct.pack("!HHHH", self.sport, self.dport, len(self), 0) + self.data


@dataclass(frozen=True, slots=True)
class Ipv4:
    src: IPv4Address
    dst: IPv4Address
    ttl: int
    proto: int
    payload: Icmp | Udp  # or another protocol's PDU (a TCP segment), with its PROTOCOL number
    ident: int = 0
    df: bool = False

    def __len__(self) -> int:
        return 20 + len(self.payload)

    def encode(self) -> bytes:
        flags = 0x4000 if self.df else 0
        fields = [
            0x45,
            0,
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
        return struct.pack("!BBHHHBBH4s4s", *fields) + self.payload.encode()


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
        return 14 + tag + max(46, len(self.payload))  # padded to the 60-byte minimum

    def encode(self) -> bytes:
        body = self.payload.encode()
        body += bytes(max(0, 46 - len(body)))
        tag = b"" if self.vlan is None else struct.pack("!HH", ETHERTYPE_DOT1Q, self.vlan)
        addresses = self.dst.to_bytes(6, "big") + self.src.to_bytes(6, "big")
        return addresses + tag + struct.pack("!H", self.ethertype) + body
