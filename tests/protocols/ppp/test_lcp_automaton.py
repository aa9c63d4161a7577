"""The option-negotiation automaton (protocols/ppp/fsm.py) against RFC 1661's state table
(section 4.1), event by event: the next state, the packets sent (scr, sca, scn, str, sta,
scj), what the layer above is told (tlu, tld, tls, tlf), the restart counter (irc, zrc),
and the `Event[...] State[a to b]` line IOS 15 prints under `debug ppp negotiation`.
Then the timer and counters of section 4.6 (restart timer 2 s on IOS, Max-Terminate 2,
Max-Configure 10, Max-Failure 5) and a whole exchange between two ends, message by message.

The automaton runs on a fake link: the simulator's scheduler, and lists for what it sends
and prints. The events come as the RFC defines them: Up, Down, Open and Close from outside,
TO+ and TO- from the restart timer, the rest from packets received as bytes.
"""

from __future__ import annotations

import pytest

from iosemu.protocols.ppp.fsm import EVENT_NAMES, Automaton
from iosemu.protocols.ppp.pdu import (
    CODEREJ,
    CONFACK,
    CONFNAK,
    CONFREJ,
    CONFREQ,
    ECHOREQ,
    LCP,
    TERMACK,
    TERMREQ,
    Option,
    Packet,
    encode_options,
)
from iosemu.sim.clock import Scheduler

PEER_ID = 0x41  # the identifier of the packets the peer sends
OURS = [Option(5, bytes.fromhex("01020304"))]  # what the probe requests
THEIRS = [Option(5, bytes.fromhex("0A0B0C0D"))]  # what the peer requests
WANTED = [Option(5, bytes.fromhex("0E0E0E0E"))]  # the probe's counter-proposal (Nak)


class FakeLink:
    """What an automaton asks of the PPP engine: a scheduler, sending, debug output."""

    train15 = True
    mru = 1500
    debugs = {"ppp negotiation"}

    def __init__(self, scheduler: Scheduler | None = None):
        self.scheduler = scheduler or Scheduler()
        self.sent: list[Packet] = []
        self.lines: list[str] = []
        self.wire = None  # another automaton to deliver to, for the two-ended exchange

    def send_control(self, protocol: int, raw: bytes) -> None:
        self.sent.append(Packet.decode(raw))
        if self.wire is not None:
            self.scheduler.call_later(0.001, self.wire.receive, raw)

    def debugging(self, flag: str) -> bool:
        return True

    def debug(self, flag: str, text: str) -> None:
        self.lines.append(text)


class Probe(Automaton):
    """The automaton with one option of its own, a verdict on the peer's request chosen by
    the test, and a record of the layer actions."""

    name = "LCP"
    protocol = LCP

    def __init__(self, link):
        super().__init__(link)
        self.verdict = CONFACK
        self.layer: list[str] = []

    def request(self):
        return OURS

    def check(self, options):
        return (CONFACK, options) if self.verdict == CONFACK else (self.verdict, WANTED)

    def layer_up(self):
        self.layer.append("tlu")

    def layer_down(self):
        self.layer.append("tld")

    def layer_started(self):
        self.layer.append("tls")

    def layer_finished(self):
        self.layer.append("tlf")


def peer_packet(probe: Probe, code: int, ident: int = PEER_ID, data: bytes = b"") -> int:
    probe.receive(Packet(code, ident, data).encode())
    return ident


def drive(probe: Probe, event: str) -> int | None:
    """Cause one RFC event; the identifier of the packet that caused it, if one did."""
    if event in ("Up", "Down", "Open", "Close"):
        getattr(probe, event.lower())()
        return None
    if event == "TO+":
        assert probe.restart_count > 0
        probe.link.scheduler.advance(2.0)
        return None
    if event == "TO-":
        while probe.restart_count > 0:  # the retransmissions the counter still allows
            probe.link.scheduler.advance(2.0)
        probe.link.sent.clear()
        probe.layer.clear()
        probe.link.scheduler.advance(2.0)
        return None
    if event in ("RCR+", "RCR-"):
        probe.verdict = CONFACK if event == "RCR+" else CONFNAK
        return peer_packet(probe, CONFREQ, data=encode_options(THEIRS))
    if event == "RCA":
        return peer_packet(probe, CONFACK, probe.ident, encode_options(OURS))
    if event == "RCN":
        return peer_packet(probe, CONFNAK, probe.ident, encode_options(WANTED))
    if event == "RTR":
        return peer_packet(probe, TERMREQ)
    if event == "RTA":  # elicited or not, a Terminate-Ack is one (RFC 1661 5.5)
        return peer_packet(probe, TERMACK)
    if event == "RUC":
        return peer_packet(probe, 0x0E, data=b"\x99")
    if event == "RXJ+":  # the peer cannot handle a code we can live without (Echo)
        return peer_packet(probe, CODEREJ, data=Packet(ECHOREQ, 1, bytes(4)).encode())
    if event == "RXJ-":  # ... or one the automaton needs (Configure-Ack)
        return peer_packet(probe, CODEREJ, data=Packet(CONFACK, 1).encode())
    raise AssertionError(event)


