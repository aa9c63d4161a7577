"""The L2TPv3 control connection (RFC 3931 section 3.3) and its pseudowire sessions: the
L2TPv2 tunnel of protocols/l2tp/tunnel.py (its states, reliable channel, HELLO, StopCCN,
ICRQ/ICRP/ICCN and CDN) with what version 3 says differently: 32-bit ids named by the
Assigned Control Connection ID and Local/Remote Session ID AVPs, Router ID and Pseudowire
Capabilities in SCCRQ/SCCRP, either end placing calls, the Circuit Status of each end's
attachment circuit (ICRQ, ICRP, SLI), the tie breaker of crossing SCCRQs, and the message
digest with its nonces (section 4.3; `digest` in the l2tp-class) beside the CHAP-like
challenge (`authentication`).

Its owner (sim/l2tpv3.py) hears, besides what a Tunnel's owner hears: `answering(connection,
sccrq)` (False: a crossing SCCRQ of the peer's loses the tie and is refused with a StopCCN),
`answer_avps(session)`
(what an ICRP adds: pseudowire type, cookie, circuit status) and `circuit_status(session,
active)` (the far attachment circuit, from an SLI).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

from iosemu.protocols.l2tp import avp, pdu
from iosemu.protocols.l2tp.avp import Avp, Result
from iosemu.protocols.l2tp.channel import Retransmit
from iosemu.protocols.l2tp.pdu import Control, Message
from iosemu.protocols.l2tp.session import (
    ALREADY_EXISTS,
    ESTABLISHED,
    IDLE,
    SHUTDOWN,
    WAIT_CTL_CONN,
    WAIT_CTL_REPLY,
    Session,
)
from iosemu.protocols.l2tp.tunnel import Settings, Tunnel
from iosemu.protocols.l2tpv3 import pdu as v3
from iosemu.protocols.l2tpv3.pdu import CIRCUIT_ACTIVE, MD5, PW_ETHERNET, PW_ETHERNET_VLAN

NONCE_SIZE = 16


@dataclass(frozen=True)
class ClassSettings(Settings):
    """An `l2tp-class`'s settings as a control connection runs them."""

    router_id: IPv4Address = IPv4Address(0)
    initial: Retransmit = Retransmit(2)  # `retransmit initial`: the SCCRQ's, until an SCCRP
    digest: bytes | None = None  # the digest secret (`digest`); None: no message digest
    digest_kind: int = MD5
    class_name: str = "l2tp_default_class"
    # `timeout setup`: a control connection not established by then is given up, and its
    # pseudowires signalled again (one whose SCCRQ the peer acknowledged but never answered)
    setup_timeout: float = 300.0


