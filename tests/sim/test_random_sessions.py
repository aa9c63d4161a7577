"""Property: any sequence of real commands, on any console of a lab, with time passing in
between (reloads, removed interfaces, saves and erases included), never breaks iosemu."""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LAB = """
name: three
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {}
    SW1: {kind: switch}
    PC1: {kind: host, ip: 192.168.1.10/24, gateway: 192.168.1.1}
  links:
    - {endpoints: ["R1:s0/0/0", "R2:s0/0/0"], dce: R1}
    - endpoints: ["R1:g0/0", "SW1:eth0"]
    - endpoints: ["PC1:eth0", "SW1:eth1"]
"""
R1 = """
hostname R1
interface GigabitEthernet0/0
 ip address 192.168.1.1 255.255.255.0
interface Serial0/0/0
 ip address 10.0.0.1 255.255.255.252
"""
COMMANDS = textwrap.dedent("""\
    enable
    configure terminal
    end
    exit
    interface Serial0/0/0
    interface GigabitEthernet0/0.10
    interface Serial0/0/0.5 point-to-point
    interface Loopback0
    no interface Loopback0
    no interface GigabitEthernet0/0.10
    default interface Serial0/0/0
    encapsulation dot1Q 10
    ip address 10.0.0.2 255.255.255.252
    ip address 1.1.1.1 255.255.255.255
    no ip address
    shutdown
    no shutdown
    clock rate 64000
    no keepalive
    ip route 0.0.0.0 0.0.0.0 10.0.0.1
    router ospf 1
    network 10.0.0.0 0.255.255.255 area 0
    line vty 0 15
    login
    ping 10.0.0.1 repeat 2
    traceroute 10.0.0.2
    show ip route
    show interfaces
    show running-config
    copy running-config startup-config
    reload
    y
    erase startup-config
    copy startup-config running-config
    clear counters
    debug ip icmp
    ipconfig
    ping 192.168.1.1
    """).splitlines() + [""]
STEP = st.one_of(
    st.sampled_from(COMMANDS).map(lambda c: ("type", c)),
    st.sampled_from(["R1", "R2", "PC1"]).map(lambda d: ("switch", d)),
    st.sampled_from([0.5, 3, 31, 700]).map(lambda s: ("wait", s)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=5, max_size=40))
def test_random_sessions_never_break(make_lab, steps):
    lab = make_lab(LAB, R1=R1)
    device = lab["R1"]
    for kind, value in steps:
        if kind == "wait":
            lab.advance(value)
        elif kind == "switch":
            device = lab[value]
        else:
            output = device.cli(value)
            assert "nternal error" not in output, (value, output)
