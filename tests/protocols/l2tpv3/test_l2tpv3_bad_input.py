"""Random and malformed L2TPv3 packets at a running PE never crash it and never take its
pseudowire down: random octets with a random frame or none, control messages mutated from the
real ones, and data messages naming a wrong session or carrying a wrong cookie, which are
dropped and counted (the cookie's in `show l2tun session all`)."""

from __future__ import annotations

import struct
from ipaddress import IPv4Address

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosemu.protocols.ip.pdu import Ethernet, Ipv4
from iosemu.protocols.l2tpv3.pdu import L2tpIp
from tests.protocols.l2tpv3.l2tpv3kit import lab_in, pe, two_sites

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PE2, STRANGER = IPv4Address("3.3.3.3"), IPv4Address("10.0.23.9")
FRAME = Ethernet(0xFFFFFFFFFFFF, 0x0200000000AA, 0x0806, None)

frames = st.sampled_from([None, FRAME, b"junk", 7])
sources = st.sampled_from([PE2, STRANGER])


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    """A settled two-site lab with cookies (`cookie size 4`), and the control packets PE1 heard."""
    cookies = " cookie size 4\n"
    folder = tmp_path_factory.mktemp("l2tpv3")
    lab, log = lab_in(folder, PE1=pe("PE1", class_extra=cookies), PE2=pe("PE2", class_extra=cookies))
    lab["PE1"].cli("")
    lab["PE1"].cli("enable")
    heard = [p.payload.data for receiver, p in log if receiver == "PE1" and p.payload.data[:4] == bytes(4)]
    return lab, heard


def _inject(lab, src: IPv4Address, data: bytes, frame=None) -> None:
    pe1 = lab.nodes["PE1"]
    packet = Ipv4(src, IPv4Address("1.1.1.1"), 250, 115, L2tpIp(data, frame))
    pe1.ip.protocols[115]("Serial0/0/0", packet)


def _still_up(lab) -> None:
    lab.advance(1)
    assert lab["PE1"].cli("show xconnect all").splitlines()[-1].startswith("UP")


@SETTINGS
@given(data=st.binary(max_size=80), frame=frames, src=sources)
def test_random_packets_never_crash_a_pe(running, data, frame, src):
    lab, _ = running
    _inject(lab, src, data, frame)
    lab.advance(0.1)


@SETTINGS
@given(
    index=st.integers(min_value=0), at=st.integers(min_value=0), value=st.integers(0, 255), cut=st.booleans()
)
def test_mutated_control_messages_never_crash_a_pe(running, index, at, value, cut):
    lab, heard = running
    raw = bytearray(heard[index % len(heard)])
    where = 4 + at % max(1, len(raw) - 4)
    if cut:
        raw = raw[:where]
    elif where < len(raw):
        raw[where] = value
    _inject(lab, PE2, bytes(raw))
    lab.advance(0.1)


def test_after_the_junk_the_pseudowire_still_carries_frames(running):
    lab, _ = running
    _still_up(lab)
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")


def test_a_wrong_session_id_is_dropped_and_counted(make_lab):
    lab = two_sites(make_lab)
    service = lab.nodes["PE1"].services["l2tpv3"]
    before = service.unknown_session_drops
    pw = service.pseudowires["GigabitEthernet0/1"]
    _inject(lab, PE2, struct.pack("!I", (pw.local_id + 1) & 0xFFFFFFFF), FRAME)
    _inject(lab, STRANGER, struct.pack("!I", pw.local_id), FRAME)  # the right id from another address
    assert service.unknown_session_drops == before + 2
    assert pw.packets_in == 0


def test_a_wrong_cookie_is_dropped_and_counted(make_lab):
    cookies = " cookie size 4\n"
    lab = two_sites(make_lab, PE1=pe("PE1", class_extra=cookies), PE2=pe("PE2", class_extra=cookies))
    pw = lab.nodes["PE1"].services["l2tpv3"].pseudowires["GigabitEthernet0/1"]
    assert len(pw.local_cookie) == len(pw.remote_cookie) == 4
    wrong = bytes(octet ^ 0xFF for octet in pw.local_cookie)
    lab["PE1"].cli("debug l2tp error")
    _inject(lab, PE2, struct.pack("!I", pw.local_id) + wrong, FRAME)
    assert (
        lab["PE1"]
        .console.take_inbox()[-1]
        .endswith(f"L2TP: Discarding data packet for session id {pw.local_id}: cookie mismatch")
    )
    out = lab["PE1"].cli("show l2tun session all")
    assert "    Receive packets dropped: 1\n" in out
    value = " ".join(f"{octet:02X}" for octet in pw.local_cookie)
    assert f"  Session cookie information:\n    local cookie, size 4 bytes, value {value}\n" in out
    assert "Reply from 192.168.50.2" in lab["PC1"].cli("ping 192.168.50.2")  # the right cookie passes


avp_bodies = st.lists(  # IETF AVPs and Cisco's (vendor 9: the Session Tie Breaker among them)
    st.tuples(st.booleans(), st.sampled_from((0, 9)), st.integers(0, 80), st.binary(max_size=12)),
    min_size=0,
    max_size=5,
).map(
    lambda avps: b"".join(
        struct.pack("!HHH", (0x8000 if m else 0) | (6 + len(v)), vendor, a) + v for m, vendor, a, v in avps
    )
)


@SETTINGS
@given(kind=st.integers(0, 25), body=avp_bodies)
def test_in_order_control_messages_with_random_avps_get_an_answer_not_a_crash(running, kind, body):
    """The next message PE1's connection expects (the right id, Ns and Nr), of any type, with
    random AVPs: acknowledged, or answered with a CDN or StopCCN (RFC 3931 section 4.4)."""
    lab, _ = running
    connections = lab.nodes["PE1"].services["l2tpv3"].endpoint.tunnels
    if not connections:
        return  # an earlier example cleared the connection: the RFC's answer, and the end of it
    connection = next(iter(connections.values()))
    message = struct.pack("!HHHH", 0x8008, 0, 0, kind) + body
    header = struct.pack("!HHIHH", 0xC803, 12 + len(message), connection.local_id, connection.channel.nr, 0)
    _inject(lab, PE2, bytes(4) + header + message)
    lab.advance(0.5)
