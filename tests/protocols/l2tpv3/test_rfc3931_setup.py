"""One control connection and one pseudowire session set up between PE1 and PE2, message by
message as RFC 3931 has them: the control header over IP (section 4.1.1.2: a zero Session ID,
then T, L, S and version 3, the Length, the 32-bit Control Connection ID, Ns and Nr), the
AVPs section 6 requires of SCCRQ, SCCRP, SCCCN, ICRQ, ICRP and ICCN (section 5.4: Router ID,
Assigned Control Connection ID, Pseudowire Capabilities, Local and Remote Session ID,
Pseudowire Type, Remote End ID, Circuit Status), the acknowledging ZLB, then data messages
(section 4.1.1.1: the peer's Session ID and no cookie, the Ethernet frame whole).

Both PEs have an xconnect, so both open: the crossing SCCRQs meet the tie breaker (RFC 3931
section 5.4.3: the lower stands, the loser discards its connection, and the winner SHOULD
refuse the losing SCCRQ with a StopCCN) and the crossing ICRQs of
the one pseudowire are settled as IOS settles them, by the Session Tie Breaker each ICRQ
carries (Cisco's vendor AVP 9, 8 random octets, M bit set, as Wireshark's packet-l2tp.c reads it
and Cisco's openrpd L2tpv3CiscoAVPs.py sends it): the lower's call stands, the other is
cleared with a CDN."""

from __future__ import annotations

import hashlib
import hmac
import struct
from ipaddress import IPv4Address

import pytest

from iosemu.protocols.ip.pdu import Ethernet
from iosemu.protocols.l2tp import avp
from iosemu.protocols.l2tpv3 import pdu as v3
from tests.protocols.l2tpv3.l2tpv3kit import CORE, TOPOLOGY, pe, tap

CONTROL = 0xC803  # T, L, S, version 3


def _control(packet):
    return v3.decode_control(packet.payload.data[4:])


def _up(make_lab):
    lab = make_lab(TOPOLOGY, PE1=pe("PE1"), PE2=pe("PE2"), CORE=CORE)
    log = tap(lab)
    lab.advance(30)
    return lab, log


def _messages(log):
    out = []
    for receiver, packet in log:
        data = packet.payload.data
        if data[:4] == bytes(4):
            control = _control(packet)
            out.append((receiver, "ZLB" if control.message is None else control.message.name, control))
    return out


def test_every_control_message_has_the_v3_header_over_ip(make_lab):
    lab, log = _up(make_lab)
    assert log
    for _, packet in log:
        data = packet.payload.data
        assert packet.proto == 115
        if data[:4] == bytes(4):
            flags, length = struct.unpack_from("!HH", data, 4)
            assert flags == CONTROL
            assert length == len(data) - 4


def test_the_control_connection_sccrq_sccrp_scccn_zlb(make_lab):
    lab, log = _up(make_lab)
    messages = _messages(log)
    names = [(receiver, name) for receiver, name, _ in messages]
    # both open at once; PE2's SCCRQ has the lower tie breaker here, so PE1 answers it and
    # PE2 refuses PE1's with a StopCCN, which PE1's discarded connection acknowledges
    assert names[:6] == [
        ("PE2", "SCCRQ"),
        ("PE1", "SCCRQ"),
        ("PE1", "StopCCN"),
        ("PE2", "SCCRP"),
        ("PE2", "ZLB"),
        ("PE1", "SCCCN"),
    ]
    sccrq = messages[1][2]  # PE2's, as PE1 receives it
    assert (sccrq.header.tunnel_id, sccrq.header.ns, sccrq.header.nr) == (0, 0, 0)
    request = sccrq.message
    assert request.get(avp.HOST_NAME).text == "PE2"
    assert IPv4Address(request.number(avp.ROUTER_ID)) == IPv4Address("3.3.3.3")
    pe2_id = request.number(avp.ASSIGNED_CONNECTION_ID)
    assert pe2_id and len(request.get(avp.ASSIGNED_CONNECTION_ID).value) == 4
    capabilities = request.get(avp.PW_CAPABILITIES).value
    assert {int.from_bytes(capabilities[i : i + 2], "big") for i in (0, 2)} == {0x0005, 0x0004}
    assert len(request.get(avp.TIE_BREAKER).value) == 8
    assert request.get(avp.PROTOCOL_VERSION) is None  # the version is the header's
    lost_id = messages[0][2].message.number(avp.ASSIGNED_CONNECTION_ID)  # PE1's own, which lost
    stop = messages[2][2]
    assert (stop.header.tunnel_id, stop.header.ns, stop.header.nr) == (lost_id, 0, 1)
    assert avp.read_result(stop.message.get(avp.RESULT_CODE)).result == 3  # connection already exists
    refusing_id = stop.message.number(avp.ASSIGNED_CONNECTION_ID)
    sccrp = messages[3][2]
    assert (sccrp.header.tunnel_id, sccrp.header.ns, sccrp.header.nr) == (pe2_id, 0, 1)
    pe1_id = sccrp.message.number(avp.ASSIGNED_CONNECTION_ID)
    assert sccrp.message.get(avp.TIE_BREAKER) is None
    ack = messages[4][2]
    assert (ack.header.tunnel_id, ack.header.ns, ack.header.nr) == (refusing_id, 1, 1)
    scccn = messages[5][2]
    assert (scccn.header.tunnel_id, scccn.header.ns, scccn.header.nr) == (pe1_id, 1, 1)
    # PE1's own SCCRQ is never answered with an SCCRP, and one connection stands at each end
    assert [name for receiver, name, _ in messages if receiver == "PE1"].count("SCCRP") == 0
    for name in ("PE1", "PE2"):
        assert len(lab.nodes[name].services["l2tpv3"].endpoint.tunnels) == 1