# From Initial, the events that lead to each state.
PATHS = {
    "Initial": [],
    "Starting": ["Open"],
    "Closed": ["Up"],
    "Stopped": ["Up", "Open", "RXJ-"],
    "Closing": ["Up", "Open", "Close"],
    "Stopping": ["Up", "Open", "RCR+", "RCA", "RXJ-"],
    "REQsent": ["Up", "Open"],
    "ACKrcvd": ["Up", "Open", "RCA"],
    "ACKsent": ["Up", "Open", "RCR+"],
    "Open": ["Up", "Open", "RCR+", "RCA"],
}


def probe_in(state: str) -> Probe:
    probe = Probe(FakeLink())
    for event in PATHS[state]:
        drive(probe, event)
    assert probe.state_name == state
    probe.link.sent.clear()
    probe.link.lines.clear()
    probe.layer.clear()
    return probe


# RFC 1661 4.1, every cell that can happen: (state, event, actions, next state). A cell
# left out is a `-` (the event cannot occur there), or ACKrcvd's TO-: entering ACKrcvd
# initialises the restart counter and its first timeout leaves it, so the counter cannot
# run out there.
CELLS = [
    ("Initial", "Up", "", "Closed"),
    ("Initial", "Open", "tls", "Starting"),
    ("Initial", "Close", "", "Initial"),
    ("Starting", "Up", "irc,scr", "REQsent"),
    ("Starting", "Open", "", "Starting"),
    ("Starting", "Close", "tlf", "Initial"),
    ("Closed", "Down", "", "Initial"),
    ("Closed", "Open", "irc,scr", "REQsent"),
    ("Closed", "Close", "", "Closed"),
    ("Closed", "RCR+", "sta", "Closed"),
    ("Closed", "RCR-", "sta", "Closed"),
    ("Closed", "RCA", "sta", "Closed"),
    ("Closed", "RCN", "sta", "Closed"),
    ("Closed", "RTR", "sta", "Closed"),
    ("Closed", "RTA", "", "Closed"),
    ("Closed", "RUC", "scj", "Closed"),
    ("Closed", "RXJ+", "", "Closed"),
    ("Closed", "RXJ-", "tlf", "Closed"),
    ("Stopped", "Down", "tls", "Starting"),
    ("Stopped", "Open", "", "Stopped"),
    ("Stopped", "Close", "", "Closed"),
    ("Stopped", "RCR+", "irc,scr,sca", "ACKsent"),
    ("Stopped", "RCR-", "irc,scr,scn", "REQsent"),
    ("Stopped", "RCA", "sta", "Stopped"),
    ("Stopped", "RCN", "sta", "Stopped"),
    ("Stopped", "RTR", "sta", "Stopped"),
    ("Stopped", "RTA", "", "Stopped"),
    ("Stopped", "RUC", "scj", "Stopped"),
    ("Stopped", "RXJ+", "", "Stopped"),
    ("Stopped", "RXJ-", "tlf", "Stopped"),
    ("Closing", "Down", "", "Initial"),
    ("Closing", "Open", "", "Stopping"),
    ("Closing", "Close", "", "Closing"),
    ("Closing", "TO+", "str", "Closing"),
    ("Closing", "TO-", "tlf", "Closed"),
    ("Closing", "RCR+", "", "Closing"),
    ("Closing", "RCR-", "", "Closing"),
    ("Closing", "RCA", "", "Closing"),
    ("Closing", "RCN", "", "Closing"),
    ("Closing", "RTR", "sta", "Closing"),
    ("Closing", "RTA", "tlf", "Closed"),
    ("Closing", "RUC", "scj", "Closing"),
    ("Closing", "RXJ+", "", "Closing"),
    ("Closing", "RXJ-", "tlf", "Closed"),
    ("Stopping", "Down", "", "Starting"),
    ("Stopping", "Open", "", "Stopping"),
    ("Stopping", "Close", "", "Closing"),
    ("Stopping", "TO+", "str", "Stopping"),
    ("Stopping", "TO-", "tlf", "Stopped"),
    ("Stopping", "RCR+", "", "Stopping"),
    ("Stopping", "RCR-", "", "Stopping"),
    ("Stopping", "RCA", "", "Stopping"),
    ("Stopping", "RCN", "", "Stopping"),
    ("Stopping", "RTR", "sta", "Stopping"),
    ("Stopping", "RTA", "tlf", "Stopped"),
    ("Stopping", "RUC", "scj", "Stopping"),
    ("Stopping", "RXJ+", "", "Stopping"),
    ("Stopping", "RXJ-", "tlf", "Stopped"),
    ("REQsent", "Down", "", "Starting"),
    ("REQsent", "Open", "", "REQsent"),
    ("REQsent", "Close", "irc,str", "Closing"),
    ("REQsent", "TO+", "scr", "REQsent"),
    ("REQsent", "TO-", "tlf", "Stopped"),
    ("REQsent", "RCR+", "sca", "ACKsent"),
    ("REQsent", "RCR-", "scn", "REQsent"),
    ("REQsent", "RCA", "irc", "ACKrcvd"),
    ("REQsent", "RCN", "irc,scr", "REQsent"),
    ("REQsent", "RTR", "sta", "REQsent"),
    ("REQsent", "RTA", "", "REQsent"),
    ("REQsent", "RUC", "scj", "REQsent"),
    ("REQsent", "RXJ+", "", "REQsent"),
    ("REQsent", "RXJ-", "tlf", "Stopped"),
    ("ACKrcvd", "Down", "", "Starting"),
    ("ACKrcvd", "Open", "", "ACKrcvd"),
    ("ACKrcvd", "Close", "irc,str", "Closing"),
    ("ACKrcvd", "TO+", "scr", "REQsent"),
    ("ACKrcvd", "RCR+", "sca,tlu", "Open"),
    ("ACKrcvd", "RCR-", "scn", "ACKrcvd"),
    ("ACKrcvd", "RCA", "scr", "REQsent"),
    ("ACKrcvd", "RCN", "scr", "REQsent"),
    ("ACKrcvd", "RTR", "sta", "REQsent"),
    ("ACKrcvd", "RTA", "", "REQsent"),
    ("ACKrcvd", "RUC", "scj", "ACKrcvd"),
    ("ACKrcvd", "RXJ+", "", "REQsent"),
    ("ACKrcvd", "RXJ-", "tlf", "Stopped"),
    ("ACKsent", "Down", "", "Starting"),
    ("ACKsent", "Open", "", "ACKsent"),
    ("ACKsent", "Close", "irc,str", "Closing"),
    ("ACKsent", "TO+", "scr", "ACKsent"),
    ("ACKsent", "TO-", "tlf", "Stopped"),
    ("ACKsent", "RCR+", "sca", "ACKsent"),
    ("ACKsent", "RCR-", "scn", "REQsent"),
    ("ACKsent", "RCA", "irc,tlu", "Open"),
    ("ACKsent", "RCN", "irc,scr", "ACKsent"),
    ("ACKsent", "RTR", "sta", "REQsent"),
    ("ACKsent", "RTA", "", "ACKsent"),
    ("ACKsent", "RUC", "scj", "ACKsent"),
    ("ACKsent", "RXJ+", "", "ACKsent"),
    ("ACKsent", "RXJ-", "tlf", "Stopped"),
    ("Open", "Down", "tld", "Starting"),
    ("Open", "Open", "", "Open"),
    ("Open", "Close", "tld,irc,str", "Closing"),
    ("Open", "RCR+", "tld,scr,sca", "ACKsent"),
    ("Open", "RCR-", "tld,scr,scn", "REQsent"),
    ("Open", "RCA", "tld,scr", "REQsent"),
    ("Open", "RCN", "tld,scr", "REQsent"),
    ("Open", "RTR", "tld,zrc,sta", "Stopping"),
    ("Open", "RTA", "tld,scr", "REQsent"),
    ("Open", "RUC", "scj", "Open"),
    ("Open", "RXJ+", "", "Open"),
    ("Open", "RXJ-", "tld,irc,str", "Stopping"),
]
SENT = {"scr": CONFREQ, "sca": CONFACK, "scn": CONFNAK, "str": TERMREQ, "sta": TERMACK, "scj": CODEREJ}


