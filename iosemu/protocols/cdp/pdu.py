"""CDP advertisements in wire order: version, TTL (the holdtime), checksum, then TLVs
(type, length with its 4-byte header, value). Encoded to bytes on the way out and decoded
on arrival, so a malformed advertisement meets IOS's rules in one place: `Malformed`
names the `show cdp traffic` counter it raises."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from ipaddress import IPv4Address

from iosemu.protocols.ip.pdu import checksum

DEVICE_ID, ADDRESSES, PORT_ID, CAPABILITIES, VERSION, PLATFORM = 1, 2, 3, 4, 5, 6
VTP_DOMAIN, NATIVE_VLAN, DUPLEX, MANAGEMENT = 0x09, 0x0A, 0x0B, 0x16
NLPID, NLPID_IP = 1, 0xCC  # an address's protocol type and protocol: IP
HEADER = 4

# The capability bits, with the letter of `show cdp neighbors` and the word of the detail.
CAPABILITY_NAMES = (
    (0x001, "R", "Router"),
    (0x002, "T", "Trans-Bridge"),
    (0x004, "B", "Source-Route-Bridge"),
    (0x008, "S", "Switch"),
    (0x010, "H", "Host"),
    (0x020, "I", "IGMP"),
    (0x040, "r", "Repeater"),
    (0x080, "P", "Phone"),
    (0x100, "D", "Remote"),
    (0x200, "C", "CVTA"),
    (0x400, "M", "Two-port Mac Relay"),
)
ROUTER, SOURCE_ROUTE_BRIDGE, SWITCH, IGMP = 0x01, 0x04, 0x08, 0x20


class Malformed(Exception):
    """An advertisement IOS discards; `counter` is the `show cdp traffic` field it raises:
    `syntax` (Hdr syntax), `checksum` (Chksum error) or `invalid` (Invalid packet)."""

    def __init__(self, counter: str):
        super().__init__(counter)
        self.counter = counter


@dataclass(frozen=True, slots=True)
class CdpPacket:
    device_id: str
    port_id: str
    ttl: int = 180
    version: int = 2
    addresses: tuple[IPv4Address, ...] = ()
    capabilities: int = 0
    software: str = ""
    platform: str = ""
    vtp_domain: str | None = None  # CDPv2's three: VTP domain, native VLAN, duplex
    native_vlan: int | None = None
    duplex: bool | None = None  # full (True) or half
    management: tuple[IPv4Address, ...] | None = None  # None: no Management Address TLV

    def encode(self) -> bytes:
        tlvs = [
            _tlv(DEVICE_ID, self.device_id.encode("latin-1", "replace")),
            _tlv(ADDRESSES, _addresses(self.addresses)),
            _tlv(PORT_ID, self.port_id.encode("latin-1", "replace")),
            _tlv(CAPABILITIES, struct.pack("!I", self.capabilities)),
            _tlv(VERSION, self.software.encode("latin-1", "replace")),
            _tlv(PLATFORM, self.platform.encode("latin-1", "replace")),
        ]
        if self.vtp_domain is not None:
            tlvs.append(_tlv(VTP_DOMAIN, self.vtp_domain.encode("latin-1", "replace")))
        if self.native_vlan is not None:
            tlvs.append(_tlv(NATIVE_VLAN, struct.pack("!H", self.native_vlan)))
        if self.duplex is not None:
            tlvs.append(_tlv(DUPLEX, bytes((self.duplex,))))
        if self.management is not None:
            tlvs.append(_tlv(MANAGEMENT, _addresses(self.management)))
        body = b"".join(tlvs)
        head = struct.pack("!BBH", self.version, self.ttl, 0)
        total = checksum(head + body)
        return struct.pack("!BBH", self.version, self.ttl, total) + body


def _tlv(kind: int, value: bytes) -> bytes:
    return struct.pack("!HH", kind, HEADER + len(value)) + value


def _addresses(addresses: tuple[IPv4Address, ...]) -> bytes:
    out = struct.pack("!I", len(addresses))
    for address in addresses:
        out += struct.pack("!BBBH", NLPID, 1, NLPID_IP, 4) + address.packed
    return out


def _decode_addresses(value: bytes) -> tuple[IPv4Address, ...]:
    """The IP addresses of an Address TLV (other protocols' are skipped); a count or a
    length that runs past the TLV makes the advertisement invalid."""
    if len(value) < 4:
        raise Malformed("invalid")
    (count,) = struct.unpack_from("!I", value)
    found, at = [], 4
    for _ in range(count):
        if at + 2 > len(value):
            raise Malformed("invalid")
        length = value[at + 1]
        protocol = value[at + 2 : at + 2 + length]
        at += 2 + length
        if at + 2 > len(value):
            raise Malformed("invalid")
        (size,) = struct.unpack_from("!H", value, at)
        address = value[at + 2 : at + 2 + size]
        at += 2 + size
        if at > len(value):
            raise Malformed("invalid")
        if protocol == bytes((NLPID_IP,)) and size == 4:
            found.append(IPv4Address(address))
    return tuple(found)


def decode(data: bytes) -> CdpPacket:
    """An advertisement off the wire, or `Malformed`: a short header or an unknown version
    (Hdr syntax), a checksum that does not add up, TLVs that run past the end or an
    advertisement without a Device-ID (Invalid packet). Unknown TLVs are skipped."""
    if len(data) < HEADER or data[0] not in (1, 2):
        raise Malformed("syntax")
    if checksum(data) != 0:
        raise Malformed("checksum")
    values: dict[int, bytes] = {}
    at = HEADER
    while at < len(data):
        if at + HEADER > len(data):
            raise Malformed("invalid")
        kind, length = struct.unpack_from("!HH", data, at)
        if length < HEADER or at + length > len(data):
            raise Malformed("invalid")
        values.setdefault(kind, data[at + HEADER : at + length])
        at += length
    if DEVICE_ID not in values:
        raise Malformed("invalid")

    def text(kind: int) -> str:
        return values.get(kind, b"").decode("latin-1")

    def fixed(kind: int, size: int) -> int | None:
        value = values.get(kind)
        if value is None:
            return None
        if len(value) != size:
            raise Malformed("invalid")
        return int.from_bytes(value, "big")

    duplex = fixed(DUPLEX, 1)
    return CdpPacket(
        device_id=text(DEVICE_ID),
        port_id=text(PORT_ID),
        ttl=data[1],
        version=data[0],
        addresses=_decode_addresses(values[ADDRESSES]) if ADDRESSES in values else (),
        capabilities=fixed(CAPABILITIES, 4) or 0,
        software=text(VERSION),
        platform=text(PLATFORM),
        vtp_domain=text(VTP_DOMAIN) if VTP_DOMAIN in values else None,
        native_vlan=fixed(NATIVE_VLAN, 2),
        duplex=None if duplex is None else bool(duplex),
        management=_decode_addresses(values[MANAGEMENT]) if MANAGEMENT in values else None,
    )
