"""PPP configuration: an interface's `ppp ...` and `peer ...` settings, `ip address
negotiated`, and the global `ip local pool` address pools, with their running-config lines.

An interface's PPP settings are one frozen `PppSettings`: a command replaces it (the
interfaces table sees every change, see config/interface.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from ipaddress import IPv4Address

from iosemu.config.ignored import kept_as_typed
from iosemu.config.passwords import Password
from iosemu.config.registry import Refused, handler
from iosemu.config.system import stored_password


@dataclass(frozen=True)
class PppSettings:
    authentication: tuple[str, ...] = ()  # methods demanded of the peer, in order: chap, pap
    auth_tail: tuple[str, ...] = ()  # the list name (AAA, not modelled) and `callin`, as typed
    chap_hostname: str | None = None
    chap_password: Password | None = None
    pap_sent: tuple[str, Password] | None = None  # `ppp pap sent-username U password P`
    chap_refuse: bool = False
    quality: int | None = None  # `ppp quality N`: the percent of traffic that must get through
    peer_default: IPv4Address | str | None = None  # an address, or the name of a pool
    neighbor_route: bool = True  # `no peer neighbor-route` turns the peer's /32 off
    multilink: bool = False  # `ppp multilink`: MRRU and endpoint discriminator offered (RFC 1990)
    multilink_group: int | None = None  # `ppp multilink group N`: the bundle, interface MultilinkN
    multilink_extra: tuple[str, ...] = ()  # other `ppp multilink ...` lines, kept as typed
    extra: tuple[str, ...] = ()  # other `ppp ...` lines, kept as typed

    def lines(self) -> list[str]:
        out = []
        if isinstance(self.peer_default, IPv4Address):
            out.append(f" peer default ip address {self.peer_default}")
        elif self.peer_default is not None:
            out.append(f" peer default ip address pool {self.peer_default}")
        if not self.neighbor_route:
            out.append(" no peer neighbor-route")
        if self.authentication:
            out.append(" ppp authentication " + " ".join((*self.authentication, *self.auth_tail)))
        if self.chap_hostname is not None:
            out.append(f" ppp chap hostname {self.chap_hostname}")
        if self.chap_password is not None:
            out.append(f" ppp chap password {self.chap_password.line()}")
        if self.chap_refuse:
            out.append(" ppp chap refuse")
        if self.pap_sent is not None:
            user, password = self.pap_sent
            out.append(f" ppp pap sent-username {user} password {password.line()}")
        if self.quality is not None:
            out.append(f" ppp quality {self.quality}")
        out.extend(f" {line}" for line in self.extra)
        return out

    def multilink_lines(self) -> list[str]:
        """`ppp multilink ...`: IOS prints them last in the interface, after `clock rate`."""
        out = [" ppp multilink"] if self.multilink else []
        later = [f" {line}" for line in self.multilink_extra if line.split()[2] == "fragment"]
        out.extend(f" {line}" for line in self.multilink_extra if f" {line}" not in later)
        if self.multilink_group is not None:
            out.append(f" ppp multilink group {self.multilink_group}")
        return out + later  # `ppp multilink fragment ...` after the group

    def encrypted(self, encrypt) -> PppSettings:
        """The settings with their clear-text passwords made type 7."""
        pap = (self.pap_sent[0], encrypt(self.pap_sent[1])) if self.pap_sent else None
        return replace(self, chap_password=encrypt(self.chap_password), pap_sent=pap)


NO_PPP = PppSettings()


@dataclass(frozen=True)
class LocalPool:
    name: str
    low: IPv4Address
    high: IPv4Address

    def line(self) -> str:
        tail = f" {self.high}" if self.high != self.low else ""
        return f"ip local pool {self.name} {self.low}{tail}"


def _set(ctx, **changes) -> None:
    ctx.target.ppp = replace(ctx.target.ppp, **changes)


@handler("if_ppp_authentication")
def ppp_authentication(ctx, args):
    if args.negate:
        _set(ctx, authentication=(), auth_tail=())
        return None
    words = ctx.line.split()[2:]
    methods = tuple(word for word in words if word in ("chap", "pap"))
    _set(ctx, authentication=methods, auth_tail=tuple(words[len(methods) :]))
    return None


@handler("if_ppp_chap")
def ppp_chap(ctx, args):
    if args.refuse:
        _set(ctx, chap_refuse=not args.negate)
    elif args.wait:
        _keep(ctx, args)
    elif args.hostname:
        _set(ctx, chap_hostname=None if args.negate else args.chap_hostname)
    else:
        _set(ctx, chap_password=None if args.negate else stored_password(ctx, args, args.chap_password))


@handler("if_ppp_pap")
def ppp_pap(ctx, args):
    if args.refuse or args.wait:
        _keep(ctx, args)
    elif args.negate:
        _set(ctx, pap_sent=None)
    else:
        _set(ctx, pap_sent=(args.pap_username, stored_password(ctx, args, args.pap_password)))


@handler("if_ppp_quality")
def ppp_quality(ctx, args):
    _set(ctx, quality=None if args.negate else args.quality_percent)


@handler("if_ppp_multilink")
def ppp_multilink(ctx, args):
    """`ppp multilink group N` turns multilink on as well; `no ppp multilink` leaves the group."""
    if not args.group:
        _set(ctx, multilink=not args.negate)
    elif args.negate:
        _set(ctx, multilink_group=None)
    else:
        _set(ctx, multilink=True, multilink_group=args.multilink_group)


@handler("if_ppp_multilink_other")
def ppp_multilink_other(ctx, args):
    """`ppp multilink interleave`, `... fragment delay 10`: kept as typed, one line per word
    after `multilink` (`no` drops it)."""
    _set(ctx, multilink_extra=kept_as_typed(ctx.target.ppp.multilink_extra, ctx.line, 3))


@handler("if_ppp_other")
def ppp_other(ctx, args):
    _keep(ctx, args)


def _keep(ctx, args) -> None:
    """A `ppp` line IOS accepts that is not modelled: kept as typed (`no` drops it)."""
    _set(ctx, extra=kept_as_typed(ctx.target.ppp.extra, ctx.line, 2))


def _not_ppp(ctx) -> bool:
    """`peer` exists only on an interface that runs PPP (IOS offers it nowhere else)."""
    return ctx.target.kind == "serial" and ctx.target.encapsulation != "ppp"


@handler("if_peer_default")
def peer_default(ctx, args):
    if _not_ppp(ctx):
        return ctx.session.invalid_at_end()
    if args.negate:
        _set(ctx, peer_default=None)
    else:
        _set(ctx, peer_default=args.peer_pool_name if args.pool else args.peer_address_value)


@handler("if_peer_neighbor_route")
def peer_neighbor_route(ctx, args):
    if _not_ppp(ctx):
        return ctx.session.invalid_at_end()
    _set(ctx, neighbor_route=not args.negate or bool(args.default))


@handler("if_ip_address_negotiated")
def ip_address_negotiated(ctx, args):
    target = ctx.target
    target.address, target.secondaries = None, ()
    target.negotiated, target.dhcp_client = True, False
    target.address_source = "IPCP"


@handler("cfg_ip_local_pool")
def ip_local_pool(ctx, args):
    pools = ctx.config.pools
    if args.negate:
        if pools.pop(args.pool_name, None) is None:
            return Refused(f"%Pool {args.pool_name} not found\n")
        return None
    low = args.pool_low
    high = args.pool_high or low
    if high < low:
        return Refused(f"%Invalid address range {low} {high}\n")
    pools[args.pool_name] = LocalPool(args.pool_name, low, high)
    return None
