"""L2TPv3 over IP protocol 115 (RFC 3931 section 4.1.1): a 32-bit Session ID first; 0 marks
a control message, whose header (section 3.2.1: T, L, S, version 3, length, the 32-bit
Control Connection ID, Ns, Nr) and AVPs follow; any other is a data message for that
session: its cookie (0, 4 or 8 octets), the Default L2-Specific Sublayer where the session
has asked for it (`sequencing`: sequencing.py; none is IOS's default for Ethernet), then the
layer-2 frame.

A packet crosses the simulated IP network as an `L2tpIp` payload: its header octets, and the
Ethernet frame it carries as the frame object. The message digest of section 4.3 is the
Message Digest AVP right after the Message Type: HMAC-MD5 or HMAC-SHA-1, keyed with the
shared key (HMAC-MD5 of the octet 2 under the secret), of the nonces (the sender's first; none
in an SCCRQ) and the control message with the digest zeroed, as Wireshark's packet-l2tp.c
checks it ("RFC 3931 pg 37").

A capture reads a packet back with `decode`. Nothing in a data message says how long its cookie
is (section 4.1: the ends agree on it when the session is set up), so the caller gives the size:
0 unless told, as a pseudowire has none unless its l2tp-class sets `cookie size`; a reader that
knows the session gives its size. Wireshark has the same setting (l2tp.cookie_size), whose
default takes the size from the session's setup in the same capture.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass

from iosemu.protocols.l2tp import avp, pdu
from iosemu.protocols.l2tp.pdu import Control, Discard, Header, Message

PROTOCOL = 115
VERSION = 3
HEADER_SIZE = 12  # flags, length, connection id, Ns, Nr
CONTROL_FLAGS = pdu.T_BIT | pdu.L_BIT | pdu.S_BIT | VERSION
DIGEST_AT = HEADER_SIZE + 8 + 6  # the Message Type AVP, then the digest AVP's header
MD5, SHA1 = 0, 1  # digest types (section 5.4.1)
HASHES = {MD5: hashlib.md5, SHA1: hashlib.sha1}
PW_ETHERNET_VLAN, PW_ETHERNET = 0x0004, 0x0005  # RFC 4446 pseudowire types
CIRCUIT_ACTIVE, CIRCUIT_NEW = 0x0001, 0x0002  # Circuit Status bits (section 5.4.5)

# The AVPs section 6 requires in each message, beside the Message Type.
REQUIRED = {
    pdu.SCCRQ: (avp.HOST_NAME, avp.ROUTER_ID, avp.ASSIGNED_CONNECTION_ID, avp.PW_CAPABILITIES),
    pdu.SCCRP: (avp.HOST_NAME, avp.ROUTER_ID, avp.ASSIGNED_CONNECTION_ID, avp.PW_CAPABILITIES),
    pdu.SCCCN: (),
    pdu.STOPCCN: (avp.RESULT_CODE,),
    pdu.HELLO: (),
    pdu.ICRQ: (avp.LOCAL_SESSION_ID, avp.REMOTE_SESSION_ID, avp.CALL_SERIAL_NUMBER, avp.PW_TYPE),
    pdu.ICRP: (avp.LOCAL_SESSION_ID, avp.REMOTE_SESSION_ID, avp.PW_TYPE),
    pdu.ICCN: (avp.LOCAL_SESSION_ID, avp.REMOTE_SESSION_ID),
    pdu.CDN: (avp.RESULT_CODE, avp.LOCAL_SESSION_ID, avp.REMOTE_SESSION_ID),
    pdu.WEN: (avp.LOCAL_SESSION_ID, avp.REMOTE_SESSION_ID, avp.CALL_ERRORS),
    pdu.SLI: (avp.LOCAL_SESSION_ID, avp.REMOTE_SESSION_ID),
    pdu.ACK: (),
}
NONZERO = (avp.ASSIGNED_CONNECTION_ID, avp.LOCAL_SESSION_ID)


@dataclass(frozen=True)
class L2tpIp:
    """The payload of an IP packet of protocol 115: the L2TPv3 octets, and the frame a data
    message carries after them (None for a control message)."""

    data: bytes
    frame: object = None

    PROTOCOL = PROTOCOL

    def __len__(self) -> int:
        return len(self.data) + (len(self.frame) if self.frame is not None else 0)

    def encode(self) -> bytes:
        return self.data + (self.frame.encode() if self.frame is not None else b"")


def shared_key(secret: bytes) -> bytes:
    """Section 4.3: the key of every digest, from the configured secret."""
    return hmac.new(secret, b"\x02", hashlib.md5).digest()


@dataclass(frozen=True)
class Digest:
    """How one control message is digested: the shared key, the digest type, the nonces."""

    key: bytes
    kind: int = MD5
    nonces: bytes = b""

    def of(self, control: bytes, kind: int | None = None) -> bytes:
        """The HMAC of the nonces and the control message, its digest octets zeroed."""
        hashing = HASHES[self.kind if kind is None else kind]
        size = hashing().digest_size
        zeroed = control[: DIGEST_AT + 1] + bytes(size) + control[DIGEST_AT + 1 + size :]
        return hmac.new(self.key, self.nonces + zeroed, hashing).digest()


def encode_control(
    connection_id: int, ns: int, nr: int, message: Message | None, digest: Digest | None = None
) -> bytes:
    """A control message as it follows the zero Session ID (a ZLB when `message` is None);
    with `digest` it carries its Message Digest AVP."""
    body = b""
    if message is not None:
        if digest is not None:
            size = HASHES[digest.kind]().digest_size
            first = avp.Avp(avp.MESSAGE_DIGEST, bytes((digest.kind,)) + bytes(size))
            message = Message(message.kind, (first, *message.avps), message.mandatory)
        body = message.encode()
    control = struct.pack("!HHIHH", CONTROL_FLAGS, HEADER_SIZE + len(body), connection_id, ns, nr) + body
    if message is not None and digest is not None:
        mac = digest.of(control)
        control = control[: DIGEST_AT + 1] + mac + control[DIGEST_AT + 1 + len(mac) :]
    return control


def digest_ok(control: bytes, digest: Digest) -> bool:
    """Whether the control message's Message Digest AVP is right (False without one); the
    digest type is the one it names."""
    if len(control) < DIGEST_AT + 1 + 16:
        return False
    flags, vendor, attribute = struct.unpack_from("!HHH", control, DIGEST_AT - 6)
    kind = control[DIGEST_AT]
    if vendor != avp.IETF or attribute != avp.MESSAGE_DIGEST or kind not in HASHES:
        return False
    size = HASHES[kind]().digest_size
    if flags & avp.LENGTH_MASK != 6 + 1 + size or len(control) < DIGEST_AT + 1 + size:
        return False
    return hmac.compare_digest(control[DIGEST_AT + 1 : DIGEST_AT + 1 + size], digest.of(control, kind))


def decode_control(raw: bytes, secret: bytes | None = None) -> Control | Discard:
    """A control message (what follows the zero Session ID). Its header comes back as the
    L2TPv2 one the tunnel reads: the connection id as the tunnel id, the Remote Session ID AVP
    (the receiver's own id of the session) as the session id."""
    if len(raw) < HEADER_SIZE:
        return Discard(f"a header cut short at {len(raw)} octets")
    flags, length, connection_id, ns, nr = struct.unpack_from("!HHIHH", raw)
    if flags & pdu.VERSION_MASK != VERSION:
        return Discard(f"version {flags & pdu.VERSION_MASK}")
    if flags & (pdu.T_BIT | pdu.L_BIT | pdu.S_BIT) != pdu.T_BIT | pdu.L_BIT | pdu.S_BIT:
        return Discard("a control message without its Length and sequence numbers")
    if not HEADER_SIZE <= length <= len(raw):
        return Discard(f"a Length of {length} for {len(raw)} octets")
    header = Header(connection_id, 0, ns=ns, nr=nr, version=VERSION)
    if length == HEADER_SIZE:
        return Control(header, None)
    message, fault = pdu.read_message(raw[HEADER_SIZE:length], secret, REQUIRED, NONZERO)
    if message is not None:
        avps = tuple(each for each in message.avps if each.attribute != avp.MESSAGE_DIGEST)
        message = Message(message.kind, avps, message.mandatory)
        session = message.number(avp.REMOTE_SESSION_ID)
        header = Header(connection_id, session or 0, ns=ns, nr=nr, version=VERSION)
    return Control(header, message, fault)


def data_header(session_id: int, cookie: bytes) -> bytes:
    return struct.pack("!I", session_id) + cookie


def session_id_of(data: bytes) -> int | None:
    """The Session ID a packet starts with (0: a control message), None if it has none."""
    return struct.unpack_from("!I", data)[0] if len(data) >= 4 else None


def decode(raw: bytes, cookie_size: int = 0) -> L2tpIp:
    """A captured protocol 115 payload: the inverse of `L2tpIp.encode`, a data message's frame
    read as the Ethernet frame it carries after a cookie of `cookie_size` octets (0, 4 or 8;
    4 more where the session puts the Default L2-Specific Sublayer before its frames, RFC 4719
    section 4.1: all the octets between the Session ID and the frame).
    ValueError if the bytes are too short for that or the frame is not one."""
    from iosemu.protocols.ip.pdu import decode_ethernet

    session_id = session_id_of(raw)
    if session_id is None:
        raise ValueError(f"an L2TPv3 packet of {len(raw)} octets")
    if session_id == 0:
        return L2tpIp(bytes(raw))
    frame_at = 4 + cookie_size
    if len(raw) < frame_at:
        raise ValueError(f"an L2TPv3 data message of {len(raw)} octets with a {cookie_size}-octet cookie")
    return L2tpIp(bytes(raw[:frame_at]), decode_ethernet(raw[frame_at:]))
