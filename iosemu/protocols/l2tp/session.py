"""An L2TP call (RFC 2661 section 7.4: incoming calls) inside its tunnel: the states IOS's
debug names, the result codes of section 4.4.2, the call's ids and counters, and its PPP frames
out in data messages; the tunnel (tunnel.py) runs the messages that move it.
"""

from __future__ import annotations

from iosemu.protocols.l2tp.avp import Result
from iosemu.protocols.l2tp.pdu import DataMessage, Header

# StopCCN result codes (section 4.4.2).
CLEAR, GENERAL_ERROR, ALREADY_EXISTS, NOT_AUTHORIZED, BAD_VERSION, SHUTTING_DOWN, FSM_ERROR = range(1, 8)
# CDN result codes.
LOST_CARRIER, CALL_ERROR, ADMINISTRATIVE, TEMPORARY, PERMANENT, INVALID_DESTINATION = range(1, 7)
NO_CARRIER, BUSY, NO_DIAL_TONE, NOT_ESTABLISHED, NO_FRAMING = range(7, 12)

IDLE, WAIT_CTL_REPLY, WAIT_CTL_CONN, ESTABLISHED, SHUTDOWN = (
    "idle",
    "wait-ctl-reply",
    "wait-ctl-conn",
    "established",
    "shutdown",
)
WAIT_TUNNEL, WAIT_REPLY, WAIT_CONNECT = "wait-for-tunnel", "wait-reply", "wait-connect"


class Session:
    """One call in a tunnel: the LAC's (`incoming` false: it places the call) or the LNS's."""

    def __init__(self, tunnel, local_id: int, serial: int, incoming: bool, icrq=(), iccn=()):
        self.tunnel = tunnel
        self.local_id, self.remote_id, self.serial = local_id, 0, serial
        self.incoming = incoming
        self.icrq, self.iccn = tuple(icrq), tuple(iccn)  # the AVPs this LAC adds to its ICRQ and ICCN
        self.state = IDLE
        self.changed = tunnel.scheduler.now
        self.packets_in = self.packets_out = self.bytes_in = self.bytes_out = 0

    def send(self, frame) -> None:
        """A PPP frame (bytes, or a frame object) to the far end, in a data message."""
        if self.state != ESTABLISHED:
            return
        self.packets_out += 1
        self.bytes_out += len(frame)
        header = Header(self.tunnel.remote_id, self.remote_id, control=False, ns=None, nr=None, length=False)
        self.tunnel.owner.send(self.tunnel, DataMessage(header, frame))

    def disconnect(self, result: int = ADMINISTRATIVE) -> None:
        """Clear the call with a CDN."""
        if self.state != IDLE:
            self.tunnel.send_cdn(self, Result(result))

    def _set(self, state: str) -> None:
        if state == self.state:  # a call refused before it started: no change to tell
            return
        self.tunnel.debug(f"Session state change from {self.state} to {state}", self)
        self.state, self.changed = state, self.tunnel.scheduler.now
