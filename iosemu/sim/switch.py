"""An unmanaged learning Ethernet switch (`kind: switch`): floods what it has not learned,
forwards what it has, on as many ports (eth0, eth1, ...) as the lab cables."""

from __future__ import annotations

from iosemu.protocols.ip.pdu import BROADCAST_MAC
from iosemu.sim.link import End

AGING = 300.0  # seconds a learned address is kept


class Switch:
    kind = "switch"

    def __init__(self, name: str, scheduler):
        self.name = name
        self.scheduler = scheduler
        self.ends: dict[str, tuple[End, object]] = {}  # port -> this end of its cable, and the cable
        self.table: dict[int, tuple[str, float]] = {}  # mac -> (port, learned at)

    def attach(self, name: str, link) -> None:
        self.ends[name] = (End(self, name), link)

    def boot(self) -> None:
        for end, link in self.ends.values():
            link.raise_signals(end, True)

    def carrier_changed(self, name: str) -> None:
        end, link = self.ends[name]
        if not link.carrier(end):
            self.table = {mac: entry for mac, entry in self.table.items() if entry[0] != name}

    def receive_error(self, name: str) -> None:
        """A damaged frame: an unmanaged switch drops it, and counts nothing anyone can see."""

    def receive(self, name: str, frame, size: int) -> None:
        now = self.scheduler.now
        self.table[frame.src] = (name, now)
        known = self.table.get(frame.dst)
        if frame.dst != BROADCAST_MAC and known is not None and now - known[1] < AGING:
            if known[0] != name:
                end, link = self.ends[known[0]]
                link.carry(end, frame, size)
            return
        # A flood: the copies that reach their ends at the same moment go as one event.
        batches: dict[float, list[End]] = {}
        for port, (end, link) in self.ends.items():
            if port != name:
                leaving = link.departure(end, frame, size)
                if leaving is None:
                    continue
                delay, far, damaged = leaving
                if damaged:
                    self.scheduler.call_later(delay, far.device.receive_error, far.interface)
                else:
                    batches.setdefault(delay, []).append(far)
        for delay, ends in batches.items():
            self.scheduler.call_later(delay, _deliver, ends, frame, size)


def _deliver(ends: list[End], frame, size: int) -> None:
    for far in ends:
        far.device.receive(far.interface, frame, size)
