"""PPPoE on a router (RFC 2516 on its Ethernet ports: Ethertypes 0x8863 and 0x8864, through
`router.ethertypes`), as its configuration says (config/pppoe.py).

A server (`pppoe enable group NAME`) answers discovery with protocols/pppoe's `PppoeServer`
and clones, for each session, the bba-group's `virtual-template` into a Virtual-Access whose
cable is the session (sim/virtual_access.py): PPP runs there with the host, and on a LAC its
user is forwarded like any other PPP line's. A client (`pppoe-client dial-pool-number N`)
discovers a concentrator with `PppoeClient`, and the session is the cable of the Dialer of
`dialer pool N`, whose PPP runs over it; either PPP giving up ends the session (PADT), and the
client discovers again. What happens shows under `debug pppoe events`.
"""

from __future__ import annotations

from iosemu.config.interface import short_name
from iosemu.protocols.ip.pdu import BROADCAST_MAC, Ethernet, mac_text
from iosemu.protocols.ppp.pdu import PppFrame
from iosemu.protocols.pppoe import pdu
from iosemu.protocols.pppoe.discovery import PppoeClient, PppoeServer
from iosemu.protocols.pppoe.pdu import DISCOVERY, PADI, PADO, PADR, PADS, PADT, SESSION, SESSION_DATA, Pppoe
from iosemu.sim import virtual_access

EVENTS = "pppoe events"
PPPOE_KINDS = ("ethernet", "dialer")  # the interfaces whose settings PPPoE reads


def _frame(payload) -> PppFrame | None:
    """The PPP frame a session packet carries (protocol field and information, section 7)."""
    if isinstance(payload, PppFrame):
        return payload
    if isinstance(payload, bytes) and len(payload) >= 2:
        return PppFrame(int.from_bytes(payload[:2], "big"), payload[2:])
    return None


class Side:
    """What both ends share: the Ethernet interface, its frames out, the debug lines."""

    def __init__(self, service, interface: str):
        self.service, self.router, self.interface = service, service.router, interface
        self.short = short_name(interface)

    @property
    def mac(self) -> int:
        return self.router.ports[self.interface].mac

    def send(self, mac: int | None, packet: Pppoe) -> None:
        port = self.router.ports.get(self.interface)
        if port is not None and self.router.interface_up(self.interface):  # nothing out of a down line
            port.send(Ethernet(BROADCAST_MAC if mac is None else mac, port.mac, packet.ethertype, packet))

    def heard(self, mac: int, packet: Pppoe) -> None:
        """`debug pppoe events`: a discovery packet in."""
        local = BROADCAST_MAC if packet.code == PADI else self.mac
        self.event(f"PPPoE {packet.session_id}: I {packet.name}  {self._macs(mac, local)}")

    def _macs(self, remote: int, local: int) -> str:
        return f"R:{mac_text(remote)} L:{mac_text(local)} {self.short}"

    def event(self, text: str) -> None:
        if EVENTS in self.router.debugs:
            self.router.log(text)


class ServerCall:
    """One session of a server: the cable of its Virtual-Access, cloned from `template` (the
    bba-group's Virtual-Template then: the session keeps its clone when the group's changes)."""

    def __init__(self, server: Server, session_id: int, mac: int, template: int):
        self.server, self.session_id, self.mac, self.template = server, session_id, mac, template
        self.port = None
        self.uniq = 0

    def carrier(self, end) -> bool:
        return self.session_id in self.server.engine.sessions

    def carry(self, end, frame, size: int) -> None:
        self.server.send(self.mac, Pppoe(SESSION_DATA, self.session_id, payload=frame))

    def raise_signals(self, end, on: bool) -> None:
        """Shutting a Virtual-Access down leaves the session as it is."""

    def hang_up(self) -> None:
        """PPP on the Virtual-Access ended: the session ends (PADT), once PPP is done with it."""
        self.server.router.scheduler.call_later(0, self.server.engine.close, self.session_id)


