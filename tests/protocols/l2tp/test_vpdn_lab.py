"""VPDN on routers, the compulsory tunnel end to end (vpdnkit.py: CLIENT - LAC - CORE - LNS -
PC): the vpdn-group and Virtual-Template configuration, the client's PPP session forwarded by
its domain and terminated on a Virtual-Access at the LNS, the client's pings to the LNS's LAN,
show vpdn / show l2tp / show interfaces virtual-access, clear vpdn tunnel, debug vpdn, and the
failures: a wrong tunnel secret, an unknown domain, the user refused by the LNS, the LNS
unreachable, and the core breaking (HELLO gives up, the client's line drops).

The show vpdn / show l2tp layouts follow the captures ../shared/reference/ios-output/show_vpdn/
genie_iosxe_ShowVpdn_golden_output.txt, show_vpdn_tunnel/, show_l2tp_tunnel/ and show_l2tp_session/
(genie_iosxe_ShowL2tpSessionPackets_golden_output.txt: the packet counters)."""

from __future__ import annotations

import pytest
from protocols.l2tp.vpdnkit import CORE, LAC, LNS, PPPOE_ACCESS, PPPOE_CLIENT, TOPOLOGY, compulsory_lab
from sim.labkit import brief, configure, settled


@pytest.fixture
def vpdn_lab(make_lab):
    def build(**changes):
        return compulsory_lab(make_lab, **changes)

    return build


def _ids(lab, name: str) -> tuple:
    """The local and remote ids of the router's one tunnel and of its first session."""
    (tunnel,) = lab.nodes[name].services["l2tp"].tunnels()
    session = next(iter(tunnel.sessions.values()))
    return tunnel.local_id, tunnel.remote_id, session.local_id, session.remote_id


def _dial(lab, seconds: float) -> None:
    """The client's line comes up (`no shutdown`), and `seconds` pass."""
    configure(lab["CLIENT"], "interface Serial0/0/0", "no shutdown")
    lab.advance(seconds)


def _client_dropped(lab) -> bool:
    """Whether the client's line protocol went down since its syslog was last read."""
    down = "%LINEPROTO-5-UPDOWN: Line protocol on Interface Serial0/0/0, changed state to down"
    return any(line.endswith(down) for line in lab["CLIENT"].console.take_inbox())


def _pings(device, address: str = "192.168.3.10") -> str:
    return device.cli(f"ping {address}").splitlines()[-1]


def test_the_running_config_shows_the_groups_in_ios_layout(vpdn_lab):
    lab = vpdn_lab(client=False)
    text = lab["LNS"].cli("show running-config")
    assert (
        "vpdn enable\n!\nvpdn-group 1\n accept-dialin\n  protocol l2tp\n  virtual-template 1\n"
        " terminate-from hostname LAC\n local name LNS\n l2tp tunnel password 0 cisco\n!\n"
    ) in text
    lns = lab["LNS"]
    lns.cli("configure terminal")
    assert lns.cli("vpdn-group 2") == ""
    assert lns.console.prompt() == "LNS(config-vpdn)#"
    lns.cli("accept-dialin")
    assert lns.console.prompt() == "LNS(config-vpdn-acc-in)#"
    lns.cli("protocol l2tp")
    lns.cli("virtual-template 2")
    lns.cli("local name OTHER")  # a group command: back to (config-vpdn)#
    assert lns.console.prompt() == "LNS(config-vpdn)#"
    lns.cli("request dialin l2tp ip 10.9.9.9 domain old.com")  # the 12.0 one-line form
    lns.cli("end")
    text = lab["LNS"].cli("show running-config")
    assert (
        "vpdn-group 2\n request-dialin\n  protocol l2tp\n  domain old.com\n initiate-to ip 10.9.9.9\n"
        " local name OTHER\n!\n"
    ) in text


