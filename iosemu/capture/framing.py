"""The encoder registry: which pcap link type each kind of frame a link carries is written
as, and how its bytes read back. Each protocol encodes its own PDUs (`encode()` beside
their fields) and decodes them (`decode...` beside it); this table only joins them. A new
layer-2 framing is one entry here; a protocol inside one (a new IP protocol, a new PPP
control protocol) needs no entry: its frames already encode what they carry."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from iosemu.capture.pcapng import C_HDLC, EN10MB, FRELAY, PPP_SERIAL
from iosemu.protocols.frame_relay.pdu import FrFrame
from iosemu.protocols.frame_relay.pdu import decode_frame as decode_frame_relay
from iosemu.protocols.hdlc.pdu import CiscoHdlc
from iosemu.protocols.hdlc.pdu import decode as decode_hdlc
from iosemu.protocols.ip.pdu import Ethernet, decode_ethernet
from iosemu.protocols.ppp.pdu import PppFrame
from iosemu.protocols.ppp.pdu import decode_frame as decode_ppp


class Framing(NamedTuple):
    linktype: int  # the pcap LINKTYPE_ value (tcpdump.org/linktypes.html)
    decode: Callable[[bytes], object]  # bytes -> the frame object (ValueError if it is not one)


FRAMINGS: dict[type, Framing] = {
    CiscoHdlc: Framing(C_HDLC, decode_hdlc),
    PppFrame: Framing(PPP_SERIAL, decode_ppp),
    FrFrame: Framing(FRELAY, decode_frame_relay),
    Ethernet: Framing(EN10MB, decode_ethernet),
}
DECODERS = {framing.linktype: framing.decode for framing in FRAMINGS.values()}


def encode(frame) -> tuple[int, bytes]:
    """A frame's link type and its bytes on the wire (no FCS, as a capture card gives them)."""
    return FRAMINGS[type(frame)].linktype, frame.encode()


def decode(linktype: int, raw: bytes):
    """The frame object a capture's bytes stand for; ValueError if they are not one."""
    decoder = DECODERS.get(linktype)
    if decoder is None:
        raise ValueError(f"link type {linktype}")
    return decoder(raw)
