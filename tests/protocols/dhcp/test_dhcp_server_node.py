"""The `server` node (Windows Server 2008's DHCP role) through the API: the classic scope lab
with the server at 10.0.0.11, what its prompt shows (ipconfig, netsh dhcp server), the
lowest free address after a release, no ping before an offer, a second LAN served across a
relay, and hostile packets that change nothing."""

from __future__ import annotations

from datetime import timedelta
from ipaddress import IPv4Address, IPv4Interface

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosemu.lab.lab import Lab, builtin_lab
from iosemu.protocols.dhcp import pdu
from iosemu.protocols.ip.pdu import (
    BROADCAST_MAC,
    ETHERTYPE_ARP,
    ETHERTYPE_IPV4,
    UDP,
    Arp,
    Ethernet,
    Ipv4,
    Udp,
)

SHIPPED = "dhcp-scope-server/dhcp-scope-server.lab.yml"
EIGHT_DAYS = timedelta(days=8)


def test_the_classic_scope_lab_with_a_server_node_gives_pcs_the_scope_in_order():
    lab = Lab.load(builtin_lab(SHIPPED))
    lab.advance(30)
    for pc, address in (("PC1", "10.0.0.2"), ("PC2", "10.0.0.3")):
        shown = lab[pc].cli("ipconfig /all")
        assert f"   IPv4 Address. . . . . . . . . . . : {address}(Preferred) \n" in shown
        assert "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\n" in shown
        assert "   Default Gateway . . . . . . . . . : 10.0.0.1\n" in shown
        assert "   DHCP Server . . . . . . . . . . . : 10.0.0.11\n" in shown
        assert "   DNS Servers . . . . . . . . . . . : 10.0.0.10\n" in shown
        assert "   Connection-specific DNS Suffix  . : telco.com\n" in shown
        obtained = lab.scheduler.wallclock(lab.nodes[pc].lease.obtained)
        assert f"   Lease Obtained. . . . . . . . . . : {_long(obtained)}\n" in shown
        assert f"   Lease Expires . . . . . . . . . . : {_long(obtained + EIGHT_DAYS)}\n" in shown
        assert "Received = 4" in lab[pc].cli("ping 10.0.0.1")
    leases = lab["SRV"].leases
    assert [(str(x.address), x.name, x.scope) for x in leases] == [
        ("10.0.0.2", "PC1.telco.com", "scope1"),
        ("10.0.0.3", "PC2.telco.com", "scope1"),
    ]
    with pytest.raises(AttributeError, match="PC1 is a host, not a DHCP server"):
        _ = lab["PC1"].leases


def _long(moment) -> str:
    """Windows 7's `Lease Obtained` form: `Friday, March 01, 2002 12:00:07 AM`."""
    return f"{moment:%A, %B %d, %Y} {moment.hour % 12 or 12}:{moment:%M:%S %p}"


def test_netsh_on_the_server_shows_the_scope_and_its_clients_as_windows_prints_them():
    lab = Lab.load(builtin_lab(SHIPPED))
    lab.advance(30)
    srv = lab["SRV"]
    assert srv.console.prompt() == "C:\\Users\\Administrator>"
    assert srv.cli("netsh dhcp server show scope") == (
        "\n" + "=" * 78 + "\n"
        " Scope Address  - Subnet Mask    - State        - Scope Name          -  Comment\n"
        + "="
        * 78
        + "\n\n"
        " 10.0.0.0        - 255.255.255.0  -Active        -scope1               -LAN1\n\n"
        " Total No. of Scopes = 1\n"
        "Command completed successfully.\n\n"
    )
    expires = [lab.scheduler.wallclock(lab.nodes[pc].lease.expires) for pc in ("PC1", "PC2")]
    when = [f"{m.month}/{m.day}/{m.year} {m.hour % 12 or 12}:{m:%M:%S %p}" for m in expires]
    assert srv.cli("netsh dhcp server scope 10.0.0.0 show clients") == (
        "\n\nChanged the current scope context to 10.0.0.0 scope.\n\n"
        "Type : N - NONE, D - DHCP B - BOOTP, U - UNSPECIFIED, R - RESERVATION IP\n" + "=" * 92 + "\n"
        "IP Address      - Subnet Mask    - Unique ID           - Lease Expires        -Type -Name   \n"
        + "="
        * 92
        + "\n\n"
        f"10.0.0.2        - 255.255.255.0  - 00-50-56-a1-00-03   -{when[0]:<23}-D-  PC1.telco.com\n"
        f"10.0.0.3        - 255.255.255.0  - 00-50-56-a1-00-04   -{when[1]:<23}-D-  PC2.telco.com\n\n"
        "No of Clients(version 4): 2 in the Scope : 10.0.0.0.\n\n"
        "Command completed successfully.\n\n"
    )
    assert when[0] == "3/9/2002 12:00:07 AM"  # 8 days after the lab's clock started (1 March 2002)
    same = srv.cli("netsh DHCP Server \\\\SRV scope 10.0.0.0 show clients 1")
    assert same == srv.cli("netsh dhcp server 10.0.0.11 scope 10.0.0.0 show clients")
    assert "No of Clients(version 4): 2 in the Scope : 10.0.0.0." in same