def test_a_virtual_template_is_configured_and_its_clones_are_not(vpdn_lab):
    lab = vpdn_lab(client=False)
    text = lab["LNS"].cli("show running-config")
    assert (
        "interface Virtual-Template1\n ip unnumbered Loopback0\n peer default ip address pool L2TP-POOL\n"
        " ppp authentication chap\n!\n"
    ) in text
    # after the hardware, as in the real configurations (ciscoconfparse_sample_01)
    assert text.index("interface Virtual-Template1") > text.index("interface Serial0/1/1")
    lns = lab["LNS"]
    lns.cli("configure terminal")
    lns.cli("interface Virtual-Template2")
    assert lns.console.prompt() == "LNS(config-if)#"
    assert lns.cli("encapsulation ppp") == ""  # a template is PPP: nothing to write down
    lns.cli("end")
    assert "interface Virtual-Template2\n no ip address\n!\n" in lns.cli("show running-config")
    assert brief(lns, "Virtual-Template1") == ("down", "down")  # the 2610 capture's template
    _dial(lab, 10)
    assert brief(lns, "Virtual-Access2.1") == ("up", "up")
    assert "Virtual-Access" not in lns.cli("show running-config")


def test_the_client_reaches_the_corporate_lan_through_the_tunnel(vpdn_lab):
    lab = vpdn_lab()
    lab.advance(10)
    client, lac, lns = lab["CLIENT"], lab["LAC"], lab["LNS"]
    assert brief(client, "Serial0/0/0") == ("up", "up")
    assert "Serial0/0/0                10.3.31.50      YES IPCP" in client.cli("show ip interface brief")
    assert "Virtual-Access2.1          10.3.31.1       YES unset  up                    up" in lns.cli(
        "show ip interface brief"
    )
    assert "C        10.3.31.50/32 is directly connected, Virtual-Access2.1" in lns.cli("show ip route")
    tunnel, far_tunnel, call, far_call = _ids(lab, "LAC")
    (session,) = lab.nodes["LAC"].services["l2tp"].tunnels()[0].sessions.values()
    up_for = int(lab.nodes["LAC"].scheduler.now - session.changed)
    assert lac.cli("show vpdn").endswith(
        f"{call:<10} {far_call:<10} {tunnel:<10} user@cisco.com, Se0/0/0 est    00:00:{up_for:02d} 1         \n\n\n"
    )
    assert lns.cli("show vpdn session").endswith(
        f"{far_call:<10} {call:<10} {far_tunnel:<10} user@cisco.com, Vi2.1 est    00:00:{up_for:02d} 1         \n"
    )
    assert lns.cli("show l2tp tunnel") == (
        "L2TP Tunnel Information Total tunnels 1 sessions 1\n\n"
        "LocTunID   RemTunID   Remote Name   State  Remote Address  Sessn L2TP Class/\n"
        "                                                           Count VPDN Group \n"
        f"{far_tunnel:<10} {tunnel:<10} LAC           est    10.0.12.1       1     1              \n"
    )
    assert lns.cli("show users").endswith(  # genieparser's LNS row (search id 1957083315)
        "  Interface    User               Mode         Idle     Peer Address\n"
        "  Vi2.1        user@cisco.com     PPPoVPDN     -        10.3.31.50\n"
    )
    shown = lns.cli("show interfaces virtual-access 2.1")
    assert shown.startswith(
        "Virtual-Access2.1 is up, line protocol is up \n"
        "  Hardware is Virtual Access interface\n"
        "  Interface is unnumbered. Using address of Loopback0 (10.3.31.1)\n"
        "  MTU 1500 bytes, BW 100000 Kbit/sec, DLY 100000 usec, \n"
        "     reliability 255/255, txload 1/255, rxload 1/255\n"
        "  Encapsulation PPP, LCP Open\n"  # the Vi lines of a captured one (PPPoE: CSR client, 2021)
        "  Open: IPCP, CDPCP\n"
        "  PPPoVPDN vaccess, cloned from Virtual-Template1\n"
        "  Vaccess status 0x44, loopback not set\n"
        "  Keepalive set (10 sec)\n"
        "  Last input "
    )
    # the first echo waits for the LNS's ARP for the PC, as on IOS
    assert _pings(client).startswith("Success rate is 80 percent (4/5)")
    assert _pings(client).startswith("Success rate is 100 percent (5/5)")
    packets = lns.cli("show l2tp session packets").splitlines()[-1].split()
    assert int(packets[3]) > 5 and int(packets[4]) > 5  # the client's PPP and pings, both ways


