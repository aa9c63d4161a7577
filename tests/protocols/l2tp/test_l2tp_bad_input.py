"""Malformed packets at a running LAC and LNS get RFC 2661's answer and never raise: random
bytes, and valid messages mutated (bad AVP lengths, unknown mandatory AVPs, wrong tunnel ids,
truncated headers). A header cut short or naming no tunnel of ours is discarded unanswered; a
fault in a session's message clears that session (CDN), any other the tunnel (StopCCN)."""

from __future__ import annotations

import struct

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from l2tpkit import Wire, lac_settings, lns_settings

from iosemu.protocols.l2tp import avp, pdu
from iosemu.protocols.l2tp.pdu import Header, Message
from iosemu.protocols.l2tp.session import ESTABLISHED

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CALL_ERRORS = avp.Avp(avp.CALL_ERRORS, bytes(26))
UNKNOWN_MANDATORY = struct.pack("!HHH", avp.M_BIT | 7, 0, 99) + b"x"


def _running() -> tuple[Wire, object, object]:
    """A tunnel with one session up; returns the wire, the LNS's tunnel and its session."""
    wire = Wire(lac_settings(), lns_settings())
    tunnel = wire.lac.endpoint.open("LNS", wire.lac.settings)
    tunnel.call()
    wire.run(1)
    lns = next(iter(wire.lns.endpoint.tunnels.values()))
    return wire, lns, next(iter(lns.sessions.values()))


def _next(lns, session_id: int, body: bytes) -> bytes:
    """A control message from the LAC that the LNS's tunnel expects next."""
    return Header(lns.local_id, session_id, ns=lns.channel.nr, nr=lns.channel.ns).encode(body)


def _answers(wire: Wire, start: int) -> list[tuple]:
    """(message name, the error code of a CDN or StopCCN) of each packet sent since `start`."""
    out = []
    for _, _, raw in wire.log[start:]:
        message = pdu.decode(raw).message
        result = message.get(avp.RESULT_CODE) if message is not None else None
        name = "ZLB" if message is None else message.name
        out.append((name, None if result is None else avp.read_result(result).error))
    return out


def _inject(wire: Wire, raw: bytes) -> list[tuple]:
    start = len(wire.log)
    wire.lns.endpoint.receive("LAC", raw)
    return _answers(wire, start)


def test_a_hello_with_a_bad_avp_length_clears_the_tunnel_with_error_2():
    wire, lns, _ = _running()
    body = Message(pdu.HELLO).encode() + b"\x80\x04\x00\x00\x00\x07"
    assert _inject(wire, _next(lns, 0, body)) == [("StopCCN", avp.WRONG_LENGTH)]
    wire.run(1)
    assert not wire.lac.endpoint.tunnels and not wire.lns.endpoint.tunnels


def test_a_hello_with_an_unknown_mandatory_avp_clears_the_tunnel_with_error_8():
    wire, lns, _ = _running()
    body = Message(pdu.HELLO).encode() + UNKNOWN_MANDATORY
    assert _inject(wire, _next(lns, 0, body)) == [("StopCCN", avp.UNKNOWN_MANDATORY)]


def test_an_unknown_mandatory_avp_in_a_session_message_clears_only_the_session():
    wire, lns, session = _running()
    body = Message(pdu.WEN, (CALL_ERRORS,)).encode() + UNKNOWN_MANDATORY
    assert _inject(wire, _next(lns, session.local_id, body)) == [("CDN", avp.UNKNOWN_MANDATORY)]
    wire.run(1)
    assert lns.state == ESTABLISHED and not lns.sessions
    assert ("session down", 2) in wire.lac.events


def test_a_bad_icrq_gets_a_cdn_and_the_tunnel_stays():
    wire, lns, _ = _running()
    icrq = Message(pdu.ICRQ, (avp.number(avp.ASSIGNED_SESSION_ID, 77),)).encode()  # no serial number
    assert _inject(wire, _next(lns, 0, icrq)) == [("CDN", avp.OUT_OF_RANGE)]
    assert lns.state == ESTABLISHED and len(lns.sessions) == 1


def test_truncated_headers_and_wrong_tunnel_ids_are_discarded_unanswered():
    wire, lns, _ = _running()
    hello = _next(lns, 0, Message(pdu.HELLO).encode())
    for raw in (hello[:5], hello[:11], hello[:4] + struct.pack("!H", lns.local_id ^ 1) + hello[6:]):
        assert _inject(wire, raw) == []
    assert _inject(wire, hello) == [("ZLB", None)]  # the sound one still goes through
    assert lns.state == ESTABLISHED


def test_a_message_out_of_order_is_dropped_and_a_duplicate_acknowledged():
    wire, lns, _ = _running()
    hello = Message(pdu.HELLO).encode()
    ahead = Header(lns.local_id, 0, ns=lns.channel.nr + 1, nr=lns.channel.ns).encode(hello)
    behind = Header(lns.local_id, 0, ns=lns.channel.nr - 1, nr=lns.channel.ns).encode(hello)
    assert _inject(wire, ahead) == []
    assert _inject(wire, behind) == [("ZLB", None)]


mutations = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 200), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 200), st.just(0)),
    st.tuples(st.just("append"), st.binary(max_size=12), st.just(0)),
)


def _mutated(raw: bytes, mutation) -> bytes:
    kind, where, what = mutation
    if kind == "flip" and raw:
        at = where % len(raw)
        return raw[:at] + bytes((raw[at] ^ what,)) + raw[at + 1 :]
    if kind == "cut":
        return raw[: where % (len(raw) + 1)]
    return raw + (where if isinstance(where, bytes) else b"")


@SETTINGS
@given(
    kind=st.sampled_from([pdu.HELLO, pdu.ICRQ, pdu.ICCN, pdu.CDN, pdu.SCCRQ]),
    mutation=mutations,
    junk=st.lists(st.binary(max_size=64), max_size=4),
)
def test_mutated_messages_and_random_bytes_never_raise_and_get_an_rfc_answer(kind, mutation, junk):
    wire, lns, session = _running()
    avps = {
        pdu.HELLO: (),
        pdu.ICRQ: (avp.number(avp.ASSIGNED_SESSION_ID, 9), avp.number(avp.CALL_SERIAL_NUMBER, 2, 4)),
        pdu.ICCN: (avp.number(avp.TX_CONNECT_SPEED, 9, 4), avp.number(avp.FRAMING_TYPE, 1, 4)),
        pdu.CDN: (avp.result_code(1), avp.number(avp.ASSIGNED_SESSION_ID, session.remote_id)),
        pdu.SCCRQ: (),
    }[kind]
    raw = _mutated(_next(lns, session.local_id, Message(kind, avps).encode()), mutation)
    answers = _inject(wire, raw)
    assert all(name in ("ZLB", "StopCCN", "CDN", "ICRP") for name, _ in answers)
    for each in junk:
        wire.lns.endpoint.receive("LAC", each)
        wire.lac.endpoint.receive("LNS", each)
    wire.run(40)
    assert all(tunnel.state in (ESTABLISHED, "shutdown") for tunnel in wire.lns.endpoint.tunnels.values())
