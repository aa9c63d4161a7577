"""Reliable delivery of control messages (RFC 2661 section 5.8; RFC 3931 section 4.2 is the
same): Ns and Nr, the peer's receive window, acknowledgement by the next message or by a ZLB,
and retransmission with exponential backoff on the virtual clock until the retry limit.

The channel knows no header layout: its owner frames each message (`transmit(ns, nr,
item)`, item None for a ZLB) and is told when the peer stops answering (`gave_up()`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

DEFAULT_WINDOW = 4  # the peer's window when it sends no Receive Window Size (section 4.4.3)
HALF = 0x8000


def before(a: int, b: int) -> bool:
    """Whether sequence number `a` comes before `b`, modulo 2**16 (section 5.8)."""
    return 0 < (b - a) & 0xFFFF < HALF


@dataclass(frozen=True)
class Retransmit:
    """IOS's `l2tp tunnel retransmit` settings (retries, then timeout min and max)."""

    retries: int = 5
    minimum: float = 1.0
    maximum: float = 8.0

    def delays(self) -> list[float]:
        """The waits after the first sending: before each retransmission, then before giving up."""
        return [min(self.minimum * 2**n, self.maximum) for n in range(self.retries + 1)]


class ControlChannel:
    def __init__(self, scheduler, transmit, gave_up, retransmit: Retransmit = Retransmit()):
        self.scheduler = scheduler
        self._transmit, self._gave_up = transmit, gave_up
        self.retransmit = retransmit
        self.ns = 0  # the Ns of the next new message
        self.nr = 0  # the Ns expected next from the peer
        self.window = DEFAULT_WINDOW
        self.unacked: deque[tuple[int, object]] = deque()  # (Ns, item), sent and waiting for an ack
        self.waiting: deque[object] = deque()  # items the window holds back
        self.tries = 0
        self.owed = False  # a message received that nothing sent since acknowledges
        self._timer = None
        self.closed = False

    @property
    def settled(self) -> bool:
        """Everything sent is acknowledged."""
        return not self.unacked and not self.waiting

    def send(self, item) -> None:
        self.waiting.append(item)
        self._fill()

    def receive(self, ns: int, nr: int, zlb: bool) -> bool:
        """Take a control message's sequence numbers: its Nr acknowledges what it covers;
        returns whether the message is the next in order, to be acted on (a duplicate is
        acknowledged again at once, one out of order dropped, a ZLB is no message)."""
        if self.closed:
            return False
        self._acknowledged(nr)
        if zlb:
            return False
        if ns == self.nr:
            self.nr = (self.nr + 1) & 0xFFFF
            self.owed = True
            return True
        if before(ns, self.nr):
            self._put(None)
        return False

    def flush(self) -> None:
        """After the owner has acted on a message: a ZLB if nothing it sent carried the ack."""
        if self.owed and not self.closed:
            self._put(None)

    def close(self) -> None:
        self.closed = True
        self._cancel()

    # -- inside ------------------------------------------------------------------------------
    def _put(self, item, ns: int | None = None) -> None:
        self.owed = False
        self._transmit(self.ns if ns is None else ns, self.nr, item)

    def _fill(self) -> None:
        while self.waiting and len(self.unacked) < self.window and not self.closed:
            item = self.waiting.popleft()
            self.unacked.append((self.ns, item))
            self._put(item)
            self.ns = (self.ns + 1) & 0xFFFF
            if self._timer is None:
                self._arm()

    def _acknowledged(self, nr: int) -> None:
        progressed = False
        while self.unacked and before(self.unacked[0][0], nr):
            self.unacked.popleft()
            progressed = True
        if progressed:
            self.tries = 0
            self._cancel()
            if self.unacked:
                self._arm()
            self._fill()

    def _arm(self) -> None:
        self._timer = self.scheduler.call_later(self.retransmit.delays()[self.tries], self._expired)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expired(self) -> None:
        self._timer = None
        if self.closed:
            return
        if self.tries >= self.retransmit.retries:
            self.close()
            self._gave_up()
            return
        self.tries += 1
        for ns, item in list(self.unacked):
            self._put(item, ns)
        self._arm()
