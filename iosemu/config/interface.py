"""Interface configuration (config-if, config-subif): addresses, shutdown, description,
bandwidth, clock rate, duplex and speed, and the interface's running-config block.

A device's interfaces live in one `Interfaces` table that follows every change made to
them: which interfaces the device has yet to catch up with, and an index of their networks
for the address-overlap check (both kept by the table itself, so no handler can forget).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, MutableMapping
from dataclasses import MISSING, dataclass, field, fields, replace
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from lark import Tree

from iosemu.config.frame_relay import NO_FRAME_RELAY, FrameRelaySettings
from iosemu.config.ip import contiguous
from iosemu.config.networks import NetworkIndex, bounds
from iosemu.config.ppp import NO_PPP, PppSettings
from iosemu.config.pppoe import interface_lines as pppoe_lines
from iosemu.config.registry import EnterMode, Refused, handler, help_note

# Interface types in the order IOS lists them in the running-config: virtual ones first.
VIRTUAL_TYPES = ("Loopback", "Null", "Multilink")
# Virtual interfaces IOS lists after the hardware (ciscoconfparse_sample_01/08: Virtual-Template1,
# then Dialer1, after the last Ethernet), in this order.
AFTER_HARDWARE = ("Virtual-Template", "Virtual-Access", "Dialer", "Virtual-PPP")  # the last [M]
ALWAYS_PPP = ("multilink", "virtual-template", "virtual-access", "virtual-ppp")  # kinds that run PPP alone
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


SHORT_TYPES = {
    "Embedded-Service-Engine": "Em",
    "FastEthernet": "Fa",
    "GigabitEthernet": "Gi",
    "Loopback": "Lo",
    "Multilink": "Mu",
    "Null": "Nu",
    "Serial": "Se",
    "Dialer": "Di",
    "Virtual-Access": "Vi",
    "Virtual-Template": "Vt",
    "Virtual-PPP": "Vp",
}


def short_name(name: str) -> str:
    """Serial0/0/0 -> Se0/0/0, as IOS abbreviates interfaces in tables and debug lines."""
    kind = name.rstrip("0123456789/.")
    return SHORT_TYPES.get(kind, kind) + name[len(kind) :]


def _slot(line: str) -> str:
    """Where an accepted, not modelled line sits in the interface block (IOS's order)."""
    words = line.split()
    first = words[1] if words[0] in ("no", "default") and len(words) > 1 else words[0]
    if first in ("ip", "ipv6", "standby"):
        return "ip"
    if first in ("fair-queue", "serial", "hold-queue", "max-reserved-bandwidth"):
        return "queueing"
    return "last"


def _before_ip_mtu(line: str) -> bool:
    """The accepted `ip` lines IOS writes above `ip mtu` (redirects, unreachables, proxy ARP)."""
    words = line.split()
    words = words[1:] if words[0] == "no" else words
    return words[1:2] in (["redirects"], ["unreachables"], ["proxy-arp"])


@dataclass(init=False)
class _InterfaceSettings:
    """The settings of an interface and their defaults, which the class keeps: an interface
    stores only the settings it was given or has changed (`InterfaceConfig.__init__`)."""

    name: str
    kind: str  # ethernet, serial, loopback, multilink, service-engine, virtual-template, virtual-access
    description: str | None = None
    bandwidth: int | None = None
    address: IPv4Interface | None = None
    secondaries: tuple[IPv4Interface, ...] = ()
    primary_after: int = 0  # the secondaries configured before the primary, which IOS writes first
    shutdown: bool = False
    duplex: str = "auto"
    speed: str = "auto"
    clock_rate: int | None = None
    mtu: int | None = None  # `mtu N` (None: the kind's default); PPP asks it as its MRU
    ip_mtu: int | None = None  # `ip mtu N` (None: the interface's MTU)
    delay: int | None = None  # `delay N`, in tens of microseconds (None: the kind's default)
    load_interval: int | None = None  # `load-interval N` seconds (None: 300)
    keepalive: int | None = 10  # seconds; None is `no keepalive`
    loopback: bool = False  # `loopback` of a serial interface: the controller loops the line
    encapsulation: str = "hdlc"  # of a serial interface
    ppp: PppSettings = NO_PPP  # `ppp ...` and `peer ...` (config/ppp.py)
    fr: FrameRelaySettings = NO_FRAME_RELAY  # `frame-relay ...` (config/frame_relay.py)
    unnumbered: str | None = None  # `ip unnumbered IF`: the address of that interface, lent
    pppoe_group: str | None = None  # `pppoe enable group NAME`: a PPPoE server for that bba-group
    pppoe_client: int | None = None  # `pppoe-client dial-pool-number N`: a client for that pool
    dialer_pool: int | None = None  # a Dialer's `dialer pool N`
    negotiated: bool = False  # `ip address negotiated`: the address comes from IPCP
    dhcp_client: bool = False  # `ip address dhcp`: the address comes from a DHCP server
    helpers: tuple[IPv4Address, ...] = ()  # `ip helper-address`: where DHCP requests are relayed
    access_in: str | None = None  # `ip access-group N|NAME in` (config/acl.py)
    access_out: str | None = None  # `ip access-group N|NAME out`
    extra: list[str] = field(default_factory=list)  # accepted, not modelled
    address_source: str = "unset"  # how the address came: unset, NVRAM, manual (Method column)
    point_to_point: bool | None = None  # a subinterface's link type, as created
    vlan: int | None = None  # `encapsulation dot1Q` of an Ethernet subinterface
    native: bool = False
    cdp: bool = True  # `cdp enable` (config/cdp.py)
    xconnect: object = None  # `xconnect` of an attachment circuit (config/l2tpv3.py Xconnect)
    pseudowire: object = None  # a Virtual-PPP's `pseudowire` (config/vpdn.py Pseudowire)


class InterfaceConfig(_InterfaceSettings):
    """An interface's configuration: once in an `Interfaces` table, its every change goes
    through the table."""

    _table = None  # the Interfaces table this interface is in, told of every change

    def __init__(self, name: str, kind: str, **settings) -> None:
        """A new interface, in no table yet: its settings are stored as they are (none of a
        table's bookkeeping is due), the others read their defaults from the class (a router
        may have 100,000 interfaces), but a list is its own."""
        if not _SETTINGS.issuperset(settings):
            raise TypeError(f"no such interface setting: {sorted(settings.keys() - _SETTINGS)}")
        own = vars(self)
        for key, make in _MADE_ANEW:
            own[key] = make()
        own.update(settings, name=name, kind=kind)

    def __setattr__(self, name: str, value) -> None:
        if self._table is None:
            object.__setattr__(self, name, value)
        else:
            self._table._set(self, name, value)

    def clone(self, name: str, kind: str) -> InterfaceConfig:
        """A new interface with this one's settings (a Virtual-Access from its template)."""
        own = {k: v for k, v in vars(self).items() if k in _SETTINGS and k not in ("name", "kind")}
        return InterfaceConfig(name, kind, **own)

    @property
    def is_subinterface(self) -> bool:
        return "." in self.name

    @property
    def unreachables(self) -> bool:
        """Whether the interface answers a packet it cannot deliver with an ICMP unreachable
        (`ip unreachables`, on by default: the line is kept as typed, not modelled)."""
        return "no ip unreachables" not in self.extra

    @property
    def default_mtu(self) -> int:
        """The MTU without `mtu`: a loopback's is 1514, every other kind's 1500."""
        return 1514 if self.kind == "loopback" else 1500

    @property
    def link_mtu(self) -> int:
        """The MTU `show interfaces` prints: `mtu`, or the kind's default."""
        return self.mtu or self.default_mtu

    @property
    def packet_mtu(self) -> int:
        """The IP MTU (`show ip interface`): `ip mtu`, never above the interface's MTU."""
        return min(self.ip_mtu or self.link_mtu, self.link_mtu)

    @property
    def addresses(self) -> tuple[IPv4Interface, ...]:
        """The primary address and the secondaries (none without a primary)."""
        return () if self.address is None else (self.address, *self.secondaries)

    def lines(self) -> list[str]:
        if self.kind == "virtual-access":  # a clone of its template, never in the configuration
            return []
        if self.kind == "null":  # IOS writes Null0 down only for what is set on it
            return [f"interface {self.name}", *(f" {line}" for line in self.extra)] if self.extra else []
        link = {True: " point-to-point", False: " multipoint", None: ""}[self.point_to_point]
        out = [f"interface {self.name}{link}"]
        if self.description is not None:
            out.append(f" description {self.description}")
        if self.bandwidth is not None:
            out.append(f" bandwidth {self.bandwidth}")
        if self.vlan is not None:
            out.append(f" encapsulation dot1Q {self.vlan}" + (" native" if self.native else ""))
        if self.mtu is not None:
            out.append(f" mtu {self.mtu}")
        if self.unnumbered is not None:
            out.append(f" ip unnumbered {self.unnumbered}")
        elif self.negotiated:
            out.append(" ip address negotiated")
        elif self.dhcp_client:
            out.append(" ip address dhcp")
        elif self.address is None:  # a secondary alone waits for its primary
            out.extend(f" ip address {a.ip} {a.netmask} secondary" for a in self.secondaries)
            if not self.secondaries:
                out.append(" no ip address")
        else:  # in the order configured: a secondary given before the primary comes first
            secondaries = [f" ip address {a.ip} {a.netmask} secondary" for a in self.secondaries]
            primary = f" ip address {self.address.ip} {self.address.netmask}"
            out += [*secondaries[: self.primary_after], primary, *secondaries[self.primary_after :]]
        if self.access_in is not None:
            out.append(f" ip access-group {self.access_in} in")
        if self.access_out is not None:
            out.append(f" ip access-group {self.access_out} out")
        out.extend(f" ip helper-address {helper}" for helper in self.helpers)
        ip_lines = [f" {line}" for line in self.extra if _slot(line) == "ip"]
        before_mtu = sum(1 for line in ip_lines if _before_ip_mtu(line))
        out.extend(ip_lines[:before_mtu])
        if self.ip_mtu is not None:
            out.append(f" ip mtu {self.ip_mtu}")
        out.extend(ip_lines[before_mtu:])
        if self.delay is not None:
            out.append(f" delay {self.delay}")
        if self.encapsulation != "hdlc":
            out.append(f" encapsulation {self.encapsulation}" + (" IETF" if self.fr.ietf else ""))
        if self.dialer_pool is not None:
            out.append(f" dialer pool {self.dialer_pool}")
        if self.keepalive is None:
            out.append(" no keepalive")
        elif self.keepalive != 10:
            out.append(f" keepalive {self.keepalive}")
        if self.loopback:
            out.append(" loopback")
        if self.shutdown:
            out.append(" shutdown")
        out.extend(self.ppp.lines())
        if self.load_interval is not None:
            out.append(f" load-interval {self.load_interval}")
        out.extend(f" {line}" for line in self.extra if _slot(line) == "queueing")
        if self.kind == "ethernet" and not self.is_subinterface:
            out.append(f" duplex {self.duplex}")
            out.append(f" speed {self.speed}")
            out.extend(pppoe_lines(self))
        if self.clock_rate is not None:
            out.append(f" clock rate {self.clock_rate}")
        out.extend(self.fr.lines(self.point_to_point))
        if not self.cdp:
            out.append(" no cdp enable")
        out.extend(f" {line}" for line in self.extra if _slot(line) == "last")
        if self.xconnect is not None:
            out.extend(self.xconnect.lines())
        if self.pseudowire is not None:
            out.extend(self.pseudowire.lines())
        out.extend(self.ppp.multilink_lines())
        return out


_SETTINGS = frozenset(f.name for f in fields(_InterfaceSettings))
_MADE_ANEW = tuple(
    (f.name, f.default_factory) for f in fields(_InterfaceSettings) if f.default_factory is not MISSING
)
_ADDRESSING = frozenset({"address", "secondaries"})


class Interfaces(MutableMapping[str, InterfaceConfig]):
    """A device's interfaces by name, in the order they were created (IOS's order where
    nothing else decides), kept in step with every change to them: which interfaces were
    created, removed, reset or edited since the device last caught up, each main
    interface's subinterfaces, and the network of every address, sorted by address."""

    def __init__(self) -> None:
        self._by_name: dict[str, InterfaceConfig] = {}
        self._position: dict[str, int] = {}  # creation order (a reset keeps the place)
        self._created = 0
        self._touched: dict[str, None] = {}  # in the order of the changes
        self._children: dict[str, dict[str, InterfaceConfig]] = {}
        self._networks = NetworkIndex()
        self.get = self._by_name.get  # every frame on a serial line asks for its clock

    def __getitem__(self, name: str) -> InterfaceConfig:
        return self._by_name[name]

    def __contains__(self, name) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def keys(self):
        return self._by_name.keys()

    def values(self):
        return self._by_name.values()

    def items(self):
        return self._by_name.items()

    def __setitem__(self, name: str, iface: InterfaceConfig) -> None:
        """Create an interface, or replace one with a fresh configuration (in its place)."""
        if name != iface.name or iface._table is not None:
            raise ValueError(f"{name}: an interface goes in one table, under its own name")
        old = self._by_name.get(name)
        if old is None:
            self._position[name] = self._created
            self._created += 1
        else:
            self._release(old)
        self._by_name[name] = iface
        if "." in name:  # a subinterface
            self._children.setdefault(parent_name(name), {})[name] = iface
        object.__setattr__(iface, "_table", self)
        if iface.address is not None:  # (without a primary it has no addresses)
            self._networks.add(iface)
        self._touched[name] = None

    def __delitem__(self, name: str) -> None:
        iface = self._by_name.pop(name)
        del self._position[name]
        self._children.get(parent_name(name), {}).pop(name, None)
        self._release(iface)
        self._touched[name] = None

    def _release(self, iface: InterfaceConfig) -> None:
        self._networks.discard(iface)
        object.__setattr__(iface, "_table", None)

    def _set(self, iface: InterfaceConfig, name: str, value) -> None:
        """Every setting of an interface in the table is made here."""
        if name in _ADDRESSING:  # (an interface without a primary has no addresses to index)
            if iface.address is not None:
                self._networks.discard(iface)
            object.__setattr__(iface, name, value)
            if iface.address is not None:
                self._networks.add(iface)
        else:
            object.__setattr__(iface, name, value)
        self._touched[iface.name] = None

    def take_touched(self) -> list[str]:
        """The interfaces changed since the last call: those that exist in creation order,
        then the removed ones."""
        touched, self._touched = self._touched, {}
        position = self._position
        here = sorted((name for name in touched if name in position), key=position.__getitem__)
        return here + [name for name in touched if name not in position]

    def subinterfaces(self, parent: str):
        return self._children.get(parent, {}).values()

    def overlapping(self, network: IPv4Network) -> list[tuple[InterfaceConfig, IPv4Interface]]:
        """(interface, address) for every address whose network overlaps `network`, the
        interfaces in creation order."""
        return self.overlapping_span(*bounds(network))

    def overlapping_span(
        self, start: int, last: int, length: int
    ) -> list[tuple[InterfaceConfig, IPv4Interface]]:
        """The same for the network from `start` to `last` (`length` leading bits), given as
        numbers (an `ip address` command has them: no network object to make first)."""
        found = self._networks.overlapping(start, last, length)
        if len(found) > 1:
            found.sort(key=lambda entry: self._position[entry[0].name])
        return found

    def has_address(self, address: IPv4Address) -> bool:
        """An address on one of the interfaces (up or not)."""
        value = int(address)
        return any(a.ip == address for _, a in self._networks.overlapping(value, value, 32))


LAN_SUBINTERFACE = (
    "\n% Configuring IP routing on a LAN subinterface is only allowed if that \n"
    "subinterface is already configured as part of an IEEE 802.10, IEEE 802.1Q, \n"
    "or ISL vLAN.\n\n"
)

LINK_TYPE_KEPT = "% Warning:  cannot change link type\n"


def checked_address(
    config, target: InterfaceConfig, address: IPv4Address, mask: IPv4Address, secondary
) -> IPv4Interface | Refused:
    """The address an `ip address` command gives the interface, or IOS's refusal."""
    if target.kind == "ethernet" and target.is_subinterface and target.vlan is None:
        return Refused(LAN_SUBINTERFACE)
    value, mask_int = int(address), int(mask)
    if value >> 24 in (0, 127) or value >> 24 >= 224:  # this network, loopback, multicast, reserved
        return Refused(f"Not a valid host address - {address}\n")
    if not contiguous(mask_int):
        return Refused(f"Bad mask 0x{mask_int:X} for address {address}\n")
    if mask_int == 0:
        return Refused(f"Bad mask /0 for address {address}\n")
    host_bits = ~mask_int & 0xFFFFFFFF
    length = 32 - host_bits.bit_length()
    if length < 31 and value & host_bits in (0, host_bits):  # the subnet itself, or its broadcast
        return Refused(f"Bad mask /{length} for address {address}\n")
    start = value & mask_int
    for other, existing in config.interfaces.overlapping_span(start, start | host_bits, length):
        # A secondary must not share the subnets already on the interface; a primary
        # replaces what the interface has.
        if other is not target or (secondary and existing.ip != address):
            return Refused(f"% {IPv4Address(start)} overlaps with {other.name}\n")
    return IPv4Interface((value, length))


@handler("cfg_interface")
def interface(ctx, args):
    target = ctx.device.interface(args.ifname, create=True)
    subinterface = target.is_subinterface
    if (args.point_to_point or args.multipoint) and not subinterface:
        return ctx.session.invalid_at_end()
    link = True if args.point_to_point else False if args.multipoint else None
    warning = ""
    if subinterface and target.point_to_point is None:
        target.point_to_point = False if link is None and target.kind == "serial" else link
    elif subinterface and link is not None and link != target.point_to_point:
        warning = LINK_TYPE_KEPT  # a subinterface keeps the type it was created with
    ctx.session.entered_interfaces.add(target.name)
    if ctx.session.loading == "NVRAM":
        target.address_source = "NVRAM"
    return EnterMode(interface_mode(target), target, warning)


def interface_mode(target: InterfaceConfig) -> str:
    """The configuration mode that edits an interface (its kind has its own commands)."""
    if target.is_subinterface:
        return "config_subif"
    own_mode = target.kind in ("serial", "ethernet", "multilink", "virtual-template", "dialer", "virtual-ppp")
    return f"config_if_{target.kind.replace('-', '_')}" if own_mode else "config_if"


@dataclass(frozen=True)
class InterfaceRange:
    """What `(config-if-range)#` edits: the members, in the order the range names them."""

    members: tuple[InterfaceConfig, ...]


@handler("cfg_interface_range")
def interface_range(ctx, args):
    """`interface range g0/0 - 2 , s0/0/0`: a hyphen varies the last number of the name
    before it, up to the number after it."""
    names: list[str] = []
    parts = ctx.command.children[2:]
    for position, part in enumerate(parts):
        if not isinstance(part, Tree):
            continue
        name = "".join(str(token) for token in part.scan_values(lambda _: True))
        last = parts[position + 2] if position + 2 < len(parts) and parts[position + 1] == "-" else None
        if last is None:
            names.append(name)
            continue
        head, first = re.match(r"^(.*?)(\d+)$", name).groups()
        if int(last) < int(first):
            return ctx.session.invalid_at_end()
        names += [f"{head}{number}" for number in range(int(first), int(last) + 1)]
    members = [ctx.device.interface(name, create=True) for name in dict.fromkeys(names)]
    if None in members:
        return ctx.session.invalid_at_end()
    ctx.session.entered_interfaces.update(names)
    return EnterMode("config_if_range", InterfaceRange(tuple(members)))


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
    source = "NVRAM" if ctx.session.loading == "NVRAM" else "manual"
    if target.address_source != source:  # (a setting stored only when it changes: a boot
        target.address_source = source  # may give 100,000 interfaces their addresses)
    if target.negotiated or target.dhcp_client or target.unnumbered:
        target.negotiated = target.dhcp_client = False
        target.unnumbered = None
    if args.negate:
        if args.if_address is None or not args.secondary:
            target.address, target.secondaries, target.primary_after = None, (), 0
        else:
            at = next((i for i, a in enumerate(target.secondaries) if a.ip == args.if_address), None)
            if at is not None:
                target.secondaries = target.secondaries[:at] + target.secondaries[at + 1 :]
                target.primary_after -= at < target.primary_after
        return None
    new = checked_address(ctx.config, target, args.if_address, args.if_mask, args.secondary)
    if isinstance(new, Refused):
        return new
    if args.secondary:  # IOS saves a secondary before the primary it was given before
        if new not in target.secondaries:
            target.secondaries = (*target.secondaries, new)
    else:
        if target.address is None and target.primary_after != len(target.secondaries):
            target.primary_after = len(target.secondaries)
        target.address = new
    return None


@handler("if_ip_unnumbered")
def ip_unnumbered(ctx, args):
    """`ip unnumbered IF`: the interface takes that one's address instead of its own."""
    target: InterfaceConfig = ctx.target
    if args.negate:
        target.unnumbered = None
        return None
    target.address, target.secondaries, target.primary_after = None, (), 0
    target.negotiated = target.dhcp_client = False
    target.unnumbered = args.ifname
    return None


@handler("if_shutdown")
def shutdown(ctx, args):
    ctx.target.shutdown = not args.negate


# Settings of one number: rule -> (setting, argument, the default that is stored as None; a
# string: the interface's attribute that has the default of its kind).
_NUMBERS = {
    "if_bandwidth": ("bandwidth", "bandwidth_kbps", None),
    "if_mtu": ("mtu", "mtu_bytes", "default_mtu"),
    "if_ip_mtu": ("ip_mtu", "ip_mtu_bytes", None),
    "if_delay": ("delay", "delay_tens", None),
    "if_load_interval": ("load_interval", "load_seconds", 300),
}


@handler(*_NUMBERS)
def number_setting(ctx, args):
    setting, argument, default = _NUMBERS[ctx.command.data]
    value = getattr(args, argument)
    if isinstance(default, str):
        default = getattr(ctx.target, default)
    setattr(ctx.target, setting, None if args.negate or value == default else value)


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


@handler("if_loopback")
def loopback(ctx, args):
    ctx.target.loopback = not args.negate


# The standard rates a GT96K serial WIC lists over its range (ios-behaviour.md, serial).
CLOCK_RATES = (
    "1200 2400 4800 9600 14400 19200 28800 32000 38400 48000 56000 57600 64000 72000 115200 125000 128000"
    " 148000 192000 250000 256000 320000 384000 500000 512000 640000 704000 768000 800000 1000000 1024000"
    " 1200000 1536000 2000000 4000000 8000000"
).split()


@help_note("CLOCK", "RATE")
def clock_rate_note(device, target) -> str:
    if device.serial_end(target.name) == "DTE":
        return "This command applies only to DCE interfaces"
    return "Speed (bits per second\n" + "\n".join(f"  {rate}" for rate in CLOCK_RATES)


@handler("if_dot1q")
def dot1q(ctx, args):
    target: InterfaceConfig = ctx.target
    if target.kind != "ethernet":
        return ctx.session.invalid_at_end()
    if args.negate:
        target.vlan, target.native = None, False
        return None
    for other in ctx.config.interfaces.subinterfaces(parent_name(target.name)):
        if other is not target and other.vlan == args.vlan_id:
            return Refused(
                "% Configuration of multiple subinterfaces of the same main\n"
                f"interface with the same VID ({args.vlan_id}) is not permitted.\n"
                f"This VID is already configured on {other.name}.\n"
            )
    target.vlan, target.native = args.vlan_id, bool(args.native)
    return None


@handler("if_encapsulation")
def encapsulation(ctx, args):
    """`encapsulation hdlc|ppp|frame-relay [ietf]`; `no encapsulation` is the default, HDLC.
    Leaving PPP or Frame Relay drops the interface's settings for it, as on IOS. A Multilink
    interface stays PPP."""
    chosen = "ppp" if args.ppp else "frame-relay" if args.frame_relay else "hdlc"
    chosen = "hdlc" if args.negate else chosen
    target = ctx.target
    if target.kind in ALWAYS_PPP:  # a Multilink or Virtual-Template interface is always PPP
        return None
    if chosen != "ppp":
        target.ppp = NO_PPP
    if chosen != "frame-relay":
        target.fr = NO_FRAME_RELAY
    elif target.encapsulation != "frame-relay" or target.fr.ietf != bool(args.fr_ietf):
        target.fr = replace(target.fr, ietf=bool(args.fr_ietf))
    target.encapsulation = chosen


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
