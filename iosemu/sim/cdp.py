"""CDP on a router: the agent of protocols/cdp run with the router's configuration (`cdp
run`, `cdp timer`, `cdp holdtime`, `cdp advertise-v2`, `cdp enable`), on the interfaces CDP
runs on (every up interface but loopbacks and Ethernet subinterfaces), with the
advertisement the platform makes (its name, capabilities and IOS version) and the frames of
whatever encapsulation carries them (`Port.send_snap`; what comes back arrives through
`router.snap_protocols`, and so does the word that a line can carry them now: an
advertisement goes out on it at once); `debug cdp packets|adjacency`."""

from __future__ import annotations

from iosemu.protocols.cdp.agent import CdpAgent
from iosemu.protocols.cdp.pdu import CdpPacket
from iosemu.protocols.snap import CDP


class RouterCdp:
    name = "cdp"

    def __init__(self, router):
        self.router = router
        self.agent = CdpAgent(self, router.scheduler)
        router.snap_protocols[CDP] = self
        self._made: dict[str, tuple[tuple, bytes]] = {}  # interface -> (what it was made of, it)

    @property
    def config(self):
        return self.router.config.cdp

    @property
    def holdtime(self) -> int:
        return self.config.holdtime

    @property
    def advertise_v2(self) -> bool:
        return self.config.advertise_v2

    def reconcile(self, touched) -> None:
        config = self.router.config
        self.agent.configure(config.cdp.run, config.cdp.timer)
        for name in touched:  # an interface removed or with `no cdp enable`: what it heard goes
            iface = config.interfaces.get(name)
            if iface is None or not iface.cdp:
                self.agent.forget(name)

    def routes(self) -> list:
        return []

    def close(self) -> None:
        self.agent.configure(run=False, period=self.agent.period)

    # -- the agent's owner ------------------------------------------------------------------
    def enabled_on(self, name: str) -> bool:
        """CDP is enabled on an interface with `cdp enable` but a loopback, Null0 or an Ethernet
        subinterface (IOS advertises out of the Ethernet port itself)."""
        iface = self.router.config.interfaces.get(name)
        if iface is None or not iface.cdp or iface.kind in ("loopback", "null"):
            return False
        return not (iface.is_subinterface and iface.kind == "ethernet")

    def runs_on(self, name: str) -> bool:
        """CDP runs where it is enabled and the interface is up."""
        return self.enabled_on(name) and self.router.interface_up(name)

    def interfaces(self) -> list[str]:
        return [name for name in self.router.config.interfaces if self.runs_on(name)]

    def advertisement(self, name: str, ttl: int, v2: bool) -> bytes:
        """The interface's advertisement as it goes on the wire, made anew only when what it
        says has changed (the configuration, or an address layer 2 gave the interface)."""
        router = self.router
        basis = (ttl, v2, router.config_version, router.address_of(name))
        made = self._made.get(name)
        if made is None or made[0] != basis:
            made = self._made[name] = (basis, self._make(name, ttl, v2).encode())
        return made[1]

    def _make(self, name: str, ttl: int, v2: bool) -> CdpPacket:
        """What this router says of itself out of an interface: its hostname (and domain),
        the interface's address, its platform, capabilities and IOS banner; with CDPv2, an
        Ethernet port's duplex and VTP domain (none), and a management address list with
        nothing in it, as the real 12.4(24)T and 15.0(1)M routers of the captures send them."""
        router = self.router
        config = router.config
        platform = router.platform
        device_id = config.system.hostname
        if config.ip.domain_name:
            device_id += f".{config.ip.domain_name}"
        iface = config.interfaces[name]
        address = router.address_of(name)
        addresses = (address.ip,) if address is not None else ()
        ethernet = iface.kind == "ethernet"
        return CdpPacket(
            device_id=device_id,
            port_id=name,
            ttl=ttl,
            version=2 if v2 else 1,
            addresses=addresses,
            capabilities=platform.cdp_capabilities,
            software=platform.software_banner(),
            platform=f"Cisco {platform.model}",
            vtp_domain="" if v2 and ethernet else None,
            duplex=(iface.duplex != "half") if v2 and ethernet else None,
            management=(),
        )

    def send(self, name: str, data: bytes) -> int | None:
        port = self.router.port_of(name)
        return None if port is None else port.send_snap(name, CDP, data)

    def receive(self, name: str, data: bytes) -> None:
        """An advertisement off a line, for one of its interfaces: heard where CDP runs."""
        if self.runs_on(name):
            self.agent.receive(name, data)

    def interface_up(self, name: str) -> None:
        """A line that comes up (or opens CDPCP) is told who we are at once, not at the next
        tick (`debug cdp adjacency`: `CDP-AD: Interface Serial0/0/0 coming up`)."""
        if self.agent.running and self.runs_on(name):
            if self.debugging("cdp adjacency"):
                self.router.log(f"CDP-AD: Interface {name} coming up")
            self.agent.advertise_on(name)

    def debugging(self, flag: str) -> bool:
        return flag in self.router.debugs

    def debug(self, text: str) -> None:
        self.router.log(text)
