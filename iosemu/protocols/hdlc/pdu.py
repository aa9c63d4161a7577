"""Cisco HDLC frames and SLARP messages, fields in wire order (bytes only on request, and
read back by `decode` for captures)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from iosemu.protocols.ip.pdu import decode_ipv4

UNICAST = 0x0F
BROADCAST = 0x8F  # keepalives go to the broadcast address
SLARP = 0x8035
IPV4 = 0x0800

SLARP_REQUEST, SLARP_REPLY, SLARP_KEEPALIVE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class SlarpKeepalive:
    myseq: int
    yourseq: int
    reliability: int = 0xFFFF
    unique: int = 0  # IOS puts a number of its own in each keepalive: back again, the line is looped

    def encode(self) -> bytes:
        return struct.pack("!IIIHI", SLARP_KEEPALIVE, self.myseq, self.yourseq, self.reliability, self.unique)

    def __len__(self) -> int:
        return 18


@dataclass(frozen=True, slots=True)
class CiscoHdlc:
    address: int
    protocol: int
    payload: object

    def encode(self) -> bytes:
        body = self.payload.encode() if hasattr(self.payload, "encode") else bytes(self.payload)
        return struct.pack("!BBH", self.address, 0, self.protocol) + body

    def __len__(self) -> int:
        """The size IOS counts: address, control, protocol, payload and the 2-byte FCS."""
        return 4 + len(self.payload) + 2


def decode(raw: bytes) -> CiscoHdlc:
    """A Cisco HDLC frame from its bytes, without the FCS: the inverse of `CiscoHdlc.encode`
    (a SLARP keepalive, an IP packet, or the bytes of a Cisco layer-2 protocol such as CDP).
    ValueError for what iosemu never sends."""
    if len(raw) < 4:
        raise ValueError(f"a Cisco HDLC frame of {len(raw)} bytes")
    address, _, protocol = struct.unpack_from("!BBH", raw)
    body = raw[4:]
    if protocol == IPV4:
        return CiscoHdlc(address, protocol, decode_ipv4(body))
    if protocol != SLARP:
        return CiscoHdlc(address, protocol, bytes(body))
    if len(body) != 18 or struct.unpack_from("!I", body)[0] != SLARP_KEEPALIVE:
        raise ValueError("a SLARP message other than a keepalive")
    return CiscoHdlc(address, protocol, SlarpKeepalive(*struct.unpack_from("!IIHI", body, 4)))
