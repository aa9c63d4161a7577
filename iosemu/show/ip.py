"""show ip route, show ip protocols, show ip arp and show arp: records from the routing table
and ARP cache, then IOS's text (12.4 and 15 differ: 15 has local routes and a wider legend)."""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from iosemu.cli import messages
from iosemu.cli.matcher import parse_ipv4
from iosemu.config.interface import short_name
from iosemu.config.ip import contiguous
from iosemu.config.registry import handler
from iosemu.protocols.ip.pdu import mac_text, natural_length
from iosemu.protocols.ip.rib import DEFAULT, Rib, Route

LEGEND_12 = (
    "Codes: C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
    "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area \n"  # sic: IOS's blank
    """\
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route
"""
)
LEGEND_15 = """\
Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2
       E1 - OSPF external type 1, E2 - OSPF external type 2
       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2
       ia - IS-IS inter area, * - candidate default, U - per-user static route
       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP
       + - replicated route, % - next hop override
"""


def classful(network: IPv4Network) -> IPv4Network:
    address = network.network_address
    return IPv4Network(f"{address}/{natural_length(address)}", strict=False)


def _describe(route: Route, with_length: bool) -> list[str]:
    """The text after the code column: prefix and paths (continuation lines for ECMP)."""
    prefix = str(route.prefix) if with_length else str(route.prefix.network_address)
    texts = []
    for path in route.paths:
        if path.next_hop is None:
            texts.append(f"is directly connected, {path.interface}")
        else:
            where = f", {path.interface}" if path.interface else ""
            texts.append(f"[{route.distance}/{route.metric}] via {path.next_hop}{where}")
    first = f"{prefix} {texts[0]}"
    pad = " " * (len(prefix) + 1)
    return [first, *(pad + more for more in texts[1:])]


def render_routes(routes: list[Route], train15: bool, gateway: str) -> str:
    legend = LEGEND_15 if train15 else LEGEND_12
    lines = [legend.rstrip("\n"), "", gateway, ""]
    groups: dict[IPv4Network, list[Route]] = {}
    for route in routes:
        major = classful(route.prefix)
        # A supernet or the default route stands alone, at the top level.
        groups.setdefault(route.prefix if route.prefix.prefixlen < major.prefixlen else major, []).append(
            route
        )
    top, sub = (6, 9) if train15 else (5, 8)
    for major in sorted(groups, key=lambda n: int(n.network_address)):
        members = groups[major]
        masks = {r.prefix.prefixlen for r in members}
        if len(members) == 1 and members[0].prefix.prefixlen <= major.prefixlen:
            lines += _entry(members[0], top, True)
            continue
        count = f"{len(members)} subnets"
        if len(masks) == 1:
            header = f"{major.network_address}/{masks.pop()} is subnetted, {count}"
            with_length = False
        else:
            header = f"{major} is variably subnetted, {count}, {len(masks)} masks"
            with_length = True
        lines.append(" " * top + header)
        for route in members:
            lines += _entry(route, sub, with_length)
    return "\n".join(lines) + "\n"


def _entry(route: Route, width: int, with_length: bool) -> list[str]:
    code = route.code + ("*" if route.prefix == DEFAULT else "")
    first, *more = _describe(route, with_length)
    return [code.ljust(width) + first, *(" " * width + line for line in more)]


def gateway_line(rib) -> str:
    route = rib.gateway_of_last_resort
    if route is None:
        return "Gateway of last resort is not set"
    hop = route.paths[0].next_hop or "0.0.0.0"
    return f"Gateway of last resort is {hop} to network 0.0.0.0"


def _host_view(ip) -> str:
    """`show ip route` with `no ip routing`: the default gateway and the redirect cache."""
    gateway = ip.default_gateway or "not set"
    return (
        f"Default gateway is {gateway}\n\n"
        "Host               Gateway           Last Use    Total Uses  Interface\n"
        "ICMP redirect cache is empty\n"
    )


