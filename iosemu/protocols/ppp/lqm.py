"""Link Quality Monitoring (RFC 1989) as IOS runs it for `ppp quality N`: Link-Quality-Reports
in place of the Echo keepalives, the share of traffic that got through each way, and the
line protocol taken down while it is under N percent (and back up once it recovers).

What IOS does (its PPP source): an end that asked for the Quality-Protocol option and got it
sends an LQR every keepalive period instead of an Echo-Request; an end that did not answers
each LQR with one of its own. From two successive reports of the peer an end computes the
packets and octets lost each way, `100 * (sent - received) / sent`, and keeps the last
HISTORY verdicts of each direction. Too few good verdicts in either: the NCPs close and the
line protocol goes down while LCP stays open and the reports go on; enough again: the line
protocol comes back and the NCPs reopen. Too many of its reports unanswered: LCP is reset.
(IOS also answers a report that shows the peer missed ours; the two ends of a lab open LCP
at the same instant, so their reports cross, and that answer would set them racing.)
"""

from __future__ import annotations

import struct
from collections import deque
from dataclasses import astuple, dataclass

from iosemu.protocols.ppp.lcp import QUALITY
from iosemu.protocols.ppp.pdu import LQR

# K good verdicts out of the last N are needed each way. IOS keeps a history of up to 16;
# the K and N it uses on a leased line were not found: 5 of 5, so that one bad period takes
# the line down and five good ones in a row bring it back.
HISTORY = 5
NEEDED = 5
MIN_LOST = 1  # more of our reports than this unanswered: reported lost (debug ppp error)
MAX_LOST = 4  # more than this: LCP is reset
LQR_FRAME = 4 + 48 + 2  # the size a report takes on the line (header, 12 counters, FCS)


@dataclass(frozen=True, slots=True)
class Report:
    """A Link-Quality-Report (RFC 1989 section 2.6), its twelve counters in wire order."""

    magic: int = 0
    last_out_lqrs: int = 0
    last_out_packets: int = 0
    last_out_octets: int = 0
    peer_in_lqrs: int = 0
    peer_in_packets: int = 0
    peer_in_discards: int = 0
    peer_in_errors: int = 0
    peer_in_octets: int = 0
    peer_out_lqrs: int = 0
    peer_out_packets: int = 0
    peer_out_octets: int = 0

    def encode(self) -> bytes:
        return struct.pack("!12I", *(value & 0xFFFFFFFF for value in astuple(self)))

    @classmethod
    def decode(cls, raw: bytes) -> Report | None:
        """The report in `raw`, or None if it is short (extra octets are padding)."""
        if len(raw) < 48:
            return None
        return cls(*struct.unpack_from("!12I", raw))


NONE_YET = Report()


def _percent_lost(sent: int, received: int) -> int:
    return 100 * (sent - received) // sent if sent > 0 else 0


