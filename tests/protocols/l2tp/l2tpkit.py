"""Two L2TP endpoints, a LAC and an LNS, joined by a wire on the virtual clock that records
every packet (when, who sent it, its bytes) and can be cut."""

from __future__ import annotations

import random

from iosemu.protocols.l2tp import pdu
from iosemu.protocols.l2tp.endpoint import Endpoint
from iosemu.protocols.l2tp.tunnel import Settings
from iosemu.sim.clock import Scheduler

LATENCY = 0.01


class Side:
    """An endpoint's owner: sends over the wire and writes down what the tunnel tells it."""

    def __init__(self, name: str, wire: Wire, settings: Settings | None):
        self.name, self.wire, self.settings = name, wire, settings
        self.events: list[tuple] = []
        self.debugs: list[str] = []
        self.data: list[bytes] = []
        self.accept_calls = True
        self.endpoint = Endpoint(self, wire.scheduler, random.Random(name))

    def send(self, tunnel, raw) -> None:
        self.wire.carry(self.name, raw)

    def accept(self, peer, host_name: str):
        self.events.append(("accept", host_name))
        return self.settings

    def tunnel_up(self, tunnel) -> None:
        self.events.append(("tunnel up", tunnel.remote_name))

    def tunnel_down(self, tunnel, reason: str) -> None:
        self.events.append(("tunnel down", reason))

    def incoming_call(self, session, icrq) -> bool:
        self.events.append(("call", session.serial))
        return self.accept_calls

    def session_up(self, session, message) -> None:
        self.events.append(("session up", session.remote_id != 0))

    def session_down(self, session, result) -> None:
        self.events.append(("session down", result.result))

    def session_data(self, session, payload: bytes) -> None:
        self.data.append(payload)

    def debug(self, text: str) -> None:
        self.debugs.append(text)


class Wire:
    def __init__(self, lac: Settings, lns: Settings | None):
        self.scheduler = Scheduler()
        self.log: list[tuple[float, str, bytes]] = []  # (time, sender, bytes)
        self.cut = False
        self.lac = Side("LAC", self, lac)
        self.lns = Side("LNS", self, lns)

    def carry(self, sender: str, raw: bytes) -> None:
        self.log.append((self.scheduler.now, sender, raw))
        if not self.cut:
            far = self.lns if sender == "LAC" else self.lac
            self.scheduler.call_later(LATENCY, far.endpoint.receive, sender, raw)

    def run(self, seconds: float) -> None:
        self.scheduler.advance(seconds)

    def messages(self, start: int = 0) -> list[tuple[str, str, int, int]]:
        """(sender, message name or ZLB, Ns, Nr) of each control packet from `start` on."""
        out = []
        for _, sender, raw in self.log[start:]:
            packet = pdu.decode(raw) if isinstance(raw, bytes) else None  # a data message
            if isinstance(packet, pdu.Control):
                name = "ZLB" if packet.message is None else packet.message.name
                out.append((sender, name, packet.header.ns, packet.header.nr))
        return out


def lac_settings(**changes) -> Settings:
    return Settings("LAC", **({"secret": b"cisco"} | changes))


def lns_settings(**changes) -> Settings:
    return Settings("LNS", **({"secret": b"cisco"} | changes))
