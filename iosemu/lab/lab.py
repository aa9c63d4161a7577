"""A running lab: the devices of a topology on one virtual clock, each with a console.

lab = iosemu.Lab.load("topologies/serial-wan/serial-wan.lab.yml")
print(lab["R1"].cli("show ip interface brief"))
lab.advance(30)
"""

from __future__ import annotations

import os
import stat
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from iosemu.capture.tap import Capture
from iosemu.cli.boot import boot
from iosemu.cli.host_shell import HostSession
from iosemu.cli.keys import typed
from iosemu.cli.server_shell import ServerSession
from iosemu.cli.session import Session
from iosemu.collector import collector_waits
from iosemu.lab.platforms import PLATFORMS
from iosemu.lab.topology import Topology, endpoint, load_topology
from iosemu.sim.clock import Scheduler
from iosemu.sim.frame_relay_switch import FrameRelaySwitch
from iosemu.sim.host import Host
from iosemu.sim.link import End, Link, SerialLink
from iosemu.sim.nvram import remove_temporaries
from iosemu.sim.router import Router
from iosemu.sim.server import WindowsServer
from iosemu.sim.switch import Switch

HOST_MAC_BASE = 0x0050_56A1_0000  # PCs (and servers) get consecutive addresses from here

DEFAULT_LAB = "serial-wan/serial-wan.lab.yml"
WARNINGS_SHOWN = 20  # refused startup-config lines listed one by one: a screenful


def builtin_labs() -> Path:
    """The labs shipped with iosemu (inside the package, or the repository's topologies/)."""
    packaged = resources.files("iosemu") / "topologies"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "topologies"


def builtin_lab(name: str = DEFAULT_LAB) -> Path:
    return builtin_labs() / name


def nvram_folder(topology: Topology) -> Path:
    """Where `write memory` keeps each router's startup-config: beside the lab file, or in
    the user's folder for a lab that ships with iosemu (or sits in a read-only place)."""
    folder = topology.path.parent
    shipped = builtin_labs().resolve() in topology.path.resolve().parents
    if shipped or not os.access(folder, os.W_OK):
        return Path.home() / ".iosemu" / topology.name
    return folder / f"{topology.path.name.split('.')[0]}.nvram"


class Device:
    """A lab node as the API and the consoles see it: the node and its console."""

    def __init__(self, node, console):
        self.node = node
        self.name = node.name
        self.kind = node.kind
        self.console = console

    @property
    def router(self) -> Router:
        """The router behind a router's console (a PC's node is a Host)."""
        if self.kind != "router":
            raise AttributeError(f"{self.name} is a {self.kind}, not a router")
        return self.node

    @property
    def leases(self) -> list:
        """A DHCP server node's leases, in address order: `ClientLease` records (address, mask,
        MAC, expiry in virtual time, client name, scope), what `netsh dhcp server scope A show
        clients` lists."""
        if self.kind != "server":
            raise AttributeError(f"{self.name} is a {self.kind}, not a DHCP server")
        return self.node.leases()

    def cli(self, line: str) -> str:
        """Type `line` and Enter on the console; returns what the device prints.  On a router
        `?` and Tab in `line` are those keys: `cli("show ?")` returns the help listing (a
        line ending with `?` is not entered), `cli("sh\tip int br")` runs `show ip int br`,
        `cli("sh?ow ver")` returns the completions of `sh`, then the output.  A router's
        ping and traceroute, and a PC's ping and tracert, stop as if aborted after an hour of
        virtual time or 10,000 probes (`console.execute(line, limit=Limit(...))` sets another
        bound, see `cli/abort.py`).  While the console is connected to another router (`telnet`,
        `ssh`), `line` goes to the far VTY session and the call returns its answer (virtual time
        runs until it is back, within the same bound); `console.prompt()` is the far prompt.
        The escape Ctrl-Shift-6 x is `cli("\x1e")` (Ctrl-^, what a terminal sends for
        Ctrl-Shift-6) then `cli("x")`: back at the local prompt, the connection suspended."""
        return typed(self.console, line)

    def help(self, text: str) -> str:
        """What `?` typed after `text` prints (`help("show ")`: the listing of show's words)."""
        return self.console.help(text)

    def complete(self, text: str) -> str | None:
        """What Tab makes of `text`: the line with its last word completed and a space after
        it, or None when the word has no unique completion (`complete("sh")` is `"show "`)."""
        return self.console.complete(text)

    def __repr__(self) -> str:
        return f"<Device {self.name} {self.kind}>"


