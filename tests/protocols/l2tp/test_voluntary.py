"""The voluntary tunnel (issue 13): a client router's Virtual-PPP1 opens its own L2TP tunnel
and session to the LNS and runs PPP over it (topologies/l2tp-voluntary). The client's show
output follows the 1941 15.2(4)M2 capture (search id 27269032656): `show ip interface brief`'s
`Virtual-PPP1 ... YES IPCP up up`, the peer's and the negotiated /32 connected through
Virtual-PPP1 in `show ip route`, and `pseudowire` entering (config-if-xconn)#."""

from __future__ import annotations

import shutil
from ipaddress import IPv4Address
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lab_helpers import solved_lab
from protocols.l2tp.test_l2tp_bad_input import _mutated, mutations
from protocols.l2tp.test_vpdn_bad_input import KINDS, LCP, _valid
from sim.labkit import brief, configure

from iosemu.lab.lab import Lab
from iosemu.protocols.ip.pdu import UDP, Ipv4, Udp
from iosemu.protocols.l2tp.pdu import Header

LAB = Path(__file__).parents[3] / "topologies" / "l2tp-voluntary" / "l2tp-voluntary.lab.yml"
CLIENT, LNS = IPv4Address("10.0.12.1"), IPv4Address("10.0.23.3")


@pytest.fixture
def voluntary():
    lab = solved_lab(LAB)
    lab.advance(40)
    for device in lab:
        device.cli("enable")
        device.console.take_inbox()
    return lab


def test_virtual_ppp_gets_its_address_from_the_lns_and_reaches_its_lan(voluntary):
    client = voluntary["CLIENT"]
    row = next(r for r in client.cli("show ip interface brief").splitlines() if r.startswith("Virtual-PPP1"))
    assert row.rstrip() == "Virtual-PPP1               10.3.31.50      YES IPCP   up                    up"
    routes = client.cli("show ip route")
    assert "C        10.3.31.1/32 is directly connected, Virtual-PPP1" in routes
    assert "C        10.3.31.50/32 is directly connected, Virtual-PPP1" in routes
    assert "!!!!" in client.cli("ping 192.168.3.10")  # the first waits for the LNS's ARP
    shown = client.cli("show interfaces Virtual-PPP1").splitlines()
    assert shown[0] == "Virtual-PPP1 is up, line protocol is up "
    assert shown[5:7] == ["  Encapsulation PPP, LCP Open", "  Open: IPCP, CDPCP, loopback not set"]


def test_show_vpdn_on_both_ends_names_the_class_the_group_and_the_interfaces(voluntary):
    client, lns = voluntary["CLIENT"], voluntary["LNS"]
    mine = client.cli("show vpdn")
    assert "LNS           est    10.0.23.3       1     LNS-CLASS" in mine
    assert "user@cisco.com, Vp1  est" in mine
    theirs = lns.cli("show vpdn")
    assert "CLIENT        est    10.0.12.1       1     CLIENTS" in theirs
    assert "user@cisco.com, Vi2.1 est" in theirs  # learned from CHAP: a client sends no proxy AVPs


def test_the_configuration_round_trips_with_pseudowire_last(voluntary):
    client = voluntary["CLIENT"]
    block = client.cli("show running-config interface Virtual-PPP1")
    lines = [line for line in block.splitlines() if line.startswith(" ")]
    assert lines == [
        " ip address negotiated",
        " ppp chap hostname user@cisco.com",
        " ppp chap password 0 cisco",
        " pseudowire 10.0.23.3 10 pw-class L2TP-CLIENT",
    ]
    pw_class = client.cli("show running-config | section pseudowire-class")
    assert " encapsulation l2tpv2\n protocol l2tpv2 LNS-CLASS\n" in pw_class


def test_pseudowire_enters_xconnect_mode(voluntary):
    client = voluntary["CLIENT"]
    client.cli("configure terminal")
    client.cli("interface Virtual-PPP2")
    assert client.cli("pseudowire 10.0.23.3 20 pw-class L2TP-CLIENT") == ""
    assert client.console.prompt() == "CLIENT(config-if-xconn)#"
    client.cli("end")


