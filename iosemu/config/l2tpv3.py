"""L2TPv3 pseudowire configuration: `l2tp-class` (config-l2tp-class)#, `pseudowire-class`
(config-pw-class)# and an Ethernet interface's or dot1Q subinterface's `xconnect` with its
(config-if-xconn)# mode (`l2tp id`, `l2tp cookie` of a manual session), and their
running-config lines: the classes' blocks before the interfaces, `xconnect` last in its
interface with the manual session's lines under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from ipaddress import IPv4Address

from iosemu.config.passwords import Password
from iosemu.config.registry import EnterMode, Refused, handler, setting_handlers
from iosemu.config.system import stored_password

HELLO, RETRIES, TIMEOUT_MIN, TIMEOUT_MAX = 60, 15, 1, 8  # IOS's l2tp-class defaults
SETUP_TIMEOUT = 300  # `timeout setup`: as `l2tp tunnel timeout setup`'s default (VPDN reference) [M]
INITIAL_RETRIES = 2  # `retransmit initial retries`: the SCCRQ's (ios-behaviour.md 5.1)
DEFAULT_CLASS = "l2tp_default_class"  # the class of a pseudowire-class that names none
BOTH = frozenset(("transmit", "receive"))  # `sequencing both`
TTL = 255  # `ip ttl`'s default: the TTL of the 12.4 `show l2tun session all` sample (mplsvpn.info, 2009)
REFLECT = "reflect"  # `ip tos reflect`: the tunnel packet carries the inner IP packet's TOS byte


@dataclass
class L2tpClass:
    name: str
    hostname: str | None = None
    password: Password | None = None
    hello: int = HELLO
    retries: int = RETRIES
    timeout_min: int = TIMEOUT_MIN
    timeout_max: int = TIMEOUT_MAX
    initial_retries: int = INITIAL_RETRIES
    initial_min: int = TIMEOUT_MIN
    initial_max: int = TIMEOUT_MAX
    digest: bool = False
    digest_secret: Password | None = None  # `digest secret`; None: the class's password
    digest_sha: bool = False
    authentication: bool = False
    receive_window: int | None = None
    cookie_size: int = 0
    setup_timeout: int = SETUP_TIMEOUT  # `timeout setup`: a control connection not up by then is given up

    def lines(self) -> list[str]:
        out = [f"l2tp-class {self.name}"]
        if self.authentication:
            out.append(" authentication")
        if self.hostname is not None:
            out.append(f" hostname {self.hostname}")
        if self.hello != HELLO:  # before the password and the cookie, as in Cisco's 45660 sample
            out.append(f" hello {self.hello}")
        if self.password is not None:
            out.append(f" password {self.password.line()}")
        if self.digest:
            secret = f" secret {self.digest_secret.line()}" if self.digest_secret is not None else ""
            out.append(f" digest{secret}" + (" hash SHA" if self.digest_sha else ""))
        if self.receive_window is not None:
            out.append(f" receive-window {self.receive_window}")
        for (initial, name), (attribute, default) in RETRANSMIT.items():
            if getattr(self, attribute) != default:
                words = "initial " if initial else ""
                words += "retries" if name == "retries" else f"timeout {name}"
                out.append(f" retransmit {words} {getattr(self, attribute)}")
        if self.setup_timeout != SETUP_TIMEOUT:  # after the retransmit lines [M]
            out.append(f" timeout setup {self.setup_timeout}")
        if self.cookie_size:
            out.append(f" cookie size {self.cookie_size}")
        return out

    def secret(self) -> str | None:
        return None if self.password is None else self.password.plain()

    def digest_key(self) -> str | None:
        """The message digest's secret: `digest secret`, else the password (None: no digest)."""
        if not self.digest:
            return None
        chosen = self.digest_secret or self.password
        return None if chosen is None else chosen.plain()