class Server(Side):
    """`pppoe enable group NAME` on one Ethernet interface: the owner of its PppoeServer."""

    def __init__(self, service, interface: str, group: str):
        super().__init__(service, interface)
        self.group = group
        self.engine = PppoeServer(self, self.router.config.system.hostname, self.router.rng.randbytes(16))
        self.calls: dict[int, ServerCall] = {}

    @property
    def bba_group(self):
        """The `bba-group pppoe` it serves (config/pppoe.py), None while unconfigured."""
        return self.router.config.pppoe.groups.get(self.group)

    def send(self, mac: int | None, packet: Pppoe) -> None:
        if packet.code == PADO:
            self.event(f"PPPoE 0: O PADO, {self._macs(mac, self.mac)}")
        elif packet.code in (PADS, PADT):
            sid = packet.session_id
            self.event(f"[{sid}]PPPoE {sid}: O {packet.name}  {self._macs(mac, self.mac)}")
        super().send(mac, packet)

    def session_up(self, session_id: int, mac: int) -> None:
        group = self.bba_group
        template = group.virtual_template if group is not None else None
        call = ServerCall(self, session_id, mac, template)
        port = None if template is None else virtual_access.clone(self.router, template, call)
        if port is None:  # nothing to clone: the session ends at once
            self.router.scheduler.call_later(0, self.engine.close, session_id)
            return
        call.port, call.uniq = port, self.service.next_uniq()
        self.calls[session_id] = call
        self.event(f"[{session_id}]PPPoE {session_id}: {port.short_name} created")
        self.event(f"[{session_id}]PPPoE {session_id}: Connected PTA")

    def session_down(self, session_id: int) -> None:
        call = self.calls.pop(session_id, None)
        if call is not None and call.port is not None:
            virtual_access.release(self.router, call.port)

    def data(self, mac: int, packet: Pppoe) -> None:
        call = self.calls.get(packet.session_id)
        frame = _frame(packet.payload)
        if call is not None and call.mac == mac and frame is not None:
            call.port.receive(frame, len(frame))

    def close(self) -> None:
        for session_id in list(self.calls):
            self.engine.close(session_id)


class Client(Side):
    """`pppoe-client dial-pool-number N` on one Ethernet interface: the owner of its
    PppoeClient; while its session is up, the cable of a Virtual-Access cloned from the Dialer
    of that pool and bound to it (`profile`: the Dialer's port, which IPCP's addresses are for)."""

    def __init__(self, service, interface: str, pool: int):
        super().__init__(service, interface)
        self.pool = pool
        self.engine = PppoeClient(self.router.scheduler, self, self.router.rng.randbytes(4))
        self.dialer = None  # the Dialer's port
        self.vaccess = None  # the Virtual-Access bound to it while the session is up

    @property
    def profile(self):
        return self.dialer

    def start(self) -> None:
        self.engine.start()

    def send(self, mac: int | None, packet: Pppoe) -> None:
        if packet.code == PADI:
            self.event(f" Sending PADI: Interface = {self.interface}")
        elif packet.code == PADR:
            self.event(" PPPOE: we've got our pado and the pado timer went off")
            self.event("OUT PADR from PPPoE Session")
        elif packet.code == PADT:
            self.event(" PPPoE : Shutting down client session")
            self.event(f"[0]PPPoE {packet.session_id}: O PADT  {self._macs(mac, self.mac)}")
        super().send(mac, packet)

    def up(self, session_id: int, mac: int) -> None:
        self.event("IN PADS from PPPoE Session")
        dialer = self.dialer
        if dialer is None:
            return

        def made(port) -> None:
            self.vaccess = dialer.encapsulation.bound = port
            vi, di = port.short_name, dialer.short_name
            self.router.log(f"%DIALER-6-BIND: Interface {vi} bound to profile {di}")
            self.event("PPPoE: Virtual Access interface obtained.")
            self.event("PPPoE : encap string prepared")
            self.event(f"[0]PPPoE {session_id}: data path set to PPPoE Client")

        virtual_access.clone(self.router, dialer.name, self, made)

    def down(self) -> None:
        port, self.vaccess = self.vaccess, None
        if port is not None:
            if self.dialer is not None and self.dialer.encapsulation is not None:
                self.dialer.encapsulation.bound = None
                vi, di = port.short_name, self.dialer.short_name
                self.router.log(f"%DIALER-6-UNBIND: Interface {vi} unbound from profile {di}")
            virtual_access.release(self.router, port)

    def data(self, mac: int, packet: Pppoe) -> None:
        engine = self.engine
        frame = _frame(packet.payload)
        if (packet.session_id, mac) == (engine.session_id, engine.concentrator) and frame and self.vaccess:
            self.vaccess.receive(frame, len(frame))

    # -- the Virtual-Access's cable ---------------------------------------------------------------
    def carrier(self, end) -> bool:
        return self.engine.state == "session"

    def carry(self, end, frame, size: int) -> None:
        if self.engine.state == "session":
            super().send(self.engine.concentrator, Pppoe(SESSION_DATA, self.engine.session_id, payload=frame))

    def raise_signals(self, end, on: bool) -> None:
        """The Dialer shut down: its session ends; up again, it is discovered anew (a
        Virtual-Access shut leaves the session alone)."""
        if self.dialer is None or end.interface != self.dialer.name:
            return
        if on:
            self.engine.start()
        else:
            self.engine.stop()

    def hang_up(self) -> None:
        """PPP on the Virtual-Access ended: the session ends (PADT), discovery starts again."""
        self.router.scheduler.call_later(0, self._again)

    def _again(self) -> None:
        self.engine.stop()
        self.engine.again()

    def close(self) -> None:
        self.engine.stop()


