"""One control connection and one session set up message by message as RFC 2661 sections 5.1,
5.8, 6 and 7 have them; tunnel authentication; retransmission; HELLO; StopCCN and CDN."""

from __future__ import annotations

import hashlib
import struct

from l2tpkit import Wire, lac_settings, lns_settings

from iosemu.protocols.l2tp import avp, pdu
from iosemu.protocols.l2tp.channel import Retransmit
from iosemu.protocols.l2tp.session import ESTABLISHED


def _decoded(wire: Wire, index: int):
    return pdu.decode(wire.log[index][2], b"cisco")


def _up(**lac) -> tuple[Wire, object]:
    wire = Wire(lac_settings(**lac), lns_settings())
    tunnel = wire.lac.endpoint.open("LNS", wire.lac.settings)
    wire.run(1)
    return wire, tunnel


def test_a_control_connection_comes_up_sccrq_sccrp_scccn_zlb():
    wire, tunnel = _up()
    assert wire.messages() == [
        ("LAC", "SCCRQ", 0, 0),
        ("LNS", "SCCRP", 0, 1),
        ("LAC", "SCCCN", 1, 1),
        ("LNS", "ZLB", 1, 2),
    ]
    sccrq = wire.log[0][2]
    # T, L, S set, version 2; then Length, tunnel 0 (no id yet), session 0, Ns 0, Nr 0
    assert sccrq[:12] == struct.pack("!HHHHHH", 0xC802, len(sccrq), 0, 0, 0, 0)
    # the first AVP: Message Type, M set, length 8, IETF, attribute 0, value 1 (SCCRQ)
    assert sccrq[12:20] == bytes.fromhex("8008 0000 0000 0001")
    message = _decoded(wire, 0).message
    assert message.get(avp.PROTOCOL_VERSION).value == b"\x01\x00"
    assert message.get(avp.HOST_NAME).text == "LAC"
    assert message.number(avp.ASSIGNED_TUNNEL_ID) == tunnel.local_id
    assert message.number(avp.FRAMING_CAPABILITIES) == 3
    challenge = message.get(avp.CHALLENGE).value
    assert len(challenge) == 16
    # the LNS's SCCRP answers the challenge: MD5(2, secret, challenge), and challenges back
    sccrp = _decoded(wire, 1)
    lns_tunnel = next(iter(wire.lns.endpoint.tunnels.values()))
    assert sccrp.header.tunnel_id == tunnel.local_id
    assert sccrp.message.number(avp.ASSIGNED_TUNNEL_ID) == lns_tunnel.local_id
    response = sccrp.message.get(avp.CHALLENGE_RESPONSE).value
    assert response == hashlib.md5(b"\x02cisco" + challenge).digest()
    lns_challenge = sccrp.message.get(avp.CHALLENGE).value
    scccn = _decoded(wire, 2)
    assert scccn.header.tunnel_id == lns_tunnel.local_id
    assert (
        scccn.message.get(avp.CHALLENGE_RESPONSE).value == hashlib.md5(b"\x03cisco" + lns_challenge).digest()
    )
    zlb = wire.log[3][2]
    assert zlb == struct.pack("!HHHHHH", 0xC802, 12, tunnel.local_id, 0, 1, 2)
    assert tunnel.state == lns_tunnel.state == ESTABLISHED
    assert wire.lac.events == [("tunnel up", "LNS")]
    assert wire.lns.events == [("accept", "LAC"), ("tunnel up", "LAC")]
    assert wire.lac.debugs[:8] == [
        f"Tnl {tunnel.local_id} L2TP: O SCCRQ",
        f"Tnl {tunnel.local_id} L2TP: Tunnel state change from idle to wait-ctl-reply",
        f"Tnl {tunnel.local_id} L2TP: I SCCRP from LNS",
        f"Tnl {tunnel.local_id} L2TP: Got a response from remote peer, LNS",
        f"Tnl {tunnel.local_id} L2TP: Tunnel Authentication success",
        f"Tnl {tunnel.local_id} L2TP: Got a challenge from remote peer, LNS",
        f"Tnl {tunnel.local_id} L2TP: O SCCCN to LNS tnlid {lns_tunnel.local_id}",
        f"Tnl {tunnel.local_id} L2TP: Tunnel state change from wait-ctl-reply to established",
    ]


