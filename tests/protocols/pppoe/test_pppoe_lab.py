"""PPPoE between two routers on an Ethernet cable: CLIENT's `pppoe-client dial-pool-number 1`
and `interface Dialer1`, SERVER's `bba-group pppoe global` cloning Virtual-Template1 for each
session (terminated there: PTA). The configuration and its running-config, the Dialer's
address from the server's pool, show pppoe session at both ends, debug pppoe events as the
real client capture prints it, a user the server refuses, a Dialer shut, and random PPPoE
frames on both ends' Ethernet. show pppoe session follows the 1812J's 12.4 sample (search id
18706527256) and ../shared/reference/ios-output/show_pppoe_session/ccna60d_show_pppoe_session.txt
(the same columns, its spacing lost)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from protocols.l2tp.vpdnkit import PPPOE_CLIENT
from sim.labkit import brief, configure, settled

from iosemu.protocols.ip.pdu import Ethernet
from iosemu.protocols.pppoe.pdu import DISCOVERY, SESSION

TOPOLOGY = """\
name: pppoe
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    CLIENT: {startup-config: CLIENT.cfg}
    SERVER: {startup-config: SERVER.cfg}
  links:
    - endpoints: ["CLIENT:gi0/0", "SERVER:gi0/0"]
"""
SERVER = """\
hostname SERVER
username user password 0 cisco
bba-group pppoe global
 virtual-template 1
interface Loopback0
 ip address 10.9.9.1 255.255.255.0
interface GigabitEthernet0/0
 no ip address
 pppoe enable group global
 no shutdown
interface Virtual-Template1
 mtu 1492
 ip unnumbered Loopback0
 peer default ip address pool USERS
 ppp authentication chap