class ControlConnection(Tunnel):
    TUNNEL_ID, SESSION_ID, ID_SIZE = avp.ASSIGNED_CONNECTION_ID, avp.LOCAL_SESSION_ID, 4
    SETTINGS = ClassSettings
    decode = staticmethod(v3.decode_control)

    def __init__(self, owner, scheduler, rng, local_id, peer, settings, initiator, forget):
        super().__init__(owner, scheduler, rng, local_id, peer, settings, initiator, forget)
        self.nonce = rng.randbytes(NONCE_SIZE)
        self.remote_nonce = b""
        self.tie_breaker = rng.randbytes(8)
        self.nonce_told = False  # our nonce went out in an SCCRQ or SCCRP: the digests use it
        self.digest_failures = 0
        if initiator:
            self.channel.retransmit = settings.initial
        self._setup = scheduler.call_later(settings.setup_timeout, self._setup_expired)

    def stop(self) -> None:
        self._setup.cancel()
        Tunnel.stop(self)

    def _established(self) -> None:
        self._setup.cancel()
        Tunnel._established(self)

    def _setup_expired(self) -> None:
        if self.state in (WAIT_CTL_REPLY, WAIT_CTL_CONN):
            self._abandon("Control connection setup timed out", "setup timeout")

    def lose_tie(self) -> None:
        """Our SCCRQ crossed the peer's and lost the tie: discarded (RFC 3931 section 5.4.3),
        its calls moved by the owner, nothing more sent but the acknowledgement of the StopCCN
        the winner refuses it with (or it goes when its SCCRQ's retransmissions run out)."""
        self.sessions.clear()
        self._set(SHUTDOWN)

    def superseded(self) -> None:
        """The peer opened another connection to this end, now up: it has lost this one (a
        reload), for a peer that sends a tie breaker wants one connection between the two (RFC
        3931 section 5.4.3). Given up without a word, its calls lost with it [M]."""
        self._abandon("Control connection superseded by a new one from the peer", "superseded")

    def withdraw(self) -> None:
        """Gone without a word: a connection that never answered (a lost tie, a bad digest)."""
        self.stop()
        self._forget(self)

    # -- the message digest (section 4.3) ----------------------------------------------------
    def _digest(self, kind: int, sending: bool) -> v3.Digest:
        """How a message is digested: the shared key, and the nonces after an SCCRQ (the
        sender's first; none of ours in the StopCCN that refuses an SCCRQ, which never told it)."""
        nonces = b""
        if kind != pdu.SCCRQ:
            mine = self.nonce if self.nonce_told else b""
            nonces = mine + self.remote_nonce if sending else self.remote_nonce + self.nonce
        return v3.Digest(v3.shared_key(self.settings.digest), self.settings.digest_kind, nonces)

    def receive(self, raw: bytes) -> None:
        if self.settings.digest is not None and len(raw) > v3.HEADER_SIZE:
            packet = self.decode(raw)
            message = packet.message if isinstance(packet, Control) else None
            if message is not None and message.kind == pdu.SCCRP and not self.remote_nonce:
                nonce = message.get(avp.NONCE)
                self.remote_nonce = nonce.value if nonce is not None else b""
            if message is None or not v3.digest_ok(raw, self._digest(message.kind, sending=False)):
                self.digest_failures += 1
                self.debug("Message digest check failed" + (f" in {message.name}" if message else ""))
                if self.state == IDLE and not self.initiator:  # nothing answered: no connection
                    self.withdraw()
                return
        super().receive(raw)

    def _transmit(self, ns: int, nr: int, item) -> None:
        session_id, message = item if item is not None else (0, None)
        if message is not None and message.kind in pdu.SESSION_MESSAGES:
            remote = self._id(avp.REMOTE_SESSION_ID, session_id)
            message = Message(message.kind, (*message.avps, remote), message.mandatory)
        digest = None
        if message is not None and self.settings.digest is not None:
            digest = self._digest(message.kind, sending=True)
        self.owner.send(self, v3.encode_control(self.remote_id, ns, nr, message, digest))

    # -- what version 3 says in its messages ---------------------------------------------------
    def _speaks(self, message: Message) -> bool:
        return True  # the version is the header's (RFC 3931 has no Protocol Version AVP)

    def _takes_calls(self) -> bool:
        return True  # either end of a pseudowire places its call

    def _start_avps(self) -> tuple[Avp, ...]:
        avps = [
            avp.text(avp.HOST_NAME, self.settings.local_name),
            avp.number(avp.ROUTER_ID, int(self.settings.router_id), 4),
            self._id(self.TUNNEL_ID, self.local_id),
            Avp(avp.PW_CAPABILITIES, PW_ETHERNET.to_bytes(2, "big") + PW_ETHERNET_VLAN.to_bytes(2, "big")),
            avp.text(avp.VENDOR_NAME, "Cisco Systems, Inc.", mandatory=False),
        ]
        if self.initiator:
            avps.append(Avp(avp.TIE_BREAKER, self.tie_breaker, mandatory=False))
        if self.settings.digest is not None:
            avps.append(Avp(avp.NONCE, self.nonce))
            self.nonce_told = True
        if self.settings.receive_window is not None:
            avps.append(avp.number(avp.RECEIVE_WINDOW_SIZE, self.settings.receive_window))
        if self.settings.secret is not None:
            self.challenge = self.rng.randbytes(16)
            avps.append(Avp(avp.CHALLENGE, self.challenge))
        return tuple(avps)

    def _peer(self, message: Message) -> None:
        super()._peer(message)
        nonce = message.get(avp.NONCE)
        if nonce is not None:
            self.remote_nonce = nonce.value

    def _icrq_avps(self, session: Session) -> tuple[Avp, ...]:
        serial = avp.number(avp.CALL_SERIAL_NUMBER, session.serial, 4)
        return (self._id(self.SESSION_ID, session.local_id), serial, *session.icrq)

    def _icrp_avps(self, session: Session) -> tuple[Avp, ...]:
        return (self._id(self.SESSION_ID, session.local_id), *self.owner.answer_avps(session))

    def _iccn_avps(self, session: Session) -> tuple[Avp, ...]:
        return (self._id(self.SESSION_ID, session.local_id), *session.iccn)

    def _restart_hello(self) -> None:
        """`hello 0` in the l2tp-class: no keepalives at all."""
        if self.settings.hello:
            Tunnel._restart_hello(self)

    # -- version 3's own messages ----------------------------------------------------------------
    def _sccrq(self, header, message: Message) -> None:
        """Crossing SCCRQs (both ends opening at once): the one with the lower tie breaker
        stands; the winner refuses the losing one with a StopCCN (RFC 3931 section 5.4.3: SHOULD,
        as an explicit rejection), Result Code 3, control connection already exists [M]."""
        if not self.owner.answering(self, message):
            self._peer(message)
            self.debug("Tie breaker lost by the peer's SCCRQ: refused")
            self.clear(Result(ALREADY_EXISTS))
            return
        Tunnel._sccrq(self, header, message)

    def _sccrp(self, header, message: Message) -> None:
        """The peer answers: from now on the class's own retransmission settings."""
        self.channel.retransmit = self.settings.retransmit
        Tunnel._sccrp(self, header, message)

    def _sli(self, header, message: Message) -> None:
        session = self.sessions.get(header.session_id)
        status = message.number(avp.CIRCUIT_STATUS)
        if session is not None and session.state == ESTABLISHED and status is not None:
            self.owner.circuit_status(session, bool(status & CIRCUIT_ACTIVE))

    def send_sli(self, session: Session, active: bool) -> None:
        """Our attachment circuit went up or down: the peer hears it (section 5.4.5)."""
        if session.state == ESTABLISHED:
            status = avp.number(avp.CIRCUIT_STATUS, CIRCUIT_ACTIVE if active else 0)
            self._send(pdu.SLI, (self._id(self.SESSION_ID, session.local_id), status), session.remote_id)

    _HANDLERS = {**Tunnel._HANDLERS, pdu.SCCRQ: _sccrq, pdu.SCCRP: _sccrp, pdu.SLI: _sli}
