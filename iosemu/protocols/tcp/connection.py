"""One TCP connection (RFC 793's transmission control block): its states, named as the RFC
names them, the processing of an arriving segment (section 3.9, "SEGMENT ARRIVES"), sending with
retransmission on the virtual clock, and the closing handshake.

The owner (a node's TCP, sim/tcp.py) sends the segments (`owner.transmit(connection, segment)`)
and forgets the connection once it is CLOSED (`owner.forget(connection)`). The application is
told what happens: `opened(c)`, `received(c, data, push)`, `peer_closed(c)` (a FIN: no more data
will come) and `ended(c, reason)`, once, with `reason` one of `closed` (both sides closed),
`refused` (a RST answered our SYN), `timeout` (no answer), `reset` and `unreachable`.

Timers follow what IOS shows: a SYN is sent again after 2, 4 and 8 seconds, and the attempt is
given up after `ip tcp synwait-time`'s 30 seconds; the window IOS offers is 4128 bytes and the MSS
536 (RFC 879's default) -- see tests/protocols/tcp for the sources.
"""

from __future__ import annotations

import enum

from iosemu.protocols.tcp.segment import ACK, FIN, PSH, RST, SYN, Segment

WINDOW = 4128  # the receive window IOS advertises
MSS = 536
FIRST_RTO = 2.0  # the first retransmission timeout; it doubles on each retransmission
MAX_RTO = 64.0
SYNWAIT = 30.0  # `ip tcp synwait-time`: how long an attempt to connect waits
RETRIES = 12  # retransmissions of data before the connection is given up
MSL = 120.0  # RFC 793's maximum segment lifetime; TIME-WAIT lasts twice that
MODULO = 1 << 32


class State(enum.Enum):
    CLOSED = "CLOSED"
    LISTEN = "LISTEN"
    SYN_SENT = "SYN-SENT"
    SYN_RECEIVED = "SYN-RECEIVED"
    ESTABLISHED = "ESTABLISHED"
    FIN_WAIT_1 = "FIN-WAIT-1"
    FIN_WAIT_2 = "FIN-WAIT-2"
    CLOSE_WAIT = "CLOSE-WAIT"
    CLOSING = "CLOSING"
    LAST_ACK = "LAST-ACK"
    TIME_WAIT = "TIME-WAIT"


RECEIVING = (State.ESTABLISHED, State.FIN_WAIT_1, State.FIN_WAIT_2)  # data and a FIN are taken
SENDING = (State.ESTABLISHED, State.CLOSE_WAIT)  # the application may still send


class Application:
    """What a connection tells its application; this one does nothing with it (a connection
    whose application has nothing more to say, only to close)."""

    def opened(self, connection) -> None:
        pass

    def received(self, connection, data: bytes, push: bool) -> None:
        pass

    def peer_closed(self, connection) -> None:
        connection.close()

    def ended(self, connection, reason: str) -> None:
        pass


def before(a: int, b: int) -> bool:
    """a < b in sequence space (modulo 2**32)."""
    return 0 < (b - a) % MODULO < MODULO // 2


def after_or_at(a: int, b: int) -> bool:
    return not before(a, b)


