"""L2TP on a router (VPDN): the tunnels of protocols/l2tp over UDP 1701 of its IP stack, as its
`vpdn enable` and `vpdn-group`s say. As a LAC, a call for a user of a group's domain goes
through that group's tunnel to its `initiate-to` address (opened with the first call); as an
LNS, a tunnel is accepted from the host an `accept-dialin` group terminates, and its calls.
What happens shows under `debug vpdn l2x-events`.
"""

from __future__ import annotations

from iosemu.protocols.ip.pdu import Udp
from iosemu.protocols.l2tp import avp
from iosemu.protocols.l2tp import session as l2tp
from iosemu.protocols.l2tp.channel import Retransmit
from iosemu.protocols.l2tp.endpoint import Endpoint
from iosemu.protocols.l2tp.pdu import PORT
from iosemu.protocols.l2tp.session import Session
from iosemu.protocols.l2tp.tunnel import Settings, Tunnel

EVENTS = "vpdn l2x-events"


class RouterL2tp:
    name = "l2tp"

    def __init__(self, router):
        self.router = router
        self.endpoint = Endpoint(self, router.scheduler, router.rng)
        self.groups: dict[int, str] = {}  # a tunnel's local id -> its vpdn-group
        self.users: dict[int, tuple[str, int]] = {}  # id(session) -> (its user, its unique id)
        self._uniq = 0
        router.ip.serve(PORT, self.receive)

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

    # -- what the router asks ------------------------------------------------------------------
    def dial(self, user: str) -> Session | None:
        """A call for `user@domain` arriving at this LAC: through the tunnel of the group that
        serves the domain (opened if it has none); None if no group serves it."""
        domain = user.rpartition("@")[2]
        group = self.config.for_domain(domain) if self.config.enabled and "@" in user else None
        if group is None or group.initiate_to is None:
            return None
        tunnel = next(
            (
                t
                for t in self.endpoint.tunnels.values()
                if self.groups.get(t.local_id) == group.name and t.state != l2tp.SHUTDOWN
            ),
            None,
        )
        if tunnel is None:
            tunnel = self.endpoint.open(group.initiate_to, self._settings(group))
            self.groups[tunnel.local_id] = group.name
        session = tunnel.call(iccn=(avp.text(avp.PROXY_AUTHEN_NAME, user, mandatory=False),))
        self._uniq += 1
        self.users[id(session)] = (user, self._uniq)
        return session

    def clear(self, local_id: int | None = None) -> None:
        """`clear vpdn tunnel l2tp all` (None) or `id N`: a StopCCN to each."""
        for tunnel in list(self.endpoint.tunnels.values()):
            if local_id is None or tunnel.local_id == local_id:
                tunnel.clear()

    def tunnels(self) -> list[Tunnel]:
        return list(self.endpoint.tunnels.values())

    def group_of(self, tunnel: Tunnel) -> str:
        return self.groups.get(tunnel.local_id, "")

    def user_of(self, session: Session) -> tuple[str, int]:
        return self.users.get(id(session), ("", 0))

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
            self.groups[tunnel.local_id] = group.name if group is not None else ""

    def tunnel_down(self, tunnel: Tunnel, reason: str) -> None:
        self.groups.pop(tunnel.local_id, None)

    def incoming_call(self, session: Session, icrq) -> bool:
        self._uniq += 1
        self.users[id(session)] = ("", self._uniq)
        return True

    def session_up(self, session: Session, message) -> None:
        """The call is up; the LNS learns its user from the LAC's ICCN (Proxy Authen Name)
        until PPP runs over the call itself."""
        name = message.get(avp.PROXY_AUTHEN_NAME)
        if session.incoming and name is not None:
            self.users[id(session)] = (name.text, self.user_of(session)[1])

    def session_down(self, session: Session, result) -> None:
        self.users.pop(id(session), None)

    def session_data(self, session: Session, payload: bytes) -> None:
        """A PPP frame of the call (no PPP runs over L2TP sessions yet)."""

    def debug(self, text: str) -> None:
        if EVENTS in self.router.debugs:
            self.router.log(text)

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
