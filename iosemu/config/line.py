"""Terminal lines (`line con 0`, `line aux 0`, `line vty 0 4`): passwords, login, timeouts,
privilege level, transports and access classes; the vty lines IOS adds and deletes (`line vty 0 15`, `no line
vty 5 15`) and how it prints them."""

from __future__ import annotations

from dataclasses import dataclass, field

from iosemu.config.passwords import Password
from iosemu.config.registry import EnterMode, Refused, handler
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
    defaults: tuple[str, ...] = field(init=False)  # the `extra` lines the line is made with
    privilege: int | None = None  # `privilege level N`: the EXEC level a login starts at
    transport: dict[str, tuple[str, ...]] = field(default_factory=dict)  # input|output|preferred
    input_default: tuple[str, ...] = field(init=False)  # `transport input` when not printed
    access_class: dict[str, int | str] = field(default_factory=dict)  # in|out -> access list (config/acl.py)

    def __post_init__(self) -> None:
        if self.login is None:
            self.login = self.login_default
        self.defaults = tuple(self.extra)
        for text in [line for line in self.extra if line.startswith("transport ")]:
            self.extra.remove(text)  # the platform's lines: modelled
        self.transport.update(self.factory_transport())
        # A vty line of 12.4 takes every protocol unless told otherwise, and prints its
        # `transport input` only when it is not all; 15.x makes its vty lines with `transport
        # input all` and always prints the line (`no transport input` leaves none).
        vty_all = self.name.startswith("vty ") and "input" not in self.transport
        self.input_default = ("all",) if vty_all else ("none",)

    def factory_transport(self) -> dict[str, tuple[str, ...]]:
        """The transports the line is made with (`default transport ...` gives them back)."""
        made = (line.split() for line in self.defaults if line.startswith("transport "))
        return {words[1]: tuple(words[2:]) for words in made}

    def input_always_shown(self) -> bool:
        return "input" in self.factory_transport()

    def admits(self, protocol: str) -> bool:
        """Whether a connection by `protocol` (telnet, ssh) may take this line."""
        allowed = self.transport.get("input", self.input_default)
        return protocol in allowed or "all" in allowed

    def transport_lines(self) -> list[str]:
        out = []
        for direction in ("preferred", "input", "output"):
            protocols = self.transport.get(direction)
            shown = direction != "input" or protocols != self.input_default or self.input_always_shown()
            if protocols is not None and shown:
                out.append(f" transport {direction} {' '.join(protocols)}")
        return out

    def settings(self) -> list[str]:
        """What the line is configured to do, as the running-config says it: lines alike
        are shown as one range (the same sub-commands typed in another order are alike)."""
        return self.lines()[1:]

    def lines(self, name: str | None = None) -> list[str]:
        out = [f"line {name or self.name}"]
        first = [line for line in self.extra if line.split()[0] == "access-class"]  # IOS: first
        last = [line for line in self.extra if line.removeprefix("no ").split()[0] in _LAST]
        classes = self.access_class
        out.extend(f" access-class {classes[d]} {d}" for d in ("in", "out") if d in classes)
        out.extend(f" {line}" for line in first)
        if self.exec_timeout not in (None, (10, 0)):  # 10 minutes is the default
            out.append(" exec-timeout {} {}".format(*self.exec_timeout))
        if self.privilege is not None:
            out.append(f" privilege level {self.privilege}")
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
        out.extend(f" {line}" for line in self.extra if line not in first and line not in last)
        out.extend(self.transport_lines())
        out.extend(f" {line}" for line in last)
        return out


# The settings of the line's hardware, which IOS prints after the transports.
_LAST = {"stopbits", "speed", "databits", "parity", "flowcontrol"}
# The order IOS lists transport protocols in (line 2's `transport output`).
PROTOCOLS = ("pad", "telnet", "rlogin", "lapb-ta", "mop", "udptn", "v120", "ssh")


VTY_LAST = 15  # `line vty ?` on the ISRs modelled: <0-15>
FIRST_VTYS = 5  # vty 0-4 always exist; IOS prints them apart from the lines added after them
CANT_DELETE = f"% Can't delete last {FIRST_VTYS} VTY lines\n"


def vty_count(lines: dict[str, LineConfig]) -> int:
    return sum(name.startswith("vty ") for name in lines)


