"""IP across a lab: connected and static routes, ping, traceroute, ARP, ICMP errors, PCs."""

from __future__ import annotations

import pytest
from lab_helpers import one_router
from labkit import configure

CHAIN = """
name: chain
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
    R3: {startup-config: R3.cfg}
    SW1: {kind: switch}
    PC1: {kind: host, ip: 192.168.1.10/24, gateway: 192.168.1.1}
    PC2: {kind: host, ip: 192.168.1.11/24, gateway: 192.168.1.1}
  links:
    - {endpoints: ["R1:s0/0/0", "R2:s0/0/0"], dce: R1}
    - {endpoints: ["R2:s0/0/1", "R3:s0/0/0"], dce: R2}
    - endpoints: ["R1:gi0/0", "SW1:eth0"]
    - endpoints: ["PC1:eth0", "SW1:eth1"]
    - endpoints: ["PC2:eth0", "SW1:eth2"]
"""
CONFIGS = {
    "R1": """
        hostname R1
        interface GigabitEthernet0/0
         ip address 192.168.1.1 255.255.255.0
        interface Serial0/0/0
         ip address 10.0.12.1 255.255.255.252
        ip route 0.0.0.0 0.0.0.0 10.0.12.2
        """,
    "R2": """
        hostname R2
        interface Serial0/0/0
         ip address 10.0.12.2 255.255.255.252
        interface Serial0/0/1
         ip address 10.0.23.1 255.255.255.252
        ip route 192.168.1.0 255.255.255.0 10.0.12.1
        ip route 3.3.3.3 255.255.255.255 Serial0/0/1
        """,
    "R3": """
        hostname R3
        interface Loopback0
         ip address 3.3.3.3 255.255.255.255
        interface Serial0/0/0
         ip address 10.0.23.2 255.255.255.252
        ip route 0.0.0.0 0.0.0.0 10.0.23.1
        """,
}


@pytest.fixture
def chain(make_lab):
    lab = make_lab(CHAIN, **CONFIGS)
    lab.advance(5)
    for name in ("R1", "R2", "R3"):
        lab[name].cli("enable")
    return lab


def test_ping_across_serial_links(chain):
    # follows ../shared/reference/ios-output/ping/ntc_cisco_ios_ping_source.raw (layout)
    assert chain["R1"].cli("ping 10.0.12.2") == (
        "Type escape sequence to abort.\n"
        "Sending 5, 100-byte ICMP Echos to 10.0.12.2, timeout is 2 seconds:\n"
        "!!!!!\n"
        "Success rate is 100 percent (5/5), round-trip min/avg/max = 2/2/2 ms\n"
    )
    assert chain["R1"].cli("ping 3.3.3.3 source GigabitEthernet0/0 repeat 3").splitlines()[2:] == [
        "Packet sent with a source address of 192.168.1.1",
        "!!!",
        "Success rate is 100 percent (3/3), round-trip min/avg/max = 4/4/4 ms",
    ]


def test_ping_without_a_route_times_out(chain):
    # follows ../shared/reference/ios-output/ping/napalm_ping_fail.txt
    assert chain["R2"].cli("ping 172.16.0.1").splitlines()[-2:] == [
        ".....",
        "Success rate is 0 percent (0/5)",
    ]


def test_unreachables_are_rate_limited_as_on_ios(chain):
    # R1 sends everything to R2, which has no route for 172.16.0.1: U, then silence.
    assert chain["R1"].cli("ping 172.16.0.1").splitlines()[-2:] == [
        "U.U.U",
        "Success rate is 0 percent (0/5)",
    ]


def test_the_df_bit_keeps_a_packet_larger_than_a_links_mtu_from_crossing_it(chain):
    # A sweep past R2's 1400-byte ip mtu toward R3: what fits is answered, what does not gets R2's
    # fragmentation-needed unreachable, rate limited (the `!!!!!MMMMMMMM` of an extended ping sweep
    # in a GitHub markdown on MTU found by search; IOS sends one unreachable per 500 ms).
    configure(chain["R2"], "interface Serial0/0/1", "ip mtu 1400")
    r1, r2 = chain["R1"], chain["R2"]
    assert r1.cli("ping 3.3.3.3 size 1400 df-bit repeat 2").splitlines()[-2][:2] == "!!"
    r2.cli("debug ip icmp")
    r2.console.take_inbox()
    assert r1.cli("ping 3.3.3.3 size 1401 df-bit").splitlines()[-2:] == [
        "M.M.M",
        "Success rate is 0 percent (0/5)",
    ]
    sent = [line.split(": ", 1)[1] for line in r2.console.take_inbox() if "ICMP:" in line]
    assert sent == ["ICMP: dst (3.3.3.3) frag. needed and DF set unreachable sent to 10.0.12.1"] * 3
    assert r1.cli("ping 3.3.3.3 size 1401 repeat 2").splitlines()[-2][:2] == "!!"  # no DF: fragmented
    # The router that sends it cannot send it either: nothing leaves, nothing answers.
    assert r1.cli("ping 10.0.12.2 size 1501 df-bit repeat 2").splitlines()[-2:] == [
        "..",
        "Success rate is 0 percent (0/2)",
    ]


