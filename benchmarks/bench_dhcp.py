"""One IOS DHCP server, N LANs behind relays, P PCs on each all booting at once: the
server's router R0 and the relays R1..RN share a core switch (192.168.0.0/24); each relay's
LAN (10.i.0.0/24, `ip helper-address 192.168.0.1`) is a switch with its PCs, set to obtain
their address automatically. The clock runs until every PC is leased: the virtual seconds
that takes, and the wall seconds of the load and of the run (the issue's figure: 10 LANs
of 100 PCs, every lease within 5 s wall).

    python benchmarks/bench_dhcp.py [LANS] [PCS_PER_LAN]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import iosemu


def write_lab(folder: Path, lans: int, pcs: int) -> Path:
    server = ["hostname R0", "no ip domain lookup", "ip dhcp ping packets 0"]
    for i in range(1, lans + 1):
        server += [
            f"ip dhcp excluded-address 10.{i}.0.1",
            f"ip dhcp pool LAN{i}",
            f" network 10.{i}.0.0 255.255.255.0",
            f" default-router 10.{i}.0.1",
        ]
    server += [f"ip route 10.{i}.0.0 255.255.255.0 192.168.0.{i + 1}" for i in range(1, lans + 1)]
    server += ["interface GigabitEthernet0/0", " ip address 192.168.0.1 255.255.255.0", " no shutdown"]
    (folder / "R0.cfg").write_text("\n".join(server) + "\n")
    nodes = ["    R0: {startup-config: R0.cfg}", "    CORE: {kind: switch}"]
    links = ['    - endpoints: ["R0:g0/0", "CORE:eth0"]']
    for i in range(1, lans + 1):
        relay = [
            f"hostname R{i}",
            "no ip domain lookup",
            "interface GigabitEthernet0/0",
            f" ip address 192.168.0.{i + 1} 255.255.255.0",
            " no shutdown",
            "interface GigabitEthernet0/1",
            f" ip address 10.{i}.0.1 255.255.255.0",
            " ip helper-address 192.168.0.1",
            " no shutdown",
        ]
        (folder / f"R{i}.cfg").write_text("\n".join(relay) + "\n")
        nodes += [f"    R{i}: {{startup-config: R{i}.cfg}}", f"    SW{i}: {{kind: switch}}"]
        links += [
            f'    - endpoints: ["R{i}:g0/0", "CORE:eth{i}"]',
            f'    - endpoints: ["R{i}:g0/1", "SW{i}:eth0"]',
        ]
        for p in range(1, pcs + 1):
            nodes.append(f"    PC{i}-{p}: {{kind: host, dhcp: true}}")
            links.append(f'    - endpoints: ["PC{i}-{p}:eth0", "SW{i}:eth{p}"]')
    path = folder / "dhcp.lab.yml"
    path.write_text(
        "name: dhcp-bench\ntopology:\n  nodes:\n"
        + "\n".join(nodes)
        + "\n  links:\n"
        + "\n".join(links)
        + "\n"
    )
    return path


def main() -> None:
    lans = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    pcs = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    with tempfile.TemporaryDirectory() as folder:
        path = write_lab(Path(folder), lans, pcs)
        start = time.perf_counter()
        lab = iosemu.Lab.load(path)
        loaded = time.perf_counter()
        hosts = [node for name, node in lab.nodes.items() if name.startswith("PC")]
        while any(h.lease is None for h in hosts) and lab.now < 600:
            lab.advance(1)
        done = time.perf_counter()
    leased = sum(h.lease is not None for h in hosts)
    print(f"{lans} LANs x {pcs} PCs: {leased}/{len(hosts)} leased at {lab.now:.0f} s virtual")
    print(f"load {loaded - start:.2f} s wall, leasing {done - loaded:.2f} s wall, total {done - start:.2f} s")


if __name__ == "__main__":
    main()
