"""One router's L2TP tunnels: their local ids, and which tunnel each arriving packet is for.

A packet names its tunnel by our id; one naming none (0) is an SCCRQ: a retransmission of one
we answer already goes to that tunnel, a new one to a new tunnel if the owner accepts the
peer (`accept(peer, host_name)` returns the tunnel's `Settings`, or None: the tunnel is
refused with a StopCCN). Anything else, an unknown tunnel id among it, is discarded.
"""

from __future__ import annotations

from iosemu.protocols.l2tp import avp, pdu
from iosemu.protocols.l2tp.pdu import Control, DataMessage, Discard
from iosemu.protocols.l2tp.tunnel import Settings, Tunnel


class Endpoint:
    def __init__(self, owner, scheduler, rng, kind: type[Tunnel] = Tunnel):
        self.owner, self.scheduler, self.rng = owner, scheduler, rng
        self.kind = kind  # the tunnels' class: L2TPv2's, or L2TPv3's control connections
        self.tunnels: dict[int, Tunnel] = {}
        self._answering: dict[tuple[object, int | None], Tunnel] = {}  # (peer, its tunnel id)

    def open(self, peer, settings: Settings) -> Tunnel:
        """A control connection to `peer`, as its initiator (the LAC)."""
        tunnel = self._new(peer, settings, initiator=True)
        tunnel.open()
        return tunnel

    def receive(self, peer, raw: bytes | DataMessage) -> None:
        if isinstance(raw, DataMessage):  # a PPP frame that crossed as an object
            tunnel = self.tunnels.get(raw.header.tunnel_id)
            if tunnel is not None and tunnel.peer == peer:
                tunnel.receive_data(raw.header.session_id, raw.frame)
            return
        packet = self.kind.decode(raw)
        if isinstance(packet, Discard):
            return
        header = packet.header
        if header.tunnel_id:
            tunnel = self.tunnels.get(header.tunnel_id)
            if tunnel is not None and tunnel.peer == peer:
                tunnel.receive(raw)
            return
        if not isinstance(packet, Control) or packet.message is None or packet.message.kind != pdu.SCCRQ:
            return
        key = (peer, packet.message.number(self.kind.TUNNEL_ID))
        tunnel = self._answering.get(key)
        if tunnel is None:
            name = packet.message.get(avp.HOST_NAME)
            settings = None if packet.fault or name is None else self.owner.accept(peer, name.text)
            tunnel = self._new(peer, settings or self.kind.SETTINGS(""), initiator=False)
            tunnel.refused = settings is None and packet.fault is None
            self._answering[key] = tunnel
        tunnel.receive(raw)

    def _new(self, peer, settings: Settings, initiator: bool) -> Tunnel:
        limit = (1 << 8 * self.kind.ID_SIZE) - 1
        local_id = self.rng.randint(1, limit)
        while local_id in self.tunnels:
            local_id = self.rng.randint(1, limit)
        tunnel = self.kind(
            self.owner, self.scheduler, self.rng, local_id, peer, settings, initiator, self._forget
        )
        self.tunnels[local_id] = tunnel
        return tunnel

    def _forget(self, tunnel: Tunnel) -> None:
        self.tunnels.pop(tunnel.local_id, None)
        for key in [key for key, each in self._answering.items() if each is tunnel]:
            del self._answering[key]