def _answer_dialog(device, *answers: str) -> str:
    """Type `ping` and then each answer; what the last one prints."""
    output = device.cli("ping")
    for answer in answers:
        output = device.cli(answer)
    return output


def test_the_extended_ping_sweeps_sizes_and_finds_the_mtu(chain):
    # The dialog of an extended ping sweep (a GitHub markdown on MTU found by search: `Sweep min
    # size [36]:` ... `Sending 21, [1480..1500]-byte ICMP Echos`, then `!!!!!!!!!!!!!MMMMMMMM`).
    configure(chain["R2"], "interface Serial0/0/1", "ip mtu 1400")
    r1 = chain["R1"]
    prompts = []
    r1.cli("ping")
    for answer in ("", "3.3.3.3", "1", "", "", "y", "", "", "yes", "", "", "", "y", "1398", "1403"):
        prompts.append(r1.console.prompt())
        output = r1.cli(answer)
    prompts.append(r1.console.prompt())
    assert prompts[-4:] == [
        "Sweep range of sizes [n]: ",
        "Sweep min size [36]: ",
        "Sweep max size [18024]: ",
        "Sweep interval [1]: ",
    ]
    output = r1.cli("")
    assert output.splitlines()[:4] == [
        "Type escape sequence to abort.",
        "Sending 6, [1398..1403]-byte ICMP Echos to 3.3.3.3, timeout is 2 seconds:",
        "Packet sent with the DF bit set",
        "!!!M.M",  # 1401 and 1403 do not fit R2's link; the unreachable for 1402 is rate limited
    ]
    # Without the extended commands, each size twice, every 2 bytes: 36, 38, 40, 36, 38, 40.
    output = _answer_dialog(r1, "", "3.3.3.3", "2", "", "", "", "y", "", "40", "2")
    assert output.splitlines()[1:3] == [
        "Sending 6, [36..40]-byte ICMP Echos to 3.3.3.3, timeout is 2 seconds:",
        "!!!!!!",
    ]


def test_routing_loop_expires_the_packets(chain):
    configure(chain["R3"], "ip route 172.16.0.0 255.255.0.0 10.0.23.1")
    configure(chain["R2"], "ip route 172.16.0.0 255.255.0.0 10.0.23.2")
    assert chain["R3"].cli("ping 172.16.0.1 repeat 2").splitlines()[-2:] == [
        "&&",
        "Success rate is 0 percent (0/2)",
    ]


def test_traceroute_lists_each_hop(chain):
    # follows ../shared/reference/ios-output/traceroute/ntc_cisco_ios_traceroute_1.raw
    assert chain["R1"].cli("traceroute 3.3.3.3") == (
        "Type escape sequence to abort.\n"
        "Tracing the route to 3.3.3.3\n"
        "VRF info: (vrf in name/id, vrf out name/id)\n"
        "  1 10.0.12.2 2 msec 2 msec 2 msec\n"
        "  2 10.0.23.2 3 msec *  3 msec\n"
    )


def test_traceroute_options_choose_the_probes_the_ttls_and_the_source(chain):
    assert chain["R1"].cli("traceroute 3.3.3.3 source g0/0 probe 2 ttl 2 5 timeout 1 numeric port 40000") == (
        "Type escape sequence to abort.\n"
        "Tracing the route to 3.3.3.3\n"
        "VRF info: (vrf in name/id, vrf out name/id)\n"
        "  2 10.0.23.2 3 msec * \n"
    )
    assert chain["R1"].cli("traceroute 3.3.3.3 source 9.9.9.9") == (
        "% Invalid source address- IP address not on any of our up interfaces\n"
    )


