"""show pppoe session: records from the router's PPPoE sessions (sim/pppoe.py), then IOS's text.

A server's table is IOS 15's as a dynamips BRAS and a CSR print it (search ids 39596755355,
3433905391): the count of each state, the VT column, the VA's state under its name, and the
session's type (PTA: terminated here; FWDED: forwarded to a tunnel by the LAC). A client's on
15.x is laid out the same, its Dialer under VT, as an IOU 15 router prints it (search id
5113020928: `     1 client session`, `N/A ... Et0/0 ... Di1 Vi2 ... UP`). 12.4's tables, a
server's and a client's, have a Source column (a server's Virtual-Template, a client's Dialer)
and no Type, as a 1812J on 12.4 prints them (search id 18706527256); the capture
show_pppoe_session/ccna60d_show_pppoe_session.txt has the same columns, its spacing lost.
The VA column names a server's session subinterface (Vi2.1) and a client's clone (Vi2 on a
router with `pppoe enable`, else Vi1) as sim/virtual_access.py numbers them.
"""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.registry import handler
from iosemu.protocols.ip.pdu import mac_text

HEADER_124 = [
    "Uniq ID  PPPoE  RemMAC          Port                  Source   VA         State",
    "           SID  LocMAC                                         VA-st",
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
        for call in server.calls.values():
            out.append(
                PppoeRecord(
                    call.uniq,
                    call.session_id,
                    mac_text(call.mac),
                    mac_text(server.mac),
                    server.short,
                    str(call.template),
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


def _rows_124(r: PppoeRecord) -> list[str]:
    """12.4's rows: the Source column names the Virtual-Template or the Dialer, no Type."""
    up = "UP" if r.interface_up else "DOWN"
    served = r.uniq is not None
    source = f"Vt{r.source}" if served else r.source
    return [
        f"{r.uniq if served else 'N/A':>7}{r.session_id:>7}  {r.remote_mac:<14}  {r.port:<22}{source:<9}"
        f"{r.interface:<11}{r.state}",
        f"{'':16}{r.local_mac:<14}{'':33}{up}",
    ]


def _rows_15(r: PppoeRecord) -> list[str]:
    """IOS 15's rows: a server's session (its template's number right in VT, then its Type) or
    a client's (N/A, its Dialer filling VT, no Type), as the samples pad them."""
    up = "UP" if r.interface_up else "DOWN"
    served = r.uniq is not None
    source, state, tail = (f"{r.source:>2}  ", 5, 11) if served else (f"{r.source:<4}", 7, 15)
    return [
        f"{r.uniq if served else 'N/A':>7}{r.session_id:>7}  {r.remote_mac:<14}  {r.port:<24}{source}"
        f"{r.interface:<11}{r.state:<{state}}",
        f"{'':16}{r.local_mac:<14}{'':30}{up:<{tail}}",
    ]


def render(records: list[PppoeRecord], train15: bool = True) -> str:
    clients = [r for r in records if r.uniq is None]
    served = [r for r in records if r.uniq is not None]
    header, rows = (SERVER_HEADER, _rows_15) if train15 else (HEADER_124, _rows_124)
    lines = []
    if served:
        for state, name in STATES.items():
            count = sum(1 for r in served if r.state == state)
            if count:
                lines.append(f"{count:>6} session{'s' if count > 1 else ' '} in {name} ({state}) State")
        lines += [f"{len(served):>6} session{'s' if len(served) > 1 else ' '} total", "", *header]
        lines += [row for r in served for row in rows(r)]
    if clients:
        lines.append(f"{len(clients):>6} client session{'s' if len(clients) > 1 else ''}")
        lines += [*([] if train15 else [""]), *header, *(row for r in clients for row in rows(r))]
    return "\n".join(lines) + "\n" if lines else ""


@handler("show_pppoe")
def show_pppoe(ctx, args):
    return render(sessions(ctx.device), ctx.device.train15)
