"""The pcapng format (draft-ietf-opsawg-pcapng): a section header, one interface
description per link type, an enhanced packet block per frame. Little-endian, microsecond
timestamps; nothing in the bytes depends on the wall clock, so a run writes the same file
every time."""

from __future__ import annotations

import struct

SHB, IDB, EPB = 0x0A0D0D0A, 0x00000001, 0x00000006
BYTE_ORDER_MAGIC = 0x1A2B3C4D
OPT_END, OPT_COMMENT = 0, 1
SHB_USERAPPL = 4
IF_NAME, IF_DESCRIPTION = 2, 3
EPB_FLAGS = 2
INBOUND, OUTBOUND = 1, 2  # epb_flags' direction bits, as the capturing end sees the frame
SNAPLEN = 262144  # tcpdump's default: no frame of a serial line or an Ethernet comes near it

# The pcap link types a frame's encapsulation maps to (tcpdump.org/linktypes.html).
EN10MB, PPP_SERIAL, C_HDLC, FRELAY = 1, 50, 104, 107


def _option(code: int, value: bytes) -> bytes:
    return struct.pack("<HH", code, len(value)) + value + bytes(-len(value) % 4)


def _options(*pairs: tuple[int, bytes]) -> bytes:
    return b"".join(_option(code, value) for code, value in pairs) + struct.pack("<HH", OPT_END, 0)


def _block(kind: int, body: bytes) -> bytes:
    length = 12 + len(body)
    return struct.pack("<II", kind, length) + body + struct.pack("<I", length)


def section_header(application: str) -> bytes:
    body = struct.pack("<IHHq", BYTE_ORDER_MAGIC, 1, 0, -1)
    return _block(SHB, body + _options((SHB_USERAPPL, application.encode())))


def interface_description(linktype: int, name: str, description: str) -> bytes:
    body = struct.pack("<HHI", linktype, 0, SNAPLEN)
    return _block(IDB, body + _options((IF_NAME, name.encode()), (IF_DESCRIPTION, description.encode())))


def enhanced_packet(interface: int, microseconds: int, data: bytes, direction: int) -> bytes:
    head = struct.pack(
        "<IIIII", interface, microseconds >> 32, microseconds & 0xFFFFFFFF, len(data), len(data)
    )
    padded = data + bytes(-len(data) % 4)
    return _block(EPB, head + padded + _options((EPB_FLAGS, struct.pack("<I", direction))))


def read(raw: bytes) -> list[tuple[int, int, int, bytes, int]]:
    """The packets of a pcapng file this module wrote: (link type, interface, microseconds,
    data, direction) each. ValueError for anything else."""
    at, linktypes, packets = 0, [], []
    while at < len(raw):
        if at + 12 > len(raw):
            raise ValueError(f"a truncated block at byte {at}")
        kind, length = struct.unpack_from("<II", raw, at)
        if length < 12 or length % 4 or at + length > len(raw):
            raise ValueError(f"a block of length {length} at byte {at}")
        if kind == SHB and struct.unpack_from("<I", raw, at + 8)[0] != BYTE_ORDER_MAGIC:
            raise ValueError("not a little-endian section")
        if kind == IDB:
            linktypes.append(struct.unpack_from("<H", raw, at + 8)[0])
        elif kind == EPB:
            interface, high, low, captured, _ = struct.unpack_from("<IIIII", raw, at + 8)
            data = raw[at + 28 : at + 28 + captured]
            flags_at = at + 28 + captured + (-captured % 4)
            code, _ = struct.unpack_from("<HH", raw, flags_at)
            direction = struct.unpack_from("<I", raw, flags_at + 4)[0] & 3 if code == EPB_FLAGS else 0
            packets.append((linktypes[interface], interface, high << 32 | low, data, direction))
        at += length
    return packets
