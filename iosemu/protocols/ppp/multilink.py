"""Multilink PPP (RFC 1990): the bundle behind `interface MultilinkN`, over the member serial
lines whose LCP negotiated MRRU and endpoint discriminator (`ppp multilink group N`).

A member joins once its LCP and authentication are done; the bundle is up while it has a
member. The bundle is the Multilink interface's PPP engine (IPCP and CDPCP run here, not on
the members) and, to its port, its cable: each IP packet it sends goes whole over the next
member in turn behind an MP header with the next sequence number (IOS fragments only a
packet larger than a member's share, which a T1-speed member never gets), control packets
over the first member; what the members receive for the bundle comes back through it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from iosemu.protocols.ip.pdu import decode_ipv4
from iosemu.protocols.ppp.encapsulation import PppEncapsulation
from iosemu.protocols.ppp.lcp import ENDPOINT, MRRU
from iosemu.protocols.ppp.pdu import IP, MP, PppFrame

SEQUENCE_MASK = 0xFFFFFF  # the long sequence-number format (24 bits)
RECEIVE_BUFFER = 12000  # bytes of reassembly buffer per member (`Receive buffer limit`)
IDLE_BANDWIDTH = 100000  # kbit/s of a bundle with no member


@dataclass(frozen=True, slots=True)
class MpFragment:
    """An MP fragment, long sequence format: the Begin and End bits, a 24-bit sequence
    number, then the packet's PPP protocol field and data (the packet object stands for
    its bytes, as an IP frame's payload does)."""

    begin: bool
    end: bool
    sequence: int
    protocol: int
    packet: object

    def __len__(self) -> int:
        return 4 + 2 + len(self.packet)

    def encode(self) -> bytes:
        packet = self.packet if isinstance(self.packet, bytes) else self.packet.encode()
        bits = self.begin << 31 | self.end << 30 | self.sequence & SEQUENCE_MASK
        return struct.pack("!IH", bits, self.protocol) + packet


def decode_fragment(raw: bytes) -> MpFragment:
    """An MP fragment (long sequence format) from its bytes: the inverse of `encode`."""

    if len(raw) < 6:
        raise ValueError(f"an MP fragment of {len(raw)} bytes")
    bits, protocol = struct.unpack_from("!IH", raw)
    body = raw[6:]
    packet = decode_ipv4(body) if protocol == IP else bytes(body)
    return MpFragment(bool(bits >> 31), bool(bits >> 30 & 1), bits & SEQUENCE_MASK, protocol, packet)


@dataclass
class Member:
    engine: PppEncapsulation
    since: float


def endpoint_name(value: bytes | None) -> str:
    """`[1] R2`: an endpoint discriminator as `show ppp multilink` prints it."""
    if not value:
        return "[0]"
    return f"[{value[0]}] {value[1:].decode('latin-1')}"


