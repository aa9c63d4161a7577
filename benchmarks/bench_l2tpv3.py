"""L2TPv3 pseudowires between two PEs across a serial core (PE1 - CORE - PE2, the lab
topologies/l2tpv3-pseudowire and its reference solution): N dot1Q subinterfaces of each PE's
Gi0/1 (a trunk to a switch) xconnected in VLAN mode (VC IDs 1..N, one control connection
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

LAB = Path(__file__).parents[1] / "topologies" / "l2tpv3-pseudowire"


def pe(name: str, peer: str, count: int) -> str:
    """The lab's reference PE with its Gi0/1 a trunk of `count` xconnected subinterfaces and
    the PC's pseudowire (VC ID 1000) on Gi0/2."""
    subinterfaces = "".join(
        f"interface GigabitEthernet0/1.{i}\n encapsulation dot1Q {i}\n xconnect {peer} {i} pw-class PW\n"
        for i in range(1, count + 1)
    )
    port = f"interface GigabitEthernet0/1\n no ip address\n no shutdown\n xconnect {peer} 100 pw-class PW\n"
    moved = f"interface GigabitEthernet0/2\n no ip address\n no shutdown\n xconnect {peer} 1000 pw-class PW\n"
    config = (LAB / "solution" / f"{name}.cfg").read_text()
    trunk = "interface GigabitEthernet0/1\n no ip address\n no shutdown\n"
    return config.replace(port, trunk + subinterfaces + moved)


def topology() -> str:
    """The lab's, the PCs moved to Gi0/2 and a switch on each PE's Gi0/1."""
    text = (LAB / "l2tpv3-pseudowire.lab.yml").read_text()
    text = text.replace("GigabitEthernet0/1", "GigabitEthernet0/2")
    switches = "".join(f'    - endpoints: ["PE{n}:GigabitEthernet0/1", "SW{n}:eth0"]\n' for n in (1, 2))
    text = text.replace(
        "    PC1: {kind: host", "    SW1: {kind: switch}\n    SW2: {kind: switch}\n    PC1: {kind: host"
    )
    return text + switches


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    pings = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "PE1.cfg").write_text(pe("PE1", "3.3.3.3", count))
        (folder / "PE2.cfg").write_text(pe("PE2", "1.1.1.1", count))
        (folder / "CORE.cfg").write_text((LAB / "solution" / "CORE.cfg").read_text())
        (folder / "lab.lab.yml").write_text(topology())
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