def test_a_pppoe_client_is_forwarded_from_the_lacs_virtual_access(vpdn_lab):
    """The LAC's PPPoE access: bba-group pppoe global clones its Virtual-Template1, whose PPP
    takes the user's CHAP answer and forwards it; the LNS clones its own for the call."""
    lab = vpdn_lab(access="pppoe")
    lab.advance(15)
    client, lac, lns = lab["CLIENT"], lab["LAC"], lab["LNS"]
    assert "Dialer1                    10.3.31.50      YES IPCP   up                    up" in client.cli(
        "show ip interface brief"
    )
    assert _pings(client).startswith("Success rate is 80 percent (4/5)")  # the LNS's ARP for the PC
    assert "     1 session  in FORWARDED (FWDED) State\n" in lac.cli("show pppoe session")
    assert "  Vi2.1      FWDED\n" in lac.cli("show pppoe session")
    assert "user@cisco.com, Vi2.1 est" in lac.cli("show vpdn session")  # the LAC's own Vi2.1
    assert "user@cisco.com, Vi2.1 est" in lns.cli("show vpdn session")  # and the LNS's
    assert brief(lns, "Virtual-Access2.1") == ("up", "up")


OTHER_GROUP = """\
vpdn-group 2
 request-dialin
  protocol l2tp
  domain other.com
 initiate-to ip 10.0.23.3
 local name LAC
 l2tp tunnel password 0 cisco
"""
USERS = ("user@cisco.com", "second@cisco.com", "user@other.com")


def test_calls_share_their_groups_tunnel_and_each_group_has_its_own(make_lab):
    """Three PPPoE users on the LAC's LAN: two of cisco.com in one tunnel, one of other.com in
    the second tunnel the LAC opens to the same LNS (RFC 2661: several tunnels between a pair)."""
    clients = "".join(f"    C{n}: {{startup-config: C{n}.cfg}}\n" for n in (1, 2, 3))
    topology = TOPOLOGY.replace(
        "    CLIENT: {startup-config: CLIENT.cfg}\n", clients + "    SW: {kind: switch}\n"
    )
    cables = "".join(f'    - endpoints: ["C{n}:gi0/0", "SW:eth{n}"]\n' for n in (1, 2, 3))
    topology = topology.replace(
        '    - {endpoints: ["CLIENT:s0/0/0", "LAC:s0/0/0"], dce: LAC}\n',
        '    - endpoints: ["LAC:gi0/0", "SW:eth0"]\n' + cables,
    )
    configs = {
        f"C{n}": PPPOE_CLIENT.format(user=user, password="cisco").replace("CLIENT", f"C{n}")
        for n, user in enumerate(USERS, 1)
    }
    lac = LAC.format(secret="cisco", lns="10.0.23.3") + PPPOE_ACCESS + OTHER_GROUP
    users = "".join(f"username {user} password 0 cisco\n" for user in USERS[1:])
    lns = LNS.replace("hostname LNS\n", "hostname LNS\n" + users)
    lab = settled(make_lab(topology, **configs, LAC=lac, CORE=CORE, LNS=lns))
    lab.advance(15)
    assert all(
        " YES IPCP   up " in lab[f"C{n}"].cli("show ip interface brief | include Dialer1") for n in (1, 2, 3)
    )
    assert (
        lab["LNS"]
        .cli("show vpdn")
        .startswith("L2TP Tunnel and Session Information Total tunnels 2 sessions 3\n")
    )
    rows = [line.split() for line in lab["LAC"].cli("show vpdn tunnel").splitlines() if " est " in line]
    assert {row[-1]: row[-2] for row in rows} == {"1": "2", "2": "1"}  # vpdn-group -> its sessions
    for device in (
        "LAC",
        "LNS",
    ):  # each end's calls: subinterfaces of one Virtual-Access, whatever the tunnel
        brief = lab[device].cli("show ip interface brief | include Virtual-Access")
        assert [row.split()[0] for row in brief.splitlines()] == [f"Virtual-Access2.{n}" for n in (1, 2, 3)]


