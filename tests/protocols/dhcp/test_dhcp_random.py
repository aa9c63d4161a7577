"""Random frames at an IOS DHCP server and relay, and random DHCP replies at a Windows
client that carry its own transaction and hardware address: nothing crashes, and both go
on working (the PC's lease renews, a released PC is served again)."""

from __future__ import annotations

from ipaddress import IPv4Address

from hypothesis import given
from hypothesis import strategies as st
from test_dhcp_lab import SCOPE_LAB, SERVER
from test_dhcp_server_node import SETTINGS, frame

from iosemu.protocols.dhcp import pdu
from iosemu.protocols.ip.pdu import BROADCAST_MAC, ETHERTYPE_IPV4, UDP, Ethernet, Ipv4, Udp

RELAYING = SERVER.replace(
    " ip address 10.0.0.1 255.255.255.0\n",
    " ip address 10.0.0.1 255.255.255.0\n ip helper-address 10.9.9.9\n",
)


def _served_again(lab) -> None:
    pc = lab["PC1"]
    lab.nodes["PC1"].dhcp.previous = None
    pc.cli("ipconfig /release")
    assert "   IPv4 Address. . . . . . . . . . . : 10.0.0." in pc.cli("ipconfig /renew")


@SETTINGS
@given(frames=st.lists(frame, min_size=1, max_size=8))
def test_random_frames_to_an_ios_server_and_relay_never_crash_it(make_lab, frames):
    lab = make_lab(SCOPE_LAB, R1=RELAYING)
    lab.advance(30)
    router = lab.nodes["R1"]
    for each in frames:
        router.receive("GigabitEthernet0/0", each, 342)
    lab.advance(5)
    r1 = lab["R1"]
    r1.cli("enable")
    assert r1.cli("show ip dhcp server statistics").startswith("Memory usage ")
    assert r1.cli("show ip dhcp binding").startswith("Bindings from all pools")
    _served_again(lab)


addresses = st.sampled_from(
    [pdu.ZERO, IPv4Address("10.0.0.77"), IPv4Address("10.0.0.255"), IPv4Address("127.0.0.1")]
)
mask = st.one_of(  # any four bytes; among them masks that are no masks
    st.binary(min_size=4, max_size=4),
    st.sampled_from([b"\xff\xff\xff\x00", b"\xff\xff\xff\xff", b"\xff\x00\xff\x00", b"\x00\xff\xff\xff"]),
)
option = st.one_of(
    st.tuples(st.just(pdu.SUBNET_MASK), mask),
    st.tuples(
        st.sampled_from(
            [pdu.ROUTERS, pdu.DNS_SERVERS, pdu.DOMAIN_NAME, pdu.LEASE_TIME, pdu.RENEWAL_TIME, 250]
        ),
        st.one_of(st.binary(max_size=9), st.binary(min_size=4, max_size=4)),
    ),
)
kinds = st.sampled_from([pdu.ACK, pdu.ACK, pdu.NAK, None, *sorted(pdu.KIND_NAMES)])


@SETTINGS
@given(data=st.data())
def test_random_replies_to_a_windows_client_never_crash_it(make_lab, data):
    """An OFFER first (the client then requests it), then replies of any kind."""
    lab = make_lab(SCOPE_LAB, R1=SERVER)
    lab.advance(3.0001)  # the PC's first DISCOVER goes at 3 s: its transaction is then open
    lab.link("R1:g0/0").loss = 1.0  # the real server meanwhile hears nothing (and NAKs nothing)
    host = lab.nodes["PC1"]
    for kind in [pdu.OFFER, *data.draw(st.lists(kinds, min_size=1, max_size=3))]:
        reply = pdu.DhcpMessage(
            pdu.BOOTREPLY,
            host.dhcp.xid,
            host.ports["eth0"].mac,
            kind,
            yiaddr=data.draw(addresses),
            options=tuple(data.draw(st.lists(option, max_size=4))),
        ).encode()
        cut = data.draw(st.sampled_from([len(reply), len(reply) - 20, 250]))
        packet = Ipv4(
            IPv4Address("10.0.0.1"), IPv4Address("255.255.255.255"), 255, UDP, Udp(67, 68, reply[:cut])
        )
        host.receive("eth0", Ethernet(BROADCAST_MAC, 1, ETHERTYPE_IPV4, packet), 342)
        lab.advance(0.5)
    lab.advance(30)
    lab.link("R1:g0/0").loss = 0.0
    assert "Windows IP Configuration" in lab["PC1"].cli("ipconfig /all")
    _served_again(lab)
