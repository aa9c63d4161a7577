"""A router's clocks: the software clock IOS keeps (show clock, syslog stamps, `clock set`)
and the battery-backed hardware calendar it starts from at each boot, both as offsets from
the lab's virtual time."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta

HARDWARE_CALENDAR = "hardware calendar"
USER_CONFIGURATION = "user configuration"  # `clock set`


def clock_text(moment: datetime, zone: str) -> str:
    """`10:00:05 UTC Mon Jan 1 2024`, as IOS writes a time in messages and the running-config."""
    return f"{moment:%H:%M:%S} {zone} {moment:%a %b} {moment.day} {moment.year}"


class SystemClock:
    def __init__(self, scheduler):
        self.scheduler = scheduler
        self.calendar = timedelta(0)  # the hardware calendar, ahead of the lab's time by this
        self._since: list[float] = [0.0]  # virtual times the software clock was set at ...
        self._offsets: list[timedelta] = [timedelta(0)]  # ... and how far ahead it ran from then
        self.source = HARDWARE_CALENDAR

    def update_calendar(self) -> None:
        """`clock update-calendar`: the calendar takes the software clock's time."""
        self.calendar = self._offsets[-1]

    def boot(self) -> None:
        """IOS starts its software clock from the hardware calendar (and `clock read-calendar`)."""
        self._shift(self.calendar)
        self.source = HARDWARE_CALENDAR

    def set(self, moment: datetime) -> None:
        """`clock set` (a UTC moment); the caller then makes the user its source."""
        self._shift(moment - self.scheduler.wallclock())

    def _shift(self, offset: timedelta) -> None:
        now = self.scheduler.now
        if self._since[-1] == now:
            self._offsets[-1] = offset
        else:
            self._since.append(now)
            self._offsets.append(offset)

    @property
    def authoritative(self) -> bool:
        """False until the time is set (the `*` before a time says so)."""
        return self.source == USER_CONFIGURATION

    def utc(self, when: float | None = None) -> datetime:
        """What the software clock read (or reads) at virtual time `when` (now if None)."""
        when = self.scheduler.now if when is None else when
        offset = self._offsets[bisect_right(self._since, when) - 1]
        return self.scheduler.wallclock(when) + offset