@dataclass
class PseudowireClass:
    name: str
    encapsulation: str | None = None  # l2tpv3, or l2tpv2 (a Virtual-PPP's voluntary tunnel, config/vpdn.py)
    signalled: bool = True  # `protocol l2tpv3` (the default) or `protocol none`
    protocol: str = "l2tpv3"  # or `protocol l2tpv2`
    l2tp_class: str | None = None
    local_interface: str | None = None  # `ip local interface`
    df_bit: bool = False  # `ip dfbit set`: the packets of its pseudowires go with DF set
    pmtu: bool = False  # `ip pmtu`: path MTU discovery; DF then follows the inner packet's
    tos: int | str = 0  # `ip tos value N`, or REFLECT
    ttl: int = TTL  # `ip ttl N`
    sequencing: frozenset[str] = frozenset()  # `sequencing transmit|receive|both`: the directions
    resync: int | None = None  # `sequencing resync N`

    def lines(self) -> list[str]:
        out = [f"pseudowire-class {self.name}"]
        if self.encapsulation is not None:
            out.append(f" encapsulation {self.encapsulation}")
        if not self.signalled:
            out.append(" protocol none")
        elif self.l2tp_class is not None or self.protocol != "l2tpv3":
            out.append(f" protocol {self.protocol}" + (f" {self.l2tp_class}" if self.l2tp_class else ""))
        if self.local_interface is not None:
            out.append(f" ip local interface {self.local_interface}")
        if self.pmtu:  # the order of the guide's `ip` commands: pmtu, dfbit, tos, ttl [M]
            out.append(" ip pmtu")
        if self.df_bit:
            out.append(" ip dfbit set")
        if self.tos:
            out.append(f" ip tos {self.tos}" if self.tos == REFLECT else f" ip tos value {self.tos}")
        if self.ttl != TTL:
            out.append(f" ip ttl {self.ttl}")
        if self.sequencing:  # last, as in the 12.0(29)S guide's examples [M]
            both = self.sequencing == BOTH
            out.append(f" sequencing {'both' if both else next(iter(self.sequencing))}")
        if self.resync is not None:
            out.append(f" sequencing resync {self.resync}")
        return out


@dataclass(frozen=True)
class Xconnect:
    """An attachment circuit's `xconnect` (frozen: the interface table sees it replaced)."""

    peer: IPv4Address
    vcid: int
    pw_class: str | None  # None: `encapsulation l2tpv3` alone, with no local address to run from
    encapsulation: bool = False  # typed `encapsulation l2tpv3`
    manual: bool = False  # a static session (`l2tp id`), as a class's `protocol none` makes one
    local_session: int | None = None  # `l2tp id LOCAL REMOTE`
    remote_session: int | None = None
    local_cookie: bytes = b""  # what the peer puts in the packets it sends here
    remote_cookie: bytes = b""  # what this end puts in the packets it sends

    def lines(self) -> list[str]:
        how = " encapsulation l2tpv3" + (" manual" if self.manual else "") if self.encapsulation else ""
        named = f" pw-class {self.pw_class}" if self.pw_class is not None else ""
        out = [f" xconnect {self.peer} {self.vcid}{how}{named}"]
        if self.local_session is not None:
            out.append(f"  l2tp id {self.local_session} {self.remote_session}")
        for word, cookie in (("local", self.local_cookie), ("remote", self.remote_cookie)):
            if cookie:
                out.append(f"  l2tp cookie {word} {len(cookie)} {_cookie_words(cookie)}")
        return out


def _cookie_words(cookie: bytes) -> str:
    """IOS's form of a cookie: the low 4 octets' number, then the high ones' (8-octet cookie)."""
    low = int.from_bytes(cookie[-4:], "big")
    return f"{low}" if len(cookie) == 4 else f"{low} {int.from_bytes(cookie[:4], 'big')}"


