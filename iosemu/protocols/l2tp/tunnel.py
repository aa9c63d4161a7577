"""The L2TP control connection (RFC 2661 section 7.2) and its incoming-call sessions (7.4):
SCCRQ, SCCRP, SCCCN with tunnel authentication (5.1.1), HELLO keepalives after IOS's `l2tp
tunnel hello` of silence, StopCCN and CDN with their result codes, PPP frames in data messages.

A tunnel is made by its `Endpoint` (endpoint.py) with its local id, its peer (whatever the
owner addresses it by) and `Settings`, and is handed every packet that names that id. The
owner, the router's L2TP service, sends the bytes (`send(tunnel, raw)`) and hears what
happens: `tunnel_up(tunnel)`, `tunnel_down(tunnel, reason)`, `incoming_call(session, icrq)`
(the LNS: accept or refuse a call), `session_up(session, message)`, `session_down(session,
result)`, `session_data(session, payload)` and `debug(text)` (`debug vpdn l2x-events` lines).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from iosemu.protocols.l2tp import avp, pdu
from iosemu.protocols.l2tp.avp import Avp, Result
from iosemu.protocols.l2tp.channel import ControlChannel, Retransmit
from iosemu.protocols.l2tp.pdu import Control, Data, Discard, Header, Message
from iosemu.protocols.l2tp.session import (
    BAD_VERSION,
    CALL_ERROR,
    CLEAR,
    ESTABLISHED,
    FSM_ERROR,
    GENERAL_ERROR,
    IDLE,
    LOST_CARRIER,
    NOT_AUTHORIZED,
    PERMANENT,
    SHUTDOWN,
    WAIT_CONNECT,
    WAIT_CTL_CONN,
    WAIT_CTL_REPLY,
    WAIT_REPLY,
    WAIT_TUNNEL,
    Session,
)

CLEARED = Result(CLEAR)
PROTOCOL_1_0 = b"\x01\x00"  # Protocol Version 1, revision 0
CHALLENGE_SIZE = 16
FRAMING = avp.FRAMING_SYNC | avp.FRAMING_ASYNC


def response(kind: int, secret: bytes, challenge: bytes) -> bytes:
    """Section 5.1.1: MD5 of the response's message type (one octet), the secret, the challenge."""
    return hashlib.md5(bytes((kind,)) + secret + challenge).digest()


@dataclass(frozen=True)
class Settings:
    local_name: str
    secret: bytes | None = None  # None: no tunnel authentication
    hello: float = 60.0  # `l2tp tunnel hello`
    retransmit: Retransmit = Retransmit()
    receive_window: int | None = None  # `l2tp tunnel receive-window`; None: not advertised
    challenge: bool = True  # with a secret, challenge the peer (an l2tp-class's `authentication`)