@handler("show_ip_route")
def show_ip_route(ctx, args):
    device = ctx.device
    if not device.config.ip.routing:
        return _host_view(device.config.ip)
    rib = device.ip.rib
    train15 = not device.platform.train.startswith("12")
    routes = [r for r in rib.routes if train15 or r.code != "L"]
    if args.connected:
        routes = [r for r in routes if r.code in ("C", "L")]
    elif args.static:
        routes = [r for r in routes if r.code == "S"]
    elif args.route_address is not None:
        address = parse_ipv4(args.route_address) or device.config.ip.host_address(args.route_address)
        if address is None:  # IOS looks the name up as it reads it, and refuses the word
            lookup = messages.translating(args.route_address, device.config.ip.lookup_servers(), "")
            return lookup + "\n" + ctx.session.shown_again(args.route_address)
        return _route_lookup(ctx, address, args, routes, train15, rib)
    elif args.route_summary:
        return render_summary(summarise(routes), train15)
    return render_routes(routes, train15, gateway_line(rib))


@handler("show_ip_protocols")
def show_ip_protocols(ctx, args):
    """The routing protocol processes running: none, as iosemu runs no routing protocol (a
    `router` block is kept as typed, never run), so IOS's answer with none: 15.x's NSF line
    and a blank line, nothing on 12.4."""
    return "" if ctx.device.platform.train.startswith("12") else "*** IP Routing is NSF aware ***\n\n"


def _route_detail(route: Route) -> str:
    """The per-route form: how the route was learned, then each path (`*` the one in use)."""
    kind = "static" if route.code == "S" else "connected"
    heading = f"Routing entry for {route.prefix}"
    if route.prefix.prefixlen < classful(route.prefix).prefixlen:
        heading += ", supernet"
    known = f'  Known via "{kind}", distance {route.distance}, metric {route.metric}'
    if route.code == "C":
        known += " (connected, via interface)"
    elif route.code == "L" or route.paths[0].next_hop is None:
        known += " (connected)"
    if route.prefix == DEFAULT:
        known += ", candidate default path"
    lines = [heading, known, "  Routing Descriptor Blocks:"]
    for index, path in enumerate(route.paths):
        mark = "  * " if index == 0 else "    "
        if path.next_hop is None:
            lines.append(f"{mark}directly connected, via {path.interface}")
        else:
            lines.append(f"{mark}{path.next_hop}" + (f", via {path.interface}" if path.interface else ""))
        lines.append("      Route metric is 0, traffic share count is 1")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class SummaryRow:
    source: str
    networks: int
    subnets: int


# Bytes per route, by release: (overhead, memory) of a route, memory of an internal entry.
# 15: show_ip_route_summary of a 1941 (15.x) found by search; 12.4: of a 7200 running 12.4.
_SIZES = {True: (60, 176, 520), False: (72, 136, 1156)}


def summarise(routes: list[Route]) -> tuple[list[SummaryRow], int]:
    """Per source, the routes at or above their classful length (networks) and below it
    (subnets); and the internal entries (a classful network that is subnetted)."""
    rows = []
    for source, codes in (("connected", "CL"), ("static", "S")):
        mine = [r for r in routes if r.code in codes]
        subnets = sum(1 for r in mine if r.prefix.prefixlen > classful(r.prefix).prefixlen)
        rows.append(SummaryRow(source, len(mine) - subnets, subnets))
    majors = {classful(r.prefix) for r in routes if r.prefix.prefixlen > classful(r.prefix).prefixlen}
    return rows, len(majors)


def render_summary(summary: tuple[list[SummaryRow], int], train15: bool) -> str:
    rows, internal = summary
    overhead, memory, internal_memory = _SIZES[train15]
    replicates = "Replicates  " if train15 else ""
    lines = [
        "IP routing table name is default (0x0)"
        if train15
        else "IP routing table name is Default-IP-Routing-Table(0)",
        f"IP routing table maximum-paths is {32 if train15 else 16}",
        f"Route Source    Networks    Subnets     {replicates}Overhead    Memory (bytes)",
    ]

    def row(source: str, networks: int, subnets: int, over: int, mem: int) -> str:
        middle = f"{subnets:<12}" + ("0           " if train15 else "")
        return f"{source:<16}{networks:<12}{middle}{over:<12}{mem}"

    for entry in rows:
        count = entry.networks + entry.subnets
        lines.append(row(entry.source, entry.networks, entry.subnets, count * overhead, count * memory))
    blank = " " * (36 if train15 else 24)
    lines.append(f"{'internal':<16}{internal:<12}{blank}{internal * internal_memory}")
    count = sum(e.networks + e.subnets for e in rows)
    networks, subnets = sum(e.networks for e in rows) + internal, sum(e.subnets for e in rows)
    lines.append(
        row("Total", networks, subnets, count * overhead, count * memory + internal * internal_memory)
    )
    return "\n".join(lines) + "\n"


