"""LCP (RFC 1661): the link's options as IOS negotiates them on a leased serial line, the
magic number that finds a looped line, and the Echo keepalives.

What IOS puts in its Configure-Request: the magic number always; the authentication
protocol it demands (`ppp authentication`); the quality protocol (`ppp quality`); MRRU and
endpoint discriminator for multilink. It takes the peer's MRU, authentication it can
answer, quality and magic; anything else is rejected.
"""

from __future__ import annotations

import struct

from iosemu.protocols.ppp.fsm import OPENED, Automaton, verdict
from iosemu.protocols.ppp.pdu import (
    CHAP,
    DISCREQ,
    ECHOREP,
    ECHOREQ,
    LCP,
    LQR,
    PAP,
    PROTREJ,
    Option,
    Packet,
    decode_options,
    encode_options,
)

MRU, ACCM, AUTH, QUALITY, MAGIC, PFC, ACFC, MRRU, ENDPOINT = 1, 2, 3, 4, 5, 7, 8, 17, 19
CHAP_MD5 = struct.pack("!HB", CHAP, 5)
PAP_VALUE = struct.pack("!H", PAP)
AUTH_VALUES = {"chap": CHAP_MD5, "pap": PAP_VALUE}
DEFAULT_MRU = 1500
DEFAULT_MRRU = 1524
KEEPALIVE_RETRIES = 5  # Echo-Requests unanswered before the link is declared down
ECHO_DATA = bytes(4)  # after the magic number: IOS's Echo-Requests are 12 bytes long (`len 12`)


_AUTH_NAMES = {value: name for name, value in AUTH_VALUES.items()}


def auth_name(value: bytes) -> str | None:
    """chap / pap for an Auth-Protocol option value, None for any other method."""
    return _AUTH_NAMES.get(value)


