"""L2TPv3 pseudowires on a router (`xconnect`): the control connections of protocols/l2tpv3 on
IP protocol 115 of its IP stack, one session per xconnect (or the ids of a manual one), and
the data plane: every frame of an xconnected Ethernet interface (port mode) or dot1Q
subinterface (VLAN mode) goes whole into the pseudowire, behind its session id, cookie and
the L2-Specific Sublayer `sequencing` asks for (protocols/l2tpv3/sequencing.py), and what comes
out of it is sent out of that interface. A packet naming no session of this router, with the
wrong cookie, or out of order where `sequencing receive|both` checks, is dropped and counted.
What happens shows under `debug vpdn l2x-events` and `debug l2tp event`, the drops under
`debug l2tp error`.

Path MTU (`ip pmtu`, the 12.0S L2TPv3 guide's "MTU Handling"): an ICMP fragmentation-needed error
from the core about one of a session's packets sets the session's path MTU, reset after
`PMTU_RESET`; an IP packet from the CE with DF set whose tunnel packet would not fit the path MTU
(the route's interface's IP MTU while none is known) is dropped and answered with a
fragmentation-needed error whose MTU leaves room for the outer IP, L2TPv3 and Layer 2 headers.
With `ip dfbit set` and no `ip pmtu`, a packet that does not fit is dropped, unanswered. Both
count as the session's send drops.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from iosemu.config.interface import parent_name
from iosemu.config.l2tpv3 import REFLECT, TTL, Xconnect
from iosemu.protocols.ip.pdu import ETHERTYPE_IPV4, FRAGMENTATION_NEEDED, UNREACHABLE, Ethernet, Ipv4
from iosemu.protocols.l2tp import avp
from iosemu.protocols.l2tp import session as l2tp
from iosemu.protocols.l2tp.channel import Retransmit
from iosemu.protocols.l2tp.endpoint import Endpoint
from iosemu.protocols.l2tp.session import Session
from iosemu.protocols.l2tpv3 import pdu as v3
from iosemu.protocols.l2tpv3 import sequencing
from iosemu.protocols.l2tpv3.connection import ClassSettings, ControlConnection
from iosemu.protocols.l2tpv3.pdu import CIRCUIT_ACTIVE, CIRCUIT_NEW, L2tpIp
from iosemu.protocols.l2tpv3.sequencing import SUBLAYER_SIZE, Sequencing
from iosemu.sim.l2tp import tunnel_settings

EVENTS = ("vpdn l2x-events", "l2tp event")
ERRORS = "l2tp error"
RETRY = 30.0  # seconds before a pseudowire that could not come up is signalled again [M]
TIE_BREAKER_SIZE = 8
# Cisco's (vendor 9), M bit set, in each ICRQ (as Cisco's openrpd L2tpv3CiscoAVPs.py sends it)
SESSION_TIE_BREAKER = avp.CISCO_SESSION_TIE_BREAKER
ROUTE_WAIT = 1.0  # seconds between two looks for a route to a peer (or a class) a pseudowire lacks
PMTU_RESET = 600.0  # seconds before a learnt path MTU is forgotten (the guide's "periodic timer") [M]


@dataclass(eq=False)
class Pseudowire:
    """One xconnect: its attachment circuit and, while it has one, its session."""

    interface: str
    xconnect: Xconnect
    signalled: bool
    vlan_mode: bool
    session: Session | None = None
    local_cookie: bytes = b""  # what arriving packets must carry
    remote_cookie: bytes = b""  # what the packets sent carry
    circuit_up: bool = False  # this end's attachment circuit
    told_up: bool = False  # the circuit state the peer last heard (ICRQ, ICRP, SLI)
    remote_circuit_up: bool = False
    changed: float = 0.0
    packets_in: int = 0
    packets_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    dropped_in: int = 0  # wrong cookie, out of order, or arriving while the pseudowire is down
    dropped_out: int = 0  # too large for the path MTU with DF set
    retry: object = None
    df_bit: bool = False  # the pseudowire-class's `ip dfbit set`
    pmtu: bool = False  # its `ip pmtu`: the tunnel packet's DF follows the inner packet's
    tos: int | str = 0  # its `ip tos value N`, or REFLECT (the inner packet's TOS byte)
    ttl: int = TTL  # its `ip ttl N`
    path_mtu: int | None = None  # `ip pmtu`: what the last fragmentation-needed error said
    pmtu_reset: object = None  # the timer that forgets it
    tie_breaker: bytes = b""  # the Session Tie Breaker of this end's call (its ICRQ)
    sequencing: Sequencing = field(default_factory=Sequencing)  # its session's sublayer

    @property
    def local_id(self) -> int | None:
        return self.session.local_id if self.session is not None else self.xconnect.local_session

    @property
    def remote_id(self) -> int | None:
        return self.session.remote_id if self.session is not None else self.xconnect.remote_session

    @property
    def established(self) -> bool:
        if not self.signalled:
            return self.xconnect.local_session is not None
        return self.session is not None and self.session.state == l2tp.ESTABLISHED

    @property
    def forwarding(self) -> bool:
        remote = self.remote_circuit_up or not self.signalled
        return self.established and self.circuit_up and remote

    @property
    def pw_type(self) -> int:
        return v3.PW_ETHERNET_VLAN if self.vlan_mode else v3.PW_ETHERNET


class RouterL2tpv3:
    name = "l2tpv3"

    def __init__(self, router):
        self.router = router
        self.scheduler = router.scheduler
        self.endpoint = Endpoint(self, router.scheduler, router.rng, kind=ControlConnection)
        self.pseudowires: dict[str, Pseudowire] = {}  # attachment interface -> its pseudowire
        self.by_session: dict[int, Pseudowire] = {}  # local session id -> pseudowire
        self.unknown_session_drops = 0  # data packets naming no session here
        self.addressed: dict = {}  # peer -> the address of ours its control messages were sent to
        # no pseudowire-class, encapsulation, address or route to the peer yet: looked at again
        # at each reconcile, and every ROUTE_WAIT seconds while one lacks its route
        self.unready: set[Pseudowire] = set()
        self._waiting = None
        router.ip.protocols[v3.PROTOCOL] = self.receive
        router.ip.listeners[("ip", v3.PROTOCOL)] = self.icmp_error

    @property
    def config(self):
        return self.router.config.l2tpv3

    def routes(self) -> list:
        return []

    def close(self) -> None:
        if self._waiting is not None:
            self._waiting.cancel()
        for connection in list(self.endpoint.tunnels.values()):
            connection.stop()
        for pw in self.pseudowires.values():
            _cancel(pw)
            _forget(pw)

    # -- the configuration -------------------------------------------------------------------
    def reconcile(self, touched) -> None:
        interfaces = self.router.config.interfaces
        for name in touched:
            iface = interfaces.get(name)
            wanted = iface.xconnect if iface is not None else None
            pw = self.pseudowires.get(name)
            if pw is not None and pw.xconnect != wanted:
                self._remove(pw)
                pw = None
            if wanted is not None and pw is None:
                pw = self._add(name, wanted)
            if pw is not None:
                self._circuit(pw)
        for pw in self.pseudowires.values():
            self._shape(pw)
        self._ready()

    def _ready(self) -> None:
        """Signal the pseudowires that can be now (a class, an address, a route since)."""
        for pw in list(self.unready):
            self._signal(pw)

    def _wait(self) -> None:
        if self.unready and self._waiting is None:
            self._waiting = self.scheduler.call_later(ROUTE_WAIT, self._waited)

    def _waited(self) -> None:
        self._waiting = None
        self._ready()

    def _add(self, name: str, xconnect: Xconnect) -> Pseudowire:
        pw_class = self._pw_class(xconnect)
        signalled = not xconnect.manual and (pw_class is None or pw_class.signalled)
        pw = Pseudowire(name, xconnect, signalled, "." in name, changed=self.scheduler.now)
        self._shape(pw)
        pw.sequencing = self._sequencing(pw)
        if not signalled:
            pw.local_cookie, pw.remote_cookie = xconnect.local_cookie, xconnect.remote_cookie
            if xconnect.local_session is not None:
                self.by_session[xconnect.local_session] = pw
        self.pseudowires[name] = pw
        port = self.router.ports.get(parent_name(name))
        if port is not None:
            port.attached = self
        return pw

    def _shape(self, pw: Pseudowire) -> None:
        """The outer header its pseudowire-class's `ip` commands give the data packets, read
        again at every reconcile: an edit of the class applies at once to its live sessions, as
        it changes nothing the peer was told [M]; `no ip pmtu` forgets the path MTU."""
        pw_class = self._pw_class(pw.xconnect)
        if pw_class is not None:
            pw.df_bit, pw.pmtu, pw.tos, pw.ttl = pw_class.df_bit, pw_class.pmtu, pw_class.tos, pw_class.ttl
        if not pw.pmtu and pw.path_mtu is not None:
            _forget(pw)

    def _pw_class(self, xconnect: Xconnect):
        """The pseudowire-class an xconnect names (None: none, or not configured)."""
        return self.config.pw_classes.get(xconnect.pw_class)

    def _remove(self, pw: Pseudowire) -> None:
        del self.pseudowires[pw.interface]
        self.unready.discard(pw)
        _cancel(pw)
        _forget(pw)
        if pw.local_id is not None and self.by_session.get(pw.local_id) is pw:
            del self.by_session[pw.local_id]
        session, pw.session = pw.session, None
        if session is not None:
            session.disconnect()
        port = self.router.ports.get(parent_name(pw.interface))
        if port is not None and not any(parent_name(n) == port.name for n in self.pseudowires):
            port.attached = None

    # -- attachment circuits ---------------------------------------------------------------------
    def circuit_changed(self, port: str) -> None:
        for pw in list(self.pseudowires.values()):
            if parent_name(pw.interface) == port:
                self._circuit(pw)

    def _circuit(self, pw: Pseudowire) -> None:
        up = self.router.interface_up(pw.interface)
        if up != pw.circuit_up:
            pw.circuit_up, pw.changed = up, self.scheduler.now
            session = pw.session
            if session is not None and session.state == l2tp.ESTABLISHED:
                self._tell(pw)
            elif session is not None and session.state == l2tp.WAIT_TUNNEL:
                session.icrq = self._offer(pw, icrq=True)  # its ICRQ is still to go
        if pw.signalled and pw.session is None and pw.retry is None:
            self._signal(pw)

    def take(self, port: str, frame: Ethernet) -> bool:
        """A frame off an Ethernet port: the pseudowire's if the port or the subinterface of
        its tag is xconnected."""
        if not isinstance(frame, Ethernet):
            return False
        pw = self.pseudowires.get(port)
        if pw is None and frame.vlan is not None:
            pw = self.pseudowires.get(self.router.interface_for_vlan(port, frame.vlan) or "")
        if pw is None:
            return False
        if pw.forwarding and self.router.interface_up(pw.interface):
            header = v3.data_header(pw.remote_id, pw.remote_cookie) + pw.sequencing.stamp()
            packet = L2tpIp(header, frame)
            session = pw.session  # from its connection's address; a manual one from its class's
            source = session.tunnel.settings.router_id if session is not None else self.local_address(pw)
            df, tos = pw.df_bit, pw.tos
            if pw.pmtu or tos == REFLECT:
                df, tos = _following(pw, frame.payload)
            if df and not self._fits(pw, port, frame, 20 + len(packet), source):
                return True
            if source is not None and self.router.ip.originate(
                pw.xconnect.peer, packet, ttl=pw.ttl, source=source, df=df, tos=tos
            ):
                pw.packets_out += 1
                pw.bytes_out += len(frame)
        return True

    def _fits(self, pw: Pseudowire, port: str, frame: Ethernet, size: int, source) -> bool:
        """Whether a tunnel packet of `size` octets that may not be fragmented fits the path:
        one that does not is dropped, and with `ip pmtu` its IP packet is answered with a
        fragmentation-needed error (the MTU the CE may send: the path MTU less the outer IP,
        L2TPv3 and Layer 2 headers)."""
        mtu = pw.path_mtu or self._egress_mtu(pw.xconnect.peer)
        if mtu is None or size <= mtu:
            return True
        pw.dropped_out += 1
        inner = frame.payload
        if pw.pmtu and isinstance(inner, Ipv4) and inner.df and source is not None:
            error = self.router.ip.fragmentation_needed(inner, mtu - (size - len(inner)), source)
            if error is not None:  # from the tunnel's address, back to the CE's MAC [M]
                vlan = self.router.vlan_of(pw.interface) if pw.vlan_mode else None
                out = self.router.ports[parent_name(port)]
                out.send(Ethernet(frame.src, out.mac, ETHERTYPE_IPV4, error, vlan))
        return False

    def _egress_mtu(self, peer) -> int | None:
        resolved = self.router.ip.rib.resolve(peer)
        return self.router.ip_mtu(resolved[0]) if resolved is not None else None

    def icmp_error(self, packet: Ipv4, when: float) -> None:
        """An ICMP error about one of this router's protocol 115 packets: a fragmentation-needed
        one about a data packet of an `ip pmtu` session sets its path MTU (an error naming no
        MTU, RFC 792's, is ignored [M])."""
        error = packet.payload
        original = error.original
        session_id = v3.session_id_of(original.payload.data) if isinstance(original.payload, L2tpIp) else None
        if error.type != UNREACHABLE or error.code != FRAGMENTATION_NEEDED or not session_id or not error.seq:
            return
        for pw in self.pseudowires.values():
            if pw.pmtu and pw.remote_id == session_id and pw.xconnect.peer == original.dst:
                pw.path_mtu = error.seq
                if pw.pmtu_reset is not None:
                    pw.pmtu_reset.cancel()
                pw.pmtu_reset = self.scheduler.call_later(PMTU_RESET, _forget, pw)

    # -- IP protocol 115 ---------------------------------------------------------------------------
    def receive(self, interface: str | None, packet) -> None:
        payload = packet.payload
        data = payload.data if isinstance(payload, L2tpIp) else b""
        session_id = v3.session_id_of(data)
        if session_id is None:
            return
        if session_id == 0:
            self.addressed[packet.src] = packet.dst
            self.endpoint.receive(packet.src, data[4:])
            return
        pw = self.by_session.get(session_id)
        if pw is None or pw.xconnect.peer != packet.src:
            self.unknown_session_drops += 1
            self._error(f"L2TP: Discarding data packet for unknown session id {session_id} from {packet.src}")
            return
        frame = payload.frame
        ordered = pw.sequencing
        cookie_end = 4 + len(pw.local_cookie)
        sublayer = data[cookie_end:]
        matching = data[4:cookie_end] == pw.local_cookie and len(sublayer) == (
            SUBLAYER_SIZE if ordered.receive_sublayer else 0
        )  # [M] a sublayer missing or too many octets reads to IOS as another cookie
        if not matching or not isinstance(frame, Ethernet) or not pw.forwarding:
            pw.dropped_in += 1
            if not matching:
                self._error(f"L2TP: Discarding data packet for session id {session_id}: cookie mismatch")
            return
        if sublayer and not ordered.accept(sublayer):
            pw.dropped_in += 1  # [M] the wording of the debug line
            self._error(f"L2TP: Discarding data packet for session id {session_id}: out of order")
            return
        pw.packets_in += 1
        pw.bytes_in += len(frame)
        port = self.router.ports.get(parent_name(pw.interface))
        if port is not None and self.router.interface_up(pw.interface):
            port.send(replace(frame, vlan=self.router.vlan_of(pw.interface)) if pw.vlan_mode else frame)

    # -- signalling --------------------------------------------------------------------------------
    def local_address(self, pw: Pseudowire):
        """The address a pseudowire signals and sends from: its pseudowire-class's `ip local
        interface` (None: it cannot run)."""
        pw_class = self._pw_class(pw.xconnect)
        if pw_class is None or pw_class.local_interface is None:
            return None
        return self.router.ip.address_on(pw_class.local_interface)

    def _settings(self, pw: Pseudowire) -> ClassSettings | None:
        pw_class = self._pw_class(pw.xconnect)
        source = self.local_address(pw)
        if pw_class is None or pw_class.encapsulation != "l2tpv3" or source is None:
            return None
        cls = self.config.l2tp_class(pw_class)
        digest = cls.digest_key()
        return tunnel_settings(
            self.router,
            cls,
            cls.hostname,
            cls.secret() if cls.authentication else None,
            kind=ClassSettings,
            router_id=source,
            initial=Retransmit(cls.initial_retries, float(cls.initial_min), float(cls.initial_max)),
            digest=None if digest is None else digest.encode("latin-1"),
            digest_kind=v3.SHA1 if cls.digest_sha else v3.MD5,
            class_name=cls.name,
            setup_timeout=float(cls.setup_timeout),
        )

    def _signal(self, pw: Pseudowire) -> None:
        """Place the pseudowire's call, through the control connection to its peer (opened
        if there is none)."""
        settings = self._settings(pw)
        peer = pw.xconnect.peer
        if settings is None:  # looked at again when the configuration changes
            self.unready.add(pw)
            return
        if self.router.ip.rib.resolve(peer) is None:  # and again every ROUTE_WAIT seconds
            self.unready.add(pw)
            self._wait()
            return
        self.unready.discard(pw)
        connection = next(
            (c for c in self.endpoint.tunnels.values() if c.peer == peer and c.state != l2tp.SHUTDOWN), None
        )
        if connection is None:
            connection = self.endpoint.open(peer, settings)
        size = self._cookie_size(pw)
        pw.local_cookie = self.router.rng.randbytes(size) if size else b""
        pw.tie_breaker = self.router.rng.randbytes(TIE_BREAKER_SIZE)
        pw.sequencing = self._sequencing(pw)
        pw.session = connection.call(icrq=self._offer(pw, icrq=True))
        self.by_session[pw.session.local_id] = pw

    def _tell(self, pw: Pseudowire) -> None:
        """An SLI with the attachment circuit's state, if the peer last heard another."""
        if pw.told_up != pw.circuit_up:
            pw.told_up = pw.circuit_up
            pw.session.tunnel.send_sli(pw.session, pw.circuit_up)

    def _offer(self, pw: Pseudowire, icrq: bool = False) -> tuple:
        """What this end says of its pseudowire in an ICRQ or ICRP (RFC 3931 section 5.4)."""
        pw.told_up = pw.circuit_up
        status = (CIRCUIT_ACTIVE if pw.circuit_up else 0) | CIRCUIT_NEW
        avps = [avp.number(avp.PW_TYPE, pw.pw_type), avp.number(avp.CIRCUIT_STATUS, status)]
        if icrq:
            avps.append(avp.number(avp.REMOTE_END_ID, pw.xconnect.vcid, 4))
            avps.append(avp.Avp(SESSION_TIE_BREAKER, pw.tie_breaker, vendor=avp.CISCO))
        if pw.local_cookie:
            avps.append(avp.Avp(avp.ASSIGNED_COOKIE, pw.local_cookie))
        if pw.sequencing.configured:
            avps += sequencing.avps()
        return tuple(avps)

    def _learn(self, pw: Pseudowire, message) -> None:
        cookie = message.get(avp.ASSIGNED_COOKIE)
        pw.remote_cookie = cookie.value if cookie is not None else b""
        status = message.number(avp.CIRCUIT_STATUS)
        if status is not None:
            pw.remote_circuit_up = bool(status & CIRCUIT_ACTIVE)
        pw.sequencing.learn(message.number(avp.L2_SUBLAYER), message.number(avp.DATA_SEQUENCING))

    def _retry_later(self, pw: Pseudowire) -> None:
        if pw.retry is None and self.pseudowires.get(pw.interface) is pw:
            pw.retry = self.scheduler.call_later(RETRY, self._retried, pw)

    def _retried(self, pw: Pseudowire) -> None:
        pw.retry = None
        if self.pseudowires.get(pw.interface) is pw and pw.session is None:
            self._signal(pw)

    # -- the endpoint's owner ------------------------------------------------------------------------
    def send(self, connection: ControlConnection, raw: bytes) -> None:
        """From the address the connection was opened or accepted with (its Router ID), even
        once no pseudowire names the peer (the CDN of the last one); a refused one answers from
        the address the peer sent to."""
        source = connection.settings.router_id
        if not int(source):  # refused: from the address the peer sent to
            source = self.addressed.get(connection.peer)
        self.router.ip.originate(connection.peer, L2tpIp(bytes(4) + raw), source=source)

    def accept(self, peer, host: str) -> ClassSettings | None:
        """A peer's SCCRQ: answered with the class of a pseudowire this end has to it."""
        for pw in self.pseudowires.values():
            if pw.signalled and pw.xconnect.peer == peer:
                return self._settings(pw)
        return None

    def answering(self, connection: ControlConnection, sccrq) -> bool:
        """Crossing SCCRQs: ours to the same peer, still waiting, against the peer's; the
        lower tie breaker stands. Ours losing, it is discarded and its calls move to the peer's
        connection (placed again once it is up)."""
        theirs = sccrq.get(avp.TIE_BREAKER)
        ours = next(
            (
                c
                for c in self.endpoint.tunnels.values()
                if c is not connection
                and c.peer == connection.peer
                and c.initiator
                and c.state == l2tp.WAIT_CTL_REPLY
            ),
            None,
        )
        if ours is None or theirs is None:
            return True
        if theirs.value >= ours.tie_breaker:
            return False
        for session in ours.sessions.values():
            pw = self.by_session.pop(session.local_id, None)
            if pw is not None:
                pw.session = None
        ours.lose_tie()
        return True

    def tunnel_up(self, connection: ControlConnection) -> None:
        """A connection up: an older one to the same peer is stale (the peer reloaded, and its
        sessions are placed again through this one), and the pseudowires waiting signal."""
        for old in list(self.endpoint.tunnels.values()):
            if old is not connection and old.peer == connection.peer and old.state == l2tp.ESTABLISHED:
                old.superseded()
        for pw in self.pseudowires.values():
            if pw.signalled and pw.session is None and pw.xconnect.peer == connection.peer:
                _cancel(pw)
                self._signal(pw)

    def tunnel_down(self, connection: ControlConnection, reason: str) -> None:
        for pw in self.pseudowires.values():
            if pw.signalled and pw.session is None and pw.xconnect.peer == connection.peer:
                self._retry_later(pw)

    def incoming_call(self, session: Session, icrq) -> bool:
        """The peer's ICRQ: the pseudowire of its VCID (Remote End ID) and type, if this end
        has one to that peer. Crossing calls of one pseudowire: the lower Session Tie Breaker's
        stands (a call without one loses; with equal ones each end refuses the other's, and
        both are placed again)."""
        vcid = icrq.number(avp.REMOTE_END_ID)
        connection = session.tunnel
        pw = next(
            (
                p
                for p in self.pseudowires.values()
                if p.signalled and p.xconnect.peer == connection.peer and p.xconnect.vcid == vcid
            ),
            None,
        )
        if pw is None or icrq.number(avp.PW_TYPE) != pw.pw_type or self._settings(pw) is None:
            self.debug(f"L2TP: No xconnect for VC id {vcid} of {connection.peer}: call refused")
            return False
        old = pw.session
        if old is not None:
            theirs = icrq.get(SESSION_TIE_BREAKER, avp.CISCO)
            if old.state == l2tp.ESTABLISHED or theirs is None or theirs.value >= pw.tie_breaker:
                return False
            self.by_session.pop(old.local_id, None)
        _cancel(pw)
        pw.session = session
        self.by_session[session.local_id] = pw
        if old is None:
            size = self._cookie_size(pw)
            pw.local_cookie = self.router.rng.randbytes(size) if size else b""
        pw.sequencing = self._sequencing(pw)
        self._learn(pw, icrq)
        if old is not None:
            old.disconnect()
        return True

    def _sequencing(self, pw: Pseudowire) -> Sequencing:
        """A new session's sequencing, from its pseudowire-class; a manual session has no
        AVPs to ask with, so it sends the sublayer it expects (both ends configured alike)."""
        pw_class = self._pw_class(pw.xconnect)
        directions = pw_class.sequencing if pw_class is not None else frozenset()
        made = Sequencing(bool(directions), "receive" in directions, pw_class.resync if pw_class else None)
        made.send_sublayer = made.configured and not pw.signalled
        return made

    def _cookie_size(self, pw: Pseudowire) -> int:
        return self.config.l2tp_class(self.config.pw_classes[pw.xconnect.pw_class]).cookie_size

    def answer_avps(self, session: Session) -> tuple:
        pw = self.by_session.get(session.local_id)
        return self._offer(pw) if pw is not None else ()

    def session_up(self, session: Session, message) -> None:
        pw = self.by_session.get(session.local_id)
        if pw is None:
            return
        if message.kind == v3.pdu.ICRP:
            self._learn(pw, message)
        pw.changed = self.scheduler.now
        self._tell(pw)  # the circuit changed while the call was being set up

    def session_down(self, session: Session, result) -> None:
        pw = self.by_session.get(session.local_id)
        if pw is None or pw.session is not session:
            return
        del self.by_session[session.local_id]
        pw.session, pw.remote_circuit_up, pw.changed = None, False, self.scheduler.now
        _forget(pw)
        self._retry_later(pw)

    def circuit_status(self, session: Session, active: bool) -> None:
        pw = self.by_session.get(session.local_id)
        if pw is not None:
            pw.remote_circuit_up, pw.changed = active, self.scheduler.now

    def debug(self, text: str) -> None:
        if any(flag in self.router.debugs for flag in EVENTS):
            self.router.log(text)

    def _error(self, text: str) -> None:
        if ERRORS in self.router.debugs:
            self.router.log(text)


def _following(pw: Pseudowire, inner) -> tuple[bool, int]:
    """The DF bit and TOS byte of a tunnel packet that follows the packet it carries: `ip pmtu`
    copies DF (which `ip dfbit set` sets whatever it is), `ip tos reflect` the TOS byte (the
    12.0(29)S guide's `ip pmtu` and `ip tos` pages); a frame carrying no IP packet gives DF
    clear and TOS 0 [M]."""
    ip = inner if isinstance(inner, Ipv4) else None
    df = pw.df_bit or (pw.pmtu and ip is not None and ip.df)
    tos = pw.tos if pw.tos != REFLECT else ip.tos if ip is not None else 0
    return df, tos


def _forget(pw: Pseudowire) -> None:
    """The path MTU back to not known (its timer ran out, or `ip pmtu` was removed)."""
    if pw.pmtu_reset is not None:
        pw.pmtu_reset.cancel()
    pw.path_mtu = pw.pmtu_reset = None


def _cancel(pw: Pseudowire) -> None:
    if pw.retry is not None:
        pw.retry.cancel()
        pw.retry = None