def test_the_server_prompt_answers_in_windows_words():
    lab = Lab.load(builtin_lab(SHIPPED))
    lab.advance(5)
    srv = lab["SRV"]
    shown = srv.cli("ipconfig /all")
    assert "   Host Name . . . . . . . . . . . . : SRV\n" in shown
    assert "   DHCP Enabled. . . . . . . . . . . : No\n" in shown
    assert "   IPv4 Address. . . . . . . . . . . : 10.0.0.11(Preferred) \n" in shown
    assert "Lease" not in shown
    assert "   IPv4 Address. . . . . . . . . . . : 10.0.0.11\n" in srv.cli("ipconfig")
    assert "Received = 4" in srv.cli("ping 10.0.0.1")
    assert srv.cli("netsh dhcp server scope 10.9.9.0 show clients") == (
        "The command needs a valid Scope IP Address.\n\n"
    )
    assert srv.cli("netsh dhcp server scope banana show clients") == (
        "The command needs a valid Scope IP Address.\n\n"
    )
    assert srv.cli("netsh dhcp server show bogus") == (
        "The following command was not found: dhcp server show bogus.\n\n"
    )
    assert srv.cli("netsh dhcp server \\\\OTHER show scope") == (
        "Unable to determine the DHCP Server version for the Server other.\n\n"
    )
    assert srv.cli("netsh dhcp") == "The following command was not found: dhcp.\n\n"
    assert "is not recognized" in srv.cli("show ip dhcp binding")


def test_a_released_address_is_the_next_one_offered_the_lowest_free():
    lab = Lab.load(builtin_lab(SHIPPED))
    lab.advance(30)
    lab["PC1"].cli("ipconfig /release")
    lab.advance(1)
    assert [str(x.address) for x in lab["SRV"].leases] == ["10.0.0.3"]
    lab.nodes["PC1"].dhcp.previous = None  # a new client: it asks for no address of its own
    lab["PC1"].cli("ipconfig /renew")
    assert str(lab.nodes["PC1"].address) == "10.0.0.2/24"  # IOS would go on to .4


LAN_WITH_A_STATIC_PC = """
name: scope
topology:
  nodes:
    SW1: {kind: switch}
    SRV:
      kind: server
      ip: 10.0.0.11/24
      scopes:
        - {name: scope1, start: 10.0.0.2, end: 10.0.0.254, length: 24,
           exclusions: [{start: 10.0.0.10, end: 10.0.0.20}]}
    PC1: {kind: host, dhcp: true}
    PC9: {kind: host, ip: 10.0.0.2/24}
  links:
    - endpoints: ["SRV:eth0", "SW1:eth0"]
    - endpoints: ["PC1:eth0", "SW1:eth1"]
    - endpoints: ["PC9:eth0", "SW1:eth2"]
"""


def test_the_server_does_not_ping_before_it_offers_and_an_unset_lease_is_eight_days(make_lab):
    lab = make_lab(LAN_WITH_A_STATIC_PC)
    lab.advance(7.5)  # the PC's first DISCOVER is 3 s after its link comes up, at 7 s
    pc = lab.nodes["PC1"]
    assert pc.address is None  # offered .2 at once, in use by PC9: the PC's own ARP probe finds it
    lab.advance(15)
    assert pc.address == IPv4Interface("10.0.0.3/24")  # declined, and 10 s later the next address
    assert pc.lease.seconds == 8 * 86400 and pc.lease.renew_after == 4 * 86400
    assert pc.lease.rebind_after == 7 * 86400
    assert pc.gateway is None and pc.lease.dns == () and pc.lease.domain is None


