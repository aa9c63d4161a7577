"""L2TP on a router (VPDN): the tunnels of protocols/l2tp over UDP 1701 of its IP stack, as its
`vpdn enable` and `vpdn-group`s say.

As a LAC, it is one of the router's PPP forwarders: a PPP line whose peer authenticates as
`user@domain` of a group's domain is forwarded (partial authentication) through that group's
tunnel to its `initiate-to` address (opened with the first call), the call relaying the
line's frames both ways. As an LNS, it accepts a tunnel from the host an `accept-dialin`
group terminates, and each call on it gets a Virtual-Access cloned from the group's
`virtual-template` (sim/virtual_access.py), whose PPP runs with the user through the tunnel
(LCP renegotiated, the user authenticated again, IPCP giving its address).
What happens shows under `debug vpdn l2x-events` and `debug vpdn event`.
"""

from __future__ import annotations

from iosemu.protocols.ip.pdu import Udp
from iosemu.protocols.l2tp import avp
from iosemu.protocols.l2tp import session as l2tp
from iosemu.protocols.l2tp.avp import Avp
from iosemu.protocols.l2tp.channel import Retransmit
from iosemu.protocols.l2tp.endpoint import Endpoint
from iosemu.protocols.l2tp.pdu import PORT
from iosemu.protocols.l2tp.session import ESTABLISHED, Session
from iosemu.protocols.l2tp.tunnel import Settings, Tunnel
from iosemu.protocols.ppp.pdu import PppFrame
from iosemu.sim import virtual_access

EVENTS, EVENT = "vpdn l2x-events", "vpdn event"
PROXY_TYPES = {"chap": 2, "pap": 3}  # Proxy Authen Type values (RFC 2661 section 4.4.5)


class Call:
    """One call through a tunnel as the router sees it: its user, IOS's unique id, and the
    interface it runs on. At a LAC it is the relay of the forwarded PPP line (`engine`); at
    an LNS, the cable of its Virtual-Access (`port`)."""

    def __init__(self, session: Session, user: str, uniq: int):
        self.session, self.user, self.uniq = session, user, uniq
        self.engine = None  # the LAC's PPP line
        self.port = None  # the LNS's Virtual-Access
        self.template: int | None = None  # and the Virtual-Template it was cloned from

    @property
    def interface(self) -> str:
        """What the Intf column of show vpdn names: the line or the Virtual-Access."""
        port = self.port if self.port is not None else self.engine.port if self.engine is not None else None
        return port.short_name if port is not None else "-"

    # -- the relay of a LAC's line ------------------------------------------------------------
    def send(self, frame) -> None:
        self.session.send(frame)

    def close(self) -> None:
        """The line went: the call is cleared."""
        self.engine = None
        self.session.disconnect()

    # -- the cable of an LNS's Virtual-Access --------------------------------------------------
    def carrier(self, end) -> bool:
        return self.session.state == ESTABLISHED

    def carry(self, end, frame, size: int) -> None:
        self.session.send(frame)

    def raise_signals(self, end, on: bool) -> None:
        """Shutting a Virtual-Access down leaves the call as it is."""

    def hang_up(self) -> None:
        """PPP on the Virtual-Access ended: the call is cleared (once PPP is done with it)."""
        self.session.tunnel.scheduler.call_later(0, self.session.disconnect)


