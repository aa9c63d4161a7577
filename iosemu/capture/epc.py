"""Embedded Packet Capture, as 15.2 runs it: capture buffers in the router's memory and IPv4
CEF capture points that copy the IPv4 packets of an interface into them. A running point
is a tap on the interface's cable (the same taps `lab.capture` hangs there); the buffer
keeps each packet's first bytes (its max-size) with the virtual time it crossed, within its
size: a linear buffer takes no more once full, a circular one drops its oldest packets.

A router's buffers and points are one of its services (`router.services["capture"]`), made
the first time a `monitor capture` command needs them: like IOS's, they live in memory and
a reload clears them."""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field

from iosemu.capture.pcap import pcap_file
from iosemu.capture.pcapng import EN10MB
from iosemu.config.interface import parent_name
from iosemu.errors import log_internal_error
from iosemu.protocols.frame_relay.pdu import FrFrame
from iosemu.protocols.ip.pdu import ETHERNET_HEADER, Ethernet, Ipv4

LOG = logging.getLogger("iosemu")
RAW_IP = 101  # LINKTYPE_RAW: a packet that begins with its IPv4 header (a serial line's)
DEFAULT_SIZE_KB = 256  # `size ?`: "512K or less (default is 256K)"
DEFAULT_MAX_SIZE = 68  # `Max Element Size : 68 bytes` of a buffer made with no max-size
DIRECTIONS = ("both", "in", "out")


@dataclass(frozen=True)
class Element:
    """One captured packet: its bytes as kept (at most the buffer's max-size), its length
    on the wire, when it crossed (virtual seconds), and the interfaces it came in and went
    out of (None where it did not: a packet to the router has no output interface)."""

    at: float
    data: bytes
    length: int
    linktype: int  # EN10MB (the Ethernet header kept) or RAW_IP (a serial line's packet)
    inbound: str | None
    outbound: str | None


@dataclass
class Buffer:
    name: str
    size_kb: int = DEFAULT_SIZE_KB
    max_size: int = DEFAULT_MAX_SIZE
    circular: bool = False
    typed: dict[str, str] = field(default_factory=dict)  # the settings given: `Configuration:`
    elements: deque[Element] = field(default_factory=deque)
    held: int = 0  # bytes the elements take

    @property
    def size(self) -> int:
        return self.size_kb * 1024

    def take(self, element: Element) -> None:
        """Keep `element` if it fits: a circular buffer makes room by dropping its oldest."""
        need = len(element.data)
        if need > self.size:
            return
        if self.circular:
            while self.held + need > self.size:
                self.held -= len(self.elements.popleft().data)
        elif self.held + need > self.size:
            return  # a full linear buffer captures nothing more
        self.elements.append(element)
        self.held += need

    def clear(self) -> None:
        self.elements.clear()
        self.held = 0

    def pcap(self, clock) -> bytes:
        """The buffer as a pcap file (`export`): Ethernet when every packet kept its Ethernet
        header, else raw IPv4 (a buffer a serial line fed), each packet stamped with the
        router's clock. Which link type IOS itself writes for a serial line no public
        capture shows."""
        ethernet = all(e.linktype == EN10MB for e in self.elements)
        packets = []
        for element in self.elements:
            data, length = element.data, element.length
            if not ethernet and element.linktype == EN10MB:
                data, length = data[ETHERNET_HEADER:], length - ETHERNET_HEADER
            stamp = round(clock.utc(element.at).timestamp() * 1_000_000)
            packets.append((stamp, data, length))
        return pcap_file(EN10MB if ethernet else RAW_IP, self.max_size, packets)

    def configuration(self) -> list[str]:
        """The buffer's settings as IOS lists them under `Configuration:`: one line with each
        one given, as a command types them (a 15.x switch's `size 2048 max-size 1518 circular`)."""
        if not self.typed:
            return []
        given = (self.typed[key] for key in ("size", "max-size", "mode") if key in self.typed)
        return [" ".join((f"monitor capture buffer {self.name}", *given))]


@dataclass
class Point:
    """An IPv4 CEF capture point: an interface and the directions it captures."""

    name: str
    interface: str
    direction: str  # both, in, out
    buffer: str | None = None
    active: bool = False
    tap: Tap | None = None


