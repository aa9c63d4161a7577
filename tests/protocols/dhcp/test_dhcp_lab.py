"""DHCP on whole labs through the API: the classic scope lab with the router as the server,
a statically addressed PC in the pool found by the ping before the offer, a relay across
two routers, and a PC that no server answers."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface

from lab_helpers import solved_lab

SCOPE_LAB = """
name: scope
topology:
  nodes:
    R1: {startup-config: R1.cfg}
    SW1: {kind: switch}
    PC1: {kind: host, dhcp: true}
    PC2: {kind: host, dhcp: true}
    PC3: {kind: host, ip: 10.0.0.4/24, gateway: 10.0.0.1}
  links:
    - endpoints: ["R1:g0/0", "SW1:eth0"]
    - endpoints: ["PC1:eth0", "SW1:eth1"]
    - endpoints: ["PC2:eth0", "SW1:eth2"]
    - endpoints: ["PC3:eth0", "SW1:eth3"]
"""

SERVER = """
hostname R1
ip dhcp excluded-address 10.0.0.10 10.0.0.20
ip dhcp pool scope1
 network 10.0.0.0 255.255.255.0
 default-router 10.0.0.1
 dns-server 10.0.0.10
 domain-name telco.com
 lease 8
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.0
 no shutdown
end
"""


def test_the_classic_scope_lab_gives_each_pc_its_address_gateway_dns_domain_and_lease(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER)
    lab.advance(30)
    pc1, pc2 = lab.nodes["PC1"], lab.nodes["PC2"]
    assert pc1.address == IPv4Interface("10.0.0.2/24") and pc2.address == IPv4Interface("10.0.0.3/24")
    for pc in (pc1, pc2):
        assert pc.gateway == IPv4Address("10.0.0.1")
        assert pc.lease.dns == (IPv4Address("10.0.0.10"),) and pc.lease.domain == "telco.com"
        assert pc.lease.seconds == 8 * 86400
    assert "Received = 4" in lab["PC1"].cli("ping 10.0.0.1")


def test_a_static_pc_in_the_pool_answers_the_ping_and_is_skipped_as_a_conflict(make_lab):
    lab = make_lab(SCOPE_LAB.replace("PC2: {kind: host, dhcp: true}", "PC2: {kind: host}"), R1=SERVER)
    r1 = lab["R1"]
    r1.cli("enable")
    r1.cli("configure terminal")
    r1.cli("ip dhcp excluded-address 10.0.0.2 10.0.0.3")  # PC1's first candidate is PC3's .4
    r1.cli("end")
    lab.advance(30)
    assert lab.nodes["PC1"].address == IPv4Interface("10.0.0.5/24")
    conflicts = r1.cli("show ip dhcp conflict").splitlines()
    assert conflicts[1].startswith("10.0.0.4          Ping               ")
    assert "%DHCPD-4-PING_CONFLICT: DHCP address conflict:  server pinged 10.0.0.4." in "".join(
        r1.console.take_inbox()
    )


RELAY_LAB = """
name: relay
topology:
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
    PC1: {kind: host, dhcp: true}
  links:
    - {endpoints: ["R1:s0/0/0", "R2:s0/0/0"], dce: R1}
    - endpoints: ["PC1:eth0", "R2:g0/0"]
"""


def test_a_relay_forwards_to_a_server_two_routers_away_which_serves_the_relays_subnet(make_lab):
    server = """
hostname R1
ip dhcp pool far
 network 192.168.2.0 255.255.255.0
 default-router 192.168.2.1
 lease 0 0 10
interface Serial0/0/0
 ip address 10.1.1.1 255.255.255.252
 no shutdown
ip route 192.168.2.0 255.255.255.0 10.1.1.2
end
"""
    relay = """
hostname R2
interface Serial0/0/0
 ip address 10.1.1.2 255.255.255.252
 no shutdown
interface GigabitEthernet0/0
 ip address 192.168.2.1 255.255.255.0
 ip helper-address 10.1.1.1
 no shutdown