ip local pool USERS 10.9.9.50 10.9.9.60
"""
CLIENT_MAC, SERVER_MAC = "0019.e8a2.6e01", "0019.e8a2.6f01"  # each 2911's GigabitEthernet0/0


@pytest.fixture
def pppoe_lab(make_lab):
    def build(password: str = "cisco"):
        client = PPPOE_CLIENT.format(user="user", password=password)  # the compulsory lab's client
        return settled(make_lab(TOPOLOGY, CLIENT=client, SERVER=SERVER))

    return build


def test_the_configuration_and_its_running_config(pppoe_lab):
    lab = pppoe_lab()
    server, client = lab["SERVER"], lab["CLIENT"]
    assert "bba-group pppoe global\n virtual-template 1\n!\n" in server.cli("show running-config")
    assert " speed auto\n pppoe enable group global\n!\n" in server.cli("show running-config")
    text = client.cli("show running-config")
    assert " speed auto\n pppoe-client dial-pool-number 1\n!\n" in text
    assert (
        "interface Dialer1\n mtu 1492\n ip address negotiated\n encapsulation ppp\n dialer pool 1\n"
        " ppp chap hostname user\n ppp chap password 0 cisco\n!\n"  # and its default route via Dialer1
    ) in text
    assert text.index("interface Dialer1") > text.index("interface Serial0/1/1")  # after the hardware
    server.cli("configure terminal")
    server.cli("bba-group pppoe OTHER")
    assert server.console.prompt() == "SERVER(config-bba-group)#"
    server.cli("virtual-template 2")
    server.cli("end")
    assert "bba-group pppoe OTHER\n virtual-template 2\n!\n" in server.cli("show running-config")


def test_the_dialer_takes_its_address_from_the_server(pppoe_lab):
    lab = pppoe_lab()
    lab.advance(10)
    client, server = lab["CLIENT"], lab["SERVER"]
    assert "Dialer1                    10.9.9.50       YES IPCP   up                    up" in client.cli(
        "show ip interface brief"
    )
    assert brief(server, "Virtual-Access2.1") == ("up", "up")  # a session subinterface (id 39596755355)
    assert client.cli("ping 10.9.9.1").splitlines()[-1].startswith("Success rate is 100 percent (5/5)")
    assert client.cli("show pppoe session") == (  # as an IOU 15 client prints it (search id 5113020928)
        "     1 client session\n"
        "Uniq ID  PPPoE  RemMAC          Port                    VT  VA         State\n"
        "           SID  LocMAC                                      VA-st      Type\n"
        f"    N/A      1  {SERVER_MAC}  Gi0/0                   Di1 Vi1        UP     \n"
        f"                {CLIENT_MAC}                              UP             \n"
    )
    assert (  # as the CSR capture's Virtual-Access (issue 13's reference search, 2021 PPPoE lab notes)
        "  Open: IPCP, CDPCP\n  PPPoE vaccess, cloned from Virtual-Template1\n"
        "  Vaccess status 0x44, loopback not set\n  Keepalive set (10 sec)\n"
    ) in server.cli("show interfaces virtual-access 2.1")
    assert server.cli("show users").endswith(  # as the 1812J on 12.4 lists it (search id 18706527256)
        "  Interface    User               Mode         Idle     Peer Address\n"
        "  Vi2.1        user               PPPoE        -        10.9.9.50\n"
    )
    assert server.cli("show pppoe session") == (
        "     1 session  in LOCALLY_TERMINATED (PTA) State\n"
        "     1 session  total\n\n"
        "Uniq ID  PPPoE  RemMAC          Port                    VT  VA         State\n"
        "           SID  LocMAC                                      VA-st      Type\n"
        f"      1      1  {CLIENT_MAC}  Gi0/0                    1  Vi2.1      PTA  \n"
        f"                {SERVER_MAC}                              UP         \n"
    )


def test_a_2811_on_12_4_shows_both_tables_with_a_source_column(make_lab):
    """As a 1812J on 12.4 prints them (search id 18706527256): Source names the server's
    Virtual-Template and the client's Dialer; no Type column."""
    fa = {"CLIENT": PPPOE_CLIENT.format(user="user", password="cisco"), "SERVER": SERVER}
    configs = {name: text.replace("GigabitEthernet", "FastEthernet") for name, text in fa.items()}
    topology = TOPOLOGY.replace("type: c2911", "type: c2811").replace("gi0/0", "fa0/0")
    lab = settled(make_lab(topology, **configs))
    lab.advance(30)
    client, server = lab["CLIENT"].cli("show pppoe session"), lab["SERVER"].cli("show pppoe session")
    header = (
        "Uniq ID  PPPoE  RemMAC          Port                  Source   VA         State\n"
        "           SID  LocMAC                                         VA-st\n"
    )
    client_mac, server_mac = re.findall(r"[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}", client)
    assert client == (
        f"     1 client session\n\n{header}"
        f"    N/A      1  {client_mac}  Fa0/0                 Di1      Vi1        UP\n"
        f"                {server_mac}                                 UP\n"
    )
    assert server == (
        "     1 session  in LOCALLY_TERMINATED (PTA) State\n     1 session  total\n\n"
        f"{header}      1      1  {server_mac}  Fa0/0                 Vt1      Vi2.1      PTA\n"
        f"                {client_mac}                                 UP\n"
    )


def test_debug_pppoe_events_follows_the_real_client(pppoe_lab):
    """The order of ios-output/syslog/csr_cpe_syslog_pppoe_dialer.txt."""
    lab = pppoe_lab()
    client = lab["CLIENT"]
    configure(client, "interface Dialer1", "shutdown")
    lab.advance(1)
    client.cli("debug pppoe events")
    configure(client, "interface Dialer1", "no shutdown")
    lab.advance(5)
    events = [line.split(": ", 1)[1] for line in client.console.take_inbox()]
    events = [
        e
        for e in events
        if not e.startswith(("%LINEPROTO", "%LINK-5", "%SYS", "%LINK-3-UPDOWN: Interface Di"))
    ]
    assert events[:12] == [
        " Sending PADI: Interface = GigabitEthernet0/0",
        f"PPPoE 0: I PADO  R:{SERVER_MAC} L:{CLIENT_MAC} Gi0/0",
        " PPPOE: we've got our pado and the pado timer went off",
        "OUT PADR from PPPoE Session",
        f"PPPoE 1: I PADS  R:{SERVER_MAC} L:{CLIENT_MAC} Gi0/0",
        "IN PADS from PPPoE Session",
        "%DIALER-6-BIND: Interface Vi1 bound to profile Di1",
        "PPPoE: Virtual Access interface obtained.",
        "PPPoE : encap string prepared",
        "[0]PPPoE 1: data path set to PPPoE Client",
        "%LINK-3-UPDOWN: Interface Virtual-Access1, changed state to up",
    ]


