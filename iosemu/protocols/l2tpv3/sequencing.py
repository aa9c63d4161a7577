"""Data sequencing of a pseudowire (RFC 3931 section 4.6, RFC 4719 section 4.1): the Default
L2-Specific Sublayer of each data packet (an S bit, then a 24-bit Sequence Number) and the
L2-Specific Sublayer (69) and Data Sequencing (70) AVPs of ICRQ and ICRP that ask the peer for
it. Each end says what it needs on the packets it receives; the other MUST send it.

What IOS makes of `sequencing` (the 12.0(29)S guide's command page): any direction sends
sequence numbers and asks the peer for them; only `receive` or `both` drops the packets that
arrive out of order (a duplicate among them: nothing is reordered), counted for `show l2tun
session all` ("Ns 9932, Nr 10001, 0 out of order packets discarded"). `sequencing resync N`:
after N such drops in a row the receiver takes the next number as it comes [M: the command
reference names the number, not how the drops are counted].
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from iosemu.protocols.l2tp import avp

SUBLAYER_SIZE = 4
S_BIT = 0x40000000  # the Sequence Number is valid (section 4.6)
SPACE = 1 << 24  # sequence numbers, modulo
DEFAULT_SUBLAYER = 1  # L2-Specific Sublayer Type: 0 none, 1 the Default L2-Specific Sublayer
ALL_PACKETS = 2  # Data Sequencing: 0 none, 1 non-IP packets only, 2 every data packet


def avps() -> tuple[avp.Avp, ...]:
    """What an end with `sequencing` says of the packets it wants: the default sublayer, and
    every one of them sequenced."""
    return (
        avp.number(avp.L2_SUBLAYER, DEFAULT_SUBLAYER),
        avp.number(avp.DATA_SEQUENCING, ALL_PACKETS),
    )


@dataclass
class Sequencing:
    """One pseudowire session's sublayer and sequence numbers, each way."""

    configured: bool = False  # `sequencing` (any direction): this end asks and numbers
    check: bool = False  # `sequencing receive|both`: drop what arrives out of order
    resync: int | None = None
    send_sublayer: bool = False  # the peer asked for the sublayer (or a manual session's class)
    asked: bool = False  # the peer asked for sequence numbers
    ns: int = 0  # the next number sent
    nr: int = 0  # the next number expected
    discarded: int = 0  # out of order packets discarded
    run: int = 0  # discarded in a row, for `resync`

    @property
    def receive_sublayer(self) -> bool:
        """Arriving packets carry the sublayer: this end asked for it."""
        return self.configured

    @property
    def numbered(self) -> bool:
        """The sublayer sent carries sequence numbers."""
        return self.send_sublayer and (self.configured or self.asked)

    @property
    def on(self) -> bool:
        return self.configured or self.numbered

    def learn(self, sublayer: int | None, data_sequencing: int | None) -> None:
        """The peer's L2-Specific Sublayer and Data Sequencing AVPs (absent: none)."""
        self.send_sublayer = sublayer == DEFAULT_SUBLAYER
        self.asked = bool(data_sequencing)

    def stamp(self) -> bytes:
        """The sublayer of the next packet sent (nothing if the peer wants none)."""
        if not self.send_sublayer:
            return b""
        if not self.numbered:
            return bytes(SUBLAYER_SIZE)
        word, self.ns = S_BIT | self.ns, (self.ns + 1) % SPACE
        return struct.pack("!I", word)

    def accept(self, sublayer: bytes) -> bool:
        """Whether an arriving packet with this sublayer goes on (False: discarded, counted)."""
        (word,) = struct.unpack("!I", sublayer)
        if not word & S_BIT:
            return True
        number = word & (SPACE - 1)
        behind = (number - self.nr) % SPACE >= SPACE // 2
        if behind and self.check and (self.resync is None or self.run < self.resync):
            self.discarded += 1
            self.run += 1
            return False
        self.nr, self.run = (number + 1) % SPACE, 0
        return True