def test_ten_pcs_get_the_lowest_free_addresses_past_the_exclusions_and_every_reply_is_broadcast(make_lab):
    pcs = "".join(f"    C{n}: {{kind: host, dhcp: true}}\n" for n in range(1, 11))
    cables = "".join(f'    - endpoints: ["C{n}:eth0", "SW1:eth{n + 2}"]\n' for n in range(1, 11))
    text = LAN_WITH_A_STATIC_PC.replace("    PC1: {kind: host, dhcp: true}\n", pcs).replace(
        "10.0.0.2/", "10.0.0.15/"
    )
    lab = make_lab(text.replace('    - endpoints: ["PC1:eth0", "SW1:eth1"]\n', "") + cables)
    heard = []  # what reaches PC9 (static, in the exclusions): only what is sent to everyone
    pc9 = lab.nodes["PC9"]
    receive = pc9.receive
    pc9.receive = lambda name, frame, size: heard.append(frame) or receive(name, frame, size)
    lab.advance(30)
    given = sorted(int(lab.nodes[f"C{n}"].address.ip) & 0xFF for n in range(1, 11))
    assert given == [2, 3, 4, 5, 6, 7, 8, 9, 21, 22]  # .10-.20 excluded
    replies = [f for f in heard if isinstance(f.payload, Ipv4) and f.payload.payload.dport == pdu.CLIENT_PORT]
    kinds = sorted(pdu.decode(f.payload.payload.data).kind for f in replies)
    assert kinds == [pdu.OFFER] * 10 + [pdu.ACK] * 10
    assert {(f.dst, str(f.payload.dst)) for f in replies} == {(BROADCAST_MAC, "255.255.255.255")}


RELAYED = """
name: relayed
topology:
  nodes:
    R1: {startup-config: R1.cfg}
    SW1: {kind: switch}
    SRV:
      kind: server
      ip: 10.0.0.11/24
      gateway: 10.0.0.1
      scopes:
        - {name: scope1, description: LAN1, start: 10.0.0.2, end: 10.0.0.254,
           subnet-mask: 255.255.255.0, exclusions: [{start: 10.0.0.10, end: 10.0.0.20}],
           router: 10.0.0.1, dns-servers: 10.0.0.10, parent-domain: telco.com}
        - {name: scope2, description: LAN2, start: 192.168.2.100, end: 192.168.2.200, length: 24,
           lease: {hours: 4}, router: 192.168.2.1, dns-servers: [10.0.0.10, 10.0.0.12],
           parent-domain: branch.telco.com}
    PC1: {kind: host, dhcp: true}
    PC2: {kind: host, dhcp: true}
  links:
    - endpoints: ["R1:g0/0", "SW1:eth0"]
    - endpoints: ["SRV:eth0", "SW1:eth1"]
    - endpoints: ["PC1:eth0", "SW1:eth2"]
    - endpoints: ["PC2:eth0", "R1:g0/1"]
"""

RELAY = """
hostname R1
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.0
 no shutdown
interface GigabitEthernet0/1
 ip address 192.168.2.1 255.255.255.0
 ip helper-address 10.0.0.11
 no shutdown
end
"""