def test_configuring_the_lns_leaves_its_calls_alone(vpdn_lab):
    lab = vpdn_lab()
    lab.advance(10)
    lab["LNS"].console.take_inbox()
    configure(lab["LNS"], "interface Virtual-Template1", "description users")  # a clone keeps its own
    lab.advance(10)
    assert not any("Virtual-Access2.1" in line for line in lab["LNS"].console.take_inbox())
    assert "     0 output errors, 0 collisions, 0 interface resets" in lab["LNS"].cli(
        "show interfaces virtual-access 2.1"
    )
    assert "Description" not in lab["LNS"].cli("show interfaces virtual-access 2.1")


def test_debug_vpdn_event_shows_the_forwarding_and_the_clone(vpdn_lab):
    lab = vpdn_lab(client=False)
    for name in ("LAC", "LNS"):
        lab[name].cli("debug vpdn event")
    _dial(lab, 10)
    lac = [line.split(": ", 1)[1] for line in lab["LAC"].console.take_inbox() if "VPDN" in line]
    assert lac == [
        "Se0/0/0 VPDN: Looking for tunnel -- cisco.com --",
        "Se0/0/0 VPDN: Forward to address 10.0.23.3",
        "Se0/0/0 VPDN: Forwarding...",
        "Se0/0/0 VPDN: Bind interface direction=1",
        "Se0/0/0 VPDN: user@cisco.com is forwarded",
    ]
    lns = [line.split(": ", 1)[1] for line in lab["LNS"].console.take_inbox() if "Vi" in line]
    assert lns[:3] == [  # the clone's debug lines before its syslog
        "Vi2.1 VPDN: Virtual interface created for user@cisco.com",
        "Vi2.1 VPDN: Clone from Vtemplate 1 to Vi2.1",
        "%LINK-3-UPDOWN: Interface Virtual-Access2.1, changed state to up",
    ]


def test_a_domain_no_group_serves_is_authenticated_at_the_lac(vpdn_lab):
    lab = vpdn_lab(user="user@other.com", client=False)
    lab["LAC"].cli("debug ppp authentication")
    _dial(lab, 10)
    assert lab["LAC"].cli("show vpdn") == "%%No active L2TP tunnels\n"
    assert "Se0/0/0 CHAP: Username user@other.com not found" in "\n".join(lab["LAC"].console.take_inbox())
    assert _pings(lab["CLIENT"]).startswith("Success rate is 0 percent")


def test_a_wrong_secret_refuses_the_tunnel(vpdn_lab):
    lab = vpdn_lab(secret="wrong", client=False)
    lab["LAC"].cli("debug vpdn l2x-events")
    _dial(lab, 5)
    assert lab["LNS"].cli("show vpdn") == "%%No active L2TP tunnels\n"
    debug = "\n".join(lab["LAC"].console.take_inbox())
    assert "L2TP: Tunnel Authentication fails for LNS" in debug  # the LNS's answer to the LAC's challenge
    assert brief(lab["LNS"], "Virtual-Template1") == ("down", "down")
    assert "Virtual-Access2.1" not in lab["LNS"].cli("show ip interface brief")
    assert _pings(lab["CLIENT"]).startswith("Success rate is 0 percent")