def test_every_state_and_event_is_covered():
    covered = {(state, event) for state, event, _, _ in CELLS}
    assert {state for state, _ in covered} == set(PATHS)
    assert {event for _, event in covered} == set(EVENT_NAMES)


@pytest.mark.parametrize(
    ("state", "event", "actions", "after"), CELLS, ids=[f"{s}-{e}" for s, e, _, _ in CELLS]
)
def test_cell(state, event, actions, after):
    probe = probe_in(state)
    ident_before = probe.ident
    received = drive(probe, event)
    actions = actions.split(",") if actions else []
    link = probe.link
    assert probe.state_name == after
    assert [packet.code for packet in link.sent] == [SENT[a] for a in actions if a in SENT]
    assert probe.layer == [a for a in actions if a.startswith("tl")]
    assert f"LCP: Event[{EVENT_NAMES[event]}] State[{state} to {after}]" in link.lines
    for packet in link.sent:
        if packet.code in (CONFACK, CONFNAK, TERMACK):  # answers carry the received identifier
            assert packet.ident == received
        if packet.code in (CONFREQ, TERMREQ):  # each new request a new identifier
            assert packet.ident != ident_before
    codes = [packet.code for packet in link.sent]
    if CONFACK in codes:
        assert link.sent[codes.index(CONFACK)].data == encode_options(THEIRS)
    if CONFNAK in codes:
        assert link.sent[codes.index(CONFNAK)].data == encode_options(WANTED)
    if CONFREQ in codes:
        assert link.sent[codes.index(CONFREQ)].data == encode_options(OURS)
    if "irc" in actions:  # Max-Terminate before a Terminate-Request, Max-Configure otherwise
        expected = 2 if "str" in actions else 10
        assert probe.restart_count == expected - (1 if "str" in actions or "scr" in actions else 0)
    if "zrc" in actions:
        assert probe.restart_count == 0