class RouterL2tp:
    name = "l2tp"

    def __init__(self, router):
        self.router = router
        self.endpoint = Endpoint(self, router.scheduler, router.rng)
        self.groups: dict[Tunnel, str] = {}  # a tunnel -> its vpdn-group
        self.calls: dict[Session, Call] = {}
        self._uniq = 0
        router.ip.serve(PORT, self.receive)
        router.ppp_forwarders.append(self)

    @property
    def config(self):
        return self.router.config.vpdn

    def reconcile(self, touched) -> None:
        """Nothing to follow: the groups are read as tunnels and calls are made."""

    def routes(self) -> list:
        return []

    def close(self) -> None:
        for tunnel in list(self.endpoint.tunnels.values()):
            tunnel.stop()

    # -- the LAC: a PPP line's user forwarded ---------------------------------------------------
    def forward(self, engine, user: str, proxy: tuple) -> Call | None:
        """The PPP forwarder: a call through the tunnel of the group that serves the user's
        domain (opened if it has none), carrying what the user answered as the proxy
        authentication AVPs of its ICCN; None (authenticated here) if no group serves it."""
        if not self.config.enabled or "@" not in user or self._terminated_here(engine.port):
            return None
        domain = user.rpartition("@")[2]
        where = engine.port.short_name
        self.event(f"{where} VPDN: Looking for tunnel -- {domain} --")
        group = self.config.for_domain(domain)
        if group is None or group.initiate_to is None:
            return None
        self.event(f"{where} VPDN: Forward to address {group.initiate_to}")
        tunnel = next(
            (t for t, name in self.groups.items() if name == group.name and t.state != l2tp.SHUTDOWN), None
        )
        if tunnel is None:
            tunnel = self.endpoint.open(group.initiate_to, self._settings(group))
            self.groups[tunnel] = group.name
        method, ident, challenge, response = proxy
        session = tunnel.call(
            iccn=(
                avp.number(avp.PROXY_AUTHEN_TYPE, PROXY_TYPES[method]),
                avp.text(avp.PROXY_AUTHEN_NAME, user),
                *((Avp(avp.PROXY_AUTHEN_CHALLENGE, challenge),) if challenge else ()),
                avp.number(avp.PROXY_AUTHEN_ID, ident),
                Avp(avp.PROXY_AUTHEN_RESPONSE, response),
            )
        )
        call = self._call(session, user)
        call.engine = engine
        self.event(f"{where} VPDN: Forwarding...")
        self.event(f"{where} VPDN: Bind interface direction=1")
        return call

    def clear(self, local_id: int | None = None) -> None:
        """`clear vpdn tunnel l2tp all` (None) or `id N`: a StopCCN to each."""
        for tunnel in list(self.endpoint.tunnels.values()):
            if local_id is None or tunnel.local_id == local_id:
                tunnel.clear()

    def tunnels(self) -> list[Tunnel]:
        return list(self.endpoint.tunnels.values())

    def group_of(self, tunnel: Tunnel) -> str:
        return self.groups.get(tunnel, "")

    def _terminated_here(self, port) -> bool:
        """A Virtual-Access of this LNS's calls: its user came through a tunnel already."""
        return any(call.port is port for call in self.calls.values())

    def forwarded_ports(self) -> set:
        """The LAC's lines whose users it forwards now."""
        return {call.engine.port for call in self.calls.values() if call.engine is not None}

    def call_of(self, session: Session) -> Call | None:
        return self.calls.get(session)

    def vaccess(self, name: str) -> str | None:
        """What `show interfaces` says of a Virtual-Access this LNS cloned for a call."""
        call = next((c for c in self.calls.values() if c.port is not None and c.port.name == name), None)
        return None if call is None else f"PPPoVPDN vaccess, cloned from Virtual-Template{call.template}"

    # -- UDP 1701 --------------------------------------------------------------------------------
    def receive(self, interface: str | None, packet) -> None:
        if self.config.enabled:
            self.endpoint.receive(packet.src, packet.payload.data)

    # -- the endpoint's owner -------------------------------------------------------------------
    def send(self, tunnel: Tunnel, raw: bytes) -> None:
        group = self.config.groups.get(self.group_of(tunnel))
        source = group.source_ip if group is not None else None
        self.router.ip.originate(tunnel.peer, Udp(PORT, PORT, raw), source=source)

    def accept(self, peer, host: str) -> Settings | None:
        group = self.config.for_host(host)
        return None if group is None else self._settings(group)

    def tunnel_up(self, tunnel: Tunnel) -> None:
        if not tunnel.initiator:
            group = self.config.for_host(tunnel.remote_name or "")
            self.groups[tunnel] = group.name if group is not None else ""

    def tunnel_down(self, tunnel: Tunnel, reason: str) -> None:
        self.groups.pop(tunnel, None)

    def incoming_call(self, session: Session, icrq) -> bool:
        """The LNS takes a call on a tunnel whose group clones a Virtual-Template."""
        group = self.config.groups.get(self.group_of(session.tunnel))
        if group is None or group.virtual_template is None:
            return False
        self._call(session, "")
        return True

    def session_up(self, session: Session, message) -> None:
        """The call is up. The LNS learns its user from the LAC's ICCN (Proxy Authen Name) and
        clones the group's Virtual-Template for it; no template, and the call is cleared."""
        call = self.calls.get(session)
        if call is None or not session.incoming:
            if call is not None and call.engine is not None:
                self.event(f"{call.interface} VPDN: {call.user} is forwarded")
            return
        name = message.get(avp.PROXY_AUTHEN_NAME)
        call.user = name.text if name is not None else ""
        group = self.config.groups.get(self.group_of(session.tunnel))
        template = group.virtual_template if group is not None else None

        def made(port) -> None:
            call.port, call.template, where = port, template, port.short_name
            self.event(f"{where} VPDN: Virtual interface created for {call.user}")
            self.event(f"{where} VPDN: Clone from Vtemplate {template} to {where}")

        if template is None or virtual_access.clone(self.router, template, call, made) is None:
            self.event(f"VPDN: Virtual-Template{template or ''} not configured")
            session.disconnect()

    def session_down(self, session: Session, result) -> None:
        call = self.calls.pop(session, None)
        if call is None:
            return
        if call.port is not None:
            virtual_access.release(self.router, call.port)
            call.port = None
        if call.engine is not None:
            engine, call.engine = call.engine, None
            engine.unforward()

    def session_data(self, session: Session, frame) -> None:
        """A PPP frame of the call: to the Virtual-Access (LNS) or out of the line (LAC)."""
        call = self.calls.get(session)
        if isinstance(frame, bytes):  # as the RFC lays it out (a peer that is not iosemu)
            frame = PppFrame.decode(frame)
        if call is None or frame is None:
            return
        if call.port is not None:
            call.port.receive(frame, len(frame))
        elif call.engine is not None:
            call.engine.port.send(frame)

    def debug(self, text: str) -> None:
        if EVENTS in self.router.debugs:
            self.router.log(text)

    def event(self, text: str) -> None:
        if EVENT in self.router.debugs:
            self.router.log(text)

    def _call(self, session: Session, user: str) -> Call:
        self._uniq += 1
        call = self.calls[session] = Call(session, user, self._uniq)
        return call

    def _settings(self, group) -> Settings:
        name = group.local_name or self.router.config.system.hostname
        secret = group.secret() if group.authentication else None
        return Settings(
            name,
            None if secret is None else secret.encode("latin-1"),
            float(group.hello),
            Retransmit(group.retries, float(group.timeout_min), float(group.timeout_max)),
            group.receive_window,
        )
