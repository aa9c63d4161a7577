"""The Cisco HDLC keepalive machine (SLARP): line protocol from the exchange of sequence
numbers.  Each end sends `myseq` and echoes the peer's last number as `yourseq`; the line
fails when our number runs more than three ahead of what the peer has echoed."""

from __future__ import annotations

from collections.abc import Callable

from iosemu.protocols.hdlc.pdu import BROADCAST, SLARP, CiscoHdlc, SlarpKeepalive

MISSED_LIMIT = 3


class HdlcKeepalive:
    def __init__(self, scheduler, send: Callable[[CiscoHdlc], None], report: Callable[[bool], None]):
        self.scheduler = scheduler
        self.send = send
        self.report = report  # called with True/False when the line protocol changes
        self.period: int | None = 10
        self.myseq = 0
        self.mineseen = 0
        self.yourseen = 0
        self.up = False
        self._timer = None

    def start(self, period: int | None) -> None:
        """The carrier came up: line protocol goes up at once (IOS is optimistic)."""
        self.stop()
        self.period = period
        self.myseq = self.mineseen = self.yourseen = 0
        self._set(True)
        if period:
            self._timer = self.scheduler.call_later(0, self._tick)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.up = False

    def _set(self, up: bool) -> None:
        if up != self.up:
            self.up = up
            self.report(up)

    def _tick(self) -> None:
        if self.myseq - self.mineseen > MISSED_LIMIT:
            self._set(False)
        self.myseq += 1
        self.send(CiscoHdlc(BROADCAST, SLARP, SlarpKeepalive(self.myseq, self.yourseen)))
        self._timer = self.scheduler.call_later(self.period, self._tick)

    def receive(self, keepalive: SlarpKeepalive) -> None:
        self.yourseen = keepalive.myseq
        self.mineseen = keepalive.yourseq
        if not self.up and self.myseq - self.mineseen <= 1:
            self._set(True)
