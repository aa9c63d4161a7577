"""The option-negotiation automaton of RFC 1661 (section 4), shared by LCP and the NCPs.

The state table below is the RFC's, cell for cell: an event in a state gives the actions
to run and the next state. The protocol that uses the automaton (LCP, IPCP, CDPCP)
supplies its options (what to request, what to accept) and what happens when its layer
goes up, down, starts or finishes. Every packet and every transition is shown on the
console under `debug ppp negotiation`, in IOS's words.
"""

from __future__ import annotations

from iosemu.protocols.ppp.pdu import (
    CODE_NAMES,
    CODEREJ,
    CONFACK,
    CONFNAK,
    CONFREJ,
    CONFREQ,
    TERMACK,
    TERMREQ,
    Option,
    Packet,
    decode_options,
    encode_options,
    encode_packet,
)

INITIAL, STARTING, CLOSED, STOPPED, CLOSING, STOPPING, REQSENT, ACKRCVD, ACKSENT, OPENED = range(10)
STATE_NAMES = (
    "Initial",
    "Starting",
    "Closed",
    "Stopped",
    "Closing",
    "Stopping",
    "REQsent",
    "ACKrcvd",
    "ACKsent",
    "Open",
)

RESTART_TIMER = 2.0  # IOS retransmits every 2 s (the RFC suggests 3)
MAX_CONFIGURE = 10
MAX_TERMINATE = 2
MAX_FAILURE = 5

# RFC 1661 4.1: event -> the row of the state table, one cell per state (Initial ...
# Opened). A cell is "actions/next", `-` where the event cannot happen; the RFC's `r`
# (restart option), `x` (crossed connection) and `p` (passive option) marks are left out,
# since they do not change the state.
_TABLE_TEXT = """
Up    2     irc,scr/6 -         -             -     -     -         -         -         -
Down  -     -         0         tls/1         0     1     1         1         1         tld/1
Open  tls/1 1         irc,scr/6 3             5     5     6         7         8         9
Close 0     tlf/0     2         2             4     4     irc,str/4 irc,str/4 irc,str/4 tld,irc,str/4
TO+   -     -         -         -             str/4 str/5 scr/6     scr/6     scr/8     -
TO-   -     -         -         -             tlf/2 tlf/3 tlf/3     tlf/3     tlf/3     -
RCR+  -     -         sta/2     irc,scr,sca/8 4     5     sca/8     sca,tlu/9 sca/8     tld,scr,sca/8
RCR-  -     -         sta/2     irc,scr,scn/6 4     5     scn/6     scn/7     scn/6     tld,scr,scn/6
RCA   -     -         sta/2     sta/3         4     5     irc/7     scr/6     irc,tlu/9 tld,scr/6
RCN   -     -         sta/2     sta/3         4     5     irc,scr/6 scr/6     irc,scr/8 tld,scr/6
RTR   -     -         sta/2     sta/3         sta/4 sta/5 sta/6     sta/6     sta/6     tld,zrc,sta/5
RTA   -     -         2         3             tlf/2 tlf/3 6         6         8         tld,scr/6
RUC   -     -         scj/2     scj/3         scj/4 scj/5 scj/6     scj/7     scj/8     scj/9
RXJ+  -     -         2         3             4     5     6         6         8         9
RXJ-  -     -         tlf/2     tlf/3         tlf/2 tlf/3 tlf/3     tlf/3     tlf/3     tld,irc,str/5
"""


def _parse_table(text: str) -> dict[str, tuple]:
    table = {}
    for row in text.strip().splitlines():
        event, *cells = row.split()
        parsed = []
        for cell in cells:
            if cell == "-":
                parsed.append(None)
                continue
            actions, _, after = cell.rpartition("/")
            parsed.append((tuple(actions.split(",")) if actions else (), int(after)))
        table[event] = tuple(parsed)
    return table


TABLE = _parse_table(_TABLE_TEXT)

