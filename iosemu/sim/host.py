"""A PC (`kind: host`): one Ethernet port, a static address and default gateway, and the
same IPv4 stack as a router, minus forwarding."""

from __future__ import annotations

import random
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from types import MappingProxyType

from iosemu.config.ip import StaticRoute
from iosemu.protocols.dhcp import pdu
from iosemu.protocols.dhcp.client import DhcpClient, Lease
from iosemu.sim.dhcp import client_send
from iosemu.sim.ip_stack import IpStack
from iosemu.sim.port import Port

HOST_TTL = 128  # what Windows puts in the packets it sends
MEDIA_DELAY = 3.0  # the cable connected -> the first DHCPDISCOVER
AUTOCONFIGURATION = int(IPv4Address("169.254.0.0"))
AUTOCONFIGURATION_RETRY = 300.0  # Windows asks again every 5 minutes
ARP_CHECK = 1.0  # Windows's wait for an answer to its probe of an offered address [M]


@dataclass
class HostPortConfig:
    shutdown: bool = False
    keepalive: int | None = 10


class Host:
    kind = "host"
    debugs: frozenset[str] = frozenset()  # a PC has no IOS debugging
    snap_protocols = MappingProxyType({})  # nor Cisco's layer-2 protocols: it sends and hears no CDP
    ethertypes = MappingProxyType({})  # nor PPPoE: only IP and ARP
    train15 = False

    def __init__(self, name: str, scheduler, mac: int, address=None, gateway=None, dhcp: bool = False):
        self.name = name
        self.scheduler = scheduler
        self.address: IPv4Interface | None = IPv4Interface(address) if address else None
        self.gateway: IPv4Address | None = IPv4Address(gateway) if gateway else None
        self.ip = IpStack(self, forwards=False, ttl=HOST_TTL)
        self.ports = {"eth0": Port(self, "eth0", "ethernet", mac)}
        self.rng = random.Random(f"host:{name}")
        self.autoconfigured = False  # the address is Windows's own (169.254/16): no server answered
        self.dhcp: DhcpClient | None = None
        if dhcp:
            self._client()

    def _client(self) -> None:
        """Obtain the address automatically: a DHCP client on the PC's port."""
        self.dhcp = DhcpClient(
            self.scheduler,
            self.rng,
            self.ports["eth0"].mac,
            lambda message, server: client_send(self.ip, "eth0", message, server),
            self._bound,
            self._lost,
            self._autoconfigure,
            self.name,
            check=lambda address, done: self.ip.probe("eth0", address, ARP_CHECK, done),
            retry_after=AUTOCONFIGURATION_RETRY,
        )
        self.ip.serve(
            pdu.CLIENT_PORT,
            lambda interface, packet: self.dhcp.receive(packet.payload.data),
            any_destination=True,
        )

    def use_dhcp(self) -> None:
        """`netsh ... set address ... dhcp`: the static address goes, a server is asked."""
        if self.dhcp is None:
            self.set_address(None, None)
            self._client()
            self.dhcp.start()

    def set_static(self, address: IPv4Interface, gateway: IPv4Address | None) -> None:
        """`netsh ... set address ... static`: DHCP stops and the lease is forgotten."""
        if self.dhcp is not None:
            self.dhcp.stop()
            self.dhcp = None
            self.ip.unserve(pdu.CLIENT_PORT)
        self.autoconfigured = False
        self.set_address(address, gateway)

    def attach(self, name: str, link) -> None:
        self.ports[name].link = link

    def boot(self) -> None:
        self.ports["eth0"].reconcile(HostPortConfig())
        if self.dhcp is not None:  # once the link is up, Windows asks for an address
            self.scheduler.call_later(MEDIA_DELAY, self.dhcp.start)

    # -- DHCP ----------------------------------------------------------------------------------
    @property
    def lease(self) -> Lease | None:
        """The DHCP lease the PC holds (its client's)."""
        return self.dhcp.lease if self.dhcp is not None else None

    def _bound(self, lease: Lease) -> None:
        self.autoconfigured = False
        self.set_address(lease.address, lease.routers[0] if lease.routers else None)

    def _lost(self) -> None:
        self.set_address(None, None)

    def _autoconfigure(self) -> None:
        """No server answered: Windows takes an address of 169.254/16 (its client asks again
        later)."""
        self.autoconfigured = True
        self.set_address(IPv4Interface((AUTOCONFIGURATION + self.rng.randrange(256, 65280), 16)), None)

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

    def address_of(self, name: str) -> IPv4Interface | None:
        """The address an interface sends from: a PC has one, on its Ethernet."""
        return self.address if name == "eth0" else None

    def static_routes(self) -> list:
        if self.gateway is None:
            return []
        return [StaticRoute(IPv4Network("0.0.0.0/0"), self.gateway)]

    def interface_up(self, name: str) -> bool:
        return self.ports[name].protocol

    def port_of(self, name: str):
        return self.ports.get(name)  # a PC has no subinterfaces

    def ip_mtu(self, name: str) -> int:
        return 1500  # a PC's Ethernet

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
