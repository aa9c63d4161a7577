"""L2TP attribute-value pairs (RFC 2661 section 4; the same layout in RFC 3931 section 5):
the AVP header (M and H bits, length, vendor id, attribute type), the IETF attributes with
the value lengths section 4.4 allows, the values IOS sends, and the hiding of section 4.3.

Decoding never raises: `decode_avps` returns the AVPs or a `Fault` naming what is wrong and
the error code (section 4.4.2) a StopCCN or CDN reports for it.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

M_BIT, H_BIT, RESERVED_BITS, LENGTH_MASK = 0x8000, 0x4000, 0x3C00, 0x03FF
HEADER_SIZE, MAX_SIZE = 6, LENGTH_MASK
IETF, CISCO = 0, 9  # vendor ids

# Attribute types (section 4.4).
MESSAGE_TYPE, RESULT_CODE, PROTOCOL_VERSION, FRAMING_CAPABILITIES, BEARER_CAPABILITIES = 0, 1, 2, 3, 4
TIE_BREAKER, FIRMWARE_REVISION, HOST_NAME, VENDOR_NAME, ASSIGNED_TUNNEL_ID = 5, 6, 7, 8, 9
RECEIVE_WINDOW_SIZE, CHALLENGE, Q931_CAUSE, CHALLENGE_RESPONSE, ASSIGNED_SESSION_ID = 10, 11, 12, 13, 14
CALL_SERIAL_NUMBER, MINIMUM_BPS, MAXIMUM_BPS, BEARER_TYPE, FRAMING_TYPE = 15, 16, 17, 18, 19
CALLED_NUMBER, CALLING_NUMBER, SUB_ADDRESS, TX_CONNECT_SPEED, PHYSICAL_CHANNEL_ID = 21, 22, 23, 24, 25
INITIAL_RECEIVED_CONFREQ, LAST_SENT_CONFREQ, LAST_RECEIVED_CONFREQ = 26, 27, 28
PROXY_AUTHEN_TYPE, PROXY_AUTHEN_NAME, PROXY_AUTHEN_CHALLENGE = 29, 30, 31
PROXY_AUTHEN_ID, PROXY_AUTHEN_RESPONSE, CALL_ERRORS, ACCM, RANDOM_VECTOR = 32, 33, 34, 35, 36
PRIVATE_GROUP_ID, RX_CONNECT_SPEED, SEQUENCING_REQUIRED = 37, 38, 39
# RFC 3931 section 5.4 (L2TPv3): the same layout, more attributes.
MESSAGE_DIGEST, ROUTER_ID, ASSIGNED_CONNECTION_ID, PW_CAPABILITIES = 59, 60, 61, 62
LOCAL_SESSION_ID, REMOTE_SESSION_ID, ASSIGNED_COOKIE, REMOTE_END_ID = 63, 64, 65, 66
PW_TYPE, L2_SUBLAYER, DATA_SEQUENCING, CIRCUIT_STATUS, NONCE = 68, 69, 70, 71, 73

ANY = MAX_SIZE - HEADER_SIZE
# attribute -> (smallest, largest) value length section 4.4 allows
LENGTHS: dict[int, tuple[int, int]] = {
    MESSAGE_TYPE: (2, 2),
    RESULT_CODE: (2, ANY),
    PROTOCOL_VERSION: (2, 2),
    FRAMING_CAPABILITIES: (4, 4),
    BEARER_CAPABILITIES: (4, 4),
    TIE_BREAKER: (8, 8),
    FIRMWARE_REVISION: (2, 2),
    HOST_NAME: (1, ANY),
    VENDOR_NAME: (0, ANY),
    ASSIGNED_TUNNEL_ID: (2, 2),
    RECEIVE_WINDOW_SIZE: (2, 2),
    CHALLENGE: (1, ANY),
    Q931_CAUSE: (3, ANY),
    CHALLENGE_RESPONSE: (16, 16),
    ASSIGNED_SESSION_ID: (2, 2),
    CALL_SERIAL_NUMBER: (4, 4),
    MINIMUM_BPS: (4, 4),
    MAXIMUM_BPS: (4, 4),
    BEARER_TYPE: (4, 4),
    FRAMING_TYPE: (4, 4),
    CALLED_NUMBER: (0, ANY),
    CALLING_NUMBER: (0, ANY),
    SUB_ADDRESS: (0, ANY),
    TX_CONNECT_SPEED: (4, 4),
    PHYSICAL_CHANNEL_ID: (4, 4),
    INITIAL_RECEIVED_CONFREQ: (0, ANY),
    LAST_SENT_CONFREQ: (0, ANY),
    LAST_RECEIVED_CONFREQ: (0, ANY),
    PROXY_AUTHEN_TYPE: (2, 2),
    PROXY_AUTHEN_NAME: (0, ANY),
    PROXY_AUTHEN_CHALLENGE: (0, ANY),
    PROXY_AUTHEN_ID: (2, 2),
    PROXY_AUTHEN_RESPONSE: (0, ANY),
    CALL_ERRORS: (26, 26),
    ACCM: (10, 10),
    RANDOM_VECTOR: (1, ANY),
    PRIVATE_GROUP_ID: (0, ANY),
    RX_CONNECT_SPEED: (4, 4),
    SEQUENCING_REQUIRED: (0, 0),
    MESSAGE_DIGEST: (17, 21),  # the digest type, then an HMAC-MD5 or HMAC-SHA-1
    ROUTER_ID: (4, 4),
    ASSIGNED_CONNECTION_ID: (4, 4),
    PW_CAPABILITIES: (0, ANY),
    LOCAL_SESSION_ID: (4, 4),
    REMOTE_SESSION_ID: (4, 4),
    ASSIGNED_COOKIE: (4, 8),
    REMOTE_END_ID: (1, ANY),
    PW_TYPE: (2, 2),
    L2_SUBLAYER: (2, 2),
    DATA_SEQUENCING: (2, 2),
    CIRCUIT_STATUS: (2, 2),
    NONCE: (16, 64),
}
# Vendor-specific attributes this end reads: (vendor, attribute) -> value lengths. Cisco's
# Session Tie Breaker (IOS's ICRQ of a pseudowire; Wireshark's packet-l2tp.c names it).
CISCO_SESSION_TIE_BREAKER = 9
VENDOR_LENGTHS: dict[tuple[int, int], tuple[int, int]] = {(CISCO, CISCO_SESSION_TIE_BREAKER): (8, 8)}
# section 4.4.1 and 4.4.3 (RFC 3931 5.4.1 and 5.4.3 for the digest and nonce): the H bit MUST be 0
NEVER_HIDDEN = (MESSAGE_TYPE, RANDOM_VECTOR, MESSAGE_DIGEST, NONCE)

# General error codes (section 4.4.2), carried after a Result Code of "general error".
NO_ERROR, NO_CONTROL_CONNECTION, WRONG_LENGTH, OUT_OF_RANGE, NO_RESOURCES = 0, 1, 2, 3, 4
INVALID_SESSION, VENDOR_ERROR, TRY_ANOTHER, UNKNOWN_MANDATORY = 5, 6, 7, 8

FRAMING_SYNC, FRAMING_ASYNC = 1, 2  # Framing Capabilities / Framing Type bits
BEARER_DIGITAL, BEARER_ANALOG = 1, 2


@dataclass(frozen=True)
class Fault:
    """A message that cannot be taken as sent: why (for debug), and the error code its
    StopCCN or CDN reports."""

    reason: str
    error: int


@dataclass(frozen=True)
class Avp:
    attribute: int
    value: bytes = b""
    mandatory: bool = True
    hidden: bool = False
    vendor: int = IETF

    @property
    def number(self) -> int:
        """The value as an unsigned big-endian number (the 2- and 4-octet attributes)."""
        return int.from_bytes(self.value, "big")

    @property
    def text(self) -> str:
        return self.value.decode("latin-1")

    def encode(self, secret: bytes = b"", vector: bytes = b"") -> bytes:
        """The AVP's bytes; a hidden one is hidden with `secret` and the Random Vector that
        precedes it in the message."""
        value = hide(self.attribute, self.value, secret, vector) if self.hidden else self.value
        flags = (M_BIT if self.mandatory else 0) | (H_BIT if self.hidden else 0)
        return struct.pack("!HHH", flags | (HEADER_SIZE + len(value)), self.vendor, self.attribute) + value


def number(attribute: int, value: int, size: int = 2, mandatory: bool = True) -> Avp:
    return Avp(attribute, value.to_bytes(size, "big"), mandatory)


def text(attribute: int, value: str, mandatory: bool = True) -> Avp:
    return Avp(attribute, value.encode("latin-1"), mandatory)


def result_code(result: int, error: int | None = None, message: str = "") -> Avp:
    """Result Code (section 4.4.2): the result, then optionally the error code and a message."""
    value = result.to_bytes(2, "big")
    if error is not None or message:
        value += (error or 0).to_bytes(2, "big") + message.encode("latin-1")
    return Avp(RESULT_CODE, value)


@dataclass(frozen=True)
class Result:
    result: int
    error: int | None = None
    message: str = ""


def read_result(avp: Avp) -> Result:
    value = avp.value
    error = int.from_bytes(value[2:4], "big") if len(value) >= 4 else None
    return Result(int.from_bytes(value[:2], "big"), error, value[4:].decode("latin-1"))


def _crypt(attribute: int, secret: bytes, vector: bytes, data: bytes, hiding: bool) -> bytes:
    """Section 4.3: b(1) = MD5(type + secret + vector), b(i) = MD5(secret + c(i-1)), where c
    is the hidden text; each 16-octet chunk is XORed with its b (the last with what it needs)."""
    out, previous = bytearray(), attribute.to_bytes(2, "big") + secret + vector
    for at in range(0, len(data), 16):
        chunk = data[at : at + 16]
        crossed = bytes(a ^ b for a, b in zip(chunk, hashlib.md5(previous).digest(), strict=False))
        out += crossed
        previous = secret + (crossed if hiding else chunk)
    return bytes(out)


def hide(attribute: int, value: bytes, secret: bytes, vector: bytes) -> bytes:
    """The hidden form: the original length and the value (no padding), encrypted."""
    return _crypt(attribute, secret, vector, len(value).to_bytes(2, "big") + value, hiding=True)


def unhide(attribute: int, hidden: bytes, secret: bytes, vector: bytes) -> bytes | None:
    """The value a hidden AVP carries (its padding dropped), or None when its original
    length does not fit in it."""
    plain = _crypt(attribute, secret, vector, hidden, hiding=False)
    size = int.from_bytes(plain[:2], "big")
    return plain[2 : 2 + size] if len(plain) >= 2 and 2 + size <= len(plain) else None


def decode_avps(data: bytes, secret: bytes | None) -> tuple[tuple[Avp, ...], Fault | None]:
    """The AVPs of a control message up to its first fault, if any, hidden ones revealed
    with `secret` and the Random Vector before them. An AVP whose length runs past the
    message or falls short of its header, or a known attribute of a length section 4.4
    forbids, is `WRONG_LENGTH`; a mandatory AVP this end cannot read (unknown, reserved
    bits set, hidden with no secret or vector) is `UNKNOWN_MANDATORY` (section 4.2); an
    optional one is dropped."""
    avps, at, vector = [], 0, b""
    while at < len(data):
        if at + HEADER_SIZE > len(data):
            return tuple(avps), Fault(f"an AVP header cut short at octet {at}", WRONG_LENGTH)
        flags, vendor, attribute = struct.unpack_from("!HHH", data, at)
        length = flags & LENGTH_MASK
        if length < HEADER_SIZE or at + length > len(data):
            return tuple(avps), Fault(f"AVP {vendor}:{attribute} of length {length}", WRONG_LENGTH)
        value, at = data[at + HEADER_SIZE : at + length], at + length
        mandatory, hidden = bool(flags & M_BIT), bool(flags & H_BIT)
        lengths = LENGTHS.get(attribute) if vendor == IETF else VENDOR_LENGTHS.get((vendor, attribute))
        readable = not flags & RESERVED_BITS and lengths is not None
        if readable and hidden:
            revealed = None
            if secret is not None and vector and attribute not in NEVER_HIDDEN:
                revealed = unhide(attribute, value, secret, vector)
            readable, value = revealed is not None, revealed or b""
        if not readable:
            if mandatory:
                return tuple(avps), Fault(f"unknown mandatory AVP {vendor}:{attribute}", UNKNOWN_MANDATORY)
            continue
        low, high = lengths
        if not low <= len(value) <= high:
            return tuple(avps), Fault(f"AVP {attribute} of {len(value)} octets", WRONG_LENGTH)
        if vendor == IETF and attribute == RANDOM_VECTOR:
            vector = value
        avps.append(Avp(attribute, value, mandatory, hidden, vendor))
    return tuple(avps), None
