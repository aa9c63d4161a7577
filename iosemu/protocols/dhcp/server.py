"""A DHCP server (RFC 2131 section 4.3): scopes, bindings, conflicts and the exchange, for
any node that serves (an IOS router's `ip dhcp pool`s, a Windows server's scopes).

The node supplies the scopes (`scope_for(interface, address)`: by the giaddr or the
renewing client's address, 0.0.0.0 for the interface's subnet), its address on the
interface that heard the client (`identity(interface)`: the server identifier), a way to
send a reply (`send(interface, request, reply)`), and a probe that pings a candidate address
before it is offered (IOS: 2 echoes, 500 ms each; Windows: none by default), and the manual bindings
(`manual(interface, message)`: the scope and address reserved for that client, if any).
Time is the node's virtual clock: bindings expire, offers are held for a while.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network

from iosemu.protocols.dhcp import pdu
from iosemu.protocols.dhcp.pdu import (
    ACK,
    DECLINE,
    DISCOVER,
    INFORM,
    NAK,
    OFFER,
    RELEASE,
    REQUEST,
    DhcpMessage,
)
from iosemu.protocols.ip.pdu import LIMITED_BROADCAST

OFFER_HOLD = 30.0  # seconds an offered address stays reserved for its client
SWEEP = 120.0  # IOS looks for expired bindings every 2 minutes (so one may linger that long)


@dataclass(frozen=True)
class Policy:
    """Where servers differ in what they choose: IOS goes on from each scope's current index
    (the address after the last one it gave); Windows gives the lowest free address, and
    broadcasts every reply to a client beside it, whatever its broadcast flag says."""

    lowest_free: bool = False
    ignore_broadcast_flag: bool = False


IOS = Policy()
WINDOWS = Policy(lowest_free=True, ignore_broadcast_flag=True)

# Where a reply goes (RFC 2131 4.1), as `delivery` answers
TO_RELAY, TO_RENEWING, TO_ALL, TO_OFFERED = "relay", "renewing", "all", "offered"


def delivery(request: DhcpMessage, reply: DhcpMessage, policy: Policy) -> tuple[str, IPv4Address]:
    """RFC 2131 4.1: to the relay; to a client that has its address (a renewal) at it; a NAK,
    a broadcast flag (or a policy that ignores the flag) to everyone; else to the offered
    address at the client's hardware address."""
    if reply.giaddr != pdu.ZERO:
        return TO_RELAY, reply.giaddr
    if request.ciaddr != pdu.ZERO and reply.kind != NAK:
        return TO_RENEWING, request.ciaddr
    if policy.ignore_broadcast_flag or reply.kind == NAK or reply.broadcast:
        return TO_ALL, LIMITED_BROADCAST
    return TO_OFFERED, reply.yiaddr


@dataclass(frozen=True)
class Scope:
    """What a server hands out on one subnet."""

    name: str
    network: IPv4Network
    low: IPv4Address  # the range it gives from (IOS: the whole subnet)
    high: IPv4Address
    excluded: tuple[tuple[IPv4Address, IPv4Address], ...] = ()
    lease: int | None = 86400  # seconds; None: infinite
    routers: tuple[IPv4Address, ...] = ()
    dns: tuple[IPv4Address, ...] = ()
    domain: str | None = None
    extra: tuple[tuple[int, bytes], ...] = ()  # raw options (IOS's `option`), after those above

    def excludes(self, address: IPv4Address) -> bool:
        return any(low <= address <= high for low, high in self.excluded)

    def options(self) -> list[tuple[int, bytes]]:
        """What an OFFER or ACK carries besides the lease."""
        out = [(pdu.SUBNET_MASK, pdu.address(self.network.netmask))]
        if self.routers:
            out.append((pdu.ROUTERS, pdu.addresses(self.routers)))
        if self.dns:
            out.append((pdu.DNS_SERVERS, pdu.addresses(self.dns)))
        if self.domain:
            out.append((pdu.DOMAIN_NAME, self.domain.encode("latin-1", "replace")))
        given = {code for code, _ in out}
        return out + [(code, data) for code, data in self.extra if code not in given]


@dataclass
class Binding:
    address: IPv4Address
    client: bytes  # the client identifier (option 61), or 01 + the MAC address
    scope: str
    expires: float | None  # None: infinite
    offered: bool = True  # offered, not yet acknowledged


@dataclass
class Conflict:
    address: IPv4Address
    method: str  # Ping, Gratuitous ARP (DECLINE)
    detected: float


