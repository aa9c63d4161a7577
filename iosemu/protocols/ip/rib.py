"""The IPv4 routing table: connected (C), local (L) and static (S) routes, installed by
IOS's rules, and longest-prefix lookup with recursive next-hop resolution."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

DISTANCE = {"C": 0, "L": 0, "S": 1}
DEFAULT = IPv4Network("0.0.0.0/0")


@dataclass(frozen=True)
class Path:
    interface: str | None
    next_hop: IPv4Address | None


@dataclass(frozen=True)
class Route:
    code: str
    prefix: IPv4Network
    paths: tuple[Path, ...]
    distance: int = 0
    metric: int = 0
    permanent: bool = False


class Rib:
    def __init__(self, routes: list[Route]):
        self._routes = routes
        by_length: dict[int, dict[int, Route]] = {}
        for route in routes:
            by_length.setdefault(route.prefix.prefixlen, {})[int(route.prefix.network_address)] = route
        self._by_length = sorted(by_length.items(), reverse=True)

    @cached_property
    def routes(self) -> list[Route]:
        """In address order, as `show ip route` lists them: sorted when first asked, not at
        every rebuild (forwarding only looks up)."""
        return sorted(self._routes, key=lambda r: (int(r.prefix.network_address), r.prefix.prefixlen))

    def lookup(self, address: IPv4Address) -> Route | None:
        value = int(address)
        for length, table in self._by_length:
            mask = (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF
            route = table.get(value & mask)
            if route is not None:
                return route
        return None

    def resolve(self, address: IPv4Address, depth: int = 0) -> tuple[str, IPv4Address] | None:
        """(egress interface, the address to reach on it) for a destination, or None."""
        route = self.lookup(address)
        if route is None or depth > 8:
            return None
        path = route.paths[0]
        if path.interface is not None:
            return path.interface, path.next_hop or address
        return self.resolve(path.next_hop, depth + 1)

    @property
    def gateway_of_last_resort(self) -> Route | None:
        return next((r for r in self.routes if r.prefix == DEFAULT), None)


@lru_cache(maxsize=65536)
def host_network(address: IPv4Address) -> IPv4Network:
    """The /32 of an address, made once: a table is rebuilt with every peer's host route each
    time an interface changes (an LNS with 500 Virtual-Access interfaces: 500 each time)."""
    return IPv4Network((int(address), 32))


@lru_cache(maxsize=65536)
def host_interface(address: IPv4Address) -> IPv4Interface:
    """An address given by the peer (IPCP) as the interface's /32, made once, not parsed
    from its text each time the interface's address is asked."""
    return IPv4Interface((int(address), 32))


@lru_cache(maxsize=65536)
def _attached(code: str, prefix: IPv4Network, interface: str) -> Route:
    """A connected or local route, made once: the same ones come back at every rebuild."""
    return Route(code, prefix, (Path(interface, None),))


@lru_cache(maxsize=65536)
def _host_route(code: str, address: IPv4Address, interface: str) -> Route:
    """The /32 route of an address (a local one, or a peer's), found by the address."""
    return _attached(code, host_network(address), interface)


def build(addresses: list[tuple[str, IPv4Interface]], statics, interface_up, peers=()) -> Rib:
    """Routes from the addresses of up/up interfaces, the peers' host routes that layer 2
    learned (PPP), and the configured static routes."""
    routes: dict[IPv4Network, Route] = {}
    for name, address in addresses:
        network = address.network
        routes.setdefault(network, _attached("C", network, name))
        if network.prefixlen < 32:
            local = _host_route("L", address.ip, name)
            routes[local.prefix] = local
    for name, peer in peers:
        route = _host_route("C", peer, name)
        routes.setdefault(route.prefix, route)
    candidates: dict[IPv4Network, list] = {}  # prefix -> its usable statics, best distance first
    for static in statics:
        distance = static.distance or DISTANCE["S"]
        if distance == 255:  # IOS never installs a route it trusts this little
            continue
        if static.interface is not None and not (static.permanent or interface_up(static.interface)):
            continue
        if static.prefix not in routes:
            candidates.setdefault(static.prefix, []).append((distance, static))
    for found in candidates.values():
        found.sort(key=lambda candidate: candidate[0])
    return _recursive_statics(routes, candidates)


def _recursive_statics(routes: dict[IPv4Network, Route], candidates: dict[IPv4Network, list]) -> Rib:
    """Install each prefix's statics of the best distance whose paths work, dropping a
    next-hop path whose next hop no installed route (but its own) reaches: the floating
    static of a higher distance takes over when the better ones all fail, and the
    dropping is repeated until nothing more fails."""
    dead: set[int] = set()  # the statics found failing, by identity
    while True:
        installed, chosen_of = dict(routes), {}
        for prefix, found in candidates.items():
            alive = [(distance, static) for distance, static in found if id(static) not in dead]
            if alive:
                best = alive[0][0]
                chosen = [static for distance, static in alive if distance == best]
                paths = tuple(Path(static.interface, static.next_hop) for static in chosen)
                permanent = any(static.permanent for static in chosen)
                installed[prefix] = Route("S", prefix, paths, best, permanent=permanent)
                chosen_of[prefix] = chosen
        rib = Rib(list(installed.values()))
        failing = {
            id(static)
            for prefix, chosen in chosen_of.items()
            for static in chosen
            if static.interface is None
            and not static.permanent
            and not _reachable(rib, static.next_hop, prefix)
        }
        if not failing:
            return rib
        dead |= failing


def _reachable(rib: Rib, next_hop: IPv4Address, prefix: IPv4Network) -> bool:
    route = rib.lookup(next_hop)
    return route is not None and route.prefix != prefix