class Tunnel:
    # What a version names its ids by (RFC 3931 has 32-bit ones of other attributes).
    TUNNEL_ID, SESSION_ID, ID_SIZE = avp.ASSIGNED_TUNNEL_ID, avp.ASSIGNED_SESSION_ID, 2
    SETTINGS = Settings

    def __init__(
        self, owner, scheduler, rng, local_id: int, peer, settings: Settings, initiator: bool, forget
    ):
        self.owner, self.scheduler, self.rng = owner, scheduler, rng
        self.local_id, self.remote_id, self.peer = local_id, 0, peer
        self._forget = forget  # the endpoint's: the tunnel is gone
        self.settings = settings
        self.initiator = initiator
        self.remote_name: str | None = None
        self.state = IDLE
        self.sessions: dict[int, Session] = {}
        self.challenge = b""  # ours, when we authenticate the peer
        self.channel = ControlChannel(scheduler, self._transmit, self._gave_up, settings.retransmit)
        self._hello = None
        self._serial = 0
        self.finished = False
        self.refused = False  # an SCCRQ no configuration accepts: answered with a StopCCN

    # -- what the owner asks -------------------------------------------------------------------
    def open(self) -> None:
        """The LAC: ask for the control connection (SCCRQ)."""
        self._send(pdu.SCCRQ, self._start_avps())
        self._set(WAIT_CTL_REPLY)

    def call(self, icrq=(), iccn=()) -> Session:
        """The LAC: place an incoming call through the tunnel; it waits for the tunnel to come up."""
        self._serial += 1
        session = Session(self, self._new_session_id(), self._serial, False, icrq, iccn)
        self.sessions[session.local_id] = session
        session._set(WAIT_TUNNEL)
        if self.state == ESTABLISHED:
            self._request(session)
        return session

    def clear(self, result: Result = CLEARED) -> None:
        """Tear the tunnel down with a StopCCN; it is gone once that is acknowledged."""
        if self.state == SHUTDOWN or self.finished:
            return
        self._send(pdu.STOPCCN, (self._id(self.TUNNEL_ID, self.local_id), _result(result)))
        self._set(SHUTDOWN)
        self._drop_sessions(Result(LOST_CARRIER))
        self._cancel_hello()

    def stop(self) -> None:
        """Quietly, with nothing sent (the router reloads): its timers stop."""
        self.finished = True
        self.channel.close()
        self._cancel_hello()

    def receive(self, raw: bytes) -> None:
        """A packet whose header names this tunnel."""
        packet = self.decode(raw, self.settings.secret)
        if isinstance(packet, Discard):
            self.debug(f"Discarding packet: {packet.reason}")
        elif isinstance(packet, Data):
            self.receive_data(packet.header.session_id, packet.payload)
        else:
            self._control(packet)

    def receive_data(self, session_id: int, frame) -> None:
        """A data message's PPP frame, for the session it names (none other is open to it)."""
        session = self.sessions.get(session_id)
        if session is not None and session.state == ESTABLISHED:
            session.packets_in += 1
            session.bytes_in += len(frame)
            self.owner.session_data(session, frame)

    # -- control messages --------------------------------------------------------------------
    def _control(self, packet: Control) -> None:
        header, message = packet.header, packet.message
        if not self.channel.receive(header.ns, header.nr, packet.zlb):
            self._settle()
            return
        self._restart_hello()
        if message is not None:
            host = message.get(avp.HOST_NAME)
            sender = self.remote_name or (host.text if host is not None else None)
            self.debug(f"I {message.name}" + (f" from {sender}" if sender else ""))
        if packet.fault is not None:
            self._fault(header, message, packet.fault)
        elif message is not None and message.kind in pdu.REQUIRED:
            handler = self._HANDLERS.get(message.kind)
            if handler is None:
                self.clear(Result(GENERAL_ERROR, avp.NO_ERROR, f"{message.name} not supported"))
            else:
                handler(self, header, message)
        self.channel.flush()
        self._settle()

    def _fault(self, header: Header, message: Message | None, fault) -> None:
        """Section 4.2: a fault in a session's message clears the session (CDN), any other the
        tunnel (StopCCN); a faulty ICRQ that names its caller's session gets a CDN of its own."""
        session = self.sessions.get(header.session_id) if header.session_id else None
        caller = message.number(self.SESSION_ID) if message is not None else None
        if message is not None and message.kind in pdu.SESSION_MESSAGES and session is not None:
            self.send_cdn(session, Result(CALL_ERROR, fault.error, fault.reason))
        elif message is not None and message.kind == pdu.ICRQ and caller:
            self._send_cdn(self._new_session_id(), caller, Result(CALL_ERROR, fault.error, fault.reason))
        else:
            self.clear(Result(GENERAL_ERROR, fault.error, fault.reason))

    def _sccrq(self, header: Header, message: Message) -> None:
        if self.state != IDLE or self.initiator:
            self.clear(Result(FSM_ERROR))
            return
        self._peer(message)
        if self.refused:
            self.debug(f"No tunnel configured for {self.remote_name}")
            self.clear(Result(NOT_AUTHORIZED))
            return
        if not self._speaks(message):
            self.clear(Result(BAD_VERSION, 0x0100))
            return
        answer = self._answer(message, pdu.SCCRP)
        if answer is None:
            return
        self._send(pdu.SCCRP, self._start_avps() + answer)
        self._set(WAIT_CTL_CONN)

    def _sccrp(self, header: Header, message: Message) -> None:
        if self.state != WAIT_CTL_REPLY:
            self.clear(Result(FSM_ERROR))
            return
        self._peer(message)
        if not self._verified(message):
            return
        answer = self._answer(message, pdu.SCCCN)
        if answer is None:
            return
        self._send(pdu.SCCCN, answer)
        self._established()

    def _scccn(self, header: Header, message: Message) -> None:
        if self.state != WAIT_CTL_CONN:
            self.clear(Result(FSM_ERROR))
        elif self._verified(message):
            self._established()

    def _stopccn(self, header: Header, message: Message) -> None:
        if not self.remote_id:  # refused before it said its id: the ZLB goes to the one it gives
            self.remote_id = message.number(self.TUNNEL_ID) or 0
        self.channel.flush()  # the ZLB that acknowledges it goes out before the tunnel does
        result = avp.read_result(message.get(avp.RESULT_CODE))
        self._drop_sessions(Result(LOST_CARRIER))
        self._finish(f"StopCCN result {result.result}" + (f", error {result.error}" if result.error else ""))

    def _hello_received(self, header: Header, message: Message) -> None:
        """Acknowledged, nothing more (section 6.5)."""

    def _icrq(self, header: Header, message: Message) -> None:
        if self.state != ESTABLISHED or not self._takes_calls():
            self.clear(Result(FSM_ERROR))
            return
        session = Session(self, self._new_session_id(), message.number(avp.CALL_SERIAL_NUMBER), True)
        session.remote_id = message.number(self.SESSION_ID)
        self.sessions[session.local_id] = session
        if not self.owner.incoming_call(session, message):
            self.send_cdn(session, Result(PERMANENT))
            return
        self._send(pdu.ICRP, self._icrp_avps(session), session.remote_id)
        self.debug(f"O ICRP to {self.remote_name} {self.remote_id}/{session.remote_id}", session)
        session._set(WAIT_CONNECT)

    def _icrp(self, header: Header, message: Message) -> None:
        session = self.sessions.get(header.session_id)
        if session is None or session.state != WAIT_REPLY:
            return
        session.remote_id = message.number(self.SESSION_ID)
        self._send(pdu.ICCN, self._iccn_avps(session), session.remote_id)
        self.debug(f"O ICCN to {self.remote_name} {self.remote_id}/{session.remote_id}", session)
        session._set(ESTABLISHED)
        self.owner.session_up(session, message)

    def _iccn(self, header: Header, message: Message) -> None:
        session = self.sessions.get(header.session_id)
        if session is None or session.state != WAIT_CONNECT:
            return
        session._set(ESTABLISHED)
        self.owner.session_up(session, message)

    def _cdn(self, header: Header, message: Message) -> None:
        """A call cleared by the peer. One it clears before our answer (ICRP) reached it names
        no session of ours (session id 0): its own id (Assigned / Local Session ID) tells
        which call of ours it was (RFC 2661 section 6.13, RFC 3931 section 5.4.4)."""
        session_id, caller = header.session_id, message.number(self.SESSION_ID)
        if not session_id and caller:
            session_id = next((s.local_id for s in self.sessions.values() if s.remote_id == caller), 0)
        session = self.sessions.pop(session_id, None)
        if session is not None:
            session._set(IDLE)
            self.owner.session_down(session, avp.read_result(message.get(avp.RESULT_CODE)))

    _HANDLERS = {
        pdu.SCCRQ: _sccrq,
        pdu.SCCRP: _sccrp,
        pdu.SCCCN: _scccn,
        pdu.STOPCCN: _stopccn,
        pdu.HELLO: _hello_received,
        pdu.ICRQ: _icrq,
        pdu.ICRP: _icrp,
        pdu.ICCN: _iccn,
        pdu.CDN: _cdn,
    }

    # -- pieces ------------------------------------------------------------------------------
    def send_cdn(self, session: Session, result: Result) -> None:
        self.sessions.pop(session.local_id, None)
        if session.state != WAIT_TUNNEL:  # a call still waiting for its tunnel has told nobody
            self._send_cdn(session.local_id, session.remote_id, result)
        session._set(IDLE)
        self.owner.session_down(session, result)

    def _send_cdn(self, local_id: int, remote_id: int, result: Result) -> None:
        self._send(pdu.CDN, (_result(result), self._id(self.SESSION_ID, local_id)), remote_id)

    # -- what a version says in its messages (L2TPv3 overrides: protocols/l2tpv3/connection.py) -----
    decode = staticmethod(pdu.decode)

    def _id(self, attribute: int, value: int) -> Avp:
        return avp.number(attribute, value, self.ID_SIZE)

    def _speaks(self, message: Message) -> bool:
        """The peer's SCCRQ asks for a version this end runs."""
        return message.get(avp.PROTOCOL_VERSION).value == PROTOCOL_1_0

    def _takes_calls(self) -> bool:
        """Whether the peer may place calls through this tunnel (RFC 2661: the LAC's, to the LNS)."""
        return not self.initiator

    def _icrq_avps(self, session: Session) -> tuple[Avp, ...]:
        return (
            self._id(self.SESSION_ID, session.local_id),
            avp.number(avp.CALL_SERIAL_NUMBER, session.serial, 4),
            avp.number(avp.BEARER_TYPE, avp.BEARER_ANALOG, 4),
            *session.icrq,
        )

    def _icrp_avps(self, session: Session) -> tuple[Avp, ...]:
        return (self._id(self.SESSION_ID, session.local_id),)

    def _iccn_avps(self, session: Session) -> tuple[Avp, ...]:
        speed = avp.number(avp.TX_CONNECT_SPEED, 100000000, 4)
        return (speed, avp.number(avp.FRAMING_TYPE, 1, 4), *session.iccn)

    def _start_avps(self) -> tuple[Avp, ...]:
        """What SCCRQ and SCCRP carry: version, host name, framing, our tunnel id, the window,
        and our challenge when we authenticate the peer."""
        avps = [
            Avp(avp.PROTOCOL_VERSION, PROTOCOL_1_0),
            avp.text(avp.HOST_NAME, self.settings.local_name),
            avp.number(avp.FRAMING_CAPABILITIES, FRAMING, 4),
            avp.number(avp.ASSIGNED_TUNNEL_ID, self.local_id),
            avp.text(avp.VENDOR_NAME, "Cisco Systems, Inc.", mandatory=False),
        ]
        if self.settings.receive_window is not None:
            avps.append(avp.number(avp.RECEIVE_WINDOW_SIZE, self.settings.receive_window))
        if self.settings.secret is not None and self.settings.challenge:
            self.challenge = self.rng.randbytes(CHALLENGE_SIZE)
            avps.append(Avp(avp.CHALLENGE, self.challenge))
        return tuple(avps)

    def _peer(self, message: Message) -> None:
        self.remote_id = message.number(self.TUNNEL_ID)
        self.remote_name = message.get(avp.HOST_NAME).text
        window = message.number(avp.RECEIVE_WINDOW_SIZE)
        if window:
            self.channel.window = window

    def _answer(self, message: Message, kind: int) -> tuple[Avp, ...] | None:
        """Our Challenge Response to the peer's challenge (none if it sent none); None, and the
        tunnel refused, when we have no secret to answer with."""
        challenge = message.get(avp.CHALLENGE)
        if challenge is None:
            return ()
        if self.settings.secret is None:
            self.debug(f"Got a challenge from remote peer, {self.remote_name}, but no secret to answer with")
            self.clear(Result(NOT_AUTHORIZED))
            return None
        self.debug(f"Got a challenge from remote peer, {self.remote_name}")
        return (Avp(avp.CHALLENGE_RESPONSE, response(kind, self.settings.secret, challenge.value)),)

    def _verified(self, message: Message) -> bool:
        """The peer's answer to our challenge (section 5.1.1); a wrong or missing one refuses
        the tunnel (StopCCN: not authorized)."""
        if self.settings.secret is None or not self.settings.challenge:
            return True
        got = message.get(avp.CHALLENGE_RESPONSE)
        expected = response(message.kind, self.settings.secret, self.challenge)
        if got is not None:
            self.debug(f"Got a response from remote peer, {self.remote_name}")
        if got is None or got.value != expected:
            self.debug("Tunnel Authentication fails for " + str(self.remote_name))
            self.clear(Result(NOT_AUTHORIZED))
            return False
        self.debug("Tunnel Authentication success")
        return True

    def _established(self) -> None:
        self._set(ESTABLISHED)
        self.owner.tunnel_up(self)
        for session in list(self.sessions.values()):
            if session.state == WAIT_TUNNEL:
                self._request(session)

    def _request(self, session: Session) -> None:
        session._set(WAIT_REPLY)
        self._send(pdu.ICRQ, self._icrq_avps(session))
        self.debug(f"O ICRQ to {self.remote_name} {self.remote_id}/0", session)

    def _send(self, kind: int, avps: tuple[Avp, ...], session_id: int = 0) -> None:
        if kind in (pdu.SCCRQ, pdu.SCCRP, pdu.SCCCN, pdu.STOPCCN):
            to = f" to {self.remote_name} tnlid {self.remote_id}" if kind == pdu.SCCCN else ""
            self.debug(f"O {pdu.NAMES[kind]}{to}")
        self.channel.send((session_id, Message(kind, avps)))

    def _transmit(self, ns: int, nr: int, item) -> None:
        session_id, message = item if item is not None else (0, None)
        header = Header(self.remote_id, session_id, ns=ns, nr=nr)
        self.owner.send(self, pdu.encode_control(header, message))

    def _new_session_id(self) -> int:
        while True:
            local_id = self.rng.randint(1, (1 << 8 * self.ID_SIZE) - 1)
            if local_id not in self.sessions:
                return local_id

    def _set(self, state: str) -> None:
        self.debug(f"Tunnel state change from {self.state} to {state}")
        self.state = state

    def _drop_sessions(self, result: Result) -> None:
        for session in list(self.sessions.values()):
            session._set(IDLE)
            self.owner.session_down(session, result)
        self.sessions.clear()

    def _settle(self) -> None:
        """A StopCCN of ours acknowledged: the tunnel is gone."""
        if self.state == SHUTDOWN and self.channel.settled:
            self._finish("cleared")

    def _gave_up(self) -> None:
        self._abandon("Tunnel retransmission limit exceeded", "no response")

    def _abandon(self, text: str, reason: str) -> None:
        """Gone without a word to the peer: its calls lost with it."""
        self.debug(text)
        self._drop_sessions(Result(LOST_CARRIER))
        self._finish(reason)

    def _finish(self, reason: str) -> None:
        if self.finished:
            return
        self.finished = True
        self.channel.close()
        self._cancel_hello()
        if self.state != IDLE:
            self._set(IDLE)
        self._forget(self)
        self.owner.tunnel_down(self, reason)

    def _restart_hello(self) -> None:
        self._cancel_hello()
        if self.state not in (IDLE, SHUTDOWN):
            self._hello = self.scheduler.call_later(self.settings.hello, self._say_hello)

    def _cancel_hello(self) -> None:
        if self._hello is not None:
            self._hello.cancel()
            self._hello = None

    def _say_hello(self) -> None:
        self._hello = None
        if self.state == ESTABLISHED:
            self.channel.send((0, Message(pdu.HELLO)))
        self._restart_hello()

    def debug(self, text: str, session: Session | None = None) -> None:
        where = f"Tnl {self.local_id}" if session is None else f"Tnl/Sn {self.local_id}/{session.local_id}"
        self.owner.debug(f"{where} L2TP: {text}")


def _result(result: Result) -> Avp:
    return avp.result_code(result.result, result.error, result.message)
