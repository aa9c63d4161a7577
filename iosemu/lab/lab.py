"""A running lab: the devices of a topology on one virtual clock, each with a console.

lab = iosemu.Lab.load("topologies/serial-wan.lab.yml")
print(lab["R1"].cli("show ip interface brief"))
lab.advance(30)
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from iosemu.cli.boot import boot
from iosemu.cli.session import Session
from iosemu.lab.platforms import PLATFORMS
from iosemu.lab.topology import Topology, TopologyError, load_topology
from iosemu.sim.clock import Scheduler
from iosemu.sim.link import End, Link, SerialLink
from iosemu.sim.router import Router

DEFAULT_LAB = "serial-wan.lab.yml"


def builtin_lab(name: str = DEFAULT_LAB) -> Path:
    """A lab shipped with iosemu (inside the package, or the repository's topologies/)."""
    packaged = resources.files("iosemu") / "topologies" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "topologies" / name


def nvram_folder(topology: Topology) -> Path:
    """Where `write memory` keeps each router's startup-config: beside the lab file, or in
    the user's folder for a lab that ships inside the package."""
    folder = topology.path.parent
    inside_package = Path(__file__).resolve().parents[1] in topology.path.resolve().parents
    if inside_package or not os.access(folder, os.W_OK):
        return Path.home() / ".iosemu" / topology.name
    return folder / f"{topology.path.name.split('.')[0]}.nvram"


class Device:
    """A lab node as the API and the consoles see it: the router and its console line."""

    def __init__(self, router: Router):
        self.router = router
        self.name = router.name
        self.console = Session(router)

    def cli(self, line: str) -> str:
        """Type `line` and Enter on the console; returns what the router prints."""
        return self.console.execute(line)

    def __repr__(self) -> str:
        return f"<Device {self.name} {self.router.platform.name}>"


class Lab:
    def __init__(self, topology: Topology, seed: int = 0):
        self.topology = topology
        self.scheduler = Scheduler()
        self.devices: dict[str, Device] = {}
        folder = nvram_folder(topology)
        routers: dict[str, Router] = {}
        for node in topology.nodes.values():
            if node.kind == "router":
                nvram = folder / f"{node.name}.cfg"
                routers[node.name] = Router(node.name, PLATFORMS[node.type], self.scheduler, nvram, seed)
        self.links = [self._cable(link, routers) for link in topology.links]
        for node in topology.nodes.values():
            router = routers.get(node.name)
            if router is None:
                continue
            if router.startup_config is None and node.startup_config is not None:
                router.startup_config = node.startup_config.read_text()
            boot(router)
            for rejected in router.boot_errors:
                source = node.startup_config if node.startup_config else router.nvram
                fault = f"{rejected.message} ({rejected.line.strip()})"
                raise TopologyError(source, rejected.number, fault)
            self.devices[node.name] = Device(router)

    def _cable(self, spec, routers: dict[str, Router]) -> Link:
        a = End(routers[spec.a.node], spec.a.interface)
        b = End(routers[spec.b.node], spec.b.interface)
        if spec.dce is not None:
            link = SerialLink(self.scheduler, a, b, a if spec.a.node == spec.dce else b)
        else:
            link = Link(self.scheduler, a, b)
        for end in (a, b):
            end.device.attach(end.interface, link)
        return link

    @classmethod
    def load(cls, path: Path | str | None = None, seed: int = 0) -> Lab:
        return cls(load_topology(path or builtin_lab()), seed)

    def __getitem__(self, name: str) -> Device:
        return self.devices[name]

    def __iter__(self):
        return iter(self.devices.values())

    def advance(self, seconds: float) -> None:
        """Run the virtual clock forward: timers fire, frames are delivered."""
        self.scheduler.advance(seconds)

    @property
    def now(self) -> float:
        return self.scheduler.now