class Bundle(PppEncapsulation):
    name = "multilink"

    def __init__(self, port):
        super().__init__(port)
        self.members: list[Member] = []  # in the order they joined
        self.up_since: float | None = None
        self.bundle_name = ""  # the peer's authenticated name, else its endpoint discriminator
        self.remote_endpoint: bytes | None = None
        self.local_endpoint: bytes | None = None
        self.sent = 0  # the next sequence number to send
        self.received = 0  # the next one expected
        self.lost = self.reordered = self.discarded = self.discarded_bytes = 0
        self._turn = 0
        group = int(port.name[len("Multilink") :])
        for other in list(self.node.ports.values()):  # lines of the group already up alone
            engine = other.encapsulation
            if (
                type(engine) is PppEncapsulation
                and engine.lcp.opened
                and engine.settings.multilink_group == group
            ):
                engine.lcp_finished()  # renegotiate, to join

    # -- members -------------------------------------------------------------------------------
    def join(self, engine: PppEncapsulation) -> bool:
        """A member line (of `ppp multilink group N`) whose LCP and authentication are done
        joins, if both ends negotiated multilink: its line protocol comes up, and the
        bundle's with the first member. True if it joined."""
        lcp = engine.lcp
        if lcp.negotiated(MRRU) is None or lcp.negotiated(MRRU, theirs=True) is None:
            return False
        engine.bundle = self
        engine.debug("ppp negotiation", "PPP: Phase is VIRTUALIZED")
        engine.port.set_protocol(True)
        first = not self.members
        self.members.append(Member(engine, self.scheduler.now))
        if first:
            self.up_since = self.scheduler.now
            self.remote_endpoint = engine.lcp.negotiated(ENDPOINT, theirs=True)
            self.local_endpoint = engine.lcp.negotiated(ENDPOINT)
            self.bundle_name = engine.peer_name or endpoint_name(self.remote_endpoint).partition(" ")[2]
            self.sent = self.received = 0
            self.port.carrier_changed()
        return True

    def leave(self, engine: PppEncapsulation) -> None:
        """A member's LCP left Open, or its line went: the bundle goes on without it, and
        goes down with the last."""
        engine.bundle = None
        self.members = [m for m in self.members if m.engine is not engine]
        if not self.members:  # down once the member's own line has gone (IOS's order of messages)
            self.up_since = None
            self.scheduler.call_later(0, self.port.carrier_changed)

    @property
    def bandwidth(self) -> int:
        """kbit/s: the members' bandwidths added up (`total bandwidth`)."""
        if not self.members:
            return IDLE_BANDWIDTH
        return sum(m.engine.config.bandwidth or 1544 for m in self.members)

    # -- the bundle as its port's cable ---------------------------------------------------------
    def raise_signals(self, end, on: bool) -> None:
        """Shutting the bundle interface down leaves the members as they are."""

    def carrier(self, end) -> bool:
        return bool(self.members)

    def carry(self, end, frame, size: int) -> None:
        members = self.members
        if not members:
            return
        if frame.protocol != IP:  # NCP packets of the bundle: whole, over the first member
            members[0].engine.port.send(frame)
            return
        member = members[self._turn % len(members)]
        self._turn += 1
        fragment = MpFragment(True, True, self.sent, IP, frame.payload)
        self.sent = (self.sent + 1) & SEQUENCE_MASK
        member.engine.port.send(PppFrame(MP, fragment))

    # -- what the members hand up -----------------------------------------------------------------
    def from_member(self, frame: PppFrame) -> None:
        """A frame for the bundle arrived on a member: an MP fragment, or a bundle packet
        sent whole (the NCPs)."""
        if frame.protocol == MP:
            fragment = frame.payload
            if not isinstance(fragment, MpFragment) or not (fragment.begin and fragment.end):
                # What this end never sends (bytes, a packet split into pieces) is discarded.
                self.discarded += 1
                self.discarded_bytes += len(fragment)
                return
            self._sequence(fragment.sequence)
            frame = PppFrame(fragment.protocol, fragment.packet)
        self.port.receive(frame, len(frame))

    def _sequence(self, number: int) -> None:
        gap = (number - self.received) & SEQUENCE_MASK
        if gap > SEQUENCE_MASK // 2:  # behind the expected number: it came out of order
            self.reordered += 1
            return
        self.lost += gap
        self.received = (number + 1) & SEQUENCE_MASK

    # -- the engine's operations ------------------------------------------------------------------
    def start(self, keepalive: int | None) -> None:
        """The bundle's first member is in: the line protocol comes up, the NCPs start."""
        self.keepalive = keepalive
        self.running = True
        self.network_up()

    def receive(self, frame):
        """NCP packets that come before the bundle has started wait for it."""
        if not self.running and frame.protocol in self.ncps and isinstance(frame.payload, bytes):
            self._pending.append((frame.protocol, frame.payload))
            return None
        return super().receive(frame)

    def set_keepalive(self, period: int | None) -> None:
        self.keepalive = period

    def stop(self) -> None:
        """Shut down, or its members gone: the NCPs stop. If the interface itself is gone
        (`no interface Multilink1`), its members renegotiate, to join another or run alone."""
        super().stop()
        self._pending.clear()
        if self.node.ports.get(self.port.name) is not self.port:
            for member in list(self.members):
                member.engine.lcp_finished()
