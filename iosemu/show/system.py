"""show version, show clock, show users (the lines in use, the PPP sessions a router serves), show history."""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.interface import split_name
from iosemu.config.registry import handler
from iosemu.show.line import collect_lines, sessions_on_lines
from iosemu.sim import calendar

_UNITS = (("year", 365 * 86400), ("week", 7 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60))


def uptime(seconds: float) -> str:
    """IOS's uptime phrase: from the largest non-zero unit down to minutes."""
    left, parts = int(seconds), []
    for name, size in _UNITS:
        count, left = divmod(left, size)
        if count or parts or name == "minute":
            parts.append(f"{count} {name}{'' if count == 1 else 's'}")
    return ", ".join(parts)


def _clock_line(device) -> str:
    """`*10:00:05.123 UTC Mon Jan 1 2024`: the `*` until the time is set."""
    moment, zone = device.local_time()
    star = "" if device.clock.authoritative else "*"
    millis = moment.microsecond // 1000
    return f"{star}{moment:%H:%M:%S}.{millis:03d} {zone} {moment:%a %b} {moment.day} {moment.year}"


@handler("show_version")
def show_version(ctx, args):
    device = ctx.device
    reason = device.reload_reason
    if reason == "power-on":
        returned = "power-on"
    else:
        returned = f"reload at {calendar.clock_text(*device.local_time(device.booted_at))}"
    platform = device.platform
    return platform.version_text.format(
        model=platform.model,
        image=platform.image,
        serial=platform.serial_number,
        hostname=device.config.system.hostname,
        uptime=uptime(device.scheduler.now - device.booted_at),
        reload=returned,
        reason=reason,
    )


@handler("show_clock")
def show_clock(ctx, args):
    detail = f"Time source is {ctx.device.clock.source}\n" if args.detail else ""
    return _clock_line(ctx.device) + "\n" + detail


@dataclass(frozen=True)
class UserLine:
    """A line in use, as `show users` lists it."""

    number: int  # the absolute line number, as show line numbers it (show/line.py)
    line: str  # "con 0", "vty 0"
    user: str  # who logged in with `login local` (or over SSH), else ""
    idle: float  # seconds since a line was last typed
    location: str  # a vty client's address
    own: bool  # the line of the session asking


def user_lines(ctx) -> list[UserLine]:
    device, asking = ctx.device, ctx.session
    numbers = {tty.name: tty.number for tty in collect_lines(device)}
    sessions = list(sessions_on_lines(device).values())
    if asking not in sessions:
        sessions.append(asking)
    now = device.scheduler.now
    rows = [
        UserLine(
            numbers.get(s.line_name, 0),
            s.line_name,
            s.user or "",
            0 if s is asking else now - s.last_input,
            getattr(s, "remote", ""),
            s is asking,
        )
        for s in sessions
    ]
    return sorted(rows, key=lambda row: row.number)


@dataclass(frozen=True)
class InterfaceUser:
    """A PPP session this router serves on a Virtual-Access, as `show users` lists it under
    Interface: a PPPoE server's (PPPoE, as a 1812J on 12.4 prints it: search id 18706527256)
    or an LNS's call (PPPoVPDN, genieparser's sample: id 1957083315); both idle `-`."""

    interface: str
    user: str  # as PPP authenticated it
    mode: str
    peer: str  # the address IPCP gave it


def interface_users(device) -> list[InterfaceUser]:
    served = [(c.port, "PPPoE") for s in device.services["pppoe"].servers.values() for c in s.calls.values()]
    served += [(c.port, "PPPoVPDN") for c in device.services["l2tp"].calls.values() if c.template is not None]
    served.sort(key=lambda pair: _number(pair[0].name))
    return [
        InterfaceUser(
            port.short_name,
            getattr(port.encapsulation, "peer_name", None) or "",
            mode,
            str(port.peer_route or ""),
        )
        for port, mode in served
        if device.interface_up(port.name)
    ]


def _number(name: str) -> tuple:
    """Virtual-Access2.1 -> ((2,), 1): the interfaces in their numbers' order."""
    _, numbers, sub = split_name(name)
    return numbers, sub or 0


def _hms(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}:{secs:02d}"


@handler("show_users", "exec_systat")
def show_users(ctx, args):
    out = ["    Line       User       Host(s)              Idle       Location"]
    for row in user_lines(ctx):
        mark = "*" if row.own else " "
        text = f"{mark}{row.number:>3} {row.line:<10}{row.user:<11}{'idle':<21}{_hms(row.idle)}"
        if row.location:
            text += f" {row.location:>9}"
        elif not row.own:
            text += "   "  # as IOS pads another session's console row
        out.append(text)
    out += ["", "  Interface    User               Mode         Idle     Peer Address"]
    out += [
        f"  {r.interface:<13}{r.user[:18]:<19}{r.mode:<13}{'-':<9}{r.peer}"
        for r in interface_users(ctx.device)
    ]
    return "".join(f"{line}\n" for line in out)


@handler("show_history")
def show_history(ctx, args):
    return "".join(f"  {line}\n" for line in ctx.session.current_history())
