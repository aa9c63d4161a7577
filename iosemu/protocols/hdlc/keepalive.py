"""The Cisco HDLC keepalive machine (SLARP): line protocol from the exchange of sequence
numbers.  Each end sends `myseq` and echoes the peer's last number as `yourseq`; the line
fails when our number runs more than three ahead of what the peer has echoed.  Each keepalive
also carries a number of its own: when the one that arrives is the one last sent, the line
is looped (`line protocol is up (looped)`)."""

from __future__ import annotations

from collections.abc import Callable

from iosemu.protocols.hdlc.pdu import BROADCAST, SLARP, CiscoHdlc, SlarpKeepalive

MISSED_LIMIT = 3
_SPREAD = 2654435761  # spreads one line's keepalive numbers over 32 bits (Knuth's multiplier)


class HdlcKeepalive:
    def __init__(
        self, scheduler, send: Callable[[CiscoHdlc], None], report: Callable[[bool], None], unique: int = 0
    ):
        self.scheduler = scheduler
        self.send = send
        self.report = report  # called with True/False when the line protocol changes
        self.period: int | None = 10
        self.myseq = 0
        self.mineseen = 0
        self.yourseen = 0
        self.up = False
        self.running = False
        self._timer = None
        self._unique = unique  # this line's own: its keepalives' numbers come from it
        self.sent = 0  # the number in our last keepalive
        self.heard: int | None = None  # the number in the last keepalive received this period
        self.looped = False

    def start(self, period: int | None) -> None:
        """The carrier came up: line protocol goes up at once (IOS is optimistic)."""
        self.stop()
        self.running = True
        self.myseq = self.mineseen = self.yourseen = 0
        self.heard, self.looped = None, False
        self._set(True)
        self.set_period(period)

    def set_period(self, period: int | None) -> None:
        """`keepalive N` / `no keepalive`, also while the line runs."""
        if period == self.period and (self._timer is not None or not period or not self.running):
            return
        self.period = period
        if not self.running:
            return
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if period:
            self.mineseen = self.myseq  # a fresh start: no misses counted yet
            self._timer = self.scheduler.call_later(0, self._tick)
        else:
            self._set(True)  # without keepalives the line is up while the carrier is

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.running = False
        self.up = self.looped = False

    def _set(self, up: bool) -> None:
        if up != self.up:
            self.up = up
            self.report(up)

    def _tick(self) -> None:
        if self.heard is not None:  # IOS judges the loop once a period, from what it heard
            self.looped, self.heard = self.heard == self.sent, None
        if self.myseq - self.mineseen > MISSED_LIMIT:
            self._set(False)
            self.looped = False
        self.myseq += 1
        self.sent = (self._unique + self.myseq * _SPREAD) & 0xFFFFFFFF
        self.send(CiscoHdlc(BROADCAST, SLARP, SlarpKeepalive(self.myseq, self.yourseen, unique=self.sent)))
        self._timer = self.scheduler.call_later(self.period, self._tick)

    def receive(self, keepalive: SlarpKeepalive) -> None:
        self.yourseen = keepalive.myseq
        self.mineseen = keepalive.yourseq
        self.heard = keepalive.unique
        if not self.up and self.myseq - self.mineseen <= 1:
            self._set(True)
