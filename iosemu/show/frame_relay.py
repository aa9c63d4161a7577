"""show frame-relay pvc, map, lmi and route, and clear frame-relay inarp: records from the
Frame Relay engines of a router's lines, then text.

Follows ../shared/reference/ios-output/show_frame-relay_pvc/fr_lab_* (the column layout,
trailing pads kept), show_frame-relay_map/ (fr_lab, iou, matriz: the continuation indents),
show_frame-relay_lmi/ and show_frame-relay_route/iou_FR1_show_frame-relay_route.txt.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

from iosemu.config.interface import parent_name
from iosemu.config.registry import handler
from iosemu.protocols.frame_relay.encapsulation import FrameRelayEncapsulation, Pvc
from iosemu.protocols.frame_relay.lmi import INVALID_COUNTERS, LmiDce
from iosemu.protocols.frame_relay.pdu import LMI_TYPES, q922
from iosemu.sim.counters import since

STATUSES = ("ACTIVE", "INACTIVE", "DELETED", "STATIC")
SWITCH_DROPS = (
    "no out intf",
    "out intf down",
    "no out PVC",
    "in PVC down",
    "out PVC down",
    "pkt too big",
    "shaping Q full",
    "pkt above DE",
    "policing drop",
)
USAGES = (("Local", "LOCAL"), ("Switched", "SWITCHED"), ("Unused", "UNUSED"))


def lines_of(device) -> list[tuple[str, FrameRelayEncapsulation]]:
    """(interface, engine) of every Frame Relay line, in the router's interface order."""
    found = []
    for iface in device.creation_order():
        port = device.ports.get(iface.name)
        if port is not None and isinstance(port.encapsulation, FrameRelayEncapsulation):
            found.append((iface.name, port.encapsulation))
    return found


def role(engine: FrameRelayEncapsulation) -> str:
    return engine.settings.intf_type.upper()


# -- show frame-relay pvc ------------------------------------------------------------------------
def _row(*cells: tuple[str, int], width: int = 25) -> str:
    """A counter row: each field `label N` in its column, the last with N padded to ten (the
    blanks IOS leaves at the end of the line)."""
    *lead, (label, value) = cells
    return "  " + "".join(f"{name} {n}".ljust(width) for name, n in lead) + f"{label} {value:<10}"


def _pvc_block(device, pvc: Pvc) -> list[str]:
    c = pvc.counters
    now = device.scheduler.now
    lines = [
        f"DLCI = {pvc.dlci}, DLCI USAGE = {pvc.usage}, PVC STATUS = {pvc.status}, "
        f"INTERFACE = {pvc.interface}",
        "",
        _row(("input pkts", c.input_pkts), ("output pkts", c.output_pkts), ("in bytes", c.in_bytes)),
        _row(
            ("out bytes", c.out_bytes),
            ("dropped pkts", c.dropped_pkts),
            ("in pkts dropped", c.in_pkts_dropped),
        ),
        _row(("out pkts dropped", c.out_pkts_dropped), ("out bytes dropped", c.out_bytes_dropped), width=34),
        _row(("in FECN pkts", c.in_fecn), ("in BECN pkts", c.in_becn), ("out FECN pkts", c.out_fecn)),
        _row(("out BECN pkts", c.out_becn), ("in DE pkts", c.in_de), ("out DE pkts", c.out_de)),
        _row(("out bcast pkts", c.out_bcast_pkts), ("out bcast bytes", c.out_bcast_bytes)),
        "  5 minute input rate 0 bits/sec, 0 packets/sec",
        "  5 minute output rate 0 bits/sec, 0 packets/sec",
    ]
    if pvc.route is not None:  # a switched PVC (the DCE sample of fr-research 4.3)
        drops = [(label, c.switch_drops.get(label, 0)) for label in SWITCH_DROPS]
        lines += [
            f"  switched pkts {c.switched_pkts:<10}",
            "  Detailed packet drop counters:",
            *(_row(*drops[i : i + 3]) for i in range(0, len(drops), 3)),
            f"  connected to interface {pvc.route[0]} {pvc.route[1]}",
        ]
    created, changed = since(now, pvc.created_at), since(now, pvc.changed_at)
    lines.append(f"  pvc create time {created}, last time pvc status changed {changed}")
    return lines


def _pvc_table(name: str, engine: FrameRelayEncapsulation) -> list[str]:
    lines = [
        "",
        f"PVC Statistics for interface {name} (Frame Relay {role(engine)})",
        "",
        "              Active     Inactive      Deleted       Static",
    ]
    for label, usage in USAGES:
        counts = [
            sum(1 for p in engine.pvcs.values() if p.usage == usage and p.status == s) for s in STATUSES
        ]
        lines.append(f"  {label:<15}" + "".join(f"{n:<13}" for n in counts[:3]) + str(counts[3]))
    return lines


@handler("show_fr_pvc")
def show_pvc(ctx, args):
    device = ctx.device
    out: list[str] = []
    for name, engine in lines_of(device):
        if args.ifname is not None and args.ifname != name:
            continue
        pvcs = sorted(engine.pvcs.values(), key=lambda p: p.dlci)
        if args.fr_show_dlci is not None:
            pvcs = [p for p in pvcs if p.dlci == args.fr_show_dlci]
            if not pvcs:
                continue
            heading = f"PVC Statistics for interface {name} (Frame Relay {role(engine)})"
            out += ["", heading, "", *_pvc_block(device, pvcs[0])]
            continue
        out += _pvc_table(name, engine)
        for pvc in pvcs:
            out += ["", *_pvc_block(device, pvc)]
    return "\n".join(out) + "\n" if out else ""


