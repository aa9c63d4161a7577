"""Which engine runs each serial encapsulation (`encapsulation hdlc|ppp|frame-relay`).
A feature that adds an encapsulation adds its engine here; an engine is made with the port
it runs on (`ENGINES[name](port)`)."""

from __future__ import annotations

from iosemu.protocols.frame_relay.encapsulation import FrameRelayEncapsulation
from iosemu.protocols.hdlc.encapsulation import HdlcEncapsulation
from iosemu.protocols.ppp.dialer import DialerProfile
from iosemu.protocols.ppp.encapsulation import DialledPpp, PppEncapsulation
from iosemu.protocols.ppp.multilink import Bundle

ENGINES = {
    "hdlc": HdlcEncapsulation,
    "ppp": PppEncapsulation,
    "frame-relay": FrameRelayEncapsulation,
    "multilink": Bundle,
    "virtual-access": DialledPpp,
    "dialer": DialerProfile,
    "virtual-ppp": PppEncapsulation,
}
"""Cisco HDLC (the default, with its SLARP keepalives), PPP, and the Multilink PPP bundle
that runs an `interface MultilinkN` (its port's engine and cable at once), Frame Relay, and
the PPP of a Virtual-Access (a call: cleared, not retried, when its link ends)."""