end
"""
    lab = make_lab(RELAY_LAB, R1=server, R2=relay)
    lab.advance(40)
    pc = lab.nodes["PC1"]
    assert pc.address == IPv4Interface("192.168.2.2/24") and pc.gateway == IPv4Address("192.168.2.1")
    assert "Received = 4" in lab["PC1"].cli("ping 10.1.1.1")
    r2 = lab["R2"]
    r2.cli("enable")
    assert "  Helper address is 10.1.1.1\n" in r2.cli("show ip interface GigabitEthernet0/0")
    obtained = pc.lease.obtained
    lab.advance(300)  # T1: the PC renews straight to the server, which knows it by its address
    assert pc.lease.obtained > obtained and pc.address == IPv4Interface("192.168.2.2/24")
    r1 = lab["R1"]
    r1.cli("enable")
    assert "DHCPREQUEST          2\n" in r1.cli("show ip dhcp server statistics")


def test_a_pc_no_server_answers_takes_an_autoconfiguration_address(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER.replace(" network 10.0.0.0 255.255.255.0\n", ""))
    lab.advance(10)
    assert lab.nodes["PC1"].address is None  # still asking
    lab.advance(60)
    address = lab.nodes["PC1"].address
    assert address is not None and address.network == IPv4Interface("169.254.0.0/16").network


def test_ipconfig_all_shows_the_lease_as_windows_7_does(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER)
    lab.advance(30)
    shown = lab["PC1"].cli("ipconfig /all")
    assert "   DNS Suffix Search List. . . . . . : telco.com\n" in shown
    assert (
        "\nEthernet adapter Local Area Connection:\n\n   Connection-specific DNS Suffix  . : telco.com\n"
        in shown
    )
    assert "   DHCP Enabled. . . . . . . . . . . : Yes\n" in shown
    assert "   IPv4 Address. . . . . . . . . . . : 10.0.0.2(Preferred) \n" in shown
    obtained = lab["PC1"].console.scheduler.wallclock(lab.nodes["PC1"].lease.obtained)
    assert f"   Lease Obtained. . . . . . . . . . : {obtained:%A, %B %d, %Y} " in shown
    assert (
        "   DHCP Server . . . . . . . . . . . : 10.0.0.1\n   DNS Servers . . . . . . . . . . . : 10.0.0.10\n"
        in shown
    )


def test_release_gives_the_address_back_and_renew_gets_the_same_one_again(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER)
    lab.advance(30)
    pc, r1 = lab["PC1"], lab["R1"]
    released = pc.cli("ipconfig /release")
    assert "IPv4 Address" not in released and "   Default Gateway . . . . . . . . . : \n" in released
    lab.advance(1)
    r1.cli("enable")
    assert "10.0.0.2 " not in r1.cli("show ip dhcp binding")
    renewed = pc.cli("ipconfig /renew")
    assert "   IPv4 Address. . . . . . . . . . . : 10.0.0.2\n" in renewed  # asked for by its old address


def test_renew_with_no_server_times_out_with_windows_error_and_a_static_pc_cannot_renew(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER.replace(" network 10.0.0.0 255.255.255.0\n", ""))
    assert "while it has its media disconnected" in lab["PC1"].cli("ipconfig /renew")  # the link not up yet
    lab.advance(5)
    shown = lab["PC1"].cli("ipconfig /renew")
    assert shown.startswith(
        "\nWindows IP Configuration\n\nAn error occurred while renewing interface Local Area Connection : "
        "unable to contact your DHCP server. Request has timed out.\n"
    )
    assert "Autoconfiguration IPv4 Address. . : 169.254." in lab["PC1"].cli("ipconfig")
    assert "The operation failed as no adapter is in the state permissible for\nthis operation." in lab[
        "PC3"
    ].cli("ipconfig /renew")


def test_the_shipped_scope_lab_with_the_router_as_the_server():
    from iosemu.lab.lab import builtin_lab

    lab = solved_lab(builtin_lab("dhcp-scope-router/dhcp-scope-router.lab.yml"))
    lab.advance(30)
    pc1, pc2 = lab.nodes["PC1"], lab.nodes["PC2"]
    assert (str(pc1.address), str(pc2.address)) == ("10.0.0.2/24", "10.0.0.3/24")
    for pc in (pc1, pc2):
        assert pc.gateway == IPv4Address("10.0.0.1") and pc.lease.dns == (IPv4Address("10.0.0.10"),)
        assert pc.lease.domain == "telco.com" and pc.lease.seconds == 8 * 86400
    assert "Received = 4" in lab["PC2"].cli("ping 10.0.0.1")


def test_debug_ip_dhcp_server_shows_the_exchange_as_ios_words_it(make_lab):
    lab = make_lab(SCOPE_LAB.replace("PC2: {kind: host, dhcp: true}", "PC2: {kind: host}"), R1=SERVER)
    r1 = lab["R1"]
    r1.cli("enable")
    assert r1.cli("debug ip dhcp server packet") == "DHCP server packet debugging is on.\n"
    assert r1.cli("debug ip dhcp server events") == "DHCP server event debugging is on.\n"
    lab.advance(30)
    lines = [line.split(": ", 1)[1] for line in r1.console.take_inbox() if "DHCPD" in line]
    client, mac = "0100.5056.a100.01", "0050.56a1.0001"
    assert lines == [  # research notes on DHCP 1.6 (the 12.4 Cookbook and 2811/2911 captures)
        f"DHCPD: DHCPDISCOVER received from client {client} on interface GigabitEthernet0/0.",
        f"DHCPD: assigned IP address 10.0.0.2 to client {client}.",
        f"DHCPD: Sending DHCPOFFER to client {client} (10.0.0.2).",
        f"DHCPD: creating ARP entry (10.0.0.2, {mac}).",
        f"DHCPD: unicasting BOOTREPLY to client {mac} (10.0.0.2).",
        f"DHCPD: DHCPREQUEST received from client {client}.",
        f"DHCPD: Sending DHCPACK to client {client} (10.0.0.2).",
        f"DHCPD: creating ARP entry (10.0.0.2, {mac}).",
        f"DHCPD: unicasting BOOTREPLY to client {mac} (10.0.0.2).",
    ]


ROUTER_CLIENT_LAB = """
name: client
topology:
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
  links:
    - endpoints: ["R1:g0/0", "R2:g0/0"]