# How IOS 15 names the events in its `Event[...] State[a to b]` lines.
EVENT_NAMES = {
    "Up": "UP",
    "Down": "DOWN",
    "Open": "OPEN",
    "Close": "CLOSE",
    "TO+": "Timeout+",
    "TO-": "Timeout-",
    "RCR+": "Receive ConfReq+",
    "RCR-": "Receive ConfReq-",
    "RCA": "Receive ConfAck",
    "RCN": "Receive ConfNak/Rej",
    "RTR": "Receive TermReq",
    "RTA": "Receive TermAck",
    "RUC": "Receive Unknown Code",
    "RXJ+": "Receive CodeRej+",
    "RXJ-": "Receive CodeRej-",
}
_LAYER_ACTIONS = frozenset({"tlu", "tld", "tls", "tlf"})


class Automaton:
    """One protocol's automaton on one link. Subclasses give `name`, `protocol` and the
    option handling; `link` is the PPP engine (scheduler, sending, debug output)."""

    name = "?"
    protocol = 0

    def __init__(self, link):
        self.link = link
        self.state = INITIAL
        self.ident = 0  # of our last Configure-Request or Terminate-Request
        self.reject_ident = 0  # of our last Code-Reject or Protocol-Reject
        self.restart_count = 0
        self.failures = 0  # Configure-Naks sent in a row (turned into a Reject at MAX_FAILURE)
        self._timer = None
        self._requested: list[Option] = []  # our last Configure-Request's options
        self.ours: list[Option] = []  # the options the peer acknowledged
        self.theirs: list[Option] = []  # the options we acknowledged

    # -- what a protocol supplies ---------------------------------------------------------
    def request(self) -> list[Option]:
        """The options of our next Configure-Request."""
        return []

    def check(self, options: list[Option]) -> tuple[int, list[Option]]:
        """Our verdict on the peer's request: (CONFACK, options), (CONFNAK, the values we
        want instead) or (CONFREJ, the options we do not know or allow)."""
        return verdict(options, [], list(options))

    def nak_received(self, options: list[Option]) -> None:
        """The peer asked for other values: the next request changes."""

    def reject_received(self, options: list[Option]) -> None:
        """The peer refused options: the next request leaves them out."""

    def looping(self) -> bool:
        """True while the line is known to bring our own packets back (LCP's loop check):
        a Configure-Nak or -Reject is then our own, and the restart timer decides instead."""
        return False

    def layer_up(self) -> None: ...

    def layer_down(self) -> None: ...

    def layer_started(self) -> None: ...

    def layer_finished(self) -> None: ...

    def other_code(self, packet: Packet) -> bool:
        """A code beyond 7 (LCP's Echo, Discard, Protocol-Reject): True if handled."""
        return False

    def describe(self, option: Option) -> str:
        """An option as IOS's debug shows it (`MagicNumber 0x...`, before the raw bytes)."""
        return f"Unknown option {option.kind}"

    def packet_suffix(self, packet: Packet) -> str:
        """What IOS's debug adds after `len N` for this packet (LCP's Echo magic)."""
        return ""

    def shown_as(self, direction: str, packet: Packet) -> tuple[str, str]:
        """(debug flag, prefix) a packet shows under: `debug ppp negotiation` and the
        protocol's name (LCP shows its Echo keepalives under `debug ppp packet`)."""
        return "ppp negotiation", self.name

    # -- events from outside ---------------------------------------------------------------
    def up(self) -> None:
        self.event("Up")

    def down(self) -> None:
        self.event("Down")

    def open(self) -> None:
        self.event("Open")

    def close(self) -> None:
        self.event("Close")

    @property
    def opened(self) -> bool:
        return self.state == OPENED

    @property
    def state_name(self) -> str:
        return STATE_NAMES[self.state]

    def begin(self, train15: bool) -> None:
        """A session starts: Open and Up, in the order each release gives them (15.x opens
        from Initial to Starting, then Up sends the request; 12.4 is Up first, then Open)."""
        if train15:
            self.open()
            self.up()
        else:
            self.up()
            self.open()

    def negotiated(self, kind: int, theirs: bool = False) -> bytes | None:
        """The value of an option as acknowledged (ours, or the peer's)."""
        for option in self.theirs if theirs else self.ours:
            if option.kind == kind:
                return option.value
        return None

    def stop(self) -> None:
        """The lower layer is gone for good (no carrier, another encapsulation): back to
        Initial at once, nothing sent, the layer not told."""
        self._cancel_timer()
        self.state = INITIAL

    def new_session(self) -> None:
        """A new PPP session on the line: identifiers and counts start again."""
        self.ident = 0
        self.failures = 0

    # -- the automaton -------------------------------------------------------------------------
    def event(self, name: str, packet: Packet | None = None, reply=None) -> None:
        cell = TABLE[name][self.state]
        if cell is None:
            return  # the RFC's `-`: cannot happen in this state; nothing to do
        actions, after = cell
        before = self.state
        for action in actions:
            if action == "irc":  # Max-Terminate before a Terminate-Request, else Max-Configure
                self.restart_count = MAX_TERMINATE if "str" in actions else MAX_CONFIGURE
            elif action not in _LAYER_ACTIONS:
                self._act(action, packet, reply)
        self.state = after
        if self.link.train15:
            self.debug(f"Event[{EVENT_NAMES[name]}] State[{STATE_NAMES[before]} to {STATE_NAMES[after]}]")
        if after not in (REQSENT, ACKRCVD, ACKSENT, CLOSING, STOPPING):
            self._cancel_timer()
        for action in actions:
            if action in _LAYER_ACTIONS:
                getattr(self, _LAYER_METHODS[action])()
        if after == OPENED and before != OPENED and self.state == OPENED:
            self.debug("State is Open")

    def _act(self, action: str, packet: Packet | None, reply) -> None:
        if action == "zrc":
            self.restart_count = 0
            self._start_timer()
        elif action == "scr":
            self._send_request()
        elif action == "sca":
            self.send(CONFACK, packet.ident, encode_options(reply))
            self.theirs = list(reply)
        elif action == "scn":
            code, options = reply
            self.send(code, packet.ident, encode_options(options))
        elif action == "str":
            self.restart_count -= 1
            self.ident = (self.ident + 1) & 0xFF
            self.send(TERMREQ, self.ident)
            self._start_timer()
        elif action == "sta":
            self.send(TERMACK, packet.ident)
        elif action == "scj":
            self.send(CODEREJ, self._next_ident(), packet.encode()[: self.link.mru - 4])

    def _next_ident(self) -> int:
        """The identifier of a Code-Reject or Protocol-Reject: a count of its own, so that
        the reply to our pending request still matches `ident`."""
        self.reject_ident = (self.reject_ident + 1) & 0xFF
        return self.reject_ident

    def _send_request(self) -> None:
        self.restart_count -= 1
        self.ident = (self.ident + 1) & 0xFF
        self._requested = self.request()
        self.send(CONFREQ, self.ident, encode_options(self._requested))
        self._start_timer()

    def _start_timer(self) -> None:
        self._cancel_timer()
        self._timer = self.link.scheduler.call_later(RESTART_TIMER, self._timeout)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _timeout(self) -> None:
        self._timer = None
        self.debug(f"TIMEout: State {self.state_name}")
        self.event("TO+" if self.restart_count > 0 else "TO-")

    # -- packets -------------------------------------------------------------------------------
    def send(self, code: int, ident: int, data: bytes = b"") -> None:
        if self.link.debugs:  # every packet passes here: a quiet router's stop at once
            self._show("O", Packet(code, ident, data))
        self.link.send_control(self.protocol, encode_packet(code, ident, data))

    def receive(self, raw: bytes) -> None:
        """A packet of this protocol from the peer, as bytes off the line."""
        packet = Packet.decode(raw)
        if packet is None:
            return  # RFC 1661: a bad Length is silently discarded
        if self.state in (INITIAL, STARTING):
            return  # the lower layer is not up for this protocol: discard
        code = packet.code
        if code in (CONFREQ, CONFACK, CONFNAK, CONFREJ):
            options = decode_options(packet.data)
            if options is None:
                return  # a truncated option: the packet is malformed, discarded
            if self.link.debugs:
                self._show("I", packet, options)
            if code == CONFREQ:
                self._configure_request(packet, options)
            else:
                self._configure_reply(packet, options)
            return
        if self.link.debugs:
            self._show("I", packet)
        if code == TERMREQ:
            self.terminate_request(packet)
        elif code == TERMACK:  # an unelicited one too (RFC 1661 5.5): whatever its identifier
            self.event("RTA", packet)
        elif code == CODEREJ:
            self._code_reject(packet)
        elif not self.other_code(packet):
            self.event("RUC", packet)

    def terminate_request(self, packet: Packet) -> None:
        self.event("RTR", packet)

    def _configure_request(self, packet: Packet, options: list[Option]) -> None:
        verdict, answer = self.check(options)
        if verdict == CONFACK:
            self.failures = 0
            self.event("RCR+", packet, answer)
            return
        if verdict == CONFNAK:
            self.failures += 1
            if self.failures > MAX_FAILURE:  # a peer that will not converge: reject instead
                kinds = {option.kind for option in answer}
                verdict, answer = CONFREJ, [option for option in options if option.kind in kinds]
        self.event("RCR-", packet, (verdict, answer))

    def _configure_reply(self, packet: Packet, options: list[Option]) -> None:
        """RCA or RCN. While negotiating, only the reply to our last request counts; in
        Closed and Stopped any is answered with a Terminate-Ack, in Closing and Stopping
        any is ignored (the state table)."""
        event = "RCA" if packet.code == CONFACK else "RCN"
        if self.state in (REQSENT, ACKRCVD, ACKSENT, OPENED):
            if packet.ident != self.ident:
                return  # a stale reply (RFC 1661 5.2-5.4): discarded
            if packet.code == CONFACK:
                if options != self._requested:
                    return  # not our request's options exactly: invalid, discarded
                self.ours = options
            elif self.looping():
                return  # IOS breaks the loop: no new request until the timer runs out
            elif packet.code == CONFNAK:
                self.nak_received(options)
            else:
                self.reject_received(options)
        self.event(event, packet)

    def _code_reject(self, packet: Packet) -> None:
        """RXJ+ for a code we can live without, RXJ- for one the protocol needs."""
        rejected = packet.data[0] if packet.data else 0
        self.event("RXJ-" if 1 <= rejected <= 7 else "RXJ+", packet)

    # -- debug -------------------------------------------------------------------------------
    def debug(self, text: str) -> None:
        self.link.debug("ppp negotiation", f"{self.name}: {text}")

    def _show(self, direction: str, packet: Packet, options: list[Option] | None = None) -> None:
        flag, prefix = self.shown_as(direction, packet)
        if not self.link.debugging(flag):
            return
        name = CODE_NAMES.get(packet.code, f"code {packet.code}")
        head = f"{direction} {name} [{self.state_name}] id {packet.ident} len {len(packet)}"
        self.link.debug(flag, f"{prefix}: {head}{self.packet_suffix(packet)}")
        if options is None and packet.code in (CONFREQ, CONFACK, CONFNAK, CONFREJ):
            options = decode_options(packet.data) or []
        for option in options or ():
            self.debug(f"   {self.option_text(option)}")

    def option_text(self, option: Option) -> str:
        """An option as IOS shows it in debug and `show ppp interface`, value and bytes."""
        return f"{self.describe(option)} (0x{option.encode().hex().upper()})"


def verdict(options: list[Option], naks: list[Option], rejected: list[Option]) -> tuple[int, list[Option]]:
    """RFC 1661 5.2-5.4: reject what cannot be had at all, else Nak what we want changed,
    else acknowledge the request as it came."""
    if rejected:
        return CONFREJ, rejected
    if naks:
        return CONFNAK, naks
    return CONFACK, options


_LAYER_METHODS = {"tlu": "layer_up", "tld": "layer_down", "tls": "layer_started", "tlf": "layer_finished"}
