"""show xconnect all, show l2tun [tunnel | session [all]]: records from the router's
pseudowires and control connections (sim/l2tpv3.py) beside its L2TPv2 tunnels, then IOS's text.

`show xconnect all` follows the 15.x/IOS-XE capture of an Ethernet VLAN xconnect (its legend,
column rule and the `UP pri   ac ...` rows; ids 2696093601 and 59494879388 of the reference
search), and on 12.4 the command reference's example that genieparser's ShowXconnectAll test
quotes (a two-line legend with commas, `UP pri ac   ...` rows; id 2916230144). `show l2tun
tunnel` and `show l2tun session` print the tables of `show l2tp` (show/vpdn.py, whose session
capture has 32-bit L2TPv3 ids), a pseudowire's "Username, Intf/Vcid, Circuit" column being
`VCID, interface`; `show l2tun session all` follows, down to the byte counts, the 12.4 sample of a dynamips
pseudowire (mplsvpn.info, "MTU Problem In L2TPV3", 2009: the remote ids second, who placed the
call, both tunnel names with their addresses, `IP protocol 115`, the `DF bit off, ToS reflect
disabled, ToS value 0, TTL value 255` and `UDP checksums are disabled` lines and the fast-switching
cache's header, the IP header with the remote session id and cookie, in 32-bit words); the lines
after it, which that sample cuts off, are those of the 12.0(29)S L2TPv3 guide's sample (page 136),
in that order, its `SSS switching enabled` between the cookies and `Sequencing is on` with `Ns 9932,
Nr 10001, 0 out of order packets discarded` among them [M for the indentation, which the 2009 page
lost, and for the layout between the two samples' lines; the two-space indent of `SSS switching
enabled` and `Sequencing is off` is that of the lines genieparser's `show vpdn session all` parser
quotes].
"""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.interface import short_name
from iosemu.config.l2tpv3 import REFLECT
from iosemu.config.registry import handler
from iosemu.protocols.ip.pdu import Ipv4
from iosemu.protocols.l2tpv3 import pdu as v3
from iosemu.show import vpdn
from iosemu.show.vpdn import SESSION_HEADER, SessionRecord, TunnelRecord

COLUMNS = """\
XC ST  Segment 1                         S1 Segment 2                         S2
------+---------------------------------+--+---------------------------------+--
"""
LEGEND = """\
Legend:    XC ST=Xconnect State  S1=Segment1 State  S2=Segment2 State
  UP=Up       DN=Down            AD=Admin Down      IA=Inactive
  SB=Standby  HS=Hot Standby     RV=Recovering      NH=No Hardware

"""
LEGEND_12 = """\
Legend: XC ST=Xconnect State, S1=Segment1 State, S2=Segment2 State
UP=Up, DN=Down, AD=Admin Down, IA=Inactive, NH=No Hardware
"""


@dataclass(frozen=True)
class XconnectRecord:
    interface: str
    vlan: int | None
    peer: str
    vcid: int
    circuit: str  # UP, DN, AD: the attachment circuit (segment 1)
    pseudowire: str  # UP, DN: the session and the far circuit (segment 2)

    @property
    def state(self) -> str:
        return "UP" if self.circuit == self.pseudowire == "UP" else "DN"


@dataclass(frozen=True)
class PseudowireRecord:
    """What `show l2tun session all` says of one pseudowire session."""

    session: SessionRecord
    remote_name: str
    peer: str
    signalled: bool
    serial: int
    vcid: int
    interface: str
    circuit_up: bool
    remote_tunnel_id: int
    local_cookie: bytes
    remote_cookie: bytes
    dropped_in: int
    df_bit: bool
    sequencing: tuple[int, int, int] | None = None  # Ns, Nr, out of order discarded; None: off
    local_name: str = ""
    local_address: str = ""
    local_call: bool = True  # this end placed the call (a manual session: [M])
    tos: int | str = 0  # `ip tos value N`, or REFLECT
    ttl: int = 255
    pmtu: bool = False  # `ip pmtu`
    path_mtu: int | None = None  # what the core's last fragmentation-needed error said; None: not known
    dropped_out: int = 0
    header: bytes = b""  # the outer IP header and the L2TPv3 header the packets sent start with


def _circuit(device, pw) -> str:
    iface = device.config.interfaces.get(pw.interface)
    if iface is not None and iface.shutdown:
        return "AD"
    return "UP" if pw.circuit_up else "DN"