def vty_lines(lines: dict[str, LineConfig], first: int, last: int) -> list[LineConfig]:
    """The vty lines first..last.  IOS numbers its vty lines without gaps: the missing ones,
    up to `last`, are made with the vty defaults (in order, so `lines` stays sorted)."""
    template = lines["vty 0"]
    for number in range(vty_count(lines), last + 1):
        name = f"vty {number}"
        lines[name] = LineConfig(name, login_default=template.login_default, extra=list(template.defaults))
    return [lines[f"vty {number}"] for number in range(first, last + 1)]


def render_lines(lines: dict[str, LineConfig]) -> list[str]:
    """`line` blocks in order; runs of alike vty lines print as one range (`line vty 0 4`),
    but vty 5 always starts a block of its own (IOS keeps 0-4 apart for older releases)."""
    out: list[str] = []
    run: list[LineConfig] = []

    def flush() -> None:
        if run:
            first, last = run[0].name.split()[1], run[-1].name.split()[1]
            out.extend(run[0].lines(f"vty {first} {last}" if first != last else f"vty {first}"))
            run.clear()

    for line in lines.values():
        if not line.name.startswith("vty "):
            flush()
            out.extend(line.lines())
            continue
        number = int(line.name.split()[1])
        if run and (line.settings() != run[0].settings() or number == FIRST_VTYS):
            flush()
        run.append(line)
    flush()
    return out


@handler("cfg_line")
def line(ctx, args):
    lines = ctx.config.lines
    if args.vty:
        first = args.line_vty_first
        last = first if args.line_vty_last is None else args.line_vty_last
        if last < first or last > VTY_LAST:
            return ctx.session.invalid_at_end()
        return EnterMode("config_line", vty_lines(lines, first, last))
    if args.console:
        name = f"con {args.line_con_first}"
    elif args.aux:
        name = f"aux {args.line_aux_first}"
    else:
        last = args.line_last
        name = f"{args.line_first} {last}" if last is not None else str(args.line_first)
    if name not in lines:
        return ctx.session.invalid_at_end()
    return EnterMode("config_line", [lines[name]])


@handler("cfg_no_line")
def no_line(ctx, args):
    """`no line vty 5 15`: the lines from the first one named up go (IOS keeps them without
    gaps); the first five stay."""
    lines = ctx.config.lines
    first = args.line_vty_first
    if args.line_vty_last is not None and args.line_vty_last < first:
        return ctx.session.invalid_at_end()
    if first < FIRST_VTYS:
        return Refused(CANT_DELETE)
    for number in range(first, vty_count(lines)):
        del lines[f"vty {number}"]
    return None


# The line handlers apply to every line block the `line` command chose.
@handler("line_password")
def password(ctx, args):
    stored = None if args.negate else stored_password(ctx, args, args.line_password)
    for block in ctx.target:  # one text for all the lines: they stay one range
        block.password = stored


@handler("line_login")
def login(ctx, args):
    warnings = []
    for block in ctx.target:
        if args.default:
            block.login = block.login_default
        elif args.negate:
            block.login = None
        else:
            block.login = "local" if args.local else "login"
            if block.login == "login" and block.password is None and not ctx.session.loading:
                number = ctx.device.platform.line_number(block.name)  # IOS names a line absolutely
                warnings.append(f"% Login disabled on line {number}, until 'password' is set\n")
    return "".join(warnings) or None


@handler("line_exec_timeout")
def exec_timeout(ctx, args):
    for block in ctx.target:
        block.exec_timeout = None if args.negate else (args.timeout_minutes, args.timeout_seconds or 0)


@handler("line_logging_synchronous")
def logging_synchronous(ctx, args):
    for block in ctx.target:
        block.logging_synchronous = not args.negate


@handler("line_transport")
def transport(ctx, args):
    direction = "input" if args.input else "output" if args.output else "preferred"
    if args.negate:
        chosen = None
    elif args.all or args.none:
        chosen = ("all",) if args.all else ("none",)
    else:
        chosen = tuple(p for p in PROTOCOLS if getattr(args, p.replace("-", "_")))
    for block in ctx.target:
        if args.default and direction in block.factory_transport():
            block.transport[direction] = block.factory_transport()[direction]
        elif chosen is None and direction == "input":
            block.transport["input"] = block.input_default
        elif chosen is None:
            block.transport.pop(direction, None)
        else:
            block.transport[direction] = chosen


@handler("line_privilege")
def privilege(ctx, args):
    for block in ctx.target:
        block.privilege = None if args.negate else args.line_priv_level