def test_code_reject_carries_the_rejected_packet():
    probe = probe_in("Open")
    unknown = Packet(0x0E, 0x77, b"\x01\x02\x03")
    probe.receive(unknown.encode() + b"\x00\x00")  # padding past the Length is not echoed
    (reject,) = probe.link.sent
    assert (reject.code, reject.data) == (CODEREJ, unknown.encode())
    assert probe.link.lines[-2:] == [
        "LCP: O CODEREJ [Open] id 1 len 11",
        "LCP: Event[Receive Unknown Code] State[Open to Open]",
    ]


def test_a_code_reject_keeps_the_pending_request_current():
    """A Code-Reject sent while our Configure-Request is out takes its own identifier: the
    peer's Configure-Ack still matches the request."""
    probe = probe_in("REQsent")
    drive(probe, "RUC")
    drive(probe, "RCA")
    assert probe.state_name == "ACKrcvd"


# -- section 4.6: the restart timer and the counters -------------------------------------


def test_restart_timer_resends_the_request_every_2_seconds():
    probe = probe_in("REQsent")
    scheduler = probe.link.scheduler
    scheduler.advance(1.999)
    assert probe.link.sent == []
    scheduler.advance(0.001)
    (again,) = probe.link.sent
    assert again.code == CONFREQ and again.ident == 2
    assert probe.link.lines[:2] == ["LCP: TIMEout: State REQsent", "LCP: O CONFREQ [REQsent] id 2 len 10"]


def test_max_configure_is_10_requests_then_stopped():
    probe = Probe(FakeLink())
    probe.up()
    probe.open()
    probe.link.scheduler.advance(60)
    assert [packet.ident for packet in probe.link.sent] == list(range(1, 11))
    assert {packet.code for packet in probe.link.sent} == {CONFREQ}
    assert probe.state_name == "Stopped" and probe.layer == ["tlf"]
    assert probe.link.lines[-2:] == [
        "LCP: TIMEout: State REQsent",
        "LCP: Event[Timeout-] State[REQsent to Stopped]",
    ]


