"""Cisco HDLC frames and SLARP messages, fields in wire order (bytes only on request)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

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
