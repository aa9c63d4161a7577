"""A router's TCP: the connections it holds, the ports it listens on, and the segments it
answers for closed ports (RFC 793: a RST). It takes IP protocol 6 in the IP stack's registry
(`IpStack.protocols`) and costs nothing while no segment arrives: a connection's only timer is
its own (protocols/tcp/connection.py).

What listens is `SERVERS`: TCP port -> the `Server` a router runs there: `admits(router, remote)`,
asked at a SYN from `remote` (False: the SYN is answered with a RST, the port is closed), and `open(router,
connection)`, called once the connection is ESTABLISHED, returning the connection's application
(the telnet and SSH servers of the VTY lines, cli/telnet_server.py). It is filled when those modules
are imported, as the command handlers are (iosemu/handlers.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address

from iosemu.protocols.tcp.connection import Application, Connection
from iosemu.protocols.tcp.segment import ACK, PROTOCOL, RST, SYN, Segment

FIRST_EPHEMERAL = 11000  # where the local ports of the connections a router opens are numbered from


@dataclass(frozen=True)
class Server:
    admits: Callable  # (router, the client's address) -> bool
    open: Callable  # (router, connection) -> the connection's application


SERVERS: dict[int, Server] = {}


def serve(port: int, admits: Callable, open: Callable) -> None:
    """Register what a router serves on TCP `port`."""
    SERVERS[port] = Server(admits, open)


class Accepting(Application):
    """A connection opened by a peer, until its handshake ends: then the server's application
    takes it (before any data is taken)."""

    def __init__(self, router, factory: Callable):
        self.router, self.factory = router, factory

    def opened(self, connection: Connection) -> None:
        connection.app = self.factory(self.router, connection)


class RouterTcp:
    name = "tcp"

    def __init__(self, router):
        self.router = router
        self.scheduler = router.scheduler
        self.connections: dict[tuple, Connection] = {}
        self._next_port = FIRST_EPHEMERAL
        router.ip.protocols[PROTOCOL] = self.receive

    def reconcile(self, touched) -> None:
        pass

    def routes(self) -> list:
        return []

    def close(self) -> None:
        """The router reloads: its connections vanish without a word (the peers find out when
        they next send)."""
        for connection in list(self.connections.values()):
            connection.vanish()

    # -- opening -------------------------------------------------------------------------------
    def connect(self, remote: IPv4Address, rport: int, app, source: IPv4Address | None = None):
        """Open a connection to `remote`:`rport` for `app`; None when there is no route to it."""
        ip = self.router.ip
        if source is None:
            if ip.is_local(remote):
                source = remote
            else:
                resolved = ip.rib.resolve(remote)
                source = resolved and ip.address_on(resolved[0])
        if source is None:
            return None
        connection = Connection(self, app, source, self._port(), remote, rport, self._iss())
        self.connections[connection.key] = connection
        ip.listeners[("tcp", connection.lport, rport)] = lambda packet, when: connection.unreachable()
        connection.connect()
        return connection

    def _port(self) -> int:
        port = self._next_port
        self._next_port = FIRST_EPHEMERAL + (port + 1 - FIRST_EPHEMERAL) % 50000
        return port

    def _iss(self) -> int:
        return self.router.rng.getrandbits(32)

    # -- the connections' owner ------------------------------------------------------------------
    def transmit(self, connection: Connection, segment: Segment) -> None:
        self.send(connection.local, connection.remote, segment)

    def send(self, local: IPv4Address, remote: IPv4Address, segment: Segment) -> None:
        self.router.ip.originate(remote, segment, source=local)

    def forget(self, connection: Connection) -> None:
        if self.connections.get(connection.key) is connection:
            del self.connections[connection.key]
        self.router.ip.listeners.pop(("tcp", connection.lport, connection.rport), None)

    # -- arriving ----------------------------------------------------------------------------------
    def receive(self, interface: str | None, packet) -> None:
        seg = packet.payload
        if not isinstance(seg, Segment) or self.router.ip.is_broadcast(packet.dst):
            return
        connection = self.connections.get((packet.dst, seg.dport, packet.src, seg.sport))
        if connection is not None:
            connection.arrive(seg)
            return
        served = SERVERS.get(seg.dport)
        syn = seg.flags & (SYN | ACK | RST) == SYN
        if served is None or not syn or not served.admits(self.router, packet.src):
            self._refuse(packet, seg)
            return
        connection = Connection(
            self,
            Accepting(self.router, served.open),
            packet.dst,
            seg.dport,
            packet.src,
            seg.sport,
            self._iss(),
        )
        self.connections[connection.key] = connection
        connection.accept(seg)

    def _refuse(self, packet, seg: Segment) -> None:
        """RFC 793 on a segment for no connection: a RST, unless it is one."""
        if seg.has(RST):
            return
        if seg.has(ACK):
            reply = Segment(seg.dport, seg.sport, seg.ack, 0, RST, 0)
        else:
            reply = Segment(seg.dport, seg.sport, 0, (seg.seq + seg.length) % (1 << 32), RST | ACK, 0)
        self.send(packet.dst, packet.src, reply)