def test_show_ip_route_in_the_ios_15_format(chain):
    # follows ../shared/reference/ios-output/console_transcripts/rst_c2811_R1_console.txt
    assert chain["R2"].cli("show ip route").split("\n\n", 1)[1] == (
        "Gateway of last resort is not set\n"
        "\n"
        "      3.0.0.0/32 is subnetted, 1 subnets\n"
        "S        3.3.3.3 is directly connected, Serial0/0/1\n"
        "      10.0.0.0/8 is variably subnetted, 4 subnets, 2 masks\n"
        "C        10.0.12.0/30 is directly connected, Serial0/0/0\n"
        "L        10.0.12.2/32 is directly connected, Serial0/0/0\n"
        "C        10.0.23.0/30 is directly connected, Serial0/0/1\n"
        "L        10.0.23.1/32 is directly connected, Serial0/0/1\n"
        "S     192.168.1.0/24 [1/0] via 10.0.12.1\n"
    )
    assert chain["R1"].cli("show ip route static").split("\n\n", 1)[1] == (
        "Gateway of last resort is 10.0.12.2 to network 0.0.0.0\n\nS*    0.0.0.0/0 [1/0] via 10.0.12.2\n"
    )


def test_static_route_leaves_the_table_when_its_interface_goes_down(chain):
    configure(chain["R3"], "interface Serial0/0/0", "shutdown")
    chain.advance(1)
    assert "3.3.3.3" not in chain["R2"].cli("show ip route")


def test_first_ping_over_ethernet_is_lost_to_arp(chain):
    r1 = chain["R1"]
    assert r1.cli("ping 192.168.1.11").splitlines()[-2:] == [
        ".!!!!",
        "Success rate is 80 percent (4/5), round-trip min/avg/max = 1/1/1 ms",
    ]
    # follows ../shared/reference/ios-output/show_ip_arp/ntc_cisco_ios_show_ip_arp.raw (columns)
    assert r1.cli("show ip arp") == (
        "Protocol  Address          Age (min)  Hardware Addr   Type   Interface\n"
        "Internet  192.168.1.1             -   0019.e8a2.6e01  ARPA   GigabitEthernet0/0\n"
        "Internet  192.168.1.11            0   0050.56a1.0002  ARPA   GigabitEthernet0/0\n"
    )


def test_clear_arp_cache_forgets_what_was_learned_and_clear_ip_route_rebuilds_the_table(chain):
    r1 = chain["R1"]
    r1.cli("ping 192.168.1.11")
    assert r1.cli("clear arp-cache") == ""
    assert "192.168.1.11" not in r1.cli("show ip arp")
    assert "192.168.1.1 " in r1.cli("show ip arp")  # the interface's own entry stays
    assert r1.cli("ping 192.168.1.11").splitlines()[-2] == ".!!!!"  # asked for again
    table = r1.cli("show ip route")
    assert r1.cli("clear ip route *") == ""
    assert r1.cli("show ip route") == table  # its statics and connected networks, back at once
    assert r1.cli("ping 3.3.3.3").splitlines()[-2] == "!!!!!"


def test_pc_ipconfig_ping_and_tracert(chain):
    pc = chain["PC1"]
    assert "   IPv4 Address. . . . . . . . . . . : 192.168.1.10\n" in pc.cli("ipconfig")
    reply = pc.cli("ping 3.3.3.3")
    # a PC holds its first packet while it resolves the gateway: nothing is lost
    assert reply.splitlines()[1:4] == [
        "Pinging 3.3.3.3 with 32 bytes of data:",
        "Reply from 3.3.3.3: bytes=32 time=3ms TTL=253",
        "Reply from 3.3.3.3: bytes=32 time=3ms TTL=253",
    ]
    assert "    Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),\n" in reply
    assert pc.cli("tracert 3.3.3.3") == (
        "\n"
        "Tracing route to 3.3.3.3 over a maximum of 30 hops\n"
        "\n"
        "  1    <1 ms    <1 ms    <1 ms  192.168.1.1\n"
        "  2     1 ms     1 ms     1 ms  10.0.12.2\n"
        "  3     3 ms     3 ms     3 ms  3.3.3.3\n"
        "\n"
        "Trace complete.\n"
        "\n"
    )


def test_pc_sees_unreachable_destination(chain):
    reply = chain["PC2"].cli("ping 172.16.0.1")
    assert "Reply from 10.0.12.2: Destination host unreachable.\n" in reply


def test_pc_address_set_at_the_prompt(chain):
    pc = chain["PC2"]
    pc.cli('netsh interface ip set address name="Ethernet0" static 192.168.1.50 255.255.255.0 192.168.1.1')
    assert "   IPv4 Address. . . . . . . . . . . : 192.168.1.50\n" in pc.cli("ipconfig")
    assert "Reply from 192.168.1.1: bytes=32" in pc.cli("ping 192.168.1.1")
    assert pc.cli("dir") == (
        "'dir' is not recognized as an internal or external command,\noperable program or batch file.\n\n"
    )


