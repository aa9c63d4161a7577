"""The entries of IP access lists: a standard entry (a source address) and an extended one
(protocol, source and destination with their ports, ICMP type, `established`, `tos`), what each
says of a packet, how the running-config and `show access-lists` write them, and the entry a
command's parse tree gives.

IOS keeps an address with its wildcard's bits cleared, writes a one-address wildcard as `host`
(a standard entry: the bare address), an all-ones one as `any`, a port or protocol it has a name
for by that name (`eq 80` is `eq www`, protocol 6 is `tcp`), and pads `deny` to `permit`'s width.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address

from lark import Tree

ALL_ONES = 0xFFFFFFFF

# IP protocol number -> its name in an extended entry (None: `ip`, every protocol)
PROTOCOLS = {1: "icmp", 2: "igmp", 4: "ipinip", 6: "tcp", 17: "udp", 47: "gre", 50: "esp", 51: "ahp"}
PROTOCOLS |= {88: "eigrp", 89: "ospf", 94: "nos", 103: "pim", 108: "pcp"}
PROTOCOL_NUMBERS = {name: number for number, name in PROTOCOLS.items()}
TCP, UDP, ICMP = 6, 17, 1

TCP_PORTS = {"bgp": 179, "chargen": 19, "cmd": 514, "daytime": 13, "discard": 9, "domain": 53}
TCP_PORTS |= {"drip": 3949, "echo": 7, "exec": 512, "finger": 79, "ftp": 21, "ftp-data": 20}
TCP_PORTS |= {"gopher": 70, "hostname": 101, "ident": 113, "irc": 194, "klogin": 543, "kshell": 544}
TCP_PORTS |= {"login": 513, "lpd": 515, "nntp": 119, "pim-auto-rp": 496, "pop2": 109, "pop3": 110}
TCP_PORTS |= {"smtp": 25, "sunrpc": 111, "tacacs": 49, "talk": 517, "telnet": 23, "time": 37}
TCP_PORTS |= {"uucp": 540, "whois": 43, "www": 80}
UDP_PORTS = {"biff": 512, "bootpc": 68, "bootps": 67, "discard": 9, "dnsix": 195, "domain": 53}
UDP_PORTS |= {"echo": 7, "isakmp": 500, "mobile-ip": 434, "nameserver": 42, "netbios-dgm": 138}
UDP_PORTS |= {"netbios-ns": 137, "netbios-ss": 139, "non500-isakmp": 4500, "ntp": 123}
UDP_PORTS |= {"pim-auto-rp": 496, "rip": 520, "snmp": 161, "snmptrap": 162, "sunrpc": 111}
UDP_PORTS |= {"syslog": 514, "tacacs": 49, "talk": 517, "tftp": 69, "time": 37, "who": 513, "xdmcp": 177}
PORT_NAMES = {
    TCP: {number: name for name, number in TCP_PORTS.items()},
    UDP: {number: name for name, number in UDP_PORTS.items()},
}

# ICMP message name -> (type, code or None: every code)
ICMP_MESSAGES = {
    "echo-reply": (0, None),
    "unreachable": (3, None),
    "net-unreachable": (3, 0),
    "host-unreachable": (3, 1),
    "protocol-unreachable": (3, 2),
    "port-unreachable": (3, 3),
    "packet-too-big": (3, 4),
    "administratively-prohibited": (3, 13),
    "source-quench": (4, None),
    "redirect": (5, None),
    "echo": (8, None),
    "router-advertisement": (9, None),
    "router-solicitation": (10, None),
    "time-exceeded": (11, None),
    "ttl-exceeded": (11, 0),
    "reassembly-timeout": (11, 1),
    "parameter-problem": (12, None),
    "timestamp-request": (13, None),
    "timestamp-reply": (14, None),
    "information-request": (15, None),
    "information-reply": (16, None),
    "mask-request": (17, None),
    "mask-reply": (18, None),
    "traceroute": (30, None),
    "mobile-redirect": (32, None),
}
# `tos` names (the type-of-service bits of RFC 1349)
TOS_VALUES = {"normal": 0, "min-monetary-cost": 1, "max-reliability": 2, "max-throughput": 4, "min-delay": 8}
TOS_NAMES = {value: name for name, value in TOS_VALUES.items()}
ICMP_NAMES = {value: name for name, value in ICMP_MESSAGES.items()}
ACK_OR_RST = 0x14  # `established`: a TCP segment with ACK or RST set (not a connection's first SYN)


@dataclass(frozen=True)
class Address:
    """An address and its wildcard (the bits that may differ); None: any address."""

    address: IPv4Address | None = None
    wildcard: int = 0

    @staticmethod
    def of(address: IPv4Address | None, wildcard: int = 0) -> Address:
        if address is None or wildcard & ALL_ONES == ALL_ONES:
            return Address()
        return Address(IPv4Address(int(address) & ~wildcard & ALL_ONES), wildcard)

    def matches(self, ip: IPv4Address) -> bool:
        return self.address is None or int(ip) & ~self.wildcard & ALL_ONES == int(self.address)

    def written(self, bare_host: bool = False) -> str:
        if self.address is None:
            return "any"
        if self.wildcard == 0:
            return str(self.address) if bare_host else f"host {self.address}"
        return f"{self.address} {IPv4Address(self.wildcard)}"


@dataclass(frozen=True)
class Ports:
    """A port test: eq, neq, gt, lt (`low` alone) or range `low` `high`."""

    operator: str
    low: int
    high: int = 0

    def matches(self, port: int) -> bool:
        if self.operator == "eq":
            return port == self.low
        if self.operator == "neq":
            return port != self.low
        if self.operator == "gt":
            return port > self.low
        if self.operator == "lt":
            return port < self.low
        return self.low <= port <= self.high

    def written(self, protocol: int) -> str:
        names = PORT_NAMES.get(protocol, {})
        ports = [self.low, self.high] if self.operator == "range" else [self.low]
        return " ".join([self.operator, *(names.get(port, str(port)) for port in ports)])


def _action(permit: bool) -> str:
    return "permit" if permit else "deny  "


@dataclass(frozen=True)
class StandardEntry:
    sequence: int
    permit: bool
    source: Address
    log: bool = False

    def rule(self) -> str:
        """As the running-config writes it after `access-list N ` (or in a named list)."""
        return f"{_action(self.permit)} {self.source.written(bare_host=True)}" + (" log" if self.log else "")

    def shown(self) -> str:
        """As `show access-lists` writes it after the sequence number."""
        source = self.source
        if source.address is None or source.wildcard == 0:
            return self.rule()
        text = f"{source.address}, wildcard bits {IPv4Address(source.wildcard)}"
        return f"{_action(self.permit)} {text}" + (" log" if self.log else "")

    def matches(self, packet) -> bool:
        return self.source.matches(packet.src)

    def same_rule(self, other) -> bool:
        return isinstance(other, StandardEntry) and (self.permit, self.source, self.log) == (
            other.permit,
            other.source,
            other.log,
        )


@dataclass(frozen=True)
class ExtendedEntry:
    sequence: int
    permit: bool
    protocol: int | None  # None: `ip`
    source: Address
    destination: Address
    source_ports: Ports | None = None
    destination_ports: Ports | None = None
    icmp: tuple[int, int | None] | None = None  # (type, code or None)
    established: bool = False
    tos: int | None = None  # `tos N`: the packet's type-of-service bits
    log: bool = False

    def rule(self) -> str:
        protocol = self.protocol
        words = [_action(self.permit), "ip" if protocol is None else PROTOCOLS.get(protocol, str(protocol))]
        words.append(self.source.written())
        if self.source_ports is not None:
            words.append(self.source_ports.written(protocol))
        words.append(self.destination.written())
        if self.destination_ports is not None:
            words.append(self.destination_ports.written(protocol))
        if self.icmp is not None:
            name = ICMP_NAMES.get(self.icmp)
            words.append(name or " ".join(str(n) for n in self.icmp if n is not None))
        if self.established:
            words.append("established")
        if self.tos is not None:
            words += ["tos", TOS_NAMES.get(self.tos, str(self.tos))]
        if self.log:
            words.append("log")
        return " ".join(words)

    shown = rule

    def matches(self, packet) -> bool:
        if self.protocol is not None and packet.proto != self.protocol:
            return False
        if not (self.source.matches(packet.src) and self.destination.matches(packet.dst)):
            return False
        payload = packet.payload
        if self.source_ports is not None and not self.source_ports.matches(payload.sport):
            return False
        if self.destination_ports is not None and not self.destination_ports.matches(payload.dport):
            return False
        if self.icmp is not None:
            kind, code = self.icmp
            if payload.type != kind or (code is not None and payload.code != code):
                return False
        if self.tos is not None and (packet.tos >> 1) & 0x0F != self.tos:  # RFC 1349's four TOS bits
            return False
        return not self.established or bool(payload.flags & ACK_OR_RST)

    def same_rule(self, other) -> bool:
        return isinstance(other, ExtendedEntry) and self.rule() == other.rule()


@dataclass(frozen=True)
class Remark:
    text: str


# -- an entry from a command's parse tree ----------------------------------------------------


class _Values(dict):
    """A subtree's tokens by terminal: an argument's typed value, a keyword's True."""

    def __getattr__(self, name: str):
        return self.get(name.upper())


