"""A router's DHCP server and relay agent on its IP stack (UDP 67), as its configuration
says: `service dhcp`, the `ip dhcp pool`s (a pool serves the subnet of the interface a
request came in on, or of the relay that forwarded it) and each interface's
`ip helper-address` (a request no pool serves is relayed there, RFC 1542); and the DHCP
client of each interface with `ip address dhcp` (UDP 68)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from iosemu.config.interface import short_name
from iosemu.config.ip import StaticRoute
from iosemu.protocols.dhcp import pdu
from iosemu.protocols.dhcp.client import DhcpClient, Lease
from iosemu.protocols.dhcp.server import (
    TO_ALL,
    TO_RELAY,
    TO_RENEWING,
    DhcpServer,
    Scope,
    client_key,
    delivery,
    subnet_address,
)
from iosemu.protocols.ip.pdu import ECHO_REQUEST, LIMITED_BROADCAST, UDP, Icmp, Ipv4, Udp, mac_text

DEFAULT_ROUTE = IPv4Network("0.0.0.0/0")
PING_SIZE = 100  # bytes of each echo the server sends to an address before offering it
CLIENT_RETRY = 60.0  # an interface whose DISCOVERs went unanswered asks again [M]


class RouterDhcp:
    name = "dhcp"

    def __init__(self, router):
        self.router = router
        self.server = DhcpServer(
            router.scheduler,
            self._scope_for,
            self._identity,
            self._reply,
            self._probe,
            router.is_own_address,
            self._event,
            self._manual,
            keeps_conflicts=lambda: self.config.conflict_logging,
        )
        router.ip.serve(pdu.SERVER_PORT, self.receive)
        self.clients: dict[str, DhcpClient] = {}  # interface -> its client (`ip address dhcp`)

    @property
    def config(self):
        return self.router.config.dhcp

    # -- what arrives on UDP 67 ------------------------------------------------------------------
    def receive(self, interface: str | None, packet: Ipv4) -> None:
        if not self.config.service:
            return
        data = packet.payload.data
        if len(data) < 240:
            self.server.statistics.malformed += 1
            return
        if data[0] == pdu.BOOTREPLY:
            self._relay_back(data)
        elif interface is not None and not self.config.serves(
            self._client_subnet(interface, _subnet_address(data))
        ):
            if self.router.ip.is_broadcast(packet.dst, interface):  # what is sent to this router stops here
                self._relay(interface, packet, data)
        else:
            self.server.receive(interface, data)

    # -- the server's side -----------------------------------------------------------------------
    def _scope_for(self, interface: str | None, address: IPv4Address) -> Scope | None:
        pool = self.config.pool_for(self._client_subnet(interface, address))
        if pool is None:
            return None
        network = pool.network
        return Scope(
            pool.name,
            network,
            network.network_address + 1,
            network.broadcast_address - 1,
            tuple(self.config.excluded),
            pool.lease,
            pool.routers,
            pool.dns,
            pool.domain,
            tuple(pool.options.items()),
        )

    def _client_subnet(self, interface: str | None, address: IPv4Address) -> IPv4Address | None:
        """An address in the client's subnet: the one its message gives (`subnet_address`),
        else that of the interface it came in on."""
        if address != pdu.ZERO:
            return address
        return self.router.ip.address_on(interface) if interface else None

    def _manual(self, interface: str | None, message: pdu.DhcpMessage) -> tuple[Scope, IPv4Address] | None:
        """The host pool for this client on its subnet: its address, with the settings it
        does not give inherited from the network pool the address lies in (as IOS does)."""
        subnet = self._client_subnet(interface, subnet_address(message))
        client, mac = client_key(message), message.chaddr.to_bytes(6, "big")
        pool = next(
            (
                p
                for p in self.config.pools.values()
                if p.manual_for(client, mac) and subnet is not None and subnet in p.host.network
            ),
            None,
        )
        if pool is None:
            return None
        parent = self.config.pool_for(pool.host.ip) or pool
        address = pool.host.ip
        scope = Scope(
            pool.name,
            pool.host.network,
            address,
            address,
            lease=pool.lease if "lease" in pool.order else parent.lease,
            routers=pool.routers or parent.routers,
            dns=pool.dns or parent.dns,
            domain=pool.domain or parent.domain,
            extra=tuple({**parent.options, **pool.options}.items()),
        )
        return scope, address

    def _identity(self, interface: str | None) -> IPv4Address | None:
        return self.router.ip.address_on(interface) if interface is not None else None

    def _reply(self, interface: str | None, request: pdu.DhcpMessage, reply: pdu.DhcpMessage) -> None:
        """Sent where RFC 2131 4.1 says (`delivery`), from the address of the interface that
        heard the request, with IOS's debug lines."""
        ip, data = self.router.ip, reply.encode()
        source = ip.address_on(interface) if interface else None
        mac = mac_text(reply.chaddr)
        way, destination = delivery(request, reply, self.server.policy)
        if way == TO_RELAY:
            self._event("packet", f"DHCPD: unicasting BOOTREPLY for client {mac} to relay {destination}.")
            ip.originate(destination, Udp(pdu.SERVER_PORT, pdu.SERVER_PORT, data), source=source)
        elif way == TO_RENEWING:
            self._event("packet", f"DHCPD: unicasting BOOTREPLY to client {mac} ({destination}).")
            ip.originate(destination, Udp(pdu.SERVER_PORT, pdu.CLIENT_PORT, data), source=source)
        elif interface is not None and source is not None:
            if way == TO_ALL:
                self._event("packet", f"DHCPD: broadcasting BOOTREPLY to client {mac}.")
            else:
                self._event("packet", f"DHCPD: creating ARP entry ({destination}, {mac}).")
                self._event("packet", f"DHCPD: unicasting BOOTREPLY to client {mac} ({destination}).")
            packet = Ipv4(
                source, destination, 255, UDP, Udp(pdu.SERVER_PORT, pdu.CLIENT_PORT, data), ip.next_ident()
            )
            ip.send_on(interface, packet, *(() if way == TO_ALL else (reply.chaddr,)))

    def _probe(self, address: IPv4Address, done) -> None:
        """Ping the address before offering it (`ip dhcp ping packets`, each `timeout`):
        an answer is a conflict. The router ARPs first, so the whole takes about a second an
        echo (the OFFER comes 2 s after the DISCOVER in the captures)."""
        packets, timeout = self.config.ping_packets, self.config.ping_timeout / 1000
        if not packets:
            done(False)
            return
        ip, scheduler = self.router.ip, self.router.scheduler
        ident, answered = ip.next_ident(), []
        keys = [("echo", ident, seq) for seq in range(packets)]
        for key in keys:
            ip.listeners[key] = lambda packet, when: answered.append(packet)

        def echo(seq: int) -> None:
            if seq < packets:
                ip.originate(address, Icmp(ECHO_REQUEST, 0, ident, seq, PING_SIZE - 28))
                scheduler.call_later(timeout + 0.5, echo, seq + 1)
                return
            for key in keys:
                ip.listeners.pop(key, None)
            done(bool(answered))

        echo(0)

    def _event(self, kind: str, text: str) -> None:
        """The server's syslog lines (a conflict: only with `ip dhcp conflict logging`), and
        its debug lines while `debug ip dhcp server events|packet` is on."""
        if kind == "syslog":
            if self.config.conflict_logging or "CONFLICT" not in text:
                self.router.log(text)
        elif f"ip dhcp server {kind}" in self.router.debugs:
            self.router.log(text)

    # -- the relay agent ---------------------------------------------------------------------------
    def _relay(self, interface: str, packet: Ipv4, data: bytes) -> None:
        iface = self.router.config.interfaces.get(interface)
        helpers = iface.helpers if iface is not None else ()
        own = self.router.ip.address_on(interface)
        if not helpers or own is None:
            if own is not None:
                self._event("events", f"DHCPD: there is no pool for {own}.")
            return
        giaddr = IPv4Address(data[24:28])
        hops = data[3] + 1
        if hops > 16:  # RFC 1542 4.1.1: a request relayed too often is dropped
            return
        forwarded = (
            data[:3]
            + bytes((hops,))
            + data[4:24]
            + (own if giaddr == pdu.ZERO else giaddr).packed
            + data[28:]
        )
        for helper in helpers:
            self.router.ip.originate(helper, Udp(pdu.SERVER_PORT, pdu.SERVER_PORT, forwarded), source=own)

    def _relay_back(self, data: bytes) -> None:
        """A server's reply to a request this router relayed: out of the interface whose
        address is the giaddr, to the client as the broadcast flag says."""
        giaddr = IPv4Address(data[24:28])
        interface = next((n for n, a in self.router.ip_addresses() if a.ip == giaddr), None)
        if interface is None:
            return
        broadcast = bool(int.from_bytes(data[10:12], "big") & pdu.BROADCAST_FLAG)
        yiaddr, chaddr = IPv4Address(data[16:20]), int.from_bytes(data[28:34], "big")
        ip = self.router.ip
        destination = LIMITED_BROADCAST if broadcast or yiaddr == pdu.ZERO else yiaddr
        packet = Ipv4(
            giaddr, destination, 255, UDP, Udp(pdu.SERVER_PORT, pdu.CLIENT_PORT, data), ip.next_ident()
        )
        ip.send_on(interface, packet, *(() if destination == LIMITED_BROADCAST else (chaddr,)))

    # -- the clients (`ip address dhcp`) -------------------------------------------------------------
    def reconcile(self, touched: list[str]) -> None:
        """Of the interfaces the configuration changed, one that came to `ip address dhcp`
        starts its client; one that left it (or is gone) drops it and its address."""
        router, ip = self.router, self.router.ip
        for name in touched:
            iface = router.config.interfaces.get(name)
            wanted = iface is not None and iface.dhcp_client and name in router.ports
            if not wanted and name in self.clients:
                self.clients.pop(name).stop()
                if name in router.ports:
                    router.ports[name].set_negotiated(None)
            elif wanted and name not in self.clients:
                self._start_client(name)
        if self.clients:
            ip.serve(pdu.CLIENT_PORT, self._client_receive, any_destination=True)
        else:
            ip.unserve(pdu.CLIENT_PORT)

    def _start_client(self, name: str) -> None:
        router = self.router
        port = router.ports[name]
        identifier = f"cisco-{mac_text(port.mac)}-{short_name(name)}"
        client = DhcpClient(
            router.scheduler,
            router.rng,
            port.mac,
            lambda message, server, name=name: client_send(router.ip, name, message, server),
            lambda lease, name=name: self._bound(name, lease),
            lambda name=name: router.ports[name].set_negotiated(None),
            hostname=router.config.system.hostname,
            client_id=b"\x00" + identifier.encode("ascii"),
            retry_after=CLIENT_RETRY,
        )
        self.clients[name] = client
        client.start()

    def close(self) -> None:
        for client in self.clients.values():
            client.stop()
        self.server.close()

    def routes(self) -> list[StaticRoute]:
        """The default route each lease's router option gives, at distance 254 (an `ip route`
        to the same place wins), as IOS installs it."""
        return [
            StaticRoute(DEFAULT_ROUTE, client.lease.routers[0], distance=254)
            for client in self.clients.values()
            if client.lease is not None and client.lease.routers
        ]

    def _client_receive(self, interface: str | None, packet: Ipv4) -> None:
        client = self.clients.get(interface) if interface is not None else None
        if client is not None:
            client.receive(packet.payload.data)

    def _bound(self, name: str, lease: Lease) -> None:
        """The interface takes the address, and says so (`%DHCP-6-ADDRESS_ASSIGN`)."""
        port = self.router.ports[name]
        if port.negotiated == lease.address:
            return  # a renewal
        port.set_negotiated(lease.address)
        hostname = self.router.config.system.hostname
        self.router.log(
            f"%DHCP-6-ADDRESS_ASSIGN: Interface {name} assigned DHCP address {lease.address.ip}, "
            f"mask {lease.address.netmask}, hostname {hostname}"
        )


def client_send(ip, interface: str, message: pdu.DhcpMessage, server: IPv4Address | None) -> None:
    """A DHCP client's message: broadcast from 0.0.0.0 out of its interface (no server
    known yet), or to its server from its leased address."""
    data = Udp(pdu.CLIENT_PORT, pdu.SERVER_PORT, message.encode())
    if server is None:
        ip.send_on(interface, Ipv4(pdu.ZERO, LIMITED_BROADCAST, ip.ttl, UDP, data, ip.next_ident()))
    else:
        ip.originate(server, data)


def _subnet_address(data: bytes) -> IPv4Address:
    """`subnet_address` of a message not yet decoded: its giaddr, else its ciaddr."""
    giaddr = IPv4Address(data[24:28])
    return giaddr if giaddr != pdu.ZERO else IPv4Address(data[12:16])
