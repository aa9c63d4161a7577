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
    last_input: str = "never"
    last_output: str = "never"
    rate_in_bits: int = 0
    rate_in_packets: int = 0
    rate_out_bits: int = 0
    rate_out_packets: int = 0
