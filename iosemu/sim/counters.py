"""Per-interface traffic counters, as `show interfaces` reports them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InterfaceCounters:
    packets_in: int = 0
    bytes_in: int = 0
    broadcasts_in: int = 0
    packets_out: int = 0
    bytes_out: int = 0
    resets: int = 0
    carrier_transitions: int = 0
    last_input_at: float | None = None
    last_output_at: float | None = None
    cleared_at: float | None = None


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
