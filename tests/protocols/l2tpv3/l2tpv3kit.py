"""The two-site lab of the L2TPv3 tests: PE1 - CORE - PE2 on serial lines (OSPF-free: static
routes), each PE's Loopback0 the pseudowire's end, PC1 behind PE1's Gi0/1 and PC2 behind
PE2's Gi0/1 in 192.168.50.0/24 (or a switch between PE1 and PC1)."""

from __future__ import annotations

TOPOLOGY = """\
name: l2tpv3
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    PE1: {startup-config: PE1.cfg}
    CORE: {startup-config: CORE.cfg}
    PE2: {startup-config: PE2.cfg}
    PC1: {kind: host, ip: 192.168.50.1/24}
    PC2: {kind: host, ip: 192.168.50.2/24}
  links:
    - {endpoints: ["PE1:s0/0/0", "CORE:s0/0/0"], dce: CORE}
    - {endpoints: ["CORE:s0/0/1", "PE2:s0/0/0"], dce: CORE}
    - {endpoints: ["PE1:g0/1", "PC1:eth0"]}
    - {endpoints: ["PE2:g0/1", "PC2:eth0"]}
"""
SWITCHED = TOPOLOGY.replace(
    '    - {endpoints: ["PE1:g0/1", "PC1:eth0"]}\n',
    '    - {endpoints: ["PE1:g0/1", "SW1:eth0"]}\n    - {endpoints: ["PC1:eth0", "SW1:eth1"]}\n',
).replace("    PC1: {kind: host", "    SW1: {kind: switch}\n    PC1: {kind: host")

PE = """\
hostname {name}
l2tp-class L2TP
 hostname {name}
 password 0 {password}
{class_extra}!
pseudowire-class PW
 encapsulation l2tpv3
 protocol l2tpv3 L2TP
 ip local interface Loopback0
!
interface Loopback0
 ip address {loopback} 255.255.255.255
interface GigabitEthernet0/1
 no ip address
 no shutdown
 xconnect {peer} {vcid} pw-class PW
interface Serial0/0/0
 ip address {serial} 255.255.255.0
 no shutdown
ip route 0.0.0.0 0.0.0.0 {gateway}
"""
CORE = """\
hostname CORE
interface Serial0/0/0
 ip address 10.0.12.2 255.255.255.0
 clock rate 2000000
 no shutdown
interface Serial0/0/1
 ip address 10.0.23.2 255.255.255.0
 clock rate 2000000
 no shutdown
ip route 1.1.1.1 255.255.255.255 10.0.12.1
ip route 3.3.3.3 255.255.255.255 10.0.23.3
"""


def pe(name: str, password: str = "cisco", vcid: int = 100, class_extra: str = "") -> str:
    one = name == "PE1"
    return PE.format(
        name=name,
        password=password,
        class_extra=class_extra,
        loopback="1.1.1.1" if one else "3.3.3.3",
        peer="3.3.3.3" if one else "1.1.1.1",
        vcid=vcid,
        serial="10.0.12.1" if one else "10.0.23.3",
        gateway="10.0.12.2" if one else "10.0.23.2",
    )


def two_sites(make_lab, topology: str = TOPOLOGY, settle: float = 30, **overrides):
    """The lab, booted and `settle` seconds on (lines up, the pseudowire signalled); `PE1=` /
    `PE2=` give other configurations."""
    configs = {"PE1": pe("PE1"), "PE2": pe("PE2"), "CORE": CORE, **overrides}
    lab = make_lab(topology, **configs)
    lab.advance(settle)
    for name in ("PE1", "PE2", "CORE"):
        lab[name].cli("")
        lab[name].cli("enable")
        lab[name].console.take_inbox()
    return lab


def tap(lab) -> list[tuple[str, object]]:
    """Every IP packet of protocol 115 the PEs receive from now on, as (receiver, packet)."""
    log: list[tuple[str, object]] = []
    for name in ("PE1", "PE2"):
        protocols = lab.nodes[name].ip.protocols
        take = protocols[115]

        def heard(interface, packet, take=take, name=name):
            log.append((name, packet))
            take(interface, packet)

        protocols[115] = heard
    return log
