"""Random and mutated L2TP packets on UDP 1701 of a running LAC and LNS (the compulsory tunnel
of vpdnkit.py): nothing raises, the routers' shows still work, and once the LAC's tunnels are
cleared the client's call, dialled again, is carried."""

from __future__ import annotations

from ipaddress import IPv4Address

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_l2tp_bad_input import _mutated, mutations
from vpdnkit import compulsory_lab

from iosemu.protocols.ip.pdu import UDP, Ipv4, Udp
from iosemu.protocols.l2tp import avp, pdu
from iosemu.protocols.l2tp.pdu import Header, Message

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
LAC_ADDRESS, LNS_ADDRESS = IPv4Address("10.0.12.1"), IPv4Address("10.0.23.3")
LCP = b"\xff\x03\xc0\x21"  # a PPP frame's address, control and protocol (LCP) as bytes
KINDS = st.sampled_from([pdu.HELLO, pdu.ICRQ, pdu.CDN, pdu.SCCRQ, pdu.STOPCCN, 99])


def _valid(tunnel, kind: int) -> bytes:
    """A message the router's tunnel expects next from its peer (an SCCRQ: a new tunnel's)."""
    avps = {
        pdu.ICRQ: (avp.number(avp.ASSIGNED_SESSION_ID, 9), avp.number(avp.CALL_SERIAL_NUMBER, 9, 4)),
        pdu.CDN: (avp.result_code(1), avp.number(avp.ASSIGNED_SESSION_ID, 9)),
        pdu.STOPCCN: (avp.result_code(1), avp.number(avp.ASSIGNED_TUNNEL_ID, tunnel.remote_id)),
        pdu.SCCRQ: (
            avp.Avp(avp.PROTOCOL_VERSION, b"\x01\x00"),
            avp.text(avp.HOST_NAME, "LAC"),
            avp.number(avp.FRAMING_CAPABILITIES, 3, 4),
            avp.number(avp.ASSIGNED_TUNNEL_ID, 4242),
        ),
    }.get(kind, ())
    local = 0 if kind == pdu.SCCRQ else tunnel.local_id
    return Header(local, 0, ns=tunnel.channel.nr, nr=tunnel.channel.ns).encode(Message(kind, avps).encode())


@SETTINGS
@given(kind=KINDS, mutation=mutations, junk=st.lists(st.binary(max_size=80), max_size=3))
def test_junk_on_udp_1701_never_crashes_a_lac_or_an_lns(make_lab, kind, mutation, junk):
    lab = compulsory_lab(make_lab)  # the client's call is up
    lac, lns = lab.nodes["LAC"], lab.nodes["LNS"]
    (tunnel,) = lns.services["l2tp"].tunnels()
    (call,) = tunnel.sessions  # PPP junk in the call's data messages, to its Virtual-Access
    data = Header(tunnel.local_id, call, control=False, ns=None, nr=None, length=False)
    for raw in [_mutated(_valid(tunnel, kind), mutation), *junk, *(data.encode(LCP + each) for each in junk)]:
        lns.ip.receive("Serial0/0/0", Ipv4(LAC_ADDRESS, LNS_ADDRESS, 254, UDP, Udp(1701, 1701, raw)))
        lac.ip.receive("Serial0/0/1", Ipv4(LNS_ADDRESS, LAC_ADDRESS, 254, UDP, Udp(1701, 1701, raw)))
    lab.advance(5)
    for name in ("LAC", "LNS"):
        assert lab[name].cli("show vpdn").startswith(("L2TP Tunnel", "%%No active"))
    # a valid message in the LAC's sequence takes its place (the LNS then drops the LAC's own as
    # a duplicate): a new tunnel gets past whatever the junk left
    lab["LAC"].cli("clear vpdn tunnel l2tp all")
    lab.advance(45)
    assert "Virtual-Access2.1          10.3.31.1       YES unset  up                    up" in lab["LNS"].cli(
        "show ip interface brief"
    )
