"""The L2TP header and AVP codec against RFC 2661 sections 3.1, 4.1, 4.3 and 4.4: the bytes,
the round trip, and what is refused and why."""

from __future__ import annotations

import hashlib
import struct

from hypothesis import given
from hypothesis import strategies as st

from iosemu.protocols.l2tp import avp, pdu
from iosemu.protocols.l2tp.avp import Avp
from iosemu.protocols.l2tp.pdu import Control, Data, Discard, Header, Message

SCCRQ_AVPS = (
    Avp(avp.PROTOCOL_VERSION, b"\x01\x00"),
    avp.text(avp.HOST_NAME, "LAC"),
    avp.number(avp.FRAMING_CAPABILITIES, 3, 4),
    avp.number(avp.ASSIGNED_TUNNEL_ID, 7),
)


def _sccrq(*extra: bytes) -> bytes:
    """An SCCRQ's bytes with `extra` raw AVPs after its own."""
    body = Message(pdu.SCCRQ, SCCRQ_AVPS).encode() + b"".join(extra)
    return Header(0).encode(body)


def _raw_avp(attribute: int, value: bytes, flags: int = avp.M_BIT, vendor: int = 0) -> bytes:
    return struct.pack("!HHH", flags | (6 + len(value)), vendor, attribute) + value


def test_avp_bytes_follow_section_4_1():
    assert avp.text(avp.HOST_NAME, "LAC").encode() == bytes.fromhex("8009 0000 0007 4c4143")
    assert avp.text(avp.VENDOR_NAME, "x", mandatory=False).encode() == bytes.fromhex("0007 0000 0008 78")
    assert avp.result_code(2, 6, "m").encode() == bytes.fromhex("800b 0000 0001 0002 0006 6d")
    assert avp.result_code(1).encode() == bytes.fromhex("8008 0000 0001 0001")


def test_a_zlb_is_a_header_of_12_octets():
    raw = pdu.encode_control(Header(5, 0, ns=3, nr=9), None)
    assert raw == bytes.fromhex("c802 000c 0005 0000 0003 0009")
    packet = pdu.decode(raw)
    assert isinstance(packet, Control) and packet.zlb and packet.header.ns == 3


def test_hidden_avps_follow_section_4_3():
    secret, vector, value = b"cisco", b"\x11" * 16, b"a password of 21 byte"
    hidden = Avp(avp.PROXY_AUTHEN_RESPONSE, value, hidden=True).encode(secret, vector)
    assert hidden[:2] == struct.pack("!H", avp.M_BIT | avp.H_BIT | (6 + 2 + len(value)))
    plain = len(value).to_bytes(2, "big") + value
    b1 = hashlib.md5(avp.PROXY_AUTHEN_RESPONSE.to_bytes(2, "big") + secret + vector).digest()
    c1 = bytes(a ^ b for a, b in zip(plain[:16], b1, strict=True))
    b2 = hashlib.md5(secret + c1).digest()
    c2 = bytes(a ^ b for a, b in zip(plain[16:], b2, strict=False))
    assert hidden[6:] == c1 + c2
    message = Message(pdu.SCCRQ, SCCRQ_AVPS + (Avp(avp.PROXY_AUTHEN_RESPONSE, value, hidden=True),))
    raw = pdu.encode_control(Header(0), message, secret, vector)
    revealed = pdu.decode(raw, secret).message
    assert revealed.get(avp.PROXY_AUTHEN_RESPONSE).value == value
    # without the secret the mandatory hidden AVP cannot be read: section 4.2's unknown M-bit AVP
    assert pdu.decode(raw).fault.error == avp.UNKNOWN_MANDATORY


@given(value=st.binary(max_size=100), secret=st.binary(min_size=1, max_size=20), vector=st.binary(min_size=1))
def test_hidden_values_of_any_length_come_back(value, secret, vector):
    hidden = avp.hide(avp.CALLED_NUMBER, value, secret, vector)
    assert avp.unhide(avp.CALLED_NUMBER, hidden, secret, vector) == value
    assert avp.unhide(avp.CALLED_NUMBER, hidden + b"pad", secret, vector) == value


