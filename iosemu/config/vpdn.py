"""VPDN configuration: `vpdn enable` and the `vpdn-group`s, with their (config-vpdn)# mode and
the request-dialin (LAC) and accept-dialin (LNS) sub-modes, the 12.0 one-line forms IOS
converts to them, and their running-config lines (the sub-group keyword one space in, its
commands two, the group's own commands back at one); a Virtual-PPP interface's `pseudowire`
(a voluntary tunnel's client), written last in its interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address

from iosemu.config.ignored import kept_as_typed
from iosemu.config.l2tpv3 import Xconnect
from iosemu.config.passwords import Password
from iosemu.config.registry import EnterMode, handler, setting_handlers
from iosemu.config.system import stored_password

HELLO, RETRIES, TIMEOUT_MIN, TIMEOUT_MAX = 60, 5, 1, 8
REQUEST, ACCEPT = "request", "accept"


@dataclass
class VpdnGroup:
    name: str
    dialin: str | None = None  # REQUEST (a LAC's group) or ACCEPT (an LNS's)
    protocol: str | None = None  # l2tp, any
    domains: tuple[str, ...] = ()
    virtual_template: int | None = None
    initiate_to: IPv4Address | None = None
    terminate_from: str | None = None
    local_name: str | None = None
    password: Password | None = None  # `l2tp tunnel password`
    authentication: bool = True
    hello: int = HELLO
    receive_window: int | None = None
    retries: int = RETRIES
    timeout_min: int = TIMEOUT_MIN
    timeout_max: int = TIMEOUT_MAX
    source_ip: IPv4Address | None = None
    lcp_renegotiation: str | None = None  # `lcp renegotiation always|on-mismatch` (an LNS)
    extra: tuple[str, ...] = ()  # settings kept as typed

    def lines(self) -> list[str]:
        out = [f"vpdn-group {self.name}"]
        if self.dialin is not None:
            out.append(f" {self.dialin}-dialin")
            if self.protocol is not None:
                out.append(f"  protocol {self.protocol}")
            out += [f"  domain {domain}" for domain in self.domains]
            if self.virtual_template is not None:
                out.append(f"  virtual-template {self.virtual_template}")
        if self.initiate_to is not None:
            out.append(f" initiate-to ip {self.initiate_to}")
        if self.terminate_from is not None:
            out.append(f" terminate-from hostname {self.terminate_from}")
        if self.source_ip is not None:
            out.append(f" source-ip {self.source_ip}")
        if self.local_name is not None:
            out.append(f" local name {self.local_name}")
        if self.lcp_renegotiation is not None:
            out.append(f" lcp renegotiation {self.lcp_renegotiation}")
        if not self.authentication:
            out.append(" no l2tp tunnel authentication")
        if self.password is not None:
            out.append(f" l2tp tunnel password {self.password.line()}")
        if self.hello != HELLO:
            out.append(f" l2tp tunnel hello {self.hello}")
        if self.receive_window is not None:
            out.append(f" l2tp tunnel receive-window {self.receive_window}")
        if self.retries != RETRIES:
            out.append(f" l2tp tunnel retransmit retries {self.retries}")
        if self.timeout_min != TIMEOUT_MIN:
            out.append(f" l2tp tunnel retransmit timeout min {self.timeout_min}")
        if self.timeout_max != TIMEOUT_MAX:
            out.append(f" l2tp tunnel retransmit timeout max {self.timeout_max}")
        return out + [f" {line}" for line in self.extra]

    @property
    def l2tp(self) -> bool:
        return self.protocol in ("l2tp", "any")

    def dial_in(self, kind: str | None) -> None:
        """Become a group of that kind (None: neither), its sub-group's settings emptied when
        the kind changes."""
        if kind != self.dialin:
            self.dialin, self.protocol, self.domains, self.virtual_template = kind, None, (), None

    def secret(self) -> str | None:
        return None if self.password is None else self.password.plain()


@dataclass
class VpdnConfig:
    enabled: bool = False
    groups: dict[str, VpdnGroup] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = ["vpdn enable", "!"] if self.enabled else []
        for group in self.groups.values():
            out += [*group.lines(), "!"]
        return out

    def for_domain(self, domain: str) -> VpdnGroup | None:
        """The LAC's group that tunnels a user of this domain."""
        return next(
            (g for g in self.groups.values() if g.dialin == REQUEST and g.l2tp and domain in g.domains), None
        )

    def for_host(self, host: str) -> VpdnGroup | None:
        """The LNS's group that accepts a tunnel from this host: one naming it in `terminate-from`,
        else one that names none."""
        accepting = [g for g in self.groups.values() if g.dialin == ACCEPT and g.l2tp]
        return next((g for g in accepting if g.terminate_from == host), None) or next(
            (g for g in accepting if g.terminate_from is None), None
        )


