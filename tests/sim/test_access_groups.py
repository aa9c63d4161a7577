"""Access lists applied to interfaces (`ip access-group`) filter the packets crossing a router:
inbound before routing, outbound after it, the implicit deny at the end, what the router sends
itself never filtered outbound; a stopped packet is answered with an ICMP administratively
prohibited unreachable (ping shows `U`, one per 500 ms: `U.U.U`), and `show access-lists`
counts the matches."""

from __future__ import annotations

import test_ip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from labkit import configure

from iosemu.sim.acl import counts
from tests.config.test_acl import packets

chain = test_ip.chain  # the fixture: R1 - R2 - R3 over serial links, R3's loopback 3.3.3.3

# IOS rate-limits its unreachables: every other echo times out. A real capture behind an inbound
# list (`R4#ping 192.168.0.2` ... `U.U.U`, a public GitHub write-up on `ip access-group DENY_IN in`;
# a CBAC one shows the refused telnet's `% Destination unreachable; gateway or host down`)
U_DOT = [".U.U.", "U.U.U"]


def marks(device, line: str) -> str:
    return next(row for row in device.cli(line).splitlines() if row and set(row) <= set("!.U"))


def test_a_standard_list_inbound_stops_one_source_and_counts_the_matches(chain):
    r1, r2 = chain["R1"], chain["R2"]
    configure(r2, "access-list 10 deny host 192.168.1.1", "access-list 10 permit any")
    configure(r2, "interface Serial0/0/0", "ip access-group 10 in")
    assert marks(r1, "ping 3.3.3.3 source GigabitEthernet0/0") in U_DOT
    assert marks(r1, "ping 3.3.3.3") == "!!!!!"  # from 10.0.12.1: the list's `permit any`
    assert r2.cli("show access-lists 10") == (
        "Standard IP access list 10\n    10 deny   192.168.1.1 (5 matches)\n    20 permit any (5 matches)\n"
    )
    # follows show_ip_interface/ntc_cisco_ios_show_ip_interface2.raw (`Inbound  access list is ACL-IN`)
    # and a 15.x capture's `Input features: Access List, MCI Check` (a CCNA lab's, GitHub)
    assert r2.cli("show ip interface Serial0/0/0 | include access list|features") == (
        "  Outgoing access list is not set\n  Inbound  access list is 10\n"
        "  Input features: Access List, MCI Check\n"
    )
    configure(r2, "interface Serial0/0/0", "no ip access-group 10 in")
    assert marks(r1, "ping 3.3.3.3 source GigabitEthernet0/0") == "!!!!!"


def test_an_outbound_extended_list_filters_what_is_forwarded_not_what_the_router_sends(chain):
    r1, r2 = chain["R1"], chain["R2"]
    configure(r2, "access-list 101 deny icmp any host 3.3.3.3 echo", "access-list 101 permit ip any any")
    configure(r2, "interface Serial0/0/1", "ip access-group 101 out")
    assert marks(r1, "ping 3.3.3.3") in U_DOT
    assert marks(r1, "ping 10.0.23.2") == "!!!!!"  # another destination: `permit ip any any`
    assert marks(r2, "ping 3.3.3.3") == "!!!!!"  # the router's own echoes leave unfiltered
    assert r2.cli("show ip interface Serial0/0/1 | include features") == (
        "  Input features: MCI Check\n  Output features: Access List\n"
    )
    assert r2.cli("show access-lists").splitlines()[1:] == [
        "    10 deny   icmp any host 3.3.3.3 echo (5 matches)",
        "    20 permit ip any any (5 matches)",
    ]


def test_the_implicit_deny_stops_everything_a_list_does_not_permit(chain):
    r1, r2 = chain["R1"], chain["R2"]
    configure(r2, "ip access-list extended ONLY-PINGS", "permit icmp any any echo", "exit")
    configure(r2, "interface Serial0/0/1", "ip access-group ONLY-PINGS in")
    # the echoes reach R3, its replies come back in on Serial0/0/1: none is an echo request
    assert marks(r1, "ping 3.3.3.3") == "....."
    configure(r2, "ip access-list extended ONLY-PINGS", "permit icmp any any echo-reply")
    assert marks(r1, "ping 3.3.3.3") == "!!!!!"  # an edited list applies at once
    assert r2.cli("show ip access-lists ONLY-PINGS") == (
        "Extended IP access list ONLY-PINGS\n    10 permit icmp any any echo\n"
        "    20 permit icmp any any echo-reply (5 matches)\n"
    )


