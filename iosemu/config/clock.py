"""`clock timezone NAME HOURS [MINUTES]`: the zone the router shows its time in (the
clock itself is sim/calendar.py), and its running-config line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from iosemu.config.registry import handler


@dataclass(frozen=True)
class TimeZone:
    name: str = "UTC"
    hours: int = 0
    minutes: int = 0

    @property
    def offset(self) -> timedelta:
        sign = -1 if self.hours < 0 else 1
        return timedelta(hours=self.hours, minutes=sign * self.minutes)

    def lines(self, train15: bool) -> list[str]:
        """15.x writes the minutes always, 12.4 only when there are some."""
        if self == TimeZone():
            return []
        minutes = f" {self.minutes}" if train15 or self.minutes else ""
        return [f"clock timezone {self.name} {self.hours}{minutes}"]


@handler("cfg_clock_timezone")
def clock_timezone(ctx, args):
    before = ctx.config.timezone
    if args.negate:
        ctx.config.timezone = TimeZone()
    else:
        ctx.config.timezone = TimeZone(args.timezone_name, args.timezone_hours, args.timezone_minutes or 0)
    if ctx.config.timezone != before and not ctx.session.loading and ctx.device.train15:
        ctx.device.clock_changed(before, ctx.session.origin)
