"""A Windows Server 2008 with the DHCP role (`kind: server`): a PC's static address on eth0
(it answers ping and ARP as a PC does) and the scopes of its New Scope Wizard, served by the
DHCP engine of `protocols/dhcp/server.py` the way Windows serves (research notes on DHCP,
section 4.2): the lowest free address, no ping before an offer, every reply to a client
broadcast (IgnoreBroadcastFlag), a relayed request answered through its relay, the scope
chosen by the relay's subnet."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

from iosemu.protocols.dhcp import pdu
from iosemu.protocols.dhcp.server import TO_ALL, TO_RELAY, WINDOWS, DhcpServer, Scope, client_key, delivery
from iosemu.protocols.ip.pdu import UDP, Ipv4, Udp
from iosemu.sim.host import HOST_TTL, Host


@dataclass(frozen=True)
class WizardScope(Scope):
    """A scope as the New Scope Wizard makes it: the engine's scope and its description."""

    description: str = ""


@dataclass(frozen=True)
class ClientLease:
    """A client of a scope, as `netsh dhcp server scope A show clients` lists it."""

    address: IPv4Address
    mask: IPv4Address
    mac: int
    expires: float | None  # virtual time; None: never
    name: str  # the client's host name, in the scope's domain
    scope: str


class WindowsServer(Host):
    kind = "server"

    def __init__(self, name: str, scheduler, mac: int, address, gateway, scopes: tuple[WizardScope, ...]):
        super().__init__(name, scheduler, mac, address, gateway)
        self.scopes = scopes
        self.server = DhcpServer(scheduler, self._scope_for, self._identity, self._reply, policy=WINDOWS)
        self.clients: dict[bytes, tuple[int, str]] = {}  # identifier -> (MAC address, host name)
        self.ip.serve(pdu.SERVER_PORT, self._receive)

    def _receive(self, interface: str | None, packet: Ipv4) -> None:
        message = self.server.receive(interface, packet.payload.data)
        if message is None or message.op != pdu.BOOTREQUEST:
            return
        key = client_key(message)  # kept while the client has an address (or an offer) here
        if self.server.binding_of(key) is None:
            self.clients.pop(key, None)
        else:
            known = self.clients.get(key, (0, ""))[1]
            self.clients[key] = (message.chaddr, message.text_option(pdu.HOSTNAME) or known)

    def _scope_for(self, interface: str | None, address: IPv4Address) -> Scope | None:
        """The scope of the subnet of `address` (the relay's, or a renewing client's own), or
        of the server's own subnet (0.0.0.0: a client beside it)."""
        subnet = address if address != pdu.ZERO else (self.address.ip if self.address else None)
        return next((s for s in self.scopes if subnet is not None and subnet in s.network), None)

    def _identity(self, interface: str | None) -> IPv4Address | None:
        return self.address.ip if self.address else None

    def _reply(self, interface: str | None, request: pdu.DhcpMessage, reply: pdu.DhcpMessage) -> None:
        """Sent where RFC 2131 4.1 says under Windows's policy (`delivery`): to the relay, to a
        renewing client, else broadcast on eth0."""
        way, destination = delivery(request, reply, self.server.policy)
        port = pdu.SERVER_PORT if way == TO_RELAY else pdu.CLIENT_PORT
        payload = Udp(pdu.SERVER_PORT, port, reply.encode())
        if way != TO_ALL:
            self.ip.originate(destination, payload)
        elif self.address is not None:
            self.ip.send_on(
                "eth0", Ipv4(self.address.ip, destination, HOST_TTL, UDP, payload, self.ip.next_ident())
            )

    # -- what the console and the API read ---------------------------------------------------
    def scope(self, address: IPv4Address) -> WizardScope | None:
        """The scope whose subnet address is `address` (`netsh dhcp server scope A`)."""
        return next((s for s in self.scopes if s.network.network_address == address), None)

    def leases(self, scope: WizardScope | None = None) -> list[ClientLease]:
        """The acknowledged leases (of one scope, or all) that have not run out, in address
        order."""
        found, now = [], self.scheduler.now
        for binding in sorted(self.server.bindings.values(), key=lambda b: b.address):
            owner = next((s for s in self.scopes if s.name == binding.scope), None)
            if binding.offered or owner is None or (scope is not None and owner is not scope):
                continue
            if binding.expires is not None and binding.expires <= now:
                continue
            mac, name = self.clients.get(binding.client, (0, ""))
            if name and owner.domain and "." not in name:
                name = f"{name}.{owner.domain}"
            found.append(
                ClientLease(binding.address, owner.network.netmask, mac, binding.expires, name, owner.name)
            )
        return found
