"""L2TP packets over UDP 1701 (RFC 2661 section 3): the header (T, L, S, O and P bits, the
version, length, tunnel and session ids, Ns and Nr, the offset), control messages (section
3.2: a Message Type AVP and the AVPs section 6 requires of it; a ZLB has none) and data
messages (a PPP frame).

`decode` never raises: it returns a `Control`, a `Data` or a `Discard` saying why the packet
is dropped unread (section 3.1: an unknown version; a header cut short). A control message
whose header is sound but whose AVPs are not keeps its header, so that it is acknowledged,
and carries the `Fault` its StopCCN or CDN reports. A capture reads a datagram back with
`decode_datagram`, the inverse of what a tunnel sends.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from iosemu.protocols.l2tp import avp
from iosemu.protocols.l2tp.avp import Avp, Fault

PORT = 1701
T_BIT, L_BIT, S_BIT, O_BIT, P_BIT, VERSION_MASK = 0x8000, 0x4000, 0x0800, 0x0200, 0x0100, 0x000F
VERSION = 2
DATA_HEADER_SIZE = 6  # flags, tunnel and session ids: a data message as IOS sends it
PPP_FCS_SIZE = 2  # RFC 2661 5.2: the PPP frame crosses without its FCS (and without flags)

# Message types (section 3.2).
SCCRQ, SCCRP, SCCCN, STOPCCN, HELLO = 1, 2, 3, 4, 6
OCRQ, OCRP, OCCN, ICRQ, ICRP, ICCN, CDN, WEN, SLI = 7, 8, 9, 10, 11, 12, 14, 15, 16
ACK = 20  # RFC 3931's explicit acknowledgement
NAMES = {
    SCCRQ: "SCCRQ",
    SCCRP: "SCCRP",
    SCCCN: "SCCCN",
    STOPCCN: "StopCCN",
    HELLO: "HELLO",
    OCRQ: "OCRQ",
    OCRP: "OCRP",
    OCCN: "OCCN",
    ICRQ: "ICRQ",
    ICRP: "ICRP",
    ICCN: "ICCN",
    CDN: "CDN",
    WEN: "WEN",
    SLI: "SLI",
    ACK: "ACK",
}
SESSION_MESSAGES = frozenset((OCRQ, OCRP, OCCN, ICRQ, ICRP, ICCN, CDN, WEN, SLI))
# The AVPs section 6 requires in each message, beside the Message Type.
REQUIRED = {
    SCCRQ: (avp.PROTOCOL_VERSION, avp.HOST_NAME, avp.FRAMING_CAPABILITIES, avp.ASSIGNED_TUNNEL_ID),
    SCCRP: (avp.PROTOCOL_VERSION, avp.HOST_NAME, avp.FRAMING_CAPABILITIES, avp.ASSIGNED_TUNNEL_ID),
    SCCCN: (),
    STOPCCN: (avp.ASSIGNED_TUNNEL_ID, avp.RESULT_CODE),
    HELLO: (),
    OCRQ: (avp.ASSIGNED_SESSION_ID, avp.CALL_SERIAL_NUMBER),
    OCRP: (avp.ASSIGNED_SESSION_ID,),
    OCCN: (avp.TX_CONNECT_SPEED, avp.FRAMING_TYPE),
    ICRQ: (avp.ASSIGNED_SESSION_ID, avp.CALL_SERIAL_NUMBER),
    ICRP: (avp.ASSIGNED_SESSION_ID,),
    ICCN: (avp.TX_CONNECT_SPEED, avp.FRAMING_TYPE),
    CDN: (avp.RESULT_CODE, avp.ASSIGNED_SESSION_ID),
    WEN: (avp.CALL_ERRORS,),
    SLI: (avp.ACCM,),
}
NONZERO = (avp.ASSIGNED_TUNNEL_ID, avp.ASSIGNED_SESSION_ID)  # an id of 0 is no id (section 4.4.3)


@dataclass(frozen=True)
class Header:
    tunnel_id: int
    session_id: int = 0
    control: bool = True  # T
    ns: int | None = 0  # None: no sequence numbers (S clear)
    nr: int | None = 0
    length: bool = True  # L: the Length field is present
    offset: int | None = None  # the Offset Size (O set), None without one
    priority: bool = False  # P, data messages only
    version: int = VERSION

    def encode(self, body: bytes) -> bytes:
        flags = self.version | (T_BIT if self.control else 0) | (P_BIT if self.priority else 0)
        fields = b""
        if self.length:
            flags |= L_BIT
        fields += struct.pack("!HH", self.tunnel_id, self.session_id)
        if self.ns is not None:
            flags |= S_BIT
            fields += struct.pack("!HH", self.ns, self.nr or 0)
        if self.offset is not None:
            flags |= O_BIT
            fields += struct.pack("!H", self.offset) + bytes(self.offset)
        size = 2 + (2 if self.length else 0) + len(fields) + len(body)
        return struct.pack("!H", flags) + (struct.pack("!H", size) if self.length else b"") + fields + body


@dataclass(frozen=True)
class Message:
    """A control message's AVPs, the Message Type first (its M bit is `mandatory`)."""

    kind: int
    avps: tuple[Avp, ...] = ()
    mandatory: bool = True

    @property
    def name(self) -> str:
        return NAMES.get(self.kind, f"message type {self.kind}")

    def get(self, attribute: int, vendor: int = avp.IETF) -> Avp | None:
        return next((a for a in self.avps if a.attribute == attribute and a.vendor == vendor), None)

    def number(self, attribute: int) -> int | None:
        found = self.get(attribute)
        return None if found is None else found.number

    def encode(self, secret: bytes = b"", vector: bytes = b"") -> bytes:
        """The AVPs' bytes; a message with hidden AVPs carries `vector` in a Random Vector
        AVP right after its Message Type (section 4.3)."""
        out = Avp(avp.MESSAGE_TYPE, self.kind.to_bytes(2, "big"), self.mandatory).encode()
        if any(each.hidden for each in self.avps):
            out += Avp(avp.RANDOM_VECTOR, vector).encode()
        return out + b"".join(each.encode(secret, vector) for each in self.avps)


