"""A router's system message logger: every syslog and debug line it emits, stamped once,
counted, kept in the logging buffer and shown on the terminals that `logging console`,
`logging monitor` and `terminal monitor` let it reach (the settings are config/logging.py)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

DEBUGGING = 7  # the severity of debug output (a line with no %FACILITY-SEVERITY-MNEMONIC)
TRAP_LEVEL = 6  # `logging trap informational`, the default: the lines counted for syslog hosts
_SEVERITY = re.compile(r"%[A-Z0-9_]+-(\d)-")


class Terminal(Protocol):
    """A terminal session as the logger sees it (cli/session.py)."""

    inbox: list[str]
    monitor: bool  # `terminal monitor`

    @property
    def is_console(self) -> bool: ...


def severity(message: str) -> int:
    """0 (emergencies) .. 7: the digit of `%LINK-3-UPDOWN:`; debug output is 7."""
    match = _SEVERITY.match(message)
    return int(match[1]) if match else DEBUGGING


@dataclass
class Counts:
    """The `messages logged` figures of show logging."""

    console: int = 0
    monitor: int = 0
    buffer: int = 0
    trap: int = 0


@dataclass
class Logger:
    """The messages of one run of the router (a reload starts a new one; the terminals stay)."""

    terminals: list[Terminal] = field(default_factory=list)
    buffer: deque[str] = field(default_factory=deque)  # stamped messages, oldest first
    buffered_bytes: int = 0
    counts: Counts = field(default_factory=Counts)

    def restart(self) -> None:
        """The router reloads: the buffer (in RAM) and the counters start afresh."""
        self.clear()
        self.counts = Counts()

    def emit(self, message: str, settings, stamp) -> None:
        """Log `message` under the logging `settings` (config/logging.py LoggingConfig);
        `stamp(message)` puts the timestamp on it, once, if anyone will see it."""
        level = severity(message)
        counts = self.counts
        line = None
        if level <= TRAP_LEVEL:
            counts.trap += 1
        if settings.buffered and level <= settings.buffer_level:
            counts.buffer += 1
            line = stamp(message)
            self._keep(line, settings.buffer_size)
        console = settings.console_level is not None and level <= settings.console_level
        monitor = settings.monitor_level is not None and level <= settings.monitor_level
        if console:
            counts.console += 1
        monitoring = False
        for terminal in list(self.terminals):
            if terminal.is_console and console or not terminal.is_console and monitor and terminal.monitor:
                monitoring |= not terminal.is_console
                line = line or stamp(message)
                terminal.inbox.append(line)
        if monitoring:
            counts.monitor += 1

    def _keep(self, line: str, size: int) -> None:
        """The buffer is circular: the oldest messages go to make room for a new one."""
        self.buffer.append(line)
        self.buffered_bytes += len(line) + 1
        while self.buffered_bytes > size and len(self.buffer) > 1:
            self.buffered_bytes -= len(self.buffer.popleft()) + 1

    def clear(self) -> None:
        """`clear logging`."""
        self.buffer.clear()
        self.buffered_bytes = 0