def xconnects(device) -> list[XconnectRecord]:
    service = device.services["l2tpv3"]
    out = []
    for pw in service.pseudowires.values():
        x = pw.xconnect
        vlan = device.config.interfaces[pw.interface].vlan if pw.vlan_mode else None
        remote = "UP" if pw.established and (pw.remote_circuit_up or not pw.signalled) else "DN"
        out.append(XconnectRecord(pw.interface, vlan, str(x.peer), x.vcid, _circuit(device, pw), remote))
    return out


def render_xconnects(records: list[XconnectRecord], train15: bool = True) -> str:
    rows = []
    primary = "pri   ac" if train15 else "pri ac  "
    for r in records:
        name = short_name(r.interface)
        first = f"{name}:{r.vlan}(Eth VLAN)" if r.vlan is not None else f"{name}(Ethernet)"
        second = f"l2tp {r.peer}:{r.vcid}"
        rows.append(f"{r.state} {primary} {first:<29}{r.circuit} {second:<34}{r.pseudowire}")
    return (LEGEND if train15 else LEGEND_12) + COLUMNS + "".join(row + "\n" for row in rows)


def _session_record(device, pw) -> SessionRecord:
    session = pw.session
    state = vpdn.STATES.get(session.state, session.state) if session is not None else "est"
    tunnel = session.tunnel.local_id if session is not None else 0
    changed = session.changed if session is not None else pw.changed
    return SessionRecord(
        pw.local_id or 0,
        pw.remote_id or 0,
        tunnel,
        str(pw.xconnect.vcid),
        short_name(pw.interface),
        state,
        device.scheduler.now - changed,
        0,
        pw.packets_in,
        pw.packets_out,
        pw.bytes_in,
        pw.bytes_out,
    )


def _header(pw, source) -> bytes:
    """IOS's cached header of the pseudowire's packets: the IP header (total length 20, id 0,
    the configured TTL and TOS, DF as `ip dfbit set` sets it) and the remote session id and
    cookie, as the 2009 sample's `45000014 00000000 FF737F3B ...` has them."""
    tos = 0 if pw.tos == REFLECT else pw.tos
    outer = Ipv4(source, pw.xconnect.peer, pw.ttl, v3.PROTOCOL, v3.L2tpIp(b""), 0, pw.df_bit, tos)
    return outer.encode() + v3.data_header(pw.remote_id or 0, pw.remote_cookie)


def pseudowires(device) -> list[PseudowireRecord]:
    service = device.services["l2tpv3"]
    out = []
    for pw in service.pseudowires.values():
        if pw.session is None and not pw.established:
            continue
        session = pw.session
        tunnel = session.tunnel if session is not None else None
        source = tunnel.settings.router_id if tunnel is not None else service.local_address(pw)
        out.append(
            PseudowireRecord(
                _session_record(device, pw),
                (tunnel.remote_name or "") if tunnel is not None else "",
                str(pw.xconnect.peer),
                pw.signalled,
                session.serial if session is not None else 0,
                pw.xconnect.vcid,
                pw.interface,
                pw.circuit_up,
                tunnel.remote_id if tunnel is not None else 0,
                pw.local_cookie,
                pw.remote_cookie,
                pw.dropped_in,
                pw.df_bit,
                (seq.ns, seq.nr, seq.discarded) if (seq := pw.sequencing).on else None,
                tunnel.settings.local_name if tunnel is not None else "",
                str(source) if source is not None else "",
                session is None or not session.incoming,
                pw.tos,
                pw.ttl,
                pw.pmtu,
                pw.path_mtu,
                pw.dropped_out,
                _header(pw, source) if source is not None else b"",
            )
        )
    return out


def tunnels(device) -> list[TunnelRecord]:
    """The L2TPv2 tunnels and the L2TPv3 control connections, each with its sessions."""
    service = device.services["l2tpv3"]
    sessions: dict[int, list[SessionRecord]] = {}
    for pw in service.pseudowires.values():
        if pw.session is not None:
            sessions.setdefault(pw.session.tunnel.local_id, []).append(_session_record(device, pw))
    v3 = [
        TunnelRecord(
            c.local_id,
            c.remote_id,
            c.remote_name or "",
            vpdn.STATES.get(c.state, c.state),
            str(c.peer),
            c.settings.class_name,
            tuple(sessions.get(c.local_id, ())),
        )
        for c in service.endpoint.tunnels.values()
    ]
    return vpdn.tunnels(device) + v3


def _cookie(cookie: bytes) -> str:
    return " ".join(f"{octet:02X}" for octet in cookie)