class Lqm:
    """Quality monitoring on one PPP line; `link` is the PPP engine."""

    def __init__(self, link):
        self.link = link
        self.start()

    def start(self) -> None:
        """LCP opened: counting starts afresh, and the line is presumed good."""
        self.out_lqrs = 0
        self.in_lqrs = 0
        self.last = NONE_YET  # the peer's latest report
        self.received: tuple[int, int, int] | None = None  # our packets, octets, errors in then
        self.history = {way: deque([True] * HISTORY, maxlen=HISTORY) for way in ("in", "out")}
        self.poor = False
        # This end asked for quality reports and the peer agreed: it sends them, and judges.
        self.monitoring = self.link.lcp.negotiated(QUALITY) is not None

    @property
    def threshold(self) -> int:
        """The share lost (percent) at which a period counts as bad: 100 - N."""
        return 100 - (self.link.settings.quality or 0)

    # -- sending -----------------------------------------------------------------------------
    def keepalive(self) -> bool:
        """Keepalive time on a monitored line: a report instead of an Echo-Request. False if
        too many went unanswered and LCP was reset."""
        lost = self.out_lqrs - self.last.last_out_lqrs
        if lost > MIN_LOST:
            self.link.debug("ppp error", f"PPP: lcp_slqr() {lost} lost LQRs")
            if lost > MAX_LOST:
                self.link.lcp_finished()
                return False
        self.send()
        return True

    def send(self) -> None:
        self.out_lqrs += 1
        counters = self.link.port.counters
        packets, octets, errors = self.received or (0, 0, 0)
        last = self.last
        report = Report(
            self.link.lcp.magic,
            last.peer_out_lqrs,
            last.peer_out_packets,
            last.peer_out_octets,
            self.in_lqrs,
            packets,
            0,
            errors,
            octets,
            self.out_lqrs,
            counters.packets_out + 1,  # this report included
            counters.bytes_out + LQR_FRAME,
        )
        self.link.send_control(LQR, report.encode())

    # -- receiving -----------------------------------------------------------------------------
    def receive(self, raw: bytes) -> None:
        link = self.link
        if not link.lcp.opened:
            return
        report = Report.decode(raw)
        if report is None:
            link.debug("ppp error", "PPP: lcp_rlqr() Rcvd short LQR.")
            return
        if report.magic == link.lcp.magic:
            link.debug("ppp error", "PPP: The link appears to be looped back.")
            return
        counters = link.port.counters
        now = (counters.packets_in, counters.bytes_in, counters.input_errors)
        previous = self.last
        if self.monitoring and self.received is not None:
            self._judge(previous, report, now)
        answer = not self.monitoring or link.keepalive is None  # the peer wants reports: one each
        self.last, self.received = report, now
        self.in_lqrs += 1
        if answer:
            self.send()

    def _judge(self, previous: Report, report: Report, now: tuple[int, int, int]) -> None:
        """Each way, the share lost since the peer's previous report; then the verdict. The
        outbound way counts only when the report answers a newer one of ours."""
        if previous.last_out_lqrs and report.last_out_lqrs != previous.last_out_lqrs:
            sent = (
                report.last_out_packets - previous.last_out_packets,
                report.last_out_octets - previous.last_out_octets,
            )
            got = (
                report.peer_in_packets - previous.peer_in_packets,
                report.peer_in_octets - previous.peer_in_octets,
            )
            heard = self.out_lqrs - report.last_out_lqrs <= 1  # the peer has heard a recent one
            self._record("out", sent, got, report, heard)
        sent = (
            report.peer_out_packets - previous.peer_out_packets,
            report.peer_out_octets - previous.peer_out_octets,
        )
        got = (now[0] - self.received[0], now[1] - self.received[1])
        self._record("in", sent, got, report)
        passed = {way: sum(history) >= NEEDED for way, history in self.history.items()}
        if not self.poor and not all(passed.values()):
            self._poor(passed)
        elif self.poor and all(passed.values()):
            self.poor = False
            self.link.debug("ppp error", "PPP: The serial link is up.")
            self.link.quality_changed(good=True)

    def _record(self, way: str, sent, got, report: Report, heard: bool = True) -> None:
        """One period's verdict, packets and octets: good while the share lost is under
        100 - N percent. A count that went back (counters cleared) gives no verdict."""
        if min(sent) < 0 or min(got) < 0:
            return
        threshold = self.threshold
        good = heard and all(_percent_lost(s, g) < threshold for s, g in zip(sent, got, strict=True))
        history = self.history[way]
        if not good and self.link.debugging("ppp error"):
            self._explain(way, sum(history), sent, got, report)
        history.append(good)

    def _explain(self, way: str, successes: int, sent, got, report: Report) -> None:
        """IOS's `debug ppp error` lines for a bad period."""
        debug, raw = self.link.debug, self.link.debug_raw
        if way == "out":
            debug("ppp error", f"PPP: rlqr transmit failure. successes = {successes}")
            raw("ppp error", f"PPP: myxmitdiffp = {sent[0]} peerrcvdiffp = {got[0]}")
            raw("ppp error", f"PPP: myxmitdiffo = {sent[1]} peerrcvdiffo = {got[1]}")
            raw("ppp error", f"PPP: l->OutLQRs = {self.out_lqrs} LastOutLQRs = {report.last_out_lqrs}")
        else:
            debug("ppp error", f"PPP: rlqr receive failure.  successes = {successes}")
            raw("ppp error", f"PPP: myrcvdiffp = {got[0]} peerxmitdiffp = {sent[0]}")
            raw("ppp error", f"PPP: myrcvdiffo = {got[1]} peerxmitdiffo = {sent[1]}")
        raw("ppp error", f"PPP: threshold = {self.threshold}")

    def _poor(self, passed: dict[str, bool]) -> None:
        """Quality under the threshold: the history starts again empty, so that the line
        must prove itself for NEEDED periods before it comes back."""
        self.poor = True
        if not passed["out"] and not passed["in"]:
            which = "serial"
        else:
            which = "outbound" if not passed["out"] else "inbound"
        self.link.debug("ppp error", f"PPP: The {which} link is down.")
        for history in self.history.values():
            history.extend([False] * HISTORY)
        self.link.quality_changed(good=False)