def test_a_session_comes_up_icrq_icrp_iccn_zlb_and_carries_ppp():
    wire, tunnel = _up()
    start = len(wire.log)
    session = tunnel.call()
    wire.run(1)
    assert wire.messages(start) == [
        ("LAC", "ICRQ", 2, 1),
        ("LNS", "ICRP", 1, 3),
        ("LAC", "ICCN", 3, 2),
        ("LNS", "ZLB", 2, 4),
    ]
    icrq, icrp, iccn = (_decoded(wire, start + n) for n in range(3))
    assert icrq.header.session_id == 0  # the LNS has given no session id yet
    assert icrq.message.number(avp.ASSIGNED_SESSION_ID) == session.local_id
    assert icrq.message.number(avp.CALL_SERIAL_NUMBER) == 1
    assert icrp.header.session_id == session.local_id
    assert iccn.header.session_id == session.remote_id == icrp.message.number(avp.ASSIGNED_SESSION_ID)
    assert iccn.message.number(avp.FRAMING_TYPE) == avp.FRAMING_SYNC
    assert session.state == ESTABLISHED
    assert wire.lac.events[-1] == ("session up", True)
    assert wire.lns.events[-2:] == [("call", 1), ("session up", True)]
    session.send(b"\xff\x03\xc0\x21frame")
    wire.run(1)
    assert wire.lns.data == [b"\xff\x03\xc0\x21frame"]
    data = wire.log[-1][2].encode()  # a data message: no T, no Length, no sequence numbers
    assert data[:6] == struct.pack("!HHH", 0x0002, tunnel.remote_id, session.remote_id)


def test_a_session_placed_before_the_tunnel_is_up_waits_for_it():
    wire = Wire(lac_settings(), lns_settings())
    tunnel = wire.lac.endpoint.open("LNS", wire.lac.settings)
    session = tunnel.call()
    assert session.state == "wait-for-tunnel"
    wire.run(1)
    assert session.state == ESTABLISHED
    assert [name for _, name, _, _ in wire.messages()] == [
        "SCCRQ",
        "SCCRP",
        "SCCCN",
        "ICRQ",
        "ZLB",
        "ICRP",
        "ICCN",
        "ZLB",
    ]  # fmt: skip (the LNS acknowledges the SCCCN before it reads the ICRQ sent with it)


def test_a_wrong_secret_refuses_the_tunnel_with_stopccn_not_authorized():
    wire = Wire(lac_settings(secret=b"wrong"), lns_settings())
    tunnel = wire.lac.endpoint.open("LNS", wire.lac.settings)
    wire.run(1)
    assert [name for _, name, _, _ in wire.messages()] == ["SCCRQ", "SCCRP", "StopCCN", "ZLB"]
    stop = pdu.decode(wire.log[2][2]).message
    assert avp.read_result(stop.get(avp.RESULT_CODE)).result == 4
    assert f"Tnl {tunnel.local_id} L2TP: Tunnel Authentication fails for LNS" in wire.lac.debugs
    assert wire.lac.events == [("tunnel down", "cleared")]
    assert wire.lns.events == [("accept", "LAC"), ("tunnel down", "StopCCN result 4")]
    assert not wire.lac.endpoint.tunnels and not wire.lns.endpoint.tunnels


def test_an_lns_with_no_group_for_the_lac_refuses_it():
    wire = Wire(lac_settings(), None)
    wire.lac.endpoint.open("LNS", wire.lac.settings)
    wire.run(1)
    assert [name for _, name, _, _ in wire.messages()] == ["SCCRQ", "StopCCN", "ZLB"]
    assert wire.lac.events == [("tunnel down", "StopCCN result 4")]


def test_without_authentication_no_challenge_is_sent():
    wire = Wire(lac_settings(secret=None), lns_settings(secret=None))
    wire.lac.endpoint.open("LNS", wire.lac.settings)
    wire.run(1)
    assert _decoded(wire, 0).message.get(avp.CHALLENGE) is None
    assert wire.lac.events == [("tunnel up", "LNS")]


def test_an_unreachable_lns_gets_sccrq_at_1_2_4_8_8_s_then_the_tunnel_is_given_up():
    wire = Wire(lac_settings(), lns_settings())
    wire.cut = True
    wire.lac.endpoint.open("LNS", wire.lac.settings)
    wire.run(60)
    assert [when for when, _, _ in wire.log] == [0, 1, 3, 7, 15, 23]
    assert len({raw for _, _, raw in wire.log}) == 1  # the same SCCRQ each time
    assert wire.lac.events == [("tunnel down", "no response")]
    assert Retransmit().delays() == [1, 2, 4, 8, 8, 8]
    assert not wire.lac.endpoint.tunnels


