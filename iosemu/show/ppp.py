"""show ppp all, show ppp interface X and show ppp statistics (15.x; the 12.4 platform lacks
these keywords): records from the PPP engines and the router's PPP counters, then text.

Follows ../shared/reference/ios-output/show_ppp_all/ (the IOL and Genie tables),
show_ppp_interface/ (15.x, serial, CHAP one way and PAP the other) and
show_ppp_statistics/ (the three tables, only the rows that are not zero).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

from iosemu.config.registry import handler
from iosemu.protocols.ppp import lcp as lcp_options
from iosemu.protocols.ppp.fsm import ACKRCVD, ACKSENT, OPENED, REQSENT
from iosemu.protocols.ppp.ncp import ANY
from iosemu.protocols.ppp.statistics import DISCONNECTS, GAUGES, HANDLES, MIB

# The engine's phase -> the session's stage, as `show ppp all` and `show ppp interface` word it.
STAGES = {
    "ESTABLISHING": ("LCP", "LCP Negotiation"),
    "AUTHENTICATING": ("Authen", "Authenticating"),
    "UP": ("LocalT", "Local Termination"),
}
_NEGOTIATING = frozenset({REQSENT, ACKRCVD, ACKSENT})
# The handles of a session's other contexts: the PPP handle with another top byte.
_SERIAL_TAG, _SSS_TAG, _ACCESS_TAG = 0x80, 0xFD, 0x8A


@dataclass(frozen=True)
class ProtocolRecord:
    """One control protocol of a session: its automaton's state and the options agreed."""

    name: str
    state: str
    mark: str  # + open, * negotiating, - failed
    ours: tuple[str, ...]  # as `option_text` words them
    theirs: tuple[str, ...]


@dataclass(frozen=True)
class PppSession:
    interface: str  # short name (Se0/0/0)
    handle: int
    session_id: int
    phase: str
    stage: tuple[str, str]  # (short, long)
    peer_name: str
    peer_address: IPv4Address
    auth: str | None  # the method this end demanded (CHAP, PAP)
    protocols: tuple[ProtocolRecord, ...]  # LCP then the NCPs the interface runs

    @property
    def up(self) -> bool:
        return self.phase == "UP"

    @property
    def auth_mark(self) -> tuple[str, ...]:
        """`CHAP+` once passed, `CHAP*` while it runs; nothing if this end asks for none."""
        return (f"{self.auth}{'+' if self.up else '*'}",) if self.auth else ()

    def marks(self) -> tuple[str, ...]:
        """`LCP+ CHAP+ IPCP+ CDPCP-`: each protocol and how it stands (show ppp all)."""
        lcp, *ncps = self.protocols
        return (f"LCP{lcp.mark}", *self.auth_mark, *(f"{n.name}{n.mark}" for n in ncps))

    def states(self) -> tuple[str, ...]:
        """`LCP[Open] CHAP+ IPCP[Open] CDPCP[Open]` (show ppp interface)."""
        lcp, *ncps = self.protocols
        return (f"LCP[{lcp.state}]", *self.auth_mark, *(f"{n.name}[{n.state}]" for n in ncps))


def _mark(automaton) -> str:
    if automaton.state == OPENED:
        return "+"
    return "*" if automaton.state in _NEGOTIATING else "-"


def _protocol(automaton) -> ProtocolRecord:
    """The options are shown once the automaton is open (before, they are last session's)."""
    shown = automaton.state == OPENED
    return ProtocolRecord(
        name=automaton.name,
        state=automaton.state_name,
        mark=_mark(automaton),
        ours=tuple(automaton.option_text(o) for o in automaton.ours) if shown else (),
        theirs=tuple(automaton.option_text(o) for o in automaton.theirs) if shown else (),
    )


def collect_session(engine) -> PppSession | None:
    """The session on a PPP line, or None while it has none (Dead, or on its way down)."""
    stage = STAGES.get(engine.phase)
    if stage is None:
        return None
    up = engine.phase == "UP"
    ncps = [n for n in engine.ncps.values() if engine.ncp_wanted(n.protocol)] if up else []
    lcp = engine.lcp  # what it agreed is this session's once it is open
    auth = lcp_options.auth_name(lcp.negotiated(lcp_options.AUTH) or b"") if lcp.opened else None
    ipcp = engine.ipcp
    return PppSession(
        interface=engine.short,
        handle=engine.session_handle,
        session_id=engine.sessions,
        phase=engine.phase,
        stage=stage,
        peer_name=(engine.peer_name or "") if up else "",
        peer_address=ipcp.peer_address if ipcp.opened else ANY,
        auth=auth.upper() if auth else None,
        protocols=(_protocol(lcp), *(_protocol(n) for n in ncps)),
    )


def _engine(device, name: str):
    port = device.ports.get(name)
    engine = port.encapsulation if port is not None else None
    return engine if getattr(engine, "name", None) in ("ppp", "dialled") else None  # not a bundle


def session_on(device, name: str) -> PppSession | None:
    """The PPP session on one interface (None: not PPP, or no session now)."""
    engine = _engine(device, name)
    return collect_session(engine) if engine is not None else None


