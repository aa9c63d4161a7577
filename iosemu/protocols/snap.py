"""IEEE 802.2 LLC with a SNAP header: how Ethernet (and Frame Relay's IETF encapsulation)
carry Cisco's own layer-2 protocols, each named by a SNAP protocol id under Cisco's OUI.
The same id is the protocol field of Cisco HDLC and the Ethertype of Cisco's Frame Relay
encapsulation (CDP: 0x2000)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

CISCO_OUI = 0x00000C
CDP = 0x2000  # the SNAP protocol id of CDP
CISCO_MULTICAST = 0x01000CCCCCCC  # 01:00:0c:cc:cc:cc, where CDP goes on Ethernet
LLC_SNAP = bytes((0xAA, 0xAA, 0x03))  # DSAP, SSAP, UI


@dataclass(frozen=True, slots=True)
class Snap:
    """An 802.3 frame's LLC/SNAP payload: a protocol id and its bytes."""

    pid: int
    data: bytes
    oui: int = CISCO_OUI

    def __len__(self) -> int:
        return 8 + len(self.data)

    def encode(self) -> bytes:
        return LLC_SNAP + self.oui.to_bytes(3, "big") + struct.pack("!H", self.pid) + self.data


def decode_snap(raw: bytes) -> Snap:
    """An LLC/SNAP payload from its bytes: the inverse of `Snap.encode`."""
    if len(raw) < 8 or raw[:3] != LLC_SNAP:
        raise ValueError("not an LLC/SNAP header")
    return Snap(struct.unpack_from("!H", raw, 6)[0], bytes(raw[8:]), int.from_bytes(raw[3:6], "big"))