def test_the_session_icrq_icrp_iccn(make_lab):
    lab, log = _up(make_lab)
    messages = _messages(log)
    icrqs = [(receiver, control) for receiver, name, control in messages if name == "ICRQ"]
    assert len(icrqs) == 2  # one from each end
    for _, icrq in icrqs:
        m = icrq.message
        assert m.number(avp.REMOTE_SESSION_ID) == 0
        assert m.number(avp.LOCAL_SESSION_ID)
        assert m.number(avp.PW_TYPE) == v3.PW_ETHERNET
        assert m.number(avp.REMOTE_END_ID) == 100  # the VC ID
        assert m.number(avp.CIRCUIT_STATUS) & v3.CIRCUIT_ACTIVE
        assert m.number(avp.CALL_SERIAL_NUMBER) == 1
        breaker = m.get(avp.CISCO_SESSION_TIE_BREAKER, avp.CISCO)
        assert len(breaker.value) == 8 and breaker.mandatory
    # the call with the lower Session Tie Breaker stands: its callee answers it with an ICRP
    # and clears its own call with a CDN; the other refuses the losing call with a CDN too
    winner = min((icrq.message for _, icrq in icrqs), key=_session_tie_breaker)
    icrp = next(control for receiver, name, control in messages if name == "ICRP")
    assert icrp.message.number(avp.REMOTE_SESSION_ID) == winner.number(avp.LOCAL_SESSION_ID)
    assert icrp.header.session_id == winner.number(avp.LOCAL_SESSION_ID)
    assert icrp.message.number(avp.PW_TYPE) == v3.PW_ETHERNET
    iccn = next(control for receiver, name, control in messages if name == "ICCN")
    assert iccn.message.number(avp.LOCAL_SESSION_ID) == winner.number(avp.LOCAL_SESSION_ID)
    assert iccn.message.number(avp.REMOTE_SESSION_ID) == icrp.message.number(avp.LOCAL_SESSION_ID)
    cdns = [control.message for receiver, name, control in messages if name == "CDN"]
    assert len(cdns) == 2
    assert messages[-1][1] == "ZLB"
    sessions = {
        name: lab.nodes[name].services["l2tpv3"].pseudowires["GigabitEthernet0/1"].session.local_id
        for name in ("PE1", "PE2")
    }
    assert set(sessions.values()) == {
        winner.number(avp.LOCAL_SESSION_ID),
        icrp.message.number(avp.LOCAL_SESSION_ID),
    }


def _session_tie_breaker(icrq):
    return icrq.get(avp.CISCO_SESSION_TIE_BREAKER, avp.CISCO).value