@dataclass
class L2tpv3Config:
    classes: dict[str, L2tpClass] = field(default_factory=dict)
    pw_classes: dict[str, PseudowireClass] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out: list[str] = []
        for each in [*self.classes.values(), *self.pw_classes.values()]:
            out += [*each.lines(), "!"]
        return out

    def l2tp_class(self, pw_class: PseudowireClass) -> L2tpClass:
        """The l2tp-class a pseudowire-class signals with (IOS's defaults where it names none
        or one not configured)."""
        name = pw_class.l2tp_class
        return self.classes.get(name) if name in self.classes else L2tpClass(name or DEFAULT_CLASS)


@handler("cfg_l2tp_class", "cfg_pw_class")
def class_block(ctx, args):
    config = ctx.config.l2tpv3
    if ctx.command.data == "cfg_l2tp_class":
        table, name, made, mode = config.classes, args.l2tp_class_name, L2tpClass, "config_l2tp_class"
    else:
        table, name, made, mode = config.pw_classes, args.pw_class_name, PseudowireClass, "config_pw_class"
    if args.negate:
        table.pop(name, None)
        return None
    return EnterMode(mode, table.setdefault(name, made(name)))


# rule -> (the class's setting, the argument that gives it, what `no` puts back)
SETTINGS = {
    "l2c_hostname": ("hostname", "l2c_host", None),
    "l2c_hello": ("hello", "l2c_hello_seconds", HELLO),
    "l2c_receive_window": ("receive_window", "l2c_window_size", None),
    "l2c_timeout_setup": ("setup_timeout", "l2c_setup_seconds", SETUP_TIMEOUT),
    "pwc_ip_ttl": ("ttl", "pwc_ttl_value", TTL),  # a pseudowire-class's
}


setting_handlers(SETTINGS)


@handler("l2c_password")
def password(ctx, args):
    ctx.target.password = None if args.negate else stored_password(ctx, args, args.l2c_secret)


# (initial, which) -> (the class's setting, its default), in running-config order
RETRANSMIT = {
    (True, "retries"): ("initial_retries", INITIAL_RETRIES),
    (True, "min"): ("initial_min", TIMEOUT_MIN),
    (True, "max"): ("initial_max", TIMEOUT_MAX),
    (False, "retries"): ("retries", RETRIES),
    (False, "min"): ("timeout_min", TIMEOUT_MIN),
    (False, "max"): ("timeout_max", TIMEOUT_MAX),
}


@handler("l2c_retransmit")
def retransmit(ctx, args):
    which = "retries" if args.l2c_retries else "min" if args.l2c_min else "max"
    attribute, default = RETRANSMIT[(bool(args.l2c_initial), which)]
    given = args.l2c_initial_count if args.l2c_initial and args.l2c_retries else None
    given = given or (args.l2c_retry_count if args.l2c_retries else args.l2c_timeout_seconds)
    setattr(ctx.target, attribute, default if args.negate else given)


@handler("l2c_digest")
def digest(ctx, args):
    target = ctx.target
    target.digest = not args.negate
    if args.negate:
        target.digest_secret, target.digest_sha = None, False
        return
    if args.l2c_digest_secret is not None:
        target.digest_secret = stored_password(ctx, args, args.l2c_digest_secret)
    target.digest_sha = bool(args.l2c_sha)


@handler("l2c_authentication")
def authentication(ctx, args):
    ctx.target.authentication = not args.negate


@handler("l2c_cookie")
def cookie(ctx, args):
    ctx.target.cookie_size = 0 if args.negate else 8 if args.l2c_cookie_8 else 4


IN_USE = "% Encapsulation changes are not allowed on an existing pw-class.\n"  # [M] recalled, no source found


@handler("pwc_encapsulation")
def encapsulation(ctx, args):
    """A class an xconnect uses keeps its encapsulation (its sessions are made of it): another,
    or none, is refused [M]; the other settings apply to its pseudowires (sim/l2tpv3.py)."""
    target = ctx.target
    wanted = None if args.negate else "l2tpv2" if args.pwc_l2tpv2 else "l2tpv3"
    if target.encapsulation not in (None, wanted) and _in_use(ctx.config, target.name):
        return Refused(IN_USE)
    target.encapsulation = wanted
    return None


