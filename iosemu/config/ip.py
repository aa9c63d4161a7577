"""Global IP configuration: DNS lookup and domain name, static routes."""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network

from iosemu.config.registry import Refused, handler


@dataclass(frozen=True)
class StaticRoute:
    prefix: IPv4Network
    next_hop: IPv4Address | None = None
    interface: str | None = None
    distance: int | None = None
    permanent: bool = False
    name: str | None = None  # `name NAME`: a label for the next hop

    def line(self) -> str:
        parts = ["ip route", str(self.prefix.network_address), str(self.prefix.netmask)]
        if self.interface:
            parts.append(self.interface)
        if self.next_hop:
            parts.append(str(self.next_hop))
        if self.distance is not None:
            parts.append(str(self.distance))
        if self.name:
            parts.append(f"name {self.name}")
        if self.permanent:
            parts.append("permanent")
        return " ".join(parts)

    def same_path(self, other: StaticRoute) -> bool:
        return (self.prefix, self.next_hop, self.interface) == (
            other.prefix,
            other.next_hop,
            other.interface,
        )


def contiguous(mask: int) -> bool:
    """A netmask of leading ones only (255.255.255.0 yes, 255.0.255.0 no)."""
    inverted = ~mask & 0xFFFFFFFF
    return not inverted & (inverted + 1)


@dataclass
class IpConfig:
    domain_lookup: bool = True
    domain_name: str | None = None
    name_servers: list[IPv4Address] = field(default_factory=list)
    hosts: dict[str, list[IPv4Address]] = field(default_factory=dict)  # `ip host` table
    routes: list[StaticRoute] = field(default_factory=list)
    routing: bool = True  # `no ip routing`: the router forwards nothing, as a host
    default_gateway: IPv4Address | None = None  # `ip default-gateway`, used only without routing

    def lookup_servers(self) -> list[IPv4Address] | None:
        """Whom a name lookup asks (an empty list: a broadcast); None with lookup off."""
        return list(self.name_servers) if self.domain_lookup else None

    def domain_lines(self) -> list[str]:
        lines = [] if self.domain_lookup else ["no ip domain lookup"]
        if self.domain_name:
            lines.append(f"ip domain name {self.domain_name}")
        for name, addresses in self.hosts.items():
            lines.append(f"ip host {name} " + " ".join(str(a) for a in addresses))
        if self.name_servers:
            lines.append("ip name-server " + " ".join(str(s) for s in self.name_servers))
        return lines

    def host_address(self, name: str) -> IPv4Address | None:
        """The first address of a name in the host table (names ignore case)."""
        for entry, addresses in self.hosts.items():
            if entry.lower() == name.lower():
                return addresses[0]
        return None

    def routing_lines(self) -> list[str]:
        return [] if self.routing else ["no ip routing"]

    def gateway_lines(self) -> list[str]:
        return [f"ip default-gateway {self.default_gateway}"] if self.default_gateway else []

    def route_lines(self) -> list[str]:
        ordered = sorted(self.routes, key=lambda r: (int(r.prefix.network_address), r.prefix.prefixlen))
        return [route.line() for route in ordered]


@handler("cfg_ip_domain_lookup")
def domain_lookup(ctx, args):
    ctx.config.ip.domain_lookup = not args.negate


@handler("cfg_ip_domain_name")
def domain_name(ctx, args):
    ctx.config.ip.domain_name = None if args.negate else args.domain_name_value


@handler("cfg_ip_route")
def ip_route(ctx, args):
    mask = int(args.route_mask)
    if not contiguous(mask) or int(args.route_prefix) & ~mask & 0xFFFFFFFF:
        return Refused("%Inconsistent address and mask\n")
    prefix = IPv4Network((int(args.route_prefix), 32 - (~mask & 0xFFFFFFFF).bit_length()))
    if not args.negate and ctx.device.is_own_address(args.route_next_hop):
        return Refused("%Invalid next hop address (it's this router)\n")
    route = StaticRoute(
        prefix,
        args.route_next_hop,
        args.ifname,
        args.route_distance,
        bool(args.permanent),
        args.route_name_text,
    )
    routes = ctx.config.ip.routes
    if args.negate and args.route_next_hop is None and args.ifname is None:  # every path
        kept = [r for r in routes if r.prefix != prefix]
    else:
        kept = [r for r in routes if not r.same_path(route)]
    if args.negate:
        if len(kept) == len(routes):
            return Refused("%No matching route to delete\n")
        routes[:] = kept
        return None
    routes[:] = [*kept, route]
    return None


@handler("cfg_ip_routing")
def ip_routing(ctx, args):
    ctx.config.ip.routing = not args.negate or bool(args.default)


@handler("cfg_ip_default_gateway")
def default_gateway(ctx, args):
    ctx.config.ip.default_gateway = None if args.negate else args.gateway_address


@handler("cfg_ip_name_server")
def name_server(ctx, args):
    servers = ctx.config.ip.name_servers
    given = _listed(args.name_server_address)
    if args.negate:
        servers[:] = [s for s in servers if given and s not in given]
        return None
    for server in given:
        if server not in servers and len(servers) < 6:
            servers.append(server)
    return None


def _listed(value) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


@handler("cfg_ip_host")
def ip_host(ctx, args):
    hosts = ctx.config.ip.hosts
    if args.negate:
        hosts.pop(args.host_entry, None)
        return None
    if args.host_entry[0].isdigit():
        return Refused(f"% Invalid host name {args.host_entry}\n")
    hosts[args.host_entry] = _listed(args.host_address)[:8]
    return None
