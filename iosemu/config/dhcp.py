"""DHCP configuration: the IOS DHCP server (`ip dhcp excluded-address`, `ip dhcp pool` and
its `(dhcp-config)#` mode, `ip dhcp ping`, `ip dhcp conflict logging`, `service dhcp`) and
the interface's `ip helper-address`, with their running-config lines.

A pool prints its lines in the order they were typed, as IOS does; 15.x indents them by
one space, 12.4 by three.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any

from iosemu.config.registry import EnterMode, Refused, handler
from iosemu.protocols.dhcp.pdu import addresses as pdu_addresses
from iosemu.protocols.dhcp.pdu import dotted
from iosemu.protocols.ip.pdu import natural_length

DEFAULT_LEASE = 86400


@dataclass
class DhcpPool:
    name: str
    network: IPv4Network | None = None
    routers: tuple[IPv4Address, ...] = ()
    dns: tuple[IPv4Address, ...] = ()
    domain: str | None = None
    lease: int | None = DEFAULT_LEASE  # seconds; None: infinite
    host: IPv4Interface | None = None  # a manual binding's address and mask (a host pool)
    client_id: bytes | None = None  # whom it is for: the client identifier (option 61) ...
    hardware: bytes | None = None  # ... or else the hardware address
    options: dict[int, bytes] = field(default_factory=dict)  # `option CODE ...`: code -> its data
    order: dict[str, str] = field(default_factory=dict)  # setting -> its line, in the order typed

    prompt = "(dhcp-config)#"

    def lines(self, indent: str) -> list[str]:
        return [f"ip dhcp pool {self.name}", *(f"{indent}{line}" for line in self.order.values())]

    @property
    def owner(self) -> bytes | None:
        """Whom a host pool is for, as show ip dhcp binding names it: its client identifier,
        else its hardware address."""
        return self.client_id if self.client_id is not None else self.hardware

    def manual_for(self, client: bytes, mac: bytes) -> bool:
        """A host pool for this client: its identifier first, else its hardware address."""
        if self.host is None:
            return False
        return client == self.client_id if self.client_id is not None else mac == self.hardware

    def set(self, key: str, line: str | None) -> None:
        """A setting typed (its line), or removed (None); a setting typed again keeps its place."""
        if line is None:
            self.order.pop(key, None)
        else:
            self.order[key] = line


@dataclass
class DhcpConfig:
    pools: dict[str, DhcpPool] = field(default_factory=dict)
    excluded: list[tuple[IPv4Address, IPv4Address]] = field(default_factory=list)
    service: bool = True  # `no service dhcp` stops the server and the relay
    conflict_logging: bool = True
    ping_packets: int = 2
    ping_timeout: int = 500  # milliseconds

    def lines(self, indent: str) -> list[str]:
        out = []
        for low, high in self.excluded:
            out.append(f"ip dhcp excluded-address {low}" + (f" {high}" if high != low else ""))
        if self.excluded:
            out.append("!")
        if not self.conflict_logging:
            out.append("no ip dhcp conflict logging")
        if self.ping_packets != 2:
            out.append(f"ip dhcp ping packets {self.ping_packets}")
        if self.ping_timeout != 500:
            out.append(f"ip dhcp ping timeout {self.ping_timeout}")
        for pool in self.pools.values():
            out += [*pool.lines(indent), "!"]
        return out

    def pool_for(self, address: IPv4Address | None) -> DhcpPool | None:
        """The network pool whose subnet holds the address."""
        if address is None:
            return None
        return next((p for p in self.pools.values() if p.network is not None and address in p.network), None)

    def serves(self, address: IPv4Address | None) -> bool:
        """A pool, network or host, for the subnet of this address."""
        if address is None:
            return False
        return self.pool_for(address) is not None or any(
            p.host is not None and address in p.host.network for p in self.pools.values()
        )

    def service_lines(self) -> list[str]:
        return [] if self.service else ["no service dhcp"]


def _addresses(values) -> tuple[IPv4Address, ...]:
    return tuple(values if isinstance(values, list) else [values])


# The pool settings of one field each: keyword -> the field it sets.
_FIELDS = {
    "network": "network",
    "host": "host",
    "client-identifier": "client_id",
    "hardware-address": "hardware",
    "default-router": "routers",
    "dns-server": "dns",
    "domain-name": "domain",
    "lease": "lease",
}


def _setting(ctx, args, key: str, value=None, line: Callable[[Any], str | None] | None = None) -> None:
    """A pool setting of one field (`_FIELDS`): typed, the field takes `value` and the pool
    keeps the line `line(value)` in its place (None: no line, the default); with `no`, the
    field goes back to its default and the line goes."""
    target: DhcpPool = ctx.target
    attribute = _FIELDS[key]
    if args.negate:
        setattr(target, attribute, getattr(DhcpPool, attribute))
        target.set(key, None)
    else:
        setattr(target, attribute, value)
        target.set(key, line(value))


@handler("cfg_ip_dhcp_excluded")
def excluded_address(ctx, args):
    low = args.dhcp_low
    high = args.dhcp_high or low
    if high < low:
        return Refused(f"%Invalid address range: {low} to {high}\n")  # [M]
    ranges = ctx.config.dhcp.excluded
    if args.negate:
        ctx.config.dhcp.excluded = [r for r in ranges if r != (low, high)]
    elif (low, high) not in ranges:
        ranges.append((low, high))
    return None


@handler("cfg_ip_dhcp_pool")
def pool(ctx, args):
    pools = ctx.config.dhcp.pools
    if args.negate:
        if pools.pop(args.dhcp_pool_name, None) is None:
            return Refused(f"%Pool {args.dhcp_pool_name} not found\n")  # [M]
        return None
    entry = pools.setdefault(args.dhcp_pool_name, DhcpPool(args.dhcp_pool_name))
    return EnterMode("config_dhcp", entry)


@handler("cfg_ip_dhcp_ping")
def ping(ctx, args):
    dhcp = ctx.config.dhcp
    if args.dhcp_packets:
        dhcp.ping_packets = 2 if args.negate else args.dhcp_ping_count
    else:
        dhcp.ping_timeout = 500 if args.negate else args.dhcp_ping_ms


@handler("cfg_ip_dhcp_conflict")
def conflict_logging(ctx, args):
    ctx.config.dhcp.conflict_logging = not args.negate


@handler("cfg_service_dhcp")
def service(ctx, args):
    ctx.config.dhcp.service = not args.negate


@handler("if_ip_helper")
def helper_address(ctx, args):
    target = ctx.target
    helper = args.helper_address_value
    if args.negate:
        target.helpers = () if helper is None else tuple(h for h in target.helpers if h != helper)
    elif helper not in target.helpers:
        target.helpers = (*target.helpers, helper)


@handler("if_ip_address_dhcp")
def ip_address_dhcp(ctx, args):
    target = ctx.target
    target.address, target.secondaries, target.negotiated = None, (), False
    target.dhcp_client = True
    target.address_source = "DHCP"


@handler("dhcp_network")
def network(ctx, args):
    target: DhcpPool = ctx.target
    if args.negate:
        _setting(ctx, args, "network")
        return None
    try:
        subnet = IPv4Network(f"{args.dhcp_network_address}/{args.dhcp_network_mask}", strict=False)
    except ValueError:
        return Refused(f"% Bad mask {args.dhcp_network_mask}\n")  # [M]
    if target.host is not None:
        return Refused("% A host address has already been configured for this pool\n")  # [M]
    for other in ctx.config.dhcp.pools.values():
        if other is not target and other.network is not None and other.network.overlaps(subnet):
            return Refused(
                f"% {subnet.network_address} {subnet.netmask} overlaps with pool {other.name}\n"
            )  # [M]
    _setting(ctx, args, "network", subnet, lambda s: f"network {s.network_address} {s.netmask}")
    return None


@handler("dhcp_host")
def host(ctx, args):
    """A manual binding's address; its mask, if not given, from the network pool it lies in,
    else the address's natural (class) mask."""
    target: DhcpPool = ctx.target
    if args.negate:
        _setting(ctx, args, "host")
        return None
    if target.network is not None:
        return Refused("% A network address has already been configured for this pool\n")  # [M]
    address, mask = args.dhcp_host_address, args.dhcp_host_mask
    if mask is None:
        parent = ctx.config.dhcp.pool_for(address)
        mask = parent.network.netmask if parent is not None else natural_length(address)
    try:
        chosen = IPv4Interface(f"{address}/{mask}")
    except ValueError:
        return Refused(f"% Bad mask {mask}\n")  # [M]
    _setting(ctx, args, "host", chosen, lambda h: f"host {h.ip} {h.netmask}")
    return None


