"""Stopping a long command (a router's ping and traceroute, a PC's ping and tracert): the
console's abort key (IOS's escape sequence Ctrl-^, Windows' Ctrl-C), or the bound a command
typed through the API or a script runs to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """How far one command may run before it stops as if aborted: `seconds` of virtual time
    or `probes` echoes (ping) or probes (traceroute), whichever comes first; the first probe
    always goes."""

    seconds: float = 3600.0
    probes: int = 10_000


LIMIT = Limit()  # what a command typed through the API or a script may take


class Abortable:
    """What a console offers its long commands. `begin` at Enter, `finish` with its output;
    `interrupted(sent)` between probes; `emit(text)` for what they show as they go. A console
    that reads keys while a command runs sets `poll_input`, which calls `abort()` when the
    abort key came (or call `abort()` from another thread); one that shows output as it
    comes sets `stream`."""

    scheduler: object  # the lab's clock, set by the console
    poll_input: Callable[[], None] | None = None
    stream: Callable[[str], None] | None = None  # a console that shows output as it comes
    _aborted = False
    _emitted: tuple = ()
    _limit: Limit | None = None
    _started = 0.0  # virtual time the command began

    def begin(self, limit: Limit | None) -> None:
        self._aborted, self._limit, self._started = False, limit, self.scheduler.now
        self._emitted = []

    def emit(self, text: str) -> None:
        """Output a long command shows as it goes (a ping's marks, one at a time): to the
        console's `stream` if it has one, else kept to lead the text the command returns."""
        if self.stream is not None:
            self.stream(text)
        else:
            self._emitted.append(text)

    def finish(self, output: str) -> str:
        """What Enter returns: the output emitted on the way (unless streamed), then the rest."""
        return "".join(self._emitted) + output if self._emitted else output

    @property
    def aborted(self) -> bool:
        return self._aborted

    def abort(self) -> None:
        """The abort key: the running command stops before its next probe."""
        self._aborted = True

    def interrupted(self, sent: int) -> bool:
        """Asked by a long command between probes (`sent` so far): stop here, as aborted?"""
        if self.poll_input is not None:
            self.poll_input()
        limit = self._limit
        if limit is not None:
            ran = self.scheduler.now - self._started
            if sent >= limit.probes or ran >= limit.seconds:
                return True
        return self._aborted
