"""Voluntary L2TP at scale (issue 13): N client routers on one switch, each its own LAC, whose
`interface Virtual-PPP1` opens its own tunnel and session to one LNS (N tunnels, one session
each), where each is terminated on a Virtual-Access. Time from load until every client's
Virtual-PPP1 has its address from the LNS's pool, one virtual hour of steady state (PPP
keepalives both ways through each tunnel, each tunnel's HELLOs), and the LNS's tunnel and
Virtual-Access counts. The clients run `no cdp run` (bench_l2tp.py says why).

    python benchmarks/bench_l2tp_voluntary.py [N]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import bench_l2tp
from bench_l2tp import bring_up, report

# bench_l2tp.py's LNS, on the clients' switch, taking a tunnel from any host
LNS = bench_l2tp.LNS.replace(" terminate-from hostname LAC\n", "").replace(
    "10.0.0.2 255.255.255.252", "10.0.0.1 255.255.0.0"
)
CLIENT = """\
hostname C{n}
no cdp run
l2tp-class LNS
 hostname C{n}
 password 0 cisco
pseudowire-class TO-LNS
 encapsulation l2tpv2
 protocol l2tpv2 LNS
 ip local interface GigabitEthernet0/0
interface GigabitEthernet0/0
 ip address 10.0.{high}.{low} 255.255.0.0
 no shutdown
interface Virtual-PPP1
 ip address negotiated
 ppp chap hostname user{n}@corp.com
 ppp chap password 0 cisco
 pseudowire 10.0.0.1 {n} pw-class TO-LNS
"""


def write_lab(folder: Path, clients: int) -> Path:
    users = "\n".join(f"username user{n}@corp.com password 0 cisco" for n in range(1, clients + 1))
    (folder / "LNS.cfg").write_text(LNS.format(users=users))
    nodes = ["    LNS: {startup-config: LNS.cfg}", "    SW: {kind: switch}"]
    links = ['    - endpoints: ["LNS:gi0/0", "SW:eth0"]']
    for n in range(1, clients + 1):
        address = n + 1  # 10.0.0.2 and up
        (folder / f"C{n}.cfg").write_text(CLIENT.format(n=n, high=address // 256, low=address % 256))
        nodes.append(f"    C{n}: {{startup-config: C{n}.cfg}}")
        links.append(f'    - endpoints: ["C{n}:gi0/0", "SW:eth{n}"]')
    topology = [
        "name: l2tp-voluntary-scale",
        "topology:",
        "  defaults: {kind: router, type: c2911}",
        "  nodes:",
    ]
    path = folder / "l2tp-voluntary-scale.lab.yml"
    path.write_text("\n".join([*topology, *nodes, "  links:", *links]) + "\n")
    return path


def addressed(lab, clients: int) -> int:
    """How many clients' Virtual-PPP1 has its address from the LNS (IPCP through its tunnel)."""
    return sum(1 for n in range(1, clients + 1) if lab.nodes[f"C{n}"].ports["Virtual-PPP1"].negotiated)


def main(clients: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lab, times = bring_up(Path(tmp), write_lab, addressed, clients, limit=120)
        lns = lab.nodes["LNS"]
        vaccess = sum(1 for name in lns.config.interfaces if name.startswith("Virtual-Access"))
        tunnels = len(lns.services["l2tp"].tunnels())
        rows = {"voluntary clients": f"{clients}, each its own tunnel to one LNS", **times}
        rows["tunnels, Virtual-Access interfaces at the LNS"] = f"{tunnels}, {vaccess}"
        report(rows, lab, addressed, clients)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