class RouterPppoe:
    name = "pppoe"

    def __init__(self, router):
        self.router = router
        self.servers: dict[str, Server] = {}
        self.clients: dict[str, Client] = {}
        self._uniq = 0
        router.ethertypes[DISCOVERY] = self.discovery
        router.ethertypes[SESSION] = self.session

    def vaccess(self, name: str) -> str | None:
        """What `show interfaces` says of a Virtual-Access cloned for a session (the CSR capture's)."""
        for client in self.clients.values():
            if client.vaccess is not None and client.vaccess.name == name:
                return f"PPPoE vaccess, cloned from {client.dialer.name}"
        for server in self.servers.values():
            for call in server.calls.values():
                if call.port.name == name:
                    return f"PPPoE vaccess, cloned from Virtual-Template{call.template}"
        return None

    def next_uniq(self) -> int:
        self._uniq += 1
        return self._uniq

    def reconcile(self, touched) -> None:
        """Serve and dial on the Ethernet interfaces whose configuration says so. Only a change
        to an Ethernet or Dialer interface (or a removal) can change that: a command that
        touched neither costs no look at the others (100,000 loopbacks)."""
        interfaces = self.router.config.interfaces
        if not any((iface := interfaces.get(name)) is None or iface.kind in PPPOE_KINDS for name in touched):
            return
        served = {n: i.pppoe_group for n, i in interfaces.items() if i.kind == "ethernet" and i.pppoe_group}
        for name in [n for n, s in self.servers.items() if served.get(n) != s.group]:
            self.servers.pop(name).close()
        for name, group in served.items():
            if name not in self.servers:
                self.servers[name] = Server(self, name, group)
        dialling = {
            n: i.pppoe_client
            for n, i in interfaces.items()
            if i.kind == "ethernet" and i.pppoe_client is not None
        }
        for name in [n for n, c in self.clients.items() if dialling.get(n) != c.pool]:
            self.clients.pop(name).close()
        for name, pool in dialling.items():
            client = self.clients.get(name)
            if client is None:
                client = self.clients[name] = Client(self, name, pool)
            dialer = next(
                (self.router.ports.get(i.name) for i in interfaces.values() if i.dialer_pool == pool), None
            )
            if dialer is not client.dialer:
                client.dialer = dialer
                if dialer is not None:
                    dialer.link = client
                    if not dialer.config.shutdown:
                        client.start()
        for name in touched:  # an Ethernet shut ends its sessions; opened again, a client dials
            iface = interfaces.get(name)
            server, client = self.servers.get(name), self.clients.get(name)
            if iface is None or (server is None and client is None):
                continue
            if iface.shutdown:
                if server is not None:
                    server.close()
                if client is not None and client.engine.state != "idle":
                    client.engine.stop()
            elif client is not None and client.engine.state == "idle" and client.dialer is not None:
                if not client.dialer.config.shutdown:
                    client.start()

    def routes(self) -> list:
        return []

    def close(self) -> None:
        for client in self.clients.values():
            client.engine.halt()

    # -- the Ethertypes ----------------------------------------------------------------------
    def _packet(self, frame: Ethernet) -> Pppoe | None:
        packet = frame.payload
        if isinstance(packet, bytes):  # as the RFC lays it out (a host that is not iosemu)
            packet = pdu.decode(frame.ethertype, packet)
        return packet if isinstance(packet, Pppoe) else None

    def discovery(self, interface: str, frame: Ethernet) -> None:
        packet = self._packet(frame)
        if packet is None or packet.code == SESSION_DATA:
            return
        server, client = self.servers.get(interface), self.clients.get(interface)
        if server is not None and packet.code in (PADI, PADR, PADT):
            server.heard(frame.src, packet)
            server.engine.receive(frame.src, packet)
        if client is not None and packet.code in (PADO, PADS, PADT):
            client.heard(frame.src, packet)
            client.engine.receive(frame.src, packet)

    def session(self, interface: str, frame: Ethernet) -> None:
        packet = self._packet(frame)
        if packet is None or packet.code != SESSION_DATA:
            return
        for side in (self.servers.get(interface), self.clients.get(interface)):
            if side is not None:
                side.data(frame.src, packet)
