"""Per-interface traffic counters, as `show interfaces` reports them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

LOAD_INTERVAL = 5.0  # IOS samples the counters every 5 seconds ...
RATE_WINDOW = 300.0  # ... into exponentially decaying "5 minute" averages (`load-interval`)


@dataclass(slots=True)
class Rates:
    """The decaying averages of one direction, brought up to date when someone looks."""

    bits: float = 0.0
    packets: float = 0.0
    sampled_at: float = 0.0
    bytes_seen: int = 0
    packets_seen: int = 0

    def update(self, now: float, total_bytes: int, total_packets: int, window: float) -> None:
        decay = math.exp(-LOAD_INTERVAL / window)
        intervals = int((now - self.sampled_at) // LOAD_INTERVAL)
        if intervals <= 0:
            return
        # The traffic since the last sample is taken as spread evenly over the intervals.
        bits = (total_bytes - self.bytes_seen) * 8 / (intervals * LOAD_INTERVAL)
        packets = (total_packets - self.packets_seen) / (intervals * LOAD_INTERVAL)
        for _ in range(min(intervals, 1000)):
            self.bits = self.bits * decay + bits * (1 - decay)
            self.packets = self.packets * decay + packets * (1 - decay)
        if intervals > 1000:  # long idle: what is left has decayed to nothing
            self.bits, self.packets = bits, packets
        self.sampled_at += intervals * LOAD_INTERVAL
        self.bytes_seen, self.packets_seen = total_bytes, total_packets


@dataclass(slots=True)
class InterfaceCounters:
    packets_in: int = 0
    bytes_in: int = 0
    broadcasts_in: int = 0  # with the multicasts: IOS counts both as broadcasts
    multicasts_in: int = 0  # layer-2 multicasts (CDP's)
    crc_errors: int = 0  # frames that arrived damaged (a link's `loss`)
    packets_out: int = 0
    bytes_out: int = 0
    resets: int = 0
    carrier_transitions: int = 0
    last_input_at: float | None = None
    last_output_at: float | None = None
    cleared_at: float | None = None
    rate_in: Rates = field(default_factory=Rates)
    rate_out: Rates = field(default_factory=Rates)

    @property
    def input_errors(self) -> int:
        return self.crc_errors

    def rates(self, now: float, window: float = RATE_WINDOW) -> tuple[Rates, Rates]:
        """The input and output averages as of `now` over `window` seconds (IOS's
        `5 minute ... rate`, or the interface's `load-interval`)."""
        self.rate_in.update(now, self.bytes_in, self.packets_in, window)
        self.rate_out.update(now, self.bytes_out, self.packets_out, window)
        return self.rate_in, self.rate_out


def since(now: float, then: float | None) -> str:
    """IOS's elapsed-time field: never, 00:00:07, 1d02h, 3w2d."""
    if then is None:
        return "never"
    seconds = int(now - then)
    if seconds < 86400:
        return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    days, hours = seconds // 86400, seconds // 3600 % 24
    if days < 7:
        return f"{days}d{hours:02d}h"
    return f"{days // 7}w{days % 7}d"
