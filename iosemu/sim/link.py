"""Cables between interfaces.  A serial cable has a DCE end that must supply the clock;
each end raises its modem signals (DTR/RTS) while not shut down, which is what the far
end sees as carrier.  Frames take a little time to cross: serialisation plus latency.

A link may have an error rate (`loss`, the fraction of frames lost, drawn from the link's
own seeded random numbers so that a lab replays the same): a lost frame reaches the far
end damaged, which counts it as an input error (a CRC error) and drops it.

A link may be tapped (`taps`: what a packet capture hangs on it, see iosemu/capture/): each
frame that goes on the wire is handed to every tap with the end it left, the seconds until
it is all at the far end and whether it arrives damaged; an untapped link pays one test per
frame."""

from __future__ import annotations

import random
from typing import NamedTuple

# Seconds of propagation and forwarding per hop: a LAN is quick, a WAN circuit is not.
LAN_LATENCY = 0.0001
WAN_LATENCY = 0.0005


class End(NamedTuple):
    """One end of a cable: a device and its interface (a tuple: ends are compared and
    looked up on every frame)."""

    device: object
    interface: str


LOSS_RULE = "must be a number from 0 to 1 (the fraction of frames lost)"


def check_loss(value) -> float:
    """A link's error rate as given (the topology file, the API, `@loss`), or ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(f"loss {value!r} {LOSS_RULE}")
    return float(value)


class Link:
    kind = "ethernet"
    latency = LAN_LATENCY

    def __init__(self, scheduler, a: End, b: End, rate_bps: int = 100_000_000, seed: str = ""):
        self.scheduler = scheduler
        self.ends = (a, b)
        self.rate_bps = rate_bps
        self.signals = {a: False, b: False}
        self._far = {a: b, b: a}
        self.busy_until = {a: 0.0, b: 0.0}  # when each end's last frame is all on the wire
        self.seed = seed  # of the random numbers that decide which frames are lost
        self._loss = 0.0
        self._rng: random.Random | None = None  # made when a loss is first set
        self.taps: tuple = ()  # callables tap(end, frame, delay, damaged): the captures on this cable

    @property
    def loss(self) -> float:
        """The fraction of frames lost on this cable, each direction (0 to 1)."""
        return self._loss

    @loss.setter
    def loss(self, value: float) -> None:
        self._loss = check_loss(value)
        if self._loss and self._rng is None:
            self._rng = random.Random(self.seed)

    def peer(self, end: End) -> End:
        return self._far[end]

    def raise_signals(self, end: End, on: bool) -> None:
        """An end comes out of (or goes into) shutdown; the far end notices the carrier."""
        if self.signals[end] == on:
            return
        self.signals[end] = on
        far = self.peer(end)
        far.device.carrier_changed(far.interface)

    def carrier(self, end: End) -> bool:
        return self.signals[self._far[end]]

    def rate(self) -> int:
        """Bits per second the cable carries now (0: it carries nothing)."""
        return self.rate_bps

    def clocked(self) -> bool:
        return self.rate() > 0

    def carry(self, end: End, frame, size: int) -> None:
        leaving = self.departure(end, frame, size)
        if leaving is not None:
            delay, far, damaged = leaving
            if damaged:
                self.scheduler.call_later(delay, far.device.receive_error, far.interface)
            else:
                self.scheduler.call_later(delay, far.device.receive, far.interface, frame, size)

    def departure(self, end: End, frame, size: int) -> tuple[float, End, bool] | None:
        """`frame`, of `size` bytes, goes on the wire at `end` (and past the taps): the
        seconds until it is all at the far end, that end, and whether it arrives damaged
        (None: it never leaves, no carrier or no clock). Frames leave one after the other:
        a small frame never overtakes a big one."""
        signals, far = self.signals, self._far[end]
        if not (signals[end] and signals[far]):
            return None
        rate = self.rate()
        if not rate:
            return None
        now = self.scheduler.now
        busy = self.busy_until
        done = (busy[end] if busy[end] > now else now) + size * 8 / rate
        busy[end] = done
        damaged = bool(self._loss) and self._rng.random() < self._loss
        delay = done - now + self.latency
        if self.taps:
            for tap in self.taps:
                tap(end, frame, delay, damaged)
        return delay, far, damaged


class SerialLink(Link):
    """A back-to-back V.35 cable; `dce` is the end that supplies the clock."""

    kind = "serial"
    latency = WAN_LATENCY

    def __init__(self, scheduler, a: End, b: End, dce: End, seed: str = ""):
        super().__init__(scheduler, a, b, rate_bps=0, seed=seed)
        self.dce = dce

    def role(self, end: End) -> str:
        return "DCE" if end == self.dce else "DTE"

    def rate(self) -> int:
        """The DCE's clock rate: without a clock nothing crosses."""
        dce = self.dce
        return dce.device.clock_rate(dce.interface) or 0
