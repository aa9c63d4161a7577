"""PPP as a serial encapsulation: the phases of RFC 1661 (Establish, Authenticate,
Network, Terminate, Dead) joining LCP, authentication and the NCPs on one line.

The line protocol is up while the phase is UP: LCP open and authentication, if either end
demands it, passed. A failed or silent peer takes the link back through Terminate to Dead,
and IOS tries again shortly after, for as long as the carrier is there.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from iosemu.protocols.ppp import lcp as lcp_options
from iosemu.protocols.ppp.auth import Authentication
from iosemu.protocols.ppp.fsm import STARTING, STOPPED
from iosemu.protocols.ppp.lcp import Lcp, auth_name
from iosemu.protocols.ppp.lqm import Lqm
from iosemu.protocols.ppp.ncp import ANY, Cdpcp, Ipcp
from iosemu.protocols.ppp.pdu import CDP, CDPCP, CHAP, IP, IPCP, LCP, LQR, MP, PAP, PppFrame
from iosemu.protocols.ppp.statistics import KEEPALIVES, TERMREQ
from iosemu.protocols.snap import CDP as CDP_SNAP

RESTART_DELAY = 2.0  # from Dead back to Establish on a leased line
FORWARD_DELAY = 0.016  # LCP open -> "Phase is FORWARDING" (16 ms in the 12.4 capture)
# IOS 15 takes the line protocol up once LCP is open, before authentication, and reports line
# protocol changes a moment later: a passing authentication logs `up` after its Success, a
# failing one logs `up` and then `down` (the flap the 15.2 labs show; research notes 2.1, 2.2).
REPORT_DELAY = 0.012
TERMREQ_CODE = b"\x05"  # an LCP Terminate-Request's first octet
PENDING_LIMIT = 8  # NCP packets kept for the network phase (IOS's pending ncp packets)
CHAP_FAILURE = {True: "Authentication failed", False: "MD/DES compare failed"}  # 15.x, 12.x


class PppEncapsulation:
    name = "ppp"
    shown = "PPP"

    def __init__(self, port):
        self.port = port
        node = port.node
        self.node = node
        self.debugs = node.debugs  # the flags on (the router's own set, changed in place)
        self.scheduler = node.scheduler
        self.rng = node.rng
        self.train15 = node.train15
        self.short = port.short_name
        self.mru = lcp_options.DEFAULT_MRU
        self.keepalive: int | None = 10
        self.lcp = Lcp(self)
        self.lqm = Lqm(self)
        self.ipcp = Ipcp(self)
        self.cdpcp = Cdpcp(self)
        self.ncps = {IPCP: self.ipcp, CDPCP: self.cdpcp}
        self.phase = "DOWN"
        self.auth: Authentication | None = None
        self.peer_name: str | None = None  # as authenticated
        self.statistics = node.ppp_statistics
        self.running = False
        self.looped = False  # our own packets come back (IOS's inloopback): `(looped)`
        self.sessions = 0
        self._pending: list[tuple[int, bytes]] = []  # NCP packets that came before phase UP
        self._restart = None
        self._forward = None
        self.bundle = None  # the Multilink bundle this line is a member of (multilink.py)
        self.relay = None  # where a forwarded session's frames go (a LAC's tunnel: `forward`)
        self.proxy_auth: tuple | None = None  # a LAC's proxy authentication, for this session's check

    # -- settings read from the interface's configuration ---------------------------------------
    @property
    def config(self):
        return self.port.config

    @property
    def settings(self):
        return self.port.config.ppp

    @property
    def hostname(self) -> str:
        return self.node.config.system.hostname

    @property
    def quality_period(self) -> int:
        """The Quality-Protocol option's reporting period (1/100 s): the keepalive's."""
        return 100 * (self.keepalive or 10) if self.settings.quality else 0

    @property
    def multilink(self) -> bool:
        return self.settings.multilink

    def can_answer(self, method: str) -> bool:
        """Whether this end can authenticate itself to the peer by this method."""
        if method == "chap":
            return not self.settings.chap_refuse
        return method == "pap" and self.settings.pap_sent is not None

    # -- what every serial encapsulation offers the port ----------------------------------------
    def start(self, keepalive: int | None) -> None:
        """The carrier is up: establish the link."""
        self.keepalive = keepalive
        self.running = True
        if self.train15:
            self.debug("ppp negotiation", "PPP: Sending cstate UP notification")
            self.debug("ppp negotiation", "PPP: Processing CstateUp message")
        self._begin()

    def stop(self) -> None:
        """Carrier gone, shut down or another encapsulation: everything stops (the port
        reports the line protocol itself; the debug shows LCP told the lower layer is down)."""
        was_running, self.running = self.running, False
        self.statistics.stopped(self.port.name)
        self._cancel_restart()
        self._leave_bundle()
        self._drop_relay()
        if was_running and self.lcp.state > STARTING:
            if self.train15:
                self.debug("ppp negotiation", "PPP: Sending cstate DOWN notification")
                self.debug("ppp negotiation", "PPP: Processing CstateDown message")
            self.lcp.down()
            self._phase("DOWN")
        for automaton in (self.lcp, self.ipcp, self.cdpcp):
            automaton.stop()
        if self.auth is not None:
            self.auth.stop()
            self.auth = None
        self._clear_routes()
        self.phase = "DOWN"
        self.looped = False

    def set_keepalive(self, period: int | None) -> None:
        if period != self.keepalive:
            self.keepalive = period
            self.lcp.keepalive_changed()

    def transmit(self, interface: str, hop, packet) -> None:
        """An IP packet out (a PPP line has no subinterfaces: theirs go nowhere)."""
        if interface != self.port.name:
            return
        if self.debugs:
            self._show_datagram("O", packet)
        self.port.send(PppFrame(IP, packet))

    def transmit_snap(self, interface: str, pid: int, data: bytes) -> int | None:
        """CDP out, as PPP protocol 0x0207: only while CDPCP is open."""
        if interface != self.port.name or pid != CDP_SNAP or not self.cdpcp.opened:
            return None
        self.port.send(PppFrame(CDP, data))
        return 1

    def _show_datagram(self, direction: str, packet, tail: str = "") -> None:
        """`debug ppp packet`: an IP datagram crossing the line (its size with the PPP header)."""
        if self.debugging("ppp packet"):
            size = len(packet) + 4
            self.debug("ppp packet", f"PPP: {direction} pkt type 0x{IP:04X}, datagramsize {size}{tail}")

    def receive(self, frame):
        """The IP packet a frame carries, or None (control packets are consumed here; frames
        of another encapsulation are not understood, as on a real mismatched line)."""
        if not isinstance(frame, PppFrame) or not self.running:
            return None
        protocol, payload = frame.protocol, frame.payload
        if self.relay is not None:  # a forwarded session: every frame goes down the tunnel ...
            if protocol != LCP or payload[:1] != TERMREQ_CODE:
                self.relay.send(frame)
                return None
            self._drop_relay()  # ... but the peer hanging up: the call is cleared, LCP answers
        if self.bundle is not None and (protocol in (IP, MP, CDP) or protocol in self.ncps):
            self.bundle.from_member(frame)  # a member line carries the bundle's traffic
            return None
        if protocol == IP:
            if not self.ipcp.opened or isinstance(payload, bytes):
                return None
            if self.debugs:
                self._show_datagram("I", payload, " link[ip]")
            return payload
        if not isinstance(payload, bytes):
            return None
        if protocol == CDP:  # discarded unless CDPCP is open (RFC 1661's rule for an NCP's data)
            if self.cdpcp.opened:
                self.port.hear_snap(self.port.name, CDP_SNAP, payload)
        elif protocol == LCP:
            self.lcp.receive(payload)
        elif protocol == LQR:
            self.lqm.receive(payload)
        elif protocol in (CHAP, PAP):
            if self.auth is not None:  # authenticating, or answering a peer that missed our answer
                self.auth.receive(protocol, payload)
        elif protocol in self.ncps and self.ncp_wanted(protocol):
            if self.phase == "UP":
                self.ncps[protocol].receive(payload)
            elif len(self._pending) < PENDING_LIMIT:  # the peer is in the network phase first
                self._pending.append((protocol, payload))
        else:
            self.lcp.reject_protocol(protocol, payload)
        return None

    # -- what the automata call -------------------------------------------------------------------
    def send_control(self, protocol: int, raw: bytes) -> None:
        """A control packet, as bytes, onto the line."""
        self.port.send(PppFrame(protocol, raw))

    def debugging(self, flag: str) -> bool:
        return flag in self.debugs

    def debug(self, flag: str, text: str) -> None:
        if flag in self.debugs:
            self.node.log(f"{self.short} {text}")

    def debug_raw(self, flag: str, text: str) -> None:
        """A debug line IOS prints without the interface (`PPP: Alloc Context [...]`)."""
        if flag in self.debugs:
            self.node.log(text)

    def debug_auth(self, text: str) -> None:
        self.debug("ppp authentication", text)

    def debug_session(self, text: str) -> None:
        """The session lines that both `debug ppp negotiation` and `authentication` show."""
        debugs = self.debugs
        if "ppp negotiation" in debugs or "ppp authentication" in debugs:
            self.node.log(f"{self.short} {text}")

    def _phase(self, text: str) -> None:
        self.phase = text.split(",")[0]
        self.statistics.phase(self.port.name, text)
        self.debug("ppp negotiation", f"PPP: Phase is {text}")

    def lcp_up(self) -> None:
        """LCP opened: authenticate if either end demands it, else on to the network. (A
        Listen-ing LCP opens when the peer asks: the retry it waited for is not needed.)"""
        self._cancel_restart()
        self.looped = False
        demand = auth_name(self.lcp.negotiated(lcp_options.AUTH) or b"")
        answer = auth_name(self.lcp.negotiated(lcp_options.AUTH, theirs=True) or b"")
        if self.settings.authentication and demand is None:  # the peer refused to authenticate
            self.lcp.close()
            self._phase("TERMINATING")
            return
        if demand or answer:
            self.auth = Authentication(self, demand, answer)
            self._phase(f"AUTHENTICATING, {self.auth.direction}")
            if self.train15:
                self.port.set_protocol(True, report_after=REPORT_DELAY)
            else:  # 12.4 says whether AAA authorization follows
                if demand:
                    self.debug_auth("PPP: Authorization NOT required")
                else:
                    self.debug_auth("PPP: Authorization required")
                    self.debug_auth("PPP: No authorization without authentication")
            proxy, self.proxy_auth = self.proxy_auth, None
            if proxy is not None and proxy[0] == demand:
                self.auth.take(proxy)
            else:
                self.auth.start()
        else:  # IOS forwards the link a moment later, after LCP reports itself open
            self._forward = self.scheduler.call_later(FORWARD_DELAY, self._network)

    def lcp_down(self) -> None:
        """LCP left Open: the NCPs and the line protocol go with it."""
        self._cancel_restart()
        if self.auth is not None:
            self.auth.stop()
            self.auth = None
        self._leave_bundle()
        for ncp in self.ncps.values():
            ncp.down()
        self._pending.clear()
        if self.running:
            self.port.set_protocol(False, report_after=REPORT_DELAY if self.train15 else 0.0)

    def lcp_finished(self) -> None:
        """LCP gave up (no answer, a failed authentication, a Terminate): down, then again.
        LCP is told the lower layer is down (Closed to Initial, as the captures show), but
        one that gave up waiting listens (Stopped: `LCP Listen`) until it starts again."""
        if not self.running:
            return
        if self.lcp.state != STOPPED:
            self.lcp.down()
        self._phase("DOWN")
        self._cancel_restart()
        self._restart = self.scheduler.call_later(RESTART_DELAY, self._begin)

    def auth_done(self, ok: bool) -> None:
        """The authentication phase ended: on to the network, or this end ends the link."""
        if ok:
            self.peer_name = self.auth.peer_name
            self._network()
        elif self.lcp.opened:
            self.lcp.close()
            self._phase("TERMINATING")

    def forward(self, name: str, proxy: tuple) -> bool:
        """Partial authentication (a LAC, RFC 2661 section 2): whether a forwarder of the
        router (`node.ppp_forwarders`: VPDN) takes the session of the user the peer named,
        given what it answered (`proxy`: method, identifier, challenge, response). If one
        does, this end answers nothing more and its keepalives stop: every frame from the
        peer goes to the relay (`relay.send(frame)`) until the relay ends (`unforward()`)."""
        for forwarder in self.node.ppp_forwarders:
            relay = forwarder.forward(self, name, proxy)
            if relay is not None:
                break
        else:
            return False
        self.relay, self.peer_name = relay, name
        self.auth.stop()
        self.auth = None
        self.lcp.stop_echo()
        self._phase("FORWARDING, Attempting Forward")
        self.port.set_protocol(True)
        return True

    def unforward(self) -> None:
        """The forwarded session ended (its call cleared, its tunnel gone): this end drops
        the link (LCP terminates), and the peer tries again."""
        if self.relay is None:
            return
        self.relay = None
        if self.running and self.lcp.opened:
            self.lcp.close()
            self._phase("TERMINATING")

    def _drop_relay(self) -> None:
        relay, self.relay = self.relay, None
        if relay is not None:
            relay.close()

    def peer_terminates(self) -> None:
        """A Terminate-Request arrived on the open link (the automaton answers it next)."""
        if self.train15:
            self.debug("ppp negotiation", "PPP DISC: Received LCP TERMREQ from peer")
            self.debug_raw("ppp negotiation", "PPP: NET STOP send to AAA.")
        self.statistics.disconnect(TERMREQ)
        self._phase("TERMINATING")

    def peer_terminated(self) -> None:
        """The peer's Terminate-Request is answered: the lower layer is reset at once, and
        the link is tried again shortly."""
        if self.train15:
            self.debug("ppp negotiation", "PPP: Sending cstate DOWN notification")
            self.debug("ppp negotiation", "PPP: Processing CstateDown message")
        self.lcp_finished()

    def keepalive_failed(self) -> None:
        """Echo-Requests went unanswered too long: the link is reset and renegotiated."""
        self.debug("ppp negotiation", "PPP: Missed too many keepalives")
        self.statistics.disconnect(KEEPALIVES)
        self.lcp_finished()

    def quality_changed(self, good: bool) -> None:
        """Link quality monitoring's verdict changed: under the threshold the NCPs close and
        the line protocol goes down, LCP staying open; good again, they come back. Before
        the network phase (authentication still going on) there is nothing to change."""
        if self.phase != "UP":
            return
        if good:
            self.port.set_protocol(True)
            self._open_ncps()
            return
        for ncp in self.ncps.values():
            ncp.close()
            ncp.down()
        self.port.set_protocol(False)

    def protocol_rejected(self, protocol: int) -> None:
        ncp = self.ncps.get(protocol)
        if ncp is not None:
            ncp.event("RXJ-")

    # -- addresses: what IPCP asks of the router -----------------------------------------------
    def own_address(self) -> IPv4Address | None:
        config = self.config
        address = config.address if config.unnumbered is None else self.node.address_of(self.port.name)
        return address.ip if address is not None else None

    def address_for_peer(self) -> IPv4Address | None:
        """What IPCP offers a peer that asks for an address: `peer default ip address`, or
        an address lent from its pool (kept for this interface until IPCP closes)."""
        default = self.settings.peer_default
        if default is None or isinstance(default, IPv4Address):
            return default
        return self.node.pools.lease(default, self.port.name)

    @property
    def ip_port(self):
        """The port IPCP's addresses are for: this line's (a bound Virtual-Access: its Dialer's)."""
        return self.port

    def ipcp_up(self, ours: IPv4Address, peer: IPv4Address) -> None:
        config = self.config
        if config.negotiated and ours != ANY:
            self.ip_port.set_negotiated(ours)
        if peer != ANY and config.ppp.neighbor_route:
            if self.train15:
                self.debug("ppp negotiation", f"Added to neighbor route AVL tree: topoid 0, address {peer}")
            self.debug("ppp negotiation", f"IPCP: Install route to {peer}")
            self.ip_port.set_peer_route(peer)
        self.statistics.ipcp(self.port.name, True)

    def ipcp_down(self) -> None:
        self._clear_routes()

    def _clear_routes(self) -> None:
        self.statistics.ipcp(self.port.name, False)
        self.ip_port.set_peer_route(None)
        self.ip_port.set_negotiated(None)
        self.node.pools.release(self.port.name)

    # -- the phases ----------------------------------------------------------------------------------
    def _begin(self) -> None:
        """Establish: a new session on the line, LCP negotiating from the start."""
        self._restart = None
        if not self.running:
            return
        self.sessions += 1
        self.peer_name = None
        if self.train15:
            self.debug_raw("ppp negotiation", f"PPP: Alloc Context [{self.session_handle ^ 0x7A000000:08X}]")
            self.debug_raw("ppp negotiation", f"ppp{self.sessions} PPP: Phase is ESTABLISHING")
        self.debug_session("PPP: Using default call direction")
        self.debug_session("PPP: Treating connection as a dedicated line")
        self.debug_session(f"PPP: Session handle[{self.session_handle:08X}] Session id[{self.sessions}]")
        self._phase("ESTABLISHING, Active Open")
        self.mru = self.config.mtu or lcp_options.DEFAULT_MRU  # what this end can receive
        lcp = self.lcp
        for automaton in (lcp, *self.ncps.values()):  # a new session's context: from Initial
            automaton.stop()
            automaton.new_session()
        self._pending.clear()
        lcp.fresh_magic()
        lcp.refused.clear()
        lcp.auth_wanted = list(self.settings.authentication)
        self.open_lcp()

    def open_lcp(self) -> None:
        """LCP negotiates from the start (a call given proxy LCP opens it at once: DialledPpp)."""
        self.lcp.begin(self.train15)

    def _network(self) -> None:
        """Authentication passed (or none was asked): the line protocol comes up and the
        NCPs start, or, on a member of a Multilink bundle, the bundle's."""
        self._forward = None
        self._phase("FORWARDING, Attempting Forward")
        self._phase("ESTABLISHING, Finish LCP")
        group = self.settings.multilink_group
        bundle = self.node.ports.get(f"Multilink{group}") if group is not None else None
        if bundle is None or not bundle.encapsulation.join(self):
            self.network_up()

    def _leave_bundle(self) -> None:
        if self.bundle is not None:
            self.bundle.leave(self)

    def network_up(self) -> None:
        self._phase("UP")
        self.port.set_protocol(True)
        self._open_ncps()
        pending, self._pending = self._pending, []
        for protocol, payload in pending:
            self.ncps[protocol].receive(payload)

    def _open_ncps(self) -> None:
        for protocol, ncp in self.ncps.items():
            if self.ncp_wanted(protocol):
                ncp.begin(self.train15)

    def ncp_wanted(self, protocol: int) -> bool:
        config = self.config
        if protocol == IPCP:
            return config.address is not None or config.negotiated or config.unnumbered is not None
        return self.node.config.cdp_enabled(self.port.name)

    def _cancel_restart(self) -> None:
        for timer in (self._restart, self._forward):
            if timer is not None:
                timer.cancel()
        self._restart = self._forward = None

    # -- what show commands read ------------------------------------------------------------------
    @property
    def session_handle(self) -> int:
        return 0x48000000 | (self.sessions & 0xFFFFFF)

    # -- names and secrets, for authentication ----------------------------------------------
    def chap_hostname(self) -> str:
        return self.settings.chap_hostname or self.hostname

    def chap_hostname_source(self) -> str:
        if self.settings.chap_hostname:
            return "interface CHAP"
        return "configured hostname" if self.train15 else "unknown source"

    def chap_secret(self, peer: str) -> tuple[bytes | None, str]:
        """The secret to answer a challenge from `peer` with, and where it came from."""
        password = self.settings.chap_password
        if password is not None:
            plain = password.plain()
            return (plain.encode("latin-1", "replace") if plain is not None else None), "interface CHAP"
        return self.user_secret(peer), "AAA"

    def user_secret(self, name: str) -> bytes | None:
        user = self.node.config.system.users.get(name)
        plain = user.password.plain() if user is not None and user.password is not None else None
        return plain.encode("latin-1", "replace") if plain is not None else None

    def user_exists(self, name: str) -> bool:
        return name in self.node.config.system.users

    def chap_failure_text(self) -> str:
        return CHAP_FAILURE[self.train15]

    def pap_credentials(self) -> tuple[str, str]:
        user, password = self.settings.pap_sent
        return user, password.plain() or ""

    def pap_valid(self, user: str, password: str) -> bool:
        entry = self.node.config.system.users.get(user)
        if entry is None:
            return False
        secret = entry.secret if entry.secret is not None else entry.password
        return secret is not None and secret.matches(password)


class DialledPpp(PppEncapsulation):
    """PPP on a call rather than a leased line (a Virtual-Access carrying a tunnelled
    session): when LCP gives up (a failed authentication, a Terminate), the call is cleared
    (the port's cable `hang_up()`) instead of tried again."""

    name = "dialled"

    @property
    def ip_port(self):
        profile = getattr(self.port.link, "profile", None)  # a Dialer bound to this call
        return profile if profile is not None else self.port

    def open_lcp(self) -> None:
        """The call's proxy LCP (`proxy`: the LAC's last sent and last received Configure-Request
        options, its proxy authentication), taken once, when the template authenticates as the
        LAC did; else LCP is renegotiated with the peer."""
        proxy = getattr(self.port.link, "proxy", None)
        if proxy is not None:
            self.port.link.proxy = None
            ours, theirs, auth = proxy
            self.proxy_auth = auth
            if self.lcp.force(ours, theirs):
                return
            self.proxy_auth = None
        super().open_lcp()

    def lcp_finished(self) -> None:
        if self.running:
            self.port.link.hang_up()
