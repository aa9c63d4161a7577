"""A dialer profile (`interface DialerN`): the interface routes point at, which runs no PPP of
its own. Its line protocol is up (spoofing) while it is not shut; the PPP runs on the
Virtual-Access bound to it for the time of a call (a PPPoE session), which sends what is routed
out of the Dialer and gives it the address and the peer's route IPCP negotiates
(ciscoconfparse/CSR captures: `Dialer1 ... up (spoofing)`, `Interface is bound to Vi1`).
"""

from __future__ import annotations


class DialerProfile:
    name = "dialer"
    shown = "PPP"

    def __init__(self, port):
        self.port = port
        self.bound = None  # the Virtual-Access's port while a call is up
        self.looped = False

    def start(self, keepalive: int | None) -> None:
        self.port.set_protocol(True)  # spoofing: up with or without a call

    def stop(self) -> None:
        """The profile is shut: the port reports its line protocol itself."""

    def set_keepalive(self, period: int | None) -> None:
        """The bound Virtual-Access keeps the keepalives."""

    def transmit(self, interface: str, hop, packet) -> None:
        """Out of the bound Virtual-Access (counted on the Dialer too, as IOS counts it)."""
        bound = self.bound
        if bound is not None and bound.encapsulation is not None:
            counters = self.port.counters
            counters.packets_out += 1
            counters.bytes_out += len(packet)
            bound.encapsulation.transmit(bound.name, hop, packet)

    def transmit_snap(self, interface: str, pid: int, data: bytes) -> int | None:
        return None

    def receive(self, frame):
        return None