@dataclass(frozen=True)
class Control:
    header: Header
    message: Message | None  # None: a ZLB (or a message with no readable Message Type)
    fault: Fault | None = None

    @property
    def zlb(self) -> bool:
        return self.message is None and self.fault is None


@dataclass(frozen=True)
class Data:
    header: Header
    payload: bytes  # a PPP frame, from its address and control field or its protocol


@dataclass(frozen=True, slots=True)
class DataMessage:
    """A data message as it crosses the network: its header and the PPP frame it carries,
    from the address and control field on (bytes, or an object that stands for its bytes
    as an IP packet does); `encode()` gives the bytes section 3.1 lays out."""

    header: Header
    frame: object

    def __len__(self) -> int:
        frame = self.frame  # a PPP frame's size counts the FCS a serial line adds; L2TP has none
        return DATA_HEADER_SIZE + (len(frame) if isinstance(frame, bytes) else len(frame) - PPP_FCS_SIZE)

    def encode(self) -> bytes:
        frame = self.frame
        return self.header.encode(frame if isinstance(frame, bytes) else frame.encode())


@dataclass(frozen=True)
class Discard:
    reason: str


def encode_control(
    header: Header, message: Message | None, secret: bytes = b"", vector: bytes = b""
) -> bytes:
    return header.encode(b"" if message is None else message.encode(secret, vector))


def _header(raw: bytes) -> tuple[Header, int, int] | Discard:
    """The header, where the body starts and where it ends."""
    if len(raw) < 6:
        return Discard(f"a header cut short at {len(raw)} octets")
    (flags,) = struct.unpack_from("!H", raw)
    version, control = flags & VERSION_MASK, bool(flags & T_BIT)
    if version != VERSION:
        return Discard(f"version {version}")
    if control and (flags & (L_BIT | S_BIT) != L_BIT | S_BIT or flags & O_BIT):
        return Discard("a control message without its Length and sequence numbers, or with an offset")
    at, size = 2, None
    if flags & L_BIT:
        (size,) = struct.unpack_from("!H", raw, at)
        at += 2
    wanted = at + 4 + (4 if flags & S_BIT else 0) + (2 if flags & O_BIT else 0)
    end = len(raw) if size is None else size
    if wanted > min(end, len(raw)):
        return Discard(f"a header cut short at {min(end, len(raw))} octets")
    tunnel_id, session_id = struct.unpack_from("!HH", raw, at)
    at += 4
    ns = nr = offset = None
    if flags & S_BIT:
        ns, nr = struct.unpack_from("!HH", raw, at)
        at += 4
    if flags & O_BIT:
        (offset,) = struct.unpack_from("!H", raw, at)
        at += 2 + offset
    if end > len(raw) or at > end:
        return Discard(f"a Length of {end} for {len(raw)} octets")
    header = Header(
        tunnel_id, session_id, control, ns, nr, size is not None, offset, bool(flags & P_BIT), version
    )
    return header, at, end


def read_message(
    body: bytes, secret: bytes | None, required=REQUIRED, nonzero=NONZERO
) -> tuple[Message | None, Fault | None]:
    """The message and its fault, if any; the message type is kept whenever it could be read,
    so that a fault in a session's message clears the session alone. `required` and `nonzero`
    are the version's rules (L2TPv3 has its own: protocols/l2tpv3/pdu.py)."""
    found, fault = avp.decode_avps(body, secret)
    if not found or found[0].attribute != avp.MESSAGE_TYPE or found[0].hidden:
        return None, fault or Fault("no Message Type first", avp.OUT_OF_RANGE)
    first = found[0]
    avps = tuple(each for each in found[1:] if each.attribute != avp.RANDOM_VECTOR)
    message = Message(first.number, avps, first.mandatory)
    if fault is not None:
        return message, fault
    if message.kind not in required:
        fault = Fault(f"unknown mandatory {message.name}", avp.UNKNOWN_MANDATORY)
        return message, fault if first.mandatory else None
    for attribute in required[message.kind]:
        if message.get(attribute) is None:
            return message, Fault(f"{message.name} without AVP {attribute}", avp.OUT_OF_RANGE)
    for attribute in nonzero:
        if message.number(attribute) == 0:
            return message, Fault(f"{message.name} assigning id 0", avp.OUT_OF_RANGE)
    return message, None


def decode(raw: bytes, secret: bytes | None = None) -> Control | Data | Discard:
    """The packet in `raw` (hidden AVPs revealed with `secret`); octets past the Length are
    UDP padding and ignored."""
    found = _header(raw)
    if isinstance(found, Discard):
        return found
    header, at, end = found
    if not header.control:
        return Data(header, raw[at:end])
    if at == end:
        return Control(header, None)
    message, fault = read_message(raw[at:end], secret)
    return Control(header, message, fault)


def decode_datagram(raw: bytes) -> DataMessage | bytes:
    """A captured UDP 1701 payload as it crossed the network: a data message with the PPP frame
    it carries read back (the inverse of `DataMessage.encode`; ValueError if the frame is not
    one), or the bytes of anything else (a tunnel sends a control message as its bytes, which
    `decode` reads)."""
    from iosemu.protocols.ppp.pdu import decode_frame as decode_ppp

    found = decode(raw)
    if not isinstance(found, Data) or found.payload[:2] != b"\xff\x03":
        return bytes(raw)
    return DataMessage(found.header, decode_ppp(found.payload))
