"""PPPoE packets (RFC 2516 section 4): the header (version and type 1, code, session id,
length), the discovery tags (section 4 and appendix A), and the session stage's payload, a PPP
frame from its protocol field on (no address and control field, section 7).

`decode` never raises: it returns the packet or a `Discard` saying why it is dropped (a version
or type other than 1, a length beyond the frame, a tag cut short, an unknown discovery code, or
a packet breaking section 5's rules for its code). A capture reads a packet back with
`decode_frame`, the inverse of `Pppoe.encode`: the session stage's PPP frame as a frame.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace

DISCOVERY, SESSION = 0x8863, 0x8864  # Ethertypes
VERSION_TYPE = 0x11
PADI, PADO, PADR, PADS, PADT, SESSION_DATA = 0x09, 0x07, 0x19, 0x65, 0xA7, 0x00
NAMES = {PADI: "PADI", PADO: "PADO", PADR: "PADR", PADS: "PADS", PADT: "PADT"}
HEADER_SIZE = 6

# Tag types (appendix A).
END_OF_LIST, SERVICE_NAME, AC_NAME, HOST_UNIQ, AC_COOKIE, VENDOR_SPECIFIC = (
    0,
    0x101,
    0x102,
    0x103,
    0x104,
    0x105,
)
RELAY_SESSION_ID, SERVICE_NAME_ERROR, AC_SYSTEM_ERROR, GENERIC_ERROR = 0x110, 0x201, 0x202, 0x203


@dataclass(frozen=True)
class Pppoe:
    code: int
    session_id: int = 0
    tags: tuple[tuple[int, bytes], ...] = ()  # discovery packets
    payload: object = b""  # session data: the PPP protocol field and information (or a PPP frame)

    @property
    def name(self) -> str:
        return NAMES.get(self.code, f"code 0x{self.code:02x}")

    @property
    def ethertype(self) -> int:
        return SESSION if self.code == SESSION_DATA else DISCOVERY

    def tag(self, kind: int) -> bytes | None:
        return next((value for each, value in self.tags if each == kind), None)

    def encode(self) -> bytes:
        payload = self.payload
        if not isinstance(payload, bytes):  # a PPP frame: its protocol and information (section 7)
            info = payload.payload if isinstance(payload.payload, bytes) else payload.payload.encode()
            payload = struct.pack("!H", payload.protocol) + info
        body = payload + b"".join(struct.pack("!HH", k, len(v)) + v for k, v in self.tags)
        return struct.pack("!BBHH", VERSION_TYPE, self.code, self.session_id, len(body)) + body

    def __len__(self) -> int:
        payload = self.payload
        size = len(payload) if isinstance(payload, bytes) else 2 + len(payload.payload)
        return HEADER_SIZE + size + sum(4 + len(v) for _, v in self.tags)


@dataclass(frozen=True)
class Discard:
    reason: str


def _tags(data: bytes) -> tuple[tuple[int, bytes], ...] | Discard:
    tags, at = [], 0
    while at + 4 <= len(data):
        kind, size = struct.unpack_from("!HH", data, at)
        if kind == END_OF_LIST:
            break  # what follows is ignored (appendix A)
        if at + 4 + size > len(data):
            return Discard(f"tag 0x{kind:04x} of {size} octets cut short")
        tags.append((kind, data[at + 4 : at + 4 + size]))
        at += 4 + size
    return tuple(tags)


def _broken_rule(packet: Pppoe) -> str | None:
    """Section 5: what each discovery packet must carry."""
    names = sum(1 for kind, _ in packet.tags if kind == SERVICE_NAME)
    if packet.code in (PADI, PADR) and (packet.session_id or names != 1):
        return f"{packet.name} with session id {packet.session_id} and {names} Service-Name tags"
    if packet.code == PADO and (packet.session_id or packet.tag(AC_NAME) is None or not names):
        return "PADO without its AC-Name and Service-Name"
    if packet.code == PADT and not packet.session_id:
        return "PADT for session 0"
    return None


def decode(ethertype: int, raw: bytes) -> Pppoe | Discard:
    if len(raw) < HEADER_SIZE:
        return Discard(f"a header cut short at {len(raw)} octets")
    version_type, code, session_id, size = struct.unpack_from("!BBHH", raw)
    if version_type != VERSION_TYPE:
        return Discard(f"version and type 0x{version_type:02x}")
    if HEADER_SIZE + size > len(raw):
        return Discard(f"a length of {size} for {len(raw) - HEADER_SIZE} octets")
    body = raw[HEADER_SIZE : HEADER_SIZE + size]  # Ethernet padding beyond it is dropped
    if ethertype == SESSION:
        if code != SESSION_DATA or not session_id or len(body) < 2:
            return Discard(f"session data of code 0x{code:02x} for session {session_id}")
        return Pppoe(SESSION_DATA, session_id, payload=body)
    if code not in NAMES:
        return Discard(f"discovery code 0x{code:02x}")
    tags = _tags(body)
    if isinstance(tags, Discard):
        return tags
    packet = Pppoe(code, session_id, tags)
    broken = _broken_rule(packet)
    return packet if broken is None else Discard(broken)


def decode_frame(ethertype: int, raw: bytes) -> Pppoe:
    """A captured packet from its bytes (the Ethernet padding after it ignored): the inverse of
    `Pppoe.encode`, session data read back as the PPP frame it carries (an IP packet inside
    decoded). ValueError, saying why, for what `decode` discards."""
    from iosemu.protocols.ppp.pdu import decode_frame as decode_ppp

    packet = decode(ethertype, raw)
    if isinstance(packet, Discard):
        raise ValueError(f"PPPoE: {packet.reason}")
    if packet.code != SESSION_DATA:
        return packet
    return replace(packet, payload=decode_ppp(b"\xff\x03" + packet.payload))  # no address and control
