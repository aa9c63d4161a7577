"""PPP frames and control packets, in wire order.

Nothing changes a frame or a packet once made; the two that every keepalive makes, `PppFrame`
and `Packet`, are plain (not frozen) slotted dataclasses only because a frozen one costs
three times as much to make.

A frame carries its protocol number and either bytes (the control protocols: LCP, the
NCPs, PAP, CHAP, exactly as they cross a real line) or a packet object (IP). Control
packets are decoded on arrival, so whatever the far end sends, however malformed, meets
the RFC's rules for it here.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from iosemu.protocols.ip.pdu import decode_ipv4

LCP, PAP, CHAP, LQR = 0xC021, 0xC023, 0xC223, 0xC025
IPCP, CDPCP = 0x8021, 0x8207
IP, MP = 0x0021, 0x003D
CDP = 0x0207  # CDP's packets, once CDPCP is open

# Control-packet codes (RFC 1661 section 5): every automaton has 1-7, LCP also 8-11.
CONFREQ, CONFACK, CONFNAK, CONFREJ, TERMREQ, TERMACK, CODEREJ = 1, 2, 3, 4, 5, 6, 7
PROTREJ, ECHOREQ, ECHOREP, DISCREQ = 8, 9, 10, 11

CODE_NAMES = {
    CONFREQ: "CONFREQ",
    CONFACK: "CONFACK",
    CONFNAK: "CONFNAK",
    CONFREJ: "CONFREJ",
    TERMREQ: "TERMREQ",
    TERMACK: "TERMACK",
    CODEREJ: "CODEREJ",
    PROTREJ: "PROTREJ",
    ECHOREQ: "ECHOREQ",
    ECHOREP: "ECHOREP",
    DISCREQ: "DISCREQ",
}


@dataclass(slots=True)
class PppFrame:
    protocol: int
    payload: object  # bytes for control protocols, a packet object for IP

    def encode(self) -> bytes:
        body = self.payload if isinstance(self.payload, bytes) else self.payload.encode()
        return struct.pack("!BBH", 0xFF, 0x03, self.protocol) + body

    def __len__(self) -> int:
        """The size IOS counts: address, control, protocol, payload and the 2-byte FCS."""
        return 4 + len(self.payload) + 2

    @classmethod
    def decode(cls, raw: bytes) -> PppFrame | None:
        """A frame as bytes (RFC 1662: address 0xFF, control 0x03, the protocol, the
        information; no FCS, as a tunnel carries it), None if it is not one."""
        if len(raw) < 4 or raw[:2] != b"\xff\x03":
            return None
        return cls(int.from_bytes(raw[2:4], "big"), raw[4:])


@dataclass(slots=True)
class Packet:
    """A control packet: code, identifier and data (the length is derived)."""

    code: int
    ident: int
    data: bytes = b""

    def encode(self) -> bytes:
        return encode_packet(self.code, self.ident, self.data)

    def __len__(self) -> int:
        return 4 + len(self.data)

    @classmethod
    def decode(cls, raw: bytes) -> Packet | None:
        """The packet in `raw`, or None when RFC 1661 says to discard it silently: shorter
        than a header, or a Length field below 4 or beyond the bytes received. Octets past
        the Length are padding."""
        if len(raw) < 4:
            return None
        code, ident, length = struct.unpack_from("!BBH", raw)
        if length < 4 or length > len(raw):
            return None
        return cls(code, ident, raw[4:length])


def encode_packet(code: int, ident: int, data: bytes) -> bytes:
    """A control packet's bytes: code, identifier, length, data."""
    return struct.pack("!BBH", code, ident, 4 + len(data)) + data


@dataclass(frozen=True, slots=True)
class Option:
    kind: int
    value: bytes = b""

    def encode(self) -> bytes:
        return bytes((self.kind, 2 + len(self.value))) + self.value


def decode_options(data: bytes) -> list[Option] | None:
    """The options of a Configure packet, or None if one is truncated or its length is
    below 2 (the whole packet is then malformed and discarded)."""
    options, at = [], 0
    while at < len(data):
        if at + 2 > len(data):
            return None
        kind, length = data[at], data[at + 1]
        if length < 2 or at + length > len(data):
            return None
        options.append(Option(kind, bytes(data[at + 2 : at + length])))
        at += length
    return options


def encode_options(options) -> bytes:
    return b"".join(option.encode() for option in options)


def decode_frame(raw: bytes) -> PppFrame:
    """A PPP frame in HDLC-like framing (RFC 1662) from its bytes, without the FCS: the
    inverse of `PppFrame.encode` (an IP packet, an MP fragment, or a control packet's bytes)."""
    from iosemu.protocols.ppp.multilink import decode_fragment

    if len(raw) < 4 or raw[:2] != b"\xff\x03":
        raise ValueError("not a PPP frame in HDLC-like framing")
    protocol = struct.unpack_from("!H", raw, 2)[0]
    body = raw[4:]
    if protocol == IP:
        return PppFrame(protocol, decode_ipv4(body))
    if protocol == MP:
        return PppFrame(protocol, decode_fragment(body))
    return PppFrame(protocol, bytes(body))