class Tap:
    """What a running point hangs on its interface's cable: each IPv4 packet that leaves
    the router by the interface (out) or arrives from the far end (in) goes to the buffer."""

    def __init__(self, epc: Epc, point: Point, link, end):
        self.epc = epc
        self.point = point
        self.link = link
        self.end = end

    def __call__(self, end, frame, delay: float, damaged: bool) -> None:
        outbound = end == self.end
        if self.point.direction != "both" and outbound != (self.point.direction == "out"):
            return
        packet = getattr(frame, "payload", None)
        if not isinstance(packet, Ipv4) or not self.epc.carries(self.point.interface, frame):
            return
        if outbound:
            self._keep(frame, packet, True)
        elif not damaged:  # an inbound packet is the router's once all of it has arrived whole
            self.epc.router.scheduler.call_later(delay, self._keep, frame, packet, False)

    def _keep(self, frame, packet: Ipv4, outbound: bool) -> None:
        if self.point.tap is not self:  # the point stopped while the packet was on its way
            return
        try:
            element = self.epc.element(self.point, frame, packet, outbound)
        except Exception:  # a packet iosemu cannot encode is a bug; the router goes on
            log_internal_error(LOG, "encoding a packet for capture point", self.point.name)
            return
        buffer = self.epc.buffers.get(self.point.buffer or "")
        if buffer is not None:
            buffer.take(element)

    def remove(self) -> None:
        self.link.taps = tuple(tap for tap in self.link.taps if tap is not self)


class Epc:
    """A router's capture buffers and points (a router service: see the module's note)."""

    name = "capture"

    def __init__(self, router):
        self.router = router
        self.buffers: dict[str, Buffer] = {}
        self.points: dict[str, Point] = {}

    @classmethod
    def of(cls, router) -> Epc:
        epc = router.services.get(cls.name)
        if epc is None:
            epc = router.services[cls.name] = cls(router)
        return epc

    # -- the router service ---------------------------------------------------------------
    def reconcile(self, touched) -> None:
        """Nothing to follow: a point finds its interface's cable as it starts."""

    def routes(self) -> list:
        return []

    def close(self) -> None:
        for point in self.points.values():
            self.stop(point)

    # -- points -----------------------------------------------------------------------------
    def start(self, point: Point) -> None:
        """The point begins to capture: a tap on its interface's cable, if one is plugged in
        (a point on an interface with no cable is active and captures nothing)."""
        point.active = True
        name = parent_name(point.interface)
        link = self.router.links.get(name)
        if link is None:
            return
        end = next(end for end in link.ends if end.device is self.router and end.interface == name)
        point.tap = Tap(self, point, link, end)
        link.taps = (*link.taps, point.tap)

    def stop(self, point: Point) -> None:
        point.active = False
        if point.tap is not None:
            point.tap.remove()
            point.tap = None

    def carries(self, interface: str, frame) -> bool:
        """Whether a frame on the cable is the interface's own: a subinterface's by its VLAN
        or its DLCIs, the main interface's the untagged frames and the other DLCIs."""
        interfaces = self.router.config.interfaces
        own = interfaces.get(interface)
        if own is None:  # the subinterface was deleted while its point ran
            return False
        if isinstance(frame, Ethernet):
            return frame.vlan == (own.vlan if "." in interface else None)
        if isinstance(frame, FrFrame):
            if "." in interface:
                return frame.dlci in own.fr.dlcis
            prefix = interface + "."
            return not any(
                frame.dlci in iface.fr.dlcis for name, iface in interfaces.items() if name.startswith(prefix)
            )
        return "." not in interface

    def element(self, point: Point, frame, packet: Ipv4, outbound: bool) -> Element:
        """The packet as the point's buffer keeps it: an Ethernet frame with its header (no
        VLAN tag, no padding), a serial line's packet from its IPv4 header."""
        body = packet.encode()
        if isinstance(frame, Ethernet):
            data, linktype = frame.header(tagged=False) + body, EN10MB
        else:
            data, linktype = body, RAW_IP
        buffer = self.buffers.get(point.buffer or "")
        kept = data[: buffer.max_size] if buffer is not None else data
        inbound, out = (None, point.interface) if outbound else (point.interface, None)
        return Element(self.router.scheduler.now, kept, len(data), linktype, inbound, out)


# What 15.x answers a capture command that names nothing there is or cannot be carried out.
# A 15.x switch's shows answer a missing buffer and a missing point so (find_string "Capture
# point POINT does not exist"); the commands are taken to answer as the shows do. No public
# transcript shows the last two: they are worded as the BUFCAP messages word the rest.
NO_BUFFER = "Capture Buffer {} does not exist\n"
NO_POINT = "Capture point {} does not exist\n"
POINT_EXISTS = "Capture Point {} already exists\n"
NOT_ASSOCIATED = "Capture Point {} is not associated with any Capture Buffer\n"