def _values(tree: Tree) -> _Values:
    return _Values((token.type, getattr(token, "typed", True)) for token in tree.scan_values(_present))


def _present(token) -> bool:
    return token is not None


def _address(tree: Tree | None) -> Address:
    if tree is None:
        return Address()
    values = _values(tree)
    if values.acl_any or values.acl_dst_any:
        return Address()
    host = values.acl_host_address or values.acl_dst_host_address
    if host is not None:
        return Address.of(host)
    address = values.acl_address or values.acl_dst_address
    wildcard = values.acl_wildcard or values.acl_dst_wildcard or IPv4Address(0)
    return Address.of(address, int(wildcard))


def _ports(tree: Tree | None, names: dict[str, int]):
    if tree is None:
        return None
    words = [str(token) for token in tree.scan_values(_present)]
    numbers = [names[w] if w in names else int(w) for w in words[1:]]
    low, high = (numbers + [0])[:2]
    if words[0] == "range" and low > high:
        low, high = high, low
    return Ports(words[0], low, high)


def entry_from(command: Tree, args) -> StandardEntry | ExtendedEntry:
    permit = bool(args.acl_permit)
    subtrees = {child.data: child for child in command.children if isinstance(child, Tree)}
    if "acl_standard" in subtrees:
        return StandardEntry(0, permit, _address(subtrees["acl_standard"]), bool(args.acl_log))
    children = [child for child in command.children if isinstance(child, Tree)]
    at = children.index(subtrees["acl_destination"])
    before = {c.data: c for c in children[:at]}
    after = {c.data: c for c in children[at:]}
    if args.acl_p_tcp:
        protocol, names, kind = 6, TCP_PORTS, "acl_tcp_ports"
    elif args.acl_p_udp:
        protocol, names, kind = 17, UDP_PORTS, "acl_udp_ports"
    elif args.acl_ip:
        protocol, names, kind = None, {}, ""
    else:
        protocol, names, kind = _protocol(command), {}, ""
    icmp = None
    if "acl_icmp" in subtrees:
        words = [str(token) for token in subtrees["acl_icmp"].scan_values(_present)]
        icmp = ICMP_MESSAGES[words[0]] if words[0] in ICMP_MESSAGES else (int(words[0]), _int(words[1:]))
    return ExtendedEntry(
        0,
        permit,
        protocol,
        _address(subtrees["acl_source"]),
        _address(subtrees["acl_destination"]),
        _ports(before.get(kind), names),
        _ports(after.get(kind), names),
        icmp,
        bool(args.acl_established),
        _tos(subtrees.get("acl_tos")),
        bool(args.acl_log),
    )


def _tos(tree: Tree | None) -> int | None:
    if tree is None:
        return None
    word = str(list(tree.scan_values(_present))[-1])
    return TOS_VALUES[word] if word in TOS_VALUES else int(word)


def _int(words: list[str]) -> int | None:
    return int(words[0]) if words else None


def _protocol(command: Tree) -> int:
    """The protocol of an entry that names one (icmp, gre, ...) or gives its number."""
    for token in command.children:
        if not isinstance(token, Tree) and token is not None:
            if token.type == "ACL_PROTOCOL_NUMBER":
                return int(token)
            if token.type.startswith("ACL_P_"):
                return PROTOCOL_NUMBERS[str(token)]
    raise ValueError("an extended entry without a protocol")
