"""The classic libpcap file format (draft-gharris-opsawg-pcap), which `monitor capture
buffer NAME export` writes: one link type for the file, microsecond timestamps, each
packet's captured bytes and its length on the wire. Little-endian, as iosemu writes pcapng."""

from __future__ import annotations

import struct
from collections.abc import Iterable

MAGIC = 0xA1B2C3D4  # microsecond timestamps


def pcap_file(linktype: int, snaplen: int, packets: Iterable[tuple[int, bytes, int]]) -> bytes:
    """The file's bytes: `packets` as (microseconds since the epoch, captured bytes, length)."""
    parts = [struct.pack("<IHHiIII", MAGIC, 2, 4, 0, 0, snaplen, linktype)]
    for stamp, data, length in packets:
        seconds, micros = divmod(stamp, 1_000_000)
        parts.append(struct.pack("<IIII", seconds, micros, len(data), length) + data)
    return b"".join(parts)