def test_a_user_the_server_refuses_ends_its_session_and_dials_again(pppoe_lab):
    lab = pppoe_lab(password="wrong")
    lab["CLIENT"].cli("debug pppoe events")
    lab.advance(10)
    assert "up                    up" not in lab["SERVER"].cli("show ip interface brief | include Virtual")
    assert "Dialer1                    unassigned" in lab["CLIENT"].cli("show ip interface brief")
    events = [line.split(": ", 1)[1] for line in lab["CLIENT"].console.take_inbox()]
    ended = events.index(f"PPPoE 1: I PADT  R:{SERVER_MAC} L:{CLIENT_MAC} Gi0/0")  # the server ended it
    assert " Sending PADI: Interface = GigabitEthernet0/0" not in events[ended:]
    lab.advance(20)  # and the client looks again 20 s later, as the CSR capture's does
    assert " Sending PADI: Interface = GigabitEthernet0/0" in [
        line.split(": ", 1)[1] for line in lab["CLIENT"].console.take_inbox()
    ]


def _syslog_of(device, name: str) -> list[str]:
    """The lines naming one Virtual-Access (`Vi1 ` or `Virtual-Access1,`)."""
    short = name.replace("Virtual-Access", "Vi")
    return [
        line.split(": ", 1)[1]
        for line in device.console.take_inbox()
        if f"{short} " in line or f"{name}," in line
    ]


def test_a_refused_user_s_virtual_access_logs_no_line_protocol_at_either_end(pppoe_lab):
    """As the 15.x client in search id 8377401539 (a wrong PPPoE password): the call's
    Virtual-Access goes up and down, its line protocol's late reports never printed."""
    lab = pppoe_lab(password="wrong")
    lab.advance(8)
    bind = ["%DIALER-6-BIND: Interface Vi1 bound to profile Di1"]
    unbind = ["%DIALER-6-UNBIND: Interface Vi1 unbound from profile Di1"]
    up, down = (f"%LINK-3-UPDOWN: Interface Virtual-Access{{}}, changed state to {s}" for s in ("up", "down"))
    assert _syslog_of(lab["CLIENT"], "Virtual-Access1") == bind + [up.format(1)] + unbind + [down.format(1)]
    # the server's session subinterface: no real sample of its lines, today's with its name [M]
    assert _syslog_of(lab["SERVER"], "Virtual-Access2.1") == [up.format(2.1), down.format(2.1)]


def test_a_session_that_ends_takes_the_line_protocol_down_before_the_link(pppoe_lab):
    """The order of the CSR client in search id 3433905391: UNBIND, line protocol down,
    link down."""
    lab = pppoe_lab()
    lab.advance(10)
    for device in lab:
        device.console.take_inbox()
    configure(lab["CLIENT"], "interface Dialer1", "shutdown")
    lab.advance(1)
    lineproto = "%LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual-Access{}, changed state to down"
    link = "%LINK-3-UPDOWN: Interface Virtual-Access{}, changed state to down"
    unbind = "%DIALER-6-UNBIND: Interface Vi1 unbound from profile Di1"
    assert _syslog_of(lab["CLIENT"], "Virtual-Access1") == [unbind, lineproto.format(1), link.format(1)]
    assert _syslog_of(lab["SERVER"], "Virtual-Access2.1") == [lineproto.format(2.1), link.format(2.1)]  # [M]


