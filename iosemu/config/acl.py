"""Numbered standard IP access lists (`access-list 1-99|1300-1999 permit|deny|remark`) and a
line's `access-class N in|out`: each list's entries in order, numbered 10, 20, ... as IOS numbers
them; what a list says of a source address; the running-config's `access-list` lines.

IOS keeps an entry's address with the wildcard's bits cleared (`10.1.1.5 0.0.0.255` is kept as
`10.1.1.0 0.0.0.255`), writes a one-address entry without `host` and an all-ones wildcard as
`any`, pads `deny` to `permit`'s width, takes an entry it already has as nothing new, and `no
access-list N ...` removes the whole list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, ip_address

from iosemu.config.registry import handler

STEP = 10  # the sequence numbers IOS gives the entries
ALL_ONES = 0xFFFFFFFF
LOG_INTERVAL = 300  # seconds: a `log` entry's first match is logged at once, the next ones per 5 minutes


@dataclass(frozen=True)
class AclEntry:
    sequence: int
    permit: bool
    address: IPv4Address | None  # None: any source
    wildcard: IPv4Address = IPv4Address(0)  # the bits that may differ; 0.0.0.0: one host
    log: bool = False

    def matches(self, source: IPv4Address) -> bool:
        if self.address is None:
            return True
        return int(source) & ~int(self.wildcard) & ALL_ONES == int(self.address)

    def same_rule(self, other: AclEntry) -> bool:
        return (self.permit, self.address, self.wildcard, self.log) == (
            other.permit,
            other.address,
            other.wildcard,
            other.log,
        )

    @property
    def action(self) -> str:
        return "permit" if self.permit else "deny  "

    def rule(self) -> str:
        """As the running-config writes it after `access-list N `."""
        if self.address is None:
            source = "any"
        elif int(self.wildcard) == 0:
            source = str(self.address)
        else:
            source = f"{self.address} {self.wildcard}"
        return f"{self.action} {source}" + (" log" if self.log else "")

    def shown(self) -> str:
        """As `show access-lists` writes it after the sequence number."""
        if self.address is None or int(self.wildcard) == 0:
            return self.rule()
        source = f"{self.address}, wildcard bits {self.wildcard}"
        return f"{self.action} {source}" + (" log" if self.log else "")


@dataclass(frozen=True)
class Remark:
    text: str


@dataclass
class AccessList:
    number: int
    entries: list[AclEntry | Remark] = field(default_factory=list)
    matches: dict[int, int] = field(default_factory=dict, compare=False)  # sequence -> count (not config)
    logging: dict[tuple[bool, IPv4Address], int] = field(default_factory=dict, compare=False)  # in a window

    def rules(self) -> list[AclEntry]:
        return [entry for entry in self.entries if isinstance(entry, AclEntry)]

    def add(self, permit: bool, address: IPv4Address | None, wildcard: IPv4Address, log: bool) -> None:
        if address is not None and int(wildcard) == ALL_ONES:
            address, wildcard = None, IPv4Address(0)
        if address is not None:
            address = IPv4Address(int(address) & ~int(wildcard) & ALL_ONES)
        rules = self.rules()
        entry = AclEntry((rules[-1].sequence if rules else 0) + STEP, permit, address, wildcard, log)
        if not any(rule.same_rule(entry) for rule in rules):
            self.entries.append(entry)

    def lines(self) -> list[str]:
        return [
            f"access-list {self.number} remark {entry.text}"
            if isinstance(entry, Remark)
            else f"access-list {self.number} {entry.rule()}"
            for entry in self.entries
        ]

    def match(self, source: IPv4Address) -> AclEntry | None:
        """The first entry that matches `source`, its match counted; None: the implicit deny."""
        for rule in self.rules():
            if rule.matches(source):
                self.matches[rule.sequence] = self.matches.get(rule.sequence, 0) + 1
                return rule
        return None

    def permits(self, source: IPv4Address) -> bool:
        rule = self.match(source)
        return rule is not None and rule.permit


def acl_lines(acls: dict[int, AccessList]) -> list[str]:
    """The running-config's `access-list` lines, list by list in number order."""
    return [line for number in sorted(acls) for line in acls[number].lines()]


def admits(router, number: int | None, address: str) -> bool:
    """Whether a line's `access-class` list `number` lets a connection from `address` in (or
    out to it): no class, or a list not defined, lets every address through; a standard IP list
    says nothing of an IPv6 client. A matching `log` entry logs `%SEC-6-IPACCESSLOGS`."""
    acl = router.config.acls.get(number) if number is not None else None
    if acl is None:
        return True
    try:
        source = ip_address(address)
    except ValueError:
        return True
    if not isinstance(source, IPv4Address):
        return True
    rule = acl.match(source)
    if rule is not None and rule.log:
        _log_match(router, acl, rule.permit, source)
    return rule is not None and rule.permit


def _log_match(router, acl: AccessList, permit: bool, source: IPv4Address) -> None:
    """IOS's access-list logging: a flow's first packet at once, then how many more came in
    each 5 minutes after it (none: the flow is forgotten)."""
    key = (permit, source)
    if key in acl.logging:
        acl.logging[key] += 1
        return

    def say(count: int) -> None:
        verdict = "permitted" if permit else "denied"
        plural = "" if count == 1 else "s"
        router.log(f"%SEC-6-IPACCESSLOGS: list {acl.number} {verdict} {source} {count} packet{plural}")

    def window_end() -> None:
        count = acl.logging.pop(key, 0)
        if count:
            say(count)
            acl.logging[key] = 0
            router.scheduler.call_later(LOG_INTERVAL, window_end)

    say(1)
    acl.logging[key] = 0
    router.scheduler.call_later(LOG_INTERVAL, window_end)


@handler("cfg_access_list")
def access_list(ctx, args):
    number = args.acl_standard if args.acl_standard is not None else args.acl_standard_expanded
    acls = ctx.config.acls
    if args.negate:
        acls.pop(number, None)
        return None
    acl = acls.setdefault(number, AccessList(number))
    if args.acl_remark:
        acl.entries.append(Remark(args.acl_remark_text))
        return None
    if args.acl_any:
        address, wildcard = None, IPv4Address(0)
    elif args.acl_host:
        address, wildcard = args.acl_host_address, IPv4Address(0)
    else:
        address, wildcard = args.acl_address, args.acl_wildcard or IPv4Address(0)
    acl.add(bool(args.acl_permit), address, wildcard, bool(args.acl_log))
    return None


@handler("line_access_class")
def access_class(ctx, args):
    number = args.access_class_list if args.access_class_list is not None else args.access_class_expanded
    direction = "in" if args.acl_in else "out"
    for block in ctx.target:
        if args.negate:
            block.access_class.pop(direction, None)
        else:
            block.access_class[direction] = number
