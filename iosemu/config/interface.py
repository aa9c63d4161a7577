"""Interface configuration (config-if, config-subif): addresses, shutdown, description,
bandwidth, clock rate, duplex and speed, and the interface's running-config block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface

from iosemu.config.ip import contiguous
from iosemu.config.registry import EnterMode, Refused, handler, help_note

# Interface types in the order IOS lists them in the running-config: virtual ones first.
VIRTUAL_TYPES = ("Loopback",)
_NAME = re.compile(r"^([A-Za-z-]+)(\d+(?:/\d+)*)(?:\.(\d+))?$")


def split_name(name: str) -> tuple[str, tuple[int, ...], int | None]:
    """Serial0/0/1.102 -> ("Serial", (0, 0, 1), 102)."""
    match = _NAME.match(name)
    if not match:
        raise ValueError(name)
    numbers = tuple(int(n) for n in match[2].split("/"))
    return match[1], numbers, int(match[3]) if match[3] else None


def parent_name(name: str) -> str:
    return name.split(".")[0]


def _slot(line: str) -> str:
    """Where an accepted, not modelled line sits in the interface block (IOS's order)."""
    words = line.split()
    first = words[1] if words[0] in ("no", "default") and len(words) > 1 else words[0]
    if first in ("ip", "ipv6", "standby"):
        return "ip"
    if first in ("fair-queue", "serial", "hold-queue", "max-reserved-bandwidth", "load-interval"):
        return "queueing"
    return "last"


@dataclass
class InterfaceConfig:
    name: str
    kind: str  # ethernet, serial, loopback, service-engine
    description: str | None = None
    bandwidth: int | None = None
    address: IPv4Interface | None = None
    secondaries: list[IPv4Interface] = field(default_factory=list)
    shutdown: bool = False
    duplex: str = "auto"
    speed: str = "auto"
    clock_rate: int | None = None
    keepalive: int | None = 10  # seconds; None is `no keepalive`
    encapsulation: str = "hdlc"  # of a serial interface
    extra: list[str] = field(default_factory=list)  # accepted, not modelled
    address_source: str = "unset"  # how the address came: unset, NVRAM, manual (Method column)
    point_to_point: bool | None = None  # a subinterface's link type, as created
    vlan: int | None = None  # `encapsulation dot1Q` of an Ethernet subinterface
    native: bool = False

    @property
    def is_subinterface(self) -> bool:
        return "." in self.name

    def lines(self) -> list[str]:
        link = {True: " point-to-point", False: " multipoint", None: ""}[self.point_to_point]
        out = [f"interface {self.name}{link}"]
        if self.description is not None:
            out.append(f" description {self.description}")
        if self.bandwidth is not None:
            out.append(f" bandwidth {self.bandwidth}")
        if self.vlan is not None:
            out.append(f" encapsulation dot1Q {self.vlan}" + (" native" if self.native else ""))
        if self.address is None:
            out.append(" no ip address")
        else:
            out.append(f" ip address {self.address.ip} {self.address.netmask}")
            out.extend(f" ip address {a.ip} {a.netmask} secondary" for a in self.secondaries)
        out.extend(f" {line}" for line in self.extra if _slot(line) == "ip")
        if self.keepalive is None:
            out.append(" no keepalive")
        elif self.keepalive != 10:
            out.append(f" keepalive {self.keepalive}")
        if self.shutdown:
            out.append(" shutdown")
        out.extend(f" {line}" for line in self.extra if _slot(line) == "queueing")
        if self.kind == "ethernet" and not self.is_subinterface:
            out.append(f" duplex {self.duplex}")
            out.append(f" speed {self.speed}")
        if self.clock_rate is not None:
            out.append(f" clock rate {self.clock_rate}")
        out.extend(f" {line}" for line in self.extra if _slot(line) == "last")
        return out


LAN_SUBINTERFACE = (
    "\n% Configuring IP routing on a LAN subinterface is only allowed if that \n"
    "subinterface is already configured as part of an IEEE 802.10, IEEE 802.1Q, \n"
    "or ISL vLAN.\n\n"
)


def address_error(config, target: InterfaceConfig, address: IPv4Address, mask: IPv4Address, secondary):
    """IOS's refusal of an `ip address` command, or None if the address is acceptable."""
    if target.kind == "ethernet" and target.is_subinterface and target.vlan is None:
        return Refused(LAN_SUBINTERFACE)
    if address.is_multicast or address.is_loopback or address.is_reserved or int(address) >> 24 == 0:
        return Refused(f"Not a valid host address - {address}\n")
    mask_int = int(mask)
    if not contiguous(mask_int):
        return Refused(f"Bad mask 0x{mask_int:X} for address {address}\n")
    if mask_int == 0:
        return Refused(f"Bad mask /0 for address {address}\n")
    iface = IPv4Interface(f"{address}/{mask}")
    if iface.network.prefixlen < 31 and address in (
        iface.network.network_address,
        iface.network.broadcast_address,
    ):
        return Refused(f"Bad mask /{iface.network.prefixlen} for address {address}\n")
    for other in config.interfaces.values():
        if other.address is None:
            continue
        existing = [other.address, *other.secondaries]
        if other is target:  # a secondary must not share the subnets already on the interface
            if not secondary:
                continue
            existing = [a for a in existing if a.ip != address]
        if any(iface.network.overlaps(a.network) for a in existing):
            return Refused(f"% {iface.network.network_address} overlaps with {other.name}\n")
    return None


@handler("cfg_interface")
def interface(ctx, args):
    target = ctx.device.interface(args.ifname, create=True)
    if (args.point_to_point or args.multipoint) and not target.is_subinterface:
        return ctx.session.invalid_at_end()
    if target.is_subinterface and target.point_to_point is None:
        target.point_to_point = True if args.point_to_point else False if args.multipoint else None
    ctx.session.entered_interfaces.add(target.name)
    if ctx.session.loading == "NVRAM":
        target.address_source = "NVRAM"
    if target.is_subinterface:
        mode = "config_subif"
    else:
        mode = {"serial": "config_if_serial", "ethernet": "config_if_ethernet"}.get(target.kind, "config_if")
    return EnterMode(mode, target)


@handler("cfg_no_interface")
def no_interface(ctx, args):
    if args.default:
        if not ctx.device.reset_interface(args.ifname):
            return ctx.session.invalid_at_end()
        return f"Interface {args.ifname} set to default configuration\n"
    refusal = ctx.device.remove_interface(args.ifname)
    return Refused(refusal) if refusal else None


@handler("if_description")
def description(ctx, args):
    ctx.target.description = None if args.negate else args.description_text[:240]


@handler("if_ip_address")
def ip_address(ctx, args):
    target: InterfaceConfig = ctx.target
    target.address_source = "NVRAM" if ctx.session.loading == "NVRAM" else "manual"
    if args.negate:
        if args.if_address is None or not args.secondary:
            target.address, target.secondaries = None, []
        else:
            target.secondaries = [a for a in target.secondaries if a.ip != args.if_address]
        return None
    error = address_error(ctx.config, target, args.if_address, args.if_mask, args.secondary)
    if error:
        return error
    new = IPv4Interface(f"{args.if_address}/{args.if_mask}")
    if args.secondary:
        if target.address is None:
            return Refused(f"% Secondary can't be configured before primary on {target.name}\n")
        if new not in target.secondaries:
            target.secondaries.append(new)
    else:
        target.address = new
    return None


@handler("if_shutdown")
def shutdown(ctx, args):
    ctx.target.shutdown = not args.negate


@handler("if_bandwidth")
def bandwidth(ctx, args):
    ctx.target.bandwidth = None if args.negate else args.bandwidth_kbps


@handler("if_clock_rate")
def clock_rate(ctx, args):
    target: InterfaceConfig = ctx.target
    if args.negate:
        target.clock_rate = ctx.device.default_clock_rate(target.name)
        return None
    if ctx.device.serial_end(target.name) == "DTE":
        return Refused("%Error: This command applies only to DCE interfaces\n")
    target.clock_rate = args.clock_rate_bps
    return None


@help_note("CLOCK", "RATE")
def clock_rate_note(device, target) -> str | None:
    if device.serial_end(target.name) == "DTE":
        return "This command applies only to DCE interfaces"
    return None


@handler("if_dot1q")
def dot1q(ctx, args):
    target: InterfaceConfig = ctx.target
    if target.kind != "ethernet":
        return ctx.session.invalid_at_end()
    if args.negate:
        target.vlan, target.native = None, False
        return None
    parent = target.name.split(".")[0]
    for name, other in ctx.config.interfaces.items():
        if other is not target and name.split(".")[0] == parent and other.vlan == args.vlan_id:
            return Refused(
                "% Configuration of multiple subinterfaces of the same main\n"
                f"interface with the same VID ({args.vlan_id}) is not permitted.\n"
                f"This VID is already configured on {name}.\n"
            )
    target.vlan, target.native = args.vlan_id, bool(args.native)
    return None


@handler("if_encapsulation")
def encapsulation(ctx, args):
    ctx.target.encapsulation = "hdlc"  # the default; later features add ppp, frame-relay


@handler("if_duplex")
def duplex(ctx, args):
    chosen = next((d for d in ("full", "half") if getattr(args, d)), "auto")
    ctx.target.duplex = "auto" if args.negate else chosen


@handler("if_speed")
def speed(ctx, args):
    chosen = next((s for s in ("10", "100", "1000") if getattr(args, f"speed_{s}")), "auto")
    ctx.target.speed = "auto" if args.negate else chosen


@handler("if_keepalive")
def keepalive(ctx, args):
    if args.negate:
        ctx.target.keepalive = 10 if args.default else None
    else:
        ctx.target.keepalive = 10 if args.keepalive_period is None else args.keepalive_period or None
