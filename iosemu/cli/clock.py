"""`clock set HH:MM:SS DAY MONTH YEAR` (or MONTH DAY): the router's software clock takes
the time given, in its time zone; `clock read-calendar` / `update-calendar` copy the time
between it and the hardware calendar (the clocks are sim/calendar.py)."""

from __future__ import annotations

from datetime import datetime

from iosemu.config.registry import handler


@handler("exec_clock_set")
def clock_set(ctx, args):
    hours, minutes, seconds = args.clock_time
    try:
        moment = datetime(args.clock_year, args.clock_month, args.clock_day, hours, minutes, seconds)
    except ValueError:  # 31 February: the day is out of its month's range
        return ctx.session.invalid_at_end()
    ctx.device.set_clock(moment, ctx.session.origin)
    return ""


@handler("exec_clock_calendar")
def clock_calendar(ctx, args):
    if args.read_calendar:
        ctx.device.read_calendar()
    else:
        ctx.device.clock.update_calendar()
