"""Cisco HDLC as a serial encapsulation: frames IP, and keeps the line protocol with SLARP
keepalives.  Every serial encapsulation offers the same operations to the port."""

from __future__ import annotations

import zlib

from iosemu.protocols.hdlc.keepalive import HdlcKeepalive
from iosemu.protocols.hdlc.pdu import BROADCAST, IPV4, UNICAST, CiscoHdlc, SlarpKeepalive


class HdlcEncapsulation:
    name = "hdlc"
    shown = "HDLC"  # in `show interfaces`: Encapsulation HDLC

    def __init__(self, port):
        self.port = port
        unique = zlib.crc32(f"{port.node.name}:{port.name}".encode())  # no two lines alike
        self.keepalive = HdlcKeepalive(port.node.scheduler, port.send, port.set_protocol, unique)

    @property
    def looped(self) -> bool:
        """The line hears its own keepalives: `line protocol is up (looped)`."""
        return self.keepalive.looped

    def start(self, keepalive: int | None) -> None:
        """The carrier is up: bring the line protocol up the HDLC way."""
        self.keepalive.start(keepalive)

    def stop(self) -> None:
        self.keepalive.stop()

    def set_keepalive(self, period: int | None) -> None:
        self.keepalive.set_period(period)

    def transmit(self, interface: str, hop, packet) -> None:
        """An IP packet out (HDLC has no subinterfaces: theirs go nowhere)."""
        if interface == self.port.name:
            self.port.send(CiscoHdlc(UNICAST, IPV4, packet))

    def transmit_snap(self, interface: str, pid: int, data: bytes) -> int | None:
        """A Cisco layer-2 protocol's PDU (CDP) out, its SNAP id as the HDLC protocol."""
        if interface != self.port.name:
            return None
        self.port.send(CiscoHdlc(BROADCAST, pid, data))
        return 1

    def receive(self, frame):
        """The IP packet a frame carries, or None (keepalives are consumed here; frames of
        another encapsulation are not understood, as on a real mismatched line)."""
        if not isinstance(frame, CiscoHdlc):
            return None
        if frame.address == BROADCAST:  # the keepalives: IOS counts them as broadcasts
            self.port.counters.broadcasts_in += 1
        if isinstance(frame.payload, SlarpKeepalive):
            self.keepalive.receive(frame.payload)
            return None
        if isinstance(frame.payload, bytes):  # CDP and its kind, by their protocol
            self.port.hear_snap(self.port.name, frame.protocol, frame.payload)
            return None
        return frame.payload if frame.protocol == IPV4 else None
