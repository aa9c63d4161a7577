"""show pppoe session: records from the router's PPPoE sessions (sim/pppoe.py), then IOS's text.

A client's table follows the capture show_pppoe_session/ccna60d_show_pppoe_session.txt (its
heading as captured, the Source column naming the Dialer, VA its bound Virtual-Access). A
server's is IOS 15's, written from memory [M]: the count of each state, the VT column, the VA's
state under its name, and the session's type (PTA: terminated here; FWDED: forwarded to a
tunnel by the LAC).
"""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.registry import handler
from iosemu.protocols.ip.pdu import mac_text

CLIENT_HEADER = [
    "Uniq ID  PPPoE  RemMAC      Port        Source   VA         State",
    "       SID  LocMAC                               VA-st",
]
SERVER_HEADER = [
    "Uniq ID  PPPoE  RemMAC          Port                    VT  VA         State",
    "           SID  LocMAC                                      VA-st      Type",
]
STATES = {"PTA": "LOCALLY_TERMINATED", "FWDED": "FORWARDED"}


@dataclass(frozen=True)
class PppoeRecord:
    uniq: int | None  # None: a client's session (N/A)
    session_id: int
    remote_mac: str
    local_mac: str
    port: str
    source: str  # a server's Virtual-Template number, a client's Dialer
    interface: str  # where PPP runs: the Virtual-Access, the Dialer
    interface_up: bool
    state: str  # PTA, FWDED (a server's), UP (a client's)


def sessions(device) -> list[PppoeRecord]:
    service = device.services["pppoe"]
    forwarded = device.services["l2tp"].forwarded_ports()
    out = []
    for server in service.servers.values():
        group = device.config.pppoe.groups.get(server.group)
        for call in server.calls.values():
            out.append(
                PppoeRecord(
                    call.uniq,
                    call.session_id,
                    mac_text(call.mac),
                    mac_text(server.mac),
                    server.short,
                    str(group.virtual_template if group else ""),
                    call.port.short_name,
                    device.interface_up(call.port.name),
                    "FWDED" if call.port in forwarded else "PTA",
                )
            )
    for client in service.clients.values():
        engine, vaccess = client.engine, client.vaccess
        if engine.state == "session" and client.dialer is not None and vaccess is not None:
            out.append(
                PppoeRecord(
                    None,
                    engine.session_id,
                    mac_text(engine.concentrator),
                    mac_text(client.mac),
                    client.short,
                    client.dialer.short_name,
                    vaccess.short_name,
                    device.interface_up(vaccess.name),
                    "UP",
                )
            )
    return out


def _client_rows(r: PppoeRecord) -> list[str]:
    up = "UP" if r.interface_up else "DOWN"
    return [
        f"{'N/A':<3}{r.session_id:>7}  {r.remote_mac:<14}  {r.port:<12}{r.source:<9}"
        f"{r.interface:<11}{r.state}",
        f"{'':12}{r.local_mac:<14}{'':34}{up}",
    ]


def _server_rows(r: PppoeRecord) -> list[str]:
    up = "UP" if r.interface_up else "DOWN"
    return [
        f"{r.uniq:>7}{r.session_id:>7}  {r.remote_mac:<14}  {r.port:<24}{r.source:>2}  "
        f"{r.interface:<11}{r.state:<5}",
        f"{'':16}{r.local_mac:<14}{'':30}{up:<11}",
    ]


def render(records: list[PppoeRecord]) -> str:
    clients = [r for r in records if r.uniq is None]
    served = [r for r in records if r.uniq is not None]
    lines = []
    if served:
        for state, name in STATES.items():
            count = sum(1 for r in served if r.state == state)
            if count:
                lines.append(f"{count:>6} session{'s' if count > 1 else ' '} in {name} ({state}) State")
        lines += [f"{len(served):>6} session{'s' if len(served) > 1 else ' '} total", "", *SERVER_HEADER]
        lines += [row for r in served for row in _server_rows(r)]
    if clients:
        lines += [f"{len(clients)} client session{'s' if len(clients) > 1 else ''}", *CLIENT_HEADER]
        lines += [row for r in clients for row in _client_rows(r)]
    return "\n".join(lines) + "\n" if lines else ""


@handler("show_pppoe")
def show_pppoe(ctx, args):
    return render(sessions(ctx.device))