"""


def test_a_router_interface_with_ip_address_dhcp_takes_its_address_and_says_so(make_lab):
    client = "hostname R2\ninterface GigabitEthernet0/0\n ip address dhcp\n no shutdown\nend\n"
    lab = make_lab(ROUTER_CLIENT_LAB, R1=SERVER, R2=client)
    r2 = lab["R2"]
    r2.cli("enable")
    lab.advance(30)
    brief = r2.cli("show ip interface brief")
    assert "GigabitEthernet0/0         10.0.0.2        YES DHCP   up                    up" in brief
    assert (
        "%DHCP-6-ADDRESS_ASSIGN: Interface GigabitEthernet0/0 assigned DHCP address 10.0.0.2, "
        "mask 255.255.255.0, hostname R2"
    ) in "\n".join(r2.console.take_inbox())
    lease = r2.cli("show dhcp lease").splitlines()
    assert lease[0] == "Temp IP addr: 10.0.0.2  for peer on Interface: GigabitEthernet0/0"
    assert lease[1] == "Temp  sub net mask: 255.255.255.0"
    assert lease[2] == "   DHCP Lease server: 10.0.0.1, state: 5 Bound"
    assert lease[4] == "   Lease: 691200 secs,  Renewal: 345600 secs,  Rebind: 604800 secs"
    assert lease[5] == "Temp default-gateway addr: 10.0.0.1"
    assert lease[7].startswith("   Retry count: 0   Client-ID: cisco-") and lease[7].endswith("-Gi0/0")
    assert " ip address dhcp\n" in r2.cli("show running-config interface GigabitEthernet0/0")
    assert "\n.!!!!\n" in r2.cli("ping 10.0.0.1")  # the first echo waits for ARP, as on IOS
    routes = r2.cli("show ip route")
    assert "Gateway of last resort is 10.0.0.1 to network 0.0.0.0" in routes
    assert "S*    0.0.0.0/0 [254/0] via 10.0.0.1" in routes  # the router option, at distance 254


def test_a_lease_no_one_renews_expires_at_the_servers_next_two_minute_check(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER.replace(" lease 8\n", " lease 0 0 10\n"))
    r1 = lab["R1"]
    r1.cli("enable")
    lab.advance(30)
    assert "10.0.0.2 " in r1.cli("show ip dhcp binding")
    lab.link("PC1:eth0").loss = 1.0  # PC1 is cut off: its renewals at T1 and T2 never arrive
    r1.cli("debug ip dhcp server events")
    lab.advance(600 - lab.now + 5)  # the lease (taken at about 3 s) has run out
    assert "10.0.0.2 " in r1.cli("show ip dhcp binding")  # still there until the check
    lab.advance(720 - lab.now + 1)
    assert "10.0.0.2 " not in r1.cli("show ip dhcp binding")
    assert "10.0.0.3 " in r1.cli("show ip dhcp binding")  # PC2 renewed at T1
    lines = [line.split(": ", 1)[1] for line in r1.console.take_inbox() if "DHCPD" in line]
    assert lines[-3:] == [  # research notes on DHCP 1.6 (the 12.4 Cookbook's 2-minute checks)
        "DHCPD: checking for expired leases.",
        "DHCPD: the lease for address 10.0.0.2 has expired.",
        "DHCPD: returned 10.0.0.2 to address pool scope1.",
    ]
    assert "Expired bindings     1\n" in r1.cli("show ip dhcp server statistics")
    assert "Autoconfiguration IPv4 Address. . : 169.254." in lab["PC1"].cli("ipconfig")


MANUAL = """
ip dhcp pool PC1
 host 10.0.0.50 255.255.255.0
 client-identifier 0100.5056.A100.01