def sessions(device) -> list[PppSession]:
    found = (session_on(device, iface.name) for iface in device.creation_order())
    return [session for session in found if session is not None]


# -- show ppp all ---------------------------------------------------------------------------------
@handler("show_ppp_all")
def show_ppp_all(ctx, args):
    lines = [
        "Interface/ID OPEN+ Nego* Fail-     Stage    Peer Address    Peer Name",
        "------------ --------------------- -------- --------------- --------------------",
    ]
    for s in sessions(ctx.device):
        marks = " ".join(s.marks())
        lines.append(
            f"{s.interface:<12} {marks:<21} {s.stage[0]:<8} {str(s.peer_address):<15} {s.peer_name:<15}"
        )
    return "\n".join(lines) + "\n"


# -- show ppp interface X ------------------------------------------------------------------------
def render_session(s: PppSession) -> str:
    handle = s.handle & 0xFFFFFF
    serial, sss, access = (tag << 24 | handle for tag in (_SERIAL_TAG, _SSS_TAG, _ACCESS_TAG))
    state, last_state, last_event = (
        ("Up", "Binding", "LocalTerm") if s.up else ("Negotiating", "Down", "Start")
    )
    lines = [
        "PPP Serial Context Info",
        "-" * len("PPP Serial Context Info"),
        f"Interface        : {s.interface}",
        f"PPP Serial Handle: 0x{serial:X}",
        f"PPP Handle       : 0x{s.handle:X}",
        f"SSS Handle       : 0x{sss:X}",
        f"AAA ID           : {s.session_id}",
        f"Access IE        : 0x{access:X}",
        "SHDB Handle      : 0x0",
        f"State            : {state}",
        f"Last State       : {last_state}",
        f"Last Event       : {last_event}",
        "",
        "PPP Session Info",
        "-" * len("PPP Session Info"),
        f"Interface        : {s.interface}",
        f"PPP ID           : 0x{s.handle:X}",
        f"Phase            : {s.phase}",
        f"Stage            : {s.stage[1]}",
        f"Peer Name        : {s.peer_name}",
        f"Peer Address     : {s.peer_address}",
        f"Control Protocols: {' '.join(s.states())}",
        f"Session ID       : {s.session_id}",
        f"AAA Unique ID    : {s.session_id}",
        f"SSS Manager ID   : 0x{sss:X}",
        f"SIP ID           : 0x{serial:X}",
        "PPP_IN_USE       : 0x11",
    ]
    for p in s.protocols:
        lines += ["", f"{s.interface} {p.name}: [{p.state}]", "Our Negotiated Options"]
        lines += [f"{s.interface} {p.name}:    {o}" for o in p.ours] or ["  NONE"]
        lines.append("Peer's Negotiated Options")
        lines += [f"{s.interface} {p.name}:    {o}" for o in p.theirs] or ["  NONE"]
    return "\n".join(lines) + "\n"


@handler("show_ppp_interface")
def show_ppp_interface(ctx, args):
    device = ctx.device
    if args.ifname not in device.config.interfaces:
        return ctx.session.invalid_at_end()
    engine = _engine(device, args.ifname)
    session = collect_session(engine) if engine is not None else None
    return render_session(session) if session is not None else ""


# -- show ppp statistics -------------------------------------------------------------------------
@dataclass(frozen=True)
class StatisticRow:
    kind: int
    text: str
    first: int  # TOTAL or PEAK
    second: int  # SINCE CLEARED or CURRENT


def statistic_tables(device) -> tuple[list[StatisticRow], list[StatisticRow], list[StatisticRow]]:
    """The three tables of `show ppp statistics`, the rows that are not zero."""
    stats = device.ppp_statistics
    encapped = sum(1 for i in device.config.interfaces.values() if i.encapsulation == "ppp")

    def total(kind: int) -> tuple[int, int]:
        value = encapped if kind == 19 else stats.value(kind)
        return value, value

    def mib(kind: int) -> tuple[int, int]:
        return (stats.peak(kind), stats.value(kind)) if kind in GAUGES else total(kind)

    def rows(table, values) -> list[StatisticRow]:
        out = [StatisticRow(kind, text, *values(kind)) for kind, text in table]
        return [row for row in out if row.first]

    return rows(HANDLES, total), rows(MIB, mib), rows(DISCONNECTS, total)


_HEADINGS = (
    "Type PPP Statistic                              TOTAL      SINCE CLEARED",
    "Type PPP MIB Counters                           PEAK       CURRENT",
    "Type PPP Disconnect Reason                      TOTAL      SINCE CLEARED",
)
_RULE = "---- -----------------------------------------  ---------- -------------"


@handler("show_ppp_statistics")
def show_ppp_statistics(ctx, args):
    lines = []
    for heading, table in zip(_HEADINGS, statistic_tables(ctx.device), strict=True):
        lines += [heading, _RULE]
        lines += [f"{r.kind:<4} {r.text:<43} {r.first:<10} {r.second:<10}" for r in table]
        lines.append("")
    return "\n".join(lines) + "\n"
