"""L2TP on a router (VPDN): the tunnels of protocols/l2tp over UDP 1701 of its IP stack, as its
`vpdn enable` and `vpdn-group`s say.

As a LAC, it is one of the router's PPP forwarders: a PPP line whose peer authenticates as
`user@domain` of a group's domain is forwarded (partial authentication) through that group's
tunnel to its `initiate-to` address (opened with the first call), the call relaying the
line's frames both ways. As an LNS, it accepts a tunnel from the host an `accept-dialin`
group terminates, and each call on it gets a Virtual-Access cloned from the group's
`virtual-template` (sim/virtual_access.py), whose PPP runs with the user through the tunnel
(LCP opened with the LAC's proxy LCP unless the group says `lcp renegotiation always`, the
user's proxied answer checked, IPCP giving its address).
As a voluntary tunnel's client, each `interface Virtual-PPP N` with a `pseudowire PEER VCID
pw-class NAME` of an `encapsulation l2tpv2` pseudowire-class places its own call to PEER
(through a tunnel of the class's `l2tp-class`, from its `ip local interface`), the call the
Virtual-PPP's cable: its PPP runs with the LNS over the session, the line up while the call
is, the call placed again REDIAL seconds after it ends.
What happens shows under `debug vpdn l2x-events` and `debug vpdn event`. The event lines are
[M]: no 15.2 capture was found; IOS 11.2's vpn.c (search id 10113511663) prints their
ancestors (`looking for tunnel -- %s --`, `VPN Forwarding...`, `VPN Bind interface
direction=%d`), `vpn` renamed `vpdn` in its CSCdi57472.
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
REDIAL = 10.0  # seconds from a Virtual-PPP's call ending to its next [M]
ROUTE_WAIT = 1.0  # seconds between two looks for a route to a Virtual-PPP's LNS (as sim/l2tpv3.py)


class Call:
    """One call through a tunnel as the router sees it: its user, IOS's unique id, and the
    interface it runs on. At a LAC it is the relay of the forwarded PPP line (`engine`); at
    an LNS, the cable of its Virtual-Access (`port`); at a voluntary client, the cable of its
    Virtual-PPP (`port`, `pseudowire`)."""

    def __init__(self, session: Session, user: str, uniq: int):
        self.session, self.named, self.uniq = session, user, uniq
        self.engine = None  # the LAC's PPP line
        self.port = None  # the LNS's Virtual-Access, the client's Virtual-PPP
        self.template: int | None = None  # the Virtual-Template the Virtual-Access was cloned from
        self.pseudowire = None  # the Virtual-PPP's `pseudowire` (config/vpdn.py)
        self.proxy = None  # the LNS's proxy LCP for its Virtual-Access (DialledPpp.open_lcp)

    @property
    def user(self) -> str:
        """The user: as the LAC's proxy authentication named it, else as the LNS's Virtual-Access
        authenticated it (a voluntary client sends no proxy authentication)."""
        if self.named or self.port is None or not self.session.incoming:
            return self.named
        return getattr(self.port.encapsulation, "peer_name", None) or ""

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
        """PPP on the Virtual-Access gave up: the call is cleared (once PPP is done with it)."""
        self.session.tunnel.scheduler.call_later(0, self.session.disconnect)


class RouterL2tp:
    name = "l2tp"

    def __init__(self, router):
        self.router = router
        self.endpoint = Endpoint(self, router.scheduler, router.rng)
        self.groups: dict[Tunnel, str] = {}  # a tunnel -> its vpdn-group
        self.calls: dict[Session, Call] = {}
        self.dialouts: dict[str, Call] = {}  # a Virtual-PPP's name -> its call
        self._virtual_ppps: dict[str, None] = {}  # the configured Virtual-PPP interfaces, in order
        self.classes: dict[Tunnel, tuple[str, object]] = {}  # a client's tunnel -> l2tp-class, source
        self._redials: dict[str, object] = {}  # a Virtual-PPP's name -> the timer of its next call
        self._uniq = 0
        router.ip.serve(PORT, self.receive)
        router.ppp_forwarders.append(self)

    @property
    def config(self):
        return self.router.config.vpdn

    def reconcile(self, touched) -> None:
        """The groups are read as tunnels and calls are made; a Virtual-PPP's pseudowire is
        dialled (again, when it changed), and one shut down or removed hangs up."""
        interfaces = self.router.config.interfaces
        for name in touched:  # the Virtual-PPP interfaces, kept from what changed: no scan of all
            iface = interfaces.get(name)
            if iface is not None and iface.kind == "virtual-ppp":
                self._virtual_ppps[name] = None
            else:
                self._virtual_ppps.pop(name, None)
        wanted = {
            name: iface.pseudowire
            for name in self._virtual_ppps
            if (iface := interfaces[name]).pseudowire is not None and not iface.shutdown
        }
        for name, call in list(self.dialouts.items()):
            if wanted.get(name) != call.pseudowire or self.router.ports.get(name) is not call.port:
                del self.dialouts[name]
                call.session.disconnect()
        for name in [n for n in self._redials if n not in wanted]:
            self._redials.pop(name).cancel()
        for name, pseudowire in wanted.items():
            if name not in self.dialouts and name not in self._redials:
                self._dial(name, pseudowire)

    def routes(self) -> list:
        return []

    def close(self) -> None:
        for timer in self._redials.values():
            timer.cancel()
        self._redials.clear()
        for tunnel in list(self.endpoint.tunnels.values()):
            tunnel.stop()

    # -- the voluntary client: a Virtual-PPP's own call -------------------------------------------
    def _dial(self, name: str, pseudowire) -> None:
        """The call of the Virtual-PPP, through the tunnel of its pw-class's l2tp-class to the
        peer (opened if there is none); nothing while the pw-class is not an l2tpv2 one (the
        configuration changing looks again), another look in ROUTE_WAIT while the peer has no
        route."""
        port = self.router.ports.get(name)
        pw_classes = self.router.config.l2tpv3.pw_classes
        pw_class = pw_classes.get(pseudowire.pw_class)
        if port is None or pw_class is None or pw_class.encapsulation != "l2tpv2":
            return
        if self.router.ip.rib.resolve(pseudowire.peer) is None:  # no SCCRQ before a route to the LNS
            self._redials[name] = self.router.scheduler.call_later(ROUTE_WAIT, self._redial, name)
            return
        cls = self.router.config.l2tpv3.l2tp_class(pw_class)
        source = None
        if pw_class.local_interface is not None:
            source = self.router.ip.address_on(pw_class.local_interface)
        tunnel = next(
            (
                t
                for t, (named, _) in self.classes.items()
                if named == cls.name and t.peer == pseudowire.peer and t.state != l2tp.SHUTDOWN
            ),
            None,
        )
        if tunnel is None:
            # its secret answers the LNS's challenge; `authentication` challenges it too
            settings = tunnel_settings(self.router, cls, cls.hostname, cls.secret(), cls.authentication)
            tunnel = self.endpoint.open(pseudowire.peer, settings)
            self.classes[tunnel] = (cls.name, source)
        ppp = port.config.ppp
        call = self._call(tunnel.call(), ppp.chap_hostname or self.router.config.system.hostname)
        call.port, call.pseudowire = port, pseudowire
        port.link = self.dialouts[name] = call

    def _redial(self, name: str) -> None:
        del self._redials[name]
        iface = self.router.config.interfaces.get(name)
        if name not in self.dialouts and iface is not None and iface.pseudowire is not None:
            if not iface.shutdown:
                self._dial(name, iface.pseudowire)

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
        lcp = engine.lcp
        session = tunnel.call(
            iccn=(
                Avp(avp.INITIAL_RECEIVED_CONFREQ, lcp.first_received or b""),
                Avp(avp.LAST_SENT_CONFREQ, lcp.last_sent()),
                Avp(avp.LAST_RECEIVED_CONFREQ, lcp.last_received),
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
        """The VPDN group (a LAC's, an LNS's) or the l2tp-class (a voluntary client's)."""
        return self.groups.get(tunnel) or self.classes.get(tunnel, ("", None))[0]

    def _terminated_here(self, port) -> bool:
        """A Virtual-Access of this LNS's calls: its user came through a tunnel already."""
        return any(call.port is port for call in self.calls.values())

    def forwarded_ports(self) -> set:
        """The LAC's lines whose users it forwards now."""
        return {call.engine.port for call in self.calls.values() if call.engine is not None}

    def call_of(self, session: Session) -> Call | None:
        return self.calls.get(session)

    def vaccess(self, name: str) -> str | None:
        """What `show interfaces` says of a Virtual-Access this LNS cloned for a call [M]: after
        the captured `PPPoE vaccess, cloned from Dialer1` (search id 3433905391), PPPoVPDN
        being what `show users` calls an LNS's sessions (genieparser's sample, id 1957083315)."""
        call = next((c for c in self.calls.values() if c.template is not None and c.port.name == name), None)
        return None if call is None else f"PPPoVPDN vaccess, cloned from Virtual-Template{call.template}"

    # -- UDP 1701 --------------------------------------------------------------------------------
    def receive(self, interface: str | None, packet) -> None:
        if self.config.enabled or self.classes:  # a voluntary client needs no `vpdn enable`
            self.endpoint.receive(packet.src, packet.payload.data)

    # -- the endpoint's owner -------------------------------------------------------------------
    def send(self, tunnel: Tunnel, raw: bytes) -> None:
        group = self.config.groups.get(self.groups.get(tunnel, ""))
        source = group.source_ip if group is not None else self.classes.get(tunnel, ("", None))[1]
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
        self.classes.pop(tunnel, None)

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
            if call is not None and call.port is not None:  # a Virtual-PPP's carrier
                call.port.carrier_changed()
            return
        name = message.get(avp.PROXY_AUTHEN_NAME)
        call.named = name.text if name is not None else ""
        group = self.config.groups.get(self.group_of(session.tunnel))
        template = group.virtual_template if group is not None else None
        if group is not None and group.lcp_renegotiation != "always":
            call.proxy = _proxy_lcp(message)

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
        if call.pseudowire is not None:  # a Virtual-PPP's: its line goes down, the call placed again
            call.port.carrier_changed()
            name = call.port.name
            if self.dialouts.get(name) is call:
                del self.dialouts[name]
                self._redials[name] = self.router.scheduler.call_later(REDIAL, self._redial, name)
        elif call.port is not None:
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
        """A vpdn-group's tunnel: its `local name`, its secret if `l2tp tunnel authentication`."""
        secret = group.secret() if group.authentication else None
        return tunnel_settings(self.router, group, group.local_name, secret)


def tunnel_settings(
    router, timers, name: str | None, secret: str | None, challenge: bool = True, kind=Settings, **more
) -> Settings:
    """A tunnel's settings (`kind`: L2TPv3's ClassSettings, with `more` of its own): its name
    (the router's hostname if none), secret and whether it challenges with it, and the timers
    of `timers` (a vpdn-group, an l2tp-class)."""
    return kind(
        name or router.config.system.hostname,
        None if secret is None else secret.encode("latin-1"),
        float(timers.hello),
        Retransmit(timers.retries, float(timers.timeout_min), float(timers.timeout_max)),
        timers.receive_window,
        challenge,
        **more,
    )


def _proxy_lcp(iccn) -> tuple | None:
    """What an ICCN proxies (RFC 2661 section 4.4.5): the LAC's last sent and last received LCP
    Configure-Request options, and its proxy authentication (method, identifier, challenge,
    response, name) or None; None without the LCP AVPs (a voluntary client sends none)."""
    sent, received = iccn.get(avp.LAST_SENT_CONFREQ), iccn.get(avp.LAST_RECEIVED_CONFREQ)
    if sent is None or received is None:
        return None
    kind = {code: method for method, code in PROXY_TYPES.items()}.get(iccn.number(avp.PROXY_AUTHEN_TYPE))
    name, response = iccn.get(avp.PROXY_AUTHEN_NAME), iccn.get(avp.PROXY_AUTHEN_RESPONSE)
    auth = None
    if kind is not None and name is not None and response is not None:
        challenge = iccn.get(avp.PROXY_AUTHEN_CHALLENGE)
        ident = iccn.number(avp.PROXY_AUTHEN_ID)
        auth = (kind, ident, challenge.value if challenge else b"", response.value, name.text)
    return sent.value, received.value, auth