# -- show frame-relay map ----------------------------------------------------------------------
@dataclass(frozen=True)
class MapRecord:
    interface: str
    up: bool
    address: IPv4Address | None  # None: a point-to-point subinterface's DLCI
    dlci: int
    kind: str  # static, dynamic, point-to-point
    broadcast: bool
    encapsulation: str  # CISCO, IETF
    status: str  # the PVC's


def map_records(device) -> list[MapRecord]:
    records = []
    for _, engine in lines_of(device):
        pvcs = engine.pvcs
        shown = "IETF" if engine.settings.ietf else "CISCO"
        for iface in engine.interfaces():
            up = device.interface_up(iface.name)
            if iface.point_to_point:  # the encapsulation only where `interface-dlci` names one
                chosen = dict(iface.fr.dlci_encapsulations)
                for pvc in (p for p in pvcs.values() if p.interface == iface.name):
                    words = chosen.get(pvc.dlci, "").upper()
                    records.append(
                        MapRecord(iface.name, up, None, pvc.dlci, "point-to-point", True, words, pvc.status)
                    )
                continue
            for entry in iface.fr.maps:
                words = entry.encapsulation.upper() if entry.encapsulation else shown
                status = pvcs[entry.dlci].status if entry.dlci in pvcs else "DELETED"
                records.append(
                    MapRecord(
                        iface.name, up, entry.address, entry.dlci, "static", entry.broadcast, words, status
                    )
                )
            for address, dlci in engine.dynamic.get(iface.name, {}).items():
                status = pvcs[dlci].status if dlci in pvcs else "DELETED"
                records.append(MapRecord(iface.name, up, address, dlci, "dynamic", True, shown, status))
    return records


def _status_words(status: str) -> str:
    """The PVC's status as a map shows it (a static PVC, without LMI, has none)."""
    if status == "STATIC":
        return ""
    if status == "DELETED":
        return ", status deleted"
    return ", status defined, " + ("inactive" if status == "INACTIVE" else "active")


@handler("show_fr_map")
def show_map(ctx, args):
    out = [""] if ctx.device.train15 else []
    for r in map_records(ctx.device):
        state = "up" if r.up else "down"
        pair = f"dlci {r.dlci}(0x{r.dlci:X},0x{q922(r.dlci):X})"
        if r.address is None:
            words = f", {r.encapsulation}" if r.encapsulation else ""
            out.append(f"{r.interface} ({state}): point-to-point dlci, {pair}, broadcast{words}")
            out.append(f"          {_status_words(r.status)[2:]}")
            continue
        out.append(f"{r.interface} ({state}): ip {r.address} {pair}, {r.kind},")
        if r.broadcast:
            out.append("              broadcast,")
        out.append(f"              {r.encapsulation}{_status_words(r.status)}")
    return "\n".join(out) + "\n" if out else ""


# -- show frame-relay lmi ----------------------------------------------------------------------
def _pair(left: str, right: str) -> str:
    return f"  {left:<38}{right}"


@handler("show_fr_lmi")
def show_lmi(ctx, args):
    device = ctx.device
    out: list[str] = []
    for name, engine in lines_of(device):
        lmi = engine.lmi
        if (args.ifname is not None and args.ifname != name) or lmi is None:
            continue
        shown = (lmi.type or LMI_TYPES["cisco"]).shown
        out += ["", f" LMI Statistics for interface {name} (Frame Relay {role(engine)}) LMI TYPE = {shown}"]
        invalid = [f"{label} {lmi.invalid[label]}" for label in INVALID_COUNTERS]
        out += [_pair(invalid[i], invalid[i + 1]) for i in range(0, len(invalid), 2)]
        if isinstance(lmi, LmiDce):
            out.append(_pair(f"Num Status Enq. Rcvd {lmi.enquiries}", f"Num Status msgs Sent {lmi.statuses}"))
            out.append(_pair("Num Update Status Sent 0", f"Num St Enq. Timeouts {lmi.timeouts}"))
        else:
            out.append(_pair(f"Num Status Enq. Sent {lmi.enquiries}", f"Num Status msgs Rcvd {lmi.statuses}"))
            out.append(_pair("Num Update Status Rcvd 0", f"Num Status Timeouts {lmi.timeouts}"))
        if device.train15:
            now = device.scheduler.now
            asked, answered = lmi.last_full
            out.append(
                _pair(
                    f"Last Full Status Req {since(now, asked)}",
                    f"Last Full Status Rcvd {since(now, answered)}",
                )
            )
    return "\n".join(out) + "\n" if out else ""


# -- show frame-relay route ----------------------------------------------------------------------
@handler("show_fr_route")
def show_route(ctx, args):
    device = ctx.device
    out = ["", f"{'Input Intf':<16}{'Input Dlci':<16}{'Output Intf':<16}{'Output Dlci':<16}Status"]
    for name, engine in lines_of(device):
        for pvc in sorted(engine.pvcs.values(), key=lambda p: p.dlci):
            if pvc.route is None:
                continue
            status = "active" if pvc.status == "ACTIVE" else "inactive"
            out.append(f"{name:<16}{pvc.dlci:<16}{pvc.route[0]:<16}{pvc.route[1]:<16}{status}")
    return "\n".join(out) + "\n"


# -- clear frame-relay inarp -------------------------------------------------------------------
@handler("exec_clear_inarp")
def clear_inarp(ctx, args):
    for name, engine in lines_of(ctx.device):
        if args.ifname is None or parent_name(args.ifname) == name:
            engine.clear_inarp(args.ifname)
    return ""
