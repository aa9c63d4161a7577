"""Frame Relay frames, LMI messages and Inverse ARP packets, in wire order.

A frame carries its DLCI, the three congestion bits and either bytes (everything after the
Q.922 address: LMI messages and Inverse ARP, exactly as they cross a real line) or an IP
packet object with its encapsulation (Cisco: an Ethertype; IETF, RFC 2427: UI and NLPID).
Control bytes are decoded on arrival, so whatever the far end sends, however malformed,
meets IOS's rules for it here: a `Malformed` names the LMI counter it raises.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from ipaddress import IPv4Address

from iosemu.protocols.ip.pdu import decode_ipv4
from iosemu.protocols.snap import CISCO_OUI

UI = 0x03
NLPID_IP, NLPID_SNAP = 0xCC, 0x80
INARP_SNAP = bytes((UI, 0x00, NLPID_SNAP, 0, 0, 0, 0x08, 0x06))  # RFC 2427 SNAP, PID 0x0806
INARP_PAD = bytes((0x01, 0x02, 0x00, 0x00))  # what IOS sends after the packet (its frames are 34 bytes)
ETHERTYPE_IP = 0x0800
STATUS_ENQUIRY, STATUS = 0x75, 0x7D
FULL, LINK_ONLY = 0x00, 0x01  # report types
NEW, ACTIVE = 0x08, 0x02  # PVC status bits
INARP_REQUEST, INARP_REPLY = 8, 9
FR_HARDWARE = 0x000F


def q922(dlci: int) -> int:
    """The DLCI as IOS shows it beside the number: its Q.922 address with the low bits clear
    (102 -> 0x1860)."""
    return ((dlci >> 4) << 10) | ((dlci & 0xF) << 4)


def address_bytes(dlci: int, fecn=False, becn=False, de=False) -> bytes:
    """The 2-byte Q.922 address on the wire (102 -> 18 61)."""
    low = ((dlci & 0xF) << 4) | fecn << 3 | becn << 2 | de << 1 | 1
    return bytes((((dlci >> 4) & 0x3F) << 2, low))


def decode_frame(raw: bytes) -> FrFrame:
    """A Frame Relay frame from its bytes, without the FCS: the inverse of `FrFrame.encode`
    (an IP packet in either encapsulation, or the control bytes after the address)."""

    if len(raw) < 2 or raw[0] & 1 or not raw[1] & 1:
        raise ValueError("not a 2-byte Q.922 address")
    dlci = (raw[0] >> 2) << 4 | raw[1] >> 4
    bits = {"fecn": bool(raw[1] & 8), "becn": bool(raw[1] & 4), "de": bool(raw[1] & 2)}
    body = raw[2:]
    if body[:2] == struct.pack("!H", ETHERTYPE_IP):
        return FrFrame(dlci, decode_ipv4(body[2:]), False, **bits)
    if body[:2] == bytes((UI, NLPID_IP)):
        return FrFrame(dlci, decode_ipv4(body[2:]), True, **bits)
    return FrFrame(dlci, bytes(body), **bits)


def hexdump(frame: bytes, start: int) -> list[str]:
    """A frame as IOS's Frame Relay debugging dumps it: its buffer address and size, its
    first four bytes as `FR encap`, the rest 16 bytes a line, then an empty line."""
    rest = frame[4:]
    return [
        f"datagramstart = 0x{start:X}, datagramsize = {len(frame)}",
        f"FR encap = 0x{frame[:4].hex().upper()}",
        *(" ".join(f"{b:02X}" for b in rest[at : at + 16]) for at in range(0, len(rest), 16)),
        "",
    ]


@dataclass(slots=True)
class FrFrame:
    """A frame on a Frame Relay line. Plain (not frozen) and slotted: one is made for every
    packet; a switch that marks a frame makes a new one."""

    dlci: int
    payload: object  # bytes (control: LMI, Inverse ARP) or an IP packet object
    ietf: bool = False  # an IP packet's encapsulation (RFC 2427 rather than Cisco's)
    fecn: bool = False
    becn: bool = False
    de: bool = False

    def encode(self) -> bytes:
        head = address_bytes(self.dlci, self.fecn, self.becn, self.de)
        if isinstance(self.payload, bytes):
            return head + self.payload
        kind = bytes((UI, NLPID_IP)) if self.ietf else struct.pack("!H", ETHERTYPE_IP)
        return head + kind + self.payload.encode()

    def __len__(self) -> int:
        """The size IOS counts (its `datagramsize`): the address and the payload, with the
        2-byte encapsulation of an IP packet (a 100-byte ping: 104)."""
        if isinstance(self.payload, bytes):
            return 2 + len(self.payload)
        return 2 + 2 + len(self.payload)


class Malformed(Exception):
    """An LMI message IOS discards; `counter` is the `show frame-relay lmi` field it raises."""

    def __init__(self, counter: str):
        super().__init__(counter)
        self.counter = counter


@dataclass(frozen=True)
class LmiType:
    """What tells the three LMIs apart on the wire."""

    name: str  # as configured: cisco, ansi, q933a
    dlci: int
    discriminator: int  # protocol discriminator after the UI byte
    locking_shift: bool  # ANSI's codeset-5 shift (0x95) before the IEs
    report_ie: int
    keepalive_ie: int
    pvc_ie: int
    shown: str  # `LMI TYPE = ...` in show frame-relay lmi
    interface_shown: str  # `LMI type is ...` in show interfaces


LMI_TYPES = {
    "cisco": LmiType("cisco", 1023, 0x09, False, 0x01, 0x03, 0x07, "CISCO", "CISCO"),
    "ansi": LmiType("ansi", 0, 0x08, True, 0x01, 0x03, 0x07, "ANSI", "ANSI Annex D"),
    "q933a": LmiType("q933a", 0, 0x08, False, 0x51, 0x53, 0x57, "CCITT", "CCITT"),
}
LOCKING_SHIFT = 0x95


@dataclass(slots=True)
class LmiMessage:
    """A Status Enquiry or a Status: the report type, the link-integrity sequence numbers
    (the sender's, and the last it saw of ours), and for a full Status each PVC's DLCI with
    its status bits. Plain and slotted, as FrFrame: four are made at every poll."""

    kind: int  # STATUS_ENQUIRY or STATUS
    report: int  # FULL or LINK_ONLY
    sent: int
    seen: int
    pvcs: tuple[tuple[int, int], ...] = ()

    def encode(self, lmi: LmiType) -> bytes:
        """The bytes after the Q.922 address."""
        out = bytearray((UI, lmi.discriminator, 0x00, self.kind))
        if lmi.locking_shift:
            out.append(LOCKING_SHIFT)
        out += bytes((lmi.report_ie, 1, self.report, lmi.keepalive_ie, 2, self.sent, self.seen))
        for dlci, status in self.pvcs:
            if lmi.name == "cisco":  # DLCI as a number, status, then 3 bytes of bandwidth
                out += bytes((lmi.pvc_ie, 6, dlci >> 8, dlci & 0xFF, status, 0, 0, 0))
            else:  # the DLCI in Q.922-like octets with extension bits (T1.617 Annex D)
                out += bytes((lmi.pvc_ie, 3, (dlci >> 4) & 0x3F, ((dlci << 3) & 0x78) | 0x80, 0x80 | status))
        return bytes(out)


def decode_lmi(data: bytes, lmi: LmiType) -> LmiMessage:
    """An LMI message of this type from the bytes after the address, or Malformed."""
    if len(data) < 4 or data[0] != UI:
        raise Malformed("Invalid Unnumbered info")
    if data[1] != lmi.discriminator:
        raise Malformed("Invalid Prot Disc")
    if data[2] != 0:
        raise Malformed("Invalid dummy Call Ref")
    kind = data[3]
    if kind not in (STATUS_ENQUIRY, STATUS):
        raise Malformed("Invalid Msg Type")
    at = 4
    if lmi.locking_shift:
        if len(data) <= at or data[at] != LOCKING_SHIFT:
            raise Malformed("Invalid Lock Shift")
        at += 1
    report = keep = None
    pvcs: list[tuple[int, int]] = []
    end = len(data)
    while at < end:
        if at + 2 > end:
            raise Malformed("Invalid Status Message")
        ident, length = data[at], data[at + 1]
        start, at = at + 2, at + 2 + length  # the IE's contents, the next IE
        if at > end:
            raise Malformed("Invalid Status Message")
        if ident == lmi.report_ie:
            if length != 1:
                raise Malformed("Invalid Report IE Len")
            if data[start] not in (FULL, LINK_ONLY):
                raise Malformed("Invalid Report Request")
            report = data[start]
        elif ident == lmi.keepalive_ie:
            if length != 2:
                raise Malformed("Invalid Keep IE Len")
            keep = (data[start], data[start + 1])
        elif ident == lmi.pvc_ie and kind == STATUS:
            pvcs.append(_pvc_status(data[start:at], lmi))
        else:
            raise Malformed("Invalid Information ID")
    if report is None or keep is None:
        raise Malformed("Invalid Status Message")
    return LmiMessage(kind, report, keep[0], keep[1], tuple(pvcs))


def _pvc_status(body: bytes, lmi: LmiType) -> tuple[int, int]:
    if lmi.name == "cisco":
        if len(body) != 6:
            raise Malformed("Invalid Status Message")
        return (body[0] << 8 | body[1]) & 0x3FF, body[2] & 0x0F
    if len(body) != 3:
        raise Malformed("Invalid Status Message")
    return (body[0] & 0x3F) << 4 | (body[1] >> 3) & 0x0F, body[2] & 0x0F


@dataclass(frozen=True)
class InArp:
    """An Inverse ARP request or reply (RFC 2390): the hardware addresses are Q.922 DLCI
    addresses as on the wire (a request carries its own DLCI's, a reply 0 as its own and the
    request's as the target's)."""

    op: int
    sender_hw: int
    sender_ip: IPv4Address
    target_hw: int
    target_ip: IPv4Address

    def encode(self) -> bytes:
        """The bytes after the Q.922 address: the RFC 2427 SNAP header, then the packet."""
        body = struct.pack(
            "!HHBBHH4sH4s",
            FR_HARDWARE,
            ETHERTYPE_IP,
            2,
            4,
            self.op,
            self.sender_hw,
            self.sender_ip.packed,
            self.target_hw,
            self.target_ip.packed,
        )
        return INARP_SNAP + body + INARP_PAD


def snap_payload(pid: int, data: bytes, ietf: bool) -> bytes:
    """A Cisco layer-2 protocol's PDU (CDP) after the address: behind its SNAP header
    (IETF, RFC 2427) or its id as the Ethertype (Cisco's encapsulation)."""
    if ietf:
        return bytes((UI, 0x00, NLPID_SNAP)) + CISCO_OUI.to_bytes(3, "big") + struct.pack("!H", pid) + data
    return struct.pack("!H", pid) + data


def decode_snap(data: bytes) -> tuple[int, bytes] | None:
    """(SNAP id, PDU) of a Cisco layer-2 protocol's frame, in either encapsulation, or None
    (Inverse ARP, whose SNAP header has no OUI, and anything else)."""
    ietf = bytes((UI, 0x00, NLPID_SNAP)) + CISCO_OUI.to_bytes(3, "big")
    if data.startswith(ietf) and len(data) >= len(ietf) + 2:
        return int.from_bytes(data[6:8], "big"), data[8:]
    if len(data) >= 2 and data[0] != UI:
        return int.from_bytes(data[:2], "big"), data[2:]
    return None


def decode_inarp(data: bytes) -> InArp | None:
    """An Inverse ARP packet from the bytes after the address, or None for anything else."""
    if not data.startswith(INARP_SNAP) or len(data) < len(INARP_SNAP) + 20:
        return None
    hardware, protocol, hlen, plen, op, shw, sip, thw, tip = struct.unpack_from("!HHBBHH4sH4s", data, 8)
    if (hardware, protocol, hlen, plen) != (FR_HARDWARE, ETHERTYPE_IP, 2, 4) or op not in (8, 9):
        return None
    return InArp(op, shw, IPv4Address(sip), thw, IPv4Address(tip))