class Connection:
    def __init__(self, owner, app, local, lport: int, remote, rport: int, iss: int):
        self.owner, self.app = owner, app
        self.local, self.lport, self.remote, self.rport = local, lport, remote, rport
        self.state = State.CLOSED
        self.iss = iss
        self.snd_una = self.snd_nxt = iss
        self.snd_wnd = WINDOW
        self.rcv_nxt = 0
        self.outgoing = bytearray()  # from snd_una: sent and not acknowledged, then not yet sent
        self.fin_queued = False  # the application closed: a FIN follows the data
        self.fin_acked = False
        self.pushed = 0  # the octets of `outgoing` up to the end of the last send that pushed
        self.started = 0.0
        self.rto = FIRST_RTO
        self.retries = 0
        self.timer = None  # the one timer: retransmission, the SYN's deadline or TIME-WAIT's
        self._sent_since = False  # a segment left while an arriving one was processed (it carried the ACK)

    @property
    def key(self) -> tuple:
        return (self.local, self.lport, self.remote, self.rport)

    @property
    def scheduler(self):
        return self.owner.scheduler

    # -- opening -----------------------------------------------------------------------------
    def connect(self) -> None:
        """Active open: SYN, then SYN-SENT."""
        self.state, self.started = State.SYN_SENT, self.scheduler.now
        self.snd_nxt = self.iss + 1
        self._send(SYN, seq=self.iss, ack=0)
        self._arm()

    def accept(self, syn: Segment) -> None:
        """Passive open on a SYN heard in LISTEN: SYN-ACK, then SYN-RECEIVED."""
        self.state, self.started = State.SYN_RECEIVED, self.scheduler.now
        self.rcv_nxt = (syn.seq + 1) % MODULO
        self.snd_wnd = syn.window
        self.snd_nxt = self.iss + 1
        self._send(SYN | ACK, seq=self.iss)
        self._arm()

    # -- the application's calls ---------------------------------------------------------------
    def send(self, data: bytes, push: bool = True) -> None:
        """Queue `data`; the last segment it goes out in carries PSH (unless `push` is False:
        more follows, or the close)."""
        if self.state not in SENDING or self.fin_queued or not data:
            return
        self.outgoing += data
        self.pushed = len(self.outgoing) if push else 0
        self._push()

    def close(self) -> None:
        """No more data from this side: a FIN after what is queued (RFC 793 CLOSE)."""
        if self.state in (State.SYN_SENT, State.LISTEN):
            self._end("closed")
        elif self.state in (State.SYN_RECEIVED, *SENDING) and not self.fin_queued:
            self.fin_queued = True
            self.state = State.LAST_ACK if self.state == State.CLOSE_WAIT else State.FIN_WAIT_1
            self._push()

    def abort(self) -> None:
        """RFC 793 ABORT: a RST to the peer if it knows us, and the connection is gone."""
        if self.state not in (State.CLOSED, State.LISTEN, State.SYN_SENT, State.TIME_WAIT):
            self._send(RST, seq=self.snd_nxt, ack=0)
        self._end("closed", quiet=True)

    def vanish(self) -> None:
        """The router reloads: the connection is gone without a segment (the peer finds out
        when it next sends); the application is told it was reset."""
        self._end("reset")

    def unreachable(self) -> None:
        """An ICMP unreachable about our SYN."""
        if self.state == State.SYN_SENT:
            self._end("unreachable")

    # -- sending -------------------------------------------------------------------------------
    def _send(self, flags: int, seq: int | None = None, ack: int | None = None, data: bytes = b"") -> None:
        if ack is None:
            flags |= ACK
            ack = self.rcv_nxt
        seq = self.snd_nxt if seq is None else seq
        self._sent_since = True
        self.owner.transmit(self, Segment(self.lport, self.rport, seq, ack, flags, WINDOW, data))

    def _push(self) -> None:
        """Send what the peer's window takes of the queued data (and the FIN after it)."""
        if self.state in (State.SYN_SENT, State.SYN_RECEIVED):
            return  # sent once ESTABLISHED
        sent = (self.snd_nxt - self.snd_una) % MODULO
        if self.fin_sent:
            return
        while sent < len(self.outgoing) and sent < self.snd_wnd:
            chunk = bytes(self.outgoing[sent : sent + min(MSS, self.snd_wnd - sent)])
            sent += len(chunk)
            self._send(PSH if sent == self.pushed else 0, data=chunk)
            self.snd_nxt = (self.snd_nxt + len(chunk)) % MODULO
        if self.fin_queued and sent == len(self.outgoing):
            self._send(FIN)
            self.snd_nxt = (self.snd_nxt + 1) % MODULO
        if self.snd_nxt != self.snd_una and (self.timer is None or self.timer.cancelled):
            self._arm()

    @property
    def fin_sent(self) -> bool:
        """Our FIN is out (it takes the sequence number after the data), or acknowledged."""
        return self.fin_acked or (
            self.fin_queued and (self.snd_nxt - self.snd_una) % MODULO > len(self.outgoing)
        )

    def _arm(self, delay: float | None = None) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if delay is None:
            delay = self.rto
            if self.state in (State.SYN_SENT, State.SYN_RECEIVED):  # the attempt ends at synwait-time
                delay = min(delay, self.started + SYNWAIT - self.scheduler.now)
        self.timer = self.scheduler.call_later(delay, self._expired)

    def _expired(self) -> None:
        self.timer = None
        now = self.scheduler.now
        if self.state == State.TIME_WAIT:
            self._end("closed", quiet=True)
            return
        if self.state in (State.SYN_SENT, State.SYN_RECEIVED):
            if now >= self.started + SYNWAIT - 1e-9:
                self._end("timeout")
                return
            self.rto = min(self.rto * 2, MAX_RTO)
            if self.state == State.SYN_SENT:
                self._send(SYN, seq=self.iss, ack=0)
            else:
                self._send(SYN | ACK, seq=self.iss)
            self._arm()
            return
        if self.snd_nxt == self.snd_una:
            return
        self.retries += 1
        if self.retries > RETRIES:
            self._end("timeout")
            return
        self.rto = min(self.rto * 2, MAX_RTO)
        self.snd_nxt = self.snd_una  # go back: send again from the first octet not acknowledged
        self._push()
        self._arm()

    # -- SEGMENT ARRIVES -----------------------------------------------------------------------
    def arrive(self, seg: Segment) -> None:
        self._sent_since = False
        if self.state == State.SYN_SENT:
            self._arrive_syn_sent(seg)
            return
        if self.state in (State.CLOSED, State.LISTEN):
            return
        if not self._acceptable(seg):
            if not seg.has(RST):
                self._send(0)  # an ACK says where we are
            return
        if seg.has(RST):
            self._end("refused" if self.state == State.SYN_RECEIVED else "reset")
            return
        if seg.has(SYN):  # a SYN in the window is an error: reset
            self._send(RST, seq=self.snd_nxt, ack=0)
            self._end("reset")
            return
        if not seg.has(ACK):
            return
        if self.state == State.SYN_RECEIVED:
            if not (before(self.snd_una, seg.ack) and after_or_at(self.snd_nxt, seg.ack)):
                self._send(RST, seq=seg.ack, ack=0)
                return
            self.state, self.snd_una, self.rto = (
                State.ESTABLISHED,
                seg.ack,
                FIRST_RTO,
            )  # our SYN is acknowledged
            self._arm_idle()
            self.app.opened(self)
        self._acknowledged(seg)
        if self.state == State.CLOSED:
            return
        if seg.data and self.state in RECEIVING:
            self.rcv_nxt = (self.rcv_nxt + len(seg.data)) % MODULO
            self.app.received(self, seg.data, seg.has(PSH))
        if seg.has(FIN) and self.state != State.CLOSED:
            self._fin_arrived()
        elif seg.data and not self._sent_since and self.state != State.CLOSED:
            self._send(0)  # nothing went back with the answer: a bare ACK

    def _arrive_syn_sent(self, seg: Segment) -> None:
        acked = seg.has(ACK)
        if acked and not (before(self.iss, seg.ack) and after_or_at(self.snd_nxt, seg.ack)):
            if not seg.has(RST):
                self._send(RST, seq=seg.ack, ack=0)
            return
        if seg.has(RST):
            if acked:
                self._end("refused")
            return
        if not seg.has(SYN):
            return
        self.rcv_nxt = (seg.seq + 1) % MODULO
        self.snd_wnd = seg.window
        if acked:
            self.snd_una = seg.ack
            self.state, self.rto = State.ESTABLISHED, FIRST_RTO
            self._arm_idle()
            self._send(0)
            self.app.opened(self)
            self._push()
        else:  # both sides opened at once
            self.state = State.SYN_RECEIVED
            self._send(SYN | ACK, seq=self.iss)

    def _acceptable(self, seg: Segment) -> bool:
        """RFC 793's test: does the segment begin (or, empty, sit) inside our window?"""
        offset = (seg.seq - self.rcv_nxt) % MODULO
        if seg.length == 0:
            return offset < WINDOW or (seg.seq == self.rcv_nxt)
        return offset == 0  # in order only: anything later is sent again by the peer

    def _acknowledged(self, seg: Segment) -> None:
        if before(self.snd_nxt, seg.ack):
            self._send(0)  # acknowledges what we never sent
            return
        self.snd_wnd = seg.window
        if before(self.snd_una, seg.ack):
            acked = (seg.ack - self.snd_una) % MODULO
            fin_acked = self.fin_sent and seg.ack == self.snd_nxt and not self.fin_acked
            self.fin_acked = self.fin_acked or fin_acked
            gone = min(acked, len(self.outgoing))
            del self.outgoing[:gone]
            self.pushed = max(0, self.pushed - gone)
            self.snd_una = seg.ack
            self.rto, self.retries = FIRST_RTO, 0
            self._arm_idle()
            if fin_acked:
                if self.state == State.FIN_WAIT_1:
                    self.state = State.FIN_WAIT_2
                elif self.state == State.CLOSING:
                    self._time_wait()
                elif self.state == State.LAST_ACK:
                    self._end("closed")
                    return
        self._push()

    def _arm_idle(self) -> None:
        """Everything acknowledged: no retransmission timer; else one for what is out."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.snd_nxt != self.snd_una:
            self._arm()

    def _fin_arrived(self) -> None:
        self.rcv_nxt = (self.rcv_nxt + 1) % MODULO
        self._send(0)
        if self.state == State.ESTABLISHED:
            self.state = State.CLOSE_WAIT
            self.app.peer_closed(self)
        elif self.state == State.FIN_WAIT_1:
            if self.fin_sent and self.snd_una == self.snd_nxt:
                self._time_wait()
            else:
                self.state = State.CLOSING
        elif self.state == State.FIN_WAIT_2:
            self._time_wait()

    def _time_wait(self) -> None:
        self.state = State.TIME_WAIT
        self._arm(2 * MSL)
        self.app.ended(self, "closed")

    def _end(self, reason: str, quiet: bool = False) -> None:
        """CLOSED: the timer stops, the owner forgets the connection, the application is told."""
        told = self.state == State.TIME_WAIT
        self.state = State.CLOSED
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.owner.forget(self)
        if not told and not quiet:
            self.app.ended(self, reason)