def _route_lookup(ctx, address: IPv4Address, args, routes: list[Route], train15: bool, rib) -> str:
    """`show ip route A.B.C.D|NAME [MASK [longer-prefixes]]`: the longest match of an address, the
    exact prefix of an address and mask, or the table of the prefixes inside one."""
    mask = args.route_mask_show
    if mask is None:
        route = (rib if train15 else Rib(routes)).lookup(address)  # 12.4 has no local routes
        if route is None or (route.prefix == DEFAULT and address != DEFAULT.network_address):
            return "% Network not in table\n"
        return _route_detail(route)
    if not contiguous(int(mask)):
        return ctx.session.invalid_at_end()
    prefix = IPv4Network(f"{address}/{mask}", strict=False)
    if args.longer_prefixes:
        inside = [r for r in routes if r.prefix.subnet_of(prefix)]
        return render_routes(inside, train15, gateway_line(rib))
    route = next((r for r in routes if r.prefix == prefix), None)
    return _route_detail(route) if route is not None else "% Subnet not in table\n"


@handler("exec_clear_ip_route")
def clear_ip_route(ctx, args):
    """`clear ip route *`: the table is rebuilt from its sources (statics and connected
    networks come straight back)."""
    ctx.device.ip.invalidate()
    return ""


@dataclass(frozen=True)
class ArpRow:
    address: IPv4Address
    age: str
    mac: str
    interface: str


def arp_rows(device) -> list[ArpRow]:
    rows = []
    now = device.scheduler.now
    for name, address in device.ip_addresses():
        mac = device.mac(name)
        if mac is not None:
            rows.append(ArpRow(address.ip, "-", mac_text(mac), name))
    for name, table in device.ip.arp.items():
        for address, entry in table.items():
            rows.append(ArpRow(address, str(int(now - entry.learned_at) // 60), mac_text(entry.mac), name))
    return sorted(rows, key=lambda r: int(r.address))


def _arp_filter(args):
    """`show ip arp X`: an address, an interface or a MAC address picks the rows."""
    if args.arp_address is not None:
        return lambda row: row.address == args.arp_address
    if args.ifname is not None:
        return lambda row: row.interface == args.ifname
    if args.arp_mac is not None:
        wanted = mac_text(int.from_bytes(args.arp_mac, "big"))
        return lambda row: row.mac == wanted
    return lambda row: True


@handler("show_ip_arp", "show_arp")
def show_arp(ctx, args):
    lines = ["Protocol  Address          Age (min)  Hardware Addr   Type   Interface"]
    for row in filter(_arp_filter(args), arp_rows(ctx.device)):
        lines.append(f"Internet  {str(row.address):<16} {row.age:>8}   {row.mac}  ARPA   {row.interface}")
    return "\n".join(lines) + "\n"


@handler("show_arp_summary")
def show_arp_summary(ctx, args):
    """The counts by kind (own addresses are the Interface entries), then by interface.
    Follows genieparser's ShowArpSummary golden output for IOS (the seven-count form)."""
    rows = arp_rows(ctx.device)
    own = sum(1 for row in rows if row.age == "-")
    per_interface: dict[str, int] = {}
    for row in rows:
        per_interface[row.interface] = per_interface.get(row.interface, 0) + 1
    counts = (
        ("entries in the ARP table", len(rows)),
        ("Dynamic ARP entries", len(rows) - own),
        ("Incomplete ARP entries", 0),
        ("Interface ARP entries", own),
        ("Static ARP entries", 0),
        ("Alias ARP entries", 0),
        ("Simple Application ARP entries", 0),
    )
    lines = [f"Total number of {what}: {count}." for what, count in counts]
    lines.append("Interface           Entry Count")
    lines += [f"{short_name(name):<24}{count}" for name, count in per_interface.items()]
    return "\n".join(lines) + "\n"
