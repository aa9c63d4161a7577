"""show line (the table of terminal lines, one line's detail) and show terminal (the detail of
the line you are on): which lines exist, their absolute numbers, which a session is on."""

from __future__ import annotations

from dataclasses import dataclass

from iosemu.config.line import PROTOCOLS
from iosemu.config.registry import handler
from iosemu.sim.counters import since

_HEADING = "   Tty Line Typ     Tx/Rx    A Modem  Roty AccO AccI  Uses  Noise Overruns  Int\n"
_ALL_TRANSPORTS = " ".join(PROTOCOLS)  # `transport ... all` on these images


@dataclass(frozen=True)
class Tty:
    name: str  # as the configuration names it: "con 0", "aux 0", "2", "vty 3"
    number: int  # absolute, as show line and show users print it
    kind: str  # CTY, AUX, TTY, VTY
    busy: bool  # a session is on it (the `*`)

    @property
    def speed(self) -> str:
        return "" if self.kind in ("CTY", "VTY") else "9600/9600"


def sessions_on_lines(device) -> dict:
    """The session on each line in use ("con 0", "vty 1"): the console's while someone is
    logged in there, and the vty lines' clients (the router's `vtys`, cli/vty.py) until they
    log out."""
    consoles = {t.line_name: t for t in device.logger.terminals if t.is_console}
    return {name: session for name, session in (consoles | device.vtys).items() if not session.closed}


def collect_lines(device) -> list[Tty]:
    """Every line the router has, in absolute order: the console, the aux port, the numbered
    lines (`line 2` on the ISR G2), then the vty lines from the platform's first vty number."""
    busy, out = sessions_on_lines(device), []
    for name in device.config.lines:
        kind = name.rpartition(" ")[0]
        shown = {"con": "CTY", "aux": "AUX", "vty": "VTY"}.get(kind, "TTY")
        out.append(Tty(name, device.platform.line_number(name), shown, name in busy))
    return sorted(out, key=lambda tty: tty.number)


def _row(tty: Tty) -> str:
    flag = "*" if tty.busy else " "
    uses = int(tty.busy and tty.kind == "VTY")  # connections made to it: the one on it
    return (
        f"{flag}{tty.number:>6} {tty.number:>4} {tty.kind} {tty.speed:>11}  -    -      -    -    -"
        f"{uses:>6}      0    0/0      -\n"
    )


def _not_async(ttys: list[Tty], first_vty: int) -> str:
    """The numbers below the first vty that no line has, as IOS lists them (`3-387`)."""
    taken = {tty.number for tty in ttys}
    runs: list[list[int]] = []
    for number in range(first_vty):
        if number in taken:
            continue
        if runs and runs[-1][1] == number - 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)


def _detail(device, tty: Tty, session) -> str:
    """The lines after the table row: the line's settings, and the session's if one is on it
    (`session`: the one on the line, or None)."""
    line = device.config.lines[tty.name]
    minutes, seconds = line.exec_timeout or (10, 0)
    timeout = minutes * 60 + seconds
    idle = since(timeout, 0) if timeout else " never "
    serial, active = tty.kind != "VTY", session is not None
    status = ["PSI Enabled", "Ready", "Active"] if active else ["Ready"] if serial else []
    status += [] if serial else ["No Exit Banner"]
    status += ["Automore On"] if active else []
    logging = active and not serial and session.monitor
    length, width = (session.length, session.width) if active else (24, 80)
    started = since(device.scheduler.now, session.activated) if active else "never"
    inputs = _transport(line, "input", "none" if serial else _ALL_TRANSPORTS)
    outputs = _transport(line, "output", _ALL_TRANSPORTS)
    shell = "Shell: disabled\nShell trace: off\n" if device.platform.train.startswith("15") else ""
    return (
        f'Line {tty.number}, Location: "", Type: ""\n'
        f"Length: {length} lines, Width: {width} columns\n"
        + ("Baud rate (TX/RX) is 9600/9600, no parity, 2 stopbits, 8 databits\n" if serial else "")
        + f"Status: {', '.join(status)}\n"
        f"Capabilities: {'Receives Logging Output' if logging else 'none'}\n"
        "Modem state: Ready\n"
        + ("Modem hardware state: CTS* noDSR  DTR RTS\n" if serial else "")
        + "Special Chars: Escape  Hold  Stop  Start  Disconnect  Activation\n"
        "                ^^x    none   -     -       none         \n"
        "Timeouts:      Idle EXEC    Idle Session   Modem Answer  Session   Dispatch\n"
        f"               {idle}        never                        none     not set\n"
        "                            Idle Session Disconnect Warning\n"
        "                              never \n"
        "                            Login-sequence User Response\n"
        "                             00:00:30\n"
        "                            Autoselect Initial Wait\n"
        "                              not set \n"
        "Modem type is unknown.\n"
        "Session limit is not set.\n"
        f"Time since activation: {started}\n"
        "Editing is enabled.\n"
        "History is enabled, history size is 10.\n"
        "DNS resolution in show commands is enabled\n"
        "Full user help is disabled\n"
        f"Allowed input transports are {inputs}.\n"
        f"Allowed output transports are {outputs}.\n"
        f"Preferred transport is {_transport(line, 'preferred', 'telnet')}.\n"
        f"{shell}"
        "No output characters are padded\n"
        "No special data dispatching characters\n"
    )


def _transport(line, direction: str, default: str) -> str:
    """What `transport input|output|preferred` on the line allows (config/line.py's model: the
    line's setting, its made-with default, else `default`)."""
    protocols = line.transport.get(direction, line.input_default if direction == "input" else None)
    if protocols is None:
        return default
    return _ALL_TRANSPORTS if "all" in protocols else " ".join(protocols)


@handler("show_line")
def show_line(ctx, args):
    device, ttys = ctx.device, collect_lines(ctx.device)
    if args.vty:
        last = args.line_vty_first if args.line_vty_last is None else args.line_vty_last
        names = {f"vty {number}" for number in range(args.line_vty_first, last + 1)}
    elif args.console or args.aux:
        names = {"con 0" if args.console else "aux 0"}
    elif args.show_line_number is not None:
        names = {tty.name for tty in ttys if tty.number == args.show_line_number}
    else:
        trailer = _not_async(ttys, device.platform.first_vty)
        table = "".join(_row(tty) for tty in ttys)
        return f"{_HEADING}{table}Line(s) not in async mode -or- with no hardware support: \n{trailer}\n"
    wanted = [tty for tty in ttys if tty.name in names]
    if not wanted:
        return ctx.session.invalid_at_end()
    if len(names) > 1:  # a range of vty lines: their rows
        return _HEADING + "".join(_row(tty) for tty in wanted)
    session = sessions_on_lines(device).get(wanted[0].name)
    return _HEADING + _row(wanted[0]) + "\n" + _detail(device, wanted[0], session)


@handler("show_terminal")
def show_terminal(ctx, args):
    tty = next(tty for tty in collect_lines(ctx.device) if tty.name == ctx.session.line_name)
    return _detail(ctx.device, tty, ctx.session)