@dataclass(frozen=True)
class Pseudowire(Xconnect):
    """A Virtual-PPP's `pseudowire PEER VCID [encapsulation l2tpv2] pw-class NAME`, IOS's
    xconnect of a Virtual-PPP (edited in (config-if-xconn)#): the LNS its client dials."""

    def lines(self) -> list[str]:
        how = " encapsulation l2tpv2" if self.encapsulation else ""
        return [f" pseudowire {self.peer} {self.vcid}{how} pw-class {self.pw_class}"]


@handler("if_pseudowire")
def pseudowire(ctx, args):
    target = ctx.target
    if args.negate:
        target.pseudowire = None
        return None
    target.pseudowire = Pseudowire(args.pw_peer, args.pw_vcid, args.pw_class_ref, bool(args.pw_encapsulation))
    return EnterMode("config_if_pseudowire", target)


@handler("cfg_vpdn_enable")
def vpdn_enable(ctx, args):
    ctx.config.vpdn.enabled = not args.negate


@handler("cfg_vpdn_group")
def vpdn_group(ctx, args):
    groups = ctx.config.vpdn.groups
    if args.negate:
        groups.pop(args.vpdn_group_name, None)
        return None
    return EnterMode("config_vpdn", groups.setdefault(args.vpdn_group_name, VpdnGroup(args.vpdn_group_name)))


@handler("vpdn_dialin")
def dialin(ctx, args):
    group = ctx.target
    kind = REQUEST if args.request_dialin else ACCEPT
    if args.negate:
        if group.dialin == kind:
            group.dial_in(None)
        return None
    group.dial_in(kind)
    return EnterMode(f"config_vpdn_{'req' if kind == REQUEST else 'acc'}_in", group)


@handler("vpdn_protocol")
def protocol(ctx, args):
    """Removing or changing the protocol removes the virtual template (the command reference)."""
    group = ctx.target
    chosen = None if args.negate else ("l2tp" if args.protocol_l2tp else "any")
    if chosen != group.protocol:
        group.virtual_template = None
    group.protocol = chosen


@handler("vpdn_domain")
def domain(ctx, args):
    group = ctx.target
    kept = tuple(d for d in group.domains if d != args.vpdn_domain_name)
    group.domains = kept if args.negate else (*kept, args.vpdn_domain_name)


# rule -> (the group's setting, the argument that gives it, what `no` puts back)
SETTINGS = {
    "vpdn_virtual_template": ("virtual_template", "vpdn_template", None),
    "vpdn_initiate_to": ("initiate_to", "vpdn_peer", None),
    "vpdn_terminate_from": ("terminate_from", "vpdn_remote_name", None),
    "vpdn_local_name": ("local_name", "vpdn_local_name", None),
    "vpdn_l2tp_hello": ("hello", "l2tp_hello_seconds", HELLO),
    "vpdn_l2tp_window": ("receive_window", "l2tp_window_size", None),
    "vpdn_source_ip": ("source_ip", "vpdn_source", None),
}


setting_handlers(SETTINGS)


@handler("vpdn_l2tp_password")
def password(ctx, args):
    ctx.target.password = None if args.negate else stored_password(ctx, args, args.l2tp_secret)


@handler("vpdn_l2tp_authentication")
def authentication(ctx, args):
    ctx.target.authentication = not args.negate


@handler("vpdn_l2tp_retransmit")
def retransmit(ctx, args):
    group = ctx.target
    if args.l2tp_retries:
        group.retries = RETRIES if args.negate else args.l2tp_retry_count
    elif args.l2tp_min:
        group.timeout_min = TIMEOUT_MIN if args.negate else args.l2tp_timeout_seconds
    else:
        group.timeout_max = TIMEOUT_MAX if args.negate else args.l2tp_timeout_seconds


@handler("vpdn_request_old")
def request_old(ctx, args):
    """`request dialin l2tp ip A domain D` (12.0): shown in the new layout."""
    group = ctx.target
    group.dial_in(REQUEST)
    group.protocol = "l2tp"
    group.domains = (*(d for d in group.domains if d != args.vpdn_domain_name), args.vpdn_domain_name)
    group.initiate_to = args.vpdn_peer


@handler("vpdn_accept_old")
def accept_old(ctx, args):
    """`accept dialin l2tp virtual-template N remote H` (12.0): shown in the new layout."""
    group = ctx.target
    group.dial_in(ACCEPT)
    group.protocol, group.domains = "l2tp", ()
    group.virtual_template, group.terminate_from = args.vpdn_template, args.vpdn_remote_name


@handler("vpdn_lcp")
def lcp_renegotiation(ctx, args):
    ctx.target.lcp_renegotiation = None if args.negate else "always" if args.lcp_always else "on-mismatch"


@handler("vpdn_other")
def other(ctx, args):
    ctx.target.extra = kept_as_typed(ctx.target.extra, ctx.line, 2)