class Lcp(Automaton):
    name = "LCP"
    protocol = LCP

    def __init__(self, link):
        super().__init__(link)
        self.magic = 0
        self.magic_bytes = bytes(4)  # every Echo carries them
        self.auth_wanted: list[str] = []  # the methods still on offer to the peer, in order
        self.refused: set[int] = set()  # option kinds the peer rejected
        self.echo_id = 0
        self.missed = 0
        self._echo_timer = None
        self.first_received: bytes | None = None  # this session's first Configure-Request's options
        self.last_received = b""  # and its last: with our last sent, what a LAC proxies

    def new_session(self) -> None:
        super().new_session()
        self.first_received, self.last_received = None, b""

    def last_sent(self) -> bytes:
        return encode_options(self._requested)

    def force(self, ours: bytes, theirs: bytes) -> bool:
        """Proxy LCP (an LNS, RFC 2661 section 4.4.5): Open at once with what the LAC and the
        peer agreed, the LAC's last Configure-Request as ours, the peer's as theirs; False
        (nothing changed: renegotiate) when they do not decode or the LAC asked for another
        authentication than this end's `ppp authentication`."""
        mine, peers = decode_options(ours), decode_options(theirs)
        if mine is None or peers is None:
            return False
        asked = auth_name(next((o.value for o in mine if o.kind == AUTH), b""))
        wanted = self.link.settings.authentication
        if wanted and asked not in wanted:
            return False
        self.debug(f"I FORCED CONFREQ len {len(theirs) + 4}")
        for option in peers:
            self.debug(f"   {self.option_text(option)}")
        self.ours, self.theirs = mine, peers
        magic = self.negotiated(MAGIC)
        if magic is not None and len(magic) == 4:
            self.magic_bytes, (self.magic,) = magic, struct.unpack("!I", magic)
        self.state = OPENED
        self.debug("State is Open")
        self.layer_up()
        return True

    def fresh_magic(self) -> None:
        self.magic = self._random_magic()
        self.magic_bytes = struct.pack("!I", self.magic)

    def _random_magic(self) -> int:
        return self.link.rng.getrandbits(32) or 1  # 0 is not a magic number

    # -- our request ---------------------------------------------------------------------------
    def request(self) -> list[Option]:
        link = self.link
        options = []
        if link.mru != DEFAULT_MRU and MRU not in self.refused:
            options.append(Option(MRU, struct.pack("!H", link.mru)))
        if self.auth_wanted and AUTH not in self.refused:
            options.append(Option(AUTH, AUTH_VALUES[self.auth_wanted[0]]))
        if link.quality_period and QUALITY not in self.refused:
            options.append(Option(QUALITY, struct.pack("!HI", LQR, link.quality_period)))
        if MAGIC not in self.refused:
            options.append(Option(MAGIC, self.magic_bytes))
        if link.multilink and MRRU not in self.refused:
            options.append(Option(MRRU, struct.pack("!H", DEFAULT_MRRU)))
            options.append(Option(ENDPOINT, b"\x01" + link.hostname.encode("latin-1", "replace")))
        return options

    def nak_received(self, options: list[Option]) -> None:
        for option in options:
            if option.kind == AUTH:
                suggested = auth_name(option.value)
                if suggested in self.auth_wanted:  # the peer prefers another method we allow
                    self.auth_wanted.remove(suggested)
                    self.auth_wanted.insert(0, suggested)
            elif option.kind == MAGIC:  # the peer has our number: as IOS takes it, a loop
                self.fresh_magic()
                self.link.looped = True  # our own packets come back

    def reject_received(self, options: list[Option]) -> None:
        self.refused.update(option.kind for option in options)

    # -- the peer's request -----------------------------------------------------------------
    def check(self, options: list[Option]) -> tuple[int, list[Option]]:
        self.last_received = encode_options(options)
        if self.first_received is None:
            self.first_received = self.last_received
        rejected, naks = [], []
        link = self.link
        for option in options:
            kind, value = option.kind, option.value
            if kind == MRU and len(value) == 2:
                continue
            if kind == AUTH and len(value) >= 2:
                method = auth_name(value)
                if method is None or not link.can_answer(method):
                    # suggest a method this end can answer, or refuse to authenticate at all
                    other = next((m for m in ("chap", "pap") if link.can_answer(m)), None)
                    if other:
                        naks.append(Option(AUTH, AUTH_VALUES[other]))
                    else:
                        rejected.append(option)
                continue
            if kind == QUALITY and len(value) == 6 and value[:2] == struct.pack("!H", LQR):
                continue
            if kind == MAGIC and len(value) == 4:
                (number,) = struct.unpack("!I", value)
                if number == 0 or number == self.magic:  # RFC 1661 6.4: perhaps ours, come back
                    naks.append(Option(MAGIC, struct.pack("!I", self._random_magic())))
                else:
                    link.looped = False  # the peer's own number: the line is not looped
                continue
            if kind in (MRRU, ENDPOINT) and link.multilink and value:
                continue
            rejected.append(option)
        return verdict(options, naks, rejected)

    def looping(self) -> bool:
        return self.link.looped

    # -- layer events -----------------------------------------------------------------------
    def layer_up(self) -> None:
        self.link.lqm.start()
        self._start_echo()
        self.link.lcp_up()

    def layer_down(self) -> None:
        self.stop_echo()
        self.link.lcp_down()

    def layer_finished(self) -> None:
        self.stop_echo()
        self.link.lcp_finished()

    def stop(self) -> None:
        super().stop()
        self.stop_echo()

    # -- codes beyond the automaton's -------------------------------------------------------------
    def terminate_request(self, packet: Packet) -> None:
        """On an open link the engine notes the peer's Terminate first, as IOS does."""
        opened = self.state == OPENED
        if opened:
            self.link.peer_terminates()
        super().terminate_request(packet)
        if opened:
            self.link.peer_terminated()

    def other_code(self, packet: Packet) -> bool:
        code = packet.code
        if code in (ECHOREQ, ECHOREP):  # the keepalives first: the packets an open link carries most
            if self.state == OPENED:
                self._echo_received(packet)
            return True
        if code == PROTREJ:
            if self.state == OPENED and len(packet.data) >= 2:
                self.link.protocol_rejected(struct.unpack_from("!H", packet.data)[0])
            return True
        return code == DISCREQ  # Discard-Request: silently discarded, as it asks

    def _echo_received(self, packet: Packet) -> None:
        """RFC 1661 5.8: an Echo carrying our own magic number came round a loop; IOS leaves it
        unanswered (so the keepalives fail and the line goes down). A reply of the peer's
        shows the line is not looped."""
        link = self.link
        if packet.data[:4] == self.magic_bytes:
            link.looped = True
        elif packet.code == ECHOREQ:
            self.send(ECHOREP, packet.ident, self.magic_bytes + packet.data[4:])
        else:
            self.missed = 0
            link.looped = False
            if link.debugging("ppp packet"):
                line = f"LCP-FS: Received id {packet.ident}, sent id {self.echo_id}, line up"
                link.debug("ppp packet", line)

    def reject_protocol(self, protocol: int, info: bytes) -> None:
        """A frame of a protocol we do not run arrived while LCP is open."""
        if self.state == OPENED:
            data = struct.pack("!H", protocol) + info
            self.send(PROTREJ, self._next_ident(), data[: self.link.mru - 4])

    # -- Echo keepalives ------------------------------------------------------------------------
    def _start_echo(self) -> None:
        self.stop_echo()
        self.missed = 0
        period = self.link.keepalive
        if period:
            self._echo_timer = self.link.scheduler.call_later(period, self._echo)

    def stop_echo(self) -> None:
        if self._echo_timer is not None:
            self._echo_timer.cancel()
            self._echo_timer = None

    def keepalive_changed(self) -> None:
        if self.state == OPENED:
            self._start_echo()

    def _echo(self) -> None:
        self._echo_timer = None
        lqm = self.link.lqm
        if lqm.monitoring:  # quality reports are the keepalives (lqm.py)
            if not lqm.keepalive():
                return
        elif self.missed >= KEEPALIVE_RETRIES:
            self.link.keepalive_failed()
            return
        else:
            self.missed += 1
            self.echo_id = (self.echo_id + 1) & 0xFF
            self.send(ECHOREQ, self.echo_id, self.magic_bytes + ECHO_DATA)
        self._echo_timer = self.link.scheduler.call_later(self.link.keepalive, self._echo)

    # -- debug ---------------------------------------------------------------------------------
    def describe(self, option: Option) -> str:
        kind, value = option.kind, option.value
        if kind == MRU and len(value) == 2:
            return f"MRU {struct.unpack('!H', value)[0]}"
        if kind == AUTH:
            method = auth_name(value)
            return f"AuthProto {method.upper()}" if method else f"AuthProto 0x{value[:2].hex().upper()}"
        if kind == QUALITY and len(value) == 6:
            protocol, period = struct.unpack("!HI", value)
            return f"QualityType 0x{protocol:04X} period {period}"
        if kind == MAGIC and len(value) == 4:
            return f"MagicNumber 0x{struct.unpack('!I', value)[0]:08X}"
        if kind == MRRU and len(value) == 2:
            return f"MRRU {struct.unpack('!H', value)[0]}"
        if kind == ENDPOINT and value:
            return f"EndpointDisc {value[0]} {value[1:].decode('latin-1')}"
        if kind == ACCM and len(value) == 4:
            return f"ACCM 0x{value.hex().upper()}"
        if kind == PFC:
            return "PFC"
        if kind == ACFC:
            return "ACFC"
        return f"Unknown option {kind}"

    def shown_as(self, direction: str, packet: Packet) -> tuple[str, str]:
        """Echo keepalives show under `debug ppp packet`; IOS answers and checks them on its
        fast path (`LCP-FS`), and sends its own requests from LCP."""
        if packet.code in (ECHOREQ, ECHOREP):
            return "ppp packet", "LCP" if (direction, packet.code) == ("O", ECHOREQ) else "LCP-FS"
        return super().shown_as(direction, packet)

    def packet_suffix(self, packet: Packet) -> str:
        if packet.code in (ECHOREQ, ECHOREP) and len(packet.data) >= 4:
            return f" magic 0x{struct.unpack_from('!I', packet.data)[0]:08X}"
        return ""