def test_a_user_the_lns_refuses_is_cleared_and_tries_again(vpdn_lab):
    lab = vpdn_lab(password="wrong", client=False)
    lab["LNS"].cli("debug ppp authentication")
    _dial(lab, 5)
    debug = "\n".join(lab["LNS"].console.take_inbox())
    assert 'Vi2.1 CHAP: O FAILURE id 1 len 25 msg is "Authentication failed"' in debug
    lab.advance(1)
    assert "Virtual-Access2.1" not in lab["LNS"].cli("show ip interface brief")  # the call cleared
    assert (
        lab["LNS"]
        .cli("show vpdn")
        .startswith("L2TP Tunnel and Session Information Total tunnels 1 sessions 0")
    )
    lab.advance(6)
    assert "Vi2.1 CHAP: O FAILURE" in "\n".join(lab["LNS"].console.take_inbox())  # the client dialled again
    assert _pings(lab["CLIENT"]).startswith("Success rate is 0 percent")


def test_clear_vpdn_tunnel_drops_the_client_which_dials_again(vpdn_lab):
    lab = vpdn_lab()
    lab.advance(10)
    lab["CLIENT"].console.take_inbox()
    lab["LAC"].cli("clear vpdn tunnel l2tp all")
    lab.advance(1)
    assert lab["LNS"].cli("show vpdn") == "%%No active L2TP tunnels\n"
    assert _client_dropped(lab)
    lab.advance(10)
    assert brief(lab["LNS"], "Virtual-Access2.1") == ("up", "up")
    assert _pings(lab["CLIENT"]).startswith("Success rate is 80 percent")  # the LNS's first ARP


def test_a_broken_core_times_the_tunnel_out_and_drops_the_client(vpdn_lab):
    lab = vpdn_lab()
    lab.advance(10)
    lab["CLIENT"].console.take_inbox()
    (tunnel,) = lab.nodes["LAC"].services["l2tp"].tunnels()
    configure(lab["CORE"], "interface Serial0/0/1", "shutdown")
    lab.advance(60 + 31)  # a HELLO after 60 s of silence, unanswered through its retransmissions
    assert tunnel.finished
    # the client dials again at once: a new tunnel, waiting for an LNS it cannot reach
    assert " est " not in lab["LAC"].cli("show vpdn tunnel")
    assert _client_dropped(lab)
    assert _pings(lab["CLIENT"]).startswith("Success rate is 0 percent")


def test_an_encrypted_tunnel_password_still_authenticates(vpdn_lab):
    lab = vpdn_lab(client=False)
    for name in ("LAC", "LNS"):
        configure(lab[name], "service password-encryption")
    assert " l2tp tunnel password 7 " in lab["LAC"].cli("show running-config")
    _dial(lab, 10)
    assert _pings(lab["CLIENT"]).startswith("Success rate is 80 percent")


def test_an_unreachable_lns_is_given_up_after_the_retransmissions(vpdn_lab):
    lab = vpdn_lab(lns="10.0.99.9", client=False)  # nobody there
    lab["LAC"].cli("debug vpdn l2x-events")
    configure(lab["CLIENT"], "interface Serial0/0/0", "no shutdown")
    lab.advance(32)  # the SCCRQ at 8 s, sent again 1, 2, 4, 8 and 8 s later, then 8 s more
    assert lab["LAC"].cli("show vpdn tunnel").count("wait-ctl-reply") == 1
    lab.advance(3)
    debug = "\n".join(lab["LAC"].console.take_inbox())
    assert debug.count("L2TP: O SCCRQ") == 1  # retransmissions are the same message, not new ones
    assert "L2TP: Tunnel retransmission limit exceeded" in debug
    assert "Serial0/0/0                unassigned" in lab["CLIENT"].cli("show ip interface brief")
