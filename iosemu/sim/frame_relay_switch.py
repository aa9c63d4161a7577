"""A Frame Relay switch node (`kind: frame-relay-switch`): the carrier's cloud. Each port
is the DCE of a router's serial line, clocks it, and runs LMI with it (its own type); the
PVC table cross-connects (port, DLCI) pairs.

A PVC is reported active to one end while the far end is live (its line up, its LMI not
failed: a router polling on a live cable). A PVC with a CIR is policed at the port it
enters, in virtual time, as ITU I.370 puts it: in each interval Tc = Bc/CIR the network
carries Bc bits as committed, the next Be bits marked discard eligible (DE), and discards
the rest. Here the two buckets fill continuously, the committed one at the CIR, the excess
one at Be per Tc, so a steady (1 + Be/Bc) x CIR gets through, the part above the CIR
marked DE. A port whose output queue (bytes not yet sent on its line) fills past half sets
FECN on what it sends and BECN on what comes back through it (the way to the senders that
fill it); a frame that does not fit is dropped, a DE frame already past three quarters.
"""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.protocols.frame_relay.lmi import LmiDce
from iosemu.protocols.frame_relay.pdu import ACTIVE, FrFrame
from iosemu.sim.link import End

# A port's output buffer: forty 1,500-byte frames, counted in bytes (a burst of small ones,
# a hundred spokes' Inverse ARP at once, fits).
QUEUE_BYTES = 40 * 1500
CONGESTED = QUEUE_BYTES // 2  # past this, FECN/BECN
DE_LIMIT = QUEUE_BYTES * 3 // 4  # past this, DE frames are dropped


class Policer:
    """The committed and the excess token buckets of one direction of a PVC."""

    def __init__(self, cir: int, bc: int, be: int):
        self.cir, self.bc, self.be = cir, bc, be
        self.eir = be * cir / bc  # the excess bucket's rate: Be bits per Tc
        self.committed, self.excess = float(bc), float(be)
        self.at = 0.0

    def judge(self, now: float, bits: int) -> str | None:
        """'pass', 'de' (to be marked discard eligible) or None (to be discarded)."""
        elapsed, self.at = now - self.at, now
        self.committed = min(self.bc, self.committed + elapsed * self.cir)
        self.excess = min(self.be, self.excess + elapsed * self.eir)
        if self.committed >= bits:
            self.committed -= bits
            return "pass"
        if self.excess >= bits:
            self.excess -= bits
            return "de"
        return None


@dataclass
class Circuit:
    """One direction of a PVC: in at a port's DLCI, out at another port's DLCI."""

    out: SwitchPort
    out_dlci: int
    policer: Policer | None


class SwitchPort:
    """A port: the DCE of one router's line (the owner its LMI reports to)."""

    def __init__(self, switch: FrameRelaySwitch, name: str, lmi_type: str, clock_rate: int):
        self.switch = switch
        self.scheduler = switch.scheduler
        self.port_name = name
        self.end = End(switch, name)
        self.clock_rate = clock_rate
        self.link = None
        self.lmi = LmiDce(self, lmi_type)
        self.running = False
        self.circuits: dict[int, Circuit] = {}  # by the DLCI frames come in on
        self.debugging = False  # a switch node has no console to debug on

    def debug(self, text: str) -> None:
        """A switch node has no console."""

    # -- LMI's owner ----------------------------------------------------------------------
    def send_lmi(self, dlci: int, data: bytes) -> None:
        self.send(FrFrame(dlci, data))

    def lmi_changed(self, up: bool) -> None:
        """The PVCs' far ends learn of it at their next full status."""

    @property
    def live(self) -> bool:
        """The router on this port can take a PVC's traffic: its cable is up and its LMI has
        not failed (up from the moment the line comes up, as on IOS, until polls go missing)."""
        return self.running and (self.lmi.up or not self.lmi.events)

    def pvc_report(self) -> dict[int, int]:
        return {dlci: ACTIVE if circuit.out.live else 0 for dlci, circuit in self.circuits.items()}

    # -- the cable ----------------------------------------------------------------------------
    def carrier_changed(self) -> None:
        up = self.link.carrier(self.end)
        if up and not self.running:
            self.running = True
            self.lmi.start()
        elif not up and self.running:
            self.running = False
            self.lmi.stop()

    def queued(self) -> float:
        """Bytes waiting to go out of the port: the time its line stays busy, at its clock."""
        if self.link is None:
            return 0.0
        busy = self.link.busy_until[self.end] - self.scheduler.now
        return busy * self.clock_rate / 8 if busy > 0 else 0.0

    def send(self, frame: FrFrame) -> None:
        if self.link is not None:
            self.link.carry(self.end, frame, len(frame))


class FrameRelaySwitch:
    kind = "frame-relay-switch"

    def __init__(self, name: str, scheduler, ports, pvcs):
        self.name = name
        self.scheduler = scheduler
        self.ports = {p.name: SwitchPort(self, p.name, p.lmi_type, p.clock_rate) for p in ports}
        for pvc in pvcs:
            for (port, dlci), (out, out_dlci) in ((pvc.a, pvc.b), (pvc.b, pvc.a)):
                policer = Policer(pvc.cir, pvc.bc, pvc.be) if pvc.cir else None
                self.ports[port].circuits[dlci] = Circuit(self.ports[out], out_dlci, policer)

    def attach(self, name: str, link) -> None:
        self.ports[name].link = link

    def boot(self) -> None:
        for port in self.ports.values():
            if port.link is not None:
                port.link.raise_signals(port.end, True)

    def clock_rate(self, name: str) -> int:
        """Every port is a DCE: it clocks its line."""
        return self.ports[name].clock_rate

    def carrier_changed(self, name: str) -> None:
        self.ports[name].carrier_changed()

    def receive_error(self, name: str) -> None:
        """A damaged frame: the switch drops it."""

    def receive(self, name: str, frame, size: int) -> None:
        port = self.ports[name]
        if not isinstance(frame, FrFrame) or not port.running:
            return
        dlci = frame.dlci
        if dlci in (0, 1023):
            if isinstance(frame.payload, bytes):
                port.lmi.receive(dlci, frame.payload)
            return
        circuit = port.circuits.get(dlci)
        if circuit is None:
            return  # no PVC on this DLCI: the network discards it
        out = circuit.out
        if not out.live:
            return  # the PVC is inactive: discarded
        de = frame.de
        if circuit.policer is not None:
            verdict = circuit.policer.judge(self.scheduler.now, len(frame) * 8)
            if verdict is None:
                return  # beyond Bc + Be
            de = de or verdict == "de"
        queued = out.queued()
        if queued + len(frame) > (DE_LIMIT if de else QUEUE_BYTES):
            return  # no room (for a DE frame, past three quarters)
        fecn = frame.fecn or queued >= CONGESTED
        becn = frame.becn or port.queued() >= CONGESTED  # the way back to the source is congested
        out.send(FrFrame(circuit.out_dlci, frame.payload, frame.ietf, fecn, becn, de))