@handler("dhcp_client_identifier")
def client_identifier(ctx, args):
    _setting(ctx, args, "client-identifier", args.dhcp_client_id, lambda c: f"client-identifier {dotted(c)}")


@handler("dhcp_hardware_address")
def hardware_address(ctx, args):
    kind = " ethernet" if args.dhcp_hw_ethernet else " ieee802" if args.dhcp_hw_ieee802 else ""
    kind = f" {args.dhcp_hw_type}" if args.dhcp_hw_type is not None else kind
    _setting(
        ctx, args, "hardware-address", args.dhcp_hardware, lambda h: f"hardware-address {dotted(h)}{kind}"
    )


@handler("dhcp_option")
def option(ctx, args):
    """A raw option: text, dotted hex or addresses, sent as typed (an address list with the
    blank after it, as IOS writes one)."""
    target: DhcpPool = ctx.target
    code, key = args.dhcp_option_code, f"option {args.dhcp_option_code}"
    if args.negate:
        target.options.pop(code, None)
        target.set(key, None)
        return
    instance = f" instance {args.dhcp_instance_number}" if args.dhcp_instance else ""
    if args.dhcp_ascii:
        data, shown = args.dhcp_ascii_text.encode("latin-1", "replace"), f"ascii {args.dhcp_ascii_text}"
    elif args.dhcp_hex:
        data, shown = args.dhcp_hex_data, f"hex {dotted(args.dhcp_hex_data)}"
    else:
        addresses = _addresses(args.dhcp_option_address)
        data, shown = pdu_addresses(addresses), "ip " + _list(addresses)
    target.options[code] = data
    target.set(key, f"{key}{instance} {shown}")