def test_shutting_the_dialer_ends_the_session(pppoe_lab):
    lab = pppoe_lab()
    lab.advance(10)
    configure(lab["CLIENT"], "interface Dialer1", "shutdown")
    lab.advance(1)
    assert lab["SERVER"].cli("show pppoe session") == ""
    assert "Virtual-Access2" not in lab["SERVER"].cli("show ip interface brief")
    configure(lab["CLIENT"], "interface Dialer1", "no shutdown")
    lab.advance(10)
    assert brief(lab["CLIENT"], "Dialer1") == ("up", "up")


def test_a_live_session_keeps_its_clone_when_the_group_loses_its_template(pppoe_lab):
    """`no virtual-template` under the bba-group changes what later sessions clone: the one up
    stays on its Virtual-Access, which still names the template it was cloned from."""
    lab = pppoe_lab()
    lab.advance(10)
    server, client = lab["SERVER"], lab["CLIENT"]
    configure(server, "bba-group pppoe global", "no virtual-template")
    lab.advance(30)
    assert server.cli("show pppoe session").splitlines()[5:] == [
        f"      1      1  {CLIENT_MAC}  Gi0/0                    1  Vi2.1      PTA  ",
        f"                {SERVER_MAC}                              UP         ",
    ]
    assert "  PPPoE vaccess, cloned from Virtual-Template1\n" in server.cli(
        "show interfaces virtual-access 2.1"
    )
    assert client.cli("ping 10.9.9.1").splitlines()[-1].startswith("Success rate is 100 percent (5/5)")


def test_shutting_the_ethernet_ends_the_session_at_once(pppoe_lab):
    lab = pppoe_lab()
    lab.advance(10)
    configure(lab["CLIENT"], "interface GigabitEthernet0/0", "shutdown")
    lab.advance(1)
    brief_text = lab["CLIENT"].cli("show ip interface brief")
    assert "Dialer1                    unassigned" in brief_text  # up (spoofing), with no call
    assert "Virtual-Access1" not in brief_text
    configure(lab["CLIENT"], "interface GigabitEthernet0/0", "no shutdown")
    lab.advance(15)
    # a new session (the server keeps the old one until its keepalives fail: a new address)
    assert " YES IPCP   up " in lab["CLIENT"].cli("show ip interface brief | include Dialer1")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    frames=st.lists(
        st.tuples(st.sampled_from([DISCOVERY, SESSION]), st.binary(max_size=60)), min_size=1, max_size=6
    ),
    session=st.booleans(),
)
def test_pppoe_junk_never_crashes_a_server_or_a_client(pppoe_lab, frames, session):
    lab = pppoe_lab()
    lab.advance(10)
    for ethertype, data in frames:
        if session and ethertype == SESSION:  # into the live session: its id, then PPP bytes
            data = bytes.fromhex("11000001") + len(data).to_bytes(2, "big") + data
        for name, src in (("SERVER", 0x0019E8A26E01), ("CLIENT", 0x0019E8A26F01)):
            port = lab.nodes[name].ports["GigabitEthernet0/0"]
            port.receive(Ethernet(port.mac, src, ethertype, data), 64)
    lab.advance(30)  # whatever the junk ended, the client has dialled again
    assert "  Vi2.1      PTA" in lab["SERVER"].cli("show pppoe session")
    assert brief(lab["CLIENT"], "Dialer1") == ("up", "up")


TWO_CLIENTS = """\
name: pppoe-two
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    ONE: {startup-config: ONE.cfg}
    TWO: {startup-config: TWO.cfg}
    SERVER: {startup-config: SERVER.cfg}
  links:
    - endpoints: ["ONE:gi0/0", "SERVER:gi0/0"]
    - endpoints: ["TWO:gi0/0", "SERVER:gi0/1"]
"""
TWO_GROUPS = (  # as the 1812J serves two clients, each interface its own group and template
    SERVER.replace("user password 0 cisco", "one password 0 cisco\nusername two password 0 cisco")
    + "bba-group pppoe SECOND\n virtual-template 2\n"
    + "interface GigabitEthernet0/1\n no ip address\n pppoe enable group SECOND\n no shutdown\n"
    + "interface Virtual-Template2\n mtu 1492\n ip unnumbered Loopback0\n peer default ip address pool USERS\n"
    + " ppp authentication chap\n"
)


