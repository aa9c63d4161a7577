"""Compulsory L2TP at scale: N client routers dialled in over PPP serial lines (four to a LAC,
a PPP serial line standing in for each dial-up user until PPPoE is on the Ethernet), N / 4
LACs on one LAN with one LNS, every user forwarded by its domain and terminated on a
Virtual-Access of the LNS. Time from load until every client has its address from the LNS's
pool (its session up through a tunnel), one virtual hour of steady state (PPP and L2TP HELLO
keepalives), and the LNS's Virtual-Access count.

    python benchmarks/bench_l2tp.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_ppp import an_hour

import iosemu

LINES = ("Serial0/0/0", "Serial0/0/1", "Serial0/1/0", "Serial0/1/1")
LNS = """\
hostname LNS
{users}
vpdn enable
vpdn-group 1
 accept-dialin
  protocol l2tp
  virtual-template 1
 local name LNS
 no l2tp tunnel authentication
interface Loopback0
 ip address 10.128.0.1 255.255.0.0
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.0.0
 no shutdown
interface Virtual-Template1
 ip unnumbered Loopback0
 peer default ip address pool USERS
 ppp authentication chap
ip local pool USERS 10.128.1.1 10.128.10.254
"""
LAC = """\
hostname LAC{n}
vpdn enable
vpdn-group 1
 request-dialin
  protocol l2tp
  domain corp.com
 initiate-to ip 10.0.0.1
 local name LAC{n}
 no l2tp tunnel authentication
interface GigabitEthernet0/0
 ip address 10.0.{high}.{low} 255.255.0.0
 no shutdown
{lines}"""
CLIENT = """\
hostname C{n}
interface Serial0/0/0
 ip address negotiated
 encapsulation ppp
 ppp chap hostname user{n}@corp.com
 ppp chap password 0 cisco
 no shutdown
ip route 0.0.0.0 0.0.0.0 Serial0/0/0
"""


def write_lab(folder: Path, clients: int) -> Path:
    lacs = (clients + len(LINES) - 1) // len(LINES)
    users = "\n".join(f"username user{n}@corp.com password 0 cisco" for n in range(1, clients + 1))
    (folder / "LNS.cfg").write_text(LNS.format(users=users))
    nodes = ["    LNS: {startup-config: LNS.cfg}", "    SW: {kind: switch}"]
    links = ['    - endpoints: ["LNS:gi0/0", "SW:eth0"]']
    for lac in range(1, lacs + 1):
        dialled = [n for n in range((lac - 1) * len(LINES) + 1, lac * len(LINES) + 1) if n <= clients]
        lines = "".join(
            f"interface {line}\n no ip address\n encapsulation ppp\n ppp authentication chap\n no shutdown\n"
            for line, _ in zip(LINES, dialled, strict=False)
        )
        address = lac + 1
        text = LAC.format(n=lac, high=address // 256, low=address % 256, lines=lines)
        (folder / f"LAC{lac}.cfg").write_text(text)
        nodes.append(f"    LAC{lac}: {{startup-config: LAC{lac}.cfg}}")
        links.append(f'    - endpoints: ["LAC{lac}:gi0/0", "SW:eth{lac}"]')
        for line, n in zip(LINES, dialled, strict=False):
            (folder / f"C{n}.cfg").write_text(CLIENT.format(n=n))
            nodes.append(f"    C{n}: {{startup-config: C{n}.cfg}}")
            links.append(f'    - {{endpoints: ["C{n}:s0/0/0", "LAC{lac}:{line}"], dce: LAC{lac}}}')
    topology = ["name: l2tp-scale", "topology:", "  defaults: {kind: router, type: c2911}", "  nodes:"]
    path = folder / "l2tp-scale.lab.yml"
    path.write_text("\n".join([*topology, *nodes, "  links:", *links]) + "\n")
    return path


def addressed(lab, clients: int) -> int:
    """How many clients have their address from the LNS (IPCP done through the tunnel)."""
    return sum(1 for n in range(1, clients + 1) if lab.nodes[f"C{n}"].ports["Serial0/0/0"].negotiated)


def main(clients: int = 500) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm-up"
        warm.mkdir()
        iosemu.Lab.load(write_lab(warm, 2)).advance(10)  # imports and the grammar cache, out of the timing
        started = time.perf_counter()
        lab = iosemu.Lab.load(write_lab(Path(tmp), clients))
        loaded = time.perf_counter()
        virtual = 0
        while addressed(lab, clients) < clients and virtual < 60:
            lab.advance(1)
            virtual += 1
        up = time.perf_counter()
        lns = lab.nodes["LNS"]
        vaccess = sum(1 for name in lns.config.interfaces if name.startswith("Virtual-Access"))
        rows = {
            "clients, LACs": f"{clients}, {(clients + 3) // 4} (one tunnel each to the LNS)",
            "load (parse configs, boot)": f"{loaded - started:.2f} s",
            "load to every session up": (
                f"{up - started:.2f} s wall, {virtual} s virtual "
                f"({addressed(lab, clients)} of {clients} addressed)"
            ),
            "Virtual-Access interfaces at the LNS": f"{vaccess}",
            "one hour of steady state": an_hour(lab),
            "sessions still up after the hour": f"{addressed(lab, clients)} of {clients}",
        }
        for label, value in rows.items():
            print(f"{label}: {value}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
