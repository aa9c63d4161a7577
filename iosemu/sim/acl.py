"""IP access lists at run time (the lists themselves: config/acl.py): what a list decides of a
packet or of a line's client (`access-class`), the entries' match counts (`show access-lists`,
`clear access-list counters`) and the `log` entries' `%SEC-6-IPACCESSLOG...` flows; and the
IP stack's filters (`IpStack.access`) for the interfaces' `ip access-group`. A filter reads its
list and its interface's settings when a packet comes, so an edited list applies at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, ip_address

from iosemu.config.acl import AccessList, list_key
from iosemu.config.acl_entries import ExtendedEntry, Remark, StandardEntry

DIRECTIONS = (("in", "access_in"), ("out", "access_out"))
LOG_INTERVAL = 300  # seconds: a `log` entry's first match is logged at once, the next ones per 5 minutes
VTY_PORTS = {"telnet": 23, "ssh": 22}
# the log message of an extended entry, by what matched: with ports, ICMP, or another protocol
_LOG_KINDS = {"tcp": "P", "udp": "P", "icmp": "DP"}


def first_match(acl: AccessList, packet) -> StandardEntry | ExtendedEntry | None:
    """The first entry of `acl` that matches `packet`; None: the implicit deny."""
    for entry in acl.entries:
        if not isinstance(entry, Remark) and entry.matches(packet):
            return entry
    return None


def permits(acl: AccessList, packet) -> bool:
    rule = first_match(acl, packet)
    return rule is not None and rule.permit


@dataclass
class ListState:
    """What one list has seen since it was made (or its counters cleared): each entry's match
    count by its sequence number, and the flows its `log` entries are counting in the current
    5 minutes. `entries` is the list of entries the counts were kept for: removing entries or
    renumbering them gives the list a new one (adding one inserts into it, numbers unchanged)."""

    acl: AccessList
    entries: list = field(init=False)
    matches: dict[int, int] = field(default_factory=dict)  # sequence -> count
    logging: dict[str, int] = field(default_factory=dict)  # a flow -> its count in a window

    def __post_init__(self) -> None:
        self.entries = self.acl.entries

    def follow(self) -> None:
        """A count stays with its entry (resequenced: by its new number) and goes with an entry
        removed; nothing to do while the list keeps its entries' list."""
        if self.acl.entries is self.entries:
            return
        by_rule = {
            old.rule(): self.matches[old.sequence]
            for old in self.entries
            if not isinstance(old, Remark) and old.sequence in self.matches
        }
        self.entries = self.acl.entries
        rules = self.acl.rules()
        self.matches = {new.sequence: by_rule[new.rule()] for new in rules if new.rule() in by_rule}


def check(router, key: int | str | None, packet) -> bool:
    """Whether list `key` lets `packet` through (no list, or one not defined or empty: yes),
    the match counted; a matching `log` entry logs the flow (`%SEC-6-IPACCESSLOG...`)."""
    acl = _defined(router, key)
    if acl is None:
        return True
    rule = first_match(acl, packet)
    return rule is not None and _decided(router, acl, rule, packet)


def counts(router, acl: AccessList) -> dict[int, int]:
    """Each entry's match count, by its sequence number (an entry not matched yet: none)."""
    return dict(router.services["acl"].state(acl).matches)


def clear_counters(router, acl: AccessList) -> None:
    router.services["acl"].state(acl).matches.clear()


@dataclass(frozen=True)
class _Connection:
    """What a line's `access-class` asks of a list about a client: its address as the source,
    the transport's TCP port as the destination port (the destination address is the line's
    own, which IOS does not test)."""

    src: IPv4Address
    dport: int
    proto: int = 6
    sport: int = 0  # (not known when the line is asked: an entry with source ports never matches)

    @property
    def payload(self):
        return self


def admits(router, key: int | str | None, address: str, transport: str = "telnet") -> bool:
    """Whether a line's `access-class` list lets a connection from `address` in: no class, or
    a list not defined, lets every address through; an IP list says nothing of an IPv6 client."""
    acl = _defined(router, key)
    if acl is None:
        return True
    try:
        source = ip_address(address)
    except ValueError:
        return True
    if not isinstance(source, IPv4Address):
        return True
    connection = _Connection(source, VTY_PORTS.get(transport, 23))
    for rule in acl.rules():
        if _admission_matches(rule, connection):
            return _decided(router, acl, rule, connection)
    return False