def test_a_hello_after_60_s_of_silence_keeps_the_tunnel_and_a_cut_path_ends_it():
    wire, tunnel = _up()
    start = len(wire.log)
    wire.run(60)
    assert wire.messages(start) == [  # each end's HELLO, each acknowledged
        ("LAC", "HELLO", 2, 1),
        ("LNS", "HELLO", 1, 2),
        ("LNS", "ZLB", 2, 3),
        ("LAC", "ZLB", 3, 2),
    ]
    assert tunnel.state == ESTABLISHED
    session = tunnel.call()
    wire.run(1)
    wire.cut = True
    wire.run(200)
    assert ("tunnel down", "no response") in wire.lac.events
    assert ("session down", 1) in wire.lac.events  # lost carrier
    assert not wire.lac.endpoint.tunnels and not wire.lns.endpoint.tunnels
    assert session.state == "idle"


def test_a_cdn_clears_one_session_and_a_stopccn_the_tunnel():
    wire, tunnel = _up()
    first, second = tunnel.call(), tunnel.call()
    wire.run(1)
    first.disconnect()
    wire.run(1)
    assert wire.messages()[-2:] == [("LAC", "CDN", 6, 3), ("LNS", "ZLB", 3, 7)]
    assert ("session down", 3) in wire.lns.events
    assert list(tunnel.sessions.values()) == [second]
    tunnel.clear()
    wire.run(1)
    assert [name for _, name, _, _ in wire.messages()[-2:]] == ["StopCCN", "ZLB"]
    assert wire.lns.events[-2:] == [("session down", 1), ("tunnel down", "StopCCN result 1")]
    assert wire.lac.events[-1] == ("tunnel down", "cleared")


def test_a_call_cleared_before_its_icrp_is_cleared_at_the_lns_too():
    """The LAC's CDN names no LNS session yet (header session 0): its Assigned Session ID says
    which call it clears (RFC 2661 section 6.13), so the LNS's session does not wait for an
    ICCN that never comes."""
    wire, tunnel = _up()
    start = len(wire.log)
    tunnel.call().disconnect()
    wire.run(1)
    # both sent at once, the LNS's ICRP after it
    assert [name for _, name, _, _ in wire.messages(start)][:3] == ["ICRQ", "CDN", "ICRP"]
    assert _decoded(wire, start + 1).header.session_id == 0
    assert wire.lns.events[-1] == ("session down", 3)
    lns_tunnel = next(iter(wire.lns.endpoint.tunnels.values()))
    assert lns_tunnel.sessions == {}


def test_the_lns_refusing_a_call_answers_its_icrq_with_a_cdn():
    wire, tunnel = _up()
    wire.lns.accept_calls = False
    session = tunnel.call()
    wire.run(1)
    assert [name for _, name, _, _ in wire.messages()[-3:]] == ["ICRQ", "CDN", "ZLB"]
    assert session.state == "idle" and wire.lac.events[-1] == ("session down", 5)


def test_several_tunnels_between_the_same_pair():
    wire = Wire(lac_settings(), lns_settings())
    tunnels = [wire.lac.endpoint.open("LNS", wire.lac.settings) for _ in range(3)]
    wire.run(1)
    assert all(each.state == ESTABLISHED for each in tunnels)
    assert len(wire.lns.endpoint.tunnels) == 3


def test_a_lost_packet_is_retransmitted_and_a_duplicate_acknowledged_again():
    wire = Wire(lac_settings(), lns_settings())
    tunnel = wire.lac.endpoint.open("LNS", wire.lac.settings)
    wire.run(0.005)
    wire.cut = True  # the SCCRQ is in flight; the SCCRP is lost
    wire.run(0.5)
    wire.cut = False
    wire.run(5)
    assert tunnel.state == ESTABLISHED
    names = [name for _, name, _, _ in wire.messages()]
    # the LNS resends its SCCRP as the LAC's SCCRQ comes again, and acknowledges that duplicate
    assert names == ["SCCRQ", "SCCRP", "SCCRQ", "SCCRP", "ZLB", "SCCCN", "ZLB"]