def _in_use(config, name: str) -> bool:
    """Whether an xconnect or a Virtual-PPP's pseudowire names the class."""
    return any(
        getattr(bound, "pw_class", None) == name
        for i in config.interfaces.values()
        for bound in (i.xconnect, i.pseudowire)
    )


@handler("pwc_protocol")
def protocol(ctx, args):
    target = ctx.target
    target.signalled = args.negate or not args.pwc_none
    target.l2tp_class = None if args.negate or args.pwc_none else args.pwc_l2tp_class
    target.protocol = "l2tpv2" if args.pwc_l2tpv2 and not args.negate else "l2tpv3"


@handler("pwc_ip_local")
def ip_local(ctx, args):
    ctx.target.local_interface = None if args.negate else args.ifname


@handler("pwc_ip_dfbit")
def ip_dfbit(ctx, args):
    ctx.target.df_bit = not args.negate


@handler("pwc_ip_pmtu")
def ip_pmtu(ctx, args):
    ctx.target.pmtu = not args.negate


@handler("pwc_ip_tos")
def ip_tos(ctx, args):
    """`no ip tos ...` in any form puts back TOS 0 (the default)."""
    ctx.target.tos = 0 if args.negate else REFLECT if args.pwc_reflect else args.pwc_tos_value


@handler("pwc_ip_protocol")
def ip_protocol(ctx, args):
    """`ip protocol l2tp` is the default, IP protocol 115, whichever form: nothing to change."""


@handler("pwc_sequencing")
def sequencing(ctx, args):
    """Each direction is set and cleared on its own; `both` is the two (the no form of the
    command reference: `no sequencing {transmit | receive | both | resync number}`)."""
    target = ctx.target
    if args.pwc_resync:
        target.resync = None if args.negate else args.pwc_resync_count
        return
    named = BOTH if args.pwc_both else frozenset(("transmit" if args.pwc_transmit else "receive",))
    target.sequencing = target.sequencing - named if args.negate else target.sequencing | named


@handler("if_xconnect")
def xconnect(ctx, args):
    target = ctx.target
    if args.negate:
        target.xconnect = None
        return None
    if target.kind != "ethernet":
        return Refused("% Invalid command: xconnect needs an Ethernet interface\n")
    if target.is_subinterface and target.vlan is None:
        return Refused("% Configure encapsulation on this subinterface before configuring xconnect\n")
    made = Xconnect(
        args.xc_peer, args.xc_vcid, args.xc_pw_class_name, bool(args.xc_encapsulation), bool(args.xc_manual)
    )
    kept = target.xconnect
    if kept is not None and (kept.peer, kept.vcid, kept.manual) == (made.peer, made.vcid, made.manual):
        made = replace(kept, pw_class=made.pw_class, encapsulation=made.encapsulation)
    target.xconnect = made
    return EnterMode("config_subif_xconn" if target.is_subinterface else "config_if_xconn", target)


@handler("xc_l2tp_id")
def l2tp_id(ctx, args):
    target = ctx.target
    local, remote = (None, None) if args.negate else (args.xc_local_session, args.xc_remote_session)
    target.xconnect = replace(target.xconnect, local_session=local, remote_session=remote)


@handler("xc_l2tp_cookie")
def l2tp_cookie(ctx, args):
    target = ctx.target
    value = b""
    if not args.negate:
        value = args.xc_cookie_low.to_bytes(4, "big")
        if args.xc_size_8:
            value = args.xc_cookie_high.to_bytes(4, "big") + value
    which = "local_cookie" if args.xc_cookie_local else "remote_cookie"
    target.xconnect = replace(target.xconnect, **{which: value})
