"""DHCP messages (RFC 2131) and their options (RFC 2132), in wire order.

A message crosses the simulated network as bytes inside UDP 67/68 and is decoded on
arrival, so whatever a peer sends, however malformed, meets one set of rules here:
`decode` returns the message or raises `Malformed` saying what is wrong.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from ipaddress import IPv4Address

from iosemu.protocols.ip.pdu import UNSPECIFIED

SERVER_PORT, CLIENT_PORT = 67, 68
BOOTREQUEST, BOOTREPLY = 1, 2
MAGIC_COOKIE = bytes((99, 130, 83, 99))
BROADCAST_FLAG = 0x8000
ZERO = UNSPECIFIED

DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK, RELEASE, INFORM = range(1, 9)
KIND_NAMES = {
    DISCOVER: "DHCPDISCOVER",
    OFFER: "DHCPOFFER",
    REQUEST: "DHCPREQUEST",
    DECLINE: "DHCPDECLINE",
    ACK: "DHCPACK",
    NAK: "DHCPNAK",
    RELEASE: "DHCPRELEASE",
    INFORM: "DHCPINFORM",
}

PAD, END, OVERLOAD = 0, 255, 52
SUBNET_MASK, ROUTERS, DNS_SERVERS, HOSTNAME, DOMAIN_NAME = 1, 3, 6, 12, 15
REQUESTED_ADDRESS, LEASE_TIME, MESSAGE_TYPE, SERVER_ID, PARAMETERS = 50, 51, 53, 54, 55
RENEWAL_TIME, REBINDING_TIME, VENDOR_CLASS, CLIENT_ID = 58, 59, 60, 61

_FIXED = struct.Struct("!BBBBIHH4s4s4s4s16s64s128s")  # op ... file: 236 bytes


class Malformed(ValueError):
    """A message that is not DHCP as RFC 2131 writes it; the text says why."""


def _ips(value: bytes) -> tuple[IPv4Address, ...]:
    if not value or len(value) % 4:
        raise Malformed(f"an address list of {len(value)} bytes")
    return tuple(IPv4Address(value[i : i + 4]) for i in range(0, len(value), 4))


@dataclass(frozen=True)
class DhcpMessage:
    op: int
    xid: int
    chaddr: int  # the client's MAC address
    kind: int | None = None  # option 53 (None: a BOOTP message)
    flags: int = 0
    secs: int = 0
    hops: int = 0
    ciaddr: IPv4Address = ZERO
    yiaddr: IPv4Address = ZERO
    siaddr: IPv4Address = ZERO
    giaddr: IPv4Address = ZERO
    options: tuple[tuple[int, bytes], ...] = ()  # the others, in the order given

    @property
    def broadcast(self) -> bool:
        return bool(self.flags & BROADCAST_FLAG)

    def option(self, code: int) -> bytes | None:
        return next((value for number, value in self.options if number == code), None)

    def address_option(self, code: int) -> IPv4Address | None:
        value = self.option(code)
        return _ips(value)[0] if value is not None and len(value) == 4 else None

    def addresses_option(self, code: int) -> tuple[IPv4Address, ...]:
        value = self.option(code)
        try:
            return _ips(value) if value is not None else ()
        except Malformed:
            return ()

    def seconds_option(self, code: int) -> int | None:
        value = self.option(code)
        return struct.unpack("!I", value)[0] if value is not None and len(value) == 4 else None

    def text_option(self, code: int) -> str | None:
        value = self.option(code)
        return value.decode("latin-1") if value is not None else None

    def encode(self) -> bytes:
        fixed = _FIXED.pack(
            self.op,
            1,  # Ethernet
            6,
            self.hops,
            self.xid,
            self.secs,
            self.flags,
            self.ciaddr.packed,
            self.yiaddr.packed,
            self.siaddr.packed,
            self.giaddr.packed,
            self.chaddr.to_bytes(6, "big") + bytes(10),
            bytes(64),
            bytes(128),
        )
        out = bytearray(fixed + MAGIC_COOKIE)
        if self.kind is not None:
            out += bytes((MESSAGE_TYPE, 1, self.kind))
        for code, value in self.options:
            for at in range(0, max(len(value), 1), 255):  # RFC 3396: a long option in pieces
                piece = value[at : at + 255]
                out += bytes((code, len(piece))) + piece
        out.append(END)
        out += bytes(max(0, 300 - len(out)))  # BOOTP's minimum size, as clients pad it
        return bytes(out)


def dotted(data: bytes) -> str:
    """Bytes as IOS writes a client identifier or a MAC address: hex, two bytes a group."""
    digits = data.hex()
    return ".".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def address(value: IPv4Address) -> bytes:
    return value.packed


def addresses(values) -> bytes:
    return b"".join(v.packed for v in values)


def seconds(value: int) -> bytes:
    return struct.pack("!I", value & 0xFFFFFFFF)


def decode(data: bytes) -> DhcpMessage:
    """The message in a UDP payload, or Malformed."""
    if len(data) < _FIXED.size + 4:
        raise Malformed(f"{len(data)} bytes is shorter than a DHCP message")
    op, htype, hlen, hops, xid, secs, flags, ci, yi, si, gi, chaddr, _, _ = _FIXED.unpack_from(data)
    if op not in (BOOTREQUEST, BOOTREPLY):
        raise Malformed(f"op {op}")
    if htype != 1 or hlen != 6:
        raise Malformed(f"hardware type {htype} length {hlen}")
    if data[_FIXED.size : _FIXED.size + 4] != MAGIC_COOKIE:
        raise Malformed("no magic cookie")
    options: dict[int, bytes] = {}
    order: list[int] = []
    at = _FIXED.size + 4
    while at < len(data):
        code = data[at]
        if code == PAD:
            at += 1
            continue
        if code == END:
            break
        if at + 1 >= len(data) or at + 2 + data[at + 1] > len(data):
            raise Malformed(f"option {code} runs past the end")
        value = data[at + 2 : at + 2 + data[at + 1]]
        if code not in options:
            order.append(code)
            options[code] = b""
        options[code] += value  # RFC 3396: pieces of one option are joined
        at += 2 + data[at + 1]
    kind = None
    if MESSAGE_TYPE in options:
        value = options.pop(MESSAGE_TYPE)
        order.remove(MESSAGE_TYPE)
        if len(value) != 1 or value[0] not in KIND_NAMES:
            raise Malformed(f"message type {value.hex()}")
        kind = value[0]
    return DhcpMessage(
        op,
        xid,
        int.from_bytes(chaddr[:6], "big"),
        kind,
        flags,
        secs,
        hops,
        IPv4Address(ci),
        IPv4Address(yi),
        IPv4Address(si),
        IPv4Address(gi),
        tuple((code, options[code]) for code in order),
    )
