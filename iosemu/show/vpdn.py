"""show vpdn [tunnel | session], show l2tp [tunnel | session [packets]], clear vpdn tunnel l2tp:
records from the router's L2TP tunnels (sim/l2tp.py), then IOS's text.

The layout follows the IOS-XE captures of show_vpdn/genie_iosxe_ShowVpdn_golden_output.txt
(each tunnel's table then its sessions', the padded columns and trailing blanks),
show_l2tp_tunnel/, show_l2tp_session/ (the packet counters) and show_l2tp/; 12.4T prints the
same tables (ios-behaviour.md 5.3). `show vpdn session` and `show l2tp session` have no
capture: they print the session table of `show vpdn` under the heading of `show l2tp session
packets` [M].
"""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.registry import handler
from iosemu.protocols.l2tp import session as l2tp

NONE = "%%No active L2TP tunnels\n"  # so in every capture (ios-behaviour.md doubts the second %)
TUNNEL_HEADER = [
    "LocTunID   RemTunID   Remote Name   State  Remote Address  Sessn L2TP Class/",
    "                                                           Count VPDN Group ",
]
SESSION_HEADER = [
    "LocID      RemID      TunID      Username, Intf/      State  Last Chg Uniq ID   ",
    "                                 Vcid, Circuit                                  ",
]
PACKETS_HEADER = "LocID      RemID      TunID      Pkts-In    Pkts-Out   Bytes-In   Bytes-Out"
STATES = {l2tp.ESTABLISHED: "est"}


@dataclass(frozen=True)
class SessionRecord:
    local_id: int
    remote_id: int
    tunnel_id: int
    user: str
    interface: str
    state: str
    since_change: float  # seconds
    uniq_id: int
    packets_in: int
    packets_out: int
    bytes_in: int
    bytes_out: int


@dataclass(frozen=True)
class TunnelRecord:
    local_id: int
    remote_id: int
    remote_name: str
    state: str
    remote_address: str
    group: str
    sessions: tuple[SessionRecord, ...]


def tunnels(device) -> list[TunnelRecord]:
    service = device.services["l2tp"]
    now = device.scheduler.now
    out = []
    for tunnel in service.tunnels():
        sessions = []
        for session in tunnel.sessions.values():
            call = service.call_of(session)
            user, uniq, interface = (call.user, call.uniq, call.interface) if call else ("", 0, "-")
            sessions.append(
                SessionRecord(
                    session.local_id,
                    session.remote_id,
                    tunnel.local_id,
                    user,
                    interface,
                    STATES.get(session.state, session.state),
                    now - session.changed,
                    uniq,
                    session.packets_in,
                    session.packets_out,
                    session.bytes_in,
                    session.bytes_out,
                )
            )
        out.append(
            TunnelRecord(
                tunnel.local_id,
                tunnel.remote_id,
                tunnel.remote_name or "",
                STATES.get(tunnel.state, tunnel.state),
                str(tunnel.peer),
                service.group_of(tunnel),
                tuple(sessions),
            )
        )
    return out


def _tunnel_row(t: TunnelRecord) -> str:
    return (
        f"{t.local_id:<10} {t.remote_id:<10} {t.remote_name:<13} {t.state:<6} {t.remote_address:<15} "
        f"{len(t.sessions):<5} {t.group:<15}"
    )


def elapsed(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def session_row(s: SessionRecord) -> str:
    who = f"{s.user}, {s.interface}"
    ids = f"{s.local_id:<10} {s.remote_id:<10} {s.tunnel_id:<10}"
    return f"{ids} {who:<20} {s.state:<6} {elapsed(s.since_change)} {s.uniq_id:<10}"


def total(heading: str, records: list[TunnelRecord], sessions: int | None = None) -> str:
    """The heading with the counts (`sessions`: those of the tunnels unless given)."""
    if sessions is None:
        sessions = sum(len(t.sessions) for t in records)
    return f"{heading} Total tunnels {len(records)} sessions {sessions}"


def everything(records: list[TunnelRecord]) -> str:
    """show vpdn, show l2tp: each tunnel, and under it its sessions."""
    lines = [total("L2TP Tunnel and Session Information", records), ""]
    for t in records:
        lines += [*TUNNEL_HEADER, _tunnel_row(t), ""]
        if t.sessions:
            lines += [*SESSION_HEADER, *(session_row(s) for s in t.sessions), ""]
    return "\n".join(lines) + "\n\n"


def tunnel_table(heading: str, records: list[TunnelRecord]) -> str:
    return "\n".join([total(heading, records), "", *TUNNEL_HEADER, *map(_tunnel_row, records)]) + "\n"


def session_table(records: list[TunnelRecord]) -> str:
    sessions = [s for t in records for s in t.sessions]
    return (
        "\n".join(
            [
                "",
                total("L2TP Session Information", records),
                "",
                *SESSION_HEADER,
                *map(session_row, sessions),
            ]
        )
        + "\n"
    )


def packets_table(records: list[TunnelRecord]) -> str:
    rows = [
        f"{s.local_id:<10} {s.remote_id:<10} {s.tunnel_id:<10} {s.packets_in:<10} {s.packets_out:<10} "
        f"{s.bytes_in:<10} {s.bytes_out}"
        for t in records
        for s in t.sessions
    ]
    return "\n".join(["", total("L2TP Session Information", records), "", PACKETS_HEADER, *rows]) + "\n"


@handler("show_vpdn", "show_l2tp")
def show_vpdn(ctx, args):
    records = tunnels(ctx.device)
    if not records:
        return ("\n" if args.show_session else "") + NONE
    if args.session_packets:
        return packets_table(records)
    if args.show_session:
        return session_table(records)
    if args.show_tunnel:
        vpdn = ctx.command.data == "show_vpdn"
        return tunnel_table(
            "L2TP Tunnel and Session Information" if vpdn else "L2TP Tunnel Information", records
        )
    return everything(records)


@handler("exec_clear_vpdn")
def clear_vpdn(ctx, args):
    ctx.device.services["l2tp"].clear(None if args.clear_all else args.clear_tunnel_id)