class Lab:
    @collector_waits
    def __init__(self, topology: Topology, seed: int = 0, nvram: Path | None = None):
        """`nvram`: the folder the routers keep their startup-configs in (by default beside
        the lab file, see `nvram_folder`; grading gives each submission an empty one)."""
        self.topology = topology
        self.scheduler = Scheduler()
        self.devices: dict[str, Device] = {}
        self.warnings: list[str] = []  # `FILE:LINE: fault` for refused startup-config lines
        self.captures: list[Capture] = []  # every capture started, running or stopped
        self._unshown: dict[Path, int] = {}  # the refused lines past WARNINGS_SHOWN, by file
        self._host_macs = 0
        self._routers = 0  # routers built: each chassis gets its own MAC addresses
        self._nvram = nvram or nvram_folder(topology)  # where the routers keep their startup-configs
        remove_temporaries(self._nvram)
        self.nodes = {spec.name: self._make(spec, seed) for spec in topology.nodes.values()}
        self.links = [self._cable(link, seed) for link in topology.links]
        for spec in topology.nodes.values():
            node = self.nodes[spec.name]
            if spec.kind == "router":
                self._boot_router(spec, node)
                self.devices[spec.name] = Device(node, Session(node))
            else:
                node.boot()
                if spec.kind == "host":
                    self.devices[spec.name] = Device(node, HostSession(node))
                elif spec.kind == "server":
                    self.devices[spec.name] = Device(node, ServerSession(node))
        self._summarise_warnings()

    def _make(self, spec, seed: int):
        if spec.kind == "router":
            nvram = self._nvram / f"{spec.name}.cfg"
            self._routers += 1
            return Router(spec.name, PLATFORMS[spec.type], self.scheduler, nvram, seed, self._routers - 1)
        if spec.kind in ("host", "server"):
            self._host_macs += 1
            mac = HOST_MAC_BASE + self._host_macs
            if spec.kind == "server":
                return WindowsServer(spec.name, self.scheduler, mac, spec.ip, spec.gateway, spec.scopes)
            return Host(spec.name, self.scheduler, mac, spec.ip, spec.gateway, dhcp=spec.dhcp)
        if spec.kind == "frame-relay-switch":
            return FrameRelaySwitch(spec.name, self.scheduler, spec.ports, spec.pvcs)
        return Switch(spec.name, self.scheduler)

    def _boot_router(self, spec, router: Router) -> None:
        if not router.nvram.present:  # saved NVRAM comes first, then the lab's file
            router.startup_config = spec.startup_text
        boot(router)
        if router.nvram.fault:  # as IOS with a bad NVRAM checksum: no startup-config
            fault = f"{router.nvram.path}: cannot be NVRAM ({router.nvram.fault})"
            self.warnings.append(f"{fault}; {router.name} starts with an empty NVRAM")
        source = router.nvram.path if router.nvram.present else spec.startup_config
        for rejected in router.boot_errors:
            if len(self.warnings) < WARNINGS_SHOWN:
                self.warnings.append(
                    f"{source}:{rejected.number}: {rejected.message} ({rejected.line.strip()})"
                )
            else:
                self._unshown[source] = self._unshown.get(source, 0) + 1

    def _summarise_warnings(self) -> None:
        """One line for the refused lines past the first screenful (all are in each router's
        `boot_errors`)."""
        if self._unshown:
            count = sum(self._unshown.values())
            where = ", ".join(f"{source} ({n:,})" for source, n in self._unshown.items())
            self.warnings.append(f"... and {count:,} more refused startup-config lines: {where}")

    def _cable(self, spec, seed: int) -> Link:
        a = End(self.nodes[spec.a.node], spec.a.interface)
        b = End(self.nodes[spec.b.node], spec.b.interface)
        draws = f"{seed}:{spec.a}-{spec.b}"  # each cable loses its own frames
        if spec.dce is not None:
            link = SerialLink(self.scheduler, a, b, a if spec.a.node == spec.dce else b, seed=draws)
        else:
            link = Link(self.scheduler, a, b, seed=draws)
        link.loss = spec.loss
        for end in (a, b):
            end.device.attach(end.interface, link)
        return link

    @classmethod
    @collector_waits  # the lab file's data too
    def load(cls, path: Path | str | None = None, seed: int = 0) -> Lab:
        return cls(load_topology(path or builtin_lab()), seed)

    def __getitem__(self, name: str) -> Device:
        return self.devices[name]

    def __iter__(self):
        return iter(self.devices.values())

    def link(self, *ends: str) -> Link:
        """The cable at an end, or at both ends, written as in the lab file ("R1:s0/0/0", IOS
        abbreviations allowed). `lab.link("R1:s0/0/0", "R2:s0/0/0").loss = 0.2` makes it lose
        a fifth of its frames, each way, from then on. ValueError says what is wrong."""
        if not 1 <= len(ends) <= 2:
            raise ValueError("a link is named by one of its ends, or both")
        spec, link, _ = self._cabled(ends[0])
        if len(ends) == 2 and endpoint(self.topology, ends[1]) not in (spec.a, spec.b):
            raise ValueError(f"'{ends[0]}' and '{ends[1]}' are not the two ends of one link")
        return link

    def _cabled(self, text: str):
        """The link spec and the cable at the end `text` names, and that end (ValueError)."""
        named = endpoint(self.topology, text)
        for spec, link in zip(self.topology.links, self.links, strict=True):
            if named in (spec.a, spec.b):
                return spec, link, named
        raise ValueError(f"no link is cabled to '{text}'")

    def capture(self, point: str, target: Path | str | BinaryIO) -> Capture:
        """Capture the link at the end `point` ("R1:s0/0/0") into `target`, a pcapng file
        (a path; a FIFO is written frame by frame, for Wireshark to watch live) or a binary
        stream (`sys.stdout.buffer`). Returns the running `Capture`: `stop()` ends it and
        closes the file. ValueError for an end with no link; OSError if the file cannot be
        made; ValueError, before anything is opened, for a file (under any name) or a stream
        another running capture writes: two writers would make one broken file of both."""
        spec, link, named = self._cabled(point)
        far = spec.b if named == spec.a else spec.a
        self._refuse_written(target)
        if isinstance(target, (str, Path)):
            stream, owned = open(target, "wb"), True  # noqa: SIM115 (closed by Capture.stop)
            live = stat.S_ISFIFO(os.fstat(stream.fileno()).st_mode)
        else:
            stream, owned, live = target, False, True
        end = End(self.nodes[named.node], named.interface)
        running = Capture(self.scheduler, link, end, str(named), str(far), stream, owned=owned, live=live)
        self.captures.append(running)
        return running

    def _refuse_written(self, target: Path | str | BinaryIO) -> None:
        """ValueError if a running capture already writes `target`: the same stream, or the
        same file or FIFO by any path (a device such as /dev/null takes any number)."""
        named = isinstance(target, (str, Path))
        try:
            found = os.stat(target) if named else None
        except OSError:  # no such file yet: no capture writes it
            return
        if found is not None and not (stat.S_ISREG(found.st_mode) or stat.S_ISFIFO(found.st_mode)):
            return
        for capture in self.captures:
            if not capture.running:
                continue
            if named and capture.owned:
                same = os.path.samestat(found, os.fstat(capture.stream.fileno()))
            else:
                same = capture.stream is target
            if same:
                what = target if named else "that stream"
                raise ValueError(f"{what} is already written by the capture of {capture.point}")

    def capture_all(self, folder: Path | str) -> list[Capture]:
        """A capture of every link, each in its own file in `folder` (made if missing), named
        after its ends: `R1-Serial0_0_0--R2-Serial0_0_0.pcapng`. ValueError, with none started,
        if a running capture writes one of those files."""
        folder = Path(folder)
        targets = {}
        for spec in self.topology.links:
            name = f"{spec.a}--{spec.b}".replace(":", "-").replace("/", "_")
            targets[str(spec.a)] = folder / f"{name}.pcapng"
            self._refuse_written(targets[str(spec.a)])
        folder.mkdir(parents=True, exist_ok=True)
        return [self.capture(point, target) for point, target in targets.items()]

    def stop_captures(self) -> list[Capture]:
        """Stop every capture still running; returns those it stopped."""
        running = [capture for capture in self.captures if capture.running]
        for capture in running:
            capture.stop()
        return running

    def advance(self, seconds: float) -> None:
        """Run the virtual clock forward: timers fire, frames are delivered.

        `seconds` is a number from 0 to a year (31536000): NaN, a negative or a longer step (inf,
        10**400) raises ValueError saying which; advance in steps to go further."""
        self.scheduler.advance(seconds)

    @property
    def now(self) -> float:
        return self.scheduler.now