@handler("dhcp_default_router")
def default_router(ctx, args):
    _setting(
        ctx, args, "default-router", _addresses(args.dhcp_router), lambda r: "default-router " + _list(r)
    )


@handler("dhcp_dns_server")
def dns_server(ctx, args):
    _setting(ctx, args, "dns-server", _addresses(args.dhcp_dns), lambda d: "dns-server " + _list(d))


def _list(addresses) -> str:
    """An address list as IOS writes it: a blank after the last one."""
    return "".join(f"{a} " for a in addresses)


@handler("dhcp_domain_name")
def domain_name(ctx, args):
    _setting(ctx, args, "domain-name", args.dhcp_domain, "domain-name {}".format)


@handler("dhcp_lease")
def lease(ctx, args):
    if args.negate or args.dhcp_infinite:  # `no lease`: a day again; `lease infinite`: None
        _setting(ctx, args, "lease", None, lambda _: "lease infinite")
        return None
    days, hours, minutes = args.dhcp_days or 0, args.dhcp_hours or 0, args.dhcp_minutes or 0
    seconds = days * 86400 + hours * 3600 + minutes * 60
    if seconds == 0:
        return Refused("% A lease of 0 is not allowed\n")  # [M]
    typed = [str(days)] + ([str(hours)] if args.dhcp_hours is not None else [])
    typed += [str(minutes)] if args.dhcp_minutes is not None else []
    shown = None if seconds == DEFAULT_LEASE else "lease " + " ".join(typed)
    _setting(ctx, args, "lease", seconds, lambda _: shown)
    return None


@handler("dhcp_other")
def other(ctx, args):
    """A pool setting IOS accepts that is not modelled: kept as typed, in its place."""
    words = ctx.line.split()
    negate = words[0] in ("no", "default")
    key = words[negate]
    ctx.target.set(key, None if negate else " ".join(words))
