"""L2TPv3 pseudowires between two PEs across a serial core (PE1 - CORE - PE2): N dot1Q
subinterfaces of each PE's Gi0/1 (a trunk to a switch) xconnected in VLAN mode (VC IDs 1..N, one control connection
carrying N sessions), and PC1 and PC2 on the port-mode pseudowire of Gi0/2 (VC ID 1000,
192.168.50.0/24). Measured: the wall seconds from the load until every pseudowire is up (and
the virtual seconds that takes), an hour of virtual steady state (HELLOs every 60 s), and PC1's
pings to PC2 through the pseudowire.

    python benchmarks/bench_l2tpv3.py [PSEUDOWIRES] [PINGS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import iosemu


def pe(name: str, loopback: str, peer: str, serial: str, gateway: str, count: int) -> str:
    lines = [
        f"hostname {name}",
        "l2tp-class L2TP",
        f" hostname {name}",
        " password 0 cisco",
        "pseudowire-class PW",
        " encapsulation l2tpv3",
        " protocol l2tpv3 L2TP",
        " ip local interface Loopback0",
        "interface Loopback0",
        f" ip address {loopback} 255.255.255.255",
        "interface GigabitEthernet0/1",
        " no ip address",
        " no shutdown",
    ]
    for i in range(1, count + 1):
        sub = f"interface GigabitEthernet0/1.{i}"
        lines += [sub, f" encapsulation dot1Q {i}", f" xconnect {peer} {i} pw-class PW"]
    lines += [
        "interface GigabitEthernet0/2",
        " no ip address",
        " no shutdown",
        f" xconnect {peer} 1000 pw-class PW",
        "interface Serial0/0/0",
        f" ip address {serial} 255.255.255.0",
        " no shutdown",
        f"ip route 0.0.0.0 0.0.0.0 {gateway}",
    ]
    return "\n".join(lines) + "\n"


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
TOPOLOGY = """\
name: l2tpv3-bench
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    PE1: {startup-config: PE1.cfg}
    CORE: {startup-config: CORE.cfg}
    PE2: {startup-config: PE2.cfg}
    SW1: {kind: switch}
    SW2: {kind: switch}
    PC1: {kind: host, ip: 192.168.50.1/24}
    PC2: {kind: host, ip: 192.168.50.2/24}
  links:
    - {endpoints: ["PE1:s0/0/0", "CORE:s0/0/0"], dce: CORE}
    - {endpoints: ["CORE:s0/0/1", "PE2:s0/0/0"], dce: CORE}
    - {endpoints: ["PE1:g0/1", "SW1:eth0"]}
    - {endpoints: ["PE2:g0/1", "SW2:eth0"]}
    - {endpoints: ["PE1:g0/2", "PC1:eth0"]}
    - {endpoints: ["PE2:g0/2", "PC2:eth0"]}
"""


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    pings = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "PE1.cfg").write_text(pe("PE1", "1.1.1.1", "3.3.3.3", "10.0.12.1", "10.0.12.2", count))
        (folder / "PE2.cfg").write_text(pe("PE2", "3.3.3.3", "1.1.1.1", "10.0.23.3", "10.0.23.2", count))
        (folder / "CORE.cfg").write_text(CORE)
        (folder / "lab.lab.yml").write_text(TOPOLOGY)
        start = time.perf_counter()
        lab = iosemu.Lab.load(folder / "lab.lab.yml")
        loaded = time.perf_counter()
        services = [lab.nodes[n].services["l2tpv3"] for n in ("PE1", "PE2")]
        while lab.now < 600 and not all(pw.forwarding for s in services for pw in s.pseudowires.values()):
            lab.advance(0.5)
        up = time.perf_counter()
        virtual_up = lab.now
        lab.advance(3600)
        hour = time.perf_counter()
        lab["PC1"].cli(f"ping -n {pings} 192.168.50.2")
        pinged = time.perf_counter()
        answered = services[1].pseudowires["GigabitEthernet0/2"].packets_out
    total = sum(len(s.pseudowires) for s in services)
    print(f"{count} VLAN pseudowires + 1 port-mode, {total} ends")
    print(f"load {loaded - start:.2f} s wall; every pseudowire up {up - start:.2f} s wall", end="")
    print(f", {virtual_up:.1f} s virtual")
    print(f"one virtual hour of steady state: {hour - up:.2f} s wall")
    print(f"{pings} pings PC1 -> PC2: {pinged - hour:.2f} s wall ({answered} frames back through PE2)")


if __name__ == "__main__":
    main()