def test_behind_a_relay_the_server_serves_the_second_lan_from_its_scope(make_lab):
    lab = make_lab(RELAYED, R1=RELAY)
    lab.advance(40)
    pc1, pc2 = lab.nodes["PC1"], lab.nodes["PC2"]
    assert pc1.address == IPv4Interface("10.0.0.2/24")
    assert pc2.address == IPv4Interface("192.168.2.100/24") and pc2.gateway == IPv4Address("192.168.2.1")
    assert pc2.lease.server == IPv4Address("10.0.0.11") and pc2.lease.seconds == 4 * 3600
    assert pc2.lease.dns == (IPv4Address("10.0.0.10"), IPv4Address("10.0.0.12"))
    shown = lab["PC2"].cli("ipconfig /all")
    assert "   DNS Servers . . . . . . . . . . . : 10.0.0.10\n" + " " * 39 + "10.0.0.12\n" in shown
    assert "   Connection-specific DNS Suffix  . : branch.telco.com\n" in shown
    assert "Received = 4" in lab["PC2"].cli("ping 10.0.0.11")
    srv = lab["SRV"]
    assert " 192.168.2.0     - 255.255.255.0  -Active        -scope2               -LAN2\n" in srv.cli(
        "netsh dhcp server show scope"
    )
    clients = srv.cli("netsh dhcp server scope 192.168.2.0 show clients")
    assert "\n192.168.2.100   - 255.255.255.0  - 00-50-56-a1-00-03   -" in clients
    assert "-D-  PC2.branch.telco.com\n" in clients and "10.0.0.2 " not in clients
    lab.advance(2 * 3600 + 10)  # T1: PC2 renews with the server across the relay
    assert pc2.lease.obtained > 2 * 3600 and pc2.address == IPv4Interface("192.168.2.100/24")
    assert abs(lab["SRV"].leases[1].expires - (pc2.lease.obtained + 4 * 3600)) < 1  # as the server saw it


# -- hostile input ---------------------------------------------------------------------------

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
header = st.builds(
    pdu.DhcpMessage,
    st.sampled_from([pdu.BOOTREQUEST, pdu.BOOTREPLY]),
    st.integers(0, 2**32 - 1),
    st.integers(0, 2**48 - 1),
    st.one_of(st.none(), st.sampled_from(sorted(pdu.KIND_NAMES))),
    flags=st.integers(0, 0xFFFF),
    ciaddr=st.sampled_from([pdu.ZERO, IPv4Address("10.0.0.2"), IPv4Address("192.168.2.100")]),
    giaddr=st.sampled_from([pdu.ZERO, IPv4Address("192.168.2.1"), IPv4Address("172.16.0.1")]),
    options=st.lists(st.tuples(st.integers(1, 254), st.binary(max_size=8)), max_size=5).map(tuple),
).map(pdu.DhcpMessage.encode)
payload = st.one_of(st.binary(max_size=400), header, header.map(lambda data: data[: len(data) // 2]))
packet = st.builds(
    Ipv4,
    st.sampled_from([pdu.ZERO, IPv4Address("10.0.0.2"), IPv4Address("192.168.2.1")]),
    st.sampled_from([IPv4Address("255.255.255.255"), IPv4Address("10.0.0.11")]),
    st.integers(1, 255),
    st.just(UDP),
    st.builds(Udp, st.sampled_from([67, 68, 5000]), st.sampled_from([67, 68, 69]), payload),
)
arp = st.builds(
    Arp,
    st.integers(0, 3),
    st.integers(0, 2**48 - 1),
    st.sampled_from([IPv4Address("10.0.0.11"), IPv4Address("10.0.0.1"), IPv4Address("0.0.0.0")]),
    st.integers(0, 2**48 - 1),
    st.sampled_from([IPv4Address("10.0.0.11"), IPv4Address("10.0.0.99")]),
)
frame = st.one_of(
    st.builds(Ethernet, st.just(BROADCAST_MAC), st.integers(0, 2**48 - 1), st.just(ETHERTYPE_IPV4), packet),
    st.builds(Ethernet, st.just(BROADCAST_MAC), st.integers(0, 2**48 - 1), st.just(ETHERTYPE_ARP), arp),
)


@SETTINGS
@given(frames=st.lists(frame, min_size=1, max_size=8))
def test_random_frames_to_the_server_never_crash_it_and_it_goes_on_serving(make_lab, frames):
    lab = make_lab(RELAYED, R1=RELAY)
    lab.advance(40)
    server = lab.nodes["SRV"]
    for each in frames:
        server.receive("eth0", each, 342)
    lab.advance(5)
    assert "Received = 4" in lab["PC1"].cli("ping 10.0.0.11")
    listing = lab["SRV"].cli("netsh dhcp server scope 10.0.0.0 show clients")
    assert "Command completed successfully." in listing
    lab.nodes["PC1"].dhcp.previous = None
    lab["PC1"].cli("ipconfig /release")
    assert "   IPv4 Address. . . . . . . . . . . : 10.0.0." in lab["PC1"].cli("ipconfig /renew")
