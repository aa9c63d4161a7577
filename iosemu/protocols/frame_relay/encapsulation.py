"""Frame Relay as a serial encapsulation: the PVCs of one line, LMI with the switch (or,
on a router acting as the switch, with the DTE), Inverse ARP, the address maps, and the
switching of PVCs from one line to another (`frame-relay route`).

The line protocol follows LMI (`no keepalive`: the carrier). Each PVC's status is what the
last full status said (ACTIVE, INACTIVE; DELETED when the switch did not list it; STATIC
without LMI); a point-to-point subinterface is up while its PVC is, a multipoint one while
one of its PVCs is. IP leaves on the DLCI its map names (a point-to-point subinterface:
its DLCI); a broadcast is copied onto every PVC of the interface whose map allows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address

from iosemu.protocols.frame_relay.lmi import LmiDce, LmiDte
from iosemu.protocols.frame_relay.pdu import (
    ACTIVE,
    INARP_REPLY,
    INARP_REQUEST,
    FrFrame,
    InArp,
    decode_inarp,
    decode_snap,
    hexdump,
    q922,
    snap_payload,
)
from iosemu.protocols.ip.pdu import Ipv4

INARP_INTERVAL = 60.0  # IOS repeats its Inverse ARP requests every minute
USABLE = ("ACTIVE", "STATIC")  # the statuses a PVC carries traffic in


@dataclass
class PvcCounters:
    """The counters of `show frame-relay pvc`."""

    input_pkts: int = 0
    output_pkts: int = 0
    in_bytes: int = 0
    out_bytes: int = 0
    in_pkts_dropped: int = 0
    out_pkts_dropped: int = 0
    out_bytes_dropped: int = 0
    in_fecn: int = 0
    in_becn: int = 0
    out_fecn: int = 0
    out_becn: int = 0
    in_de: int = 0
    out_de: int = 0
    out_bcast_pkts: int = 0
    out_bcast_bytes: int = 0
    switched_pkts: int = 0
    switch_drops: dict[str, int] = field(default_factory=dict)  # why switched frames were dropped

    @property
    def dropped_pkts(self) -> int:
        return self.in_pkts_dropped + self.out_pkts_dropped


@dataclass
class Pvc:
    dlci: int
    interface: str  # the (sub)interface it belongs to
    usage: str  # LOCAL, SWITCHED, UNUSED
    status: str  # ACTIVE, INACTIVE, DELETED, STATIC
    created_at: float
    changed_at: float
    counters: PvcCounters
    configured: bool = False  # named by the configuration (else only learned from LMI)
    route: tuple[str, int] | None = None  # switched: (out interface, out DLCI)
    inarp_at: float | None = None  # when its last Inverse ARP request went


class FrameRelayEncapsulation:
    name = "frame-relay"
    shown = "FRAME-RELAY"

    def __init__(self, port):
        self.port = port
        self.node = port.node
        self.scheduler = port.node.scheduler
        self.port_name = port.name
        self.pvcs: dict[int, Pvc] = {}
        self.dynamic: dict[str, dict[IPv4Address, int]] = {}  # interface -> address -> DLCI (InARP)
        self.lmi: LmiDte | LmiDce | None = None
        self.keepalive: int | None = 10
        self.running = False
        self.looped = False  # LMI does not look for a loop here
        self.broadcasts = 0  # sent (show interfaces: none is ever dropped here)
        self._subinterfaces: dict[str, bool] = {}  # each subinterface's line protocol, as last told
        self._inarp = None
        self._role: tuple[str, str | None] | None = None
        self.configure()

    # -- settings ------------------------------------------------------------------------
    @property
    def settings(self):
        return self.port.config.fr

    @property
    def dce(self) -> bool:
        return self.settings.intf_type == "dce"

    @property
    def debugging(self) -> bool:
        return "frame-relay lmi" in self.node.debugs

    def debug(self, text: str) -> None:
        self.node.log(text)

    def datagram_start(self) -> int:
        """The buffer address IOS prints in its LMI debug: some address in packet memory."""
        return 0x64000000 | self.node.rng.getrandbits(22) << 2

    def interfaces(self):
        """The main interface and its subinterfaces, configuration first."""
        interfaces = self.node.config.interfaces
        return [interfaces[self.port_name], *interfaces.subinterfaces(self.port_name)]

    def configure(self) -> None:
        """Bring the PVC table in line with the configuration: which DLCIs it names, on which
        interface, and whether they are switched."""
        now = self.scheduler.now
        wanted: dict[int, tuple[str, tuple[str, int] | None]] = {}
        for iface in self.interfaces():
            for dlci in iface.fr.dlcis:
                wanted.setdefault(dlci, (iface.name, None))
            for entry in iface.fr.maps:
                wanted.setdefault(entry.dlci, (iface.name, None))
        for route in self.port.config.fr.routes:
            wanted[route.dlci] = (self.port_name, (route.out_interface, route.out_dlci))
        for dlci in list(self.pvcs):
            pvc = self.pvcs[dlci]
            if dlci not in wanted and pvc.configured:
                if pvc.status in ("ACTIVE", "INACTIVE") and isinstance(self.lmi, LmiDte):
                    pvc.configured, pvc.route = False, None  # still on the switch: learned now
                else:
                    del self.pvcs[dlci]
        for dlci, (owner, route) in wanted.items():
            pvc = self.pvcs.get(dlci)
            if pvc is None:
                status = "STATIC" if self.running and self.lmi is None else "INACTIVE"
                pvc = self.pvcs[dlci] = Pvc(dlci, owner, "LOCAL", status, now, now, PvcCounters())
            pvc.interface, pvc.route, pvc.configured = owner, route, True
        main_used = self.port.config.address is not None or self.port.config.negotiated
        for pvc in self.pvcs.values():
            if not pvc.configured:
                pvc.interface = self.port_name
            pvc.usage = "SWITCHED" if pvc.route else "LOCAL" if pvc.configured or main_used else "UNUSED"
        self._forget_moved_maps()
        role = (self.settings.intf_type, self.settings.lmi_type)
        if self.running and role != self._role:
            self.stop()
            self.start(self.keepalive)
        self._subinterfaces_changed()

    def _forget_moved_maps(self) -> None:
        """A dynamic map lasts while its DLCI stays on its interface and the interface keeps
        an address."""
        interfaces = self.node.config.interfaces
        for name in list(self.dynamic):
            iface = interfaces.get(name)
            table = self.dynamic[name]
            for address, dlci in list(table.items()):
                pvc = self.pvcs.get(dlci)
                if iface is None or iface.address is None or pvc is None or pvc.interface != name:
                    del table[address]

    # -- what every serial encapsulation offers the port ----------------------------------------
    def start(self, keepalive: int | None) -> None:
        self.keepalive = keepalive
        self.running = True
        self._role = (self.settings.intf_type, self.settings.lmi_type)
        if keepalive is None:
            self.lmi = None
            self.port.set_protocol(True)
            for pvc in self.pvcs.values():
                self._set_status(pvc, "STATIC")
            self._start_inarp()
        else:
            side = LmiDce if self.dce else LmiDte
            self.lmi = side(self, self.settings.lmi_type)
            self.lmi.start(keepalive)

    def stop(self) -> None:
        self.running = False
        if self.lmi is not None:
            self.lmi.stop()
        self.lmi = None
        self._stop_inarp()
        for pvc in self.pvcs.values():  # the line is down: its PVCs are gone
            self._set_status(pvc, "DELETED")
        self.dynamic.clear()
        self._subinterfaces_changed()
        self._switched_changed()

    def set_keepalive(self, period: int | None) -> None:
        """Every reconcile of the interface comes here: the keepalive is LMI's poll, and the
        configuration may have changed the PVCs or the LMI."""
        if period != self.keepalive and self.running and (period is None) != (self.keepalive is None):
            self.stop()
            self.start(period)
        elif self.lmi is not None and period is not None:
            self.lmi.set_period(period)
        self.keepalive = period
        self.configure()

    # -- LMI's reports ----------------------------------------------------------------------------
    def send_lmi(self, dlci: int, data: bytes) -> None:
        self.port.send(FrFrame(dlci, data))

    def lmi_changed(self, up: bool) -> None:
        self.port.set_protocol(up)
        if up:
            self._start_inarp()
        else:
            self._stop_inarp()
            self.dynamic.clear()
            for pvc in self.pvcs.values():
                if pvc.status == "ACTIVE":
                    self._set_status(pvc, "INACTIVE")
        self._subinterfaces_changed()
        self._switched_changed()

    def _switched_changed(self) -> None:
        """This line came up or went down: the PVCs the router's LMI DCE lines switch onto it
        follow (show frame-relay route), and their DTEs learn it at their next full status.
        Every other PVC keeps the status its own line's LMI (or its lack) gave it."""
        for port in self.node.ports.values():
            other = port.encapsulation
            if (
                isinstance(other, FrameRelayEncapsulation)
                and other is not self
                and isinstance(other.lmi, LmiDce)
            ):
                for pvc in other.pvcs.values():
                    if pvc.route is not None and pvc.route[0] == self.port_name:
                        other._report(pvc)

    def full_status(self, report: dict[int, int]) -> None:
        """A DTE's full status: each listed PVC active or not, the configured others deleted
        (one only learned from the switch is gone)."""
        now = self.scheduler.now
        for dlci in report:
            if dlci not in self.pvcs:
                usage = "LOCAL" if self.port.config.address is not None else "UNUSED"
                self.pvcs[dlci] = Pvc(dlci, self.port_name, usage, "INACTIVE", now, now, PvcCounters())
        for dlci, pvc in list(self.pvcs.items()):
            if dlci in report:
                self._set_status(pvc, "ACTIVE" if report[dlci] & ACTIVE else "INACTIVE")
            else:
                self._set_status(pvc, "DELETED")
                if not pvc.configured:
                    del self.pvcs[dlci]
        self._subinterfaces_changed()

    def pvc_report(self) -> dict[int, int]:
        """A DCE's full status: its PVCs, active while the far side of each can carry it."""
        return {pvc.dlci: ACTIVE if self._report(pvc) else 0 for pvc in self.pvcs.values()}

    def _report(self, pvc: Pvc) -> bool:
        """A DCE's word on one PVC (active while the far side can carry it), kept as its status."""
        active = self.port.protocol and (pvc.route is None or self._switched_up(*pvc.route))
        self._set_status(pvc, "ACTIVE" if active else "INACTIVE", quiet=True)
        return active

    def _set_status(self, pvc: Pvc, status: str, quiet: bool = False) -> None:
        if pvc.status == status:
            return
        was_usable = pvc.status in USABLE
        pvc.status, pvc.changed_at = status, self.scheduler.now
        if not quiet:
            self.node.log(
                f"%FR-5-DLCICHANGE: Interface {self.port_name} - DLCI {pvc.dlci} state changed to {status}"
            )
        if status in USABLE and not was_usable:
            self._inarp_request(pvc)
            if pvc.interface == self.port_name:  # CDP can go out on it now
                self.port.snap_up(pvc.interface)
        elif status not in USABLE:
            for table in self.dynamic.values():
                for address in [a for a, d in table.items() if d == pvc.dlci]:
                    del table[address]

    # -- subinterfaces --------------------------------------------------------------------------
    def subinterface_up(self, name: str) -> bool:
        """A point-to-point subinterface follows its PVC; a multipoint one is up while one of
        its PVCs is."""
        if not self.port.protocol:
            return False
        statuses = [p.status for p in self.pvcs.values() if p.interface == name]
        return any(s in USABLE for s in statuses) or (not statuses and not self._point_to_point(name))

    def _point_to_point(self, name: str) -> bool:
        return bool(self.node.config.interfaces[name].point_to_point)

    def _subinterfaces_changed(self) -> None:
        for iface in self.node.config.interfaces.subinterfaces(self.port_name):
            up = not iface.shutdown and self.subinterface_up(iface.name)
            if self._subinterfaces.get(iface.name, False) != up:
                self._subinterfaces[iface.name] = up
                self.node.ip.flush_interface(iface.name)
                self.node.log(self.port.lineproto("up" if up else "down", iface.name))
                if up:
                    self.port.snap_up(iface.name)

    # -- sending ------------------------------------------------------------------------------
    def transmit(self, interface: str, hop: IPv4Address, packet: Ipv4) -> None:
        """Send an IP packet out of `interface` (this line or one of its subinterfaces) to
        `hop`: on the DLCI its map names, or onto every broadcast PVC."""
        iface = self.node.config.interfaces[interface]
        if self.node.ip.is_broadcast(hop, interface):
            for dlci, ietf in self._broadcast_dlcis(iface):
                self.broadcasts += self._send_ip(dlci, ietf, packet, broadcast=True)
            return
        target = self._dlci_for(iface, hop)
        if target is None:
            self._packet_debug(f"{self.port_name}:encaps failed--no map entry link 7(IP)")
            return
        self._send_ip(*target, packet)

    def _dlci_for(self, iface, hop: IPv4Address) -> tuple[int, bool] | None:
        if iface.point_to_point:
            return self._own_dlci(iface)
        entry = iface.fr.map_for(hop)
        if entry is not None:
            return entry.dlci, self._ietf(entry.encapsulation)
        dlci = self.dynamic.get(iface.name, {}).get(hop)
        return None if dlci is None else (dlci, self.settings.ietf)

    def _own_dlci(self, iface) -> tuple[int, bool] | None:
        """A point-to-point subinterface's one DLCI, with its encapsulation."""
        dlci = next((p.dlci for p in self.pvcs.values() if p.interface == iface.name), None)
        return None if dlci is None else (dlci, self._ietf(dict(iface.fr.dlci_encapsulations).get(dlci)))

    def _broadcast_dlcis(self, iface) -> list[tuple[int, bool]]:
        if iface.point_to_point:
            target = self._own_dlci(iface)
            return [target] if target else []
        found = {m.dlci: self._ietf(m.encapsulation) for m in iface.fr.maps if m.broadcast}
        for dlci in self.dynamic.get(iface.name, {}).values():
            found.setdefault(dlci, self.settings.ietf)
        return list(found.items())

    def _ietf(self, encapsulation: str | None) -> bool:
        return self.settings.ietf if encapsulation is None else encapsulation == "ietf"

    def _send_ip(self, dlci: int, ietf: bool, packet: Ipv4, broadcast: bool = False) -> int:
        pvc = self.pvcs.get(dlci)
        frame = FrFrame(dlci, packet, ietf)
        if pvc is None or pvc.status not in USABLE:
            if pvc is not None:
                pvc.counters.out_pkts_dropped += 1
                pvc.counters.out_bytes_dropped += len(frame)
            return 0
        self._count_out(pvc, frame, broadcast)
        self._packet_debug(packet_line, pvc.interface, "o", frame)
        self.port.send(frame)
        return 1

    def transmit_snap(self, interface: str, pid: int, data: bytes) -> int | None:
        """A Cisco layer-2 protocol's PDU (CDP) out of `interface` onto each PVC that takes
        its broadcasts (a point-to-point subinterface's DLCI, the maps with `broadcast`,
        those Inverse ARP learned), in each PVC's encapsulation; 0 where none of them is
        usable, None where the interface has none."""
        iface = self.node.config.interfaces.get(interface)
        targets = self._broadcast_dlcis(iface) if iface is not None else []
        if not targets:
            return None
        sent = 0
        for dlci, ietf in targets:
            pvc = self.pvcs.get(dlci)
            if pvc is None or pvc.status not in USABLE:
                continue
            frame = FrFrame(dlci, snap_payload(pid, data, ietf))
            self._count_out(pvc, frame, broadcast=True)
            self.broadcasts += 1
            self.port.send(frame)
            sent += 1
        return sent

    def _count_out(self, pvc: Pvc, frame: FrFrame, broadcast: bool) -> None:
        counters = pvc.counters
        size = len(frame)
        counters.output_pkts += 1
        counters.out_bytes += size
        if broadcast:
            counters.out_bcast_pkts += 1
            counters.out_bcast_bytes += size
        counters.out_fecn += frame.fecn
        counters.out_becn += frame.becn
        counters.out_de += frame.de

    def _packet_debug(self, text, *args) -> None:
        """A `debug frame-relay packet` line: the text, or a function making it of `args`
        (made only while the flag is on)."""
        if "frame-relay packet" in self.node.debugs:
            self.node.log(text(*args) if args else text)

    # -- receiving ------------------------------------------------------------------------------
    def receive(self, frame):
        """Frames of this line: LMI to LMI, Inverse ARP answered, IP handed to the
        interface its PVC belongs to (returns None: this engine delivers itself)."""
        if not isinstance(frame, FrFrame):
            return None
        dlci, payload = frame.dlci, frame.payload
        if dlci in (0, 1023):
            if self.lmi is not None and isinstance(payload, bytes):
                self.lmi.receive(dlci, payload)
            return None
        pvc = self.pvcs.get(dlci)
        if pvc is None:
            return None  # IOS drops a frame on a DLCI it has no PVC for
        counters = pvc.counters
        counters.input_pkts += 1
        counters.in_bytes += len(frame)
        counters.in_fecn += frame.fecn
        counters.in_becn += frame.becn
        counters.in_de += frame.de
        if pvc.route is not None:
            reason = self._switch(pvc, frame)
            if reason is None:
                counters.switched_pkts += 1
            else:
                counters.in_pkts_dropped += 1
                counters.switch_drops[reason] = counters.switch_drops.get(reason, 0) + 1
            return None
        snap = decode_snap(payload) if isinstance(payload, bytes) else None
        if snap is not None:  # CDP, for the interface the PVC belongs to
            if pvc.status in USABLE and self.node.interface_up(pvc.interface):
                self.port.hear_snap(pvc.interface, *snap)
            return None
        if isinstance(payload, bytes):
            inarp = decode_inarp(payload)
            if inarp is not None:
                self._packet_debug(packet_line, self.port_name, "i", frame)
                self._packet_debug(f"{self.port_name}: frame relay INARP received")
                if "frame-relay events" in self.node.debugs:
                    self.node.log(f"{self.port_name}: FR ARP input")
                    for line in hexdump(frame.encode(), self.datagram_start()):
                        self.node.log(line)
                self._inarp_input(pvc, inarp)
            return None
        if (
            not isinstance(payload, Ipv4)
            or pvc.status not in USABLE
            or not self.node.interface_up(pvc.interface)
        ):
            counters.in_pkts_dropped += 1
            return None
        self._packet_debug(packet_line, self.port_name, "i", frame)
        self.node.ip.receive(pvc.interface, payload)
        return None

    def _line(self, interface: str) -> FrameRelayEncapsulation | None:
        """The Frame Relay engine of another line of this router (a switched PVC's far side)."""
        port = self.node.ports.get(interface)
        engine = port.encapsulation if port is not None else None
        return engine if isinstance(engine, FrameRelayEncapsulation) else None

    def _switched_up(self, interface: str, dlci: int) -> bool:
        far = self._line(interface)
        return far is not None and far.running and far.port.protocol and dlci in far.pvcs

    def _switch(self, pvc: Pvc, frame: FrFrame) -> str | None:
        """Switch a frame onto the route's line and DLCI, or say why not (the drop counter of
        `show frame-relay pvc`); the congestion bits go through unchanged."""
        if pvc.status not in USABLE:
            return "in PVC down"
        interface, dlci = pvc.route
        far = self._line(interface)
        if far is None:
            return "no out intf"
        if not far.port.protocol:
            return "out intf down"
        out_pvc = far.pvcs.get(dlci)
        if out_pvc is None:
            return "no out PVC"
        if out_pvc.status not in USABLE:
            return "out PVC down"
        out = FrFrame(dlci, frame.payload, frame.ietf, frame.fecn, frame.becn, frame.de)
        far._count_out(out_pvc, out, broadcast=False)
        far.port.send(out)
        return None

    # -- Inverse ARP (RFC 2390) --------------------------------------------------------------------
    def _inarp_interface(self, pvc: Pvc):
        """The interface a PVC's Inverse ARP learns for, or None where it does not
        (point-to-point subinterfaces, `no frame-relay inverse-arp`, a static map on the
        DLCI, no address)."""
        iface = self.node.config.interfaces.get(pvc.interface)
        if iface is None or iface.point_to_point or not iface.fr.inverse_arp or pvc.route is not None:
            return None
        if any(m.dlci == pvc.dlci for m in iface.fr.maps):
            return None
        return iface if self.node.ip.address_on(iface.name) is not None else None

    def _start_inarp(self) -> None:
        if self._inarp is None:
            self._inarp = self.scheduler.call_later(INARP_INTERVAL, self._inarp_round)

    def _stop_inarp(self) -> None:
        if self._inarp is not None:
            self._inarp.cancel()
            self._inarp = None

    def _inarp_round(self) -> None:
        self._inarp = self.scheduler.call_later(INARP_INTERVAL, self._inarp_round)
        now = self.scheduler.now
        for pvc in self.pvcs.values():  # one request a minute (not a second one just after ACTIVE)
            if pvc.status in USABLE and (pvc.inarp_at is None or now - pvc.inarp_at >= INARP_INTERVAL):
                self._inarp_request(pvc)

    def _inarp_request(self, pvc: Pvc) -> None:
        if not self.port.protocol:
            return
        iface = self._inarp_interface(pvc)
        if iface is None:
            return
        own = self.node.ip.address_on(iface.name)
        pvc.inarp_at = self.scheduler.now
        self._events_debug(f"{self.port_name}: preparing IP inarp on {pvc.dlci}")
        request = InArp(INARP_REQUEST, frame_address(pvc.dlci), own, 0, IPv4Address(0))
        self._send_control(pvc, request.encode(), queued=True)

    def _send_control(self, pvc: Pvc, data: bytes, queued: bool = False) -> None:
        """Send an Inverse ARP packet; `debug frame-relay packet` shows a request again as
        it leaves the broadcast queue."""
        frame = FrFrame(pvc.dlci, data)
        self._count_out(pvc, frame, broadcast=True)
        self.broadcasts += 1
        self._packet_debug(packet_line, pvc.interface, "o", frame)
        if queued:
            self._packet_debug("broadcast dequeue")
            self._packet_debug(
                f"{pvc.interface}(o):Pkt sent on dlci {pvc.dlci}(0x{frame_address(pvc.dlci):X}), "
                f"pkt encaps 0x300 0x8000 0x0 0x806 (ARP), datagramsize {len(frame)}"
            )
        self.port.send(frame)

    def _inarp_input(self, pvc: Pvc, packet: InArp) -> None:
        """A request is answered from the address of the PVC's interface (whatever its
        maps); what the far end says of its address becomes a dynamic map where Inverse
        ARP learns."""
        self._events_debug(f"{self.port_name}: inarp received on {pvc.dlci}")
        own = self.node.ip.address_on(pvc.interface)
        if own is None or pvc.route is not None:
            return
        if self._inarp_interface(pvc) is not None and packet.sender_ip not in (own, IPv4Address(0)):
            table = self.dynamic.setdefault(pvc.interface, {})
            if table.get(packet.sender_ip) != pvc.dlci:  # the same map again (every minute) changes nothing
                table[packet.sender_ip] = pvc.dlci
                self.node.ip.invalidate()
        if packet.op == INARP_REQUEST:
            reply = InArp(INARP_REPLY, 0, own, packet.sender_hw, packet.sender_ip)
            self._send_control(pvc, reply.encode())

    def clear_inarp(self, interface: str | None = None) -> None:
        """`clear frame-relay inarp`: the maps Inverse ARP learned are gone (learned again
        at the next request)."""
        for name in list(self.dynamic):
            if interface is None or name == interface:
                del self.dynamic[name]
        self.node.ip.invalidate()

    def _events_debug(self, text: str) -> None:
        if "frame-relay events" in self.node.debugs:
            self.node.log(text)


def frame_address(dlci: int) -> int:
    """The Q.922 address as IOS's packet debug prints it (102 -> 0x1861)."""
    return q922(dlci) | 1


def packet_line(interface: str, direction: str, frame: FrFrame) -> str:
    """A frame as `debug frame-relay packet` shows it, `o`ut or `i`n: IP by its Ethertype
    (named on output only) or, IETF, by its NLPID; Inverse ARP by its SNAP header."""
    if isinstance(frame.payload, bytes):
        kind = "pkt encaps 0x0300 0x8000 0x0000 0x806 (ARP)"
    elif frame.ietf:
        kind = "NLPID 0x3CC(IP)"
    else:
        kind = "pkt type 0x800(IP)" if direction == "o" else "pkt type 0x800"
    dlci = frame.dlci
    return (
        f"{interface}({direction}): dlci {dlci}(0x{frame_address(dlci):X}), {kind}, datagramsize {len(frame)}"
    )