headers = st.builds(
    Header,
    tunnel_id=st.integers(0, 0xFFFF),
    session_id=st.integers(0, 0xFFFF),
    control=st.just(False),
    ns=st.none() | st.integers(0, 0xFFFF),
    nr=st.integers(0, 0xFFFF),
    length=st.booleans(),
    offset=st.none() | st.integers(0, 20),
    priority=st.booleans(),
)


@given(header=headers, payload=st.binary(max_size=40))
def test_data_messages_round_trip(header, payload):
    if header.ns is None:
        header = Header(**{**header.__dict__, "nr": None})
    assert pdu.decode(header.encode(payload)) == Data(header, payload)


def test_a_sccrq_decodes_with_its_avps_and_ignores_octets_past_its_length():
    packet = pdu.decode(_sccrq() + b"\x00\x00")
    assert packet.fault is None and packet.message.kind == pdu.SCCRQ
    assert packet.message.get(avp.HOST_NAME).text == "LAC"


def test_packets_discarded_unread():
    sccrq = _sccrq()
    cases = {
        b"\xc8\x02\x00": "a header cut short at 3 octets",
        b"\xc8\x03" + sccrq[2:]: "version 3",
        b"\x88\x02"
        + sccrq[4:]: "a control message without its Length and sequence numbers, or with an offset",
        b"\xca\x02"
        + sccrq[2:]: "a control message without its Length and sequence numbers, or with an offset",
        sccrq[:2] + b"\x00\x08" + sccrq[4:]: "a header cut short at 8 octets",
        sccrq[:2] + b"\x01\x00" + sccrq[4:]: f"a Length of 256 for {len(sccrq)} octets",
        sccrq[:10]: "a header cut short at 10 octets",
    }
    for raw, reason in cases.items():
        assert pdu.decode(raw) == Discard(reason)


def test_faults_and_their_error_codes():
    cases = [
        (_sccrq(b"\x80\x05\x00\x00\x00\x07"), avp.WRONG_LENGTH),  # an AVP shorter than its header
        (_sccrq(b"\x80\x20\x00\x00\x00\x07ab"), avp.WRONG_LENGTH),  # one running past the message
        (_sccrq(b"\x80\x06"), avp.WRONG_LENGTH),  # a header cut short
        (_sccrq(_raw_avp(avp.ASSIGNED_SESSION_ID, b"123")), avp.WRONG_LENGTH),  # a known AVP, wrong size
        (_sccrq(_raw_avp(99, b"x")), avp.UNKNOWN_MANDATORY),
        (_sccrq(_raw_avp(5, b"x", vendor=avp.CISCO)), avp.UNKNOWN_MANDATORY),
        (_sccrq(_raw_avp(avp.HOST_NAME, b"x", flags=avp.M_BIT | 0x0400)), avp.UNKNOWN_MANDATORY),
        (Header(0).encode(Message(pdu.SCCRQ, SCCRQ_AVPS[1:]).encode()), avp.OUT_OF_RANGE),  # no version
        (
            Header(0).encode(Message(pdu.ICRP, (avp.number(avp.ASSIGNED_SESSION_ID, 0),)).encode()),
            avp.OUT_OF_RANGE,
        ),
        (Header(0).encode(Message(77, ()).encode()), avp.UNKNOWN_MANDATORY),
        (Header(0).encode(avp.text(avp.HOST_NAME, "x").encode()), avp.OUT_OF_RANGE),  # no Message Type
    ]
    for raw, error in cases:
        packet = pdu.decode(raw)
        assert isinstance(packet, Control) and packet.fault is not None, raw.hex()
        assert packet.fault.error == error, (raw.hex(), packet.fault)


def test_unknown_optional_avps_and_messages_are_ignored():
    packet = pdu.decode(_sccrq(_raw_avp(99, b"x", flags=0)))
    assert packet.fault is None and len(packet.message.avps) == len(SCCRQ_AVPS)
    packet = pdu.decode(Header(0).encode(Message(77, (), mandatory=False).encode()))
    assert packet.fault is None and packet.message.kind == 77


@given(raw=st.binary(max_size=200), secret=st.none() | st.binary(max_size=8))
def test_random_bytes_decode_to_something(raw, secret):
    assert isinstance(pdu.decode(raw, secret), Control | Data | Discard)