def test_shutting_virtual_ppp_clears_its_call_and_no_shutdown_dials_again(voluntary):
    client, lns = voluntary["CLIENT"], voluntary["LNS"]
    configure(client, "interface Virtual-PPP1", "shutdown")
    voluntary.advance(5)
    assert brief(client, "Virtual-PPP1") == ("administratively down", "down")
    assert "Virtual-Access2" not in lns.cli("show ip interface brief")
    configure(client, "interface Virtual-PPP1", "no shutdown")
    voluntary.advance(10)
    assert brief(client, "Virtual-PPP1") == ("up", "up")
    assert "user@cisco.com, Vi2.1 est" in lns.cli("show vpdn")


def test_a_call_the_lns_clears_drops_the_line_and_is_placed_again(voluntary):
    client, lns = voluntary["CLIENT"], voluntary["LNS"]
    lns.cli("clear vpdn tunnel l2tp all")
    voluntary.advance(2)
    assert brief(client, "Virtual-PPP1") == ("down", "down")
    voluntary.advance(30)
    assert brief(client, "Virtual-PPP1") == ("up", "up")
    assert "!!!!" in client.cli("ping 192.168.3.10")  # the first waits for the LNS's ARP


def _changed(tmp_path, router: str, old: str, new: str) -> Lab:
    """The lab with one line of a router's solution changed, past its boot and call."""
    folder = tmp_path / "lab"
    shutil.copytree(LAB.parent, folder)
    config = folder / "solution" / f"{router}.cfg"
    assert old in config.read_text()
    config.write_text(config.read_text().replace(old, new))
    lab = solved_lab(folder / LAB.name)
    lab.advance(60)
    lab["CLIENT"].cli("enable")
    return lab


def test_an_unreachable_lns_leaves_virtual_ppp_down(tmp_path):
    lab = _changed(tmp_path, "ISP", "255.255.255.0\n no shutdown\n!\nend", "255.255.255.0\n shutdown\n!\nend")
    client = lab["CLIENT"]
    assert brief(client, "Virtual-PPP1") == ("down", "down")
    row = next(r for r in client.cli("show ip interface brief").splitlines() if r.startswith("Virtual-PPP1"))
    assert row.split()[1] == "unassigned"


def test_a_class_without_authentication_still_answers_the_lns_with_its_password(tmp_path):
    lab = _changed(tmp_path, "CLIENT", " authentication\n", "")
    assert brief(lab["CLIENT"], "Virtual-PPP1") == ("up", "up")


def test_a_class_without_a_password_cannot_answer_the_lns_and_gets_no_tunnel(tmp_path):
    lab = _changed(
        tmp_path, "CLIENT", " authentication\n hostname CLIENT\n password 0 cisco\n", " hostname CLIENT\n"
    )
    assert brief(lab["CLIENT"], "Virtual-PPP1") == ("down", "down")
    assert lab["CLIENT"].cli("show vpdn").startswith("%%No active L2TP tunnels")


@settings(max_examples=10, deadline=None)
@given(kind=KINDS, mutation=mutations, junk=st.lists(st.binary(max_size=80), max_size=3))
def test_junk_on_udp_1701_never_crashes_a_voluntary_client(kind, mutation, junk):
    """Random and mutated L2TP packets, and PPP junk in its call's data messages, into the
    client: nothing raises, its shows still work, and a cleared call comes back."""
    lab = solved_lab(LAB)
    lab.advance(40)
    client = lab.nodes["CLIENT"]
    (tunnel,) = client.services["l2tp"].tunnels()
    (call,) = tunnel.sessions
    data = Header(tunnel.local_id, call, control=False, ns=None, nr=None, length=False)
    for raw in [_mutated(_valid(tunnel, kind), mutation), *junk, *(data.encode(LCP + each) for each in junk)]:
        client.ip.receive("GigabitEthernet0/0", Ipv4(LNS, CLIENT, 254, UDP, Udp(1701, 1701, raw)))
    lab.advance(5)
    lab["CLIENT"].cli("enable")
    assert lab["CLIENT"].cli("show vpdn").startswith(("L2TP Tunnel", "%%No active"))
    lab["CLIENT"].cli("clear vpdn tunnel l2tp all")
    lab.advance(60)
    assert brief(lab["CLIENT"], "Virtual-PPP1") == ("up", "up")