def test_a_list_applied_but_not_defined_lets_everything_through(chain):
    r1, r2 = chain["R1"], chain["R2"]
    configure(r2, "interface Serial0/0/0", "ip access-group 55 in", "ip access-group NOTHING out")
    assert marks(r1, "ping 3.3.3.3") == "!!!!!"


def test_no_ip_unreachables_drops_silently(chain):
    r1, r2 = chain["R1"], chain["R2"]
    configure(
        r2, "access-list 5 deny any", "interface Serial0/0/0", "ip access-group 5 in", "no ip unreachables"
    )
    assert marks(r1, "ping 3.3.3.3") == "....."


def test_a_denied_packet_logs_a_flow_line_for_a_log_entry(chain):
    r1, r2 = chain["R1"], chain["R2"]
    configure(r2, "access-list 120 deny icmp any any log", "access-list 120 permit ip any any")
    configure(r2, "interface Serial0/0/0", "ip access-group 120 in")
    r2.console.take_inbox()
    r1.cli("ping 3.3.3.3 repeat 1")
    logged = [line for line in r2.console.take_inbox() if "IPACCESSLOG" in line]
    assert len(logged) == 1
    assert logged[0].endswith(
        "%SEC-6-IPACCESSLOGDP: list 120 denied icmp 10.0.12.1 -> 3.3.3.3 (8/0), 1 packet"
    )


def test_debug_ip_icmp_names_the_administratively_prohibited_unreachable(chain):
    r1, r2 = chain["R1"], chain["R2"]
    configure(r2, "access-list 6 deny any", "interface Serial0/0/0", "ip access-group 6 in")
    r2.cli("debug ip icmp")
    r2.console.take_inbox()
    r1.cli("ping 3.3.3.3 repeat 1")
    assert any(
        line.endswith("ICMP: dst (3.3.3.3) administratively prohibited unreachable sent to 10.0.12.1")
        for line in r2.console.take_inbox()
    )


def test_established_lets_the_answers_of_connections_made_inside_back_in_and_nothing_else(chain):
    r1, r2, r3 = chain["R1"], chain["R2"], chain["R3"]
    configure(r2, "access-list 110 permit tcp any any established")
    configure(r2, "interface Serial0/0/1", "ip access-group 110 in")
    # R3's answers carry ACK: R1's connection opens (R3's vty has no password, so it closes)
    assert r1.cli("telnet 3.3.3.3").startswith("Trying 3.3.3.3 ... Open\n")
    # R3's own SYN has no ACK: stopped, answered administratively prohibited
    assert r3.cli("telnet 10.0.12.1") == (
        "Trying 10.0.12.1 ... \n% Destination unreachable; gateway or host down\n\n"
    )
    assert marks(r3, "ping 10.0.12.1") in U_DOT  # nor is an echo a TCP answer


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(packets(), min_size=1, max_size=10))
def test_random_packets_through_filtered_interfaces_are_counted_never_a_crash(chain, sent):
    r2 = chain["R2"]
    configure(
        r2,
        "access-list 130 deny tcp any any established log",
        "access-list 130 deny udp any eq 53 any range 1 1024",
        "access-list 130 deny icmp any any echo",
        "access-list 130 permit ip any any",
        "interface Serial0/0/0",
        "ip access-group 130 in",
        "interface Serial0/0/1",
        "ip access-group 130 out",
    )
    acl = r2.router.config.acls[130]
    before = sum(counts(r2.router, acl).values())
    for packet in sent:  # as the serial line would hand them in
        r2.router.ip.receive("Serial0/0/0", packet)
    chain.advance(1)
    assert sum(counts(r2.router, acl).values()) >= before + len(sent)  # each tested inbound, once at least


def test_traceroute_shows_the_stopping_router_with_a_for_administratively_prohibited(chain):
    r1, r2 = chain["R1"], chain["R2"]
    configure(r2, "access-list 140 deny udp any any", "access-list 140 permit ip any any")
    configure(r2, "interface Serial0/0/1", "ip access-group 140 out")
    # the probes of hop 2 leave R2 no further; its unreachables, one per 500 ms, name it
    assert r1.cli("traceroute 3.3.3.3").splitlines()[-2:] == [
        "  1 10.0.12.2 2 msec 2 msec 2 msec",
        "  2 10.0.12.2 !A  *  !A ",
    ]