ip dhcp pool PC2
 host 10.0.0.60
 hardware-address 0050.56a1.0002
"""


def test_manual_bindings_by_client_identifier_and_hardware_address_inherit_the_network_pool(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER.replace("interface", MANUAL.lstrip() + "interface", 1))
    lab.advance(30)
    pc1, pc2 = lab.nodes["PC1"], lab.nodes["PC2"]
    assert pc1.address == IPv4Interface("10.0.0.50/24") and pc2.address == IPv4Interface("10.0.0.60/24")
    assert pc1.gateway == IPv4Address("10.0.0.1") and pc2.lease.domain == "telco.com"  # from scope1
    assert pc1.lease.seconds == 8 * 86400
    r1 = lab["R1"]
    r1.cli("enable")
    assert r1.cli("show ip dhcp binding").splitlines()[4:] == [  # as ntc_cisco_ios_show_ip_dhcp_binding.raw
        "10.0.0.50           0100.5056.a100.01       Infinite                Manual",
        "10.0.0.60           0050.56a1.0002          Infinite                Manual",
    ]
    assert "Manual bindings      2\n" in r1.cli("show ip dhcp server statistics")
    config = r1.cli("show running-config")
    assert (
        "ip dhcp pool PC1\n host 10.0.0.50 255.255.255.0\n client-identifier 0100.5056.a100.01\n!\n"
        "ip dhcp pool PC2\n host 10.0.0.60 255.255.255.0\n hardware-address 0050.56a1.0002\n!\n"
    ) in config  # the mask of a host given none: its network pool's
    r1.cli("configure terminal")
    r1.cli("ip dhcp pool PC3")
    r1.cli("host 172.16.5.9")  # no pool's network holds it: its class's mask
    assert "ip dhcp pool PC3\n host 172.16.5.9 255.255.0.0\n!\n" in r1.cli("do show running-config")


def test_a_pool_network_may_be_given_a_prefix_length(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER.replace("255.255.255.0\n default", "/24\n default"))
    lab.advance(30)
    assert lab.nodes["PC1"].address == IPv4Interface("10.0.0.2/24")
    r1 = lab["R1"]
    r1.cli("enable")
    assert " network 10.0.0.0 255.255.255.0\n" in r1.cli("show running-config")
    r1.cli("configure terminal")
    r1.cli("ip dhcp pool scope1")
    assert "  /nn or A.B.C.D  Network mask or prefix length\n" in r1.console.help("network 10.0.0.0 ")
    assert r1.cli("network 10.0.0.0 /33") == " " * 34 + "^\n% Invalid input detected at '^' marker.\n\n"


def test_raw_options_are_sent_and_kept_in_the_running_config(make_lab):
    options = (
        " option 150 ip 10.0.0.5 10.0.0.6\n option 66 ascii tftp.telco.com\n option 43 hex f104.0a00.0005\n"
    )
    config = SERVER.replace(" dns-server 10.0.0.10\n", options + " option 6 ip 10.0.0.99\n")
    lab = make_lab(SCOPE_LAB, R1=config)
    lab.advance(30)
    assert lab.nodes["PC1"].lease.dns == (IPv4Address("10.0.0.99"),)  # option 6: the DNS servers
    assert "   DNS Servers . . . . . . . . . . . : 10.0.0.99\n" in lab["PC1"].cli("ipconfig /all")
    r1 = lab["R1"]
    r1.cli("enable")
    assert (
        " option 150 ip 10.0.0.5 10.0.0.6 \n option 66 ascii tftp.telco.com\n option 43 hex f104.0a00.0005\n"
        " option 6 ip 10.0.0.99 \n"
    ) in r1.cli("show running-config")
    r1.cli("configure terminal")
    r1.cli("ip dhcp pool scope1")
    assert r1.console.help("option 150 ") == (  # [M]: the wording of Cisco's command reference
        "  ascii     Data is an NVT ASCII string\n"
        "  hex       Data is a hexadecimal string\n"
        "  instance  Specify option instance\n"
        "  ip        Data is one or more IP addresses\n\n"
    )


def test_a_pc_that_finds_its_offered_address_in_use_declines_it_and_takes_the_next(make_lab):
    lab = make_lab(SCOPE_LAB.replace("PC2: {kind: host, dhcp: true}", "PC2: {kind: host}"), R1=SERVER)
    r1 = lab["R1"]
    r1.cli("enable")
    r1.cli("configure terminal")
    r1.cli("ip dhcp ping packets 0")  # the server does not look: the PC's own ARP probe does
    r1.cli("ip dhcp excluded-address 10.0.0.2 10.0.0.3")  # PC1's first candidate is PC3's .4
    r1.cli("end")
    lab.advance(8)
    assert lab.nodes["PC1"].address is None  # PC3 answered the probe: declined
    lab.advance(15)
    assert lab.nodes["PC1"].address == IPv4Interface("10.0.0.5/24")  # 10 s on, the next address
    assert r1.cli("show ip dhcp conflict").splitlines()[1].startswith("10.0.0.4          Gratuitous ARP     ")
    assert (
        "%DHCPD-4-DECLINE_CONFLICT: DHCP address conflict:  client 0100.5056.a100.01 declined 10.0.0.4."
        in "".join(r1.console.take_inbox())
    )
    statistics = r1.cli("show ip dhcp server statistics")
    assert "DHCPDECLINE          1\n" in statistics and "DHCPDISCOVER         2\n" in statistics
    assert "10.0.0.4 " not in r1.cli("show ip dhcp binding")


def test_lease_expirations_are_shown_in_the_routers_clock_once_it_is_set(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER)
    lab.advance(30)
    r1 = lab["R1"]
    r1.cli("enable")
    r1.cli("clock set 10:00:00 1 January 2030")
    row = r1.cli("show ip dhcp binding 10.0.0.2").splitlines()[-1]
    assert row[44:68] == "Jan 09 2030 09:59 AM    "  # 8 days from the ACK, 23 s before the clock was set


def test_no_service_dhcp_stops_the_server_and_the_pcs_fall_back(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER.replace("hostname R1\n", "hostname R1\nno service dhcp\n"))
    lab.advance(90)
    lab["R1"].cli("enable")
    assert lab.nodes["PC1"].autoconfigured and "no service dhcp" in lab["R1"].cli("show running-config")


def test_without_conflict_logging_a_pinged_address_is_skipped_but_not_recorded(make_lab):
    lab = make_lab(SCOPE_LAB.replace("PC2: {kind: host, dhcp: true}", "PC2: {kind: host}"), R1=SERVER)
    r1 = lab["R1"]
    r1.cli("enable")
    for line in (
        "configure terminal",
        "no ip dhcp conflict logging",
        "ip dhcp excluded-address 10.0.0.2 10.0.0.3",
        "end",
    ):
        r1.cli(line)
    lab.advance(30)
    assert lab.nodes["PC1"].address == IPv4Interface("10.0.0.5/24")  # .4 (PC3's) answered the ping
    assert r1.cli("show ip dhcp conflict").splitlines()[1:] == []
    assert "no ip dhcp conflict logging" in r1.cli("show running-config")


def test_clear_ip_dhcp_conflict_empties_the_conflict_table(make_lab):
    lab = make_lab(SCOPE_LAB.replace("PC2: {kind: host, dhcp: true}", "PC2: {kind: host}"), R1=SERVER)
    r1 = lab["R1"]
    r1.cli("enable")
    for line in ("configure terminal", "ip dhcp excluded-address 10.0.0.2 10.0.0.3", "end"):
        r1.cli(line)
    lab.advance(30)
    assert len(r1.cli("show ip dhcp conflict").splitlines()) == 2  # PC3's .4
    assert r1.cli("clear ip dhcp conflict *") == ""
    assert r1.cli("show ip dhcp conflict").splitlines()[1:] == []


def test_an_infinite_lease_is_shown_as_infinite_and_never_renewed(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER.replace(" lease 8\n", " lease infinite\n"))
    lab.advance(30)
    r1 = lab["R1"]
    r1.cli("enable")
    assert "10.0.0.2            0100.5056.a100.01       Infinite                Automatic" in r1.cli(
        "show ip dhcp binding"
    )
    pc = lab.nodes["PC1"]
    assert pc.lease.seconds is None and pc.lease.renew_after is None
    lab.advance(30 * 86400)
    assert pc.address == IPv4Interface("10.0.0.2/24") and pc.lease.obtained < 60


def _discovers_heard(router) -> int:
    """The DISCOVERs a router with no pool for them heard since last read (`debug ip dhcp
    server events`: one `there is no pool` line each)."""
    return sum("DHCPD: there is no pool for" in line for line in router.console.take_inbox())


def test_a_pc_that_gave_up_asks_again_once_every_five_minutes_even_after_a_renew(make_lab):
    lab = make_lab(
        SCOPE_LAB.replace("PC2: {kind: host, dhcp: true}", "PC2: {kind: host}"),
        R1=SERVER.replace(" network 10.0.0.0 255.255.255.0\n", ""),
    )
    r1 = lab["R1"]
    r1.cli("enable")
    r1.cli("debug ip dhcp server events")
    lab.advance(100)  # the first round (from 3 s) gave up at 63 s: the next was due at 363 s
    assert _discovers_heard(r1) > 0
    assert "unable to contact your DHCP server" in lab["PC1"].cli("ipconfig /renew")  # gave up at 160 s
    lab.advance(1)
    _discovers_heard(r1)
    lab.advance(459 - lab.now)  # the renew's round replaced the one due at 363 s
    assert _discovers_heard(r1) == 0
    lab.advance(300)  # 460 s: five DISCOVERs in a minute, then five minutes' wait
    assert _discovers_heard(r1) == 5


def test_a_router_client_that_gave_up_asks_again_once_a_minute_after_a_reload(make_lab):
    client = "hostname R2\ninterface GigabitEthernet0/0\n ip address dhcp\n no shutdown\nend\n"
    server = (
        "hostname R1\ninterface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\n no shutdown\nend\n"
    )
    lab = make_lab(ROUTER_CLIENT_LAB, R1=server, R2=client)
    r1, r2 = lab["R1"], lab["R2"]
    r1.cli("enable")
    r1.cli("debug ip dhcp server events")
    lab.advance(100)  # gave up at 60 s: the next round was due at 120 s
    assert _discovers_heard(r1) > 0
    r2.cli("enable")
    r2.cli("reload")
    r2.cli("")  # the reloaded router's client starts again (and gives up at 160 s); the old one is gone
    lab.advance(170 - lab.now)
    _discovers_heard(r1)
    lab.advance(240)  # rounds at 220 s and 340 s: five DISCOVERs each, a minute apart
    assert _discovers_heard(r1) == 10