def _decided(router, acl: AccessList, rule, packet) -> bool:
    """`rule` decided of `packet`: its match counted, the flow logged if it says `log`."""
    state = router.services["acl"].state(acl)
    state.matches[rule.sequence] = state.matches.get(rule.sequence, 0) + 1
    if rule.log:
        _log_match(router, state, rule.permit, _flow(acl, packet))
    return rule.permit


def _defined(router, key: int | str | None) -> AccessList | None:
    """List `key`, if it is defined and has entries (a list with none lets everything through)."""
    acl = router.config.acls.get(key) if key is not None else None
    return acl if acl is not None and acl.rules() else None


def _admission_matches(rule, connection: _Connection) -> bool:
    if isinstance(rule, StandardEntry):
        return rule.matches(connection)
    if rule.protocol not in (None, 6) or not rule.source.matches(connection.src) or rule.source_ports:
        return False
    return rule.destination_ports is None or rule.destination_ports.matches(connection.dport)


def _flow(acl: AccessList, packet) -> str:
    """How the log message names what matched: a standard list, the source; an extended one,
    the protocol, addresses and ports (or ICMP type and code)."""
    if not acl.extended:
        return f"{packet.src}"
    dst = getattr(packet, "dst", "0.0.0.0")
    payload = packet.payload
    if packet.proto in (6, 17):
        name = "tcp" if packet.proto == 6 else "udp"
        return f"{name} {packet.src}({payload.sport}) -> {dst}({payload.dport}),"
    if packet.proto == 1:
        return f"icmp {packet.src} -> {dst} ({payload.type}/{payload.code}),"
    return f"{packet.proto} {packet.src} -> {dst},"


def _log_match(router, state: ListState, permit: bool, flow: str) -> None:
    """IOS's access-list logging: a flow's first packet at once, then how many more came in
    each 5 minutes after it (none: the flow is forgotten)."""
    key = f"{permit} {flow}"
    logging = state.logging
    if key in logging:
        logging[key] += 1
        return
    acl = state.acl
    kind = _LOG_KINDS.get(flow.split()[0], "NP") if acl.extended else "S"

    def say(count: int) -> None:
        verdict = "permitted" if permit else "denied"
        plural = "" if count == 1 else "s"
        router.log(f"%SEC-6-IPACCESSLOG{kind}: list {acl.key} {verdict} {flow} {count} packet{plural}")

    def window_end() -> None:
        count = logging.pop(key, 0)
        if count:
            say(count)
            logging[key] = 0
            router.scheduler.call_later(LOG_INTERVAL, window_end)

    say(1)
    logging[key] = 0
    router.scheduler.call_later(LOG_INTERVAL, window_end)


class Filter:
    """The list applied to one interface in one direction."""

    def __init__(self, router, interface: str, key: int | str):
        self.router, self.interface, self.key = router, interface, key

    def permits(self, packet) -> bool:
        return check(self.router, self.key, packet)

    @property
    def unreachables(self) -> bool:
        """Whether a stopped packet is answered (`ip unreachables`, on by default)."""
        iface = self.router.config.interfaces.get(self.interface)
        return iface is not None and iface.unreachables


class RouterAcl:
    """A router's access lists at run time: the interfaces' filters and each list's state
    (made anew at each boot, as the counters of IOS's memory)."""

    name = "acl"

    def __init__(self, router):
        self.router = router
        self.lists: dict[int | str, ListState] = {}

    def state(self, acl: AccessList) -> ListState:
        """List `acl`'s state: a list removed and made again starts from nothing."""
        state = self.lists.get(acl.key)
        if state is None or state.acl is not acl:
            state = self.lists[acl.key] = ListState(acl)
        return state

    def reconcile(self, touched) -> None:
        access = self.router.ip.access
        interfaces = self.router.config.interfaces
        for name in touched:
            iface = interfaces.get(name)
            for direction, attribute in DIRECTIONS:
                key = getattr(iface, attribute) if iface is not None else None
                if key is None:
                    access.pop((name, direction), None)
                else:
                    access[(name, direction)] = Filter(self.router, name, list_key(key))
        self._follow_edits()

    def _follow_edits(self) -> None:
        """The lists' counts follow their edits; a list removed takes its counts with it."""
        acls = self.router.config.acls
        for key, state in list(self.lists.items()):
            if acls.get(key) is not state.acl:
                del self.lists[key]
            else:
                state.follow()

    def routes(self) -> list:
        return []

    def close(self) -> None:
        pass
