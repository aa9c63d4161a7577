"""Which engine runs each serial encapsulation (`encapsulation hdlc|ppp|frame-relay`).
A feature that adds an encapsulation adds its engine here."""

from __future__ import annotations

from iosemu.protocols.hdlc.encapsulation import HdlcEncapsulation

ENGINES = {"hdlc": HdlcEncapsulation}