def test_max_terminate_is_2_requests_then_closed():
    probe = probe_in("Open")
    probe.close()
    probe.link.scheduler.advance(60)
    assert [packet.code for packet in probe.link.sent] == [TERMREQ, TERMREQ]
    assert probe.state_name == "Closed" and probe.layer == ["tld", "tlf"]
    assert "LCP: Event[Timeout-] State[Closing to Closed]" in probe.link.lines


def test_peer_terminate_waits_one_restart_time_in_stopping():
    """RFC 1661 zrc: after acknowledging the peer's Terminate-Request, one restart period."""
    probe = probe_in("Open")
    drive(probe, "RTR")
    probe.link.scheduler.advance(1.9)
    assert probe.state_name == "Stopping"
    probe.link.scheduler.advance(0.1)
    assert probe.state_name == "Stopped" and probe.layer == ["tld", "tlf"]


def test_max_failure_is_5_naks_then_rejects():
    probe = probe_in("REQsent")
    probe.verdict = CONFNAK
    for _ in range(7):
        peer_packet(probe, CONFREQ, data=encode_options(THEIRS))
    assert [packet.code for packet in probe.link.sent] == [CONFNAK] * 5 + [CONFREJ] * 2
    probe.verdict = CONFACK  # an acknowledgement starts the count again
    peer_packet(probe, CONFREQ, data=encode_options(THEIRS))
    probe.verdict = CONFNAK
    peer_packet(probe, CONFREQ, data=encode_options(THEIRS))
    assert [packet.code for packet in probe.link.sent[-2:]] == [CONFACK, CONFNAK]


def test_stale_configure_replies_are_discarded():
    """RFC 1661 5.2-5.4: an Ack, Nak or Reject whose identifier is not our last request's."""
    probe = probe_in("REQsent")
    for code in (CONFACK, CONFNAK, CONFREJ):
        peer_packet(probe, code, (probe.ident + 1) & 0xFF, encode_options(OURS))
    peer_packet(probe, CONFACK, probe.ident, encode_options(WANTED))  # not what we asked for
    assert probe.state_name == "REQsent" and probe.link.sent == []


# -- a whole exchange ----------------------------------------------------------------------


def test_two_ends_negotiate_message_by_message():
    """Both ends Up and Open at once: each sends its request, acknowledges the other's, and
    opens on the Ack; what the first end prints, line by line, is IOS 15's sequence."""
    scheduler = Scheduler()
    a, b = Probe(FakeLink(scheduler)), Probe(FakeLink(scheduler))
    a.link.wire, b.link.wire = b, a
    for probe in (a, b):
        probe.open()
        probe.up()
    scheduler.advance(1)
    assert a.state_name == b.state_name == "Open"
    assert a.layer == b.layer == ["tls", "tlu"]
    assert a.link.lines == [
        "LCP: Event[OPEN] State[Initial to Starting]",
        "LCP: O CONFREQ [Starting] id 1 len 10",
        "LCP:    Unknown option 5 (0x050601020304)",
        "LCP: Event[UP] State[Starting to REQsent]",
        "LCP: I CONFREQ [REQsent] id 1 len 10",
        "LCP:    Unknown option 5 (0x050601020304)",
        "LCP: O CONFACK [REQsent] id 1 len 10",
        "LCP:    Unknown option 5 (0x050601020304)",
        "LCP: Event[Receive ConfReq+] State[REQsent to ACKsent]",
        "LCP: I CONFACK [ACKsent] id 1 len 10",
        "LCP:    Unknown option 5 (0x050601020304)",
        "LCP: Event[Receive ConfAck] State[ACKsent to Open]",
        "LCP: State is Open",
    ]
    assert [(p.code, p.ident) for p in a.link.sent] == [(CONFREQ, 1), (CONFACK, 1)]
    scheduler.advance(60)  # no restart timer left running on an open link
    assert len(a.link.sent) == 2


def test_a_silent_peer_then_an_answer_reopens():
    """The requests go unanswered until Max-Configure; the peer's request in Stopped starts
    a fresh negotiation (irc, scr, sca) that opens on its Ack."""
    probe = Probe(FakeLink())
    probe.up()
    probe.open()
    probe.link.scheduler.advance(30)
    assert probe.state_name == "Stopped"
    drive(probe, "RCR+")
    assert probe.state_name == "ACKsent"
    drive(probe, "RCA")
    assert probe.state_name == "Open" and probe.layer == ["tlf", "tlu"]
