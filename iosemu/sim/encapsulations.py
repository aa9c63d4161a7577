"""Which engine runs each serial encapsulation (`encapsulation hdlc|ppp|frame-relay`).
A feature that adds an encapsulation adds its engine here; an engine is made with the port
it runs on (`ENGINES[name](port)`)."""

from __future__ import annotations

from iosemu.protocols.hdlc.encapsulation import HdlcEncapsulation
from iosemu.protocols.ppp.encapsulation import PppEncapsulation

ENGINES = {"hdlc": HdlcEncapsulation, "ppp": PppEncapsulation}
"""Cisco HDLC (the default, with its SLARP keepalives) and PPP."""
