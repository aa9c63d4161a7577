"""show version, show clock, show users, show history."""

from __future__ import annotations

from iosemu.config.registry import handler
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


@handler("show_users", "exec_systat")
def show_users(ctx, args):
    row = f"*{0:>3} {ctx.session.line_name:<21}{'idle':<21}00:00:00"
    return (
        "    Line       User       Host(s)              Idle       Location\n"
        f"{row}\n"
        "\n"
        "  Interface    User               Mode         Idle     Peer Address\n"
    )


@handler("show_history")
def show_history(ctx, args):
    return "".join(f"  {line}\n" for line in ctx.session.current_history())
