"""Compulsory L2TP at scale (issue 13's benchmark): N PPPoE client routers on one access switch
dialling in at once to one LAC, which forwards every user by its domain through one tunnel to
one LNS, where each is terminated on a Virtual-Access. Time from load until every client's
Dialer has its address from the LNS's pool, one virtual hour of steady state (PPP keepalives
both ways through the tunnel, its HELLOs), and the Virtual-Access count at each end. The
clients and the LAC run `no cdp run`: 500 routers advertising on one LAN would flood every
one's CDP to every other (250,000 advertisements a minute), which is CDP's cost, not L2TP's.

    python benchmarks/bench_l2tp.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_ppp import an_hour

import iosemu

LNS = """\
hostname LNS
{users}
vpdn enable
vpdn-group 1
 accept-dialin
  protocol l2tp
  virtual-template 1
 terminate-from hostname LAC
 local name LNS
 l2tp tunnel password 0 cisco
interface Loopback0
 ip address 10.128.0.1 255.255.0.0
interface GigabitEthernet0/0
 ip address 10.0.0.2 255.255.255.252
 no shutdown
interface Virtual-Template1
 ip unnumbered Loopback0
 peer default ip address pool USERS
 ppp authentication chap
ip local pool USERS 10.128.1.1 10.128.10.254
"""
LAC = """\
hostname LAC
no cdp run
vpdn enable
vpdn-group 1
 request-dialin
  protocol l2tp
  domain corp.com
 initiate-to ip 10.0.0.2
 local name LAC
 l2tp tunnel password 0 cisco
bba-group pppoe global
 virtual-template 1
interface Virtual-Template1
 mtu 1492
 ppp authentication chap
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.252
 no shutdown
interface GigabitEthernet0/1
 no ip address
 pppoe enable group global
 no shutdown
"""
CLIENT = """\
hostname C{n}
no cdp run
interface GigabitEthernet0/0
 no ip address
 pppoe-client dial-pool-number 1
 no shutdown
interface Dialer1
 mtu 1492
 ip address negotiated
 encapsulation ppp
 dialer pool 1
 ppp chap hostname user{n}@corp.com
 ppp chap password 0 cisco
ip route 0.0.0.0 0.0.0.0 Dialer1
"""


def write_lab(folder: Path, clients: int) -> Path:
    users = "\n".join(f"username user{n}@corp.com password 0 cisco" for n in range(1, clients + 1))
    (folder / "LNS.cfg").write_text(LNS.format(users=users))
    (folder / "LAC.cfg").write_text(LAC)
    nodes = [
        "    LNS: {startup-config: LNS.cfg}",
        "    LAC: {startup-config: LAC.cfg}",
        "    SW: {kind: switch}",
    ]
    links = ['    - endpoints: ["LAC:gi0/0", "LNS:gi0/0"]', '    - endpoints: ["LAC:gi0/1", "SW:eth0"]']
    for n in range(1, clients + 1):
        (folder / f"C{n}.cfg").write_text(CLIENT.format(n=n))
        nodes.append(f"    C{n}: {{startup-config: C{n}.cfg}}")
        links.append(f'    - endpoints: ["C{n}:gi0/0", "SW:eth{n}"]')
    topology = ["name: l2tp-scale", "topology:", "  defaults: {kind: router, type: c2911}", "  nodes:"]
    path = folder / "l2tp-scale.lab.yml"
    path.write_text("\n".join([*topology, *nodes, "  links:", *links]) + "\n")
    return path


def addressed(lab, clients: int) -> int:
    """How many clients have their address from the LNS (IPCP done through the tunnel)."""
    return sum(1 for n in range(1, clients + 1) if lab.nodes[f"C{n}"].ports["Dialer1"].negotiated)


def bring_up(folder: Path, write, addressed, clients: int, limit: int = 60) -> tuple:
    """The lab `write(folder, N)` writes for `clients` (one of 2 loaded first, out of the timing:
    the imports and the grammar cache), advanced a second at a time until `addressed(lab, N)`
    says every client has its address or `limit` virtual seconds pass; the lab and the rows of
    its load and bring-up times."""
    warm = folder / "warm-up"
    warm.mkdir()
    iosemu.Lab.load(write(warm, 2)).advance(10)
    started, cpu = time.perf_counter(), time.process_time()
    lab = iosemu.Lab.load(write(folder, clients))
    loaded = time.perf_counter()
    virtual = 0
    while addressed(lab, clients) < clients and virtual < limit:
        lab.advance(1)
        virtual += 1
    up, cpu = time.perf_counter(), time.process_time() - cpu
    return lab, {
        "load (parse configs, boot)": f"{loaded - started:.2f} s",
        "load to every session up": (
            f"{up - started:.2f} s wall ({cpu:.2f} s CPU), {virtual} s virtual "
            f"({addressed(lab, clients)} of {clients} addressed)"
        ),
    }


def report(rows: dict, lab, addressed, clients: int) -> None:
    """The rows, then an hour of steady state and how many clients kept their address."""
    rows["one hour of steady state"] = an_hour(lab)
    rows["sessions still up after the hour"] = f"{addressed(lab, clients)} of {clients}"
    for label, value in rows.items():
        print(f"{label}: {value}")


def main(clients: int = 500) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lab, times = bring_up(Path(tmp), write_lab, addressed, clients)
        vaccess = [
            sum(1 for name in lab.nodes[node].config.interfaces if name.startswith("Virtual-Access"))
            for node in ("LAC", "LNS")
        ]
        rows = {"PPPoE clients": f"{clients}, one LAC, one tunnel to the LNS", **times}
        rows["Virtual-Access interfaces at the LAC, the LNS"] = f"{vaccess[0]}, {vaccess[1]}"
        report(rows, lab, addressed, clients)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
