"""Terminal lines (`line con 0`, `line aux 0`, `line vty 0 4`): passwords, login, timeouts."""

from __future__ import annotations

from dataclasses import dataclass, field

from iosemu.config.passwords import Password, type7_encode
from iosemu.config.registry import EnterMode, handler
from iosemu.config.system import stored_password


@dataclass
class LineConfig:
    name: str  # as the running-config spells it: "con 0", "aux 0", "vty 0 4", "2"
    login: str | None = None  # None, "login" or "local"
    password: Password | None = None
    exec_timeout: tuple[int, int] | None = None
    logging_synchronous: bool = False
    login_default: str | None = None  # vty lines check the password unless told otherwise
    extra: list[str] = field(default_factory=list)  # accepted, not modelled

    def __post_init__(self) -> None:
        if self.login is None:
            self.login = self.login_default

    def lines(self) -> list[str]:
        out = [f"line {self.name}"]
        if self.exec_timeout not in (None, (10, 0)):  # 10 minutes is the default
            out.append(" exec-timeout {} {}".format(*self.exec_timeout))
        if self.password:
            shown = self.password.text if self.password.type == 0 else self.password.line()
            out.append(f" password {shown}")
        if self.logging_synchronous:
            out.append(" logging synchronous")
        if self.login == "login":
            out.append(" login")
        elif self.login == "local":
            out.append(" login local")
        elif self.login_default:
            out.append(" no login")
        out.extend(f" {line}" for line in self.extra)
        return out

    def encrypt(self, rng) -> None:
        if self.password and self.password.type == 0:
            self.password = Password(7, type7_encode(self.password.text, rng))


@handler("cfg_line")
def line(ctx, args):
    if args.console:
        name = f"con {args.line_con_first}"
    elif args.aux:
        name = f"aux {args.line_aux_first}"
    elif args.line_first is not None:
        last = args.line_last
        name = f"{args.line_first} {last}" if last is not None else str(args.line_first)
    else:
        first, last = args.line_vty_first, args.line_vty_last
        name = f"vty {first} {last}" if last is not None else f"vty {first}"
    target = ctx.config.lines.get(name) or ctx.device.new_line(name)
    if target is None:
        return ctx.session.invalid_at_end()
    return EnterMode("config_line", target)


@handler("line_password")
def password(ctx, args):
    ctx.target.password = None if args.negate else stored_password(ctx, args, args.line_password)


@handler("line_login")
def login(ctx, args):
    if args.default:
        ctx.target.login = ctx.target.login_default
    elif args.negate:
        ctx.target.login = None
    else:
        ctx.target.login = "local" if args.local else "login"


@handler("line_exec_timeout")
def exec_timeout(ctx, args):
    if args.negate:
        ctx.target.exec_timeout = None
    else:
        ctx.target.exec_timeout = (args.timeout_minutes, args.timeout_seconds or 0)


@handler("line_logging_synchronous")
def logging_synchronous(ctx, args):
    ctx.target.logging_synchronous = not args.negate