@pytest.fixture
def two_clients(make_lab):
    one = PPPOE_CLIENT.format(user="one", password="cisco").replace("hostname CLIENT", "hostname ONE")
    two = PPPOE_CLIENT.format(user="two", password="cisco").replace("hostname CLIENT", "hostname TWO")
    lab = settled(make_lab(TWO_CLIENTS, ONE=one, TWO=two, SERVER=TWO_GROUPS))
    lab.advance(10)
    return lab


def test_a_servers_sessions_are_subinterfaces_of_one_virtual_access(two_clients):
    """As the 1812J on 12.4 lists two clients' sessions (search id 18706527256): Vi2.1 and Vi2.2,
    whichever template each is cloned from, routes to each peer through its subinterface; the
    parent Virtual-Access2 is never listed (the 12.4T BRAS, search id 39596755355)."""
    server = two_clients["SERVER"]
    table = server.cli("show pppoe session")
    assert f"      1      1  {CLIENT_MAC}  Gi0/0                    1  Vi2.1      PTA  \n" in table
    assert "  Gi0/1                    2  Vi2.2      PTA  \n" in table
    route = server.cli("show ip route")
    assert "C        10.9.9.50/32 is directly connected, Virtual-Access2.1\n" in route
    assert "C        10.9.9.51/32 is directly connected, Virtual-Access2.2\n" in route
    rows = [row.split()[0] for row in server.cli("show ip interface brief").splitlines()]
    assert [row for row in rows if row.startswith("Virtual")] == [
        "Virtual-Template1",
        "Virtual-Template2",
        "Virtual-Access2.1",
        "Virtual-Access2.2",
    ]
    assert server.cli("show users").endswith(
        "  Vi2.1        one                PPPoE        -        10.9.9.50\n"
        "  Vi2.2        two                PPPoE        -        10.9.9.51\n"
    )
    assert server.cli("show interfaces virtual-access2.2").startswith(
        "Virtual-Access2.2 is up, line protocol is up \n  Hardware is Virtual Access interface\n"
    )


def test_a_session_that_ends_frees_its_subinterface_for_the_next(two_clients):
    lab, server = two_clients, two_clients["SERVER"]
    configure(lab["ONE"], "interface Dialer1", "shutdown")
    lab.advance(1)
    assert "Virtual-Access2.1" not in server.cli("show ip interface brief")
    assert brief(server, "Virtual-Access2.2") == ("up", "up")
    configure(lab["ONE"], "interface Dialer1", "no shutdown")
    lab.advance(10)
    assert brief(server, "Virtual-Access2.1") == ("up", "up")  # the lowest free number again
    assert lab["ONE"].cli("ping 10.9.9.1").splitlines()[-1].startswith("Success rate is 100 percent")


def test_a_client_whose_router_has_pppoe_enable_clones_virtual_access2(make_lab):
    """As the 12.4T CE with `pppoe enable group global` on its client interface (search id
    39596755355): its Dialer's clone is Virtual-Access2 (a client without it: Vi1, above)."""
    client = PPPOE_CLIENT.format(user="user", password="cisco").replace(
        " pppoe-client", " pppoe enable group global\n pppoe-client"
    )
    lab = settled(make_lab(TOPOLOGY, CLIENT=client, SERVER=SERVER))
    lab.advance(10)
    assert brief(lab["CLIENT"], "Virtual-Access2") == ("up", "up")
    assert "  Gi0/0                   Di1 Vi2        UP     \n" in lab["CLIENT"].cli("show pppoe session")
    assert brief(lab["SERVER"], "Virtual-Access2.1") == ("up", "up")
