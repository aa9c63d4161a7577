"""A Frame Relay hub and N spokes on one frame-relay-switch node, one PVC each (the hub's
serial carries N DLCIs, 101 up; every spoke's is DLCI 100): time from load until every PVC
of the hub is ACTIVE (the virtual seconds that takes, and the wall seconds of the load and
the run), then one hour of virtual steady state (LMI polls every 10 s, a full status every
minute with N PVCs in the hub's, Inverse ARP every 60 s), then a ping from the hub to the
last spoke. Every router on its main interface, learning its maps by Inverse ARP; with
`--subinterfaces` the hub has a point-to-point subinterface per PVC instead (it sends no
Inverse ARP of its own).

    python benchmarks/bench_frame_relay.py [N] [--subinterfaces]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_ppp import an_hour

import iosemu

HUB_PORT = "Serial0/0/0"


def spoke_address(i: int, subinterfaces: bool) -> str:
    """Spoke i's address: on the hub's /16 (.2 up), or the far end of its /30."""
    high, low = divmod(i + 1, 256)
    return f"10.2.{i}.2 255.255.255.252" if subinterfaces else f"10.1.{high}.{low} 255.255.0.0"


def hub_config(count: int, subinterfaces: bool) -> list[str]:
    lines = ["hostname HQ", "no ip domain lookup", f"interface {HUB_PORT}"]
    if not subinterfaces:
        return [*lines, " ip address 10.1.0.1 255.255.0.0", " encapsulation frame-relay", " no shutdown"]
    lines += [" encapsulation frame-relay", " no shutdown"]
    for i in range(1, count + 1):
        lines += [
            f"interface {HUB_PORT}.{100 + i} point-to-point",
            f" ip address 10.2.{i}.1 255.255.255.252",
            f" frame-relay interface-dlci {100 + i}",
        ]
    return lines


def write_hub(folder: Path, count: int, subinterfaces: bool = False) -> Path:
    """HQ and spokes B1..BN through the switch FRSW."""
    (folder / "HQ.cfg").write_text("\n".join(hub_config(count, subinterfaces)) + "\n")
    nodes = ["    HQ: {startup-config: HQ.cfg}"]
    ports = ["        s0: {lmi-type: cisco}"]
    pvcs, links = [], ['    - endpoints: ["HQ:Serial0/0/0", "FRSW:s0"]']
    for i in range(1, count + 1):
        name = f"B{i}"
        config = [
            f"hostname {name}",
            "no ip domain lookup",
            f"interface {HUB_PORT}",
            f" ip address {spoke_address(i, subinterfaces)}",
            " encapsulation frame-relay",
            " no shutdown",
        ]
        (folder / f"{name}.cfg").write_text("\n".join(config) + "\n")
        nodes.append(f"    {name}: {{startup-config: {name}.cfg}}")
        ports.append(f"        s{i}: {{lmi-type: cisco}}")
        pvcs.append(f"        - endpoints: [s0:{100 + i}, s{i}:100]")
        links.append(f'    - endpoints: ["{name}:{HUB_PORT}", "FRSW:s{i}"]')
    switch = ["    FRSW:", "      kind: frame-relay-switch", "      ports:", *ports, "      pvcs:", *pvcs]
    lab = folder / "hub.lab.yml"
    text = ["name: fr-hub", "topology:", "  nodes:", *nodes, *switch, "  links:", *links]
    lab.write_text("\n".join(text) + "\n")
    return lab


def hub_pvcs(lab) -> dict[int, str]:
    return {p.dlci: p.status for p in lab["HQ"].router.ports[HUB_PORT].encapsulation.pvcs.values()}


def all_active(lab, count: int) -> bool:
    statuses = hub_pvcs(lab)
    return len(statuses) == count and all(s == "ACTIVE" for s in statuses.values())


def timed_until_active(path: Path, count: int, limit: float = 300.0):
    """Load the lab and run it a virtual second at a time until every PVC of the hub is
    ACTIVE: the lab, the wall seconds of the load, of the load and the run, and the virtual
    seconds it took (None: not within the limit)."""
    started = time.perf_counter()
    lab = iosemu.Lab.load(path)
    loaded = time.perf_counter()
    while not all_active(lab, count) and lab.scheduler.now < limit:
        lab.advance(1)
    virtual = lab.scheduler.now if all_active(lab, count) else None
    return lab, loaded - started, time.perf_counter() - started, virtual


def main(count: int = 100, subinterfaces: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "warm-up").mkdir()
        iosemu.Lab.load(write_hub(folder / "warm-up", 2)).advance(5)  # imports, the grammar cache
        path = write_hub(folder, count, subinterfaces)
        lab, load_time, active_time, virtual = timed_until_active(path, count)
        steady = an_hour(lab)
        still_active = all_active(lab, count)
        far = spoke_address(count, subinterfaces).split()[0]
        lab["HQ"].cli("")  # the console's exec-timeout ran out during the hour: Return
        ping = lab["HQ"].cli(f"ping {far}").splitlines()[-1]
    hub = f"{count} point-to-point subinterfaces" if subinterfaces else "its main interface"
    rows = {
        "routers": f"a hub ({hub}) and {count} spokes, {count} PVCs on one switch node",
        "load (parse configs, boot)": f"{load_time:.2f} s",
        "load to every hub PVC ACTIVE": f"{active_time:.2f} s wall, {virtual} s virtual",
        "one hour of steady state": steady,
        "every PVC ACTIVE after the hour": f"{still_active}",
        f"ping HQ -> B{count} ({far})": ping,
    }
    for label, value in rows.items():
        print(f"{label}: {value}")


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    main(numbers[0] if numbers else 100, "--subinterfaces" in sys.argv[1:])
