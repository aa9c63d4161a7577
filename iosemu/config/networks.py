"""The networks of the addresses on a device's interfaces, in an index sorted by first
address: which of them a new network overlaps, found with a bisect instead of a walk over
every interface (the `Interfaces` table keeps it in step with every address change)."""

from __future__ import annotations

import bisect
from ipaddress import IPv4Interface, IPv4Network
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iosemu.config.interface import InterfaceConfig


class NetworkIndex:
    """The networks of the addresses on a table's interfaces, by first address: a sorted
    list of first addresses for a bisect, and what begins at each."""

    def __init__(self) -> None:
        self._starts: list[int] = []  # sorted, each once
        self._at: dict[int, list[tuple[int, InterfaceConfig, IPv4Interface]]] = {}  # (last, owner, address)
        self._lengths: dict[int, int] = {}  # prefix length -> how many networks have it

    def add(self, iface: InterfaceConfig) -> None:
        for address in iface.addresses:
            start, last, length = bounds(address.network)
            entries = self._at.get(start)
            if entries is None:
                entries = self._at[start] = []
                bisect.insort(self._starts, start)
            entries.append((last, iface, address))
            self._lengths[length] = self._lengths.get(length, 0) + 1

    def discard(self, iface: InterfaceConfig) -> None:
        for address in iface.addresses:
            length = address.network.prefixlen
            self._lengths[length] -= 1
            if not self._lengths[length]:
                del self._lengths[length]
            start = int(address.network.network_address)
            entries = self._at.get(start)
            if entries is None:
                continue  # the same network twice on the interface: gone already
            kept = [entry for entry in entries if entry[1] is not iface]
            if kept:
                self._at[start] = kept
            else:
                del self._at[start]
                del self._starts[bisect.bisect_left(self._starts, start)]

    def overlapping(self, start: int, last: int, length: int) -> list[tuple[InterfaceConfig, IPv4Interface]]:
        """The addresses whose networks overlap the network from `start` to `last` (`length`
        leading bits)."""
        found = []
        # A network that begins inside this one lies inside it (or, beginning with it, holds it).
        low, high = bisect.bisect_left(self._starts, start), bisect.bisect_right(self._starts, last)
        for begin in self._starts[low:high]:
            found += [(owner, address) for _, owner, address in self._at[begin]]
        # One that begins before it overlaps it only by holding it, and so begins at this
        # network's first address with fewer of its leading bits.
        if not self._lengths or min(self._lengths) >= length:
            return found  # (no network is that short: a router of /32 loopbacks, say)
        shorter = {start & ~(0xFFFFFFFF >> n) for n in self._lengths if n < length}
        shorter.discard(start)
        for begin in shorter:
            found += [(owner, address) for end, owner, address in self._at.get(begin, ()) if end >= start]
        return found


def bounds(network: IPv4Network) -> tuple[int, int, int]:
    """The first and last address of a network, as numbers, and its prefix length."""
    start, length = int(network.network_address), network.prefixlen
    return start, start | 0xFFFFFFFF >> length, length
