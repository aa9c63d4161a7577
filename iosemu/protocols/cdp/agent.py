"""The CDP process of one router: an advertisement out of every interface CDP runs on each
`cdp timer` seconds (60), carrying the `cdp holdtime` (180) as its TTL; a neighbour table
whose entries age out when their holdtime runs down; the `show cdp traffic` counters.

The agent knows nothing of ports or encapsulations: its owner (`sim/cdp.py`) says which
interfaces CDP runs on, builds the advertisement of each and sends its bytes."""

from __future__ import annotations

from dataclasses import dataclass, field

from iosemu.protocols.cdp.pdu import CdpPacket, Malformed, decode

DECODED_KEPT = 64  # advertisements remembered decoded: a router hears the same few again and again


@dataclass
class CdpCounters:
    output: int = 0
    input: int = 0
    syntax: int = 0  # Hdr syntax
    checksum: int = 0  # Chksum error
    encaps_failed: int = 0
    no_memory: int = 0
    invalid: int = 0  # Invalid packet
    v1_output: int = 0
    v1_input: int = 0
    v2_output: int = 0
    v2_input: int = 0


@dataclass
class Neighbour:
    interface: str  # ours, where its advertisements arrive
    packet: CdpPacket
    expires_at: float
    timer: object = field(default=None, repr=False)

    def holdtime(self, now: float) -> int:
        """The seconds left, as IOS counts them down."""
        return max(0, int(self.expires_at - now))


class CdpAgent:
    def __init__(self, owner, scheduler):
        # interfaces(), advertisement(interface, ttl, v2) -> bytes, send(interface, data),
        # debugging(flag) -> bool, debug(text)
        self.owner = owner
        self.scheduler = scheduler
        self.neighbours: dict[tuple[str, str], Neighbour] = {}  # (interface, device id) -> entry
        self.counters = CdpCounters()
        self.running = False
        self.period = 60
        self._timer = None
        self._decoded: dict[bytes, CdpPacket] = {}  # what arrived before (a neighbour repeats itself)

    # -- the process ------------------------------------------------------------------------------
    def configure(self, run: bool, period: int) -> None:
        """`cdp run` / `no cdp run` and `cdp timer`: a new period starts counting now; without
        `cdp run` the process stops and its table is gone."""
        if not run:
            if self.running:
                self.running = False
                self._cancel()
                self.clear_table()
            return
        if self.running and period == self.period:
            return
        self.running = True
        self.period = period
        self._cancel()
        self._timer = self.scheduler.call_later(period, self._tick)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _tick(self) -> None:  # (only while running: `configure` cancels it with the process)
        self._timer = self.scheduler.call_later(self.period, self._tick)
        self.advertise()

    def advertise(self) -> None:
        """One advertisement out of every interface CDP runs on (a line that cannot carry
        it now, PPP without CDPCP, sends nothing; one that has nowhere to send it, a Frame
        Relay interface without a PVC, counts an encapsulation failure)."""
        for interface in self.owner.interfaces():
            self.advertise_on(interface)

    def advertise_on(self, interface: str) -> None:
        owner, counters = self.owner, self.counters
        ttl, v2 = owner.holdtime, owner.advertise_v2
        sent = owner.send(interface, owner.advertisement(interface, ttl, v2))
        if sent is None:
            return
        if sent == 0:
            counters.encaps_failed += 1
            return
        if owner.debugging("cdp packets"):
            owner.debug(f"CDP-PA: version {2 if v2 else 1} packet sent out on {interface}")
        counters.output += sent
        if v2:
            counters.v2_output += sent
        else:
            counters.v1_output += sent

    # -- what arrives -----------------------------------------------------------------------------
    def receive(self, interface: str, data: bytes) -> None:
        """An advertisement heard on an interface CDP runs on: its sender enters the table
        (or is refreshed) for the TTL it gives; a TTL of 0 takes it out at once."""
        if not self.running:
            return
        counters = self.counters
        counters.input += 1
        packet = self._decoded.get(data)
        if packet is None:
            try:
                packet = decode(data)
            except Malformed as fault:
                setattr(counters, fault.counter, getattr(counters, fault.counter) + 1)
                return
            if len(self._decoded) >= DECODED_KEPT:
                self._decoded.clear()
            self._decoded[data] = packet
        if packet.version == 2:
            counters.v2_input += 1
        else:
            counters.v1_input += 1
        key = (interface, packet.device_id)
        old = self.neighbours.get(key)
        if self.owner.debugging("cdp packets"):
            self.owner.debug(f"CDP-PA: Packet received from {packet.device_id} on interface {interface}")
            self.owner.debug(f"**Entry {'found' if old is not None else 'NOT found'} in cache**")
        if old is not None:
            old.timer.cancel()
        if packet.ttl == 0:
            self.neighbours.pop(key, None)
            return
        entry = Neighbour(interface, packet, self.scheduler.now + packet.ttl)
        entry.timer = self.scheduler.call_later(packet.ttl, self._expire, key, entry)
        self.neighbours[key] = entry  # a refreshed entry keeps its place in the table

    def _expire(self, key: tuple[str, str], entry: Neighbour) -> None:
        if self.neighbours.get(key) is entry:
            del self.neighbours[key]

    # -- what the console asks ----------------------------------------------------------------------
    def entries(self) -> list[Neighbour]:
        """The table in the order the neighbours were first heard."""
        return list(self.neighbours.values())

    def forget(self, interface: str) -> None:
        """`no cdp enable` on an interface: what it heard there goes."""
        for key in [k for k in self.neighbours if k[0] == interface]:
            self._drop(key)

    def clear_table(self) -> None:
        for key in list(self.neighbours):
            self._drop(key)

    def _drop(self, key) -> None:
        entry = self.neighbours.pop(key)
        if entry.timer is not None:
            entry.timer.cancel()

    def clear_counters(self) -> None:
        self.counters = CdpCounters()