def _words(header: bytes) -> list[str]:
    """The cached header as the sample prints it: 32-bit words in hex, four to a line."""
    words = [header[at : at + 4].hex().upper() for at in range(0, len(header), 4)]
    return ["      " + " ".join(words[at : at + 4]) for at in range(0, len(words), 4)]


def render_all(records: list[TunnelRecord], pws: list[PseudowireRecord]) -> str:
    lines = ["", vpdn.total("L2TP Session Information", records, len(pws)), ""]
    for p in pws:
        s = p.session
        reflect = p.tos == REFLECT
        lines += [
            f"Session id {s.local_id} is {'up' if s.state == 'est' else 'down'}, tunnel id {s.tunnel_id}",
            f"Remote session id is {s.remote_id}, remote tunnel id {p.remote_tunnel_id}",
            f"{'Locally' if p.local_call else 'Remotely'} initiated session",  # [M] Remotely
            f"Call serial number is {p.serial}",
            f"Remote tunnel name is {p.remote_name}",
            f"  Internet address is {p.peer}",
            f"Local tunnel name is {p.local_name}",
            f"  Internet address is {p.local_address}",
            f"IP protocol {v3.PROTOCOL}",
            f"  Session is {'L2TP signaled' if p.signalled else 'manually signaled'}",  # [M] manually
            f"  Session state is {'established' if s.state == 'est' else s.state}, "
            f"time since change {vpdn.elapsed(s.since_change)}",
            f"    DF bit {'on' if p.df_bit else 'off'}, ToS reflect {'enabled' if reflect else 'disabled'}, "
            f"ToS value {0 if reflect else p.tos}, TTL value {p.ttl}",
            "    UDP checksums are disabled",
        ]
        if p.pmtu:  # [M] the wording and place of the line
            known = f"{p.path_mtu} bytes" if p.path_mtu is not None else "not known"
            lines.append(f"    Session PMTU enabled, path MTU is {known}")
        if p.header:
            lines += ["    FS cached header information:", f"      encap size = {len(p.header)} bytes"]
            lines += _words(p.header)
        lines += [
            f"    {s.packets_out} Packets sent, {s.packets_in} received",
            f"    {s.bytes_out} Bytes sent, {s.bytes_in} received",
            f"    Receive packets dropped: {p.dropped_in}",
            f"    Send packets dropped: {p.dropped_out}",
            f"  Session vcid is {p.vcid}",
            f"  Session Layer 2 circuit, type is Ethernet{' VLAN' if '.' in p.interface else ''}, "
            f"name is {p.interface}",
            f"  Circuit state is {'UP' if p.circuit_up else 'DOWN'}",
        ]
        if p.local_cookie or p.remote_cookie:
            lines.append("  Session cookie information:")
            for word, cookie in (("local", p.local_cookie), ("remote", p.remote_cookie)):
                if cookie:
                    lines.append(f"    {word} cookie, size {len(cookie)} bytes, value {_cookie(cookie)}")
        else:
            lines.append("  No session cookie information available")
        lines.append("  SSS switching enabled")  # the guide's sample (p. 136)
        if p.sequencing is None:
            lines += ["  Sequencing is off", ""]
        else:  # the guide's sample (p. 136) [M for the indentation]
            ns, nr, discarded = p.sequencing
            lines += [
                "  Sequencing is on",
                f"    Ns {ns}, Nr {nr}, {discarded} out of order packets discarded",
                "",
            ]
    return "\n".join(lines) + "\n"


@handler("show_xconnect")
def show_xconnect(ctx, args):
    return render_xconnects(xconnects(ctx.device), ctx.device.train15)


@handler("show_l2tun")
def show_l2tun(ctx, args):
    records = tunnels(ctx.device)
    pws = pseudowires(ctx.device)
    if args.show_l2tun_session_all:
        return render_all(records, pws)
    manual = [p.session for p in pws if not p.signalled]
    if not records and not manual:
        return ("\n" if args.show_l2tun_session else "") + vpdn.NONE
    if args.show_l2tun_session:
        sessions = [s for t in records for s in t.sessions] + manual
        total = vpdn.total("L2TP Session Information", records, len(sessions))
        return "\n".join(["", total, "", *SESSION_HEADER, *map(vpdn.session_row, sessions)]) + "\n"
    if args.show_l2tun_tunnel:
        return vpdn.tunnel_table("L2TP Tunnel Information", records)
    return vpdn.everything(records)