@pytest.mark.parametrize("low", ["PE1", "PE2"])
def test_crossing_calls_the_lower_session_tie_breaker_stands_whatever_the_router_ids(make_lab, low):
    """Not the Router ID (PE2's 3.3.3.3 is the higher): whichever PE draws the lower Session
    Tie Breaker, its call is the pseudowire's session at both ends."""
    lab = make_lab(TOPOLOGY, PE1=pe("PE1"), PE2=pe("PE2"), CORE=CORE)
    for name in ("PE1", "PE2"):
        rng = lab.nodes[name].rng
        draw = rng.randbytes
        fixed = bytes(8) if name == low else b"\xff" * 8
        rng.randbytes = lambda size, draw=draw, fixed=fixed: fixed if size == 8 else draw(size)
    log = tap(lab)
    lab.advance(30)
    calls = {
        receiver: control.message for receiver, name, control in _messages(log) if name == "ICRQ"
    }  # receiver -> the other PE's call
    high = "PE2" if low == "PE1" else "PE1"
    standing = calls[high].number(avp.LOCAL_SESSION_ID)  # the low PE's call, as the high one hears it
    pws = {name: lab.nodes[name].services["l2tpv3"].pseudowires["GigabitEthernet0/1"] for name in calls}
    assert pws[low].session.local_id == standing
    assert pws[high].session.remote_id == standing
    assert all(pw.forwarding for pw in pws.values())


def test_data_messages_carry_the_peers_session_id_and_the_frame(make_lab):
    lab, log = _up(make_lab)
    pe2 = lab.nodes["PE2"].services["l2tpv3"].pseudowires["GigabitEthernet0/1"]
    start = len(log)
    lab["PC1"].cli("ping 192.168.50.2")
    data = [(receiver, packet) for receiver, packet in log[start:] if packet.payload.data[:4] != bytes(4)]
    at_pe2 = [packet for receiver, packet in data if receiver == "PE2"]
    assert at_pe2
    for packet in at_pe2:
        assert packet.payload.data == struct.pack("!I", pe2.local_id)  # no cookie
        assert isinstance(packet.payload.frame, Ethernet)
        assert (packet.src, packet.dst) == (IPv4Address("1.1.1.1"), IPv4Address("3.3.3.3"))
    first = at_pe2[0].payload.frame
    assert first.dst == 0xFFFFFFFFFFFF and first.src == lab.nodes["PC1"].ports["eth0"].mac  # PC1's ARP


def test_the_message_digest_and_its_nonces(make_lab):
    """Section 4.3 with `digest` in both l2tp-classes: every message but a ZLB has the Message
    Digest AVP right after its Message Type (type 0, HMAC-MD5); the key is HMAC-MD5 of the
    octet 2 under the password; an SCCRQ's digest covers the message alone, a later one the
    nonces of SCCRQ and SCCRP first (the sender's first)."""
    configs = {name: pe(name, class_extra=" digest\n") for name in ("PE1", "PE2")}
    lab = make_lab(TOPOLOGY, CORE=CORE, **configs)
    log = tap(lab)
    lab.advance(30)
    messages = [
        (receiver, packet.payload.data[4:]) for receiver, packet in log if packet.payload.data[:4] == bytes(4)
    ]
    key = hmac.new(b"cisco", b"\x02", hashlib.md5).digest()

    def mac(raw: bytes, nonces: bytes = b"") -> bytes:
        zeroed = raw[: v3.DIGEST_AT + 1] + bytes(16) + raw[v3.DIGEST_AT + 17 :]
        return hmac.new(key, nonces + zeroed, hashlib.md5).digest()

    sccrq = next(raw for receiver, raw in messages if receiver == "PE1")  # PE2's, which stands
    assert struct.unpack_from("!HHHB", sccrq, 20) == (0x8000 | 23, 0, avp.MESSAGE_DIGEST, v3.MD5)
    assert sccrq[v3.DIGEST_AT + 1 : v3.DIGEST_AT + 17] == mac(sccrq)
    nonce_rq = v3.decode_control(sccrq).message.get(avp.NONCE).value
    sccrp = next(raw for receiver, raw in messages if _name(raw) == "SCCRP")
    nonce_rp = v3.decode_control(sccrp).message.get(avp.NONCE).value
    assert sccrp[v3.DIGEST_AT + 1 : v3.DIGEST_AT + 17] == mac(sccrp, nonce_rp + nonce_rq)  # PE1's
    scccn = next(raw for receiver, raw in messages if _name(raw) == "SCCCN")
    assert scccn[v3.DIGEST_AT + 1 : v3.DIGEST_AT + 17] == mac(scccn, nonce_rq + nonce_rp)  # PE2's
    assert lab.nodes["PE1"].services["l2tpv3"].pseudowires["GigabitEthernet0/1"].forwarding


def _name(raw: bytes) -> str:
    message = v3.decode_control(raw).message
    return "ZLB" if message is None else message.name
