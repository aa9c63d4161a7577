"""A PC (`kind: host`): one Ethernet port, a static address and default gateway, and the
same IPv4 stack as a router, minus forwarding."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from iosemu.config.ip import StaticRoute
from iosemu.sim.ip_stack import IpStack
from iosemu.sim.port import Port

HOST_TTL = 128  # what Windows puts in the packets it sends


@dataclass
class HostPortConfig:
    shutdown: bool = False
    keepalive: int | None = 10


class Host:
    kind = "host"
    debugs: frozenset[str] = frozenset()  # a PC has no IOS debugging
    train15 = False

    def __init__(self, name: str, scheduler, mac: int, address=None, gateway=None):
        self.name = name
        self.scheduler = scheduler
        self.address: IPv4Interface | None = IPv4Interface(address) if address else None
        self.gateway: IPv4Address | None = IPv4Address(gateway) if gateway else None
        self.ip = IpStack(self, forwards=False, ttl=HOST_TTL)
        self.ports = {"eth0": Port(self, "eth0", "ethernet", mac)}
        self.listeners: list = []

    def attach(self, name: str, link) -> None:
        self.ports[name].link = link

    def boot(self) -> None:
        self.ports["eth0"].reconcile(HostPortConfig())

    def log(self, message: str) -> None:
        """A PC prints no syslog."""

    def set_address(self, address: IPv4Interface | None, gateway: IPv4Address | None) -> None:
        self.address, self.gateway = address, gateway
        self.ip.invalidate()

    # -- what the IP stack asks --------------------------------------------------------------
    def ip_addresses(self, all_interfaces: bool = False) -> list:
        if self.address is None or not (all_interfaces or self.interface_up("eth0")):
            return []
        return [("eth0", self.address)]

    def static_routes(self) -> list:
        if self.gateway is None:
            return []
        return [StaticRoute(IPv4Network("0.0.0.0/0"), self.gateway)]

    def interface_up(self, name: str) -> bool:
        return self.ports[name].protocol

    def peer_routes(self) -> list:
        return []  # a PC's Ethernet learns no peer routes

    def vlan_of(self, name: str) -> None:
        return None  # a PC sends untagged frames

    def interface_for_vlan(self, port: str, vlan: int | None) -> str | None:
        return port if vlan is None else None  # and does not understand tagged ones

    def carrier_changed(self, name: str) -> None:
        self.ports[name].carrier_changed()

    def receive(self, name: str, frame, size: int) -> None:
        self.ports[name].receive(frame, size)

    def receive_error(self, name: str) -> None:
        self.ports[name].receive_error()