@dataclass
class Statistics:
    """What show ip dhcp server statistics counts."""

    received: dict[int, int] = field(default_factory=dict)
    sent: dict[int, int] = field(default_factory=dict)
    malformed: int = 0
    expired: int = 0

    def reset(self) -> None:
        """`clear ip dhcp server statistics`."""
        self.received, self.sent, self.malformed, self.expired = {}, {}, 0, 0


def subnet_address(message: DhcpMessage) -> IPv4Address:
    """What says the client's subnet: the relay's address; a client renewing from another
    subnet has no relay but its own address (RFC 2131 4.3.2); 0.0.0.0: a client beside the
    node (the interface's subnet)."""
    return message.giaddr if message.giaddr != pdu.ZERO else message.ciaddr


def client_key(message: DhcpMessage) -> bytes:
    """How a server knows a client again: its identifier, else its hardware address."""
    return message.option(pdu.CLIENT_ID) or b"\x01" + message.chaddr.to_bytes(6, "big")


class DhcpServer:
    def __init__(
        self,
        clock,
        scope_for: Callable[[str | None, IPv4Address], Scope | None],
        identity: Callable[[str | None], IPv4Address | None],
        send: Callable[[str | None, DhcpMessage, DhcpMessage], None],
        probe: Callable[[IPv4Address, Callable[[bool], None]], None] | None = None,
        own: Callable[[IPv4Address], bool] = lambda address: False,
        event: Callable[[str, str], None] = lambda kind, text: None,
        manual: Callable[[str | None, DhcpMessage], tuple[Scope, IPv4Address] | None] = lambda i, m: None,
        policy: Policy = IOS,
        keeps_conflicts: Callable[[], bool] = lambda: True,
    ):
        self.clock = clock
        self.policy = policy
        self.scope_for = scope_for
        self.identity = identity
        self.send = send
        self.probe = probe
        self.own = own  # the node's own addresses: never offered
        self.event = event  # (kind, text): syslog lines, and `debug ip dhcp server events|packet`
        self.manual = manual
        self.keeps_conflicts = keeps_conflicts  # IOS: `ip dhcp conflict logging` (on by default)
        self.bindings: dict[IPv4Address, Binding] = {}
        self.conflicts: dict[IPv4Address, Conflict] = {}
        self.statistics = Statistics()
        self.index: dict[str, IPv4Address] = {}  # scope -> the next address to try (IOS's current index)
        self._probing: dict[IPv4Address, bytes] = {}  # an address being pinged -> for whom
        self._sweep = None  # the timer of the next look for expired bindings, while there are any
        self._by_client: dict[bytes, IPv4Address] = {}  # the bindings, by client

    # -- the table --------------------------------------------------------------------------
    def _bind(self, binding: Binding) -> None:
        self.bindings[binding.address] = binding
        self._by_client[binding.client] = binding.address
        if self._sweep is None:
            self._sweep = self.clock.call_later(SWEEP - self.clock.now % SWEEP, self._expire)

    def close(self) -> None:
        """The node stops (a reload): no more looks for expired bindings."""
        if self._sweep is not None:
            self._sweep.cancel()
            self._sweep = None

    def _expire(self) -> None:
        """Every 2 minutes while there are bindings: those whose lease ran out (and offers
        never taken) go back to their scope."""
        self._sweep = None
        self.event("events", "DHCPD: checking for expired leases.")
        now = self.clock.now
        for address in [a for a, b in self.bindings.items() if b.expires is not None and b.expires <= now]:
            binding = self._unbind(address)
            if not binding.offered:
                self.statistics.expired += 1
                self.event("events", f"DHCPD: the lease for address {address} has expired.")
                self.event("events", f"DHCPD: returned {address} to address pool {binding.scope}.")
        if self.bindings:
            self._sweep = self.clock.call_later(SWEEP, self._expire)

    def _unbind(self, address: IPv4Address) -> Binding | None:
        binding = self.bindings.pop(address, None)
        if binding is not None and self._by_client.get(binding.client) == address:
            del self._by_client[binding.client]
        return binding

    def binding_of(self, client: bytes) -> Binding | None:
        address = self._by_client.get(client)
        return None if address is None else self.bindings.get(address)

    def _free(self, scope: Scope, address: IPv4Address, client: bytes) -> bool:
        if not (scope.low <= address <= scope.high) or address not in scope.network:
            return False
        if address in (scope.network.network_address, scope.network.broadcast_address):
            return False
        if scope.excludes(address) or self.own(address) or address in self.conflicts:
            return False
        if self._probing.get(address, client) != client:
            return False
        holder = self.bindings.get(address)
        return holder is None or holder.client == client

    def candidate(
        self, scope: Scope, client: bytes, requested: IPv4Address | None, tried: frozenset = frozenset()
    ) -> IPv4Address | None:
        """The address to offer: the client's own binding, the one it asks for if free,
        else the next free one from the scope's current index on (wrapping round), or from
        its lowest address under a policy of the lowest free."""
        known = self.binding_of(client)
        if known is not None and known.scope == scope.name:
            return known.address
        if requested is not None and requested not in tried and self._free(scope, requested, client):
            return requested
        low, high = int(scope.low), int(scope.high)
        start = low if self.policy.lowest_free else int(self.index.get(scope.name, scope.low))
        for value in (*range(start, high + 1), *range(low, start)):
            address = IPv4Address(value)
            if address not in tried and self._free(scope, address, client):
                return address
        return None

    def clear(self, address: IPv4Address | None = None) -> bool:
        """`clear ip dhcp binding`: one address, or all (the current indexes start again)."""
        if address is None:
            self.bindings.clear()
            self._by_client.clear()
            self.index.clear()
            return True
        return self._unbind(address) is not None

    # -- the exchange -------------------------------------------------------------------------
    def receive(self, interface: str | None, data: bytes) -> DhcpMessage | None:
        """A message from a client (or a relay) on UDP 67; returns it decoded (None: malformed)
        for a node that learns more of its clients than the engine keeps."""
        try:
            message = pdu.decode(data)
        except pdu.Malformed:
            self.statistics.malformed += 1
            return None
        if message.op != pdu.BOOTREQUEST or message.kind is None:
            return message
        received = self.statistics.received
        received[message.kind] = received.get(message.kind, 0) + 1
        self.event("packet", self._received_line(interface, message))
        handler = {
            DISCOVER: self._discover,
            REQUEST: self._request,
            RELEASE: self._release,
            DECLINE: self._decline,
            INFORM: self._inform,
        }.get(message.kind)
        if handler is not None:
            handler(interface, message)
        return message

    def _received_line(self, interface: str | None, message: DhcpMessage) -> str:
        """`debug ip dhcp server packet`: a client's message as it arrives."""
        client = pdu.dotted(client_key(message))
        kind = pdu.KIND_NAMES[message.kind]
        if message.kind == DISCOVER:
            where = (
                f"through relay {message.giaddr}"
                if message.giaddr != pdu.ZERO
                else f"on interface {interface}"
            )
            return f"DHCPD: DHCPDISCOVER received from client {client} {where}."
        if message.kind == REQUEST:
            return f"DHCPD: DHCPREQUEST received from client {client}."
        if message.kind == RELEASE:
            return f"DHCPD: DHCPRELEASE message received from client {client} ({message.ciaddr})."
        about = message.address_option(pdu.REQUESTED_ADDRESS) if message.kind == DECLINE else message.ciaddr
        return f"DHCPD: {kind} received from client {client} ({about})."  # [M] DECLINE, INFORM

    def _scope(self, interface: str | None, message: DhcpMessage) -> Scope | None:
        return self.scope_for(interface, subnet_address(message))

    def _discover(self, interface: str | None, message: DhcpMessage, tried: frozenset = frozenset()) -> None:
        """`tried`: the addresses a ping found in use for this DISCOVER (kept out of the
        offer even when the conflict is not recorded)."""
        reserved = self.manual(interface, message)
        if reserved is not None:  # a manual binding: its address, never pinged [M]
            self._reply(interface, message, OFFER, *reserved)
            return
        scope = self._scope(interface, message)
        client = client_key(message)
        if scope is None or client in self._probing.values():
            return
        address = self.candidate(scope, client, message.address_option(pdu.REQUESTED_ADDRESS), tried)
        if address is None:
            self.event("events", f"DHCPD: no address available in pool {scope.name}.")  # [M]
            return
        known = self.bindings.get(address)
        if known is None or known.client != client:
            self.event("events", f"DHCPD: assigned IP address {address} to client {pdu.dotted(client)}.")
        if self.probe is None or (known is not None and known.client == client):
            self._offer(interface, message, scope, address)
            return
        self._probing[address] = client

        def answered(in_use: bool) -> None:
            del self._probing[address]
            if in_use:
                if self.keeps_conflicts():
                    self.conflicts[address] = Conflict(address, "Ping", self.clock.now)
                self.event(
                    "syslog", f"%DHCPD-4-PING_CONFLICT: DHCP address conflict:  server pinged {address}."
                )
                self._discover(interface, message, tried | {address})
            else:
                self._offer(interface, message, scope, address)

        self.probe(address, answered)

    def _offer(self, interface: str | None, message: DhcpMessage, scope: Scope, address: IPv4Address) -> None:
        client = client_key(message)
        known = self.binding_of(client)
        if known is not None and known.address != address:
            self._unbind(known.address)
        if known is None or known.address != address:
            self._bind(Binding(address, client, scope.name, self.clock.now + OFFER_HOLD))
            self.index[scope.name] = address + 1 if address < scope.high else scope.low
        self._reply(interface, message, OFFER, scope, address)

    def _request(self, interface: str | None, message: DhcpMessage) -> None:
        scope = self._scope(interface, message)
        server = message.address_option(pdu.SERVER_ID)
        ours = self.identity(interface)
        if server is not None and server != ours:
            binding = self.binding_of(client_key(message))
            if binding is not None and binding.offered:  # the client took another server's offer
                self._unbind(binding.address)
            return
        wanted = message.address_option(pdu.REQUESTED_ADDRESS) or message.ciaddr
        reserved = self.manual(interface, message)
        if reserved is not None:
            self._reply(interface, message, ACK if wanted == reserved[1] else NAK, *reserved)
            return
        client = client_key(message)
        binding = self.bindings.get(wanted)
        if scope is None or binding is None or binding.client != client or binding.scope != scope.name:
            if scope is not None:
                self._reply(interface, message, NAK, scope, pdu.ZERO)
            return
        binding.offered = False
        binding.expires = None if scope.lease is None else self.clock.now + scope.lease
        self._reply(interface, message, ACK, scope, wanted)

    def _release(self, interface: str | None, message: DhcpMessage) -> None:
        binding = self.bindings.get(message.ciaddr)
        if binding is not None and binding.client == client_key(message):
            self._unbind(message.ciaddr)
            self.event("events", f"DHCPD: returned {message.ciaddr} to address pool {binding.scope}.")

    def _decline(self, interface: str | None, message: DhcpMessage) -> None:
        address = message.address_option(pdu.REQUESTED_ADDRESS)
        binding = self.bindings.get(address) if address is not None else None
        client = client_key(message)
        if binding is not None and binding.client == client:
            self._unbind(address)
            if self.keeps_conflicts():
                self.conflicts[address] = Conflict(address, "Gratuitous ARP", self.clock.now)
            who = pdu.dotted(client)
            self.event(
                "syslog",
                f"%DHCPD-4-DECLINE_CONFLICT: DHCP address conflict:  client {who} declined {address}.",
            )

    def _inform(self, interface: str | None, message: DhcpMessage) -> None:
        scope = self._scope(interface, message)
        if scope is not None:
            self._reply(interface, message, ACK, scope, pdu.ZERO, lease=False)

    def _reply(
        self,
        interface: str | None,
        request: DhcpMessage,
        kind: int,
        scope: Scope,
        address,
        lease: bool = True,
    ) -> None:
        options: list[tuple[int, bytes]] = []
        server = self.identity(interface)
        if server is not None:
            options.append((pdu.SERVER_ID, pdu.address(server)))
        if kind != NAK:
            if lease and scope.lease is not None:
                options += [
                    (pdu.LEASE_TIME, pdu.seconds(scope.lease)),
                    (pdu.RENEWAL_TIME, pdu.seconds(scope.lease // 2)),
                    (pdu.REBINDING_TIME, pdu.seconds(scope.lease * 7 // 8)),
                ]
            elif lease:
                options.append((pdu.LEASE_TIME, pdu.seconds(0xFFFFFFFF)))
            options += scope.options()
        reply = DhcpMessage(
            pdu.BOOTREPLY,
            request.xid,
            request.chaddr,
            kind,
            request.flags,
            ciaddr=request.ciaddr if kind == ACK and not lease else pdu.ZERO,
            yiaddr=address,
            giaddr=request.giaddr,
            options=tuple(options),
        )
        sent = self.statistics.sent
        sent[kind] = sent.get(kind, 0) + 1
        about = address if kind != NAK else request.address_option(pdu.REQUESTED_ADDRESS) or request.ciaddr
        client = pdu.dotted(client_key(request))
        self.event("packet", f"DHCPD: Sending {pdu.KIND_NAMES[kind]} to client {client} ({about}).")
        self.send(interface, request, reply)