def test_five_minute_rates_rise_with_traffic_and_decay(chain):
    r1 = chain["R1"]
    r1.cli("ping 10.0.12.2 repeat 1000 size 1500")
    busy = r1.cli("show interfaces Serial0/0/0")
    assert "  5 minute output rate 0 bits/sec" not in busy
    assert "txload 1/255" not in busy
    chain.advance(3600)  # long enough for the console's exec-timeout too
    r1.cli("")
    r1.cli("enable")
    idle = r1.cli("show interfaces Serial0/0/0")
    assert "  5 minute output rate 0 bits/sec, 0 packets/sec\n" in idle
    assert "reliability 255/255, txload 1/255, rxload 1/255\n" in idle


def test_proxy_arp_lets_a_pc_without_gateway_reach_other_networks(chain):
    configure(chain["R2"], "interface Loopback9", "ip address 192.168.9.1 255.255.255.0")
    configure(chain["R1"], "ip route 192.168.9.0 255.255.255.0 10.0.12.2")
    pc = chain["PC2"]  # a /16 mask that takes 192.168.9.1 for a neighbour, and no gateway
    pc.cli('netsh interface ip set address name="Ethernet0" static 192.168.1.11 255.255.0.0 none')
    assert "Reply from 192.168.9.1: bytes=32" in pc.cli("ping 192.168.9.1")
    configure(chain["R1"], "interface GigabitEthernet0/0", "no ip proxy-arp")
    pc.node.ip.clear_arp()  # nobody answers its ARP now: Windows reports that itself
    assert "Reply from 192.168.1.11: Destination host unreachable." in pc.cli("ping -n 1 192.168.9.1")


def test_show_ip_interface(chain):
    # follows ../shared/reference/ios-output/show_ip_interface/ntc_cisco_ios_show_ip_interface2.raw
    text = chain["R1"].cli("show ip interface GigabitEthernet0/0")
    assert text.startswith(
        "GigabitEthernet0/0 is up, line protocol is up\n"
        "  Internet address is 192.168.1.1/24\n"
        "  Broadcast address is 255.255.255.255\n"
        "  Address determined by non-volatile memory\n"
        "  MTU is 1500 bytes\n"
        "  Helper address is not set\n"
        "  Directed broadcast forwarding is disabled\n"
        "  Outgoing access list is not set\n"
        "  Inbound  access list is not set\n"
        "  Proxy ARP is enabled\n"
    )
    assert chain["R1"].cli("show ip interface Serial0/0/1") == (
        "Serial0/0/1 is administratively down, line protocol is down\n"
        "  Internet protocol processing disabled\n"
    )


SHARED_LAN = """
name: shared
topology:
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
    SW1: {kind: switch}
  links:
    - endpoints: ["R1:g0/0", "SW1:eth0"]
    - endpoints: ["R2:g0/0", "SW1:eth1"]
"""


def test_two_routers_on_one_switch_have_their_own_mac_addresses_and_reach_each_other(make_lab):
    lan = "interface GigabitEthernet0/0\n ip address 192.168.0.{} 255.255.255.0\n no shutdown\n"
    lab = make_lab(SHARED_LAN, R1=lan.format(1), R2=lan.format(2))
    lab.advance(5)
    r1, r2 = lab["R1"], lab["R2"]
    r1.cli("enable")
    r2.cli("enable")
    first = r1.cli("show interfaces GigabitEthernet0/0").splitlines()[1]
    second = r2.cli("show interfaces GigabitEthernet0/0").splitlines()[1]
    assert first != second  # each chassis has its own burned-in addresses
    assert "Success rate is 80 percent (4/5)" in r1.cli("ping 192.168.0.2")
    assert second.split("address is ")[1].split()[0] in r1.cli("show arp")  # R1 learnt R2's own


@pytest.mark.parametrize(
    "hardware, wccp",
    [
        ("c2911", "  IPv4 WCCP Redirect outbound is disabled\n"),
        # 12.4 names no address family (ntc_cisco_ios_show_ip_interface4.raw, a pre-15.2(3)T router)
        ("c2811", "  WCCP Redirect outbound is disabled\n"),
    ],
)
def test_show_ip_interface_says_what_the_release_and_the_interface_do(tmp_path, hardware, wccp):
    router = one_router(tmp_path, hardware)
    configure(router, "interface Loopback0", "ip address 10.0.0.1 255.255.255.255")
    text = router.cli("show ip interface Loopback0")
    assert "  ICMP redirects are always sent\n  ICMP unreachables are always sent\n" in text
    assert text.endswith(wccp + wccp.replace("outbound", "inbound") + wccp.replace("outbound", "exclude"))
    configure(router, "interface Loopback0", "no ip unreachables")
    assert "  ICMP unreachables are never sent\n" in router.cli("show ip interface Loopback0")
