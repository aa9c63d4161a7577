"""The operational side of one interface: carrier, status, line protocol and the layer-2
engine that keeps it (HDLC keepalives on serial lines), with the syslog lines IOS prints
at each change; a serial line's internal loop (`loopback`)."""

from __future__ import annotations

from iosemu.config.interface import short_name
from iosemu.protocols.ip.pdu import BROADCAST_MAC, Arp, Ethernet, Ipv4
from iosemu.protocols.snap import CISCO_MULTICAST, Snap
from iosemu.sim.counters import InterfaceCounters
from iosemu.sim.encapsulations import ENGINES
from iosemu.sim.link import End

LINK_UP_DELAY = 2.0  # `no shutdown` -> %LINK-3-UPDOWN up
PROTOCOL_DELAY = 1.0  # %LINK -> %LINEPROTO
LOOP_CLOCK = 2_000_000  # bits/s of a serial line's internal loop without a clock rate of its own


_OWN_CARRIER = ("loopback", "null", "dialer")  # interfaces up without a cable (a Dialer: spoofing)
_AT_ONCE = ("multilink", "virtual-access", "virtual-ppp")  # up once what carries them is (a call, a member)
_UNLOGGED = ("virtual-template",)  # no line of its own: its state changes unannounced


class Port:
    # A router has one for each interface (100,000 loopbacks: 100,000 ports): kept small.
    __slots__ = (
        "_loop_busy",
        "attached",
        "_pending",
        "_reports",
        "_starting",
        "admin_up",
        "config",
        "counters",
        "encapsulation",
        "end",
        "keepalive",
        "kind",
        "link",
        "looped",
        "mac",
        "name",
        "negotiated",
        "node",
        "peer_route",
        "protocol",
        "short_name",
        "status",
    )

    def __init__(self, node, name: str, kind: str, mac: int = 0):
        self.node = node
        self.mac = mac
        self.name = name
        self.short_name = short_name(name)
        self.kind = kind
        self.config = None  # the interface's configuration, as last reconciled
        self.peer_route = None  # the peer's address that layer 2 learned (PPP's IPCP)
        self.negotiated = None  # an address this end was given (`ip address negotiated`)
        self.end = End(node, name)
        self.link = None
        self.admin_up: bool | None = None
        self.status: str | None = None  # None until the hardware has reported once
        self.protocol = False
        self.counters = InterfaceCounters()
        self._pending = None  # the next carrier evaluation
        self._starting = None  # layer 2 coming up
        self._reports = None  # line protocol syslog lines still to come: [(timer, line)]
        self.encapsulation = None  # the engine of a serial line (HDLC, later PPP, Frame Relay)
        self.keepalive: int | None = 10
        self.looped = False  # `loopback`: what the line sends comes back to it, the cable unheard
        self._loop_busy = 0.0  # when the last frame sent round the loop is all sent
        # An attachment circuit's owner (sim/l2tpv3.py): `take(port, frame)` takes the frames of
        # an xconnected interface (True: taken), `circuit_changed(port)` hears the line protocol.
        self.attached = None

    def close(self) -> None:
        """The interface is gone (removed, or the router reloads): stop everything it runs."""
        for timer in (self._pending, self._starting):
            if timer is not None:
                timer.cancel()
        self._pending = self._starting = None
        if self.encapsulation is not None:
            self.encapsulation.stop()
        if self.link is not None and self.admin_up:
            self.link.raise_signals(self.end, False)
        self.admin_up = None
        self.protocol = False
        self.status = None

    # -- configuration and carrier ---------------------------------------------------------
    def reconcile(self, config) -> None:
        self.config = config
        admin_up = not config.shutdown
        self.keepalive = config.keepalive
        if self.kind == "serial":
            self._use_encapsulation(config.encapsulation)
            self._use_loopback(config.loopback)
        elif self.kind == "multilink":
            self._use_encapsulation("multilink")
            self.link = self.encapsulation  # the bundle is the interface's cable too
        elif self.kind in ENGINES:  # an interface that runs one encapsulation (a Virtual-Access)
            self._use_encapsulation(self.kind)
        if admin_up == self.admin_up:
            return
        first = self.admin_up is None
        self.admin_up = admin_up
        if self.link is not None:
            self.link.raise_signals(self.end, admin_up)
        slow = (admin_up or first) and self.kind not in _OWN_CARRIER and not self._carried()
        self._schedule(LINK_UP_DELAY if slow else 0)

    def _carried(self) -> bool:
        """One of _AT_ONCE whose carrier is up already (a Virtual-Access cloned for its call, a
        bundle whose members stayed up): no hardware to wait for."""
        return self.kind in _AT_ONCE and self.link is not None and self.link.carrier(self.end)

    def carrier_changed(self) -> None:
        if self.admin_up:
            slow = self.link.carrier(self.end) and self.kind not in _AT_ONCE  # a bundle's first member
            self._schedule(LINK_UP_DELAY if slow else 0)

    def _schedule(self, delay: float) -> None:
        if self._pending is not None:
            self._pending.cancel()
        self._pending = None
        if delay:
            self._pending = self.node.scheduler.call_later(delay, self._evaluate)
        else:
            self._evaluate()

    def _target(self) -> str:
        if not self.admin_up:
            return "administratively down"
        if self.kind in _OWN_CARRIER or self.looped:  # a looped line is its own carrier
            return "up"
        if self.link is None or not self.link.carrier(self.end):
            return "down"
        return "up"

    def _evaluate(self) -> None:
        self._pending = None
        new, old = self._target(), self.status
        if new == old:
            return
        self.status = new
        if old == "up":
            self.counters.carrier_transitions += 1
        if self.kind in _UNLOGGED:
            return
        log = self.node.log
        if new == "administratively down":
            log(f"%LINK-5-CHANGED: Interface {self.name}, changed state to administratively down")
            self._stop_layer2(log_delay=PROTOCOL_DELAY if self.protocol or old is None else None)
        elif new == "up":
            if self.kind == "null":  # Null0 is up from the start, without a word
                self.protocol = True
            elif self.kind != "loopback":
                log(f"%LINK-3-UPDOWN: Interface {self.name}, changed state to up")
                self._starting = self.node.scheduler.call_later(PROTOCOL_DELAY, self._start_layer2)
            else:
                self.set_protocol(True)
        else:
            log(f"%LINK-3-UPDOWN: Interface {self.name}, changed state to down")
            self._stop_layer2(log_delay=0 if self.protocol or old is None else None)

    # -- layer 2 -----------------------------------------------------------------------------
    def _use_encapsulation(self, name: str) -> None:
        """Run the configured encapsulation; a change restarts the line protocol."""
        current = self.encapsulation
        if current is not None and type(current) is ENGINES[name]:
            current.set_keepalive(self.keepalive)
            return
        running = self.status == "up" and self._starting is None
        if current is not None:  # IOS resets the interface for the new encapsulation
            current.stop()
            self.counters.resets += 1
            if self.protocol:
                self.set_protocol(False)
        self.encapsulation = ENGINES[name](self)
        if running:
            self.encapsulation.start(self.keepalive)

    def _use_loopback(self, looped: bool) -> None:
        """`loopback` / `no loopback`: the line carries its own frames back, up without a cable."""
        if looped != self.looped:
            self.looped = looped
            if self.admin_up:
                self._schedule(LINK_UP_DELAY if looped else 0)

    def _start_layer2(self) -> None:
        self._starting = None
        if self.encapsulation is not None:
            self.encapsulation.start(self.keepalive)
        else:
            self.set_protocol(True)

    def _stop_layer2(self, log_delay: float | None) -> None:
        if self._starting is not None:
            self._starting.cancel()
            self._starting = None
        if self.encapsulation is not None:
            self.encapsulation.stop()
        if self.protocol:
            self.protocol = False
            self.node.ip.flush_interface(self.name)
            if self.attached is not None:
                self.attached.circuit_changed(self.name)
        if log_delay is not None:
            message = self.lineproto("down")
            if log_delay:
                self.node.scheduler.call_later(log_delay, lambda: self.node.log(message))
            else:
                self.node.log(message)

    def set_protocol(self, up: bool, report_after: float = 0.0) -> None:
        """The line protocol changes; its syslog line now, or `report_after` seconds later
        (IOS 15 reports a PPP line's changes from a background process: see ppp/encapsulation.py)."""
        if up == self.protocol:
            return
        self.protocol = up
        self.node.ip.flush_interface(self.name)
        if up and self.kind != "null":
            self.snap_up(self.name)
        if self.attached is not None:
            self.attached.circuit_changed(self.name)
        message = self.lineproto("up" if up else "down")
        if report_after:  # every late report waits as long: they come in turn
            timer = self.node.scheduler.call_later(report_after, self._report)
            self._reports = (self._reports or []) + [(timer, message)]
        else:
            self.node.log(message)

    def _report(self) -> None:
        (_, message), *self._reports = self._reports
        self.node.log(message)

    def settle_reports(self) -> None:
        """The interface is going away: its late line protocol reports are given now, the
        state they end in only if it differs from the one last logged (an up and a down that
        cancel out are never logged, as IOS logs nothing of a Virtual-Access's failed call)."""
        pending, self._reports = self._reports or [], None
        for timer, _ in pending:
            timer.cancel()
        if len(pending) % 2:  # each report is a change: an odd count changes what was logged
            self.node.log(pending[-1][1])

    def subinterface_up(self, name: str) -> bool:
        """Whether the encapsulation carries a subinterface (Frame Relay: by its PVCs; the
        others carry them as the line itself)."""
        engine = self.encapsulation
        return engine is None or not hasattr(engine, "subinterface_up") or engine.subinterface_up(name)

    def set_peer_route(self, address) -> None:
        """Layer 2 learned (or lost) the peer's address: a host route to it (IPCP)."""
        if address != self.peer_route:
            self.peer_route = address
            self.node.ip.invalidate()

    def set_negotiated(self, address) -> None:
        if address != self.negotiated:
            self.negotiated = address
            self.node.ip.invalidate()

    def lineproto(self, state: str, name: str | None = None) -> str:
        """IOS's line-protocol syslog line for this interface (or one of its subinterfaces)."""
        return (
            f"%LINEPROTO-5-UPDOWN: Line protocol on Interface {name or self.name}, changed state to {state}"
        )

    # -- frames ------------------------------------------------------------------------------
    def send(self, frame) -> None:
        size = len(frame)
        counters = self.counters
        counters.packets_out += 1
        counters.bytes_out += size
        counters.last_output_at = now = self.node.scheduler.now
        if self.looped and self.status == "up":  # round the loop, one frame after the other
            done = max(self._loop_busy, now) + size * 8 / (self.config.clock_rate or LOOP_CLOCK)
            self._loop_busy = done
            self.node.scheduler.call_later(done - now, self.receive, frame, size, True)
        elif self.link is not None and self.status == "up":
            self.link.carry(self.end, frame, size)

    def send_snap(self, interface: str, pid: int, data: bytes) -> int | None:
        """A Cisco layer-2 protocol's PDU (CDP) out of this line or a subinterface, by
        whatever carries it: an Ethernet port sends it as SNAP to Cisco's multicast, a
        serial line's engine as its encapsulation does. The frames sent, or None where the
        line does not carry it now (an Ethernet subinterface, PPP without CDPCP)."""
        if self.encapsulation is not None:
            return self.encapsulation.transmit_snap(interface, pid, data)
        if self.kind != "ethernet" or interface != self.name:
            return None
        snap = Snap(pid, data)
        self.send(Ethernet(CISCO_MULTICAST, self.mac, len(snap), snap))
        return 1

    def hear_snap(self, interface: str, pid: int, data: bytes) -> None:
        """A Cisco layer-2 protocol's PDU arrived for `interface`: to the protocol the node
        runs for that SNAP id (`node.snap_protocols`), if it runs one."""
        protocol = self.node.snap_protocols.get(pid)
        if protocol is not None:
            protocol.receive(interface, data)

    def snap_up(self, interface: str) -> None:
        """`interface` can carry Cisco's layer-2 protocols now (its line protocol came up, or
        PPP's CDPCP opened): each the node runs hears of it (CDP advertises at once)."""
        for protocol in self.node.snap_protocols.values():
            protocol.interface_up(interface)

    def receive_error(self) -> None:
        """A frame arrived damaged: its checksum fails, and it goes no further."""
        if self.status == "up" and not self.looped:
            self.counters.crc_errors += 1

    def receive(self, frame, size: int, looped: bool = False) -> None:
        """A frame off the cable, or (`looped`) one this line sent round its loop."""
        if self.status != "up" or looped != self.looped:
            return
        counters = self.counters
        counters.packets_in += 1
        counters.bytes_in += size
        counters.last_input_at = self.node.scheduler.now
        ip = self.node.ip
        if self.encapsulation is not None:  # it counts the broadcasts it knows
            packet = self.encapsulation.receive(frame)
            if packet is not None and self.protocol:
                ip.receive(self.name, packet)
        elif self.attached is not None and self.attached.take(self.name, frame):
            return  # into the pseudowire
        elif isinstance(frame, Ethernet) and frame.dst == CISCO_MULTICAST:  # one compare for the others
            counters.broadcasts_in += 1
            counters.multicasts_in += 1
            if isinstance(frame.payload, Snap) and frame.vlan is None:
                self.hear_snap(self.name, frame.payload.pid, frame.payload.data)
        elif isinstance(frame, Ethernet) and frame.dst in (self.mac, BROADCAST_MAC):
            if frame.dst == BROADCAST_MAC:
                counters.broadcasts_in += 1
            interface = self.node.interface_for_vlan(self.name, frame.vlan)
            if interface is None or not self.node.interface_up(interface):
                return
            if isinstance(frame.payload, Arp):
                ip.arp_input(interface, frame.payload)
            elif isinstance(frame.payload, Ipv4):
                ip.receive(interface, frame.payload)
            else:  # another Ethertype: to what the node runs for it (`node.ethertypes`), if anything
                taker = self.node.ethertypes.get(frame.ethertype)
                if taker is not None:
                    taker(interface, frame)
