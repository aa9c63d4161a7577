"""The discrete-event scheduler: one virtual clock for every device of a lab.

Timers are events on a heap; nothing sleeps and nothing reads the wall clock.  Virtual
time starts at the lab's epoch (routers without NTP boot believing it is this date).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

EPOCH = datetime(2002, 3, 1, tzinfo=timezone.utc)  # what an unsynchronised router believes
# The most one advance may run: a year, as long as the longest IOS timer a lab meets (a DHCP lease of 365
# days); every timer due meanwhile runs, so a longer step is a slip (inf, a typo) rather than a wish.
LONGEST_ADVANCE = 365 * 24 * 3600


def check_advance(seconds) -> float:
    """`seconds` as a step the clock can take, or ValueError saying why not (NaN, negative, over a year)."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"the clock advances by a number of seconds, not {type(seconds).__name__}")
    if seconds != seconds:
        raise ValueError("NaN is not a number of seconds")
    if seconds < 0:
        raise ValueError("the clock cannot go back in time")
    if seconds > LONGEST_ADVANCE:
        raise ValueError(f"the clock advances at most {LONGEST_ADVANCE} seconds (a year) at a time")
    return float(seconds)


class Timer(list):
    """A scheduled action: the heap entry itself, `[when, order, action, args]` (compared
    by time, then by the order it was scheduled in); `cancel()` keeps it from running."""

    __slots__ = ()

    @property
    def when(self) -> float:
        return self[0]

    @property
    def cancelled(self) -> bool:
        return self[2] is None

    def cancel(self) -> None:
        self[2] = None


class Scheduler:
    def __init__(self, epoch: datetime = EPOCH):
        self.epoch = epoch
        self.now = 0.0  # seconds since the epoch
        self._queue: list[Timer] = []
        self._order = itertools.count()  # ties run in the order they were scheduled
        self.events_run = 0

    def call_at(self, when: float, action: Callable[..., None], *args) -> Timer:
        """Run `action(*args)` at `when` (now, if that is past)."""
        timer = Timer((when if when > self.now else self.now, next(self._order), action, args))
        heapq.heappush(self._queue, timer)
        return timer

    def call_later(self, delay: float, action: Callable[..., None], *args) -> Timer:
        """Run `action(*args)` `delay` seconds from now (every frame on a cable is one)."""
        timer = Timer((self.now + delay if delay > 0 else self.now, next(self._order), action, args))
        heapq.heappush(self._queue, timer)
        return timer

    def advance(self, seconds: float) -> None:
        """Run every event due within the next `seconds`, then stop the clock there
        (ValueError for a step `check_advance` refuses)."""
        self.run_until(self.now + check_advance(seconds))

    def run_until(self, deadline: float) -> None:
        self.run_while(None, deadline)

    def run_while(self, waiting: Callable[[], bool] | None, deadline: float) -> None:
        """Run events until `waiting()` turns false (None: never) or the deadline passes (a
        command that waits for an answer, like ping, lets the whole lab's time run meanwhile)."""
        queue = self._queue
        while (waiting is None or waiting()) and queue and queue[0][0] <= deadline:
            when, _, action, args = heapq.heappop(queue)
            if action is None:  # cancelled
                continue
            self.now = when
            action(*args)
            self.events_run += 1
        if waiting is None or waiting():
            self.now = max(self.now, deadline)

    def next_event_time(self) -> float | None:
        return self._queue[0][0] if self._queue else None

    def wallclock(self, seconds: float | None = None) -> datetime:
        return self.epoch + timedelta(seconds=self.now if seconds is None else seconds)
