"""Frame Relay configuration: an interface's `frame-relay ...` settings (LMI type, DTE or
DCE, maps, DLCIs, inverse ARP, switched routes) and the global `frame-relay switching`,
with their running-config lines.

An interface's settings are one frozen `FrameRelaySettings`: a command replaces it (the
interfaces table sees every change, see config/interface.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import wraps
from ipaddress import IPv4Address

from iosemu.config.ignored import kept_as_typed
from iosemu.config.registry import EnterMode, Refused, handler


@dataclass(frozen=True)
class FrameRelayMap:
    """`frame-relay map ip ADDRESS DLCI [broadcast] [cisco|ietf]`."""

    address: IPv4Address
    dlci: int
    broadcast: bool = False
    encapsulation: str | None = None  # cisco or ietf; None: the interface's

    def line(self) -> str:
        tail = " broadcast" if self.broadcast else ""
        if self.encapsulation is not None:
            tail += f" {self.encapsulation}"
        return f" frame-relay map ip {self.address} {self.dlci}{tail}"


@dataclass(frozen=True)
class FrameRelayRoute:
    """`frame-relay route IN interface OUT DLCI`: frames in on DLCI IN leave OUT on DLCI."""

    dlci: int
    out_interface: str
    out_dlci: int


@dataclass(frozen=True)
class FrameRelaySettings:
    ietf: bool = False  # `encapsulation frame-relay ietf`: the interface's default encapsulation
    lmi_type: str | None = None  # cisco, ansi, q933a; None: autosense
    intf_type: str = "dte"  # dte, dce, nni
    inverse_arp: bool = True
    maps: tuple[FrameRelayMap, ...] = ()
    dlcis: tuple[int, ...] = ()  # `frame-relay interface-dlci N`
    dlci_encapsulations: tuple[tuple[int, str], ...] = ()  # `... interface-dlci N ietf|cisco`
    routes: tuple[FrameRelayRoute, ...] = ()
    extra: tuple[str, ...] = ()  # other `frame-relay ...` lines, kept as typed

    def lines(self, point_to_point: bool | None = None) -> list[str]:
        out = [m.line() for m in self.maps]
        pad = "   " if point_to_point else ""  # IOS writes a point-to-point DLCI with three blanks after it
        chosen = dict(self.dlci_encapsulations)
        for dlci in self.dlcis:
            kind = f" {chosen[dlci].upper()}" if dlci in chosen else ""
            out.append(f" frame-relay interface-dlci {dlci}{kind}{pad}")
        if not self.inverse_arp:
            out.append(" no frame-relay inverse-arp")
        if self.lmi_type is not None:
            out.append(f" frame-relay lmi-type {self.lmi_type}")
        if self.intf_type != "dte":
            out.append(f" frame-relay intf-type {self.intf_type}")
        out.extend(
            f" frame-relay route {r.dlci} interface {r.out_interface} {r.out_dlci}" for r in self.routes
        )
        out.extend(f" {line}" for line in self.extra)
        return out

    def map_for(self, address: IPv4Address) -> FrameRelayMap | None:
        return next((m for m in self.maps if m.address == address), None)


NO_FRAME_RELAY = FrameRelaySettings()


def _frame_relay_only(fn):
    """The `frame-relay` interface commands exist only on a Frame Relay serial interface
    (and its subinterfaces): elsewhere IOS does not know them."""

    @wraps(fn)
    def guarded(ctx, args):
        iface = ctx.target
        parent = ctx.config.interfaces.get(iface.name.split(".")[0])
        if iface.kind != "serial" or parent is None or parent.encapsulation != "frame-relay":
            return ctx.session.invalid_at_end()
        return fn(ctx, args)

    return guarded


def _owner_of(ctx, dlci: int):
    """The interface of this line that already has the DLCI (interface-dlci), if any."""
    parent = ctx.target.name.split(".")[0]
    for iface in (ctx.config.interfaces[parent], *ctx.config.interfaces.subinterfaces(parent)):
        if dlci in iface.fr.dlcis:
            return iface
    return None


def _set(ctx, **changes) -> None:
    ctx.target.fr = replace(ctx.target.fr, **changes)


@handler("if_fr_interface_dlci")
@_frame_relay_only
def interface_dlci(ctx, args):
    target, dlci = ctx.target, args.fr_dlci
    if args.negate:
        encapsulations = tuple(entry for entry in target.fr.dlci_encapsulations if entry[0] != dlci)
        _set(ctx, dlcis=tuple(d for d in target.fr.dlcis if d != dlci), dlci_encapsulations=encapsulations)
        return None
    owner = _owner_of(ctx, dlci)
    if owner is not None and owner is not target:
        return Refused(f"%PVC already assigned to sub-interface {owner.name}\n")
    if target.point_to_point and target.fr.dlcis and dlci not in target.fr.dlcis:
        return Refused("%Can't add another VC to point-to-point subinterface\n")
    if dlci not in target.fr.dlcis:
        _set(ctx, dlcis=(*target.fr.dlcis, dlci))
    chosen = "cisco" if args.fr_cisco else "ietf" if args.fr_ietf else None
    kept = tuple(entry for entry in target.fr.dlci_encapsulations if entry[0] != dlci)
    _set(ctx, dlci_encapsulations=(*kept, (dlci, chosen)) if chosen else kept)
    mode = "config_fr_dlci" if target.is_subinterface else "config_fr_dlci_serial"
    return EnterMode(mode, target)  # the sub-mode edits the interface (its other lines go there)


@handler("if_fr_map")
@_frame_relay_only
def frame_relay_map(ctx, args):
    target = ctx.target
    if args.negate:
        _set(ctx, maps=tuple(m for m in target.fr.maps if m.address != args.fr_map_address))
        return None
    if target.point_to_point:
        return Refused("FRAME-RELAY INTERFACE-DLCI command should be used on point-to-point interfaces\n")
    encapsulation = "cisco" if args.fr_cisco else "ietf" if args.fr_ietf else None
    new = FrameRelayMap(args.fr_map_address, args.fr_map_dlci, bool(args.fr_broadcast), encapsulation)
    maps = list(target.fr.maps)
    at = next((i for i, m in enumerate(maps) if m.address == new.address), len(maps))
    maps[at : at + 1] = [new]  # a map for the same address is replaced where it stands
    _set(ctx, maps=tuple(maps))
    return None


@handler("if_fr_inverse_arp")
@_frame_relay_only
def inverse_arp(ctx, args):
    _set(ctx, inverse_arp=not args.negate or bool(args.default))


@handler("if_fr_lmi_type")
@_frame_relay_only
def lmi_type(ctx, args):
    chosen = next((t for t in ("cisco", "ansi", "q933a") if getattr(args, f"lmi_{t}")), None)
    _set(ctx, lmi_type=None if args.negate else chosen)


@handler("if_fr_intf_type")
@_frame_relay_only
def intf_type(ctx, args):
    chosen = next((t for t in ("dte", "dce", "nni") if getattr(args, f"intf_{t}")), "dte")
    if args.negate:
        chosen = "dte"
    elif chosen != "dte" and not ctx.config.frame_relay_switching:
        return Refused("Must enable frame-relay switching to configure DCE/NNI\n")
    _set(ctx, intf_type=chosen)
    return None


@handler("if_fr_route")
@_frame_relay_only
def route(ctx, args):
    target = ctx.target
    kept = tuple(r for r in target.fr.routes if r.dlci != args.fr_in_dlci)
    if args.negate:
        if len(kept) == len(target.fr.routes):
            return Refused("No such entry in the route table\n")
        _set(ctx, routes=kept)
        return None
    out = ctx.device.interface(args.ifname)
    if out is None or out.is_subinterface or out.kind != "serial":
        return ctx.session.invalid_at_end()
    if out is target:
        return Refused("Can not switch on same interface\n")
    new = FrameRelayRoute(args.fr_in_dlci, out.name, args.fr_out_dlci)
    _set(ctx, routes=tuple(sorted((*kept, new), key=lambda r: r.dlci)))
    return None


@handler("if_fr_other")
@_frame_relay_only
def other(ctx, args):
    _set(ctx, extra=kept_as_typed(ctx.target.fr.extra, ctx.line, 2))


@handler("cfg_fr_switching")
def switching(ctx, args):
    ctx.config.frame_relay_switching = not args.negate


def switching_lines(enabled: bool) -> list[str]:
    return ["frame-relay switching"] if enabled else []
