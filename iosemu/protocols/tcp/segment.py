"""The TCP segment (RFC 793 section 3.1), fields in wire order; bytes only when asked.

A segment crosses the simulated links as this object; `decode` reads one from bytes (a capture,
or the fuzz tests' random bytes) and raises `Malformed` for what is not a TCP header.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import ClassVar

FIN, SYN, RST, PSH, ACK, URG = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
FLAG_NAMES = ((SYN, "SYN"), (ACK, "ACK"), (FIN, "FIN"), (RST, "RST"), (PSH, "PSH"), (URG, "URG"))
_HEADER = struct.Struct("!HHIIBBHHH")
PROTOCOL = 6  # TCP's IP protocol number


class Malformed(ValueError):
    """Bytes that are not a TCP segment; the text says why."""


@dataclass(frozen=True, slots=True)
class Segment:
    PROTOCOL: ClassVar[int] = PROTOCOL

    sport: int
    dport: int
    seq: int
    ack: int
    flags: int
    window: int
    data: bytes = b""

    def __len__(self) -> int:
        return 20 + len(self.data)

    @property
    def length(self) -> int:
        """SEG.LEN: the octets of data, and one each for SYN and FIN (they take a sequence number)."""
        return len(self.data) + bool(self.flags & SYN) + bool(self.flags & FIN)

    def has(self, flag: int) -> bool:
        return bool(self.flags & flag)

    def describe(self) -> str:
        names = ",".join(name for flag, name in FLAG_NAMES if self.flags & flag) or "none"
        return f"{self.sport}->{self.dport} [{names}] seq {self.seq} ack {self.ack} len {len(self.data)}"

    def encode(self) -> bytes:
        """The header (no options, checksum 0: the pseudo-header's addresses are the packet's)
        and the data."""
        return (
            _HEADER.pack(self.sport, self.dport, self.seq, self.ack, 5 << 4, self.flags, self.window, 0, 0)
            + self.data
        )


def decode(raw: bytes) -> Segment:
    if len(raw) < _HEADER.size:
        raise Malformed(f"a segment of {len(raw)} bytes")
    sport, dport, seq, ack, offset, flags, window, _, _ = _HEADER.unpack_from(raw)
    header = (offset >> 4) * 4
    if header < _HEADER.size or header > len(raw):
        raise Malformed(f"a data offset of {header} bytes in {len(raw)}")
    return Segment(sport, dport, seq, ack, flags & 0x3F, window, bytes(raw[header:]))
