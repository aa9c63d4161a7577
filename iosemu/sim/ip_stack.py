"""The IPv4 stack of a node (router or host): routing table, ARP, forwarding, ICMP.

The node supplies its interfaces (`ports`, each with `send`), its addresses (`ip_addresses`,
and `address_of` one interface's) and static routes; frames arrive through `receive` /
`arp_input` from the node's ports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from ipaddress import IPv4Address

from iosemu.protocols.ip import rib as ribs
from iosemu.protocols.ip.pdu import (
    ADMIN_PROHIBITED,
    BROADCAST_MAC,
    ECHO_REPLY,
    ECHO_REQUEST,
    ETHERTYPE_ARP,
    ETHERTYPE_IPV4,
    FRAGMENTATION_NEEDED,
    HOST_UNREACHABLE,
    ICMP,
    LIMITED_BROADCAST,
    PORT_UNREACHABLE,
    TIME_EXCEEDED,
    UNREACHABLE,
    UNSPECIFIED,
    Arp,
    Ethernet,
    Icmp,
    Ipv4,
    Udp,
)

UNREACHABLE_INTERVAL = 0.5  # IOS sends at most one ICMP unreachable per 500 ms
ARP_TIMEOUT = 4 * 3600


@dataclass
class ArpEntry:
    mac: int
    learned_at: float


class IpStack:
    def __init__(self, node, forwards: bool, ttl: int = 255):
        self.node = node
        # A router drops the packet that needs an ARP request; a PC holds it until the reply.
        self.held: dict[tuple[str, IPv4Address], Ipv4] | None = None if forwards else {}
        self.ttl = ttl  # of the packets this node originates
        self.scheduler = node.scheduler
        self.forwards = forwards
        self.arp: dict[str, dict[IPv4Address, ArpEntry]] = {}
        self.listeners: dict[tuple, object] = {}
        # UDP port -> the application that serves it (DHCP), called with (interface, packet);
        # a port in `any_destination` takes packets whatever their address (a client that
        # has no address yet).
        self.services: dict[int, object] = {}
        self.any_destination: set[int] = set()
        # IP protocol number -> what takes its packets for this node, called with (interface,
        # packet): TCP (sim/tcp.py). ICMP and UDP are the stack's own.
        self.protocols: dict[int, object] = {}
        # (interface, "in"|"out") -> the access list applied there (sim/acl.py fills it): its
        # `permits(packet)`, and `unreachables`, whether a packet it stops is answered. Outbound,
        # only forwarded packets are tested (IOS: never what the router makes itself).
        self.access: dict[tuple[str, str], object] = {}
        self._probes: dict[IPv4Address, list] = {}  # an address being probed -> the ARPs heard from it
        self._rib: ribs.Rib | None = None
        self._connected: list | None = None  # (interface, address) of the up interfaces
        self._local: set[IPv4Address] | None = None  # the addresses of the up interfaces
        self._primary: dict[str, IPv4Address | None] = {}  # interface -> its address, up or not
        self._broadcasts: dict[IPv4Address, set[str]] | None = None  # subnet broadcast -> its interfaces
        self._ident = 0
        self._last_unreachable = -1.0

    def serve(self, port: int, application, any_destination: bool = False) -> None:
        """An application takes UDP `port` (whatever the packets' address, if asked: a DHCP
        client before it has one)."""
        self.services[port] = application
        if any_destination:
            self.any_destination.add(port)

    def unserve(self, port: int) -> None:
        self.services.pop(port, None)
        self.any_destination.discard(port)

    # -- routing -------------------------------------------------------------------------
    def invalidate(self) -> None:
        """The addresses, the routes or an interface's state changed."""
        self._rib = self._connected = self._local = self._broadcasts = None
        self._primary = {}

    def _addresses(self) -> list:
        """The node's addresses on its up interfaces, asked once until something changes
        (the routes, the local addresses and the broadcasts are all made from them)."""
        if self._connected is None:
            self._connected = self.node.ip_addresses()
        return self._connected

    @property
    def rib(self) -> ribs.Rib:
        if self._rib is None:
            node = self.node
            addresses, peers = self._addresses(), node.peer_routes()
            self._rib = ribs.build(addresses, node.static_routes(), node.interface_up, peers)
        return self._rib

    def is_local(self, address: IPv4Address) -> bool:
        """An address of an up interface (an address whose interface is down is gone)."""
        if self._local is None:
            self._local = {a.ip for _, a in self._addresses()}
        return address in self._local

    def address_on(self, interface: str) -> IPv4Address | None:
        """The address the node sends from on an interface, up or not: asked of the node once
        per interface until something changes (not the whole table: an LNS's 500
        Virtual-Access interfaces would be walked again after each one that comes up)."""
        try:
            return self._primary[interface]
        except KeyError:
            address = self.node.address_of(interface)
            found = self._primary[interface] = None if address is None else address.ip
            return found

    def next_ident(self) -> int:
        self._ident = (self._ident + 1) & 0xFFFF
        return self._ident

    # -- sending ---------------------------------------------------------------------------
    def originate(
        self, dst: IPv4Address, payload, *, ttl: int | None = None, source=None, df=False, tos: int = 0
    ) -> bool:
        """Send a packet this node makes; False if there is no route."""
        ttl = ttl or self.ttl
        if self.is_local(dst):
            packet = Ipv4(source or dst, dst, ttl, _proto(payload), payload, self.next_ident(), df, tos)
            self.scheduler.call_later(0, lambda: self.deliver(None, packet))
            return True
        resolved = self.rib.resolve(dst)
        if resolved is None:
            return False
        interface, hop = resolved
        src = source or self.address_on(interface)
        if src is None:
            return False
        packet = Ipv4(src, dst, ttl, _proto(payload), payload, self.next_ident(), df, tos)
        if df and len(packet) > self.node.ip_mtu(interface):
            return True  # it may not be fragmented, and does not fit: it never leaves
        self.transmit(interface, hop, packet)
        return True

    def transmit(self, interface: str, hop: IPv4Address, packet: Ipv4) -> None:
        port = self.node.port_of(interface)
        if port is None or not self.node.interface_up(interface):
            return
        if port.encapsulation is not None:  # a serial line or a bundle: its engine frames it
            port.encapsulation.transmit(interface, hop, packet)
        elif port.kind == "ethernet":
            vlan = self.node.vlan_of(interface)
            if vlan is False:
                return
            entry = self.arp.get(interface, {}).get(hop)
            if entry is not None and self.scheduler.now - entry.learned_at > ARP_TIMEOUT:
                entry = None
            if entry is None:
                if self.held is not None:
                    self.held[(interface, hop)] = packet
                self._arp_request(interface, hop)
                return
            port.send(Ethernet(entry.mac, port.mac, ETHERTYPE_IPV4, packet, vlan))

    def send_on(self, interface: str, packet: Ipv4, mac: int = BROADCAST_MAC) -> None:
        """Send a packet straight out of an Ethernet interface to a MAC address (broadcast by
        default), with no route and no ARP: a DHCP client that has no address yet, or a server
        answering one."""
        port = self.node.port_of(interface)
        vlan = self.node.vlan_of(interface)
        if port is None or port.kind != "ethernet" or vlan is False or not self.node.interface_up(interface):
            return
        port.send(Ethernet(mac, port.mac, ETHERTYPE_IPV4, packet, vlan))

    # -- receiving -------------------------------------------------------------------------
    def receive(self, interface: str, packet: Ipv4) -> None:
        if self.access and not self._passes(interface, "in", packet):
            return
        if self.is_local(packet.dst) or self.is_broadcast(packet.dst, interface) or self._unbound(packet):
            self.deliver(interface, packet)
            return
        if not self.forwards:
            return
        if packet.ttl <= 1:
            self._icmp_error(packet, TIME_EXCEEDED, 0)
            return
        resolved = self.rib.resolve(packet.dst)
        if resolved is None:
            self._icmp_error(packet, UNREACHABLE, HOST_UNREACHABLE)
            return
        if packet.df and len(packet) > (mtu := self.node.ip_mtu(resolved[0])):
            self._icmp_error(packet, UNREACHABLE, FRAGMENTATION_NEEDED, mtu)
            return
        if self.access and not self._passes(resolved[0], "out", packet):
            return
        self.transmit(resolved[0], resolved[1], replace(packet, ttl=packet.ttl - 1))

    def _passes(self, interface: str, direction: str, packet: Ipv4) -> bool:
        """Whether the access list applied to `interface` in `direction` lets `packet` through;
        one it stops is answered with an administratively-prohibited unreachable."""
        applied = self.access.get((interface, direction))
        if applied is None or applied.permits(packet):
            return True
        if applied.unreachables:
            self._icmp_error(packet, UNREACHABLE, ADMIN_PROHIBITED)
        return False

    def is_broadcast(self, dst: IPv4Address, interface: str | None = None) -> bool:
        """255.255.255.255, or the broadcast address of a connected subnet (of `interface`'s,
        where a packet came in: it is for this router, never forwarded back)."""
        if dst == LIMITED_BROADCAST:
            return True
        if self._broadcasts is None:
            self._broadcasts = {}
            for name, address in self._addresses():
                if address.network.prefixlen < 31:
                    self._broadcasts.setdefault(address.network.broadcast_address, set()).add(name)
        names = self._broadcasts.get(dst)
        return names is not None and (interface is None or interface in names)

    def deliver(self, interface: str | None, packet: Ipv4) -> None:
        payload = packet.payload
        if isinstance(payload, Icmp):
            if payload.type == ECHO_REQUEST:
                reply = Icmp(ECHO_REPLY, 0, payload.ident, payload.seq, payload.data_size)
                source = (
                    packet.dst
                    if self.is_local(packet.dst) or interface is None
                    else self.address_on(interface)
                )
                self.originate(packet.src, reply, source=source)
                self._debug(f"echo reply sent, src {source}, dst {packet.src}")
            elif payload.type == ECHO_REPLY:
                self._debug(f"echo reply rcvd, src {packet.src}, dst {packet.dst}")
                self._notify(("echo", payload.ident, payload.seq), packet)
            elif payload.original is not None:
                if payload.type == TIME_EXCEEDED:
                    self._debug(f"time exceeded rcvd from {packet.src}")
                else:
                    unreachable = _unreachable_text(payload.code)
                    self._debug(f"dst ({payload.original.dst}) {unreachable} rcv from {packet.src}")
                self._notify(_key_of(payload.original), packet)
        elif isinstance(payload, Udp):
            service = self.services.get(payload.dport)
            if service is not None:
                service(interface, packet)
            elif not self.is_broadcast(packet.dst):
                self._icmp_error(packet, UNREACHABLE, PORT_UNREACHABLE)
        else:
            taker = self.protocols.get(packet.proto)
            if taker is not None:
                taker(interface, packet)

    def _unbound(self, packet: Ipv4) -> bool:
        return (
            bool(self.any_destination)
            and isinstance(packet.payload, Udp)
            and packet.payload.dport in self.any_destination
        )

    def _notify(self, key, packet: Ipv4) -> None:
        listener = self.listeners.get(key)
        if listener is not None:
            listener(packet, self.scheduler.now)

    def _may_answer(self, about: Ipv4, kind: int) -> bool:
        """Never an error about an error; an unreachable at most every UNREACHABLE_INTERVAL."""
        if isinstance(about.payload, Icmp) and about.payload.type not in (ECHO_REQUEST, ECHO_REPLY):
            return False
        if kind == UNREACHABLE:
            if self.scheduler.now - self._last_unreachable < UNREACHABLE_INTERVAL:
                return False
            self._last_unreachable = self.scheduler.now
        return True

    def fragmentation_needed(self, about: Ipv4, mtu: int, source: IPv4Address) -> Ipv4 | None:
        """The fragmentation-needed error answering `about` from `source`, for the caller to
        send (a pseudowire's CE, which no route reaches); None where none may be sent now."""
        if not self._may_answer(about, UNREACHABLE):
            return None
        self._debug_unreachable(about, FRAGMENTATION_NEEDED)
        error = Icmp(UNREACHABLE, FRAGMENTATION_NEEDED, seq=mtu, original=about)
        return Ipv4(source, about.src, self.ttl, ICMP, error, self.next_ident())

    def _icmp_error(self, about: Ipv4, kind: int, code: int, mtu: int = 0) -> None:
        if not self._may_answer(about, kind):
            return
        resolved = self.rib.resolve(about.src)
        source = self.address_on(resolved[0]) if resolved else None
        if source is not None:
            self.originate(about.src, Icmp(kind, code, seq=mtu, original=about), source=source)
            if kind == TIME_EXCEEDED:
                self._debug(f"time exceeded (time to live) sent to {about.src} (dest was {about.dst})")
            else:
                self._debug_unreachable(about, code)

    def _debug_unreachable(self, about: Ipv4, code: int) -> None:
        self._debug(f"dst ({about.dst}) {_unreachable_text(code)} sent to {about.src}", topology=False)

    def _debug(self, text: str, topology: bool = True) -> None:
        if "ip icmp" in self.node.debugs:
            tail = ", topology BASE, dscp 0 topoid 0" if topology and self.node.train15 else ""
            self.node.log(f"ICMP: {text}{tail}")

    # -- ARP ---------------------------------------------------------------------------------
    def _arp_request(self, interface: str, target: IPv4Address, sender: IPv4Address | None = None) -> None:
        """Who has `target`? Asked from the interface's address (or `sender`: a probe's 0.0.0.0)."""
        port = self.node.port_of(interface)
        sender = self.address_on(interface) if sender is None else sender
        if sender is None:
            return
        request = Arp(1, port.mac, sender, 0, target)
        port.send(Ethernet(BROADCAST_MAC, port.mac, ETHERTYPE_ARP, request, self.node.vlan_of(interface)))

    def probe(self, interface: str, address: IPv4Address, wait: float, done) -> None:
        """Is `address` in use on this interface's LAN (RFC 5227's probe: an ARP request from
        0.0.0.0)? `done(True)` after `wait` seconds if anyone answered for it."""
        heard = self._probes[address] = []
        self._arp_request(interface, address, UNSPECIFIED)

        def finish() -> None:
            if self._probes.get(address) is heard:
                del self._probes[address]
            done(bool(heard))

        self.scheduler.call_later(wait, finish)

    def arp_input(self, interface: str, arp: Arp) -> None:
        if self._probes and arp.sender_ip in self._probes:
            self._probes[arp.sender_ip].append(arp)
        own = self.address_on(interface)
        for_us = own is not None and arp.target_ip == own
        probe = arp.sender_ip == UNSPECIFIED  # someone's probe: answered, nothing learnt from it
        table = self.arp.setdefault(interface, {})
        asked = bool(self.held) and (interface, arp.sender_ip) in self.held  # a packet waits for it
        if not probe and (for_us or asked or arp.sender_ip in table):
            table[arp.sender_ip] = ArpEntry(arp.sender_mac, self.scheduler.now)
            waiting = self.held.pop((interface, arp.sender_ip), None) if self.held else None
            if waiting is not None:
                self.transmit(interface, arp.sender_ip, waiting)
        if arp.op == 1 and (for_us or (not probe and self._proxies(interface, arp))):
            port = self.node.port_of(interface)
            reply = Arp(2, port.mac, arp.target_ip, arp.sender_mac, arp.sender_ip)
            port.send(Ethernet(arp.sender_mac, port.mac, ETHERTYPE_ARP, reply, self.node.vlan_of(interface)))

    def _proxies(self, interface: str, arp: Arp) -> bool:
        """Proxy ARP (on by default in IOS): answer for an address reached through another
        interface, so that a PC without a gateway can still get there."""
        if not self.forwards or not self.node.proxy_arp(interface):
            return False
        resolved = self.rib.resolve(arp.target_ip)
        return resolved is not None and resolved[0] != interface

    def clear_arp(self) -> None:
        self.arp.clear()

    def flush_interface(self, interface: str) -> None:
        self.arp.pop(interface, None)
        self.invalidate()


def _proto(payload) -> int:
    return payload.PROTOCOL


def _key_of(original: Ipv4) -> tuple:
    """Whom an ICMP error about `original` is for: an echo's, a UDP or a TCP port pair's listener."""
    inner = original.payload
    if isinstance(inner, Icmp):
        return ("echo", inner.ident, inner.seq)
    if isinstance(inner, Udp):
        return ("udp", inner.sport, inner.dport)
    if hasattr(inner, "sport"):  # a TCP segment
        return ("tcp", inner.sport, inner.dport)
    return ("ip", original.proto)  # a protocol without ports (L2TPv3): nothing listens for it


def _unreachable_text(code: int) -> str:
    """How `debug ip icmp` names an unreachable (`ICMP: dst (X) frag. needed and DF set
    unreachable sent to Y`)."""
    if code == ADMIN_PROHIBITED:
        return "administratively prohibited unreachable"
    return "frag. needed and DF set unreachable" if code == FRAGMENTATION_NEEDED else "host unreachable"
